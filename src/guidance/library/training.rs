//! Training questions: `training-*.tsv` files in `responses/`, written the way people really
//! write in Slack (rants, slang, typos, two topics at once), each labelled with the topic it
//! belongs to or `none` for what no topic should claim. The matcher's model learns from them
//! next to the packs' own example questions, and the `none` lines are how it learns what is
//! off-topic. The format is the evaluation files' (`guidance::eval`), so a file can move from
//! evaluation to training as it is.

use crate::guidance::diagnostic::Diagnostic;
use crate::guidance::eval::{self, Case};

/// What a training file's name starts with (and `.tsv` is what it ends with).
pub const PREFIX: &str = "training-";
/// The most questions one file may hold: the model trains on all of them at start-up.
pub const MAX_QUESTIONS: usize = 2_000;

/// One file of labelled questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingFile {
    /// The file's name, e.g. `training-slack.tsv`: how `eval --cross-validate` names it.
    pub name: String,
    pub questions: Vec<Case>,
}

/// Whether `name` is a training file's.
pub fn is_training(name: &str) -> bool {
    name.starts_with(PREFIX) && name.ends_with(".tsv")
}

/// Reads one training file, checking its topics against `topics`.
pub fn parse(name: &str, text: &str, topics: &[&str]) -> Result<TrainingFile, Vec<Diagnostic>> {
    let questions = eval::parse(text, topics)
        .map_err(|bad| vec![Diagnostic::error(name, Some(bad.line), bad.problem)])?;
    if questions.len() > MAX_QUESTIONS {
        return Err(vec![Diagnostic::error(
            name,
            None,
            format!(
                "{} questions; keep a file to {MAX_QUESTIONS} (the model trains on every one at start-up)",
                questions.len()
            ),
        )]);
    }
    Ok(TrainingFile {
        name: name.to_owned(),
        questions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_labelled_questions_and_names_a_bad_line() {
        let text = "topic\tquery\n# a comment\nburnout\tso fried\nnone\tlunch?\n";
        let file = parse("training-x.tsv", text, &["burnout"]).expect("valid");
        assert_eq!(file.questions.len(), 2);
        assert_eq!(file.questions[0].expected.as_deref(), Some("burnout"));
        assert_eq!(file.questions[1].expected, None);

        let errors = parse(
            "training-x.tsv",
            "topic\tquery\nnot-a-topic\thi\n",
            &["burnout"],
        )
        .expect_err("unknown topic");
        assert_eq!(errors[0].line, Some(2));
        assert!(errors[0].message.contains("not-a-topic"), "{errors:?}");
        let too_many = format!(
            "topic\tquery\n{}",
            "burnout\tso fried\n".repeat(MAX_QUESTIONS + 1)
        );
        let errors = parse("training-x.tsv", &too_many, &["burnout"]).expect_err("bounded");
        assert!(
            errors[0].message.contains("keep a file to 2000"),
            "{errors:?}"
        );
        assert!(is_training("training-slack.tsv"));
        assert!(!is_training("training-slack.md") && !is_training("queries.tsv"));
    }
}
