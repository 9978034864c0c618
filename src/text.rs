//! Text helpers every layer needs: cutting text to a length, and escaping text someone typed
//! before it goes into an answer. Answers are written in mrkdwn (the packs are authored in
//! it), so the escaping is mrkdwn's three characters.

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
