//! Building and running the application: one `Application::build` binds its own listener, so
//! tests run the production path on port 0.

use std::future::Future;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::bot;
use crate::bot::bookkeeping::Bookkeeper;
use crate::bot::nudges::scheduler;
use crate::bot::state::{AppState, Handles};
use crate::bot::tokens::{Installs, TokenService};
use crate::bot::work::Work;
use crate::clock::{SharedClock, SystemClock};
use crate::config::Config;
use crate::guidance::Guide;
use crate::guidance::library::{Library, Loaded};
use crate::routes::router;
use crate::slack::api::{SlackApi, Token};
use crate::slack::render::cache::ReplyCache;
use crate::slack::response_url::Responder;
use crate::slack::socket_mode::{LinkStatus, SocketMode};
use crate::slack::verify::Verifier;
use crate::store::Db;
use crate::telemetry::metrics::Metrics;

/// A built, bound, not yet running application.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with(config, Arc::new(SystemClock)).await
    }

    /// Builds with an injected clock (tests move time by hand).
    pub async fn build_with(config: Config, clock: SharedClock) -> anyhow::Result<Self> {
        let state = build_state(config, clock).await?;
        let listener = TcpListener::bind(state.config.listen)
            .await
            .with_context(|| format!("MOPS_LISTEN: cannot listen on {}", state.config.listen))?;
        Ok(Self { listener, state })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves (and runs the nudge scheduler) until `shutdown` resolves, then stops accepting
    /// and waits (bounded) for replies and deliveries still in flight. With `SLACK_APP_TOKEN`
    /// set, Slack's traffic also arrives over Socket Mode; if Slack disables that link, the
    /// whole process stops with that error.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let Self { listener, state } = self;
        let addr = listener.local_addr().context("listener has no address")?;
        let stopping = CancellationToken::new();
        scheduler::spawn_loop(&state, stopping.clone());
        let socket = state.config.app_token.clone().map(|token| {
            let mode = SocketMode::new(
                state.api.clone(),
                Token::from(token),
                state.config.socket,
                bot::socket::handler(state.clone()),
            )
            .with_status(state.socket_link.clone());
            let stop = stopping.clone();
            tokio::spawn(async move {
                let outcome = mode.run(stop.child_token()).await;
                stop.cancel();
                outcome
            })
        });
        let stop = stopping.clone();
        let until = async move {
            tokio::select! {
                () = shutdown => {}
                () = stop.cancelled() => {}
            }
            stop.cancel();
        };
        let installs = state.installs.is_some();
        tracing::info!(%addr, socket_mode = socket.is_some(), installs, "mops-bot is listening");
        crate::server::serve(
            listener,
            router(state.clone()),
            state.config.http,
            until,
            state.config.shutdown_grace,
        )
        .await;
        stopping.cancel();
        let socket_outcome = match socket {
            Some(task) => task.await.context("Socket Mode task failed")?,
            None => Ok(()),
        };
        drain(&state).await;
        socket_outcome.context("Socket Mode stopped")
    }
}

/// Waits for background work to finish, then writes the bookkeeping it left, all within
/// `shutdown_grace`.
pub async fn drain(state: &AppState) {
    let deadline = tokio::time::Instant::now() + state.config.shutdown_grace;
    state.tasks.close();
    let pending = state.tasks.len();
    if pending > 0 {
        tracing::info!(pending, "waiting for replies in flight");
    }
    if tokio::time::timeout_at(deadline, state.tasks.wait())
        .await
        .is_err()
    {
        tracing::warn!(
            abandoned = state.tasks.len(),
            "shutdown grace period ended with work in flight"
        );
    }
    let left = deadline.saturating_duration_since(tokio::time::Instant::now());
    if !state.bookkeeper.close(left).await {
        tracing::warn!("shutdown grace period ended before bookkeeping was written");
    }
}

/// Loads the packs in `dir` (the embedded ones without it), refusing any whose answers would
/// break Slack's limits: the library checks the content, the Slack layer the sizes.
pub fn load_library(
    dir: Option<&std::path::Path>,
    today: jiff::civil::Date,
) -> Result<Loaded, Vec<crate::guidance::diagnostic::Diagnostic>> {
    let loaded = match dir {
        Some(dir) => Library::from_dir(dir, today),
        None => Library::embedded(today),
    }?;
    let errors = crate::slack::render::check::library_violations(&loaded.library);
    if errors.is_empty() {
        Ok(loaded)
    } else {
        Err(errors)
    }
}

/// Loads the guidance the config points at, refusing invalid packs with every problem listed.
pub fn load_guide(config: &Config, clock: &SharedClock) -> anyhow::Result<Guide> {
    let today = clock.now().to_zoned(jiff::tz::TimeZone::UTC).date();
    match load_library(config.responses_dir.as_deref(), today) {
        Ok(Loaded { library, warnings }) => {
            for w in warnings {
                tracing::warn!("{w}");
            }
            Ok(Guide::new(library))
        }
        Err(errors) => {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            anyhow::bail!(
                "the response packs are invalid; fix these and start again:\n{}",
                list.join("\n")
            )
        }
    }
}

/// Everything but the listener: usable by the CLI's one-shot commands and by tests.
pub async fn build_state(config: Config, clock: SharedClock) -> anyhow::Result<AppState> {
    config.check_secrets()?;
    let guide = load_guide(&config, &clock)?;
    let http = reqwest::Client::builder()
        .user_agent(concat!("mops-bot/", env!("CARGO_PKG_VERSION")))
        // Replies go to the `response_url` in a request; a redirect from there must not carry
        // the answer (or a token) anywhere else.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .context("could not build the HTTP client")?;
    let db = Db::open(&config.database_url).await?;
    let bookkeeper = Bookkeeper::start(db.clone());
    let tasks = TaskTracker::new();
    let api =
        SlackApi::new(http.clone(), config.api_url.clone()).with_timeout(config.retry.timeout);
    let installs = config.oauth.clone().map(Installs::new);
    let tokens = TokenService::new(
        db.clone(),
        api.clone(),
        clock.clone(),
        installs.clone(),
        config.bot_token.clone().map(Token::from),
    );
    Ok(AppState::new(Handles {
        guide: Arc::new(guide),
        verifier: config.signing_secret.clone().map(Verifier::new),
        responder: Responder::new(http, &config.api_url, config.retry),
        replies: ReplyCache::default(),
        api,
        db,
        bookkeeper,
        clock,
        work: Work::new(config.work, tasks.clone()),
        tasks,
        installs,
        tokens,
        metrics: if config.metrics {
            Metrics::install()
        } else {
            Metrics::off()
        },
        socket_link: LinkStatus::default(),
        config: Arc::new(config),
    }))
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: no new requests; finishing replies in flight");
}
