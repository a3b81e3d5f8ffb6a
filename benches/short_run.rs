//! Short-run core–periphery solve on `points` geography (R = 500, 2000, 5000 random points
//! in the unit square, T = exp(2 d), sigma = 5, mu = 0.4, shares from a fixed pattern),
//! with the memory roofline it runs against.
//!
//! Each iteration is two mat-vecs over the freeness matrix; the costs are symmetric, so
//! phi is stored as its upper triangle (4 N(N+1) bytes) and an iteration streams twice that; `memory/stream_read` measures the bandwidth that sets the floor
//! (bytes / bandwidth). Iteration counts are printed once per size on stderr; a solve of
//! k iterations applies the map k + 1 times (the last application finds the residual small).
//! `matvec/N` times one product with the freeness matrix alone, so that the solver's
//! overhead per iteration shows against 2 × matvec. Products run in parallel (rayon) from
//! `agglo::model::freeness::PARALLEL_ROWS` rows, so `memory/stream_read_parallel` (the same
//! row-chunked read on every rayon thread) is the roofline they are held to;
//! `memory/stream_read` is one thread.
//!
//! Run: `cargo bench --bench short_run` (add `-- --quick` for a fast pass).

use std::hint::black_box;
use std::time::Duration;

use agglo::geography::{layouts, CostFunction, Metric};
use agglo::model::{freeness::PARALLEL_ROWS, CorePeriphery, CorePeripheryParams};
use agglo::solve::{Method, SolverSettings, Tolerance};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rayon::prelude::*;

const SIZES: [usize; 3] = [500, 2000, 5000];

fn points(n: usize) -> Vec<[f64; 2]> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n).map(|_| [next(), next()]).collect()
}

fn model(n: usize) -> (CorePeriphery, Vec<f64>) {
    let ids = (1..=n).map(|i| i.to_string()).collect();
    let g = layouts::points(
        ids,
        points(n),
        Metric::Euclidean,
        CostFunction::Exp { rate: 2.0 },
        "bench",
    )
    .unwrap();
    let m = CorePeriphery::new(CorePeripheryParams::default(), &g, vec![1.0 / n as f64; n]).unwrap();
    let raw: Vec<f64> = (0..n).map(|i| 1.0 + (i % 10) as f64).collect();
    let total: f64 = raw.iter().sum();
    (m, raw.into_iter().map(|x| x / total).collect())
}

fn settings(method: Method) -> SolverSettings {
    SolverSettings {
        method,
        tolerance: Tolerance {
            residual: 1e-10,
            max_iterations: 100_000,
        },
    }
}

fn short_run(c: &mut Criterion) {
    eprintln!(
        "rayon threads = {}, products parallel from {PARALLEL_ROWS} rows (all sizes here)",
        rayon::current_num_threads()
    );
    let mut group = c.benchmark_group("short_run_points");
    // Ten samples, short windows: Picard at R = 5000 is seconds per solve.
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for n in SIZES {
        let (m, shares) = model(n);
        for (name, method) in [
            (
                "anderson",
                Method::Anderson {
                    depth: 10,
                    damping: 1.0,
                },
            ),
            ("picard", Method::Picard { damping: 1.0 }),
        ] {
            let (_, stats) = m.solve_short_run(&shares, None, &settings(method)).unwrap();
            let bytes = 2.0 * m.freeness().bytes() as f64;
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

/// One product with the freeness matrix: 8 N² bytes streamed.
fn matvec(c: &mut Criterion) {
    let mut group = c.benchmark_group("matvec");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for n in SIZES {
        let (m, shares) = model(n);
        let mut out = vec![0.0; n];
        group.throughput(Throughput::Bytes(m.freeness().bytes() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                m.freeness().mul(black_box(&shares), &mut out);
                black_box(out[0])
            })
        });
    }
    group.finish();
}

/// Sum of a slice with four independent accumulators (the same loop as the mat-vec's dot).
#[inline]
fn sum4(data: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    for chunk in data.chunks_exact(4) {
        acc[0] += chunk[0];
        acc[1] += chunk[1];
        acc[2] += chunk[2];
        acc[3] += chunk[3];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// Streams a 200 MB vector (the size of the R = 5000 freeness matrix) to measure the read
/// bandwidth that bounds each mat-vec.
fn memory(c: &mut Criterion) {
    let n = 5000 * 5000;
    let data: Vec<f64> = (0..n).map(|i| (i % 7) as f64).collect();
    let mut group = c.benchmark_group("memory");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
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
    // Rows of 5000 entries in blocks of 16 rows across the rayon pool, as the mat-vec reads.
    group.bench_function("stream_read_parallel", |b| {
        b.iter(|| {
            let total: f64 = data
                .par_chunks(16 * 5000)
                .map(|block| block.chunks(5000).map(sum4).sum::<f64>())
                .sum();
            black_box(total)
        })
    });
    group.finish();
}

criterion_group!(benches, short_run, matvec, memory);
criterion_main!(benches);
