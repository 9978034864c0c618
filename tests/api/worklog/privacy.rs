//! Only the author ever reads a work-log entry: another person's view, summary, export,
//! undo and clear (even with the author's button value) never reach it.

use super::{click_as, count, log_four, reply_as, shown};
use crate::helpers::{USER, spawn_app};

const OTHER: &str = "U0OTHER";

#[tokio::test]
async fn another_person_can_never_read_or_change_the_entries() {
    let app = spawn_app().await;
    log_four(&app, USER).await;
    let confirm = reply_as(&app, USER, "log clear").await;
    let author_button = confirm["blocks"][1]["elements"][0]["value"]
        .as_str()
        .unwrap()
        .to_owned();

    let week = shown(&reply_as(&app, OTHER, "log").await);
    assert!(week.contains("Nothing logged this week"), "{week}");
    let summary = shown(&reply_as(&app, OTHER, "log summary 26").await);
    assert!(
        summary.contains("Nothing logged") && !summary.contains("salesforce"),
        "{summary}"
    );
    let export = shown(&reply_as(&app, OTHER, "log export").await);
    assert!(export.contains("nothing to export"), "{export}");
    let undo = shown(&reply_as(&app, OTHER, "log undo").await);
    assert!(undo.contains("nothing to undo"), "{undo}");
    // A crafted click with the author's newest id clears only the clicker's (empty) log.
    let clear = shown(&click_as(&app, OTHER, "worklog_clear", &author_button).await);
    assert!(clear.contains("already empty"), "{clear}");
    assert!(
        app.slack.received("/api/chat.postMessage").is_empty(),
        "no DM went anywhere"
    );

    assert_eq!(count(&app, USER).await, 4, "the author's log is untouched");
    let mine = shown(&reply_as(&app, USER, "log summary").await);
    assert!(mine.contains("over 4 entries"), "{mine}");
}
