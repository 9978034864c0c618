//! Socket Mode's frames: what Slack sends over the WebSocket, and the acknowledgement.

use serde_json::{Value, json};

/// One message from Slack over Socket Mode.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    /// The first frame on every connection.
    Hello,
    /// Slack will close this connection (`refresh_requested`, `warning`,
    /// `too_many_websockets`) or Socket Mode was turned off (`link_disabled`).
    Disconnect { reason: String },
    /// Work for the bot; acknowledge it by its id.
    Envelope(Envelope),
    /// A frame of a type the bot does not know; logged and ignored.
    Unknown(String),
}

/// An envelope: a slash command, an Events API callback or an interactive payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    pub envelope_id: String,
    /// `slash_commands`, `events_api` or `interactive`.
    pub kind: String,
    /// The same JSON Slack would POST over HTTP.
    pub payload: Value,
    pub retry_attempt: u64,
}

/// Why a frame could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("the frame is not a JSON object")]
    NotJson,
}

/// Reads one text frame.
pub fn parse(text: &str) -> Result<Frame, FrameError> {
    let value: Value = serde_json::from_str(text).map_err(|_| FrameError::NotJson)?;
    let Some(object) = value.as_object() else {
        return Err(FrameError::NotJson);
    };
    let text_of = |key: &str| object.get(key).and_then(Value::as_str).unwrap_or_default();
    let kind = text_of("type");
    // Anything carrying an envelope id is acknowledged, whatever its type.
    let envelope_id = text_of("envelope_id");
    if !envelope_id.is_empty() {
        return Ok(Frame::Envelope(Envelope {
            envelope_id: envelope_id.to_owned(),
            kind: kind.to_owned(),
            payload: object.get("payload").cloned().unwrap_or(Value::Null),
            retry_attempt: object
                .get("retry_attempt")
                .and_then(Value::as_u64)
                .unwrap_or(0),
        }));
    }
    Ok(match kind {
        "hello" => Frame::Hello,
        "disconnect" => Frame::Disconnect {
            reason: text_of("reason").to_owned(),
        },
        other => Frame::Unknown(other.chars().take(40).collect()),
    })
}

/// The acknowledgement of an envelope: an empty one, like an empty HTTP 200.
pub fn ack(envelope_id: &str) -> String {
    json!({ "envelope_id": envelope_id }).to_string()
}

/// An acknowledgement carrying a response, like an HTTP 200 with a body.
pub fn ack_with(envelope_id: &str, payload: Value) -> String {
    json!({ "envelope_id": envelope_id, "payload": payload }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slacks_frames_are_told_apart() {
        let hello = r#"{"type":"hello","num_connections":1,"debug_info":{"host":"applink-1"},"connection_info":{"app_id":"A1"}}"#;
        assert_eq!(parse(hello), Ok(Frame::Hello));
        let bye = r#"{"type":"disconnect","reason":"refresh_requested","debug_info":{}}"#;
        assert_eq!(
            parse(bye),
            Ok(Frame::Disconnect {
                reason: "refresh_requested".into()
            })
        );
        let command = r#"{"envelope_id":"e-1","type":"slash_commands","accepts_response_payload":true,"payload":{"team_id":"T1","text":"help"}}"#;
        let Ok(Frame::Envelope(env)) = parse(command) else {
            panic!("an envelope");
        };
        assert_eq!(env.envelope_id, "e-1");
        assert_eq!(env.kind, "slash_commands");
        assert_eq!(env.payload["text"], "help");
        let odd = r#"{"envelope_id":"e-2","type":"something_new","retry_attempt":2}"#;
        assert!(matches!(
            parse(odd),
            Ok(Frame::Envelope(Envelope {
                retry_attempt: 2,
                ..
            }))
        ));
        assert_eq!(
            parse(r#"{"type":"later"}"#),
            Ok(Frame::Unknown("later".into()))
        );
        for junk in ["", "[1]", "nope", "\"hello\""] {
            assert_eq!(parse(junk), Err(FrameError::NotJson), "{junk}");
        }
    }

    #[test]
    fn an_ack_carries_only_the_envelope_id() {
        let ack: Value = serde_json::from_str(&ack("e\"1")).expect("json");
        assert_eq!(ack, json!({ "envelope_id": "e\"1" }));
    }
}
