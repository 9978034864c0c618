//! Reading a duration forgivingly from the start of a list of words: `2h`, `90m`, `1.5 hours`,
//! `1h30`, `1:15`, `an hour`.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hours,
    Minutes,
}

fn unit(word: &str) -> Option<Unit> {
    match word {
        "h" | "hr" | "hrs" | "hour" | "hours" => Some(Unit::Hours),
        "m" | "min" | "mins" | "minute" | "minutes" => Some(Unit::Minutes),
        _ => None,
    }
}

impl Unit {
    fn minutes(self, n: f64) -> f64 {
        match self {
            Unit::Hours => n * 60.0,
            Unit::Minutes => n,
        }
    }
}

/// A duration at the start of `words` (already cleaned): minutes and words used.
pub(super) fn duration(words: &[&str]) -> Option<(f64, usize)> {
    let (minutes, unit, used) = piece(words)?;
    if unit == Unit::Hours {
        // "1h 30m", "2 hours 15 minutes"
        let rest = &words[used..];
        let rest = rest.strip_prefix(&["and"]).unwrap_or(rest);
        if let Some((more, Unit::Minutes, extra)) = piece(rest) {
            let and = words.len() - used - rest.len();
            return Some((minutes + more, used + and + extra));
        }
    }
    Some((minutes, used))
}

/// One number with its unit: `2h`, `1.5 hours`, `90`+`min`, `1h30`, `1:15`, `an hour`.
fn piece(words: &[&str]) -> Option<(f64, Unit, usize)> {
    let word = *words.first()?;
    let next = words.get(1).copied();
    if matches!(word, "a" | "an") && next.and_then(unit) == Some(Unit::Hours) {
        return Some((60.0, Unit::Hours, 2));
    }
    if let Some((h, m)) = word.split_once(':') {
        let (h, m) = (digits(h)?, digits(m)?);
        return (m < 60 && !word.ends_with(':')).then(|| ((h * 60 + m) as f64, Unit::Hours, 1));
    }
    let split = word
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(word.len());
    let (number, tail) = word.split_at(split);
    let n = decimal(number)?;
    if tail.is_empty() {
        let u = unit(next?)?;
        return Some((u.minutes(n), u, 2));
    }
    if let Some(u) = unit(tail) {
        return Some((u.minutes(n), u, 1));
    }
    // "1h30", "1h30m", "2hr15min"
    let after = tail
        .strip_prefix("hrs")
        .or_else(|| tail.strip_prefix("hr"))
        .or_else(|| tail.strip_prefix('h'))?;
    let cut = after
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(after.len());
    let (m, suffix) = after.split_at(cut);
    let m = digits(m)?;
    (m < 60 && (suffix.is_empty() || unit(suffix) == Some(Unit::Minutes)) && n.fract() == 0.0)
        .then_some((n * 60.0 + m as f64, Unit::Minutes, 1))
}

fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn decimal(s: &str) -> Option<f64> {
    let s = s.replace(',', ".");
    if s.is_empty() || s.len() > 8 || s.matches('.').count() > 1 || s.starts_with('.') {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}
