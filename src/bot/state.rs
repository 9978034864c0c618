//! What every handler shares: the guidance, Slack clients, storage, the clock and the
//! tracker of background work that shutdown waits for.

use std::sync::Arc;

use tokio_util::task::TaskTracker;

use crate::bot::bookkeeping::Bookkeeper;
use crate::bot::tokens::{Installs, TokenService};
use crate::bot::work::Work;
use crate::clock::SharedClock;
use crate::config::Config;
use crate::guidance::Guide;
use crate::slack::api::{SlackApi, Token};
use crate::slack::ids::TeamId;
use crate::slack::render::cache::ReplyCache;
use crate::slack::response_url::Responder;
use crate::slack::socket_mode::LinkStatus;
use crate::slack::verify::Verifier;
use crate::store::Db;
use crate::telemetry::metrics::Metrics;

pub use crate::bot::tokens::TokenError;

/// Shared application state: one pointer, so cloning it for every request (axum's `State`
/// does) and every background task costs one reference count, not one per handle.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Handles>);

impl AppState {
    pub fn new(handles: Handles) -> Self {
        Self(Arc::new(handles))
    }
}

impl std::ops::Deref for AppState {
    type Target = Handles;

    fn deref(&self) -> &Handles {
        &self.0
    }
}

/// What [`AppState`] shares.
#[derive(Debug)]
pub struct Handles {
    pub guide: Arc<Guide>,
    pub config: Arc<Config>,
    /// `None` when no signing secret is set: HTTP Slack endpoints then refuse everything.
    pub verifier: Option<Verifier>,
    pub responder: Responder,
    /// Answers that are the same for everyone, encoded once (see `slack::render::cache`).
    pub replies: ReplyCache,
    pub api: SlackApi,
    pub db: Db,
    /// Recent answers and votes, written off the reply path in batches.
    pub bookkeeper: Bookkeeper,
    pub clock: SharedClock,
    pub tasks: TaskTracker,
    /// The bounded slots reply work runs in (on `tasks`).
    pub work: Work,
    /// OAuth mode ("Add to Slack" into many workspaces); `None` is single-workspace mode.
    pub installs: Option<Installs>,
    /// The bot token for a workspace, whichever mode the bot runs in.
    pub tokens: TokenService,
    /// What `GET /metrics` renders (off with `MOPS_METRICS=off`).
    pub metrics: Metrics,
    /// Whether Socket Mode has a connection open (never, without `SLACK_APP_TOKEN`).
    pub socket_link: LinkStatus,
}

impl AppState {
    /// The bot token to act in `team` with, if the bot is installed there. For work that only
    /// knows the team (a scheduled nudge); a request from Slack should use
    /// [`AppState::token_for_request`], which also finds org-wide installs.
    pub async fn token_for(&self, team: &TeamId) -> Option<Token> {
        self.token_for_request(team, None).await
    }

    /// Like [`AppState::token_for`], telling a workspace without an installation apart from a
    /// lookup that failed for now (which must never stop anything for good).
    pub async fn token_lookup(&self, team: &TeamId) -> Result<Token, TokenError> {
        self.tokens.lookup(team, None).await
    }

    /// The bot token for a request from `team`, part of `enterprise` if Slack says so: the
    /// workspace's own install, else its enterprise's org-wide install. In single-workspace
    /// mode, `SLACK_BOT_TOKEN`. Never another workspace's token.
    pub async fn token_for_request(
        &self,
        team: &TeamId,
        enterprise: Option<&TeamId>,
    ) -> Option<Token> {
        self.tokens.for_request(team, enterprise).await
    }
}
