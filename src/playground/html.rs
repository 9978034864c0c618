//! Answers as HTML, the way Slack shows them: title, sections (mrkdwn: bold, italics, code,
//! quotes, bullets, links, mentions, a few emoji), small print, dividers and buttons. Every
//! character that did not come from this file is escaped. Linear in the answer's size.

use std::fmt::Write;

use crate::guidance::actions::{Intent, feedback_buttons};
use crate::guidance::answer::{Answer, Part, Visibility, related_intents};
use crate::routes::pages::escape;

/// The answer as a Slack-like card; buttons link to `/click` with their action id and value.
pub fn answer(answer: &Answer) -> String {
    let mut out = String::from("<div class=\"message\">");
    let _ = write!(
        out,
        "<div class=\"sender\"><span class=\"avatar\">m</span><strong>mops-bot</strong> \
         <span class=\"app\">APP</span>{}</div>",
        match answer.visibility {
            Visibility::OnlyAsker => " <span class=\"only-you\">Only visible to you</span>",
            Visibility::Channel => " <span class=\"in-channel\">Posted in the channel</span>",
            Visibility::Posted => "",
        }
    );
    for part in &answer.parts {
        match part {
            Part::Title(text) => {
                let _ = write!(out, "<h2 class=\"header\">{}</h2>", emoji(&escape(text)));
            }
            Part::Summary(_) => {}
            Part::Divider => out.push_str("<hr>"),
            Part::Related(topics) => buttons(&mut out, &related_intents(topics)),
            Part::Buttons { intents, .. } => buttons(&mut out, intents),
            Part::Feedback(subject) => buttons(&mut out, &feedback_buttons(subject)),
            text => {
                let Some(text) = text.mrkdwn() else { continue };
                if part.is_note() {
                    let _ = write!(
                        out,
                        "<div class=\"context\"><span>{}</span></div>",
                        mrkdwn(&text)
                    );
                } else {
                    let _ = write!(out, "<div class=\"section\">{}</div>", mrkdwn(&text));
                }
            }
        }
    }
    out.push_str("</div>");
    out
}

fn buttons(out: &mut String, intents: &[Intent]) {
    out.push_str("<div class=\"actions\">");
    for intent in intents {
        out.push_str(&button(intent));
    }
    out.push_str("</div>");
}

/// An intent as a link to `/click`, which runs the bot's own click handling.
pub fn button(intent: &Intent) -> String {
    let class = if intent.primary {
        "button primary"
    } else {
        "button"
    };
    let action_id = intent.action_id();
    let value = intent.value();
    let query = serde_urlencoded::to_string([("action_id", action_id.as_str()), ("value", &value)])
        .unwrap_or_default();
    format!(
        "<a class=\"{class}\" data-action-id=\"{}\" href=\"/click?{}\">{}</a>",
        escape(&action_id),
        escape(&query),
        emoji(&escape(&intent.label))
    )
}

/// mrkdwn to HTML: `>` lines become quotes, the rest paragraphs with line breaks.
pub fn mrkdwn(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut in_quote = false;
    for (n, line) in text.split('\n').enumerate() {
        let quoted = line
            .strip_prefix("&gt;")
            .or_else(|| line.strip_prefix('>'))
            .map(|rest| rest.strip_prefix(' ').unwrap_or(rest));
        match (quoted, in_quote) {
            (Some(_), false) => {
                out.push_str("<blockquote>");
                in_quote = true;
            }
            (None, true) => {
                out.push_str("</blockquote>");
                in_quote = false;
            }
            _ if n > 0 => out.push_str("<br>"),
            _ => {}
        }
        out.push_str(&inline(quoted.unwrap_or(line)));
    }
    if in_quote {
        out.push_str("</blockquote>");
    }
    out
}

/// One line: `<url|label>` links and `<@U…>` mentions, Slack's own `&amp;`-style escapes,
/// then `*bold*`, `_italic_`, `~strike~` and `` `code` ``.
fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() * 2);
    let mut rest = line;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        out.push_str(&styled(&unslack(&rest[..start])));
        let inner = &rest[start + 1..start + len];
        let (target, label) = inner.split_once('|').unwrap_or((inner, ""));
        if let Some(user) = target.strip_prefix('@') {
            let _ = write!(
                out,
                "<span class=\"mention\">@{}</span>",
                escape(if label.is_empty() { user } else { label })
            );
        } else if target.starts_with("https://") || target.starts_with("http://") {
            let shown = if label.is_empty() { target } else { label };
            let _ = write!(
                out,
                "<a href=\"{}\" rel=\"noreferrer\" target=\"_blank\">{}</a>",
                escape(&unslack(target)),
                escape(&unslack(shown))
            );
        } else {
            out.push_str(&escape(&unslack(&rest[start..=start + len])));
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(&styled(&unslack(rest)));
    out
}

/// Undoes Slack's three escapes; the text is HTML-escaped again before it is shown.
fn unslack(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Escapes `text` and applies the paired inline markers; an unpaired marker stays as typed.
fn styled(text: &str) -> String {
    let escaped = emoji(&escape(text));
    let mut out = String::with_capacity(escaped.len() + 16);
    let mut code = false;
    let parts = escaped.matches('`').count() + 1;
    for (n, part) in escaped.split('`').enumerate() {
        if n > 0 {
            let closes = code;
            let pairs = !code && parts > n + 1;
            if closes {
                out.push_str("</code>");
                code = false;
            } else if pairs {
                out.push_str("<code>");
                code = true;
            } else {
                out.push('`');
            }
        }
        if code {
            out.push_str(part);
        } else {
            out.push_str(&markers(part));
        }
    }
    out
}

fn markers(text: &str) -> String {
    let mut out = text.to_owned();
    for (mark, tag) in [('*', "strong"), ('_', "em"), ('~', "del")] {
        let parts: Vec<&str> = out.split(mark).collect();
        // Pairs only: with an odd number of markers the last one is shown as typed.
        let pairs = (parts.len() - 1) / 2;
        let mut next = String::with_capacity(out.len() + pairs * 9);
        for (n, part) in parts.iter().enumerate() {
            if n > 0 {
                if n <= pairs * 2 {
                    let _ = write!(next, "<{}{tag}>", if n % 2 == 1 { "" } else { "/" });
                } else {
                    next.push(mark);
                }
            }
            next.push_str(part);
        }
        out = next;
    }
    out
}

/// The emoji shortcodes the bot's messages use, as characters.
fn emoji(text: &str) -> String {
    if !text.contains(':') {
        return text.to_owned();
    }
    const CODES: &[(&str, &str)] = &[
        (":books:", "📚"),
        (":speech_balloon:", "💬"),
        (":pray:", "🙏"),
        (":seedling:", "🌱"),
        (":eyes:", "👀"),
        (":double_vertical_bar:", "⏸️"),
        (":arrow_forward:", "▶️"),
        (":+1:", "👍"),
        (":-1:", "👎"),
        (":bulb:", "💡"),
        (":calendar:", "📅"),
        (":wave:", "👋"),
        (":warning:", "⚠️"),
        (":white_check_mark:", "✅"),
    ];
    let mut out = text.to_owned();
    for (code, glyph) in CODES {
        if out.contains(code) {
            out = out.replace(code, glyph);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mrkdwn_becomes_safe_html() {
        assert_eq!(
            mrkdwn("*What to do*\n• ask _early_\n> \"Can we talk?\"\n> `now`"),
            "<strong>What to do</strong><br>• ask <em>early</em><blockquote>&quot;Can we talk?&quot;\
             <br><code>now</code></blockquote>"
        );
        let hostile = mrkdwn("<script>alert(1)</script> &lt;b&gt; <javascript:x|click>");
        assert!(
            !hostile.contains("<script") && !hostile.contains("<b>"),
            "{hostile}"
        );
        assert!(!hostile.contains("href=\"javascript"), "{hostile}");
        assert_eq!(
            mrkdwn("see <https://example.com/a?b=1&amp;c=2|the article>"),
            "see <a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"noreferrer\" target=\"_blank\">the article</a>"
        );
        assert_eq!(mrkdwn("2*3 and `x"), "2*3 and `x");
        assert_eq!(
            mrkdwn(":books: <@U123>"),
            "📚 <span class=\"mention\">@U123</span>"
        );
    }
}
