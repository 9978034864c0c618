//! `mops-bot eval <file>`: prints how the matcher does on a labelled file. The measuring lives
//! in `guidance::eval`; this only reads the file and prints.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::guidance::{Guide, eval};

pub fn run(guide: &Guide, file: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let topics: Vec<&str> = guide
        .library
        .packs()
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let cases =
        eval::parse(&text, &topics).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let report = eval::run(guide, &cases);
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let percent = |r: f64| r * 100.0;
    writeln!(
        out,
        "{}: {} in-scope and {} out-of-scope queries",
        file.display(),
        report.in_scope,
        report.out_of_scope
    )?;
    writeln!(
        out,
        "top-1 accuracy: {:.1}% ({}/{})",
        percent(report.accuracy),
        report.correct,
        report.in_scope
    )?;
    writeln!(
        out,
        "out-of-scope rejection: {:.1}% ({}/{})",
        percent(report.rejection),
        report.rejected,
        report.out_of_scope
    )?;
    if !report.misses.is_empty() {
        writeln!(out, "misses ({}):", report.misses.len())?;
    }
    for m in &report.misses {
        writeln!(
            out,
            "  line {}: {:?} expected {}, got {} (best {} score {:.2} coverage {:.2})",
            m.line, m.query, m.expected, m.got, m.best, m.score, m.coverage
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
