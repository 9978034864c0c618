//! Socket Mode's guards: the link reported closed when its task ends, which ticket URLs may be
//! dialled, and recognising an envelope Slack delivers twice.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use url::Url;

use super::{Acknowledgement, Envelope, Handler, LinkStatus};

/// Marks the link closed however the supervisor's task ends, a panic included, so readiness
/// never reports a dead Socket Mode as connected.
pub(super) struct StoppedOnDrop(pub(super) LinkStatus);

impl Drop for StoppedOnDrop {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

/// How many envelope ids are remembered to recognise a redelivery.
const REMEMBERED_ENVELOPES: usize = 4096;

/// Slack redelivers an envelope (`retry_attempt` > 0, same `envelope_id`, possibly on another
/// of the app's connections) when it missed the ack; the copy is acknowledged but not acted on
/// twice. Events are also deduplicated by `event_id` in the database, across restarts.
pub(super) fn deduplicated(handler: Handler) -> Handler {
    let seen: Arc<Mutex<Seen>> = Arc::default();
    Arc::new(move |envelope: Envelope| {
        let fresh = {
            let mut guard = seen.lock().unwrap_or_else(PoisonError::into_inner);
            let (set, order): &mut Seen = &mut guard;
            let fresh = set.insert(envelope.envelope_id.clone());
            if fresh {
                order.push_back(envelope.envelope_id.clone());
                if order.len() > REMEMBERED_ENVELOPES {
                    if let Some(old) = order.pop_front() {
                        set.remove(&old);
                    }
                }
            }
            fresh
        };
        if fresh {
            let (handler, seen) = (handler.clone(), seen.clone());
            Box::pin(async move {
                let id = envelope.envelope_id.clone();
                let ack = handler(envelope).await;
                // Not taken (busy): Slack's redelivery must be handled, not skipped.
                if ack == Acknowledgement::Withhold {
                    let mut guard = seen.lock().unwrap_or_else(PoisonError::into_inner);
                    guard.0.remove(&id);
                }
                ack
            })
        } else {
            tracing::info!(
                retry = envelope.retry_attempt,
                kind = %envelope.kind,
                "a redelivered envelope; already handled"
            );
            Box::pin(async { Acknowledgement::Plain })
        }
    })
}

/// Envelope ids seen, and the order to forget them in.
type Seen = (HashSet<String>, VecDeque<String>);

/// Only `wss://`, except plain `ws://` on the very host of a plain-http `SLACK_API_URL` (a local
/// fake Slack in tests and development): a ticket never travels in clear text to anywhere else.
pub(super) fn acceptable_url(url: &str, api_base: &Url) -> bool {
    let Ok(parsed) = Url::parse(url) else {
        return false;
    };
    match parsed.scheme() {
        "wss" => parsed.host().is_some(),
        "ws" => {
            api_base.scheme() == "http"
                && parsed
                    .host_str()
                    .is_some_and(|h| api_base.host_str() == Some(h))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_wss_or_the_local_fakes_own_host() {
        let slack = Url::parse("https://slack.com/api").unwrap();
        let fake = Url::parse("http://127.0.0.1:4000/api").unwrap();
        assert!(acceptable_url(
            "wss://wss-primary.slack.com/link/?ticket=1",
            &slack
        ));
        assert!(!acceptable_url(
            "ws://wss-primary.slack.com/link/?ticket=1",
            &slack
        ));
        assert!(acceptable_url("ws://127.0.0.1:4001/link", &fake));
        assert!(!acceptable_url("ws://10.0.0.1:4001/link", &fake));
        assert!(!acceptable_url("https://slack.com/link", &slack));
        assert!(!acceptable_url("not a url", &slack));
    }
}
