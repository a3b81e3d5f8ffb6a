//! Timing harness for `scripts/bench_tomahawk_numpy.py`: traces the default FKV tomahawk
//! (see `benches/common/mod.rs`) N times (first argument, default 20) after a checked run
//! and three warm-up runs, and prints one JSON line: median/min milliseconds and the located points.
//!
//! Run: `cargo run --release --example tomahawk_time -- 20`.

#[path = "../benches/common/mod.rs"]
mod common;

use std::time::Instant;

use agglo::continuation::SpecialKind;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("number of runs"))
        .unwrap_or(20)
        .max(1);
    let d = common::tomahawk();
    common::check(&d);
    for _ in 0..3 {
        std::hint::black_box(common::tomahawk());
    }
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(common::tomahawk());
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    let median = if runs % 2 == 1 {
        ms[runs / 2]
    } else {
        0.5 * (ms[runs / 2 - 1] + ms[runs / 2])
    };
    let points: usize = d.branches.iter().map(|b| b.points.len()).sum();
    let list = |v: Vec<f64>| v.iter().map(|x| format!("{x:.12}")).collect::<Vec<_>>().join(", ");
    println!(
        "{{\"runs\": {runs}, \"median_ms\": {median:.4}, \"min_ms\": {:.4}, \"branches\": {}, \"points\": {points}, \"break\": [{}], \"sustain\": [{}]}}",
        ms[0],
        d.branches.len(),
        list(common::located(&d, SpecialKind::Break)),
        list(common::located(&d, SpecialKind::Sustain))
    );
}
