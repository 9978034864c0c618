//! Every message and view the bot can send, rendered and held to Slack's Block Kit limits.

use jiff::civil::date;
use jiff::tz::TimeZone;
use mops_bot::bot::conversation;
use mops_bot::bot::modals::nudge_settings;
use mops_bot::guidance::answer::Answer;
use mops_bot::guidance::compose::{self, Audience};
use mops_bot::guidance::library::Library;
use mops_bot::guidance::{Guide, notes};
use mops_bot::nudges::schedule::Schedule;
use mops_bot::slack::blocks::{MAX_MESSAGE_BLOCKS, MAX_VIEW_BLOCKS, limit_violations};
use mops_bot::slack::ids::{ChannelId, UserId};
use mops_bot::slack::message::Message;
use mops_bot::slack::render::{home, message};

use crate::helpers::spawn_app;

fn check_message(name: &str, message: &Message, problems: &mut Vec<String>) {
    if message.text.trim().is_empty() {
        problems.push(format!("{name}: no text fallback"));
    }
    for v in limit_violations(&message.blocks, MAX_MESSAGE_BLOCKS) {
        problems.push(format!("{name}: {v}"));
    }
}

#[tokio::test]
async fn every_message_and_view_fits_slacks_limits() {
    let app = spawn_app().await;
    let library = &app.state.guide.library;
    let user = UserId::parse("U0000000000").unwrap();
    let channel = ChannelId::parse("C0000000000").unwrap();
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut check = |name: String, answer: Answer, problems: &mut Vec<String>| {
        check_message(&name, &message(&answer), problems);
        checked += 1;
    };

    for pack in library.packs() {
        for (what, answer) in compose::all_answers(library, pack) {
            check(format!("{}: {what}", pack.id), answer, &mut problems);
        }
        let shared = compose::pack_answer(library, pack, Audience::SharedBy(&user));
        check(
            format!("{}: shared, in a thread", pack.id),
            shared.in_conversation(),
            &mut problems,
        );
        let more = compose::more_answer(library, pack);
        check(
            format!("{}: more, in a DM", pack.id),
            more.in_conversation(),
            &mut problems,
        );
    }
    check(
        "help".into(),
        mops_bot::guidance::help::general(library),
        &mut problems,
    );
    check("topics".into(), compose::topics(library), &mut problems);
    let closest: Vec<String> = library.packs().iter().map(|p| p.id.clone()).collect();
    check(
        "unsure, longest query".into(),
        compose::unsure(library, &"<@U1> & ".repeat(1000), &closest[..3]),
        &mut problems,
    );
    for text in [
        "help",
        "topics",
        "",
        "share",
        "share burnout",
        "more burnout",
        "what is the weather",
        &"nudge on ".repeat(500),
    ] {
        let reply = conversation::reply(&app.state, text, &user).await;
        check(
            format!("conversation reply to {:.20}", text),
            reply,
            &mut problems,
        );
    }
    check(
        "nudge pointer".into(),
        notes::nudge_pointer(&"x".repeat(5000)),
        &mut problems,
    );
    check("thanks".into(), notes::feedback_thanks(true), &mut problems);
    check(
        "thanks, not helpful".into(),
        notes::feedback_thanks(false),
        &mut problems,
    );
    check("topic gone".into(), notes::topic_gone(), &mut problems);
    for nudge in library.nudges() {
        check(
            format!("nudge {}", nudge.id),
            mops_bot::nudges::message::nudge_message(library, nudge, &channel),
            &mut problems,
        );
    }
    check(
        "nudge help".into(),
        mops_bot::guidance::help::nudges(),
        &mut problems,
    );
    assert!(checked > 4 * library.packs().len(), "checked {checked}");

    let all: Vec<String> = library.packs().iter().map(|p| p.id.clone()).collect();
    let mine = home::Mine {
        nudge: "n".repeat(5000),
        log: "l".repeat(5000),
    };
    let schedules: Vec<home::ChannelSchedule> = (0..20)
        .map(|n| home::ChannelSchedule {
            channel: ChannelId::parse(&format!("C{n:010}")).unwrap(),
            shown: "every Wednesday at 23:45 (America/Argentina/ComodRivadavia)".into(),
        })
        .collect();
    for recent in [&[][..], &all[..]] {
        for schedules in [&[][..], &schedules[..]] {
            let view = home::home_view(library, recent, schedules, Some(&mine));
            for v in limit_violations(&view.blocks, MAX_VIEW_BLOCKS) {
                problems.push(format!("home tab: {v}"));
            }
        }
    }
    for (schedule, on) in [
        (Schedule::default_in(TimeZone::UTC), true),
        (
            Schedule::default_in(TimeZone::get("America/Argentina/ComodRivadavia").unwrap()),
            false,
        ),
    ] {
        let modal = nudge_settings::modal(&channel, &schedule, on);
        for v in modal.limit_violations() {
            problems.push(format!("nudge settings modal: {v}"));
        }
    }
    for pack in library.packs() {
        let modal = mops_bot::bot::modals::prep::modal(pack, &"evidence ".repeat(1000));
        for v in modal.limit_violations() {
            problems.push(format!("talk-track builder for {}: {v}", pack.id));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_home_tab_stays_within_100_blocks_however_big_the_library() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("responses");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().to_string_lossy().into_owned();
            Some((name, std::fs::read_to_string(e.path()).ok()?))
        })
        .collect();
    let template = files
        .iter()
        .find(|(n, _)| n == "metrics.md")
        .map(|(_, t)| t.clone())
        .expect("metrics pack");
    for n in 0..150 {
        let id = format!("extra-topic-{n}");
        let mut text = template
            .replace("id = \"metrics\"", &format!("id = \"{id}\""))
            .replace(
                "keywords = [",
                &format!("keywords = [\"extra keyword {n}\", "),
            );
        // An example may teach one topic only, so each copy gets its own.
        let start = text.find("examples = [").expect("metrics has examples");
        let end = start + text[start..].find("]\n").expect("closed") + 1;
        let examples: Vec<String> = (0..5)
            .map(|i| format!("\"extra question {i} for topic {n}\""))
            .collect();
        text.replace_range(start..end, &format!("examples = [{}]", examples.join(", ")));
        files.push((format!("{id}.md"), text));
    }
    let today = date(2026, 11, 23);
    let library = match Library::from_files(files, today) {
        Ok(loaded) => loaded.library,
        Err(errors) => panic!("{errors:#?}"),
    };
    assert!(library.packs().len() > 150);
    let guide = Guide::new(library);
    let mine = home::Mine {
        nudge: "Your weekly nudge".into(),
        log: "Your work log".into(),
    };
    let view = home::home_view(&guide.library, &[], &[], Some(&mine));
    assert_eq!(
        limit_violations(&view.blocks, MAX_VIEW_BLOCKS),
        Vec::<String>::new()
    );
    let text = serde_json::to_string(&view).unwrap();
    assert!(text.contains("/mops topics"), "points to the full list");
    assert!(text.contains("nudge on"), "keeps the nudge section");
    assert!(
        text.contains("Your work log"),
        "keeps the person's own section"
    );
}
