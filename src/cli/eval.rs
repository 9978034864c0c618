//! `mops-bot eval <file>`: prints how the matcher does on a labelled file; `eval
//! --cross-validate` does the same for each training file with a matcher that did not learn
//! from it; `mops-bot tune` fits the decision's weights and prints them as Rust. The measuring
//! lives in `guidance::eval` and `guidance::tune`; this only reads files and prints.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::guidance::eval::{self, Report};
use crate::guidance::matcher::{self, FITTED};
use crate::guidance::{Guide, tune};

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
    let report = eval::run(&guide.matcher, &FITTED, &cases);
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    print(&mut out, &file.display().to_string(), &report, true)?;
    Ok(ExitCode::SUCCESS)
}

/// `eval --cross-validate`: every training file, held out of the model in turn.
pub fn cross_validate(guide: &Guide, json: bool) -> anyhow::Result<ExitCode> {
    let folds = tune::cross_validate(&guide.library, &FITTED);
    let mut out = std::io::stdout().lock();
    if json {
        let all: Vec<_> = folds
            .iter()
            .map(|f| serde_json::json!({"file": f.file, "report": f.report}))
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_folds(&mut out, &folds, true)?;
    Ok(ExitCode::SUCCESS)
}

/// `tune`: fits the weights, prints `fitted.rs` on stdout and the cross-validated figures on
/// stderr.
pub fn tune(guide: &Guide) -> anyhow::Result<ExitCode> {
    let (weights, folds) = tune::tune(&guide.library);
    print_folds(&mut std::io::stderr().lock(), &folds, false)?;
    write!(
        std::io::stdout().lock(),
        "{}",
        matcher::weights_source(&weights)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Each training file's figures as measured held out of training, then all of them together.
fn print_folds(out: &mut impl Write, folds: &[tune::Fold], misses: bool) -> anyhow::Result<()> {
    for fold in folds {
        let name = format!("{} (held out of training)", fold.file);
        print(out, &name, &fold.report, misses)?;
    }
    let (correct, in_scope, rejected, out_of_scope) = tune::totals(folds);
    let percent = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            a as f64 * 100.0 / b as f64
        }
    };
    writeln!(
        out,
        "all training files, each held out: top-1 accuracy {:.1}% ({correct}/{in_scope}), out-of-scope rejection {:.1}% ({rejected}/{out_of_scope})",
        percent(correct, in_scope),
        percent(rejected, out_of_scope)
    )?;
    Ok(())
}

fn print(out: &mut impl Write, name: &str, report: &Report, misses: bool) -> anyhow::Result<()> {
    let percent = |r: f64| r * 100.0;
    writeln!(
        out,
        "{name}: {} in-scope and {} out-of-scope queries",
        report.in_scope, report.out_of_scope
    )?;
    writeln!(
        out,
        "top-1 accuracy: {:.1}% ({}/{})",
        percent(report.accuracy),
        report.correct,
        report.in_scope
    )?;
    if report.out_of_scope == 0 {
        writeln!(
            out,
            "out-of-scope rejection: no out-of-scope queries in the file"
        )?;
    } else {
        writeln!(
            out,
            "out-of-scope rejection: {:.1}% ({}/{})",
            percent(report.rejection),
            report.rejected,
            report.out_of_scope
        )?;
    }
    if !misses {
        return Ok(());
    }
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
    Ok(())
}
