//! The `/mops nudge` grammar, form by form.

use super::*;

fn on(text: &str) -> (Option<Weekday>, Option<u16>, Option<String>) {
    match parse(text) {
        Ok(NudgeCommand::On {
            weekday,
            minute_of_day,
            zone,
        }) => (
            weekday,
            minute_of_day,
            zone.and_then(|z| z.iana_name().map(str::to_owned)),
        ),
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn every_documented_form_of_on_parses() {
    assert_eq!(on("on"), (None, None, None));
    assert_eq!(on("on tuesday"), (Some(Weekday::Tuesday), None, None));
    assert_eq!(
        on("on thu 8:30am"),
        (Some(Weekday::Thursday), Some(510), None)
    );
    assert_eq!(
        on("on monday 09:00 Europe/Berlin"),
        (
            Some(Weekday::Monday),
            Some(540),
            Some("Europe/Berlin".into())
        )
    );
    assert_eq!(
        on("ON Fridays at 4 pm america/new_york"),
        (
            Some(Weekday::Friday),
            Some(960),
            Some("America/New_York".into())
        )
    );
    assert_eq!(on("on 12am UTC").1, Some(0));
    assert_eq!(on("on noon").1, Some(720));
    assert_eq!(on("on wed 17:45").1, Some(17 * 60 + 45));
}

#[test]
fn bad_input_gets_a_specific_correction() {
    let say = |t: &str| parse(t).unwrap_err().0;
    let moon = say("on Moonday 9am");
    assert!(
        moon.starts_with("I couldn't read 'Moonday' as a weekday. Did you mean Monday?"),
        "{moon}"
    );
    assert!(moon.contains("/mops nudge on tuesday 9:30am Europe/Berlin"));
    assert!(say("on monday 25:00").contains("'25:00' as a time"));
    assert!(say("on monday 13pm").contains("as a time"));
    let zone = say("on monday 9am Mars/Olympus");
    assert!(
        zone.contains("time zone 'Mars/Olympus'") && zone.contains("America/New_York"),
        "{zone}"
    );
    assert!(say("on PST").contains("time zone 'PST'"));
    assert!(say("on monday friday").contains("pick one weekday"));
    assert!(say("pause forever").contains("'forever' as a number of weeks"));
    assert!(say("pause 53").contains("1 to 52"));
    assert!(say("status please").contains("takes nothing after it"));
    assert!(say("subscribe <!channel>").contains("'&lt;!channel&gt;'"));
    assert!(say("sometimes").contains("I don't know `nudge sometimes`"));
}

#[test]
fn the_other_sub_commands_parse() {
    assert_eq!(parse(""), Ok(NudgeCommand::Help));
    assert_eq!(parse("off"), Ok(NudgeCommand::Off));
    assert_eq!(parse("pause"), Ok(NudgeCommand::Pause { weeks: 1 }));
    assert_eq!(
        parse("pause for 3 weeks"),
        Ok(NudgeCommand::Pause { weeks: 3 })
    );
    assert_eq!(
        parse("pause two weeks"),
        Ok(NudgeCommand::Pause { weeks: 2 })
    );
    assert_eq!(parse("Resume."), Ok(NudgeCommand::Resume));
    assert_eq!(parse("status"), Ok(NudgeCommand::Status));
    assert_eq!(parse("preview"), Ok(NudgeCommand::Preview));
}
