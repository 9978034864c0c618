//! Weekly nudges and article sources, parsed from `nudges.toml` and `sources.toml`.

use serde::Deserialize;

use super::diagnostic::{Diagnostic, line_at};
use super::pack::valid_id;

pub const MAX_NUDGE_TITLE: usize = 80;

/// Who a nudge is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Fit for a team channel's weekly rotation.
    #[default]
    Channel,
    /// Only for the person it helps (such as whether it is time to leave): never posted where a
    /// manager or the whole team reads along.
    Personal,
}

/// One weekly nudge.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Nudge {
    pub id: String,
    pub topic: String,
    #[serde(default)]
    pub audience: Audience,
    pub title: String,
    pub body: String,
    pub action: String,
}

impl Nudge {
    /// Whether the nudge may be posted into a team channel.
    pub fn suits_channel(&self) -> bool {
        self.audience == Audience::Channel
    }
}

/// An article the guidance is derived from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub seed: Option<String>,
}

impl Source {
    /// How the source is cited under an answer.
    pub fn citation(&self) -> String {
        match &self.publisher {
            Some(p) => format!("{} ({p})", self.title),
            None => self.title.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NudgeFile {
    nudge: Vec<toml::Spanned<Nudge>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFile {
    source: Vec<toml::Spanned<Source>>,
}

/// A parsed item with the line it starts on, for later cross-file checks.
pub type Located<T> = (T, usize);

fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> Vec<Diagnostic> {
    let line = e.span().map(|s| line_at(text, s.start));
    vec![Diagnostic::error(file, line, e.message().to_owned())]
}

/// Parses `nudges.toml`.
pub fn parse_nudges(file: &str, text: &str) -> Result<Vec<Located<Nudge>>, Vec<Diagnostic>> {
    let parsed: NudgeFile = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for spanned in parsed.nudge {
        let line = line_at(text, spanned.span().start);
        let n = spanned.into_inner();
        let at = Some(line);
        if !valid_id(&n.id) {
            problems.push(Diagnostic::error(
                file,
                at,
                format!(
                    "nudge id {:?} must be lowercase letters, digits and dashes",
                    n.id
                ),
            ));
        }
        let title_len = n.title.trim().chars().count();
        if title_len == 0 || title_len > MAX_NUDGE_TITLE {
            problems.push(Diagnostic::error(
                file,
                at,
                format!(
                    "nudge {}: title must be 1 to {MAX_NUDGE_TITLE} characters",
                    n.id
                ),
            ));
        }
        for (what, value) in [("body", &n.body), ("action", &n.action)] {
            let len = value.trim().chars().count();
            if len == 0 || len > 600 {
                problems.push(Diagnostic::error(
                    file,
                    at,
                    format!("nudge {}: {what} must be 1 to 600 characters", n.id),
                ));
            }
        }
        out.push((n, line));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Parses `sources.toml`.
pub fn parse_sources(file: &str, text: &str) -> Result<Vec<Located<Source>>, Vec<Diagnostic>> {
    let parsed: SourceFile = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for spanned in parsed.source {
        let line = line_at(text, spanned.span().start);
        let s = spanned.into_inner();
        if !valid_id(&s.id) {
            problems.push(Diagnostic::error(
                file,
                Some(line),
                format!(
                    "source id {:?} must be lowercase letters, digits and dashes",
                    s.id
                ),
            ));
        }
        if s.title.trim().is_empty() {
            problems.push(Diagnostic::error(
                file,
                Some(line),
                format!("source {}: title must not be empty", s.id),
            ));
        }
        out.push((s, line));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nudges_parse_with_their_lines_and_errors_point_at_them() {
        let text = "[[nudge]]\nid = \"a\"\ntopic = \"burnout\"\ntitle = \"T\"\nbody = \"B.\"\naction = \"Do.\"\n\n[[nudge]]\nid = \"Bad Id\"\ntopic = \"x\"\ntitle = \"T\"\nbody = \"B\"\naction = \"A\"\n";
        let errs = parse_nudges("nudges.toml", text).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(
            errs[0].to_string(),
            "nudges.toml:8: error: nudge id \"Bad Id\" must be lowercase letters, digits and dashes"
        );
        let ok = parse_nudges("nudges.toml", &text.replace("Bad Id", "b")).unwrap();
        assert_eq!(ok[1].1, 8, "the line of its [[nudge]] header");
    }

    #[test]
    fn the_audience_defaults_to_channel_and_personal_is_read() {
        let text = "[[nudge]]\nid = \"a\"\ntopic = \"t\"\ntitle = \"T\"\nbody = \"B\"\naction = \"A\"\n\n[[nudge]]\nid = \"b\"\ntopic = \"t\"\naudience = \"personal\"\ntitle = \"T\"\nbody = \"B\"\naction = \"A\"\n";
        let nudges = parse_nudges("nudges.toml", text).unwrap();
        assert!(nudges[0].0.suits_channel());
        assert_eq!(nudges[1].0.audience, Audience::Personal);
        assert!(!nudges[1].0.suits_channel());
        let errs =
            parse_nudges("nudges.toml", &text.replace("\"personal\"", "\"team\"")).unwrap_err();
        assert!(
            errs[0].to_string().starts_with("nudges.toml:")
                && errs[0].message.contains("unknown variant"),
            "{errs:?}"
        );
    }

    #[test]
    fn a_missing_field_is_reported_with_a_line() {
        let errs =
            parse_nudges("nudges.toml", "[[nudge]]\nid = \"a\"\ntitle = \"T\"\n").unwrap_err();
        assert!(
            errs[0].line.is_some() && errs[0].message.contains("missing field"),
            "{errs:?}"
        );
    }
}
