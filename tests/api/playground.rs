//! The playground: pages over HTTP, live reload of edited packs, and a real headless Chromium
//! that asks a question, reads the answer and clicks "Tell me more".

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use mops_bot::clock::ManualClock;
use mops_bot::config::Config;
use mops_bot::playground::Playground;
use tokio::sync::oneshot;

use crate::helpers::start_instant;

/// A running playground; stops when dropped.
struct Running {
    base: String,
    _stop: oneshot::Sender<()>,
}

async fn start(responses_dir: Option<&Path>) -> Running {
    let dir = responses_dir.map(|d| d.display().to_string());
    let config = Config::from_lookup(|name| match name {
        "MOPS_LISTEN" => Some("127.0.0.1:0".to_owned()),
        "MOPS_RESPONSES_DIR" => dir.clone(),
        _ => None,
    })
    .expect("no Slack settings needed");
    let clock = Arc::new(ManualClock::new(start_instant()));
    let playground = Playground::build(config, clock).await.expect("starts");
    let base = format!("http://127.0.0.1:{}", playground.port());
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(playground.run_until_stopped(async move {
        let _ = rx.await;
    }));
    Running { base, _stop: tx }
}

async fn get(url: &str) -> (u16, String) {
    let resp = reqwest::get(url).await.expect("the playground answers");
    (resp.status().as_u16(), resp.text().await.expect("text"))
}

#[tokio::test]
async fn pages_answer_explain_click_and_preview() {
    let pg = start(None).await;
    let (status, page) = get(&format!("{}/?text=advice+burnout", pg.base)).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("<form id=\"ask\"")
            && page.contains("name=\"text\" value=\"advice burnout\"")
    );
    let answer = &page[page.find("id=\"answer\"").expect("an answer")..];
    assert!(answer.contains("<h2 class=\"header\">Burnout"), "{answer}");
    assert!(
        answer.contains("<blockquote>"),
        "the talk track is quoted: {answer}"
    );
    for button in ["Share to channel", "Tell me more", "Helpful", "Not helpful"] {
        assert!(answer.contains(button), "{button}: {answer}");
    }
    assert!(
        page.contains("id=\"why\"") && page.contains("Matched <code>burnout</code>"),
        "{page}"
    );

    let (_, page) = get(&format!("{}/?text=team+lunch+on+friday", pg.base)).await;
    assert!(
        page.contains("not sure") && page.contains("id=\"why\""),
        "{page}"
    );

    let (status, page) = get(&format!(
        "{}/click?action_id=share_answer&value=burnout",
        pg.base
    ))
    .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Shared by") && page.contains("Posted in the channel"),
        "{page}"
    );
    let (status, page) = get(&format!(
        "{}/click?action_id=related_topic%231&value=metrics",
        pg.base
    ))
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("replaces the message you clicked"), "{page}");
    let (status, page) = get(&format!("{}/click?action_id=nonsense&value=x", pg.base)).await;
    assert_eq!(status, 400, "{page}");

    let (_, page) = get(&format!("{}/packs", pg.base)).await;
    assert!(page.contains("href=\"/packs/burnout\"") && page.contains("href=\"/packs/metrics\""));
    let (status, _) = get(&format!("{}/packs/no-such-pack", pg.base)).await;
    assert_eq!(status, 404);
    let (_, page) = get(&format!("{}/nudges?team=T1&channel=C42", pg.base)).await;
    let next = &page[page.find("<ol id=\"next\">").expect("a preview")..];
    assert_eq!(next.matches("Weekly nudge:").count(), 6, "{next}");
    let personal = next.find("<h3>The whole rotation").expect("the library");
    assert!(
        !next[..personal].contains("Test whether it can change where you are")
            && next[personal..]
                .contains("Test whether it can change where you are <em>(personal)</em>"),
        "a personal nudge is listed, marked, and never previewed for the channel: {next}"
    );
    let (_, hostile) = get(&format!(
        "{}/?text=%3Cscript%3Ealert(1)%3C/script%3E",
        pg.base
    ))
    .await;
    assert!(!hostile.contains("<script>alert"), "{hostile}");
}

#[tokio::test]
async fn an_edited_pack_shows_at_once_and_a_broken_one_shows_its_problems() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("responses");
    for entry in std::fs::read_dir(&source).expect("responses") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let pg = start(Some(dir.path())).await;
    let burnout = dir.path().join("burnout.md");
    let text = std::fs::read_to_string(&burnout).expect("pack");
    let edited = text.replace(
        "title = \"Burnout, scope creep and invisible work\"",
        "title = \"Burnout and the too-many-hats problem\"",
    );
    assert_ne!(edited, text);
    std::fs::write(&burnout, edited).expect("edit");
    until(
        &pg,
        "advice burnout",
        "Burnout and the too-many-hats problem",
    )
    .await;

    std::fs::write(&burnout, "this is not a pack any more").expect("break");
    let page = until(&pg, "advice burnout", "id=\"problems\"").await;
    assert!(
        page.contains("burnout.md"),
        "the problem names the file: {page}"
    );
    assert!(
        page.contains("Burnout and the too-many-hats problem"),
        "the last good library still answers"
    );
}

/// Asks `text` until the page contains `wanted` (the packs reload in the background).
async fn until(pg: &Running, text: &str, wanted: &str) -> String {
    let started = Instant::now();
    let url = format!(
        "{}/?{}",
        pg.base,
        serde_urlencoded::to_string([("text", text)]).expect("form")
    );
    loop {
        let (_, page) = get(&url).await;
        if page.contains(wanted) {
            return page;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "never showed {wanted}: {page}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A program on `PATH`.
fn program(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
}

/// chromedriver, killed when the test ends however it ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn a_real_browser_asks_reads_the_answer_and_clicks_tell_me_more() {
    let (Some(chromium), Some(chromedriver)) = (program("chromium"), program("chromedriver"))
    else {
        eprintln!(
            "SKIPPED: the playground's browser test needs Debian's chromium and chromium-driver \
             (scripts/browser installs them with apt-get)"
        );
        return;
    };
    let pg = start(None).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let _driver = Driver(
        Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let profile = tempfile::tempdir().expect("a fresh profile");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".to_owned(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1000,1300", format!("--user-data-dir={}", profile.path().display()),
            ],
        }),
    );
    let webdriver = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let browser = loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&webdriver)
            .await
        {
            Ok(browser) => break browser,
            Err(error) => {
                assert!(
                    started.elapsed() < Duration::from_secs(30),
                    "chromedriver: {error}"
                );
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    };

    browser.goto(&pg.base).await.expect("loads");
    let input = browser
        .find(Locator::Css("form#ask input[name=text]"))
        .await
        .expect("the question box");
    input
        .send_keys("everyone dumps work on me")
        .await
        .expect("types");
    browser
        .find(Locator::Css("form#ask button[type=submit]"))
        .await
        .expect("the Ask button")
        .click()
        .await
        .expect("asks");
    let header = browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#answer h2.header"))
        .await
        .expect("an answer");
    assert!(header.text().await.expect("text").starts_with("Burnout"));
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let shot = browser.screenshot().await.expect("a screenshot");
    std::fs::write(target.join("playground.png"), &shot).expect("saved");

    browser
        .find(Locator::LinkText("Tell me more"))
        .await
        .expect("the button")
        .click()
        .await
        .expect("clicks");
    let started = Instant::now();
    loop {
        let shown = match browser.find(Locator::Css("#answer h2.header")).await {
            Ok(header) => header.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if shown.starts_with("More on: Burnout") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no deeper answer: {shown:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let shot = browser.screenshot().await.expect("a screenshot");
    std::fs::write(target.join("playground-more.png"), &shot).expect("saved");
    assert!(shot.starts_with(b"\x89PNG"), "a PNG");
    browser.close().await.expect("closes");
}
