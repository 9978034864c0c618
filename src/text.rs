//! Text helpers every layer needs: cutting text to a length, and escaping text someone typed
//! before it goes into an answer. Answers are written in mrkdwn (the packs are authored in
//! it), so the escaping is mrkdwn's three characters.

/// What a person typed (a command's text, a message, a work-log line, a form's notes): the
/// text itself for the code that uses it, but only its length for `Debug`, so no log line,
/// error or assertion that prints a payload can carry it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Typed(String);

impl Typed {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::ops::Deref for Typed {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Typed {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<&str> for Typed {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl std::fmt::Debug for Typed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{} characters typed]", self.0.chars().count())
    }
}

/// Cuts `text` to at most `max` characters, ending with an ellipsis when it had to cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Escapes text we did not write (user input) for mrkdwn.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
