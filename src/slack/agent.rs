//! Web API calls of the surfaces Slack added in 2026: the suggested prompts of the agent
//! messaging experience, and completing a Workflow Builder step the bot serves.

use serde_json::{Value, json};

use super::api::{ApiError, SlackApi, Token};
use super::ids::ChannelId;

/// One suggested prompt: the `title` shown, the `message` sent when it is picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prompt {
    pub title: &'static str,
    pub message: &'static str,
}

impl SlackApi {
    /// `assistant.threads.setSuggestedPrompts` for the person's DM with the bot. No
    /// `thread_ts`: with one, the call fails silently for agent apps.
    pub async fn set_suggested_prompts(
        &self,
        token: &Token,
        channel: &ChannelId,
        title: &str,
        prompts: &[Prompt],
    ) -> Result<(), ApiError> {
        let prompts: Vec<Value> = prompts
            .iter()
            .map(|p| json!({ "title": p.title, "message": p.message }))
            .collect();
        let body = json!({ "channel_id": channel, "title": title, "prompts": prompts });
        self.call(token, "assistant.threads.setSuggestedPrompts", &body)
            .await
            .map(drop)
    }

    /// `functions.completeSuccess`: the step finished with `outputs`.
    pub async fn complete_function(
        &self,
        token: &Token,
        execution_id: &str,
        outputs: &Value,
    ) -> Result<(), ApiError> {
        let body = json!({ "function_execution_id": execution_id, "outputs": outputs });
        self.call(token, "functions.completeSuccess", &body)
            .await
            .map(drop)
    }

    /// `functions.completeError`: the step failed; `error` is shown in Workflow Builder.
    pub async fn fail_function(
        &self,
        token: &Token,
        execution_id: &str,
        error: &str,
    ) -> Result<(), ApiError> {
        let body = json!({ "function_execution_id": execution_id, "error": error });
        self.call(token, "functions.completeError", &body)
            .await
            .map(drop)
    }
}
