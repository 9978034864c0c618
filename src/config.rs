//! Settings from the environment (and `.env`). Every problem names the variable and what to set.

mod http;
mod installs;
mod values;

use values::{on_off, parse_base_url, positive, slack_timeout};

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use crate::nudges::settings::NudgeSettings;
use crate::settings::SettingError;
pub use crate::telemetry::LogFormat;
pub use http::HttpLimits;
pub use installs::{OAuthSettings, SocketTiming};

/// A setting that is missing or cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{var}: {problem}")]
pub struct ConfigError {
    pub var: &'static str,
    pub problem: String,
}

impl From<SettingError> for ConfigError {
    fn from(e: SettingError) -> Self {
        Self::new(e.var, e.problem)
    }
}

impl ConfigError {
    pub(crate) fn new(var: &'static str, problem: impl Into<String>) -> Self {
        Self {
            var,
            problem: problem.into(),
        }
    }
}

pub use crate::slack::retry::RetryPolicy;

/// How much reply work may be in flight, and how long an acknowledgement waits for room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkLimits {
    /// Replies (commands, events, clicks) in flight at once (`MOPS_REPLY_CONCURRENCY`).
    pub concurrency: usize,
    /// The longest an acknowledgement waits for a free slot before saying "try again".
    /// Slack allows 3 s for the whole acknowledgement.
    pub ack_wait: Duration,
}

impl Default for WorkLimits {
    fn default() -> Self {
        Self {
            concurrency: 256,
            ack_wait: Duration::from_millis(2500),
        }
    }
}

/// Everything the bot is configured with.
#[derive(Debug, Clone)]
pub struct Config {
    pub signing_secret: Option<SecretString>,
    pub bot_token: Option<SecretString>,
    pub api_url: Url,
    pub listen: SocketAddr,
    pub responses_dir: Option<PathBuf>,
    pub log_format: LogFormat,
    pub database_url: String,
    pub retry: RetryPolicy,
    /// How long shutdown waits for in-flight deliveries.
    pub shutdown_grace: Duration,
    /// The weekly-nudge scheduler.
    pub nudges: NudgeSettings,
    /// Set for "Add to Slack" installs into many workspaces; `None` is single-workspace mode.
    pub oauth: Option<OAuthSettings>,
    /// `MOPS_ENCRYPTION_KEY` (and `MOPS_ENCRYPTION_KEY_OLD`), also without installs, for
    /// `mops-bot keys rotate`.
    pub encryption_keys: Option<crate::crypto::Keys>,
    /// The app-level token (`xapp-`): when set, `serve` receives Slack's traffic over Socket Mode.
    pub app_token: Option<SecretString>,
    pub socket: SocketTiming,
    /// The bound on reply work in flight.
    pub work: WorkLimits,
    /// Timeouts and the connection cap of the HTTP server.
    pub http: HttpLimits,
    /// `MOPS_LOG_MESSAGE_TEXT=on` lets debug logs show what people typed; off by default,
    /// and nothing else ever logs it.
    pub log_message_text: bool,
    /// `MOPS_RECORD_UNMATCHED=true` keeps the text of questions answered "not sure" or with
    /// low confidence (no user or team ids) for 30 days, for `mops-bot report --unmatched`.
    /// Off by default.
    pub record_unmatched: bool,
    /// `GET /metrics` and the recording behind it; `MOPS_METRICS=off` turns both off.
    pub metrics: bool,
    /// Retention and size of the private work log.
    pub worklog: crate::worklog::settings::WorkLogSettings,
}

pub const DEFAULT_API_URL: &str = "https://slack.com/api";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://mops-bot.db";

impl Config {
    /// Reads the process environment, after loading `.env` if there is one.
    pub fn from_env() -> Result<Self, ConfigError> {
        // A missing .env is normal; a broken one is worth knowing about but not fatal.
        if let Err(e) = dotenvy::dotenv() {
            if !e.not_found() {
                tracing::warn!(error = %e, ".env could not be read; using the environment only");
            }
        }
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `get`, so tests need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &str| {
            get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let secret = |name: &str| var(name).map(SecretString::from);

        let api_url = match var("SLACK_API_URL") {
            None => Url::parse(DEFAULT_API_URL).expect("default URL parses"),
            Some(raw) => parse_base_url(&raw)?,
        };
        let listen = match (var("MOPS_LISTEN"), var("PORT")) {
            (Some(addr), _) => addr.parse().map_err(|_| {
                ConfigError::new(
                    "MOPS_LISTEN",
                    format!("expected host:port such as 0.0.0.0:3000, got {addr:?}"),
                )
            })?,
            (None, Some(port)) => {
                let port: u16 = port.parse().map_err(|_| {
                    ConfigError::new(
                        "PORT",
                        format!("expected a port number such as 3000, got {port:?}"),
                    )
                })?;
                SocketAddr::from(([0, 0, 0, 0], port))
            }
            (None, None) => SocketAddr::from(([0, 0, 0, 0], 3000)),
        };
        let log_format = match var("MOPS_LOG_FORMAT").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError::new(
                    "MOPS_LOG_FORMAT",
                    format!("expected `pretty` or `json`, got {other:?}"),
                ));
            }
        };
        let bot_token = secret("SLACK_BOT_TOKEN");
        if let Some(token) = &bot_token {
            use secrecy::ExposeSecret;
            if !token.expose_secret().starts_with("xoxb-") {
                return Err(ConfigError::new(
                    "SLACK_BOT_TOKEN",
                    "expected a bot token starting with xoxb- (OAuth & Permissions page of your Slack app)",
                ));
            }
        }
        let encryption_keys = installs::keys(&var)?;
        let oauth = installs::oauth(&var, encryption_keys.as_ref(), bot_token.is_some())?;
        let app_token = installs::app_token(&var)?;
        Ok(Self {
            signing_secret: secret("SLACK_SIGNING_SECRET"),
            bot_token,
            api_url,
            listen,
            responses_dir: var("MOPS_RESPONSES_DIR").map(PathBuf::from),
            log_format,
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            retry: RetryPolicy {
                timeout: slack_timeout(var("MOPS_SLACK_TIMEOUT"))?,
                ..RetryPolicy::default()
            },
            shutdown_grace: Duration::from_secs(10),
            nudges: NudgeSettings::from_vars(var)?,
            oauth,
            encryption_keys,
            app_token,
            socket: SocketTiming::default(),
            work: WorkLimits {
                concurrency: positive("MOPS_REPLY_CONCURRENCY", var("MOPS_REPLY_CONCURRENCY"))?
                    .unwrap_or(WorkLimits::default().concurrency),
                ..WorkLimits::default()
            },
            http: HttpLimits::from_vars(&var)?,
            log_message_text: match var("MOPS_LOG_MESSAGE_TEXT") {
                None => false,
                set => on_off("MOPS_LOG_MESSAGE_TEXT", set)?,
            },
            metrics: on_off("MOPS_METRICS", var("MOPS_METRICS"))?,
            record_unmatched: match var("MOPS_RECORD_UNMATCHED")
                .map(|v| v.to_ascii_lowercase())
                .as_deref()
            {
                None | Some("false") => false,
                Some("true") => true,
                other => on_off("MOPS_RECORD_UNMATCHED", other.map(str::to_owned))?,
            },
            worklog: crate::worklog::settings::WorkLogSettings::from_vars(var)?,
        })
    }

    /// `serve` over HTTP cannot check Slack's requests without the signing secret.
    pub fn require_signing_secret(&self) -> Result<&SecretString, ConfigError> {
        self.signing_secret.as_ref().ok_or_else(|| {
            ConfigError::new(
                "SLACK_SIGNING_SECRET",
                "not set; copy it from your Slack app's Basic Information page into .env \
                 (or set SLACK_APP_TOKEN to use Socket Mode, which needs no signing secret)",
            )
        })
    }

    /// Refuses a signing secret that is set but blank: it would make every signature check
    /// meaningless (an empty HMAC key is a key anyone knows).
    pub fn check_secrets(&self) -> Result<(), ConfigError> {
        use secrecy::ExposeSecret;
        if self
            .signing_secret
            .as_ref()
            .is_some_and(|s| s.expose_secret().trim().is_empty())
        {
            return Err(ConfigError::new(
                "SLACK_SIGNING_SECRET",
                "is empty; copy the signing secret from your Slack app's Basic Information page, \
                 or unset it and use Socket Mode",
            ));
        }
        Ok(())
    }

    /// What `serve` needs before it starts: a signing secret, unless Slack's traffic arrives
    /// over Socket Mode instead of HTTP.
    pub fn check_serve(&self) -> Result<(), ConfigError> {
        if self.app_token.is_none() {
            self.require_signing_secret()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
