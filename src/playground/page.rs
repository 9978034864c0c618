//! The playground's pages: one layout (the ask form, the navigation, any problems with the
//! packs on disk, and a small script that refreshes the page after the packs reload), and the
//! bodies for answers, clicks, packs and nudges.

use std::fmt::Write;

use super::html;
use crate::guidance::Guide;
use crate::guidance::answer::Answer;
use crate::guidance::compose::{self, Audience};
use crate::guidance::matcher::{Confidence, MAX_SHOWN, Outcome};
use crate::ids::{ChannelId, TeamId, UserId};
use crate::nudges::message::nudge_message;
use crate::nudges::rotation;
use crate::routes::pages::escape;

const STYLE: &str = "body{font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,sans-serif;\
margin:0;color:#1d1c1d;background:#f8f8f8;line-height:1.46}\
nav{background:#3f0e40;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center}\
nav a{color:#fff;text-decoration:none}nav strong{margin-right:1rem}\
main{max-width:46rem;margin:1.2rem auto;padding:0 1rem}\
form#ask{display:flex;gap:.5rem;margin-bottom:1rem}\
form#ask input[name=text]{flex:1;font-size:1rem;padding:.55rem .7rem;border:1px solid #bbb;border-radius:6px}\
form#ask button{background:#007a5a;color:#fff;border:0;border-radius:6px;padding:0 1rem;font-weight:700}\
.prefix{align-self:center;font-family:monospace;color:#616061}\
.message{background:#fff;border:1px solid #e2e2e2;border-radius:8px;padding:.8rem 1rem;margin:.6rem 0}\
.sender{margin-bottom:.3rem}.avatar{display:inline-block;width:1.4rem;height:1.4rem;border-radius:4px;\
background:#4a154b;color:#fff;text-align:center;margin-right:.4rem;font-weight:700}\
.app{font-size:.65rem;background:#e8e8e8;color:#616061;padding:0 .2rem;border-radius:2px}\
.only-you,.in-channel{font-size:.75rem;color:#616061;margin-left:.3rem}\
h2.header{font-size:1.15rem;margin:.4rem 0}.section{margin:.4rem 0}\
.context{font-size:.8rem;color:#616061;margin:.3rem 0}\
blockquote{border-left:4px solid #ddd;margin:.3rem 0;padding-left:.7rem}\
code{background:#f4f4f4;border:1px solid #e2e2e2;border-radius:3px;padding:0 .2rem;color:#c01343}\
hr{border:0;border-top:1px solid #e2e2e2}\
.actions{display:flex;flex-wrap:wrap;gap:.4rem;margin:.5rem 0}\
a.button{border:1px solid #bbb;border-radius:4px;padding:.2rem .7rem;font-size:.85rem;\
font-weight:700;color:#1d1c1d;text-decoration:none;background:#fff}\
a.button.primary{background:#007a5a;border-color:#007a5a;color:#fff}\
a.button.danger{color:#e01e5a;border-color:#e01e5a}\
.mention{background:#e8f5fa;color:#1264a3;padding:0 .15rem;border-radius:3px}\
#why table,table.list{border-collapse:collapse;font-size:.85rem;width:100%}\
#why td,#why th,table.list td{border-bottom:1px solid #e2e2e2;padding:.2rem .4rem;text-align:left}\
.problem{background:#fde8ec;border:1px solid #e01e5a;border-radius:6px;padding:.5rem .8rem}\
.muted{color:#616061;font-size:.9rem}";

/// Refreshes the page when the packs on disk were reloaded (the server bumps `/version`).
const SCRIPT: &str = "(function(){var v=document.body.dataset.version;setInterval(function(){\
fetch('/version').then(function(r){return r.text()}).then(function(t){if(t.trim()!==v)\
location.reload()}).catch(function(){})},1000)})();";

/// The page around `body`: navigation, the ask form (holding `text`), and any problems.
pub fn layout(title: &str, text: &str, problems: &[String], version: u64, body: &str) -> String {
    let mut out = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{} · mops-bot playground</title><style>{STYLE}</style></head>\n\
         <body data-version=\"{version}\">\n<nav><strong>mops-bot playground</strong>\
         <a href=\"/\">Ask</a><a href=\"/packs\">Packs</a><a href=\"/nudges\">Nudges</a></nav>\n<main>\n\
         <form id=\"ask\" method=\"get\" action=\"/\"><span class=\"prefix\">/mops</span>\
         <input name=\"text\" value=\"{}\" autofocus autocomplete=\"off\" \
         placeholder=\"advice burnout, topics, or describe what's going on\">\
         <button type=\"submit\">Ask</button></form>\n",
        escape(title),
        escape(text)
    );
    if !problems.is_empty() {
        out.push_str(
            "<div id=\"problems\" class=\"problem\"><strong>The packs on disk have problems; \
             still showing the last good version:</strong><ul>",
        );
        for p in problems {
            let _ = write!(out, "<li>{}</li>", escape(p));
        }
        out.push_str("</ul></div>\n");
    }
    out.push_str(body);
    let _ = write!(
        out,
        "\n</main>\n<script>{SCRIPT}</script>\n</body></html>\n"
    );
    out
}

/// An answer in `#answer`, and for a question, why the matcher chose what it chose.
pub fn answer_and_why(guide: &Guide, answer: &Answer, question: Option<&str>) -> String {
    let mut out = format!("<div id=\"answer\">{}</div>\n", html::answer(answer));
    if let Some(question) = question {
        out.push_str(&why(guide, question));
    }
    out
}

/// Why the matcher answered as it did: the same explanation `mops-bot ask --explain` prints.
fn why(guide: &Guide, question: &str) -> String {
    let e = guide.matcher.explain(question);
    let verdict = match &e.outcome {
        Outcome::Match {
            topic,
            score,
            confidence,
        } => format!(
            "Matched <code>{}</code> with score {score:.2} ({} confidence).",
            escape(topic),
            if *confidence == Confidence::High {
                "high"
            } else {
                "low"
            }
        ),
        Outcome::Unsure { closest } if closest.is_empty() => {
            "No topic has real evidence, so the answer declines and points to the topic list."
                .to_owned()
        }
        Outcome::Unsure { closest } => format!(
            "No topic fits with confidence, so the answer is \u{201c}not sure\u{201d} and offers {}.",
            closest
                .iter()
                .map(|t| format!("<code>{}</code>", escape(t)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut out = format!(
        "<details id=\"why\" open><summary>Why this answer</summary><p>{verdict} Rule \
         <code>{rule}</code>: {reason}. Margin between the two best: {margin:.3}.</p><table><tr>\
         <th>topic</th><th>score</th><th>keywords</th><th>share of the words it explains</th>\
         <th>example similarity</th><th>model</th><th>what counted</th></tr>",
        rule = e.rule.name(),
        reason = escape(&e.reason),
        margin = e.margin,
    );
    for c in e.candidates.iter().take(MAX_SHOWN) {
        let counted: Vec<String> = c
            .counted
            .iter()
            .map(|w| format!("{} {:.2}", escape(&w.text), w.weight))
            .collect();
        let example = c.example.as_deref().map_or_else(String::new, |x| {
            format!(
                "<br><span class=\"muted\">closest example: {}</span>",
                escape(x)
            )
        });
        let _ = write!(
            out,
            "<tr><td><a href=\"/packs/{id}\">{id}</a></td><td>{:.2}</td><td>{:.2}</td><td>{:.0}%</td>\
             <td>{:.2}</td><td>{:.0}%</td><td>{}{example}</td></tr>",
            c.score,
            c.keywords,
            c.coverage * 100.0,
            c.similarity,
            c.model * 100.0,
            counted.join(", "),
            id = escape(&c.topic),
        );
    }
    out.push_str("</table></details>\n");
    out
}

/// What a click showed, in `#answer`.
pub fn clicked(answer: &Answer) -> String {
    let note = match answer.replaces {
        Some(true) => "In Slack this replaces the message you clicked.",
        _ => "In Slack this arrives as a new message.",
    };
    format!(
        "<p class=\"muted\">{note}</p><div id=\"answer\">{}</div>\n",
        html::answer(answer)
    )
}

/// Every pack with its summary.
pub fn pack_list(guide: &Guide) -> String {
    let mut out = format!(
        "<h1>Packs</h1><p class=\"muted\">{} packs and {} nudges.</p><table class=\"list\">",
        guide.library.packs().len(),
        guide.library.nudges().len()
    );
    for p in guide.library.packs() {
        let _ = write!(
            out,
            "<tr><td><a href=\"/packs/{id}\">{}</a></td><td><code>{id}</code></td><td>{}</td></tr>",
            escape(&p.title),
            escape(&p.summary),
            id = escape(&p.id),
        );
    }
    out.push_str("</table>\n");
    out
}

/// One pack as every answer Slack would show for it.
pub fn pack_page(guide: &Guide, id: &str, you: &UserId) -> Option<String> {
    let library = &guide.library;
    let pack = library.pack(id)?;
    Some(format!(
        "<h1>{}</h1><h3>The answer</h3><div id=\"answer\">{}</div>\
         <h3>Shared to a channel</h3>{}<h3>Tell me more</h3>{}",
        escape(&pack.title),
        html::answer(&compose::pack_answer(library, pack, Audience::Private)),
        html::answer(&compose::pack_answer(
            library,
            pack,
            Audience::SharedBy(you)
        )),
        html::answer(&compose::more_answer(library, pack)),
    ))
}

/// How many upcoming weeks the channel preview shows.
const PREVIEW_WEEKS: usize = 6;

/// The next weeks' nudges for one channel (its own stable order), then the whole library.
pub fn nudge_rotation(guide: &Guide, team: &TeamId, channel: &ChannelId) -> String {
    let library = &guide.library;
    let mut out = format!(
        "<h1>Nudges</h1><form method=\"get\" action=\"/nudges\">Preview the channel \
         <input name=\"team\" value=\"{}\" size=\"12\"> / <input name=\"channel\" value=\"{}\" \
         size=\"12\"> <button type=\"submit\">Preview</button></form>\
         <h3>This channel's next {PREVIEW_WEEKS} weeks, from a fresh subscription</h3><ol id=\"next\">",
        escape(team.as_str()),
        escape(channel.as_str())
    );
    let (mut cycle, mut used) = (0, Vec::new());
    for _ in 0..PREVIEW_WEEKS {
        let Some(pick) = rotation::next(library.nudges(), team, channel, cycle, &used) else {
            break;
        };
        if pick.cycle != cycle {
            (cycle, used) = (pick.cycle, Vec::new());
        }
        used.push(pick.nudge.id.clone());
        let _ = write!(
            out,
            "<li>{}</li>",
            html::answer(&nudge_message(library, pick.nudge, channel))
        );
    }
    let channel_nudges = library
        .nudges()
        .iter()
        .filter(|n| n.suits_channel())
        .count();
    let _ = write!(
        out,
        "</ol><h3>The whole rotation ({channel_nudges} nudges, plus {} personal ones never posted \
         to a channel)</h3><table class=\"list\">",
        library.nudges().len() - channel_nudges
    );
    for n in library.nudges() {
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td>{}{}</td><td><a href=\"/packs/{topic}\">{topic}</a></td></tr>",
            escape(&n.id),
            escape(&n.title),
            if n.suits_channel() {
                ""
            } else {
                " <em>(personal)</em>"
            },
            topic = escape(&n.topic),
        );
    }
    out.push_str("</table>\n");
    out
}
