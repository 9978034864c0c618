//! The work log as CSV (RFC 4180), for `/mops log export`. Cells that a spreadsheet would
//! run as a formula (`=`, `+`, `-`, `@`) are prefixed with `'`, so an export opened in a
//! spreadsheet never executes what someone typed.

use super::Entry;
use super::kinds::kind_of;

pub const HEADER: &str = "logged_at_utc,minutes,hours,what,kind,asked_by";

/// One entry as a CSV line (without the line break).
pub fn line(e: &Entry) -> String {
    [
        e.logged_at.strftime("%Y-%m-%d %H:%M").to_string(),
        e.minutes.to_string(),
        format!("{:.2}", e.minutes as f64 / 60.0),
        cell(&e.what),
        cell(kind_of(&e.what)),
        cell(e.asked_by.as_deref().unwrap_or("")),
    ]
    .join(",")
}

fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        let e = Entry {
            id: 1,
            minutes: 90,
            what: "=HYPERLINK(\"x\"), then \"more\"".into(),
            asked_by: Some("sales, emea".into()),
            logged_at: "2026-11-23T10:05:00Z".parse().unwrap(),
        };
        assert_eq!(
            line(&e),
            "2026-11-23 10:05,90,1.50,\"'=HYPERLINK(\"\"x\"\"), then \"\"more\"\"\",Other work,\"sales, emea\""
        );
    }
}
