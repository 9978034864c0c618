//! Helpful / not-helpful clicks: stored once per person, thanked, and counted by `mops-bot report`.

use std::time::Duration;

use mops_bot::store::feedback::{self, SubjectKind};

use super::{On, answer_on, press, text_of};
use crate::helpers::spawn_app;

#[tokio::test]
async fn feedback_is_stored_once_per_person_thanked_and_reported() {
    let app = spawn_app().await;
    let clicks = [
        ("feedback_not_helpful", "topic:burnout"),
        ("feedback_helpful", "topic:burnout"),
        ("feedback_helpful", "nudge:log-invisible-work"),
        ("feedback_helpful", "topic:no-longer-here"),
    ];
    for (action, value) in clicks {
        let path = press(&app, On::Message, action, value).await;
        let thanks = answer_on(&app, &path).await;
        assert_eq!(thanks["response_type"], "ephemeral");
        assert!(text_of(&thanks).contains("Thanks"), "{thanks}");
    }
    assert!(
        app.state.bookkeeper.flush(Duration::from_secs(5)).await,
        "votes are written after the thank-you"
    );
    let tallies = feedback::tallies(&app.state.db).await.unwrap();
    let shown: Vec<(SubjectKind, &str, i64, i64)> = tallies
        .iter()
        .map(|t| (t.kind, t.subject_id.as_str(), t.helpful, t.not_helpful))
        .collect();
    assert_eq!(
        shown,
        vec![
            (SubjectKind::Topic, "burnout", 1, 0),
            (SubjectKind::Nudge, "log-invisible-work", 1, 0)
        ],
        "a changed vote replaces the first; unknown topics are not stored"
    );

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mops-bot"))
        .arg("report")
        .env(
            "DATABASE_URL",
            crate::test_db::database_url(app.db_dir.path()),
        )
        .current_dir(app.db_dir.path())
        .output()
        .expect("mops-bot runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = |id: &str| {
        stdout
            .lines()
            .find(|l| l.contains(id))
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
    };
    assert_eq!(line("burnout"), Some(vec!["burnout", "1", "0"]), "{stdout}");
    assert_eq!(
        line("log-invisible-work"),
        Some(vec!["log-invisible-work", "1", "0"]),
        "{stdout}"
    );

    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_mops-bot"))
        .arg("report")
        .env_remove("DATABASE_URL")
        .current_dir(app.db_dir.path())
        .output()
        .expect("mops-bot runs");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("DATABASE_URL"));
}
