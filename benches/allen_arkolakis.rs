//! Allen–Arkolakis equilibrium (docs/reference.md §5; sigma = 9, alpha = 0.1, beta = -0.3,
//! Lbar = 1) on N = 2000 and 5000 random points in the unit square, T = exp(2 d) (symmetric,
//! so `solve` runs the contraction (C) in x = ln l), log-normal Abar and ubar, tolerance 1e-10.
//!
//! The instance is the one `scripts/bench_aa_numpy.py` writes to CSV (and
//! `examples/aa_time.rs` times): points from the LCG of `benches/short_run.rs`, ln Abar and
//! ln ubar = 0.5 z with z from Box–Muller on a second LCG. `solve/anderson/N` is the default
//! solver (Anderson, depth 10); `solve/picard/N` the undamped contraction as written. Every
//! iteration is one mat-vec over the 8 N² bytes of phi = T^(1-s) (a solve of k iterations
//! makes k + 1); `aa_memory/stream_read_parallel` measures the bandwidth that bounds it
//! (200 MB read row-chunked across the rayon pool, as the mat-vec reads), so the roofline
//! per iteration is 8 N² / that bandwidth. Iteration counts are printed on stderr.
//!
//! Run: `cargo bench --bench allen_arkolakis` (add `-- --quick` for a fast pass).

use std::hint::black_box;
use std::time::Duration;

use agglo::geography::{layouts, CostFunction, Metric};
use agglo::model::{AllenArkolakis, AllenArkolakisParams, Fundamentals};
use agglo::solve::{Method, SolverSettings, Tolerance};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rayon::prelude::*;

const SIZES: [usize; 2] = [2000, 5000];
const POINT_SEED: u64 = 0x9E37_79B9_7F4A_7C15;
const FUNDAMENTAL_SEED: u64 = 0xD1B5_4A32_D192_ED03;
const LOG_SD: f64 = 0.5;

struct Lcg(u64);

impl Lcg {
    fn uniform(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

fn model(n: usize) -> AllenArkolakis {
    let mut p = Lcg(POINT_SEED);
    let points: Vec<[f64; 2]> = (0..n).map(|_| [p.uniform(), p.uniform()]).collect();
    let mut f = Lcg(FUNDAMENTAL_SEED);
    let (mut abar, mut ubar) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        abar.push((LOG_SD * f.normal()).exp());
        ubar.push((LOG_SD * f.normal()).exp());
    }
    let ids = (1..=n).map(|i| i.to_string()).collect();
    let g = layouts::points(ids, points, Metric::Euclidean, CostFunction::Exp { rate: 2.0 }, "bench").unwrap();
    let params = AllenArkolakisParams {
        sigma: 9.0,
        alpha: 0.1,
        beta: -0.3,
        population: 1.0,
    };
    let m = AllenArkolakis::new(
        params,
        &g,
        Fundamentals {
            productivity: abar,
            amenity: ubar,
        },
    )
    .unwrap();
    assert!(m.is_symmetric());
    m
}

fn solve(c: &mut Criterion) {
    eprintln!("rayon threads = {}", rayon::current_num_threads());
    let mut group = c.benchmark_group("allen_arkolakis_points");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for n in SIZES {
        let m = model(n);
        for (name, settings) in [
            ("anderson", SolverSettings::default()),
            (
                "picard",
                SolverSettings {
                    method: Method::Picard { damping: 1.0 },
                    tolerance: Tolerance {
                        residual: 1e-10,
                        max_iterations: 100_000,
                    },
                },
            ),
        ] {
            let stats = m.solve(None, &settings).unwrap().stats;
            eprintln!(
                "N = {n:>5} {name:<9} iterations = {:>3}  residual = {:.1e}  phi bytes/iteration = {:.1} MB",
                stats.iterations,
                stats.residual,
                8.0 * (n * n) as f64 / 1e6
            );
            group.throughput(Throughput::Elements(1));
            group.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| {
                b.iter(|| black_box(m.solve(None, &settings).unwrap()))
            });
        }
    }
    group.finish();
}

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

/// Streams 200 MB (phi at N = 5000): one thread, and rows of 5000 in blocks of 16 across the
/// rayon pool.
fn memory(c: &mut Criterion) {
    let n = 5000 * 5000;
    let data: Vec<f64> = (0..n).map(|i| (i % 7) as f64).collect();
    let mut group = c.benchmark_group("aa_memory");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Bytes((n * 8) as u64));
    group.bench_function("stream_read", |b| b.iter(|| black_box(sum4(&data))));
    group.bench_function("stream_read_parallel", |b| {
        b.iter(|| {
            black_box(
                data.par_chunks(16 * 5000)
                    .map(|block| block.chunks(5000).map(sum4).sum::<f64>())
                    .sum::<f64>(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, solve, memory);
criterion_main!(benches);
