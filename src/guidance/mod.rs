//! The guidance: packs and nudges (`library`), how people ask (`grammar`), how their words
//! reach a topic (`matcher`) and what answers say (`compose`, as an [`answer::Answer`] value that
//! the Slack, terminal and HTML renderers each draw).

pub mod actions;
pub mod answer;
pub mod compose;
pub mod diagnostic;
pub mod eval;
pub mod grammar;
pub mod library;
pub mod matcher;
pub mod notes;
pub mod nudge;
pub mod pack;
pub mod prep;
pub mod spelling;

use crate::ids::UserId;
use answer::Answer;
use compose::Audience;
use grammar::Request;
use library::Library;
use matcher::{Confidence, Matcher, Outcome};

/// The library with its matcher, built once at start-up and shared.
#[derive(Debug, Clone)]
pub struct Guide {
    pub library: Library,
    pub matcher: Matcher,
}

impl Guide {
    pub fn new(library: Library) -> Self {
        let matcher = Matcher::new(library.packs());
        Self { library, matcher }
    }

    /// Answers any request but `nudge`, which needs a channel and storage (see `nudges`).
    pub fn answer(&self, request: &Request, asker: &UserId) -> Answer {
        let lib = &self.library;
        match request {
            Request::Help | Request::Nudge(_) | Request::Log(_) => compose::help(lib),
            Request::Prep(text) if text.trim().is_empty() => compose::help(lib),
            // Where no form can open (a thread, a DM, the playground): the answer, whose
            // "Prepare this conversation" button opens it.
            Request::Prep(text) => self.advise(text, Audience::Private),
            Request::Topics => compose::topics(lib),
            Request::Advice(text) => self.advise(text, Audience::Private),
            Request::Share(text) if text.trim().is_empty() => Answer::short(
                "Tell me what to share, for example `/mops share burnout`. Only you can see this.",
            ),
            Request::Share(text) => {
                let answer = self.advise(text, Audience::SharedBy(asker));
                match answer.topic {
                    Some(_) => answer,
                    // Nothing confident to share: say so privately instead of posting a shrug.
                    None => answer.private(),
                }
            }
            Request::More(text) => match self.topic_for(text) {
                Ok((id, confidence)) => {
                    let pack = lib.pack(&id).expect("matcher only returns known packs");
                    compose::more_answer(lib, pack).uncertain(confidence == Confidence::Low)
                }
                Err(closest) => compose::unsure(lib, text, &closest),
            },
        }
    }

    fn advise(&self, text: &str, audience: Audience<'_>) -> Answer {
        match self.topic_for(text) {
            Ok((id, confidence)) => {
                let pack = self
                    .library
                    .pack(&id)
                    .expect("matcher only returns known packs");
                compose::pack_answer(&self.library, pack, audience)
                    .uncertain(confidence == Confidence::Low)
            }
            Err(closest) => compose::unsure(&self.library, text, &closest),
        }
    }

    /// The topic `text` is about, or the closest ones when the matcher is not sure.
    pub fn topic_for(&self, text: &str) -> Result<(String, Confidence), Vec<String>> {
        match self.matcher.classify(text) {
            Outcome::Match {
                topic, confidence, ..
            } => Ok((topic, confidence)),
            Outcome::Unsure { closest } => Err(closest),
        }
    }
}
