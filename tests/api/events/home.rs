//! The App Home tab published on `app_home_opened`.

use super::{QUIET, direct_message, envelope, home_opened, post_event};
use crate::helpers::{USER, spawn_app};

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
        app.slack.settle("/api/views.publish", QUIET).await.len(),
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
