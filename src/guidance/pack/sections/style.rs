//! House style that `check` can verify line by line: one convention for talk-track quotes,
//! cross-references to other topics by title, never as code or an id, and US spelling.

use crate::guidance::diagnostic::Diagnostic;
use crate::guidance::spelling;

/// The index of `What to say` in the section order.
const SCRIPT: usize = 2;

/// Checks one section's lines; `first_line` is the file line of `lines[0]`.
pub(super) fn check(
    file: &str,
    section: usize,
    first_line: usize,
    lines: &[&str],
    problems: &mut Vec<Diagnostic>,
) {
    let mut quotes = 0;
    for (i, line) in lines.iter().enumerate() {
        let at = Some(first_line + i);
        if let Some(rest) = line.strip_prefix('>') {
            quotes += 1;
            let said = rest.trim();
            let quoted = said.len() >= 2 && said.starts_with('"') && said.ends_with('"');
            if section == SCRIPT && !quoted {
                problems.push(Diagnostic::error(
                    file,
                    at,
                    "a talk-track line is written `> \"what to say\"`: the words inside straight double quotes",
                ));
            }
        }
        if let Some(code) = code_span(line) {
            problems.push(Diagnostic::error(
                file,
                at,
                format!(
                    "`{code}` shows as code in Slack; name another topic by its title in *bold*, or write the text plainly"
                ),
            ));
        }
        if let Some(word) = spelling::british_word(line) {
            problems.push(Diagnostic::error(file, at, spelling::message(word)));
        }
        if let Some(id) = italic_id(line) {
            problems.push(Diagnostic::error(
                file,
                at,
                format!("_{id}_ looks like a topic id; name the topic by its title in *bold*"),
            ));
        }
    }
    if section == SCRIPT && quotes == 0 {
        problems.push(Diagnostic::error(
            file,
            Some(first_line.saturating_sub(1)),
            "`What to say` needs a talk track: at least one `> \"…\"` line the reader can say",
        ));
    }
}

/// The first `` `…` `` span on the line, if any.
fn code_span(line: &str) -> Option<&str> {
    let start = line.find('`')?;
    let rest = &line[start + 1..];
    let end = rest.find('`')?;
    Some(&rest[..end])
}

/// The first `_word-word_` on the line: an id in italics (ids are the only words with dashes
/// and no spaces that anyone would wrap in underscores).
fn italic_id(line: &str) -> Option<&str> {
    line.split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | '.' | ';' | ':')))
        .filter_map(|w| w.strip_prefix('_')?.strip_suffix('_'))
        .find(|inner| {
            inner.contains('-')
                && inner
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(section: usize, lines: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        check("p.md", section, 10, lines, &mut out);
        out.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn talk_tracks_are_quoted_lines() {
        assert!(problems(SCRIPT, &["To your manager:", "> \"Words.\""]).is_empty());
        let errs = problems(SCRIPT, &["> \"Fine.\"", "> Not quoted."]);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].starts_with("p.md:11: error: a talk-track line"),
            "{errs:?}"
        );
        let errs = problems(SCRIPT, &["Just say it nicely."]);
        assert!(errs[0].contains("needs a talk track"), "{errs:?}");
        assert!(
            problems(0, &["> An aside, not a talk track."]).is_empty(),
            "only `What to say` holds talk tracks"
        );
    }

    #[test]
    fn spelling_is_us_english() {
        let errs = problems(1, &["1. Fine.", "2. Agree how requests get prioritised."]);
        assert_eq!(
            errs,
            ["p.md:11: error: write US English: \"prioritized\", not \"prioritised\""]
        );
    }

    #[test]
    fn topics_are_named_by_title_not_as_code_or_ids() {
        assert!(
            problems(
                3,
                &["See *Finding a mentor or coach*. What to _remove_ matters."]
            )
            .is_empty()
        );
        let errs = problems(3, &["Fine.", "See `strategic` for more."]);
        assert!(
            errs[0].starts_with("p.md:11: error: `strategic` shows as code"),
            "{errs:?}"
        );
        let errs = problems(1, &["5. Read _career-change_."]);
        assert!(
            errs[0].contains("_career-change_ looks like a topic id"),
            "{errs:?}"
        );
    }
}
