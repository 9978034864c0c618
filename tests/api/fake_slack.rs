//! A local fake of Slack: the Web API under `/api/{method}` and `response_url`s under
//! `/response/…`. It records every request it receives and answers from a script, then from
//! a per-path default, falling back to success. Messages it accepts are kept per channel and
//! served back by `conversations.history` (with their metadata). An answer can be held at a
//! [`Gate`] until the test opens it.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::{Notify, Semaphore};

/// How long a test waits for something the app is expected to do. A correct app does it in
/// milliseconds and the wait ends then; the margin is for a CI machine whose cores are shared
/// with other builds, where a process can go unscheduled for seconds.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// When it arrived, for checks on pacing.
    pub at: std::time::Instant,
}

impl Recorded {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The body as JSON, or a form body as a JSON object of strings.
    pub fn args(&self) -> Value {
        body_args(&self.body)
    }

    /// The body as form fields (`oauth.v2.access` is called with a form).
    pub fn form(&self) -> HashMap<String, String> {
        serde_urlencoded::from_bytes(&self.body).unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The Web API method, for `/api/{method}` requests.
    pub fn method(&self) -> Option<&str> {
        self.path.strip_prefix("/api/")
    }
}

/// A scripted answer.
#[derive(Debug, Clone)]
pub struct Scripted {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Value,
    pub delay: Duration,
    /// Whether a `chat.postMessage` answered this way is kept in the channel; by default,
    /// when the answer says `ok: true`.
    pub keeps: Option<bool>,
    /// The answer waits for this gate to open (the request is recorded on arrival).
    pub gate: Option<Gate>,
}

/// Holds the answers scripted with it until [`Gate::open`].
#[derive(Debug, Clone)]
pub struct Gate(Arc<Semaphore>);

impl Gate {
    pub fn new() -> Self {
        Self(Arc::new(Semaphore::new(0)))
    }

    /// Lets every answer held here (and any later one) go.
    pub fn open(&self) {
        self.0.add_permits(Semaphore::MAX_PERMITS / 2);
    }
}

impl Scripted {
    pub fn ok(body: Value) -> Self {
        Self {
            status: 200,
            headers: vec![],
            body,
            delay: Duration::ZERO,
            keeps: None,
            gate: None,
        }
    }

    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: vec![],
            body: json!({}),
            delay: Duration::ZERO,
            keeps: None,
            gate: None,
        }
    }

    /// Held until `gate` opens.
    pub fn held(mut self, gate: &Gate) -> Self {
        self.gate = Some(gate.clone());
        self
    }

    /// Slack kept the message even though the answer says otherwise (a 5xx after posting).
    pub fn but_posted(mut self) -> Self {
        self.keeps = Some(true);
        self
    }

    /// A Web API `ok:false` answer.
    pub fn slack_error(error: &str) -> Self {
        Self::ok(json!({ "ok": false, "error": error }))
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self {
            status: 429,
            headers: vec![("retry-after", retry_after_secs.to_string())],
            body: json!({"ok": false, "error": "ratelimited"}),
            delay: Duration::ZERO,
            keeps: None,
            gate: None,
        }
    }

    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// An `oauth.v2.access` answer installing the bot in `team` with `token`.
    pub fn grant(team: &str, name: &str, token: &str) -> Self {
        Self::ok(json!({
            "ok": true, "access_token": token, "token_type": "bot",
            "scope": "commands,chat:write,chat:write.public,app_mentions:read,im:history,channels:join,users:read",
            "bot_user_id": format!("UBOT{team}"), "app_id": "A0MOPSBOT",
            "team": { "id": team, "name": name }, "enterprise": null,
            "is_enterprise_install": false, "authed_user": { "id": "U0ADMIN" }
        }))
    }

    /// Adds token rotation to a grant (or a refresh answer).
    pub fn rotating(mut self, refresh_token: &str, expires_in: i64) -> Self {
        self.body["refresh_token"] = json!(refresh_token);
        self.body["expires_in"] = json!(expires_in);
        self
    }
}

#[derive(Default)]
struct Inner {
    received: Mutex<Vec<Recorded>>,
    scripts: Mutex<HashMap<String, VecDeque<Scripted>>>,
    defaults: Mutex<HashMap<String, Scripted>>,
    arrived: Notify,
    /// Messages accepted, per channel, oldest first.
    channels: Mutex<HashMap<String, Vec<Value>>>,
}

/// A running fake Slack.
#[derive(Clone)]
pub struct FakeSlack {
    pub addr: SocketAddr,
    inner: Arc<Inner>,
}

impl FakeSlack {
    pub async fn start() -> Self {
        let inner = Arc::new(Inner::default());
        let app = Router::new().fallback(handle).with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind fake slack");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { addr, inner }
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn api_url(&self) -> String {
        format!("{}/api", self.base())
    }

    /// Queues `answer` for the next request to `path` (e.g. `/api/chat.postMessage`).
    pub fn script(&self, path: &str, answer: Scripted) {
        let mut scripts = self.inner.scripts.lock().expect("lock");
        scripts
            .entry(path.to_owned())
            .or_default()
            .push_back(answer);
    }

    /// Queues `answer` for the next request to `path` about `channel` only.
    pub fn script_for_channel(&self, path: &str, channel: &str, answer: Scripted) {
        self.script(&format!("{path}#{channel}"), answer);
    }

    /// Answers every request to `path` with `answer` once its script has run out.
    pub fn set_default(&self, path: &str, answer: Scripted) {
        let mut defaults = self.inner.defaults.lock().expect("lock");
        defaults.insert(path.to_owned(), answer);
    }

    /// The messages kept in `channel`, oldest first.
    pub fn messages_in(&self, channel: &str) -> Vec<Value> {
        let channels = self.inner.channels.lock().expect("lock");
        channels.get(channel).cloned().unwrap_or_default()
    }

    /// Everything received so far whose path starts with `prefix`.
    pub fn received(&self, prefix: &str) -> Vec<Recorded> {
        let all = self.inner.received.lock().expect("lock");
        all.iter()
            .filter(|r| r.path.starts_with(prefix))
            .cloned()
            .collect()
    }

    /// Waits until at least `n` requests under `prefix` have arrived, returning as soon as
    /// they have; gives up after [`PATIENCE`].
    pub async fn wait_for(&self, prefix: &str, n: usize) -> Vec<Recorded> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let notified = self.inner.arrived.notified();
            let got = self.received(prefix);
            if got.len() >= n {
                return got;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "waited {PATIENCE:?} for {n} requests to {prefix}, got {}: {got:?}",
                    got.len()
                );
            }
        }
    }
}

async fn handle(
    State(inner): State<Arc<Inner>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    let channel = body_args(&body)["channel"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let scripted = {
        let mut scripts = inner.scripts.lock().expect("lock");
        let for_channel = scripts
            .get_mut(&format!("{path}#{channel}"))
            .and_then(VecDeque::pop_front);
        for_channel.or_else(|| scripts.get_mut(&path).and_then(VecDeque::pop_front))
    };
    inner.received.lock().expect("lock").push(Recorded {
        at: std::time::Instant::now(),
        path: path.clone(),
        headers,
        body: body.clone(),
    });
    inner.arrived.notify_waiters();
    let fallback = inner.defaults.lock().expect("lock").get(&path).cloned();
    let answer = scripted
        .or(fallback)
        .unwrap_or_else(|| default_answer(&inner, &path, &body));
    if path == "/api/chat.postMessage" {
        keep_message(&inner, &channel, &body, &answer);
    }
    if let Some(gate) = &answer.gate {
        let _pass = gate.0.acquire().await;
    }
    if !answer.delay.is_zero() {
        tokio::time::sleep(answer.delay).await;
    }
    let mut response = (
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK),
        axum::Json(answer.body),
    )
        .into_response();
    for (name, value) in answer.headers {
        if let Ok(v) = value.parse() {
            response.headers_mut().insert(name, v);
        }
    }
    response
}

/// A JSON body as is, or a form body as an object of strings.
fn body_args(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap_or_else(|_| {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
        Value::Object(
            pairs
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect(),
        )
    })
}

/// Keeps a posted message in its channel if Slack (as scripted) accepted it.
fn keep_message(inner: &Inner, channel: &str, body: &[u8], answer: &Scripted) {
    let accepted = answer.status == 200 && answer.body["ok"] == json!(true);
    if !answer.keeps.unwrap_or(accepted) {
        return;
    }
    let request = body_args(body);
    let mut channels = inner.channels.lock().expect("lock");
    let list = channels.entry(channel.to_owned()).or_default();
    let ts = answer.body["ts"].as_str().map_or_else(
        || format!("1700000000.{:06}", list.len() + 1),
        str::to_owned,
    );
    list.push(json!({
        "type": "message", "ts": ts, "text": request["text"], "bot_id": "BBOT",
        "metadata": request["metadata"],
    }));
}

/// `conversations.history` from the kept messages: newest first, `limit` per page, with
/// metadata only when asked for.
fn history(inner: &Inner, request: &Value) -> Scripted {
    let channel = request["channel"].as_str().unwrap_or_default();
    let limit: usize = request["limit"]
        .as_str()
        .and_then(|l| l.parse().ok())
        .unwrap_or(100);
    let start: usize = request["cursor"]
        .as_str()
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let with_metadata = request["include_all_metadata"] == "true";
    let mut messages = inner
        .channels
        .lock()
        .expect("lock")
        .get(channel)
        .cloned()
        .unwrap_or_default();
    messages.reverse();
    let page: Vec<Value> = messages
        .iter()
        .skip(start)
        .take(limit)
        .map(|m| {
            let mut m = m.clone();
            if !with_metadata || m["metadata"].is_null() {
                m.as_object_mut().map(|o| o.remove("metadata"));
            }
            m
        })
        .collect();
    let more = start + page.len() < messages.len();
    let cursor = if more {
        (start + page.len()).to_string()
    } else {
        String::new()
    };
    Scripted::ok(json!({
        "ok": true, "messages": page, "has_more": more,
        "response_metadata": { "next_cursor": cursor }
    }))
}

fn default_answer(inner: &Inner, path: &str, body: &[u8]) -> Scripted {
    let request = body_args(body);
    match path {
        "/api/conversations.history" => history(inner, &request),
        "/api/chat.postMessage" => Scripted::ok(
            json!({ "ok": true, "channel": request["channel"], "ts": "1700000000.000100" }),
        ),
        "/api/users.info" => Scripted::ok(
            json!({ "ok": true, "user": { "id": request["user"], "tz": "America/New_York" } }),
        ),
        "/api/auth.test" => Scripted::ok(
            json!({ "ok": true, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T0001" }),
        ),
        p if p.starts_with("/api/") => Scripted::ok(json!({ "ok": true })),
        _ => Scripted::ok(json!({})),
    }
}
