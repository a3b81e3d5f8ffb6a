//! Timing harness for `scripts/bench_aa_numpy.py`: the Allen–Arkolakis equilibrium
//! (docs/reference.md §5; sigma = 9, alpha = 0.1, beta = -0.3, Lbar = 1) on the points of a CSV
//! file with columns `x,y,abar,ubar` (one location a row), T_ij = exp(2 d_ij) with d the
//! Euclidean distance (symmetric, so `solve` uses the contraction (C) in x = ln l),
//! tolerance 1e-10 on max |G(x) - x|.
//!
//! Times (median of `--runs`, after one checked warm-up solve of each method): building the
//! geography (distances and T), `AllenArkolakis::new` (phi = T^(1-s)), the default solve
//! (Anderson, depth 10) and plain undamped Picard on the same map (the contraction as
//! written, for a per-iteration comparison with hand-written scripts). A solve of k
//! iterations evaluates the map k + 1 times (one mat-vec over the 8 N² bytes of phi each).
//! Also measured: one product with phi alone (`Freeness::mul`, median of max(runs, 7)) and,
//! as a diagnostic, the same product with 16 accumulators per dot instead of the kernel's 4
//! (over a copy of phi, same rayon row blocks); the read bandwidth of a 200 MB f64 array
//! (4 and 16 accumulators, one thread and row-chunked across the rayon pool the way the
//! mat-vec reads phi); and the peak RSS (VmHWM) after the checked solves (geography, model, solutions; before
//! the timing loops build more). Prints one JSON line; `--out FILE` writes the default solve's population shares
//! l = L / Lbar, one a line.
//!
//! The CSV is the one `scripts/bench_aa_numpy.py` writes; its generator (the LCG of
//! `benches/short_run.rs`, Box–Muller log-normals) is reproduced here and in
//! `benches/allen_arkolakis.rs`, and `csv_matches_generator` says whether the file is that
//! instance (so the criterion bench solves the same problem).
//!
//! Run: `cargo run --release --example aa_time -- target/aa_bench/aa_points_2000.csv --runs 3`.

use agglo::geography::{layouts, CostFunction, Metric};
use agglo::model::{AllenArkolakis, AllenArkolakisParams, Fundamentals};
use agglo::solve::{Method, SolverSettings, Tolerance};
use rayon::prelude::*;

mod timing;
use timing::{peak_rss_mb, time};

const RATE: f64 = 2.0;
const TOLERANCE: f64 = 1e-10;

/// The instance generator shared with `scripts/bench_aa_numpy.py` and
/// `benches/allen_arkolakis.rs`: points from the LCG of `benches/short_run.rs`, ln Abar and
/// ln ubar = 0.5 z with z standard normal (Box–Muller, cosine branch) from a second LCG.
mod instance {
    pub const POINT_SEED: u64 = 0x9E37_79B9_7F4A_7C15;
    pub const FUNDAMENTAL_SEED: u64 = 0xD1B5_4A32_D192_ED03;
    pub const LOG_SD: f64 = 0.5;

    pub struct Lcg(pub u64);

    impl Lcg {
        pub fn uniform(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }

        pub fn normal(&mut self) -> f64 {
            let u1 = 1.0 - self.uniform();
            let u2 = self.uniform();
            (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
        }
    }

    /// (points, Abar, ubar) for n locations.
    pub fn generate(n: usize) -> (Vec<[f64; 2]>, Vec<f64>, Vec<f64>) {
        let mut p = Lcg(POINT_SEED);
        let points = (0..n).map(|_| [p.uniform(), p.uniform()]).collect();
        let mut f = Lcg(FUNDAMENTAL_SEED);
        let mut abar = Vec::with_capacity(n);
        let mut ubar = Vec::with_capacity(n);
        for _ in 0..n {
            abar.push((LOG_SD * f.normal()).exp());
            ubar.push((LOG_SD * f.normal()).exp());
        }
        (points, abar, ubar)
    }
}

struct Args {
    csv: String,
    runs: usize,
    out: Option<String>,
}

fn parse_args() -> Args {
    let mut csv = None;
    let mut runs = 3;
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => {
                runs = it
                    .next()
                    .and_then(|v| v.parse::<usize>().ok())
                    .expect("--runs N")
                    .max(1)
            }
            "--out" => out = Some(it.next().expect("--out FILE")),
            _ if csv.is_none() => csv = Some(a),
            _ => panic!("usage: aa_time <csv> [--runs N] [--out FILE]"),
        }
    }
    Args {
        csv: csv.expect("usage: aa_time <csv> [--runs N] [--out FILE]"),
        runs,
        out,
    }
}

/// Columns x, y, abar, ubar (header row first).
fn read_csv(path: &str) -> (Vec<[f64; 2]>, Vec<f64>, Vec<f64>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').map(str::trim).collect();
    assert_eq!(
        header,
        ["x", "y", "abar", "ubar"],
        "{path}: columns must be x,y,abar,ubar"
    );
    let (mut points, mut abar, mut ubar) = (Vec::new(), Vec::new(), Vec::new());
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let v: Vec<f64> = line.split(',').map(|s| s.trim().parse().expect("a number")).collect();
        assert_eq!(v.len(), 4, "{path}: {line}");
        points.push([v[0], v[1]]);
        abar.push(v[2]);
        ubar.push(v[3]);
    }
    (points, abar, ubar)
}

fn sum4(data: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    for c in data.chunks_exact(4) {
        acc[0] += c[0];
        acc[1] += c[1];
        acc[2] += c[2];
        acc[3] += c[3];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// Sum with 16 independent accumulators: enough in flight that the loop is limited by memory,
/// not by the latency of dependent additions (which bounds `sum4` and a 4-accumulator dot).
fn sum16(data: &[f64]) -> f64 {
    let mut acc = [0.0f64; 16];
    for c in data.chunks_exact(16) {
        for k in 0..16 {
            acc[k] += c[k];
        }
    }
    acc.iter().sum()
}

/// Read bandwidths (bytes/s) of a 200 MB f64 array, median of 7 passes each: `sum4` (four
/// accumulators, the loop of the dense mat-vec's dot) on one thread and on rows of 5000 in
/// blocks of 16 rows across the rayon pool (as the mat-vec reads phi); `sum16` the same two
/// ways.
fn bandwidth() -> [f64; 4] {
    let n = 5000 * 5000;
    let data: Vec<f64> = (0..n).map(|i| (i % 7) as f64).collect();
    let bytes = (8 * n) as f64;
    let rows = |f: fn(&[f64]) -> f64| {
        data.par_chunks(16 * 5000)
            .map(|b| b.chunks(5000).map(f).sum::<f64>())
            .sum::<f64>()
    };
    [
        bytes / time(7, || sum4(&data)),
        bytes / time(7, || rows(sum4)),
        bytes / time(7, || sum16(&data)),
        bytes / time(7, || rows(sum16)),
    ]
}

/// Dot product with 16 independent accumulators (diagnostic: the dense kernel's dot has 4).
fn dot16(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 16];
    let (a16, b16) = (a.chunks_exact(16), b.chunks_exact(16));
    let tail: f64 = a16.remainder().iter().zip(b16.remainder()).map(|(a, b)| a * b).sum();
    for (a, b) in a16.zip(b16) {
        for k in 0..16 {
            acc[k] += a[k] * b[k];
        }
    }
    acc.iter().sum::<f64>() + tail
}

/// Median seconds of one product with the model's freeness matrix (`Freeness::mul`), and of
/// the same product by `dot16` over a row-major copy of phi with the same rayon row blocks.
fn matvec_times(model: &AllenArkolakis, runs: usize) -> (f64, f64) {
    let phi = model.freeness();
    let n = phi.len();
    let x: Vec<f64> = (0..n).map(|i| 1.0 + (i % 10) as f64 / n as f64).collect();
    let mut out = vec![0.0; n];
    let t_mul = time(runs, || {
        phi.mul(&x, &mut out);
        out[0]
    });
    let copy: Vec<f64> = (0..n * n).map(|k| phi.get(k / n, k % n)).collect();
    let mut out16 = vec![0.0; n];
    let t16 = time(runs, || {
        out16.par_chunks_mut(16).enumerate().for_each(|(b, chunk)| {
            for (i, o) in chunk.iter_mut().enumerate() {
                let r = b * 16 + i;
                *o = dot16(&copy[r * n..(r + 1) * n], &x);
            }
        });
        out16[0]
    });
    let gap = out
        .iter()
        .zip(&out16)
        .map(|(a, b)| ((a - b) / a).abs())
        .fold(0.0, f64::max);
    assert!(gap < 1e-12, "dot16 product differs from Freeness::mul by {gap:e}");
    (t_mul, t16)
}

fn main() {
    let args = parse_args();
    let (points, abar, ubar) = read_csv(&args.csv);
    let n = points.len();
    let generated = instance::generate(n);
    let matches = points == generated.0 && abar == generated.1 && ubar == generated.2;

    let params = AllenArkolakisParams {
        sigma: 9.0,
        alpha: 0.1,
        beta: -0.3,
        population: 1.0,
    };
    let ids: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    let geography = || {
        layouts::points(
            ids.clone(),
            points.clone(),
            Metric::Euclidean,
            CostFunction::Exp { rate: RATE },
            "csv",
        )
        .unwrap()
    };
    let fundamentals = Fundamentals {
        productivity: abar.clone(),
        amenity: ubar.clone(),
    };
    let g = geography();
    let model = AllenArkolakis::new(params, &g, fundamentals.clone()).unwrap();
    assert!(model.is_symmetric(), "T = exp(2 d) must be symmetric");

    let anderson = SolverSettings::default();
    let settings = |method| SolverSettings {
        method,
        tolerance: Tolerance {
            residual: TOLERANCE,
            max_iterations: 100_000,
        },
    };
    assert_eq!(anderson.tolerance.residual, TOLERANCE);
    let picard = settings(Method::Picard { damping: 1.0 });

    // Checked warm-up solves.
    let eq = model.solve(None, &anderson).unwrap();
    let eq_picard = model.solve(None, &picard).unwrap();
    let lbar = params.population;
    let l: Vec<f64> = eq.population.iter().map(|p| p / lbar).collect();
    let picard_gap = l
        .iter()
        .zip(&eq_picard.population)
        .map(|(a, b)| (a.ln() - (b / lbar).ln()).abs())
        .fold(0.0, f64::max);

    // Peak after building the geography and the model and solving: what one solve needs
    // (the timing below builds more geographies and models).
    let rss = peak_rss_mb();

    let runs = args.runs;
    let t_geography = time(runs, geography);
    let t_new = time(runs, || AllenArkolakis::new(params, &g, fundamentals.clone()).unwrap());
    let t_solve = time(runs, || model.solve(None, &anderson).unwrap());
    let t_picard = time(runs, || model.solve(None, &picard).unwrap());
    let (t_mul, t_mul16) = matvec_times(&model, runs.max(7));
    drop(model);
    drop(g);
    let [bw_single, bw_parallel, bw16_single, bw16_parallel] = bandwidth();

    if let Some(path) = &args.out {
        let text: String = l.iter().map(|v| format!("{v:.17e}\n")).collect();
        std::fs::write(path, text).unwrap_or_else(|e| panic!("writing {path}: {e}"));
    }
    println!(
        "{{\"n\": {n}, \"runs\": {runs}, \"threads\": {}, \"csv_matches_generator\": {matches}, \
         \"geography_s\": {t_geography:.6}, \"new_s\": {t_new:.6}, \
         \"anderson\": {{\"solve_s\": {t_solve:.6}, \"iterations\": {}, \"residual\": {:e}}}, \
         \"picard\": {{\"solve_s\": {t_picard:.6}, \"iterations\": {}, \"residual\": {:e}}}, \
         \"picard_vs_anderson_max_abs_dlnl\": {picard_gap:e}, \"matvec_s\": {t_mul:.6}, \"matvec_dot16_s\": {t_mul16:.6}, \
         \"bandwidth_single_gbs\": {:.3}, \"bandwidth_parallel_gbs\": {:.3}, \
         \"bandwidth16_single_gbs\": {:.3}, \"bandwidth16_parallel_gbs\": {:.3}, \"peak_rss_mb\": {rss:.1}}}",
        rayon::current_num_threads(),
        eq.stats.iterations,
        eq.stats.residual,
        eq_picard.stats.iterations,
        eq_picard.stats.residual,
        bw_single / 1e9,
        bw_parallel / 1e9,
        bw16_single / 1e9,
        bw16_parallel / 1e9,
    );
}
