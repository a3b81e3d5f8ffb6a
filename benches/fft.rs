//! FFT products and a large torus solve.
//!
//! - `fft_product/torus/W`: one product with the freeness of a W × W torus
//!   (T = exp(0.01 d), sigma = 9), real 2-D FFT; `fft_product/racetrack/N`: 1-D FFT.
//! - `dense_vs_fft/N`: the same 32 × 32 = 1024-cell torus product, dense against FFT.
//! - `torus_allen_arkolakis/512`: Allen–Arkolakis (alpha = 0.1, beta = -0.3, sigma = 9) on
//!   the 512 × 512 torus (262,144 locations), log-normal fundamentals (sd 0.5, seeded),
//!   Anderson to 1e-10 from uniform population; iterations printed once.
//!
//! Run: `cargo bench --bench fft` (add `-- --quick` for a fast pass). Peak memory and the
//! 1024 × 1024 case: `scripts/bench_fft.sh`.

use std::hint::black_box;
use std::time::Duration;

use agglo::geography::{layouts, torus, CostFunction};
use agglo::model::{AllenArkolakis, AllenArkolakisParams, Freeness, Fundamentals};
use agglo::solve::SolverSettings;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn input(n: usize) -> Vec<f64> {
    (0..n).map(|i| 1.0 + (i % 13) as f64 / 13.0).collect()
}

fn products(c: &mut Criterion) {
    let mut group = c.benchmark_group("fft_product");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for w in [128, 256, 512, 1024] {
        let g = torus::torus(w, w, CostFunction::Exp { rate: 0.01 }).unwrap();
        let f = Freeness::new(&g.trade_costs, 9.0);
        let x = input(w * w);
        let mut out = vec![0.0; w * w];
        group.throughput(Throughput::Elements((w * w) as u64));
        group.bench_with_input(BenchmarkId::new("torus", w), &w, |b, _| {
            b.iter(|| {
                f.mul(black_box(&x), &mut out);
                black_box(out[0])
            })
        });
    }
    for n in [4096, 65536] {
        let g = layouts::racetrack(n, 1.001).unwrap();
        let f = Freeness::new(&g.trade_costs, 9.0);
        let x = input(n);
        let mut out = vec![0.0; n];
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("racetrack", n), &n, |b, _| {
            b.iter(|| {
                f.mul(black_box(&x), &mut out);
                black_box(out[0])
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("dense_vs_fft");
    let g = torus::torus(32, 32, CostFunction::Exp { rate: 0.1 }).unwrap();
    let x = input(1024);
    let mut out = vec![0.0; 1024];
    for (name, f) in [
        ("dense", Freeness::dense(&g.trade_costs, 9.0)),
        ("fft", Freeness::new(&g.trade_costs, 9.0)),
    ] {
        group.bench_function(BenchmarkId::new(name, 1024), |b| {
            b.iter(|| {
                f.mul(black_box(&x), &mut out);
                black_box(out[0])
            })
        });
    }
    group.finish();
}

fn torus_solve(c: &mut Criterion) {
    let w = 512;
    let n = w * w;
    let g = torus::torus(w, w, CostFunction::Exp { rate: 0.01 }).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut lognormal = || {
        let (u1, u2): (f64, f64) = (rng.random::<f64>().max(1e-300), rng.random());
        (0.5 * (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()).exp()
    };
    let fundamentals = Fundamentals {
        productivity: (0..n).map(|_| lognormal()).collect(),
        amenity: (0..n).map(|_| lognormal()).collect(),
    };
    let params = AllenArkolakisParams {
        alpha: 0.1,
        beta: -0.3,
        ..Default::default()
    };
    let model = AllenArkolakis::new(params, &g, fundamentals).unwrap();
    let settings = SolverSettings::default();
    let eq = model.solve(None, &settings).unwrap();
    eprintln!(
        "torus {w} x {w}: {} iterations, residual {:.1e}, {:.3} s",
        eq.stats.iterations, eq.stats.residual, eq.stats.seconds
    );
    let mut group = c.benchmark_group("torus_allen_arkolakis");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function(BenchmarkId::from_parameter(w), |b| {
        b.iter(|| black_box(model.solve(None, &settings).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, products, torus_solve);
criterion_main!(benches);
