//! Short-run core–periphery solve on `points` geography (R = 500, 2000, 5000 random points
//! in the unit square, T = exp(2 d), sigma = 5, mu = 0.4, shares from a fixed pattern),
//! with the memory roofline it runs against.
//!
//! Each iteration is two dense mat-vecs over the N × N freeness matrix, so it must stream
//! 2 · 8 N² bytes; `memory/stream_read` measures the bandwidth that sets the floor
//! (bytes / bandwidth). Iteration counts are printed once per size on stderr.
//!
//! Run: `cargo bench --bench short_run` (add `-- --quick` for a fast pass).

use std::hint::black_box;

use agglo::geography::{layouts, CostFunction, Metric};
use agglo::model::{CorePeriphery, CorePeripheryParams};
use agglo::solve::{Method, SolverSettings, Tolerance};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SIZES: [usize; 3] = [500, 2000, 5000];

fn points(n: usize) -> Vec<[f64; 2]> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n).map(|_| [next(), next()]).collect()
}

fn model(n: usize) -> (CorePeriphery, Vec<f64>) {
    let ids = (1..=n).map(|i| i.to_string()).collect();
    let g = layouts::points(ids, points(n), Metric::Euclidean, CostFunction::Exp { rate: 2.0 }, "bench").unwrap();
    let m = CorePeriphery::new(CorePeripheryParams::default(), &g, vec![1.0 / n as f64; n]).unwrap();
    let raw: Vec<f64> = (0..n).map(|i| 1.0 + (i % 10) as f64).collect();
    let total: f64 = raw.iter().sum();
    (m, raw.into_iter().map(|x| x / total).collect())
}

fn settings(method: Method) -> SolverSettings {
    SolverSettings { method, tolerance: Tolerance { residual: 1e-10, max_iterations: 100_000 } }
}

fn short_run(c: &mut Criterion) {
    let mut group = c.benchmark_group("short_run_points");
    group.sample_size(10);
    for n in SIZES {
        let (m, shares) = model(n);
        for (name, method) in [
            ("anderson", Method::Anderson { depth: 5, damping: 1.0 }),
            ("picard", Method::Picard { damping: 1.0 }),
        ] {
            let (_, stats) = m.solve_short_run(&shares, None, &settings(method)).unwrap();
            let bytes = 2.0 * 8.0 * (n * n) as f64;
            eprintln!(
                "R = {n:>5} {name:<9} iterations = {:>4}  residual = {:.1e}  matrix bytes/iteration = {:.1} MB",
                stats.iterations,
                stats.residual,
                bytes / 1e6
            );
            group.throughput(Throughput::Elements(1));
            group.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| {
                b.iter(|| black_box(m.solve_short_run(&shares, None, &settings(method)).unwrap()))
            });
        }
    }
    group.finish();
}

/// Streams a 200 MB vector (the size of the R = 5000 freeness matrix) to measure the read
/// bandwidth that bounds each mat-vec.
fn memory(c: &mut Criterion) {
    let n = 5000 * 5000;
    let data: Vec<f64> = (0..n).map(|i| (i % 7) as f64).collect();
    let mut group = c.benchmark_group("memory");
    group.sample_size(10);
    group.throughput(Throughput::Bytes((n * 8) as u64));
    group.bench_function("stream_read", |b| {
        b.iter(|| {
            let mut acc = [0.0f64; 4];
            for chunk in data.chunks_exact(4) {
                acc[0] += chunk[0];
                acc[1] += chunk[1];
                acc[2] += chunk[2];
                acc[3] += chunk[3];
            }
            black_box(acc)
        })
    });
    group.finish();
}

criterion_group!(benches, short_run, memory);
criterion_main!(benches);
