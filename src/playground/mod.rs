//! `mops-bot playground`: a local web page, no Slack app needed, where you type what you would
//! type after `/mops` and see the answer as Slack shows it, click its buttons, see why the
//! matcher chose the topic, browse every pack and the nudge rotation, and preview a channel's
//! next nudges. It runs the bot's own grammar, matcher, renderers and click handling; with
//! `MOPS_RESPONSES_DIR` set it reloads the packs when a file changes and shows what is wrong.

pub mod html;
mod page;
mod watch;

use std::sync::{Arc, RwLock};

use anyhow::Context;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use tokio::net::TcpListener;

use crate::bot::clicks;
use crate::clock::SharedClock;
use crate::config::Config;
use crate::guidance::Guide;
use crate::guidance::actions::Action;
use crate::guidance::grammar::{self, Request};
use crate::guidance::notes;
use crate::ids::{ChannelId, TeamId, UserId};
use crate::routes::pages::escape;
use crate::startup::load_guide;

/// Who "you" are in the playground's answers.
const YOU: &str = "UPLAYGROUND";

/// The library in use, and what is wrong with the files on disk if the last reload failed.
#[derive(Debug)]
struct Loaded {
    guide: Arc<Guide>,
    problems: Vec<String>,
    /// Bumped on every reload, so the page knows to refresh.
    version: u64,
}

#[derive(Debug, Clone)]
struct Shared(Arc<RwLock<Loaded>>);

impl Shared {
    fn read(&self) -> (Arc<Guide>, Vec<String>, u64) {
        let loaded = self
            .0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        (
            loaded.guide.clone(),
            loaded.problems.clone(),
            loaded.version,
        )
    }
}

/// A bound, not yet running playground.
#[derive(Debug)]
pub struct Playground {
    listener: TcpListener,
    shared: Shared,
    config: Config,
    clock: SharedClock,
    seen: Option<watch::Fingerprint>,
}

impl Playground {
    /// Loads the packs (refusing invalid ones, as `serve` does) and binds `MOPS_LISTEN`.
    pub async fn build(config: Config, clock: SharedClock) -> anyhow::Result<Self> {
        // Taken before loading, so an edit made meanwhile is reloaded rather than missed.
        let seen = config.responses_dir.as_deref().map(watch::fingerprint);
        let guide = load_guide(&config, &clock)?;
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("MOPS_LISTEN: cannot listen on {}", config.listen))?;
        let shared = Shared(Arc::new(RwLock::new(Loaded {
            guide: Arc::new(guide),
            problems: Vec::new(),
            version: 0,
        })));
        Ok(Self {
            listener,
            shared,
            config,
            clock,
            seen,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until `shutdown` resolves.
    pub async fn run_until_stopped(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let stop = tokio_util::sync::CancellationToken::new();
        if let (Some(dir), Some(seen)) = (self.config.responses_dir.clone(), self.seen) {
            tokio::spawn(watch::reload_on_change(
                dir,
                seen,
                self.shared.clone(),
                self.clock.clone(),
                stop.clone(),
            ));
        }
        let addr = self.listener.local_addr().context("no address")?;
        tracing::info!("the playground is at http://{addr}/");
        let served = axum::serve(self.listener, router(self.shared))
            .with_graceful_shutdown(shutdown)
            .await
            .context("HTTP server failed");
        stop.cancel();
        served
    }
}

fn router(shared: Shared) -> Router {
    Router::new()
        .route("/", get(ask))
        .route("/click", get(click))
        .route("/packs", get(packs))
        .route("/packs/{id}", get(pack))
        .route("/nudges", get(nudges))
        .route("/version", get(version))
        .with_state(shared)
}

#[derive(Debug, Deserialize)]
struct AskQuery {
    text: Option<String>,
}

/// The longest question the page takes (Slack's own limit on command text is 4,000).
const MAX_TEXT: usize = 4000;

async fn ask(State(shared): State<Shared>, Query(q): Query<AskQuery>) -> Response {
    let (guide, problems, version) = shared.read();
    let text: String = q.text.unwrap_or_default().chars().take(MAX_TEXT).collect();
    let body = if text.is_empty() {
        String::new()
    } else {
        let request = grammar::parse(&text);
        let answer = match &request {
            Request::Nudge(rest) => notes::nudge_pointer(rest),
            Request::Log(_) => notes::log_pointer(),
            request => guide.answer(request, &you()),
        };
        let question = match &request {
            Request::Advice(t) | Request::Share(t) | Request::More(t) => Some(t.as_str()),
            _ => None,
        };
        page::answer_and_why(&guide, &answer, question)
    };
    Html(page::layout("Ask", &text, &problems, version, &body)).into_response()
}

#[derive(Debug, Deserialize)]
struct ClickQuery {
    action_id: String,
    value: Option<String>,
}

async fn click(State(shared): State<Shared>, Query(q): Query<ClickQuery>) -> Response {
    let (guide, problems, version) = shared.read();
    let action = match Action::parse(&q.action_id, q.value.as_deref()) {
        Ok(action) => action,
        Err(error) => {
            let body = format!("<p class=\"problem\">{}</p>", escape(&error.to_string()));
            return (
                StatusCode::BAD_REQUEST,
                Html(page::layout("Click", "", &problems, version, &body)),
            )
                .into_response();
        }
    };
    let body = match clicks::shown(&guide.library, &you(), true, &action) {
        Some(answer) => page::clicked(&answer),
        None => "<p class=\"muted\">In Slack this button acts on the workspace (the Home tab, \
                 or pausing a channel's nudges); the playground has no workspace to act on.</p>"
            .to_owned(),
    };
    Html(page::layout("Click", "", &problems, version, &body)).into_response()
}

async fn packs(State(shared): State<Shared>) -> Response {
    let (guide, problems, version) = shared.read();
    let body = page::pack_list(&guide);
    Html(page::layout("Packs", "", &problems, version, &body)).into_response()
}

async fn pack(State(shared): State<Shared>, Path(id): Path<String>) -> Response {
    let (guide, problems, version) = shared.read();
    match page::pack_page(&guide, &id, &you()) {
        Some(body) => Html(page::layout("Pack", "", &problems, version, &body)).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Html(page::layout(
                "Pack",
                "",
                &problems,
                version,
                "<p class=\"problem\">No pack has that id; see the list of packs.</p>",
            )),
        )
            .into_response(),
    }
}

#[derive(Debug, Deserialize)]
struct NudgeQuery {
    team: Option<String>,
    channel: Option<String>,
}

async fn nudges(State(shared): State<Shared>, Query(q): Query<NudgeQuery>) -> Response {
    let (guide, problems, version) = shared.read();
    let team = q.team.unwrap_or_else(|| "T0PLAYGROUND".to_owned());
    let channel = q.channel.unwrap_or_else(|| "C0PLAYGROUND".to_owned());
    let body = match (TeamId::parse(team.trim()), ChannelId::parse(channel.trim())) {
        (Ok(team), Ok(channel)) => page::nudge_rotation(&guide, &team, &channel),
        _ => "<p class=\"problem\">Team and channel ids are letters and digits, like T0123 and \
              C0456.</p>"
            .to_owned(),
    };
    Html(page::layout("Nudges", "", &problems, version, &body)).into_response()
}

/// The library's version, polled by the page's script to refresh after a reload.
async fn version(State(shared): State<Shared>) -> String {
    shared.read().2.to_string()
}

fn you() -> UserId {
    UserId::parse(YOU).expect("a valid user id")
}
