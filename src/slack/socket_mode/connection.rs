//! One Socket Mode WebSocket: reads frames, acknowledges each envelope the moment it arrives
//! (before handing it on), pings when the line goes quiet, and reports its life to the
//! supervisor. Dropping a [`Connection`] stops its task, so no socket outlives its owner.

use std::time::Duration;

use std::panic::AssertUnwindSafe;

use futures_util::{FutureExt, SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep_until, timeout};
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use tracing::Instrument;

use super::frames::{self, Frame};
use super::{Acknowledgement, Handler, SocketTiming};

pub(super) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// What a connection tells the supervisor.
#[derive(Debug)]
pub(super) enum Event {
    Hello(u64),
    Disconnect(u64, String),
    Ended(u64, String),
}

/// How long a closing socket may take to say goodbye before it is simply dropped.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// A running connection.
#[derive(Debug)]
pub(super) struct Connection {
    pub id: u64,
    close: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Connection {
    pub fn spawn(
        id: u64,
        socket: Socket,
        timing: SocketTiming,
        handler: Handler,
        events: mpsc::UnboundedSender<Event>,
    ) -> Self {
        let (close, closing) = oneshot::channel();
        let span = tracing::info_span!("socket_connection", connection = id);
        let task = tokio::spawn(
            async move {
                // A panic in a handler must end this connection visibly, not silently: the
                // supervisor then replaces it instead of waiting on it for ever.
                let served =
                    AssertUnwindSafe(serve(id, socket, timing, &handler, &events, closing))
                        .catch_unwind()
                        .await;
                let why = served.unwrap_or_else(|_| "the connection's task panicked".to_owned());
                tracing::debug!(%why, "connection ended");
                let _ = events.send(Event::Ended(id, why));
            }
            .instrument(span),
        );
        Self {
            id,
            close: Some(close),
            task,
        }
    }

    /// Closes the socket politely, then waits (bounded) for the task to finish.
    pub async fn close(mut self) {
        if let Some(close) = self.close.take() {
            let _ = close.send(());
        }
        if timeout(CLOSE_GRACE * 2, &mut self.task).await.is_err() {
            self.task.abort();
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    id: u64,
    mut socket: Socket,
    timing: SocketTiming,
    handler: &Handler,
    events: &mpsc::UnboundedSender<Event>,
    mut closing: oneshot::Receiver<()>,
) -> String {
    let mut last_heard = Instant::now();
    let mut ping_sent: Option<Instant> = None;
    loop {
        let deadline = match ping_sent {
            Some(sent) => sent + timing.ping_timeout,
            None => last_heard + timing.ping_interval,
        };
        tokio::select! {
            _ = &mut closing => {
                say_goodbye(&mut socket).await;
                return "closed by the bot".to_owned();
            }
            () = sleep_until(deadline) => {
                if ping_sent.is_some() {
                    return format!("no answer to a ping within {:?}", timing.ping_timeout);
                }
                if socket.send(WsMessage::Ping(Vec::new().into())).await.is_err() {
                    return "could not send a ping".to_owned();
                }
                ping_sent = Some(Instant::now());
            }
            message = socket.next() => {
                last_heard = Instant::now();
                ping_sent = None;
                match message {
                    Some(Ok(WsMessage::Text(text))) => {
                        if let Some(ended) = on_text(id, &mut socket, text.as_str(), handler, events).await {
                            return ended;
                        }
                    }
                    // Pings are answered by the WebSocket layer; pongs only prove life.
                    Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_) | WsMessage::Frame(_))) => {}
                    Some(Ok(WsMessage::Binary(_))) => tracing::debug!("ignored a binary frame"),
                    Some(Ok(WsMessage::Close(frame))) => {
                        let reason = frame.map(|f| f.reason.to_string()).unwrap_or_default();
                        return format!("closed by Slack ({reason})");
                    }
                    Some(Err(error)) => return format!("WebSocket error: {error}"),
                    None => return "the connection dropped".to_owned(),
                }
            }
        }
    }
}

/// Handles a text frame; `Some(reason)` when the connection cannot go on.
async fn on_text(
    id: u64,
    socket: &mut Socket,
    text: &str,
    handler: &Handler,
    events: &mpsc::UnboundedSender<Event>,
) -> Option<String> {
    match frames::parse(text) {
        Ok(Frame::Envelope(envelope)) => {
            // The handler only starts the work (or finds no room for it); the acknowledgement
            // goes out at once, however slow that work is.
            let (id, kind, retry) = (
                envelope.envelope_id.clone(),
                envelope.kind.clone(),
                envelope.retry_attempt,
            );
            let ack = match handler(envelope).await {
                Acknowledgement::Plain => frames::ack(&id),
                Acknowledgement::WithPayload(payload) => frames::ack_with(&id, payload),
                Acknowledgement::Withhold => {
                    tracing::info!(%kind, retry, "not acknowledged: busy; Slack will deliver it again");
                    return None;
                }
            };
            if let Err(error) = socket.send(WsMessage::text(ack)).await {
                return Some(format!("could not acknowledge an envelope: {error}"));
            }
            tracing::debug!(%kind, retry, "acknowledged");
        }
        Ok(Frame::Hello) => {
            let _ = events.send(Event::Hello(id));
        }
        Ok(Frame::Disconnect { reason }) => {
            let _ = events.send(Event::Disconnect(id, reason));
        }
        Ok(Frame::Unknown(kind)) => tracing::debug!(%kind, "ignored a frame of unknown type"),
        Err(error) => tracing::warn!(%error, "ignored an unreadable frame"),
    }
    None
}

async fn say_goodbye(socket: &mut Socket) {
    let goodbye = async {
        let _ = socket.close(None).await;
        // Wait for Slack's side of the closing handshake; anything else is discarded.
        while let Some(Ok(_)) = socket.next().await {}
    };
    let _ = timeout(CLOSE_GRACE, goodbye).await;
}
