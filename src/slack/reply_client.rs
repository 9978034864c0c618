//! The HTTP client that posts replies to `response_url`s: hyper's pooled client with rustls,
//! used directly. Every slash command ends in one such post, and through `reqwest` each cost
//! about a sixth of a command's CPU under a burst, most of it in work a reply never needs
//! (the URL converted and parsed again twice for redirect bookkeeping, a tower stack of
//! retry and redirect layers). The same connector settings as `reqwest`'s: webpki roots,
//! HTTP/2 where the server offers it, `TCP_NODELAY`, pooled keep-alive connections.
//!
//! A proxy set in the environment (`HTTPS_PROXY` and friends, as `reqwest` reads them) is
//! honoured: a post it applies to goes through the shared `reqwest` client instead.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::header::{CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
use hyper::{StatusCode, Uri};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use url::Url;

/// Who is calling, as the bot's other requests say it.
const AGENT: &str = concat!("mops-bot/", env!("CARGO_PKG_VERSION"));
/// How long an idle pooled connection is kept (`reqwest`'s default).
const POOL_IDLE: Duration = Duration::from_secs(90);
/// A reply's answer is a few bytes (`ok`, or an error name); more is not read.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// What came back for one post.
#[derive(Debug)]
pub enum Sent {
    /// The server answered with this status and headers (its body was read and dropped).
    Answered(StatusCode, HeaderMap),
    /// No connection could be made: nothing was sent.
    NotConnected,
    /// No answer within the timeout: the post may have arrived.
    TimedOut,
    /// The connection failed after the post may have been sent.
    Broken,
}

/// Posts JSON bodies; cheap to clone.
#[derive(Debug, Clone)]
pub struct ReplyClient {
    direct: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    proxied: reqwest::Client,
    proxies: std::sync::Arc<Matcher>,
}

impl ReplyClient {
    /// A client of its own for direct posts; `proxied` (the bot's shared `reqwest` client)
    /// carries those an environment proxy applies to.
    pub fn new(proxied: reqwest::Client) -> Self {
        // What `reqwest` consults for its own default (system) proxies.
        Self::with_proxies(proxied, Matcher::from_system())
    }

    /// [`ReplyClient::new`] with the proxy rules given rather than read from the environment.
    pub fn with_proxies(proxied: reqwest::Client, proxies: Matcher) -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        let https = HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_all_versions()
            .wrap_connector(http);
        let direct = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(POOL_IDLE)
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .build(https);
        Self {
            direct,
            proxied,
            proxies: std::sync::Arc::new(proxies),
        }
    }

    /// Posts `body` (JSON) to `url`, waiting at most `timeout` for the answer.
    pub async fn post_json(&self, url: &Url, body: Bytes, timeout: Duration) -> Sent {
        let Ok(uri) = url.as_str().parse::<Uri>() else {
            return Sent::NotConnected;
        };
        if self.proxies.intercept(&uri).is_some() {
            return self.post_proxied(url, body, timeout).await;
        }
        let request = hyper::Request::post(uri)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, HeaderValue::from_static(AGENT))
            .body(Full::new(body));
        let Ok(request) = request else {
            return Sent::NotConnected;
        };
        let exchange = async {
            let response = self.direct.request(request).await?;
            let (parts, answer) = response.into_parts();
            // Read to the end, so the connection goes back to the pool for the next reply.
            let _ = Limited::new(answer, MAX_ANSWER_BYTES).collect().await;
            Ok::<_, hyper_util::client::legacy::Error>((parts.status, parts.headers))
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(Ok((status, headers))) => Sent::Answered(status, headers),
            Ok(Err(error)) if error.is_connect() => Sent::NotConnected,
            Ok(Err(_)) => Sent::Broken,
            Err(_) => Sent::TimedOut,
        }
    }

    async fn post_proxied(&self, url: &Url, body: Bytes, timeout: Duration) -> Sent {
        let sent = self
            .proxied
            .post(url.clone())
            .timeout(timeout)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await;
        match sent {
            Ok(response) => Sent::Answered(response.status(), response.headers().clone()),
            Err(error) if error.is_connect() => Sent::NotConnected,
            Err(error) if error.is_timeout() => Sent::TimedOut,
            Err(_) => Sent::Broken,
        }
    }
}

#[cfg(test)]
mod tests;
