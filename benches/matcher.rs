//! Matching one typical free-text query against the full embedded library, with the index
//! built once beforehand as the app does at start-up. Target: under 20 µs per query; and for
//! hostile input as long as a Slack message can be (40,000 characters), well under 5 ms.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use mops_bot::guidance::library::Library;
use mops_bot::guidance::matcher::Matcher;

fn matcher() -> Matcher {
    let today = jiff::civil::date(2026, 11, 23);
    match Library::embedded(today) {
        Ok(loaded) => Matcher::new(loaded.library.packs(), loaded.library.training()),
        Err(errors) => panic!("the embedded library is invalid: {errors:?}"),
    }
}

fn classify(c: &mut Criterion) {
    let matcher = matcher();
    let mut group = c.benchmark_group("matcher");
    group.bench_function("classify typical question", |b| {
        b.iter(|| {
            matcher.classify(black_box(
                "my manager keeps piling random requests on me and I can't push back, help",
            ))
        })
    });
    group.bench_function("classify long message with typos", |b| {
        b.iter(|| {
            matcher.classify(black_box(
                "we're a tiny team and I'm constantly overwhelmd by tickets from sales, \
                 how do i make the case for more headcount without sounding like I'm complaining?",
            ))
        })
    });
    group.bench_function("classify out of scope", |b| {
        b.iter(|| matcher.classify(black_box("is the cafeteria open on fridays")))
    });
    group.finish();
}

/// A deterministic stream of pseudo-random numbers (a linear congruential generator), so every
/// run measures the same text.
fn lcg(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |below| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % below
    }
}

/// 40,000 characters of random lowercase words of 2 to 12 letters.
fn random_words() -> String {
    let mut next = lcg(7);
    let mut text = String::new();
    while text.len() < 40_000 {
        for _ in 0..2 + next(11) {
            text.push(char::from(b'a' + next(26) as u8));
        }
        text.push(' ');
    }
    text.truncate(40_000);
    text
}

/// 500 words the library knows, each with two neighbouring letters swapped.
fn misspelled() -> String {
    let words = [
        "burnout",
        "manager",
        "leadership",
        "mentorship",
        "headcount",
        "workload",
        "promotion",
        "strategic",
        "privacy",
        "attribution",
        "reporting",
        "overwhelmed",
        "delegate",
        "stakeholders",
        "salary",
        "automation",
        "integration",
        "roadmap",
        "interview",
        "career",
    ];
    let mut next = lcg(11);
    let mut out = Vec::new();
    for i in 0..500 {
        let mut bytes = words[i % words.len()].as_bytes().to_vec();
        let at = 1 + next(bytes.len() as u64 - 2) as usize;
        bytes.swap(at, at + 1);
        out.push(String::from_utf8(bytes).expect("ascii"));
    }
    out.join(" ")
}

fn adversarial(c: &mut Criterion) {
    let matcher = matcher();
    let one_word = "a".repeat(40_000);
    let random = random_words();
    let typos = misspelled();
    let mut group = c.benchmark_group("matcher adversarial");
    group.bench_function("one 40,000-letter word", |b| {
        b.iter(|| matcher.classify(black_box(&one_word)))
    });
    group.bench_function("40,000 characters of random words", |b| {
        b.iter(|| matcher.classify(black_box(&random)))
    });
    group.bench_function("500 misspelled words", |b| {
        b.iter(|| matcher.classify(black_box(&typos)))
    });
    group.finish();
}

fn build(c: &mut Criterion) {
    let today = jiff::civil::date(2026, 11, 23);
    let Ok(loaded) = Library::embedded(today) else {
        panic!("the embedded library is invalid");
    };
    c.bench_function("matcher/build index (once at start-up)", |b| {
        b.iter(|| {
            Matcher::new(
                black_box(loaded.library.packs()),
                black_box(loaded.library.training()),
            )
        })
    });
}

criterion_group!(benches, classify, adversarial, build);
criterion_main!(benches);
