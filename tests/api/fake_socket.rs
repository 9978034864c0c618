//! A local WebSocket server speaking Slack's Socket Mode frames: it greets each connection
//! with `hello`, records what the bot sends (acks, pings, closes), and lets a test push
//! envelopes, ask for a refresh, drop a connection or freeze it.

use std::sync::{Arc, Mutex};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::{Notify, mpsc};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

enum Control {
    Send(Value),
    Drop,
    Freeze,
}

/// What one connection saw.
#[derive(Debug, Clone)]
pub struct ConnLog {
    pub opened: Instant,
    pub closed: Option<Instant>,
    /// Text frames from the bot, with when they arrived.
    pub frames: Vec<(Instant, Value)>,
    pub pings: usize,
    /// The bot sent a Close frame (rather than just vanishing).
    pub closed_politely: bool,
}

#[derive(Default)]
struct Inner {
    conns: Mutex<Vec<(mpsc::UnboundedSender<Control>, ConnLog)>>,
    changed: Notify,
}

/// A running fake Socket Mode endpoint.
#[derive(Clone)]
pub struct FakeSocket {
    url: String,
    inner: Arc<Inner>,
}

impl FakeSocket {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let inner = Arc::new(Inner::default());
        let accepting = inner.clone();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                tokio::spawn(serve(tcp, accepting.clone()));
            }
        });
        Self {
            url: format!("ws://{addr}/link/?ticket=fake-ticket&app_id=A0MOPSBOT"),
            inner,
        }
    }

    /// The URL `apps.connections.open` hands out.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn log(&self, conn: usize) -> ConnLog {
        self.inner.conns.lock().expect("lock")[conn].1.clone()
    }

    pub fn connections(&self) -> usize {
        self.inner.conns.lock().expect("lock").len()
    }

    /// Connections the bot has not closed.
    pub fn open(&self) -> usize {
        let conns = self.inner.conns.lock().expect("lock");
        conns.iter().filter(|(_, log)| log.closed.is_none()).count()
    }

    fn control(&self, conn: usize, control: Control) {
        let conns = self.inner.conns.lock().expect("lock");
        let _ = conns[conn].0.send(control);
    }

    /// Sends `frame` on connection `conn`; returns when it was sent.
    pub fn send(&self, conn: usize, frame: Value) -> Instant {
        let at = Instant::now();
        self.control(conn, Control::Send(frame));
        at
    }

    /// Sends an envelope of `kind` carrying `payload`.
    pub fn envelope(&self, conn: usize, id: &str, kind: &str, payload: Value) -> Instant {
        self.send(
            conn,
            json!({ "envelope_id": id, "type": kind, "payload": payload,
                    "accepts_response_payload": kind == "slash_commands", "retry_attempt": 0 }),
        )
    }

    pub fn disconnect(&self, conn: usize, reason: &str) {
        self.send(
            conn,
            json!({ "type": "disconnect", "reason": reason, "debug_info": { "host": "fake" } }),
        );
    }

    /// Cuts the TCP connection without a closing handshake.
    pub fn drop_connection(&self, conn: usize) {
        self.control(conn, Control::Drop);
    }

    /// Stops reading from the connection, so the bot's pings go unanswered.
    pub fn freeze(&self, conn: usize) {
        self.control(conn, Control::Freeze);
    }

    /// Waits until `check` holds, returning as soon as it does; gives up after
    /// [`PATIENCE`](crate::fake_slack::PATIENCE).
    pub async fn until(&self, what: &str, check: impl Fn(&Self) -> bool) {
        let deadline = Instant::now() + crate::fake_slack::PATIENCE;
        loop {
            let changed = self.inner.changed.notified();
            if check(self) {
                return;
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                panic!("waited {:?} for {what}", crate::fake_slack::PATIENCE);
            }
        }
    }

    /// Waits for the ack of envelope `id` on `conn`; returns when it arrived.
    pub async fn ack_of(&self, conn: usize, id: &str) -> (Instant, Value) {
        let find = |s: &Self| {
            s.log(conn)
                .frames
                .into_iter()
                .find(|(_, f)| f["envelope_id"] == id)
        };
        self.until(&format!("the ack of {id}"), |s| find(s).is_some())
            .await;
        find(self).expect("found above")
    }
}

async fn serve(tcp: tokio::net::TcpStream, inner: Arc<Inner>) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(tcp).await else {
        return;
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let index = {
        let mut conns = inner.conns.lock().expect("lock");
        conns.push((
            tx,
            ConnLog {
                opened: Instant::now(),
                closed: None,
                frames: Vec::new(),
                pings: 0,
                closed_politely: false,
            },
        ));
        conns.len() - 1
    };
    inner.changed.notify_waiters();
    let update = |f: &dyn Fn(&mut ConnLog)| {
        f(&mut inner.conns.lock().expect("lock")[index].1);
        inner.changed.notify_waiters();
    };
    let hello = json!({ "type": "hello", "num_connections": index + 1,
        "debug_info": { "host": "fake-applink" }, "connection_info": { "app_id": "A0MOPSBOT" } });
    let _ = ws.send(Message::text(hello.to_string())).await;
    let mut frozen = false;
    loop {
        tokio::select! {
            control = rx.recv() => match control {
                Some(Control::Send(frame)) => {
                    let _ = ws.send(Message::text(frame.to_string())).await;
                }
                Some(Control::Freeze) => frozen = true,
                Some(Control::Drop) | None => break,
            },
            message = ws.next(), if !frozen => match message {
                Some(Ok(Message::Text(text))) => {
                    let value: Value = serde_json::from_str(text.as_str()).unwrap_or(Value::Null);
                    let at = Instant::now();
                    update(&|log| log.frames.push((at, value.clone())));
                }
                Some(Ok(Message::Ping(_))) => update(&|log| log.pings += 1),
                Some(Ok(Message::Close(_))) => {
                    update(&|log| log.closed_politely = true);
                    // Let tungstenite answer the close, then stop.
                    let _ = ws.flush().await;
                    break;
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => break,
            },
        }
    }
    drop(ws);
    let at = Instant::now();
    update(&|log| log.closed = Some(at));
}
