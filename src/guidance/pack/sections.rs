//! Splitting a pack's Markdown body into its named sections, with line-accurate errors.

use super::super::diagnostic::Diagnostic;
use super::{MAX_SECTION_CHARS, SECTIONS};

mod style;

/// Splits the body into the four sections, all required; `first_line` is the file line of `body[0]`.
pub(super) fn split_sections(
    file: &str,
    body: &[&str],
    first_line: usize,
    problems: &mut Vec<Diagnostic>,
) -> [Option<String>; 4] {
    let mut found: [Option<(usize, Vec<&str>)>; 4] = Default::default();
    let mut current: Option<usize> = None;
    let mut last_index: Option<usize> = None;
    for (i, line) in body.iter().enumerate() {
        let line_no = first_line + i;
        if let Some(heading) = line.strip_prefix("## ") {
            let name = heading.trim().replace('\u{2019}', "'");
            let Some(idx) = SECTIONS.iter().position(|s| s.eq_ignore_ascii_case(&name)) else {
                problems.push(Diagnostic::error(
                    file,
                    Some(line_no),
                    format!(
                        "unknown section {:?}; sections are: {}",
                        heading.trim(),
                        SECTIONS.join(", ")
                    ),
                ));
                current = None;
                continue;
            };
            if found[idx].is_some() {
                problems.push(Diagnostic::error(
                    file,
                    Some(line_no),
                    format!("section {:?} appears twice", SECTIONS[idx]),
                ));
            } else if last_index.is_some_and(|last| last > idx) {
                problems.push(Diagnostic::error(
                    file,
                    Some(line_no),
                    format!(
                        "section {:?} is out of order; the order is: {}",
                        SECTIONS[idx],
                        SECTIONS.join(", ")
                    ),
                ));
            }
            found[idx] = Some((line_no, Vec::new()));
            current = Some(idx);
            last_index = Some(idx);
        } else if line.starts_with('#') {
            problems.push(Diagnostic::error(
                file,
                Some(line_no),
                "headings must be `## ` followed by a section name",
            ));
        } else if let Some(idx) = current {
            if let Some((_, body)) = found[idx].as_mut() {
                body.push(line);
            }
        } else if !line.trim().is_empty() && last_index.is_none() {
            problems.push(Diagnostic::error(
                file,
                Some(line_no),
                "text before the first section; start with `## What's going on`",
            ));
        }
    }
    let end_line = first_line + body.len();
    let mut out: [Option<String>; 4] = Default::default();
    for (idx, slot) in found.into_iter().enumerate() {
        match slot {
            None => problems.push(Diagnostic::error(
                file,
                Some(end_line.saturating_sub(1).max(1)),
                format!("missing the section `## {}`", SECTIONS[idx]),
            )),
            Some((line_no, body)) => {
                style::check(file, idx, line_no + 1, &body, problems);
                let text = body.join("\n").trim().to_owned();
                let n = text.chars().count();
                if text.is_empty() {
                    problems.push(Diagnostic::error(
                        file,
                        Some(line_no),
                        format!("section {:?} is empty", SECTIONS[idx]),
                    ));
                } else if n > MAX_SECTION_CHARS {
                    problems.push(Diagnostic::error(
                        file,
                        Some(line_no),
                        format!(
                            "section {:?} has {n} characters; keep it to {MAX_SECTION_CHARS}",
                            SECTIONS[idx]
                        ),
                    ));
                }
                out[idx] = Some(text);
            }
        }
    }
    out
}
