//! The `mops-bot` binary itself: `ask`, `check`, and `serve` as a real process.

use std::io::Read;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use mops_bot::slack::verify::sign;
use serde_json::Value;

use crate::fake_slack::FakeSlack;

mod explain;
mod keys;
mod logs;

const SECRET: &str = "cli-test-signing-secret-d41d8cd9";
const TOKEN: &str = "xoxb-cli-test-token-0f8a9";

/// The binary, run in an empty folder so no developer `.env` leaks in.
pub(crate) fn bin(dir: &tempfile::TempDir) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mops-bot"));
    cmd.current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd
}

pub(crate) fn run(cmd: &mut Command) -> (Output, String, String) {
    let out = cmd.output().expect("binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

#[test]
fn ask_prints_a_readable_answer() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stdout, _) = run(bin(&dir).args(["ask", "advice", "burnout"]));
    assert!(out.status.success());
    assert!(stdout.starts_with("Burnout, scope creep"), "{stdout}");
    assert!(
        stdout.contains("WHAT TO SAY") && stdout.contains("Based on:"),
        "{stdout}"
    );
}

#[test]
fn ask_json_prints_exactly_the_payload_for_response_url() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stdout, _) = run(bin(&dir).args(["ask", "--json", "should", "I", "quit?"]));
    assert!(out.status.success());
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one JSON object: {stdout}");
    let v: Value = serde_json::from_str(lines[0]).expect("valid JSON");
    assert_eq!(v["topic"], "career-change");
    assert_eq!(v["message"]["response_type"], "ephemeral");
    assert!(
        v["message"]["blocks"]
            .as_array()
            .is_some_and(|b| !b.is_empty())
    );

    let (_, stdout, _) = run(bin(&dir).args(["ask", "--json", "pizza", "recipe"]));
    let v: Value = serde_json::from_str(stdout.trim()).expect("valid JSON");
    assert_eq!(
        v["topic"],
        Value::Null,
        "out of scope is not forced onto a topic"
    );
}

#[test]
fn check_passes_the_shipped_library_and_points_at_broken_lines() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stdout, _) = run(bin(&dir).arg("check"));
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("13 packs"), "{stdout}");

    let packs = copy_responses(&dir);
    let burnout = packs.join("burnout.md");
    let text = std::fs::read_to_string(&burnout)
        .unwrap()
        .replacen("title = \"", "title = ", 1);
    std::fs::write(&burnout, text).unwrap();
    let (out, stdout, _) = run(bin(&dir).arg("check").arg(&packs));
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("burnout.md:3: error"), "{stdout}");
}

#[test]
fn check_enforces_the_content_rules_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let packs = copy_responses(&dir);
    let edit = |name: &str, from: &str, to: &str| {
        let path = packs.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name} lacks {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    let line_of = |file: &str, needle: &str| {
        let text = std::fs::read_to_string(packs.join(file)).unwrap();
        1 + text
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} in {file}"))
    };
    let check = || {
        let (out, stdout, _) = run(bin(&dir).arg("check").arg(&packs));
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        stdout
    };
    let (out, stdout, _) = run(bin(&dir).arg("check").arg(&packs));
    assert!(out.status.success(), "the copy passes as shipped: {stdout}");

    let mentorship = std::fs::read_to_string(packs.join("mentorship.md")).unwrap();
    let deeper = mentorship
        .find("## Go deeper")
        .expect("a Go deeper section");
    std::fs::write(packs.join("mentorship.md"), &mentorship[..deeper]).unwrap();
    edit("burnout.md", "> \"I'd like to walk", "> I'd like to walk");
    edit(
        "leadership.md",
        "(see *Is it time to move on?*)",
        "(see `career-change`)",
    );
    edit(
        "role.md",
        "a seat as a trusted advisor",
        "a seat as a trusted advisor whilst",
    );
    let stdout = check();
    for expected in [
        "mentorship.md:".to_owned(),
        format!(
            "burnout.md:{}: error: a talk-track line",
            line_of("burnout.md", "> I'd like to walk")
        ),
        format!(
            "leadership.md:{}: error: `career-change` shows as code",
            line_of("leadership.md", "`career-change`")
        ),
        format!(
            "role.md:{}: error: write US English: \"while\", not \"whilst\"",
            line_of("role.md", "whilst")
        ),
    ] {
        assert!(stdout.contains(&expected), "{expected:?} in {stdout}");
    }
    assert!(
        stdout.contains("missing the section `## Go deeper`"),
        "{stdout}"
    );

    // The nudges are checked against the packs once the packs are sound.
    copy_responses(&dir);
    edit(
        "nudges.toml",
        "id = \"too-comfortable\"\ntopic = \"career-change\"\naudience = \"personal\"\n",
        "id = \"too-comfortable\"\ntopic = \"career-change\"\n",
    );
    let nudges = std::fs::read_to_string(packs.join("nudges.toml")).unwrap();
    let start = nudges.find("id = \"cut-before-you-add\"").unwrap();
    let end = start + nudges[start..].find("[[nudge]]").unwrap();
    let copy = nudges[start..end].replace("cut-before-you-add", "cut-first");
    std::fs::write(
        packs.join("nudges.toml"),
        format!("{nudges}\n[[nudge]]\n{copy}"),
    )
    .unwrap();
    let stdout = check();
    for expected in [
        format!(
            "nudges.toml:{}: error: nudge too-comfortable is on career-change, a personal topic",
            line_of("nudges.toml", "id = \"too-comfortable\"") - 1
        ),
        format!(
            "nudges.toml:{}: error: nudge cut-before-you-add nearly repeats nudge cut-first",
            line_of("nudges.toml", "id = \"cut-before-you-add\"") - 1
        ),
    ] {
        assert!(stdout.contains(&expected), "{expected:?} in {stdout}");
    }
}

fn copy_responses(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let packs = dir.path().join("packs");
    std::fs::create_dir_all(&packs).expect("copy the packs");
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/responses"))
        .expect("copy the packs")
    {
        let path = entry.expect("copy the packs").path();
        std::fs::copy(&path, packs.join(path.file_name().expect("copy the packs")))
            .expect("copy the packs");
    }
    packs
}

#[test]
fn serve_refuses_to_start_with_one_line_naming_what_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _, stderr) = run(bin(&dir).arg("serve"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.trim().starts_with("mops-bot: SLACK_SIGNING_SECRET:"),
        "{stderr}"
    );

    let (out, _, stderr) = run(bin(&dir)
        .arg("serve")
        .env("SLACK_SIGNING_SECRET", SECRET)
        .env("SLACK_BOT_TOKEN", "not-a-token"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("SLACK_BOT_TOKEN") && !stderr.contains("not-a-token"),
        "{stderr}"
    );

    let packs = copy_responses(&dir);
    std::fs::write(packs.join("nudges.toml"), "[[nudge]]\nid = 3\n").unwrap();
    let (out, _, stderr) = run(bin(&dir)
        .arg("serve")
        .env("SLACK_SIGNING_SECRET", SECRET)
        .env("MOPS_RESPONSES_DIR", &packs)
        .env("MOPS_LISTEN", "127.0.0.1:0"));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("nudges.toml:2: error"), "{stderr}");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("a free port")
        .port()
}

#[tokio::test]
async fn serve_answers_then_stops_on_sigterm_without_logging_secrets() {
    let slack = FakeSlack::start().await;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = bin(&dir)
        .arg("serve")
        .env("SLACK_SIGNING_SECRET", SECRET)
        .env("SLACK_BOT_TOKEN", TOKEN)
        .env("SLACK_API_URL", slack.api_url())
        .env("MOPS_LISTEN", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "trace")
        .env("MOPS_LOG_FORMAT", "json")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("serve starts");
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "serve did not come up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let response_url = format!("{}/response/cli/1", slack.base());
    let body = serde_urlencoded::to_string([
        ("team_id", "T0001"),
        ("channel_id", "C0001"),
        ("user_id", "U0001"),
        ("command", "/mops"),
        ("text", "advice burnout"),
        ("response_url", response_url.as_str()),
    ])
    .unwrap();
    let ts = jiff::Timestamp::now().as_second();
    let resp = client
        .post(format!("{base}/slack/commands"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-slack-request-timestamp", ts.to_string())
        .header("x-slack-signature", sign(SECRET, ts, body.as_bytes()))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let request_id = resp.headers()["x-request-id"]
        .to_str()
        .expect("a plain id")
        .to_owned();
    slack.wait_for("/response/cli/1", 1).await;

    let listen = format!("127.0.0.1:{port}");
    let (out, stdout, _) = run(bin(&dir).arg("health").env("MOPS_LISTEN", &listen));
    assert!(
        out.status.success(),
        "health sees the running bot: {stdout}"
    );
    let (out, stdout, _) = run(bin(&dir)
        .args(["health", "--ready"])
        .env("MOPS_LISTEN", &listen));
    assert!(out.status.success(), "and it is ready: {stdout}");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = tokio::task::spawn_blocking(move || {
        let status = child.wait().expect("serve exits");
        let mut logs = String::new();
        child
            .stderr
            .take()
            .expect("piped")
            .read_to_string(&mut logs)
            .expect("logs are text");
        (status, logs)
    });
    let (status, logs) = tokio::time::timeout(Duration::from_secs(15), exit)
        .await
        .expect("stops promptly")
        .unwrap();
    assert!(status.success(), "clean exit on SIGTERM: {logs}");
    assert!(
        logs.contains("\"team\":\"T0001\""),
        "request spans carry the team: {logs}"
    );
    assert!(
        !logs.contains(SECRET) && !logs.contains(TOKEN),
        "no secret in the logs"
    );
    assert!(logs.contains("shutting down"), "{logs}");
    // One search for the request id finds the background reply too.
    let reply_line = logs
        .lines()
        .find(|l| l.contains("\"message\":\"replied\""))
        .unwrap_or_else(|| panic!("the reply is logged: {logs}"));
    assert!(
        reply_line.contains(&format!("\"request_id\":\"{request_id}\"")),
        "the reply's log line carries the request id {request_id}: {reply_line}"
    );
    let (out, stdout, _) = run(bin(&dir).arg("health").env("MOPS_LISTEN", &listen));
    assert_eq!(
        out.status.code(),
        Some(1),
        "health notices the bot is gone: {stdout}"
    );
}
