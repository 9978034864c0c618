//! What every handler shares: the guidance, Slack clients, storage, the clock and the
//! tracker of background work that shutdown waits for.

use std::sync::Arc;

use tokio_util::task::TaskTracker;

use crate::clock::SharedClock;
use crate::config::Config;
use crate::guidance::Guide;
use crate::slack::api::{SlackApi, Token};
use crate::slack::ids::TeamId;
use crate::slack::response_url::Responder;
use crate::slack::verify::Verifier;
use crate::store::Db;

/// Shared application state; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub guide: Arc<Guide>,
    pub config: Arc<Config>,
    /// `None` when no signing secret is set: HTTP Slack endpoints then refuse everything.
    pub verifier: Option<Verifier>,
    pub responder: Responder,
    pub api: SlackApi,
    pub db: Db,
    pub clock: SharedClock,
    pub tasks: TaskTracker,
}

impl AppState {
    /// The bot token to act in `team` with, if the bot is installed there.
    pub async fn token_for(&self, _team: &TeamId) -> Option<Token> {
        self.config.bot_token.clone().map(Token::from)
    }
}
