//! Reading a Workflow Builder step run (`function_executed`): its callback, execution id,
//! inputs and the execution's own token. The bot carries it out in `bot::step`.

use serde_json::Value;

use super::api::Token;
use super::envelope::EnvelopeError;

/// One run of a step (`function_executed`). Neither its token nor the topic typed into the
/// workflow is ever printed.
#[derive(Clone)]
pub struct StepRun {
    pub callback_id: String,
    pub execution_id: String,
    pub topic: String,
    pub channel: String,
    pub token: Token,
}

impl std::fmt::Debug for StepRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StepRun")
            .field("callback_id", &self.callback_id)
            .field("execution_id", &self.execution_id)
            .field(
                "topic",
                &format_args!("[{} characters]", self.topic.chars().count()),
            )
            .field("channel", &self.channel)
            .finish_non_exhaustive()
    }
}

impl PartialEq for StepRun {
    fn eq(&self, other: &Self) -> bool {
        (
            &self.callback_id,
            &self.execution_id,
            &self.topic,
            &self.channel,
        ) == (
            &other.callback_id,
            &other.execution_id,
            &other.topic,
            &other.channel,
        ) && self.token.expose() == other.token.expose()
    }
}

impl Eq for StepRun {}

impl StepRun {
    /// Reads a `function_executed` event. Missing inputs are read as empty, so the run is
    /// completed with an error that names them instead of being dropped.
    pub fn parse(event: &Value) -> Result<Self, EnvelopeError> {
        let at = |pointer: &'static str| event.pointer(pointer).and_then(Value::as_str);
        let need = |pointer: &'static str| {
            at(pointer)
                .filter(|s| !s.is_empty())
                .ok_or(EnvelopeError::Missing(pointer))
        };
        Ok(Self {
            callback_id: super::blocks::truncate(need("/function/callback_id")?, 255),
            execution_id: super::blocks::truncate(need("/function_execution_id")?, 255),
            topic: at("/inputs/topic")
                .unwrap_or_default()
                .chars()
                .take(4000)
                .collect(),
            channel: at("/inputs/channel")
                .unwrap_or_default()
                .chars()
                .take(40)
                .collect(),
            token: Token::new(need("/bot_access_token")?),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_run_reads_its_inputs_and_never_prints_its_token_or_topic() {
        let event = json!({
            "type": "function_executed",
            "function": {"callback_id": "send_mops_guidance"},
            "inputs": {"topic": "my manager wants miracles", "channel": "C0001"},
            "function_execution_id": "Fx1",
            "bot_access_token": "xwfp-secret-token"
        });
        let run = StepRun::parse(&event).expect("reads");
        assert_eq!(
            (run.topic.as_str(), run.channel.as_str()),
            ("my manager wants miracles", "C0001")
        );
        let shown = format!("{run:?}");
        assert!(
            !shown.contains("xwfp-secret") && !shown.contains("miracles"),
            "{shown}"
        );
        let mut no_token = event.clone();
        no_token
            .as_object_mut()
            .map(|o| o.remove("bot_access_token"));
        assert_eq!(
            StepRun::parse(&no_token),
            Err(EnvelopeError::Missing("/bot_access_token"))
        );
    }
}
