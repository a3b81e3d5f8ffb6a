//! Iteration counts behind the solver defaults (issue 5, item 3): Anderson acceleration of
//! several depths and mixings against the damped fixed-point iteration economists write
//! (damping 0.25–0.5) and plain iteration, on the benchmark cases of
//! `scripts/bench_vs_numpy.py` at smaller sizes (the counts barely move with N: compare
//! R = 500 and 2000):
//!
//! - core–periphery short run (sigma 5, mu 0.4) on random points, T = exp(2 d), shares
//!   proportional to 1 + (r mod 10): the map u -> ln G(exp u) of `ShortRun`;
//! - Allen–Arkolakis (sigma 9, alpha 0.1, beta -0.3) on the same points with log-normal
//!   fundamentals: the contraction in ln l;
//! - Helpman (sigma 5, goods share 0.75) on the same points, log-normal productivity.
//!
//! Tolerance 1e-10 on max |G(x) - x| for every method. Counts only (no times), so the
//! output does not depend on the machine's load.
//!
//! Run: `cargo run --release --example anderson_tuning`.

use agglo::geography::{layouts, CostFunction, Geography, Metric};
use agglo::model::{
    AllenArkolakis, AllenArkolakisParams, CorePeriphery, CorePeripheryParams, Fundamentals, Helpman, HelpmanParams,
    HelpmanRegions, SpatialModel,
};
use agglo::solve::{Method, SolverSettings, Tolerance};

fn lcg(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed;
    move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn geography(n: usize) -> Geography {
    let mut u = lcg(0x9E37_79B9_7F4A_7C15);
    let points = (0..n).map(|_| [u(), u()]).collect();
    let ids = (1..=n).map(|i| i.to_string()).collect();
    layouts::points(
        ids,
        points,
        Metric::Euclidean,
        CostFunction::Exp { rate: 2.0 },
        "tuning",
    )
    .unwrap()
}

fn log_normal(n: usize, seed: u64) -> Vec<f64> {
    let mut u = lcg(seed);
    (0..n)
        .map(|_| {
            let (u1, u2) = (1.0 - u(), u());
            (0.5 * (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()).exp()
        })
        .collect()
}

fn methods() -> Vec<(String, Method)> {
    let mut m = vec![
        ("picard 1".to_string(), Method::Picard { damping: 1.0 }),
        ("picard 0.5".to_string(), Method::Picard { damping: 0.5 }),
        ("picard 0.25".to_string(), Method::Picard { damping: 0.25 }),
    ];
    for depth in [1, 3, 5, 10, 20] {
        for damping in [1.0, 0.5] {
            m.push((
                format!("anderson m={depth} beta={damping}"),
                Method::Anderson { depth, damping },
            ));
        }
    }
    m
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

fn count(result: agglo::error::Result<usize>) -> String {
    match result {
        Ok(k) => k.to_string(),
        Err(e) => format!("failed: {e}"),
    }
}

fn main() {
    let sizes = [500, 2000];
    let mut rows: Vec<(String, Vec<String>)> = methods().into_iter().map(|(name, _)| (name, Vec::new())).collect();
    let mut columns = Vec::new();
    for n in sizes {
        let g = geography(n);
        let raw: Vec<f64> = (0..n).map(|i| 1.0 + (i % 10) as f64).collect();
        let total: f64 = raw.iter().sum();
        let shares: Vec<f64> = raw.iter().map(|v| v / total).collect();
        let cp = CorePeriphery::new(CorePeripheryParams::default(), &g, vec![1.0 / n as f64; n]).unwrap();
        let fundamentals = Fundamentals {
            productivity: log_normal(n, 0xD1B5_4A32_D192_ED03),
            amenity: log_normal(n, 0x2545_F491_4F6C_DD1D),
        };
        let aa = AllenArkolakis::new(
            AllenArkolakisParams {
                sigma: 9.0,
                alpha: 0.1,
                beta: -0.3,
                population: 1.0,
            },
            &g,
            fundamentals.clone(),
        )
        .unwrap();
        let mut regions = HelpmanRegions::uniform(n, 1.0);
        regions.fundamentals.productivity = fundamentals.productivity.clone();
        let helpman = Helpman::new(HelpmanParams::default(), &g, regions);
        columns.push(format!("CP R={n}"));
        columns.push(format!("AA N={n}"));
        columns.push(format!("Helpman N={n}"));
        for ((_, method), (_, row)) in methods().into_iter().zip(rows.iter_mut()) {
            let s = settings(method);
            row.push(count(
                cp.solve_short_run(&shares, None, &s).map(|(_, st)| st.iterations),
            ));
            row.push(count(aa.solve(None, &s).map(|e| e.stats.iterations)));
            row.push(match &helpman {
                Ok(h) => count(h.solve(None, &s).map(|e| e.stats.iterations)),
                Err(e) => format!("no model: {e}"),
            });
        }
    }
    println!("iterations to max |G(x) - x| <= 1e-10");
    print!("{:<26}", "method");
    for c in &columns {
        print!("{c:>15}");
    }
    println!();
    for (name, row) in rows {
        print!("{name:<26}");
        for v in row {
            print!("{v:>15}");
        }
        println!();
    }
}
