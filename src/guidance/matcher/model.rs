//! A discriminative reading of the whole message: multinomial logistic regression over the same
//! features similarity uses (stems, word families, adjacent pairs), trained at start-up on what
//! each pack says about itself (example questions, keywords, title, summary, body lines).
//!
//! BM25F and example similarity weigh every word by how rare it is; they cannot learn that
//! "manager" in a message about being slammed says little, or that "director" in "someone who's
//! been a director to learn from" is about learning, not hiring. A model trained to tell the
//! packs apart learns which features separate which topics, and spreads its belief over
//! topics as a probability, so the decision can combine it with the hand-weighted scores.
//!
//! Deterministic: fixed feature order, a fixed visiting order, fixed epochs, no randomness. The
//! cost of a query is one look-up per feature and one multiply-add per topic, linear in the
//! message.

use super::fasthash::{FastMap, FastSet, fnv};
use super::similar::{Bag, Feature};
use super::text::Word;

/// Passes over the training documents.
const EPOCHS: usize = 30;
/// Step size at the first epoch; it decays as 1 / (1 + DECAY * epoch).
const RATE: f32 = 0.5;
const DECAY: f32 = 0.2;
/// L2 penalty per step: keeps any one feature from deciding alone.
const L2: f32 = 1e-4;
/// The biases learn slower than the weights: which topic has more documents is not evidence.
const BIAS_RATE: f32 = 0.1;
/// Added to every document's squared length, as in `similar`: a one-word text is not pure
/// evidence for a topic because its one word is.
const SMOOTHING: f32 = 1.0;

/// What a training document is, and how much it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An example question: written as people ask.
    Example,
    /// A keyword, the title or the summary: the topic's own words.
    Name,
    /// A line of the pack's sections: faint, many.
    Body,
}

impl Source {
    fn weight(self) -> f32 {
        match self {
            Source::Example => 1.0,
            Source::Name => 0.7,
            Source::Body => 0.3,
        }
    }
}

/// One training document: its topic, where it came from and its features.
pub type Doc = (usize, Source, Bag);

/// The frames of a text: its stop words on their own ("i", "we", "should", "how") and every two
/// adjacent words, stop words included ("learn from", "should i", "enough for"), as features
/// only the model reads. Similarity drops stop words; how a question is put is often in them.
pub fn frames(words: &[Word]) -> Bag {
    let mut seen = FastSet::default();
    let mut out = Bag::new();
    // Each frame counts once, as each word does; a set keeps this linear in the message.
    let mut add = |key: u64| {
        let f = key | FRAME_BIT;
        if seen.insert(f) {
            out.push((f, FRAME_WEIGHT));
        }
    };
    for word in words.iter().filter(|w| w.stop) {
        add(fnv(word.stem.as_bytes().iter()));
    }
    for pair in words.windows(2) {
        add(fnv(pair[0]
            .stem
            .as_bytes()
            .iter()
            .chain(b" ")
            .chain(pair[1].stem.as_bytes())));
    }
    out
}

/// Marks a frame's key, apart from the keys of terms and pairs of terms.
const FRAME_BIT: u64 = 1 << 63;
/// A frame weighs as much as a word: how a question is put says as much as what it names.
const FRAME_WEIGHT: f32 = 1.0;

/// The trained model.
#[derive(Debug, Default)]
pub struct Model {
    topics: usize,
    /// Feature -> its row in `weights`.
    rows: FastMap<Feature, u32>,
    /// Idf of each row's feature over the training documents.
    idf: Vec<f32>,
    /// `topics` weights per row.
    weights: Vec<f32>,
    bias: Vec<f32>,
    /// What a feature the model never saw weighs in a message's length.
    unseen: f32,
}

impl Model {
    /// Trains on `docs` for `topics` topics.
    pub fn train(docs: &[Doc], topics: usize) -> Self {
        let mut model = Self {
            topics,
            bias: vec![0.0; topics],
            ..Self::default()
        };
        if topics == 0 || docs.is_empty() {
            return model;
        }
        let mut df: Vec<f32> = Vec::new();
        for (_, _, bag) in docs {
            for &(f, _) in bag {
                let next = u32::try_from(model.rows.len()).unwrap_or(u32::MAX);
                let row = *model.rows.entry(f).or_insert(next) as usize;
                if row == df.len() {
                    df.push(0.0);
                }
                df[row] += 1.0;
            }
        }
        let n = docs.len() as f32;
        model.idf = df.iter().map(|d| (1.0 + n / d).ln()).collect();
        model.unseen = (1.0 + n).ln();
        model.weights = vec![0.0; df.len() * topics];
        let vectors: Vec<Vec<(usize, f32)>> = docs
            .iter()
            .map(|(_, _, bag)| model.vector(bag, 0))
            .collect();
        // Visit documents in a fixed stride order that interleaves topics, so no epoch ends
        // on a run of one topic's documents.
        let count = docs.len();
        let stride = coprime_stride(count);
        let mut p = vec![0.0f32; topics];
        for epoch in 0..EPOCHS {
            let rate = RATE / (1.0 + DECAY * epoch as f32);
            for i in 0..count {
                let d = (i * stride) % count;
                let (topic, source, _) = docs[d];
                let x = &vectors[d];
                model.probabilities(x, &mut p);
                let step = rate * source.weight();
                for (t, pt) in p.iter().enumerate() {
                    let target = if t == topic { 1.0 } else { 0.0 };
                    let g = step * (pt - target);
                    model.bias[t] -= g * BIAS_RATE;
                    for &(row, v) in x {
                        let w = &mut model.weights[row * topics + t];
                        *w -= g * v + step * L2 * *w;
                    }
                }
            }
        }
        model
    }

    /// A text's features as (row, value) pairs, L2-normalised; `unknown` words no pack uses
    /// lengthen the vector, so a message mostly about something else reads as less sure.
    fn vector(&self, bag: &Bag, unknown: usize) -> Vec<(usize, f32)> {
        let mut norm = SMOOTHING + unknown as f32 * self.unseen * self.unseen;
        let mut out = Vec::with_capacity(bag.len());
        for &(f, w) in bag {
            match self.rows.get(&f) {
                Some(&row) => {
                    let v = w * self.idf[row as usize];
                    norm += v * v;
                    out.push((row as usize, v));
                }
                // A single word no document has is information none explains.
                None if f & FRAME_BIT == 0 && f & u64::from(u32::MAX) == u64::from(u32::MAX) => {
                    norm += (w * self.unseen) * (w * self.unseen);
                }
                None => {}
            }
        }
        let norm = norm.sqrt();
        for (_, v) in &mut out {
            *v /= norm;
        }
        out
    }

    /// Softmax over topics of `x`, into `p`.
    fn probabilities(&self, x: &[(usize, f32)], p: &mut [f32]) {
        p.copy_from_slice(&self.bias);
        for &(row, v) in x {
            let w = &self.weights[row * self.topics..(row + 1) * self.topics];
            for (pt, wt) in p.iter_mut().zip(w) {
                *pt += wt * v;
            }
        }
        let max = p.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0.0;
        for pt in p.iter_mut() {
            *pt = (*pt - max).exp();
            sum += *pt;
        }
        for pt in p.iter_mut() {
            *pt /= sum;
        }
    }

    /// The probability of each topic for a message's features; all zero for a message the
    /// model has no feature of.
    pub fn predict(&self, bag: &Bag, unknown: usize) -> Vec<f32> {
        let mut p = vec![0.0; self.topics];
        let x = self.vector(bag, unknown);
        if x.is_empty() || self.topics == 0 {
            return p;
        }
        self.probabilities(&x, &mut p);
        p
    }
}

/// A step through `0..count` that visits every index once: the first number from a fixed
/// starting point that shares no factor with `count`.
fn coprime_stride(count: usize) -> usize {
    let gcd = |mut a: usize, mut b: usize| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    };
    (count / 3 + 1..).find(|&s| gcd(s, count) == 1).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(topic: usize, features: &[u64]) -> Doc {
        (
            topic,
            Source::Example,
            features.iter().map(|&f| (f, 1.0)).collect(),
        )
    }

    #[test]
    fn learns_which_features_tell_topics_apart_and_is_the_same_on_every_run() {
        // Feature 9 is shared by both topics; 1 and 2 tell them apart.
        let docs = vec![
            doc(0, &[1, 9]),
            doc(0, &[1, 3]),
            doc(1, &[2, 9]),
            doc(1, &[2, 4]),
        ];
        let model = Model::train(&docs, 2);
        let bag = |f: &[u64]| f.iter().map(|&f| (f, 1.0)).collect::<Bag>();
        let p = model.predict(&bag(&[1, 9]), 0);
        assert!(p[0] > 0.6 && p[0] > p[1], "{p:?}");
        let p = model.predict(&bag(&[9, 2]), 0);
        assert!(p[1] > 0.6, "{p:?}");
        // Nothing the model knows: no belief at all.
        assert_eq!(model.predict(&bag(&[77]), 0), vec![0.0, 0.0]);
        let again = Model::train(&docs, 2);
        assert_eq!(again.weights, model.weights);
        assert_eq!(again.bias, model.bias);
    }
}
