//! The guidance: packs and nudges (`library`), how people ask (`grammar`), how their words
//! reach a topic (`matcher`) and what answers say (`compose`, as an [`answer::Answer`] value that
//! the Slack, terminal and HTML renderers each draw).

pub mod actions;
pub mod answer;
pub mod compose;
pub mod diagnostic;
pub mod eval;
pub mod grammar;
pub mod help;
pub mod library;
pub mod matcher;
pub mod notes;
pub mod nudge;
pub mod pack;
pub mod prep;
pub mod spelling;
pub mod tune;

use crate::ids::UserId;
use answer::Answer;
use compose::Audience;
use grammar::Request;
use library::Library;
use matcher::{Confidence, Matcher, Outcome};

/// An answer that is the same for everyone given it, named by what it answers, so that a
/// renderer may draw it once and reuse it: a pack's private answer, and its "more", each as a
/// confident answer or as a close call (which says the bot is not sure).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Reusable {
    Advice { topic: String, uncertain: bool },
    More { topic: String, uncertain: bool },
}

impl Reusable {
    /// The topic this answer is about.
    pub fn topic(&self) -> &str {
        match self {
            Reusable::Advice { topic, .. } | Reusable::More { topic, .. } => topic,
        }
    }

    /// A close call: answered, but with low confidence (worth recording for content owners).
    pub fn uncertain(&self) -> bool {
        match self {
            Reusable::Advice { uncertain, .. } | Reusable::More { uncertain, .. } => *uncertain,
        }
    }
}

/// The library with its matcher, built once at start-up and shared.
#[derive(Debug, Clone)]
pub struct Guide {
    pub library: Library,
    pub matcher: Matcher,
}

impl Guide {
    pub fn new(library: Library) -> Self {
        let matcher = Matcher::new(library.packs(), library.training());
        Self { library, matcher }
    }

    /// Answers any request but `nudge`, which needs a channel and storage (see `nudges`).
    pub fn answer(&self, request: &Request, asker: &UserId) -> Answer {
        let lib = &self.library;
        match request {
            Request::Help | Request::Nudge(_) | Request::Log(_) => help::general(lib),
            Request::Prep(text) if text.trim().is_empty() => help::general(lib),
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

    /// When `request`'s answer is the same for everyone, what it is (this matches the text):
    /// `advice` and `more` that reach a pack, surely or as a close call. Everything else (help,
    /// a shrug, which echoes the question, a share, which names the sharer) is `None`.
    pub fn reusable(&self, request: &Request) -> Option<Reusable> {
        let (text, more) = match request {
            Request::Advice(text) => (text, false),
            Request::More(text) => (text, true),
            _ => return None,
        };
        let (topic, confidence) = self.topic_for(text).ok()?;
        let uncertain = confidence == Confidence::Low;
        Some(if more {
            Reusable::More { topic, uncertain }
        } else {
            Reusable::Advice { topic, uncertain }
        })
    }

    /// The answer `key` names, as [`Guide::answer`] gives it (`None` for an unknown topic).
    pub fn reusable_answer(&self, key: &Reusable) -> Option<Answer> {
        let pack = self.library.pack(key.topic())?;
        let answer = match key {
            Reusable::Advice { .. } => compose::pack_answer(&self.library, pack, Audience::Private),
            Reusable::More { .. } => compose::more_answer(&self.library, pack),
        };
        Some(answer.uncertain(key.uncertain()))
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
