//! The guidance: packs and nudges (`library`), how people ask (`grammar`), how their words
//! reach a topic (`matcher`) and how answers look (`render`).

pub mod actions;
pub mod diagnostic;
pub mod eval;
pub mod grammar;
pub mod library;
pub mod matcher;
pub mod notes;
pub mod nudge;
pub mod pack;
pub mod render;
pub mod spelling;

use crate::slack::ids::UserId;
use crate::slack::message::Message;
use grammar::Request;
use library::Library;
use matcher::{Matcher, Outcome};
use render::Audience;

/// The library with its matcher, built once at start-up and shared.
#[derive(Debug, Clone)]
pub struct Guide {
    pub library: Library,
    pub matcher: Matcher,
}

/// An answer and the topic it is about, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub topic: Option<String>,
    pub message: Message,
}

impl Guide {
    pub fn new(library: Library) -> Self {
        let matcher = Matcher::new(library.packs());
        Self { library, matcher }
    }

    /// Answers any request but `nudge`, which needs a channel and storage (see `nudges`).
    pub fn answer(&self, request: &Request, asker: &UserId) -> Reply {
        let lib = &self.library;
        let none = |message| Reply {
            topic: None,
            message,
        };
        match request {
            Request::Help | Request::Nudge(_) | Request::Log(_) => none(render::help_message(lib)),
            Request::Topics => none(render::topics_message(lib)),
            Request::Advice(text) => self.advise(text, Audience::Private),
            Request::Share(text) if text.trim().is_empty() => none(Message::short(
                "Tell me what to share, for example `/mops share burnout`. Only you can see this.",
            )),
            Request::Share(text) => {
                let reply = self.advise(text, Audience::SharedBy(asker));
                match reply.topic {
                    Some(_) => reply,
                    // Nothing confident to share: say so privately instead of posting a shrug.
                    None => Reply {
                        topic: None,
                        message: reply.message.ephemeral(),
                    },
                }
            }
            Request::More(text) => match self.topic_for(text) {
                Ok(id) => {
                    let pack = lib.pack(&id).expect("matcher only returns known packs");
                    Reply {
                        topic: Some(id.clone()),
                        message: render::more_message(lib, pack),
                    }
                }
                Err(closest) => none(render::unsure_message(lib, text, &closest)),
            },
        }
    }

    fn advise(&self, text: &str, audience: Audience<'_>) -> Reply {
        match self.topic_for(text) {
            Ok(id) => {
                let pack = self
                    .library
                    .pack(&id)
                    .expect("matcher only returns known packs");
                Reply {
                    topic: Some(id.clone()),
                    message: render::pack_message(&self.library, pack, audience),
                }
            }
            Err(closest) => Reply {
                topic: None,
                message: render::unsure_message(&self.library, text, &closest),
            },
        }
    }

    fn topic_for(&self, text: &str) -> Result<String, Vec<String>> {
        match self.matcher.classify(text) {
            Outcome::Match { topic, .. } => Ok(topic),
            Outcome::Unsure { closest } => Err(closest),
        }
    }
}
