//! How each way a post can end is told apart, and that a proxy from the environment is used.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::*;

const BODY: &[u8] = br#"{"text":"hi"}"#;
const WAIT: Duration = Duration::from_secs(2);

fn client() -> ReplyClient {
    ReplyClient::with_proxies(reqwest::Client::new(), Matcher::builder().build())
}

/// A server that reads one request, then does `then` with the connection; returns its URL
/// and what it read.
async fn server(then: &'static [u8], close: bool) -> (Url, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = Url::parse(&format!(
        "http://{}/response/1",
        listener.local_addr().expect("addr")
    ))
    .expect("url");
    let read = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accepts");
        let mut request = Vec::new();
        let mut chunk = [0u8; 4096];
        while !String::from_utf8_lossy(&request).contains("\"hi\"") {
            let n = socket.read(&mut chunk).await.expect("reads");
            if n == 0 {
                break;
            }
            request.extend_from_slice(&chunk[..n]);
        }
        socket.write_all(then).await.expect("writes");
        if !close {
            tokio::time::sleep(WAIT * 2).await;
        }
        String::from_utf8_lossy(&request).into_owned()
    });
    (url, read)
}

#[tokio::test]
async fn an_answer_is_returned_with_its_status_and_headers() {
    let (url, read) = server(
        b"HTTP/1.1 429 Too Many Requests\r\nretry-after: 3\r\ncontent-length: 2\r\n\r\nno",
        true,
    )
    .await;
    let sent = client()
        .post_json(&url, Bytes::from_static(BODY), WAIT)
        .await;
    let Sent::Answered(status, headers) = sent else {
        panic!("{sent:?}");
    };
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(headers["retry-after"], "3");
    let request = read.await.expect("served");
    assert!(
        request.starts_with("POST /response/1 HTTP/1.1\r\n"),
        "{request}"
    );
    let lower = request.to_ascii_lowercase();
    assert!(
        lower.contains("content-type: application/json\r\n"),
        "{request}"
    );
    assert!(
        lower.contains(&format!("user-agent: {AGENT}\r\n")),
        "{request}"
    );
}

#[tokio::test]
async fn a_refused_connection_sent_nothing() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = Url::parse(&format!(
        "http://{}/x",
        listener.local_addr().expect("addr")
    ))
    .expect("url");
    drop(listener);
    let sent = client()
        .post_json(&url, Bytes::from_static(BODY), WAIT)
        .await;
    assert!(matches!(sent, Sent::NotConnected), "{sent:?}");
}

#[tokio::test]
async fn silence_and_a_dropped_connection_may_have_delivered() {
    let (url, _read) = server(b"", false).await;
    let sent = client()
        .post_json(&url, Bytes::from_static(BODY), Duration::from_millis(300))
        .await;
    assert!(matches!(sent, Sent::TimedOut), "{sent:?}");

    let (url, _read) = server(b"", true).await;
    let sent = client()
        .post_json(&url, Bytes::from_static(BODY), WAIT)
        .await;
    assert!(matches!(sent, Sent::Broken), "{sent:?}");
}

#[tokio::test]
async fn a_post_a_proxy_applies_to_goes_through_the_proxy() {
    let (proxy, read) = server(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok", true).await;
    let proxy = format!("http://{}", proxy.authority());
    let proxied = reqwest::Client::builder()
        .proxy(reqwest::Proxy::all(&proxy).expect("a proxy"))
        .build()
        .expect("a client");
    let client = ReplyClient::with_proxies(proxied, Matcher::builder().all(proxy).build());
    let url = Url::parse("http://hooks.example.invalid/commands/1").expect("url");
    let sent = client.post_json(&url, Bytes::from_static(BODY), WAIT).await;
    assert!(
        matches!(sent, Sent::Answered(StatusCode::OK, _)),
        "{sent:?}"
    );
    let request = read.await.expect("served");
    assert!(
        request.starts_with("POST http://hooks.example.invalid/commands/1 HTTP/1.1\r\n"),
        "the proxy was asked for the reply's URL: {request}"
    );
}
