//! The `mops-bot` binary itself: `ask`, `check`, and `serve` as a real process.

use std::process::{Command, Output};

use serde_json::Value;

mod explain;
mod keys;
mod logs;
mod serve;

pub(crate) const SECRET: &str = "cli-test-signing-secret-d41d8cd9";
pub(crate) const TOKEN: &str = "xoxb-cli-test-token-0f8a9";

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
