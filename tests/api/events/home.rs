//! The App Home tab published on `app_home_opened`.

use super::{direct_message, envelope, home_opened, post_event};
use crate::helpers::{TestApp, USER, spawn_app};

#[tokio::test]
async fn the_home_tab_is_published_with_every_topic_and_recent_answers() {
    let app = spawn_app().await;
    post_event(&app, &envelope("Ev0HOME0001", home_opened("home"))).await;
    let got = app.slack.wait_for("/api/views.publish", 1).await;
    let request = got[0].json();
    assert_eq!(request["user_id"], USER);
    let view = &request["view"];
    assert_eq!(view["type"], "home");
    let blocks = view["blocks"].as_array().expect("blocks");
    assert!(blocks.len() <= 100, "{} blocks", blocks.len());
    let topic_buttons: Vec<&str> = blocks
        .iter()
        .filter(|b| b["accessory"]["action_id"] == "home_topic")
        .filter_map(|b| b["accessory"]["value"].as_str())
        .collect();
    let packs = app.state.guide.library.packs();
    assert_eq!(topic_buttons.len(), packs.len(), "one button per topic");
    for p in packs {
        assert!(topic_buttons.contains(&p.id.as_str()), "{}", p.id);
    }
    let text = view["blocks"].to_string();
    assert!(
        text.contains("/mops nudge on") && text.contains("Nothing yet"),
        "{text}"
    );

    post_event(
        &app,
        &envelope(
            "Ev0HOME0002",
            direct_message("burnout", "1795428000.001100"),
        ),
    )
    .await;
    app.slack.wait_for("/api/chat.postMessage", 1).await;
    post_event(&app, &envelope("Ev0HOME0003", home_opened("home"))).await;
    let got = app.slack.wait_for("/api/views.publish", 2).await;
    let text = got[1].json()["view"]["blocks"].to_string();
    assert!(
        text.contains("/mops advice burnout") && !text.contains("Nothing yet"),
        "{text}"
    );

    post_event(&app, &envelope("Ev0HOME0004", home_opened("messages"))).await;
    assert_eq!(
        app.settled("/api/views.publish").await.len(),
        2,
        "the messages tab publishes nothing"
    );
}

#[tokio::test]
async fn slash_command_answers_show_up_as_recent_answers_on_home() {
    let app = spawn_app().await;
    let (_, path) = app.command("should i quit").await;
    app.slack.wait_for(&path, 1).await;
    post_event(&app, &envelope("Ev0HOME0101", home_opened("home"))).await;
    let got = app.slack.wait_for("/api/views.publish", 1).await;
    let text = got[0].json()["view"]["blocks"].to_string();
    assert!(
        text.contains("/mops advice career-change") && !text.contains("Nothing yet"),
        "{text}"
    );
}

/// `user` opens the Home tab.
async fn open_home_as(app: &TestApp, event_id: &str, user: &str) {
    let mut event = home_opened("home");
    event["user"] = user.into();
    post_event(app, &envelope(event_id, event)).await;
}

#[tokio::test]
async fn home_shows_the_persons_own_nudge_and_work_log_and_nobody_elses() {
    let app = spawn_app().await;
    open_home_as(&app, "Ev0HOME0201", USER).await;
    let text =
        app.slack.wait_for("/api/views.publish", 1).await[0].json()["view"]["blocks"].to_string();
    assert!(
        text.contains("Just for you")
            && text.contains("*Your weekly nudge*: not set up")
            && text.contains("*Your work log*: nothing in the last 4 weeks"),
        "{text}"
    );

    crate::worklog::log_four(&app, USER).await;
    crate::nudges::reply(&app, "nudge me on friday 9am").await;
    open_home_as(&app, "Ev0HOME0202", USER).await;
    let text =
        app.slack.wait_for("/api/views.publish", 2).await[1].json()["view"]["blocks"].to_string();
    for expected in [
        "*Your weekly nudge*: every Friday at 09:00 (America/New_York), by DM.",
        "Next: *Friday 27 November 2026 at 09:00 EST*",
        "*Your work log, last 4 weeks*: 6h45 over 4 entries, 67% of it asked for by teams",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }

    open_home_as(&app, "Ev0HOME0203", "U0OTHER").await;
    let got = app.slack.wait_for("/api/views.publish", 3).await;
    let other = got[2].json();
    assert_eq!(other["user_id"], "U0OTHER");
    let text = other["view"]["blocks"].to_string();
    assert!(
        text.contains("not set up") && text.contains("nothing in the last 4 weeks"),
        "another person sees only their own: {text}"
    );
}
