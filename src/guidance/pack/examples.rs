//! A pack's example questions: how people really ask about the topic, written by content people
//! like training phrases. The matcher compares whole messages with them, so they must be real
//! questions of a sensible length, and each may teach one topic only.

use crate::guidance::diagnostic::Diagnostic;

/// Fewer than this and similarity has too little to go on.
pub const MIN_EXAMPLES: usize = 5;
/// More than this is a keyword list in disguise, and slows start-up for nothing.
pub const MAX_EXAMPLES: usize = 40;
/// Shorter than this is a keyword, which belongs in `keywords`.
pub const MIN_EXAMPLE_CHARS: usize = 12;
/// Longer than this is an essay; the matcher reads whole messages, not paragraphs of examples.
pub const MAX_EXAMPLE_CHARS: usize = 200;

/// The form two examples are compared in: lowercase letters and digits, one space between words.
/// "I'm slammed!" and "im slammed" are the same example.
pub fn example_key(example: &str) -> String {
    example
        .to_lowercase()
        .replace(['\'', '\u{2019}'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reports every problem with `examples`, read from `file` (the `examples` key is on `line`).
pub fn check(out: &mut Vec<Diagnostic>, file: &str, line: Option<usize>, examples: &[String]) {
    let mut problem = |msg: String| out.push(Diagnostic::error(file, line, msg));
    if examples.len() < MIN_EXAMPLES {
        problem(format!(
            "examples lists {} questions; write at least {MIN_EXAMPLES}, as people would type them",
            examples.len()
        ));
    } else if examples.len() > MAX_EXAMPLES {
        problem(format!(
            "examples lists {} questions; keep it to {MAX_EXAMPLES} of the most typical",
            examples.len()
        ));
    }
    let mut seen: Vec<String> = Vec::new();
    for (i, example) in examples.iter().enumerate() {
        let n = example.trim().chars().count();
        let which = format!("example {} ({:?})", i + 1, shorten(example));
        if n == 0 {
            problem(format!("example {} is empty", i + 1));
            continue;
        }
        if n < MIN_EXAMPLE_CHARS {
            problem(format!(
                "{which} has {n} characters; write a whole question of at least {MIN_EXAMPLE_CHARS}, or make it a keyword"
            ));
        } else if n > MAX_EXAMPLE_CHARS {
            problem(format!(
                "{which} has {n} characters; keep it to {MAX_EXAMPLE_CHARS}"
            ));
        }
        let key = example_key(example);
        if seen.contains(&key) {
            problem(format!("{which} is listed twice"));
        } else {
            seen.push(key);
        }
    }
}

fn shorten(example: &str) -> String {
    let short: String = example.trim().chars().take(40).collect();
    if short.len() < example.trim().len() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(examples: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        let owned: Vec<String> = examples.iter().map(|e| (*e).to_owned()).collect();
        check(&mut out, "burnout.md", Some(6), &owned);
        out.into_iter().map(|d| d.to_string()).collect()
    }

    const FIVE: [&str; 5] = [
        "i'm underwater at work",
        "slammed every single week",
        "doing three people's jobs",
        "working every weekend lately",
        "nobody sees what i fix",
    ];

    #[test]
    fn five_distinct_questions_of_a_sensible_length_pass() {
        assert_eq!(problems(&FIVE), Vec::<String>::new());
    }

    #[test]
    fn too_few_empty_short_long_and_repeated_examples_are_named() {
        let few = problems(&FIVE[..2]);
        assert!(few.len() == 1 && few[0].contains("at least 5"), "{few:?}");

        let long = "a".repeat(MAX_EXAMPLE_CHARS + 1);
        let mut bad = FIVE.to_vec();
        bad.extend(["", "burnout", long.as_str(), "I'm underwater at work!"]);
        let found = problems(&bad);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].contains("example 6 is empty"), "{found:?}");
        assert!(found[1].contains("example 7") && found[1].contains("keyword"));
        assert!(found[2].contains("example 8") && found[2].contains("keep it to 200"));
        assert!(found[3].contains("example 9") && found[3].contains("listed twice"));
        assert!(
            found.iter().all(|f| f.starts_with("burnout.md:6")),
            "{found:?}"
        );
    }

    #[test]
    fn keys_ignore_case_punctuation_and_apostrophes() {
        assert_eq!(example_key("I'm  SLAMMED!!"), "im slammed");
        assert_eq!(example_key("im slammed"), "im slammed");
    }
}
