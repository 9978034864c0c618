//! The few HTML pages people see (the install flow): small, self-contained (no external
//! assets), and escaping everything that did not come from this file.

use std::fmt::Write;

const STYLE: &str = "body{font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,sans-serif;\
max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1d1c1d;line-height:1.5}\
h1{font-size:1.6rem}code{background:#f4f4f4;padding:.1rem .3rem;border-radius:3px}\
.button{display:inline-block;background:#4a154b;color:#fff;padding:.7rem 1.4rem;border-radius:6px;\
text-decoration:none;font-weight:600}.button:hover{background:#611f64}.muted{color:#616061;font-size:.9rem}";

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <title>{} · mops-bot</title><style>{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n",
        escape(title)
    )
}

/// The install page: what the bot does and the "Add to Slack" button.
pub fn install(authorize_url: &str) -> String {
    page(
        "Add mops-bot to Slack",
        &format!(
            "<h1>Add mops-bot to your Slack</h1>\n\
             <p>Career and advocacy guidance for marketing-operations people, right in Slack: \
             <code>/mops advice burnout</code>, <code>/mops topics</code>, and an optional weekly nudge \
             in a channel.</p>\n\
             <p><a class=\"button\" href=\"{}\">Add to Slack</a></p>\n\
             <p class=\"muted\">Slack will ask you to approve the bot's permissions. This link works \
             once, for ten minutes, in this browser.</p>",
            escape(authorize_url)
        ),
    )
}

/// After a successful install: where it went and what to do next.
pub fn installed(workspace: Option<&str>, open_url: Option<&str>) -> String {
    let place = workspace.map_or_else(
        || "your workspace".to_owned(),
        |w| format!("<strong>{}</strong>", escape(w)),
    );
    let mut body = format!(
        "<h1>mops-bot is installed</h1>\n<p>mops-bot is now part of {place}. Next steps:</p>\n<ol>\n\
         <li>Invite it to a channel where you want it: <code>/invite @mops-bot</code></li>\n\
         <li>Ask it something: <code>/mops help</code> lists what it can do</li>\n\
         <li>Get one short nudge a week in that channel: <code>/mops nudge on</code></li>\n</ol>\n"
    );
    if let Some(url) = open_url {
        let _ = writeln!(
            body,
            "<p><a class=\"button\" href=\"{}\">Open Slack</a></p>",
            escape(url)
        );
    }
    page("mops-bot is installed", &body)
}

/// Something went wrong; `detail` says what, and a link offers to start again.
pub fn problem(title: &str, detail: &str, start_again: bool) -> String {
    let mut body = format!("<h1>{}</h1>\n<p>{}</p>\n", escape(title), escape(detail));
    if start_again {
        body.push_str(
            "<p><a class=\"button\" href=\"/slack/install\">Start the install again</a></p>\n",
        );
    }
    page(title, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspace_names_and_urls_are_escaped() {
        let html = installed(
            Some("<script>alert(1)</script> & Co"),
            Some("https://x/?a=1&b=\"2\""),
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
        assert!(html.contains("href=\"https://x/?a=1&amp;b=&quot;2&quot;\""));
        let html = problem("Oops <b>", "Slack said `x' & \"y\"", true);
        assert!(
            html.contains("Oops &lt;b&gt;")
                && html.contains("&#39;")
                && html.contains("/slack/install")
        );
    }

    #[test]
    fn pages_load_nothing_from_elsewhere() {
        for html in [
            install("https://slack.com/oauth/v2/authorize?x=1"),
            installed(None, None),
        ] {
            assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<link"));
            assert!(html.starts_with("<!doctype html>"));
        }
    }
}
