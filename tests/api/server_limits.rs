//! The HTTP server bounds every connection: half-sent headers, a trickled body and an idle
//! kept-alive connection are closed, `/healthz` stays fast for everyone meanwhile, and past
//! the connection cap a newcomer is told 503 instead of being left hanging.

use std::time::{Duration, Instant};

use mops_bot::config::HttpLimits;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{TestApp, spawn_app_with};

const SHORT: Duration = Duration::from_secs(1);
/// Far longer than any limit under test: a close before this is the server's doing.
const PATIENCE: Duration = Duration::from_secs(8);

async fn app_with(limits: HttpLimits) -> TestApp {
    spawn_app_with(|c| c.http = limits).await
}

async fn connect(app: &TestApp) -> TcpStream {
    let addr = app.address.trim_start_matches("http://");
    TcpStream::connect(addr).await.expect("connects")
}

/// Reads until the server closes the connection; returns what it said and when it closed.
async fn until_closed(stream: &mut (impl AsyncRead + Unpin)) -> (String, Instant) {
    let mut said = Vec::new();
    let read = tokio::time::timeout(PATIENCE, async {
        let mut buf = [0u8; 1024];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => said.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "the server kept the connection open for {PATIENCE:?}"
    );
    (String::from_utf8_lossy(&said).into_owned(), Instant::now())
}

async fn healthz_is_fast(app: &TestApp) {
    let started = Instant::now();
    let status = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .expect("healthz answers")
        .status();
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "healthz took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn half_sent_headers_are_closed_after_the_header_timeout() {
    let app = app_with(HttpLimits {
        header_timeout: SHORT,
        idle_timeout: PATIENCE * 2,
        ..HttpLimits::default()
    })
    .await;
    let mut slow = connect(&app).await;
    let opened = Instant::now();
    slow.write_all(b"POST /slack/commands HTTP/1.1\r\nhost: x\r\nx-slack-")
        .await
        .unwrap();
    healthz_is_fast(&app).await;
    let (_, closed) = until_closed(&mut slow).await;
    assert!(closed - opened >= SHORT, "not before the timeout");
}

#[tokio::test]
async fn a_trickled_body_gets_408_and_the_connection_closes() {
    let app = app_with(HttpLimits {
        body_timeout: SHORT,
        idle_timeout: PATIENCE * 2,
        ..HttpLimits::default()
    })
    .await;
    let mut slow = connect(&app).await;
    slow.write_all(
        b"POST /slack/events HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n{",
    )
    .await
    .unwrap();
    let (mut read, mut write) = slow.into_split();
    // One byte every 200 ms: never idle, never done.
    let trickler = tokio::spawn(async move {
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if write.write_all(b" ").await.is_err() {
                break;
            }
        }
    });
    healthz_is_fast(&app).await;
    let (said, _) = until_closed(&mut read).await;
    trickler.abort();
    assert!(said.starts_with("HTTP/1.1 408"), "{said:?}");
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed() {
    let app = app_with(HttpLimits {
        idle_timeout: SHORT,
        header_timeout: PATIENCE * 2,
        ..HttpLimits::default()
    })
    .await;
    let mut idle = connect(&app).await;
    // The idle clock starts at the last byte moved, which is after this instant.
    let sent = Instant::now();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let mut first = [0u8; 15];
    idle.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200 OK", "served, then kept alive");
    healthz_is_fast(&app).await;
    let (_, closed) = until_closed(&mut idle).await;
    assert!(closed - sent >= SHORT, "not before the timeout");
}

#[tokio::test]
async fn past_the_connection_cap_a_newcomer_gets_503_and_the_others_are_unharmed() {
    let app = app_with(HttpLimits {
        max_connections: 3,
        ..HttpLimits::default()
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut s = connect(&app).await;
        // A complete exchange proves each connection was admitted before the next opens.
        s.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
            .await
            .unwrap();
        let mut first = [0u8; 15];
        s.read_exact(&mut first).await.unwrap();
        held.push(s);
    }
    let mut extra = connect(&app).await;
    let (said, _) = until_closed(&mut extra).await;
    assert!(said.starts_with("HTTP/1.1 503"), "{said:?}");
    assert!(said.contains("too many connections"), "{said:?}");
    drop(held.pop());
    // Once one closes, a new client is served again.
    let started = Instant::now();
    loop {
        let response = app
            .client
            .get(format!("{}/healthz", app.address))
            .send()
            .await;
        if response.is_ok_and(|r| r.status() == 200) {
            break;
        }
        assert!(started.elapsed() < PATIENCE, "a slot never freed up");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
