//! The private work log (`/mops log …`): what a person records about their own work, for
//! them alone. `parse` reads a line (forgiving about how durations are written, specific
//! when it cannot read one), `kinds` sorts an entry into a kind of work, `summary` totals
//! entries by kind and by the team that asked, and `csv` writes the export. Storage lives
//! in `store::worklog`; the Slack side in `bot::worklog`.

pub mod csv;
pub mod kinds;
pub mod parse;
pub mod settings;
pub mod summary;

pub use crate::store::worklog::Entry;

/// `90` as `1h30`, `45` as `45m`, `120` as `2h`.
pub fn hours(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn minutes_read_as_hours() {
        assert_eq!(super::hours(45), "45m");
        assert_eq!(super::hours(120), "2h");
        assert_eq!(super::hours(95), "1h35");
        assert_eq!(super::hours(61), "1h01");
    }
}
