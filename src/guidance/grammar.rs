//! The command grammar shared by `/mops`, mentions and DMs: what the person asked for.

use crate::text::Typed;

/// What a person asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Empty text, `help`, or `?`.
    Help,
    /// `topics`: every topic with its summary.
    Topics,
    /// `advice <text>` or any free text: the best pack, privately.
    Advice(Typed),
    /// `share <text>`: the best pack, posted to the channel.
    Share(Typed),
    /// `more <topic>`: the pack's deeper material.
    More(Typed),
    /// `nudge …`: weekly nudge settings; the rest of the text, untouched.
    Nudge(Typed),
    /// `log …`: the private work log; the rest of the text, untouched.
    Log(Typed),
    /// `prep <topic or free text>`: the talk-track builder for that conversation.
    Prep(Typed),
}

/// The question a request puts to the matcher, if it puts one.
pub fn question(request: &Request) -> Option<&str> {
    match request {
        Request::Advice(text)
        | Request::Share(text)
        | Request::More(text)
        | Request::Prep(text) => Some(text),
        Request::Help | Request::Topics | Request::Nudge(_) | Request::Log(_) => None,
    }
}

/// Parses the text after `/mops` (or after the bot's mention). Case, extra spaces and
/// punctuation around the first word do not matter.
pub fn parse(text: &str) -> Request {
    let text = text.trim();
    let (first, rest) = match text.split_once(char::is_whitespace) {
        Some((first, rest)) => (first, rest.trim()),
        None => (text, ""),
    };
    let word = first
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    match word.as_str() {
        "" | "help" | "hi" | "hello" | "hey" | "usage" | "commands" if rest.is_empty() => {
            Request::Help
        }
        // "help me get headcount" is a question, not a request for the manual.
        "help" if !matches!(rest.to_lowercase().as_str(), "me" | "please" | "pls") => {
            Request::Advice(text.into())
        }
        "help" => Request::Help,
        "topics" | "topic" | "list" if rest.is_empty() => Request::Topics,
        "advice" | "ask" | "advise" => {
            if rest.is_empty() {
                Request::Topics
            } else {
                Request::Advice(rest.into())
            }
        }
        "share" => Request::Share(rest.into()),
        "more" if !rest.is_empty() => Request::More(rest.into()),
        "nudge" | "nudges" => Request::Nudge(rest.into()),
        "log" | "worklog" => Request::Log(rest.into()),
        "prep" | "prepare" => Request::Prep(rest.into()),
        _ => Request::Advice(text.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_commands_are_recognised_whatever_the_case_and_punctuation() {
        assert_eq!(parse(""), Request::Help);
        assert_eq!(parse("  HELP!  "), Request::Help);
        assert_eq!(parse("?"), Request::Help);
        assert_eq!(parse("Topics."), Request::Topics);
        assert_eq!(
            parse("advice:   burnout"),
            Request::Advice("burnout".into())
        );
        assert_eq!(parse("advice"), Request::Topics);
        assert_eq!(
            parse("Share scope creep"),
            Request::Share("scope creep".into())
        );
        assert_eq!(parse("share"), Request::Share(Typed::default()));
        assert_eq!(parse("more burnout"), Request::More("burnout".into()));
        assert_eq!(
            parse("nudge on monday 09:00 Europe/Berlin"),
            Request::Nudge("on monday 09:00 Europe/Berlin".into())
        );
        assert_eq!(
            parse("Log 3h salesforce admin for sales"),
            Request::Log("3h salesforce admin for sales".into())
        );
        assert_eq!(parse("log"), Request::Log(Typed::default()));
        assert_eq!(parse("Prep: burnout"), Request::Prep("burnout".into()));
    }

    #[test]
    fn anything_else_is_a_question() {
        assert_eq!(
            parse("should I quit?"),
            Request::Advice("should I quit?".into())
        );
        assert_eq!(
            parse("list of tools we should cut"),
            Request::Advice("list of tools we should cut".into())
        );
        assert_eq!(parse("more"), Request::Advice("more".into()));
        assert_eq!(
            parse("help me write a job description for a mops director"),
            Request::Advice("help me write a job description for a mops director".into())
        );
        assert_eq!(parse("help me"), Request::Help);
    }
}
