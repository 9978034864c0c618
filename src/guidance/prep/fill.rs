//! Filling a talk track's `[placeholders]`: `[X hours]` and `[Y hours]` from the work log
//! (time on the role itself, time asked for by other teams), a placeholder offering
//! alternatives (`[a / b / c]`) with the one that matches the person's ask; any other
//! placeholder stays, marked, and is listed for the person to fill.

use super::Ask;
use crate::worklog::hours;
use crate::worklog::summary::Summary;

pub(super) struct Filler<'a> {
    ask: Ask,
    log: Option<&'a Summary>,
    unfilled: Vec<String>,
}

impl<'a> Filler<'a> {
    pub fn new(ask: Ask, log: Option<&'a Summary>) -> Self {
        Self {
            ask,
            log: log.filter(|s| s.total > 0),
            unfilled: Vec::new(),
        }
    }

    /// `line` with every placeholder it can fill filled, the rest marked `` `[…]` ``.
    pub fn fill(&mut self, line: &str) -> String {
        let mut out = String::with_capacity(line.len());
        let mut rest = line;
        while let Some(start) = rest.find('[') {
            let Some(len) = rest[start..].find(']') else {
                break;
            };
            out.push_str(&rest[..start]);
            let inner = &rest[start + 1..start + len];
            match self.value(inner) {
                Some(value) => out.push_str(&value),
                None => {
                    let placeholder = format!("[{inner}]");
                    out.push_str(&format!("`{placeholder}`"));
                    if !self.unfilled.contains(&placeholder) {
                        self.unfilled.push(placeholder);
                    }
                }
            }
            rest = &rest[start + len + 1..];
        }
        out.push_str(rest);
        out
    }

    fn value(&self, inner: &str) -> Option<String> {
        match (inner, self.log) {
            ("X hours", Some(log)) => return Some(format!("*{}*", hours(log.total - log.outside))),
            ("Y hours", Some(log)) => return Some(format!("*{}*", hours(log.outside))),
            _ => {}
        }
        let options: Vec<&str> = inner.split(" / ").map(str::trim).collect();
        if options.len() < 2 {
            return None;
        }
        let stems = self.ask.stems();
        options
            .iter()
            .find(|o| {
                let lower = o.to_lowercase();
                stems.iter().any(|s| lower.contains(s))
            })
            // A chosen alternative that itself leaves a blank ("help with X") stays visible.
            .filter(|o| !o.split_whitespace().any(|w| w == "X"))
            .map(|o| format!("*{o}*"))
    }

    pub fn unfilled(self) -> Vec<String> {
        self.unfilled
    }
}
