//! What `/mops` says when no topic fits: a plain decline that says how to list topics when
//! nothing points anywhere, and only topics with real evidence offered otherwise.

use serde_json::Value;

use crate::helpers::spawn_app;

fn block_text(message: &Value) -> String {
    serde_json::to_string(&message["blocks"]).unwrap_or_default()
}

#[tokio::test]
async fn a_lasagna_recipe_is_declined_plainly_and_pointed_at_the_topic_list_not_at_burnout() {
    let app = spawn_app().await;
    let (resp, path) = app
        .command("anyone have a good lasagna recipe for sunday?")
        .await;
    assert_eq!(resp.status(), 200);
    let reply = app.slack.wait_for(&path, 1).await[0].json();
    assert_eq!(reply["response_type"], "ephemeral");
    let text = block_text(&reply);
    assert!(
        text.contains("not sure") && text.contains("/mops topics"),
        "declines and says how to list topics: {text}"
    );
    assert!(
        !text.contains("/mops advice") && !text.contains("Burnout"),
        "no topic is offered for a recipe: {text}"
    );
}

#[tokio::test]
async fn a_message_with_some_evidence_is_offered_only_the_topics_it_points_at() {
    let app = spawn_app().await;
    let (_, path) = app.command("sales").await;
    let reply = app.slack.wait_for(&path, 1).await[0].json();
    let text = block_text(&reply);
    assert!(text.contains("not sure"), "{text}");
    assert!(
        text.contains("/mops advice collaboration"),
        "the topic about working with sales is offered: {text}"
    );
    assert!(
        !text.contains("/mops advice burnout") && !text.contains("/mops advice career-change"),
        "not the first topics in alphabetical order: {text}"
    );
    assert!(text.contains("/mops topics"), "{text}");
}
