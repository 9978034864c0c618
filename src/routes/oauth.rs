//! `GET /slack/install` and `GET /slack/oauth_redirect`: the "Add to Slack" flow, for
//! people in a browser. Every outcome is a readable page; a person's mistake (an old link,
//! another browser, a cancelled install) is a 4xx, never a 5xx.

use axum::extract::{RawQuery, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE, REFERRER_POLICY, SET_COOKIE,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::pages;
use crate::bot::installs::{self, InstallError, Installed, Redirect};
use crate::bot::state::AppState;

/// The cookie binding an install's `state` to the browser that started it.
pub const COOKIE_NAME: &str = "mops_install";

pub async fn install(State(state): State<AppState>) -> Response {
    match installs::begin(&state) {
        Ok(begun) => {
            let html = pages::install(begun.authorize_url.as_str());
            let cookie = cookie(&state, &begun.browser, 600);
            page(StatusCode::OK, html, Some(cookie))
        }
        Err(error) => failure(&error),
    }
}

pub async fn oauth_redirect(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    // A mangled query is a bad link, handled like one below rather than as a bare 400.
    let redirect: Redirect = query
        .and_then(|q| serde_urlencoded::from_str(&q).ok())
        .unwrap_or_default();
    let browser = browser_cookie(&headers);
    let outcome = installs::finish(&state, &redirect, browser.as_deref()).await;
    let mut response = match outcome {
        Ok(installed) => success(&installed),
        Err(error) => failure(&error),
    };
    // The state is spent either way; so is the cookie.
    if let Ok(clear) = HeaderValue::from_str(&cookie(&state, "", 0)) {
        response.headers_mut().insert(SET_COOKIE, clear);
    }
    response
}

fn success(installed: &Installed) -> Response {
    let open = installed.app_id.as_ref().map(|app| {
        if installed.is_enterprise_install {
            format!("https://slack.com/app_redirect?app={app}")
        } else {
            format!(
                "https://slack.com/app_redirect?app={app}&team={}",
                installed.key
            )
        }
    });
    let html = pages::installed(installed.team_name.as_deref(), open.as_deref());
    page(StatusCode::OK, html, None)
}

fn failure(error: &InstallError) -> Response {
    let (status, title, detail, again) = match error {
        InstallError::NotEnabled => (
            StatusCode::NOT_FOUND,
            "Installs are not enabled",
            "This mops-bot is set up for a single workspace. Its operator can enable \
             \"Add to Slack\" installs by setting SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, \
             MOPS_PUBLIC_URL and MOPS_ENCRYPTION_KEY."
                .to_owned(),
            false,
        ),
        InstallError::BadState => (
            StatusCode::BAD_REQUEST,
            "This install link cannot be used",
            "It was already used, or it was opened in a different browser from the one that \
             started the install. Nothing was installed."
                .to_owned(),
            true,
        ),
        InstallError::Expired => (
            StatusCode::BAD_REQUEST,
            "This install link has expired",
            "Install links work for ten minutes. Nothing was installed.".to_owned(),
            true,
        ),
        InstallError::Denied(why) => (
            StatusCode::OK,
            "Install cancelled",
            format!("Slack reports the install was not approved ({why}). Nothing was installed."),
            true,
        ),
        InstallError::NoCode => (
            StatusCode::BAD_REQUEST,
            "This link is incomplete",
            "Slack's redirect did not include an authorization code. Nothing was installed."
                .to_owned(),
            true,
        ),
        InstallError::Refused(why) if is_operator_error(why) => {
            tracing::error!(error = %why, "Slack refused the app's credentials: check SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and MOPS_PUBLIC_URL (the redirect URL must be listed in the app's OAuth settings)");
            (
                StatusCode::BAD_GATEWAY,
                "The bot is misconfigured",
                format!(
                    "Slack refused this bot's credentials ({why}). Please tell whoever runs it."
                ),
                false,
            )
        }
        InstallError::Refused(why) => (
            StatusCode::BAD_REQUEST,
            "Slack did not accept the install",
            format!("Slack answered: {why}. Nothing was installed."),
            true,
        ),
        InstallError::Unavailable(why) => {
            tracing::warn!(error = %why, "could not finish an install");
            (
                StatusCode::BAD_GATEWAY,
                "Slack could not be reached",
                "Nothing was installed. Please try again in a minute.".to_owned(),
                true,
            )
        }
        InstallError::Storage(why) => {
            tracing::error!(error = %why, "install storage failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side",
                "Nothing was installed. Please try again later.".to_owned(),
                true,
            )
        }
    };
    if status.is_client_error() || status == StatusCode::OK {
        tracing::info!(%error, "install not finished");
    }
    page(status, pages::problem(title, &detail, again), None)
}

// Errors that say the bot's own settings are wrong, not the person's link.
fn is_operator_error(why: &str) -> bool {
    matches!(
        why,
        "invalid_client_id" | "bad_client_secret" | "bad_redirect_uri" | "invalid_client"
    )
}

fn cookie(state: &AppState, value: &str, max_age: u32) -> String {
    let secure = state
        .installs
        .as_ref()
        .is_some_and(|i| i.settings.is_https());
    format!(
        "{COOKIE_NAME}={value}; Path=/slack; Max-Age={max_age}; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    )
}

fn browser_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == COOKIE_NAME && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

fn page(status: StatusCode, html: String, cookie: Option<String>) -> Response {
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // The pages load nothing and may not be framed (no clickjacking of "Add to Slack").
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; \
             base-uri 'none'; form-action 'none'",
        ),
    );
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if let Some(value) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        headers.insert(SET_COOKIE, value);
    }
    response
}
