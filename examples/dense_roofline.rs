//! The dense path against the memory roofline at N = 5000 (random points, T = exp(2 d)).
//!
//! ```text
//! cargo run --release --example dense_roofline -- [N] [--threads K]
//! ```
//!
//! 1. Bandwidth: a streaming read of a 200 MB array (the size of the N = 5000 freeness
//!    matrix in f64), summed with sixteen accumulators (AVX2 where available), on one
//!    thread and on every rayon thread (row blocks, as the mat-vec reads); best of 20
//!    passes. The parallel figure is the roofline.
//! 2. One product with the freeness matrix in f64 and f32 (symmetric costs: the packed upper
//!    triangle, 4 N(N+1) and 2 N(N+1) bytes): best
//!    and median of 20, as effective bandwidth and as a multiple of the roofline
//!    (bytes / parallel bandwidth).
//! 3. A core–periphery short-run solve (two products per map application) and an
//!    Allen–Arkolakis solve (one product per application, the contraction), best of three
//!    solves: time per application of the map against 2 × and 1 × the roofline of the
//!    stored matrix (its bytes over the parallel bandwidth).

use std::hint::black_box;
use std::time::Instant;

use agglo::geography::{layouts, CostFunction, Geography, MatrixPrecision, Metric};
use agglo::model::{AllenArkolakis, AllenArkolakisParams, CorePeriphery, CorePeripheryParams, Freeness, Fundamentals};
use agglo::solve::{Method, SolverSettings, Tolerance};
use rayon::prelude::*;

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

/// Sum with sixteen accumulators: enough independent adds that the read, not the adder,
/// sets the pace.
#[inline(always)]
fn sum16(data: &[f64]) -> f64 {
    let mut acc = [0.0f64; 16];
    for c in data.chunks_exact(16) {
        for (a, v) in acc.iter_mut().zip(c) {
            *a += v;
        }
    }
    acc.iter().sum()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn sum16_avx2(data: &[f64]) -> f64 {
    sum16(data)
}

/// The fastest build of [`sum16`] this machine runs (AVX2 where available, as the mat-vec).
fn read(data: &[f64]) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: AVX2 was detected at run time.
        return unsafe { sum16_avx2(data) };
    }
    sum16(data)
}

/// (best, median) seconds of `reps` runs of `f`.
fn time(reps: usize, mut f: impl FnMut()) -> (f64, f64) {
    f();
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let c = Instant::now();
            f();
            c.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    (t[0], t[reps / 2])
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut n = 5000;
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--threads" {
            let k: usize = args[i + 1].parse().expect("thread count");
            rayon::ThreadPoolBuilder::new().num_threads(k).build_global().unwrap();
            i += 2;
        } else {
            n = args[i].parse().expect("N");
            i += 1;
        }
    }
    let threads = rayon::current_num_threads();
    println!("N = {n}, rayon threads = {threads}");

    // 1. Bandwidth over 200 MB.
    let len = 25_000_000;
    let data: Vec<f64> = (0..len).map(|i| (i % 7) as f64).collect();
    let bytes = (len * 8) as f64;
    let (one, _) = time(20, || {
        black_box(read(black_box(&data)));
    });
    let (par, _) = time(20, || {
        let s: f64 = data
            .par_chunks(16 * 5000)
            .map(|b| b.chunks(5000).map(read).sum::<f64>())
            .sum();
        black_box(s);
    });
    let (bw1, bw) = (bytes / one / 1e9, bytes / par / 1e9);
    println!("streaming read of 200 MB: {bw1:.2} GB/s on one thread, {bw:.2} GB/s on {threads} (the roofline)");
    drop(data);

    let ids: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    let g = layouts::points(
        ids,
        points(n),
        Metric::Euclidean,
        CostFunction::Exp { rate: 2.0 },
        "bench",
    )
    .unwrap();
    let mut g32: Geography = g.clone();
    g32.trade_costs.set_matrix_precision(MatrixPrecision::F32);
    let mut gmixed: Geography = g.clone();
    gmixed.trade_costs.set_matrix_precision(MatrixPrecision::Mixed);

    // 2. One product.
    let x: Vec<f64> = (0..n).map(|i| 1.0 + (i % 10) as f64).collect();
    let mut out = vec![0.0; n];
    for (label, f) in [
        ("f64", Freeness::new(&g.trade_costs, 5.0)),
        ("f32", Freeness::new(&g32.trade_costs, 5.0)),
        ("mixed (hi + lo)", Freeness::new(&gmixed.trade_costs, 5.0)),
    ] {
        // Symmetric costs: the upper triangle is stored (packed.rs), N(N+1)/2 entries.
        let matrix = f.bytes() as f64;
        let (best, median) = time(20, || f.mul(black_box(&x), &mut out));
        let roof = matrix / (bw * 1e9);
        println!(
            "mat-vec {label}: best {:.2} ms, median {:.2} ms = {:.2} GB/s; roofline {:.2} ms; best / roofline = {:.2}",
            best * 1e3,
            median * 1e3,
            matrix / best / 1e9,
            roof * 1e3,
            best / roof
        );
        if f.has_coarse() {
            let (best, median) = time(20, || f.mul_coarse(black_box(&x), &mut out));
            println!(
                "mat-vec {label}, coarse (hi only): best {:.2} ms, median {:.2} ms",
                best * 1e3,
                median * 1e3
            );
        }
    }

    // 3. Solves: time per application of the map.
    let raw: Vec<f64> = (0..n).map(|i| 1.0 + (i % 10) as f64).collect();
    let total: f64 = raw.iter().sum();
    let shares: Vec<f64> = raw.iter().map(|v| v / total).collect();
    for (label, geography) in [("f64", &g), ("f32", &g32), ("mixed", &gmixed)] {
        let cp = CorePeriphery::new(CorePeripheryParams::default(), geography, vec![1.0 / n as f64; n]).unwrap();
        let roof = cp.freeness().bytes() as f64 / (bw * 1e9);
        for (name, method) in [
            (
                "anderson",
                Method::Anderson {
                    depth: 10,
                    damping: 1.0,
                },
            ),
            ("picard 0.5", Method::Picard { damping: 0.5 }),
        ] {
            let settings = SolverSettings {
                method,
                tolerance: Tolerance {
                    residual: 1e-10,
                    max_iterations: 100_000,
                },
            };
            let (mut t, mut stats) = (f64::INFINITY, None);
            // Best of three Anderson solves; the damped iteration's 200+ iterations average alone.
            for _ in 0..if name == "anderson" { 3 } else { 1 } {
                let clock = Instant::now();
                let (_, s) = cp.solve_short_run(&shares, None, &settings).unwrap();
                t = t.min(clock.elapsed().as_secs_f64());
                stats = Some(s);
            }
            let stats = stats.unwrap();
            let per = t / (stats.iterations + 1) as f64;
            println!(
                "core–periphery short run {label} {name}: {:.3} s, {} iterations, {:.2} ms per iteration (2 products); roofline {:.2} ms; ratio {:.2}",
                t,
                stats.iterations,
                per * 1e3,
                2.0 * roof * 1e3,
                per / (2.0 * roof)
            );
        }
        let params = AllenArkolakisParams {
            alpha: 0.1,
            beta: -0.3,
            ..Default::default()
        };
        let a: Vec<f64> = (0..n)
            .map(|i| (0.3 * ((i * 7919) % 101) as f64 / 101.0).exp())
            .collect();
        let aa = AllenArkolakis::new(
            params,
            geography,
            Fundamentals {
                productivity: a,
                amenity: vec![1.0; n],
            },
        )
        .unwrap();
        let settings = SolverSettings::default();
        let (mut t, mut eq) = (f64::INFINITY, None);
        for _ in 0..3 {
            let clock = Instant::now();
            eq = Some(aa.solve(None, &settings).unwrap());
            t = t.min(clock.elapsed().as_secs_f64());
        }
        let eq = eq.unwrap();
        let per = t / (eq.stats.iterations + 1) as f64;
        println!(
            "Allen–Arkolakis {label} anderson: {:.3} s, {} iterations, {:.2} ms per iteration (1 product); roofline {:.2} ms; ratio {:.2}",
            t,
            eq.stats.iterations,
            per * 1e3,
            roof * 1e3,
            per / roof
        );
    }
}
