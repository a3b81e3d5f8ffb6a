//! Allen–Arkolakis on a torus, solved by FFT products: time, iterations and peak memory.
//!
//! ```text
//! cargo run --release --example fft_torus -- [width] [height] [options]
//!   --rate R        T = exp(R d), d in cells (default 0.01)
//!   --spread S      productivity and amenity log-normal with sd S, seeded (default 0.5)
//!   --tolerance E   residual (default 1e-10)
//!   --picard D      damped iteration with damping D instead of Anderson (depth 10)
//!   --dense         also solve with the dense matrix and compare (small grids only)
//!   --threads K     rayon threads (default: all cores)
//! ```
//!
//! Prints the setup time (geography, fundamentals, freeness), one FFT product, the solve,
//! and the peak resident memory (VmHWM of /proc/self/status). `scripts/bench_fft.sh` runs
//! the 512 × 512 and 1024 × 1024 cases under `/usr/bin/time -v`.

use std::time::Instant;

use agglo::geography::{torus, CostFunction};
use agglo::model::freeness::Representation;
use agglo::model::{AllenArkolakis, AllenArkolakisParams, Fundamentals, SpatialModel};
use agglo::solve::{Method, SolverSettings, Tolerance};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let (mut rate, mut spread, mut tolerance, mut picard, mut dense, mut threads) = (0.01, 0.5, 1e-10, None, false, 0);
    let mut i = 0;
    while i < args.len() {
        let value = |i: usize| {
            args.get(i + 1)
                .and_then(|v| v.parse::<f64>().ok())
                .expect("a number after the option")
        };
        match args[i].as_str() {
            "--rate" => rate = value(i),
            "--spread" => spread = value(i),
            "--tolerance" => tolerance = value(i),
            "--picard" => picard = Some(value(i)),
            "--threads" => threads = value(i) as usize,
            "--dense" => {
                dense = true;
                i += 1;
                continue;
            }
            other => {
                positional.push(other.parse::<usize>().expect("width and height are integers"));
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    if threads > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .unwrap();
    }
    let width = positional.first().copied().unwrap_or(512);
    let height = positional.get(1).copied().unwrap_or(width);
    let n = width * height;
    println!(
        "torus {width} x {height} (N = {n}), T = exp({rate} d), fundamentals log-normal sd {spread}, rayon threads = {}",
        rayon::current_num_threads()
    );

    let clock = Instant::now();
    let g = torus::torus(width, height, CostFunction::Exp { rate }).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut lognormal = || {
        // Box–Muller from two uniforms.
        let (u1, u2): (f64, f64) = (rng.random::<f64>().max(1e-300), rng.random());
        (spread * (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()).exp()
    };
    let productivity: Vec<f64> = (0..n).map(|_| lognormal()).collect();
    let amenity: Vec<f64> = (0..n).map(|_| lognormal()).collect();
    let params = AllenArkolakisParams {
        alpha: 0.1,
        beta: -0.3,
        ..Default::default()
    };
    let model = AllenArkolakis::new(params, &g, Fundamentals { productivity, amenity }).unwrap();
    let setup = clock.elapsed().as_secs_f64();
    let f = model.freeness();
    assert!(
        matches!(f.representation(), Representation::Torus { .. }),
        "{:?}",
        f.representation()
    );
    println!(
        "setup (geography, fundamentals, freeness spectrum): {setup:.3} s; freeness holds {:.1} MB",
        f.bytes() as f64 / 1e6
    );

    let x: Vec<f64> = (0..n).map(|i| 1.0 + (i % 13) as f64 / 13.0).collect();
    let mut out = vec![0.0; n];
    f.mul(&x, &mut out); // warm the buffers
    let reps = 10;
    let clock = Instant::now();
    for _ in 0..reps {
        f.mul(&x, &mut out);
    }
    println!(
        "one FFT product: {:.2} ms",
        clock.elapsed().as_secs_f64() * 1e3 / reps as f64
    );

    let method = match picard {
        Some(damping) => Method::Picard { damping },
        None => Method::Anderson { depth: 5, damping: 1.0 },
    };
    let settings = SolverSettings {
        method,
        tolerance: Tolerance {
            residual: tolerance,
            max_iterations: 100_000,
        },
    };
    let clock = Instant::now();
    let eq = model.solve(None, &settings).unwrap();
    let solve = clock.elapsed().as_secs_f64();
    let welfare_spread = eq
        .welfare
        .iter()
        .fold(0.0f64, |m, w| m.max((w / eq.welfare[0] - 1.0).abs()));
    let (lmin, lmax) = eq
        .population
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(a, b), &l| (a.min(l), b.max(l)));
    println!(
        "solve ({}): {solve:.3} s, {} iterations, residual {:.2e}, {:.1} ms per iteration; welfare equal to {welfare_spread:.1e}; L in [{:.3e}, {:.3e}] (uniform {:.3e})",
        eq.stats.solver,
        eq.stats.iterations,
        eq.stats.residual,
        solve * 1e3 / (eq.stats.iterations + 1) as f64,
        lmin,
        lmax,
        1.0 / n as f64
    );
    // Entries of the contraction's product at the solution that needed the exact fallback.
    let z: Vec<f64> = eq.population.iter().map(|l| l / lmax).collect();
    f.mul(&z, &mut out);
    println!(
        "entries recomputed exactly in a product near the solution: {}",
        f.exactly_recomputed(&z, &out)
    );
    println!("total: {:.3} s", setup + solve);

    if dense {
        let dg = agglo::geography::Geography {
            trade_costs: g.trade_costs.densified(),
            ..g.clone()
        };
        let dm = AllenArkolakis::new(params, &dg, SpatialModel::fundamentals(&model).clone()).unwrap();
        assert_eq!(dm.freeness().representation(), Representation::Dense);
        let clock = Instant::now();
        let deq = dm.solve(None, &settings).unwrap();
        let rel = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(a, b)| ((a - b) / b).abs()).fold(0.0, f64::max);
        println!(
            "dense: {:.3} s, {} iterations; max relative difference population {:.2e}, wage {:.2e}",
            clock.elapsed().as_secs_f64(),
            deq.stats.iterations,
            rel(&eq.population, &deq.population),
            rel(&eq.wage, &deq.wage)
        );
    }
    println!("peak resident memory (VmHWM): {:.1} MB", peak_rss_kb() as f64 / 1024.0);
}

/// VmHWM from /proc/self/status, in kB (0 where unavailable).
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
