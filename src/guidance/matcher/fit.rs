//! Fits the decision's weights (`stack`) to labelled questions: a conditional logit in which
//! every topic and "none of these" compete for each question, and the labelled one should win.
//! Newton's method with an L2 penalty: the loss is convex, so the fit is the same on every run
//! and needs no learning rate; 25 weights make each step one small linear solve.

use super::stack::{NONE, TOPIC, Weights};

/// One labelled question's features.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub topics: Vec<[f32; TOPIC]>,
    pub none: [f32; NONE],
    /// The topic it belongs to, by index; `None` for off-topic.
    pub label: Option<usize>,
}

const DIM: usize = TOPIC + NONE;
/// Keeps every weight modest: a feature a few questions happen to share cannot decide alone.
const L2: f64 = 0.01;
const ROUNDS: usize = 50;

/// The weights that make the labelled answers most likely.
pub fn fit(samples: &[Sample]) -> Weights {
    let mut w = [0.0f64; DIM];
    let mut current = loss(samples, &w).0;
    for _ in 0..ROUNDS {
        let (_, grad, hess) = loss(samples, &w);
        let Some(step) = solve(hess, grad) else { break };
        // Halve the step until the loss falls: Newton can overshoot far from the optimum.
        let mut scale = 1.0;
        let mut moved = false;
        for _ in 0..30 {
            let mut next = w;
            for (x, s) in next.iter_mut().zip(&step) {
                *x -= scale * s;
            }
            let value = loss(samples, &next).0;
            if value < current {
                moved = current - value > 1e-9;
                (w, current) = (next, value);
                break;
            }
            scale /= 2.0;
        }
        if !moved {
            break;
        }
    }
    let mut out = Weights {
        topic: [0.0; TOPIC],
        none: [0.0; NONE],
    };
    for (o, x) in out.topic.iter_mut().zip(&w[..TOPIC]) {
        *o = *x as f32;
    }
    for (o, x) in out.none.iter_mut().zip(&w[TOPIC..]) {
        *o = *x as f32;
    }
    out
}

/// The penalised negative log-likelihood, its gradient and its Hessian at `w`.
fn loss(samples: &[Sample], w: &[f64; DIM]) -> (f64, [f64; DIM], Vec<f64>) {
    let mut value = 0.0;
    let mut grad = [0.0f64; DIM];
    let mut hess = vec![0.0f64; DIM * DIM];
    for s in samples {
        let alternatives: Vec<[f64; DIM]> = s
            .topics
            .iter()
            .map(|x| {
                let mut a = [0.0; DIM];
                for (o, v) in a.iter_mut().zip(x) {
                    *o = f64::from(*v);
                }
                a
            })
            .chain(std::iter::once({
                let mut a = [0.0; DIM];
                for (o, v) in a[TOPIC..].iter_mut().zip(&s.none) {
                    *o = f64::from(*v);
                }
                a
            }))
            .collect();
        let scores: Vec<f64> = alternatives
            .iter()
            .map(|a| a.iter().zip(w).map(|(x, y)| x * y).sum())
            .collect();
        let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let exp: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
        let total: f64 = exp.iter().sum();
        let right = s.label.unwrap_or(s.topics.len());
        value -= scores[right] - max - total.ln();
        let mut mean = [0.0f64; DIM];
        for (a, e) in alternatives.iter().zip(&exp) {
            let p = e / total;
            for i in 0..DIM {
                mean[i] += p * a[i];
                if a[i] != 0.0 {
                    for j in 0..DIM {
                        hess[i * DIM + j] += p * a[i] * a[j];
                    }
                }
            }
        }
        for i in 0..DIM {
            grad[i] += mean[i] - alternatives[right][i];
            for j in 0..DIM {
                hess[i * DIM + j] -= mean[i] * mean[j];
            }
        }
    }
    for i in 0..DIM {
        value += L2 * w[i] * w[i];
        grad[i] += 2.0 * L2 * w[i];
        hess[i * DIM + i] += 2.0 * L2;
    }
    (value, grad, hess)
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting; `None` when singular.
fn solve(mut a: Vec<f64>, mut b: [f64; DIM]) -> Option<[f64; DIM]> {
    for col in 0..DIM {
        let pivot = (col..DIM)
            .max_by(|&x, &y| a[x * DIM + col].abs().total_cmp(&a[y * DIM + col].abs()))?;
        if a[pivot * DIM + col].abs() < 1e-12 {
            return None;
        }
        if pivot != col {
            for j in 0..DIM {
                a.swap(col * DIM + j, pivot * DIM + j);
            }
            b.swap(col, pivot);
        }
        for row in col + 1..DIM {
            let f = a[row * DIM + col] / a[col * DIM + col];
            if f != 0.0 {
                for j in col..DIM {
                    a[row * DIM + j] -= f * a[col * DIM + j];
                }
                b[row] -= f * b[col];
            }
        }
    }
    let mut x = [0.0f64; DIM];
    for row in (0..DIM).rev() {
        let rest: f64 = (row + 1..DIM).map(|j| a[row * DIM + j] * x[j]).sum();
        x[row] = (b[row] - rest) / a[row * DIM + row];
    }
    Some(x)
}

/// The Rust source of `fitted.rs` for `w`.
pub fn source(w: &Weights) -> String {
    let list = |v: &[f32]| {
        v.iter()
            .map(|x| format!("{x:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "//! The decision's weights, as `mops-bot tune` fitted them to the training questions (see\n\
         //! `stack` for what each feature is). Generated: run `mops-bot tune` after changing the\n\
         //! packs, the training questions or the features, and commit what it writes.\n\n\
         use super::stack::{{NONE as N, TOPIC as T}};\n\n\
         #[rustfmt::skip]\n\
         pub const TOPIC: [f32; T] = [{}];\n\
         #[rustfmt::skip]\n\
         pub const NONE: [f32; N] = [{}];\n",
        list(&w.topic),
        list(&w.none)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(first: f32, second: f32, label: Option<usize>) -> Sample {
        let topic = |v: f32| {
            let mut x = [0.0; TOPIC];
            x[0] = v;
            x
        };
        let mut none = [0.0; NONE];
        none[0] = 1.0;
        Sample {
            topics: vec![topic(first), topic(second)],
            none,
            label,
        }
    }

    #[test]
    fn learns_that_the_stronger_feature_wins_and_a_weak_one_is_declined() {
        let samples = vec![
            sample(1.0, 0.1, Some(0)),
            sample(0.2, 0.9, Some(1)),
            sample(0.8, 0.3, Some(0)),
            sample(0.1, 0.1, None),
            sample(0.15, 0.05, None),
        ];
        let w = fit(&samples);
        assert!(w.topic[0] > 0.0, "{w:?}");
        // "None" beats a topic with little evidence and loses to one with a lot.
        assert!(
            w.none[0] > 0.15 * w.topic[0] && w.none[0] < 0.8 * w.topic[0],
            "{w:?}"
        );
        assert_eq!(fit(&samples), w, "the same on every run");
    }

    #[test]
    fn solves_a_small_system() {
        let mut a = vec![0.0; DIM * DIM];
        let mut b = [0.0; DIM];
        for i in 0..DIM {
            a[i * DIM + i] = 2.0;
            b[i] = i as f64;
        }
        a[1] = 1.0;
        let x = solve(a, b).expect("regular");
        assert!((x[1] - 0.5).abs() < 1e-12);
        assert!((x[0] - (0.0 - 0.5) / 2.0).abs() < 1e-12, "{x:?}");
    }
}
