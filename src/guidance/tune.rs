//! The matcher measured, and its decision fitted, on its own training questions without
//! fooling itself: each training file is scored by a matcher whose model never saw that file
//! (leave one file out). `mops-bot tune` fits the decision's weights to those scores;
//! `mops-bot eval --cross-validate` measures the weights the bot was built with the same way.

use super::eval::{self, Report};
use super::grammar;
use super::library::{Library, TrainingFile};
use super::matcher::{self, Matcher, Weights};

/// How the matcher does on one training file it did not learn from.
#[derive(Debug, Clone, PartialEq)]
pub struct Fold {
    pub file: String,
    pub report: Report,
}

/// Per training file, a matcher whose model learnt from every other file (and the packs).
fn folds(library: &Library) -> Vec<(&TrainingFile, Matcher)> {
    let training = library.training();
    training
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let others: Vec<TrainingFile> = training
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, f)| f.clone())
                .collect();
            (file, Matcher::new(library.packs(), &others))
        })
        .collect()
}

/// Each training file's figures under `weights`, from a matcher that did not learn from it.
pub fn cross_validate(library: &Library, weights: &Weights) -> Vec<Fold> {
    measure(&folds(library), weights)
}

fn measure(folds: &[(&TrainingFile, Matcher)], weights: &Weights) -> Vec<Fold> {
    folds
        .iter()
        .map(|(file, m)| Fold {
            file: file.name.clone(),
            report: eval::run(m, weights, &file.questions),
        })
        .collect()
}

/// Fits the decision's weights to every training question, each scored by the matcher that
/// did not learn from its file, and measures the fit the same way.
pub fn tune(library: &Library) -> (Weights, Vec<Fold>) {
    let folds = folds(library);
    let samples: Vec<matcher::Sample> = folds
        .iter()
        .flat_map(|(file, m)| {
            file.questions.iter().map(move |q| {
                let request = grammar::parse(&q.query);
                m.sample(eval::asked(&request), q.expected.as_deref())
            })
        })
        .collect();
    let weights = matcher::fit(&samples);
    let measured = measure(&folds, &weights);
    (weights, measured)
}

/// The figures of all folds together: (correct, in scope, declined, out of scope).
pub fn totals(folds: &[Fold]) -> (usize, usize, usize, usize) {
    folds.iter().fold((0, 0, 0, 0), |(a, b, c, d), f| {
        (
            a + f.report.correct,
            b + f.report.in_scope,
            c + f.report.rejected,
            d + f.report.out_of_scope,
        )
    })
}
