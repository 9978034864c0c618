//! Matching one typical free-text query against the full embedded library, with the index
//! built once beforehand as the app does at start-up. Target: under 20 µs per query.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use mops_bot::guidance::library::Library;
use mops_bot::guidance::matcher::Matcher;

fn matcher() -> Matcher {
    let today = jiff::civil::date(2026, 11, 23);
    match Library::embedded(today) {
        Ok(loaded) => Matcher::new(loaded.library.packs()),
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

fn build(c: &mut Criterion) {
    let today = jiff::civil::date(2026, 11, 23);
    let Ok(loaded) = Library::embedded(today) else {
        panic!("the embedded library is invalid");
    };
    c.bench_function("matcher/build index (once at start-up)", |b| {
        b.iter(|| Matcher::new(black_box(loaded.library.packs())))
    });
}

criterion_group!(benches, classify, build);
criterion_main!(benches);
