//! Every button and native feedback value parses back into its action; bad ones are refused.

use super::*;

#[test]
fn every_button_parses_back_into_its_action() {
    let channel = ChannelId::parse("C0001").unwrap();
    let cases = [
        (
            share_button("burnout"),
            Action::ShareAnswer("burnout".into()),
        ),
        (
            related(2, "Metrics", "metrics"),
            Action::RelatedTopic("metrics".into()),
        ),
        (more_button("role"), Action::MoreTopic("role".into())),
        (home_topic_button("role"), Action::HomeTopic("role".into())),
        (
            nudge_more_button("burnout"),
            Action::NudgeMore("burnout".into()),
        ),
        (prep_button("role"), Action::PrepOpen("role".into())),
        (
            nudge_pause_button(&channel),
            Action::NudgePause(channel.clone()),
        ),
        (
            change_schedule_button(&channel),
            Action::NudgeSettings(channel.clone()),
        ),
        (worklog_clear_button(42), Action::WorklogClear(42)),
    ];
    for (element, expected) in cases {
        let (action_id, value) = (element.action_id(), Some(element.value()));
        assert_eq!(Action::parse(&action_id, value.as_deref()), Ok(expected));
    }
    let subject = Subject::Nudge("log-invisible-work".into());
    let [yes, no] = feedback_buttons(&subject);
    for (element, helpful) in [(yes, true), (no, false)] {
        let (action_id, value) = (element.action_id(), Some(element.value()));
        assert_eq!(
            Action::parse(&action_id, value.as_deref()),
            Ok(Action::Feedback {
                subject: subject.clone(),
                helpful
            })
        );
    }
}

#[test]
fn unknown_ids_and_bad_values_are_refused() {
    assert!(matches!(
        Action::parse("launch_rockets", Some("x")),
        Err(ActionError::Unknown(_))
    ));
    for (id, value) in [
        ("share_answer", None),
        ("related_topic", Some("../etc/passwd")),
        ("feedback_helpful", Some("burnout")),
        ("feedback_helpful", Some("pack:burnout")),
        ("feedback_not_helpful", Some("topic:")),
        ("feedback", Some("topic:burnout")),
        ("feedback", Some("maybe:topic:burnout")),
        ("nudge_pause", Some("not a channel")),
        ("home_topic", Some("Burnout")),
        ("worklog_clear", Some("-1")),
        ("worklog_clear", Some("all")),
    ] {
        assert!(
            matches!(Action::parse(id, value), Err(ActionError::BadValue { .. })),
            "{id} {value:?}"
        );
    }
}
