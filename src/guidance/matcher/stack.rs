//! The decision's features and weights. Each topic is scored by a weighted sum of what the
//! matcher measured about it (keyword relevance, coverage, example similarity, the model's
//! belief, how it compares with the best other topic, ...), and "none of these" by a weighted sum
//! of what says a message is off-topic (its length, the model's belief that it is about none of
//! the topics). The highest score wins; "none" winning means decline.
//!
//! The weights are not hand-set: `mops-bot tune` fits them (`fit`) to the labelled training
//! questions, each scored by a model that never saw its file, and writes `fitted.rs`.

use super::fitted;
use super::score::Evidence;

/// Features per topic.
pub const TOPIC: usize = 19;
/// Features of "none of these".
pub const NONE: usize = 6;

/// A message of this many meaningful words or fewer is brief; ...
const BRIEF: usize = 5;
/// ... of this many or fewer, terse.
const TERSE: usize = 2;
/// Counts above this say nothing more.
const MOST: f32 = 3.0;

/// What the decision weighs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub topic: [f32; TOPIC],
    pub none: [f32; NONE],
}

/// The weights `mops-bot tune` fitted last.
pub const FITTED: Weights = Weights {
    topic: fitted::TOPIC,
    none: fitted::NONE,
};

/// The features of every topic and of "none", given each topic's hand-weighted evidence
/// (`base`) and whether what was typed grounds it (`grounded`).
pub fn features(e: &Evidence, base: &[f32], grounded: &[bool]) -> (Vec<[f32; TOPIC]>, [f32; NONE]) {
    let n = e.score.len();
    let brief = f32::from(u8::from(e.words <= BRIEF));
    let terse = f32::from(u8::from(e.words <= TERSE));
    let flag = |b: bool| f32::from(u8::from(b));
    let saturated: Vec<f32> = e.score.iter().map(|&k| k / (k + 3.0)).collect();
    let best_of = |t: usize| e.similarity[t].best;
    let lead_base = leads(base);
    let lead_model = leads(&e.model);
    let lead_keywords = leads(&saturated);
    let similarity: Vec<f32> = (0..n).map(best_of).collect();
    let lead_similarity = leads(&similarity);
    let topics = (0..n)
        .map(|t| {
            let missed = (e.missed[t] as f32).min(MOST);
            let anchored = flag(e.anchored[t]);
            [
                saturated[t],
                e.score[t].ln_1p(),
                e.coverage[t],
                similarity[t],
                e.similarity[t].topic,
                e.model[t],
                anchored,
                missed,
                (e.support[t] as f32).min(MOST),
                flag(e.exact == Some(t)),
                flag(grounded[t]),
                lead_base[t],
                lead_model[t],
                lead_keywords[t],
                lead_similarity[t],
                missed * brief,
                anchored * terse,
                e.model[t] * terse,
                saturated[t] * brief,
            ]
        })
        .collect();
    let none = [
        1.0,
        (e.words as f32).ln_1p(),
        brief,
        terse,
        e.none,
        e.none * brief,
    ];
    (topics, none)
}

/// Each value minus the largest of the others: how far it leads (or trails) the rest.
fn leads(values: &[f32]) -> Vec<f32> {
    let (mut first, mut second) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
    for &v in values {
        if v > first {
            second = first;
            first = v;
        } else if v > second {
            second = v;
        }
    }
    let second = if second.is_finite() { second } else { 0.0 };
    values
        .iter()
        .map(|&v| v - if v >= first { second } else { first })
        .collect()
}

/// The weighted sums: one score per topic, and the score of "none".
pub fn scores(w: &Weights, topics: &[[f32; TOPIC]], none: &[f32; NONE]) -> (Vec<f32>, f32) {
    let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    (
        topics.iter().map(|x| dot(x, &w.topic)).collect(),
        dot(none, &w.none),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lead_is_measured_against_the_best_other() {
        assert_eq!(leads(&[0.5, 0.2, 0.1]), vec![0.3, -0.3, -0.4]);
        // A tie at the top: neither leads.
        assert_eq!(leads(&[0.4, 0.4, 0.1]), vec![0.0, 0.0, -0.3]);
        assert_eq!(leads(&[0.7]), vec![0.7]);
    }
}
