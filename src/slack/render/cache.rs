//! Replies rendered once and reused. A pack's answer is the same for everyone who is given it
//! privately (nothing in it names the asker), so its Block Kit JSON is encoded the first time
//! and the bytes are shared after that: under a burst, composing, rendering and encoding a
//! 4 KB answer for every request was a large part of each reply's cost. Bounded by the
//! library's size (two kinds of answer per pack), and capped besides.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use bytes::Bytes;

use crate::guidance::Reusable;
use crate::guidance::answer::Answer;

/// At most this many replies are kept (a library has a few dozen packs).
pub const CAPACITY: usize = 512;

/// Encoded replies by what they answer; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct ReplyCache {
    replies: Arc<RwLock<HashMap<Reusable, Bytes>>>,
}

impl ReplyCache {
    /// The encoded reply for `key`, rendering `answer()` on first use. `None` when there is no
    /// such answer or it could not be encoded.
    pub fn get_or_render(
        &self,
        key: Reusable,
        answer: impl FnOnce() -> Option<Answer>,
    ) -> Option<Bytes> {
        if let Some(hit) = self.read().get(&key) {
            return Some(hit.clone());
        }
        let encoded = Bytes::from(serde_json::to_vec(&super::message(&answer()?)).ok()?);
        let mut replies = self.replies.write().unwrap_or_else(|p| p.into_inner());
        if replies.len() < CAPACITY {
            replies.insert(key, encoded.clone());
        }
        Some(encoded)
    }

    /// Replies kept.
    pub fn len(&self) -> usize {
        self.read().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<Reusable, Bytes>> {
        // A panic while holding the lock leaves the map as it was: every entry is whole.
        self.replies.read().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guidance::Guide;
    use crate::guidance::grammar::Request;
    use crate::guidance::library::Library;
    use crate::ids::UserId;

    /// The shared reply is byte for byte what the answer rendered for one person would be.
    #[test]
    fn a_shared_reply_is_exactly_the_answer_anyone_would_get() {
        let today = jiff::civil::date(2026, 11, 23);
        let guide = Guide::new(Library::embedded(today).expect("valid").library);
        let cache = ReplyCache::default();
        let asker = UserId::parse("U0ASKER1").expect("id");
        let ids: Vec<String> = guide.library.packs().iter().map(|p| p.id.clone()).collect();
        for id in &ids {
            for request in [
                Request::Advice(id.as_str().into()),
                Request::More(id.as_str().into()),
            ] {
                let key = guide
                    .reusable(&request)
                    .expect("a pack's own id reaches it");
                assert_eq!(key.topic(), id);
                let fresh =
                    serde_json::to_vec(&super::super::message(&guide.answer(&request, &asker)))
                        .expect("encodes");
                for _ in 0..2 {
                    let shared = cache
                        .get_or_render(key.clone(), || guide.reusable_answer(&key))
                        .expect("rendered");
                    assert_eq!(shared.as_ref(), fresh.as_slice(), "{request:?}");
                }
            }
        }
        assert_eq!(cache.len(), 2 * ids.len(), "one entry per pack and kind");
        let share = Request::Share("burnout".into());
        assert_eq!(guide.reusable(&share), None, "a share names the sharer");
        assert_eq!(guide.reusable(&Request::Advice("zqxv plorp".into())), None);
    }

    /// A close call (answered with low confidence) is shared too, matched once, and is still
    /// byte for byte the answer the asker would have been given fresh.
    #[test]
    fn a_close_call_is_shared_and_identical_to_its_fresh_answer() {
        let today = jiff::civil::date(2026, 11, 23);
        let guide = Guide::new(Library::embedded(today).expect("valid").library);
        let cache = ReplyCache::default();
        let asker = UserId::parse("U0ASKER1").expect("id");
        // Questions that straddle two topics, then a whole training file.
        let straddling = [
            "should i learn sql or find a mentor",
            "ai is changing my job and i want to leave",
            "my cmo doesn't get what ops does and i feel stuck",
        ];
        let questions = straddling.into_iter().chain(
            include_str!("../../../responses/training-slack.tsv")
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once('\t').map(|(_, q)| q)),
        );
        let mut close_calls = 0;
        for text in questions {
            let request = Request::Advice(text.into());
            let Some(key) = guide.reusable(&request) else {
                continue;
            };
            let fresh = guide.answer(&request, &asker);
            assert_eq!(key.uncertain(), fresh.uncertain, "{text}");
            if !key.uncertain() {
                continue;
            }
            close_calls += 1;
            let shared = cache
                .get_or_render(key.clone(), || guide.reusable_answer(&key))
                .expect("rendered");
            let fresh = serde_json::to_vec(&super::super::message(&fresh)).expect("encodes");
            assert_eq!(shared.as_ref(), fresh.as_slice(), "{text}");
        }
        assert!(close_calls > 0, "the questions hold close calls to check");
    }
}
