//! A response pack: one topic's guidance, parsed from a Markdown file with a TOML settings block.

use jiff::civil::Date;
use serde::Deserialize;

use super::diagnostic::{Diagnostic, line_at, line_of_key};

mod examples;
mod sections;
pub use examples::{MAX_EXAMPLE_CHARS, MIN_EXAMPLES, example_key};
use sections::split_sections;

/// The most characters one section may hold, leaving room in Slack's 3,000 for its heading.
pub const MAX_SECTION_CHARS: usize = 2500;
pub const MAX_TITLE_CHARS: usize = 150;
pub const MAX_SUMMARY_CHARS: usize = 200;

/// One topic's guidance.
#[derive(Debug, Clone, PartialEq)]
pub struct Pack {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub keywords: Vec<String>,
    /// Questions as people would type them, matched by similarity alongside the keywords.
    pub examples: Vec<String>,
    pub related: Vec<String>,
    pub sources: Vec<String>,
    /// A private topic (such as leaving): nudges on it must be personal, never for a channel.
    pub personal: bool,
    pub owner: String,
    pub reviewed: Date,
    pub situation: String,
    pub steps: String,
    pub script: String,
    pub deeper: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    id: String,
    title: String,
    summary: String,
    keywords: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    sources: Vec<String>,
    #[serde(default)]
    personal: bool,
    owner: String,
    reviewed: toml::value::Datetime,
}

/// The section headings, in the order they must appear.
const SECTIONS: [&str; 4] = ["What's going on", "What to do", "What to say", "Go deeper"];

/// Whether `id` is a valid topic or nudge id: lowercase letters, digits and single dashes.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 40
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// Parses the pack in `text`, read from `file` (a name like `burnout.md`), reporting every problem.
pub fn parse(file: &str, text: &str) -> Result<Pack, Vec<Diagnostic>> {
    let err = |line: Option<usize>, msg: String| Diagnostic::error(file, line, msg);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    if lines.first().map(|l| l.trim()) != Some("+++") {
        return Err(vec![err(
            Some(1),
            "a pack must start with a `+++` line, then its settings, then `+++`".into(),
        )]);
    }
    let Some(close) = lines
        .iter()
        .skip(1)
        .position(|l| l.trim() == "+++")
        .map(|i| i + 1)
    else {
        return Err(vec![err(
            Some(1),
            "the settings block opened here is never closed with `+++`".into(),
        )]);
    };
    let front = lines[1..close].join("\n");
    // Line n of `front` is line n + 1 of the file.
    let settings: Settings = toml::from_str(&front).map_err(|e| {
        let line = e.span().map(|s| line_at(&front, s.start) + 1);
        vec![err(line, format!("settings: {}", e.message()))]
    })?;

    let mut problems = Vec::new();
    let key_line = |key: &str| line_of_key(&front, key).map(|l| l + 1);
    let expected_id = file
        .rsplit('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".md");
    if !valid_id(&settings.id) {
        problems.push(err(
            key_line("id"),
            format!(
                "id {:?} must be lowercase letters, digits and dashes",
                settings.id
            ),
        ));
    } else if settings.id != expected_id {
        problems.push(err(
            key_line("id"),
            format!(
                "id {:?} must match the file name ({expected_id}.md)",
                settings.id
            ),
        ));
    }
    check_text(
        &mut problems,
        file,
        key_line("title"),
        "title",
        &settings.title,
        MAX_TITLE_CHARS,
    );
    check_text(
        &mut problems,
        file,
        key_line("summary"),
        "summary",
        &settings.summary,
        MAX_SUMMARY_CHARS,
    );
    check_text(
        &mut problems,
        file,
        key_line("owner"),
        "owner",
        &settings.owner,
        100,
    );
    if settings.keywords.iter().all(|k| k.trim().is_empty()) {
        problems.push(err(
            key_line("keywords"),
            "keywords must list the words people use for this topic".into(),
        ));
    }
    examples::check(
        &mut problems,
        file,
        key_line("examples"),
        &settings.examples,
    );
    if settings.sources.is_empty() {
        problems.push(err(
            key_line("sources"),
            "sources must name at least one article from sources.toml".into(),
        ));
    }
    let reviewed = parse_date(&settings.reviewed).ok_or_else(|| {
        err(
            key_line("reviewed"),
            format!(
                "reviewed must be a date like 2026-11-23, got {}",
                settings.reviewed
            ),
        )
    });

    let sections = split_sections(file, &lines[close + 1..], close + 2, &mut problems);
    let reviewed = match reviewed {
        Ok(d) => d,
        Err(e) => {
            problems.push(e);
            return Err(problems);
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let [situation, steps, script, deeper] = sections;
    Ok(Pack {
        id: settings.id,
        title: settings.title.trim().to_owned(),
        summary: settings.summary.trim().to_owned(),
        keywords: settings
            .keywords
            .into_iter()
            .map(|k| k.trim().to_owned())
            .filter(|k| !k.is_empty())
            .collect(),
        examples: settings
            .examples
            .into_iter()
            .map(|e| e.trim().to_owned())
            .collect(),
        related: settings.related,
        sources: settings.sources,
        personal: settings.personal,
        owner: settings.owner,
        reviewed,
        situation: situation.unwrap_or_default(),
        steps: steps.unwrap_or_default(),
        script: script.unwrap_or_default(),
        deeper: deeper.unwrap_or_default(),
    })
}

fn parse_date(dt: &toml::value::Datetime) -> Option<Date> {
    let d = dt.date.as_ref()?;
    if dt.time.is_some() {
        return None;
    }
    Date::new(
        i16::try_from(d.year).ok()?,
        i8::try_from(d.month).ok()?,
        i8::try_from(d.day).ok()?,
    )
    .ok()
}

fn check_text(
    out: &mut Vec<Diagnostic>,
    file: &str,
    line: Option<usize>,
    what: &str,
    value: &str,
    max: usize,
) {
    let n = value.trim().chars().count();
    if let Some(word) = super::spelling::british_word(value) {
        out.push(Diagnostic::error(
            file,
            line,
            format!("{what}: {}", super::spelling::message(word)),
        ));
    }
    if n == 0 {
        out.push(Diagnostic::error(
            file,
            line,
            format!("{what} must not be empty"),
        ));
    } else if n > max {
        out.push(Diagnostic::error(
            file,
            line,
            format!("{what} has {n} characters; keep it to {max}"),
        ));
    }
}

#[cfg(test)]
mod tests;
