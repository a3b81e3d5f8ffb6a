//! The whole default FKV tomahawk (two regions, sigma = 5, mu = 0.4, trade cost 2.5 -> 1.0,
//! analytic Newton at the default tolerance): every branch, with the break and sustain points
//! located by bisection. Checked once, outside the timed loop: 1 break, 2 sustain points,
//! 5 branches, at the closed forms.
//!
//! Run: `cargo bench --bench tomahawk`. `scripts/bench_tomahawk_numpy.py` compares it with the
//! brute-force NumPy grid an economist would write.

mod common;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

fn tomahawk(c: &mut Criterion) {
    let d = common::tomahawk();
    common::check(&d);
    let points: usize = d.branches.iter().map(|b| b.points.len()).sum();
    eprintln!(
        "tomahawk: {} branches, {} points, break {:?}, sustain {:?}",
        d.branches.len(),
        points,
        common::located(&d, agglo::continuation::SpecialKind::Break),
        common::located(&d, agglo::continuation::SpecialKind::Sustain)
    );
    let mut group = c.benchmark_group("tomahawk");
    group.sample_size(20);
    group.bench_function("fkv_two_region", |b| b.iter(|| black_box(common::tomahawk())));
    group.finish();
}

criterion_group!(benches, tomahawk);
criterion_main!(benches);
