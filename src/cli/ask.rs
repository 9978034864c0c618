//! `mops-bot ask`: a question as if typed after `/mops`, answered in the terminal; with
//! `--explain`, why: the matcher's own explanation value, the one the playground shows.

use std::io::Write;
use std::process::ExitCode;

use crate::guidance::matcher::{Explanation, MAX_SHOWN, Outcome};
use crate::guidance::{Guide, grammar};
use crate::ids::UserId;

pub fn run(guide: &Guide, json: bool, explain: bool, text: &str) -> anyhow::Result<ExitCode> {
    let request = grammar::parse(text);
    let mut out = std::io::stdout().lock();
    if explain {
        let question = grammar::question(&request);
        let explanation = question.map(|q| guide.matcher.explain(q));
        match (&explanation, json) {
            (Some(e), true) => writeln!(out, "{}", serde_json::to_string(e)?)?,
            (Some(e), false) => write!(out, "{}", terminal(e))?,
            (None, true) => writeln!(out, "null")?,
            (None, false) => writeln!(
                out,
                "{text:?} is a command, not a question: the matcher is not asked. Try `mops-bot ask --explain advice <question>`."
            )?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    let asker = UserId::parse("U0CLI").expect("valid id");
    let answer = guide.answer(&request, &asker);
    if json {
        let message = crate::slack::render::message(&answer);
        let value = serde_json::json!({ "topic": answer.topic, "message": message });
        writeln!(out, "{}", serde_json::to_string(&value)?)?;
    } else {
        write!(out, "{}", super::render::answer(&answer))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// An explanation as terminal text.
pub fn terminal(e: &Explanation) -> String {
    let verdict = match &e.outcome {
        Outcome::Match {
            topic, confidence, ..
        } => format!("answer with {topic} ({confidence:?} confidence)").to_lowercase(),
        Outcome::Unsure { closest } if closest.is_empty() => {
            "not sure: decline and point to /mops topics".to_owned()
        }
        Outcome::Unsure { closest } => format!("not sure: offer {}", closest.join(", ")),
    };
    let mut out = format!(
        "Decision: {verdict}\nRule: {rule} ({reason})\nMargin between the two best: {margin:.3}\nMeaningful words read: {words}\n",
        rule = e.rule.name(),
        reason = e.reason,
        margin = e.margin,
        words = e.words,
    );
    if e.candidates.is_empty() {
        out.push_str("No topic has any evidence.\n");
    }
    for (i, c) in e.candidates.iter().take(MAX_SHOWN).enumerate() {
        out.push_str(&format!(
            "\n{n}. {topic}: score {score:.3} (evidence {ev:.3}: keywords {kw:.2}, explains {cov:.0}% of the message, example similarity {sim:.2} closest / {all:.2} three closest; model {model:.0}%)\n",
            n = i + 1,
            topic = c.topic,
            score = c.score,
            ev = c.evidence,
            model = c.model * 100.0,
            kw = c.keywords,
            cov = c.coverage * 100.0,
            sim = c.similarity,
            all = c.topic_similarity,
        ));
        if !c.counted.is_empty() {
            let counted: Vec<String> = c
                .counted
                .iter()
                .map(|w| format!("{} {:.2}", w.text, w.weight))
                .collect();
            out.push_str(&format!("   counted: {}\n", counted.join(", ")));
        }
        if let Some(example) = &c.example {
            out.push_str(&format!("   closest example: \"{example}\"\n"));
        }
    }
    out
}
