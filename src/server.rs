//! The HTTP server loop: hyper's HTTP/1.1 with every connection bounded in time and number.
//! `axum::serve` has no knobs for these, and without them a handful of clients that send
//! half a request (or nothing at all) hold connections open for ever.
//!
//! - headers: hyper's header-read timeout, which on a kept-alive connection also runs from
//!   the end of the previous response;
//! - body: [`crate::routes`] reads each body under its own deadline (408 and close);
//! - idle: a watchdog closes a connection on which no byte moved either way for a while;
//! - count: past `max_connections`, a new connection gets a one-line 503 and is closed.

use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::config::HttpLimits;

/// What a connection over the cap is told before it is closed.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-type: text/plain\r\ncontent-length: 32\r\nretry-after: 1\r\n\r\ntoo many connections; try again\n";

/// Serves `router` on `listener` until `shutdown` resolves, then lets open connections finish
/// their current request (at most `grace`) and returns.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: HttpLimits,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let connections = TaskTracker::new();
    let stopping = CancellationToken::new();
    let mut shutdown = pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of file descriptors, usually: wait a little rather than spin.
                tracing::warn!(%error, "could not accept a connection");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            refuse(&stream);
            continue;
        };
        let router = router.clone();
        let stop = stopping.clone();
        connections.spawn(async move {
            serve_connection(stream, router, limits, stop).await;
            drop(permit);
        });
    }
    stopping.cancel();
    connections.close();
    if tokio::time::timeout(grace, connections.wait())
        .await
        .is_err()
    {
        tracing::warn!(
            open = connections.len(),
            "connections still open after the grace period; closing them"
        );
    }
}

/// Tells a connection over the cap so, without waiting: a new socket's send buffer is empty,
/// so the short answer fits, and if it does not the client simply sees the close.
fn refuse(stream: &TcpStream) {
    let _ = stream.set_nodelay(true);
    let _ = stream.try_write(BUSY);
    tracing::warn!("refused a connection: too many open connections");
}

async fn serve_connection(
    stream: TcpStream,
    router: Router,
    limits: HttpLimits,
    stop: CancellationToken,
) {
    let _ = stream.set_nodelay(true);
    let started = Instant::now();
    let activity = Arc::new(AtomicU64::new(0));
    let io = TokioIo::new(Watched {
        inner: stream,
        started,
        last: activity.clone(),
    });
    let service = TowerToHyperService::new(router);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let mut conn = pin!(builder.serve_connection(io, service));
    let mut draining = false;
    loop {
        let idle_deadline =
            started + Duration::from_millis(activity.load(Ordering::Relaxed)) + limits.idle_timeout;
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%error, "connection ended");
                }
                return;
            }
            () = stop.cancelled(), if !draining => {
                draining = true;
                conn.as_mut().graceful_shutdown();
            }
            () = tokio::time::sleep_until(idle_deadline) => {
                let last = started + Duration::from_millis(activity.load(Ordering::Relaxed));
                if last + limits.idle_timeout <= Instant::now() {
                    tracing::debug!("closed a connection idle for {:?}", limits.idle_timeout);
                    return;
                }
            }
        }
    }
}

/// A socket that notes (in milliseconds since `started`) when a byte last moved either way.
struct Watched {
    inner: TcpStream,
    started: Instant,
    last: Arc<AtomicU64>,
}

impl Watched {
    fn touch(&self) {
        let elapsed = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(elapsed, Ordering::Relaxed);
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
