//! Mixed precision (`[solver] matrix-precision = "mixed"`, issue 16 item 5): phi held as
//! single-precision hi + lo, iterations on hi, the finish on hi + lo. The answer must be the
//! double-precision one: equal to the f64-only path to 1e-10 (both solved to 1e-12) on several
//! parameter sets and geographies, with the residual reported that of the double-precision
//! map, bitwise the same for 1 and 2 threads.

mod common;

use std::path::Path;

use agglo::config;
use agglo::geography::{layouts, CostFunction, Geography, MatrixPrecision, Metric};
use agglo::model::freeness::{Representation, MIXED_MIN_REGIONS};
use agglo::model::{
    AllenArkolakis, AllenArkolakisParams, CorePeriphery, CorePeripheryParams, Freeness, Fundamentals, MobileFactorModel,
};
use agglo::solve::{SolverSettings, Tolerance};
use common::{scattered_points, ANDERSON};

fn max_log_gap(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).fold(0.0f64, |m, (x, y)| m.max((x.ln() - y.ln()).abs()))
}

fn settings(residual: f64) -> SolverSettings {
    SolverSettings {
        method: ANDERSON,
        tolerance: Tolerance {
            residual,
            max_iterations: 10_000,
        },
    }
}

fn points(n: usize, seed: u64, metric: Metric, cost: CostFunction, precision: MatrixPrecision) -> Geography {
    let coords: Vec<[f64; 2]> = scattered_points(n, seed)
        .into_iter()
        .map(|[x, y]| match metric {
            // (lat, lon) in degrees over Europe.
            Metric::GreatCircle => [35.0 + 25.0 * x, -10.0 + 40.0 * y],
            _ => [x, y],
        })
        .collect();
    let ids = (1..=n).map(|i| i.to_string()).collect();
    let mut g = layouts::points(ids, coords, metric, cost, "test").unwrap();
    g.trade_costs.set_matrix_precision(precision);
    g
}

fn uneven(n: usize, seed: u64) -> Vec<f64> {
    let raw: Vec<f64> = (0..n)
        .map(|i| 1.0 + ((i as u64 * 7 + seed) % 11) as f64 / 4.0)
        .collect();
    let t: f64 = raw.iter().sum();
    raw.iter().map(|x| x / t).collect()
}

/// (geography, sigma, mu): random points with exponential costs, a great-circle set with a
/// per-km cost, a Manhattan grid with a per-step cost.
fn cases(precision: MatrixPrecision, n: usize) -> Vec<(Geography, f64, f64)> {
    let side = (n as f64).sqrt().ceil() as usize;
    let mut grid = layouts::grid(
        side,
        side,
        Metric::Manhattan,
        CostFunction::PerStep { trade_cost: 1.05 },
    )
    .unwrap();
    grid.trade_costs.set_matrix_precision(precision);
    vec![
        (
            points(n, 3, Metric::Euclidean, CostFunction::Exp { rate: 2.0 }, precision),
            5.0,
            0.4,
        ),
        (
            points(n, 4, Metric::Euclidean, CostFunction::Exp { rate: 0.7 }, precision),
            3.0,
            0.6,
        ),
        (
            points(n, 5, Metric::GreatCircle, CostFunction::Exp { rate: 1e-3 }, precision),
            8.0,
            0.3,
        ),
        (grid, 4.0, 0.5),
    ]
}

#[test]
fn core_periphery_mixed_equals_double_precision() {
    let tol = 1e-12;
    for (k, ((g_mixed, sigma, mu), (g64, _, _))) in cases(MatrixPrecision::Mixed, MIXED_MIN_REGIONS)
        .into_iter()
        .zip(cases(MatrixPrecision::F64, MIXED_MIN_REGIONS))
        .enumerate()
    {
        let n = g64.len();
        let params = CorePeripheryParams { sigma, mu };
        let farmers = uneven(n, 1);
        let mixed = CorePeriphery::new(params, &g_mixed, farmers.clone()).unwrap();
        let double = CorePeriphery::new(params, &g64, farmers.clone()).unwrap();
        assert_eq!(mixed.freeness().representation(), Representation::Mixed, "case {k}");
        assert_eq!(double.freeness().representation(), Representation::Dense, "case {k}");
        assert_eq!(mixed.freeness().bytes(), double.freeness().bytes());
        // hi alone (f32 storage) is what the iterations use: its answer is visibly off.
        let mut g32 = g64.clone();
        g32.trade_costs.set_matrix_precision(MatrixPrecision::F32);
        let single = CorePeriphery::new(params, &g32, farmers).unwrap();
        let shares = uneven(n, 5);
        let (w_mixed, st_mixed) = mixed.solve_short_run(&shares, None, &settings(tol)).unwrap();
        let (w64, _) = double.solve_short_run(&shares, None, &settings(tol)).unwrap();
        let (w32, _) = single.solve_short_run(&shares, None, &settings(tol)).unwrap();
        let gap = max_log_gap(&w_mixed, &w64);
        let gap32 = max_log_gap(&w32, &w64);
        // The residual reported is that of the double-precision map at the answer.
        let residual64 = double.short_run_residual(&shares, &w_mixed);
        eprintln!(
            "case {k}, N = {n}: mixed vs f64 {gap:.2e}, f32 vs f64 {gap32:.2e}; reported residual {:.2e}, f64 residual {residual64:.2e}, {} iterations",
            st_mixed.residual, st_mixed.iterations
        );
        assert!(gap <= 1e-10, "case {k}: {gap:e}");
        assert!(residual64 <= tol * 1.01, "case {k}: {residual64:e}");
        assert!((st_mixed.residual - residual64).abs() <= 1e-14, "case {k}");
        assert!(
            gap32 > 10.0 * gap,
            "case {k}: the f64 finish changed nothing ({gap32:e} vs {gap:e})"
        );
    }
}

#[test]
fn allen_arkolakis_mixed_equals_double_precision() {
    let tol = 1e-12;
    for (k, ((g_mixed, sigma, _), (g64, _, _))) in cases(MatrixPrecision::Mixed, MIXED_MIN_REGIONS)
        .into_iter()
        .zip(cases(MatrixPrecision::F64, MIXED_MIN_REGIONS))
        .enumerate()
        .take(3)
    {
        let n = g64.len();
        let params = AllenArkolakisParams {
            sigma: sigma + 4.0,
            ..Default::default()
        };
        let fundamentals = Fundamentals {
            productivity: uneven(n, 2),
            amenity: uneven(n, 3),
        };
        let mixed = AllenArkolakis::new(params, &g_mixed, fundamentals.clone()).unwrap();
        let double = AllenArkolakis::new(params, &g64, fundamentals).unwrap();
        assert_eq!(mixed.freeness().representation(), Representation::Mixed);
        let a = mixed.solve(None, &settings(tol)).unwrap();
        let b = double.solve(None, &settings(tol)).unwrap();
        let gap = max_log_gap(&a.population, &b.population).max(max_log_gap(&a.wage, &b.wage));
        eprintln!(
            "AA case {k}, N = {n}: mixed vs f64 {gap:.2e}, residual {:.2e}",
            a.stats.residual
        );
        assert!(gap <= 1e-10, "case {k}: {gap:e}");
        assert!(a.stats.residual <= tol, "case {k}");
    }
}

#[test]
fn mixed_precision_is_bitwise_the_same_on_one_and_two_threads() {
    let g = points(
        MIXED_MIN_REGIONS + 37,
        9,
        Metric::Euclidean,
        CostFunction::Exp { rate: 2.0 },
        MatrixPrecision::Mixed,
    );
    let n = g.len();
    let run = || {
        let m = CorePeriphery::new(CorePeripheryParams::default(), &g, vec![1.0 / n as f64; n]).unwrap();
        m.solve_short_run(&uneven(n, 4), None, &settings(1e-11)).unwrap()
    };
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(run)
    };
    let (a, sa) = on(1);
    let (b, sb) = on(2);
    assert!(a == b, "wages differ between 1 and 2 threads");
    assert_eq!((sa.iterations, sa.residual), (sb.iterations, sb.residual));
}

#[test]
fn where_mixed_precision_applies() {
    // Below MIXED_MIN_REGIONS: double precision (the matrix fits in cache).
    let small = points(
        200,
        1,
        Metric::Euclidean,
        CostFunction::Exp { rate: 2.0 },
        MatrixPrecision::Mixed,
    );
    assert_eq!(
        Freeness::new(&small.trade_costs, 5.0).representation(),
        Representation::Dense
    );
    // Forced at any size: products of hi + lo equal the double-precision ones to 1e-14.
    let split = Freeness::mixed(&small.trade_costs, 5.0);
    let dense = Freeness::dense(&small.trade_costs, 5.0);
    assert_eq!(split.representation(), Representation::Mixed);
    assert!(split.has_coarse() && !dense.has_coarse());
    let x: Vec<f64> = (0..200).map(|i| 0.5 + (i % 7) as f64).collect();
    let (mut a, mut b, mut c) = (vec![0.0; 200], vec![0.0; 200], vec![0.0; 200]);
    split.mul(&x, &mut a);
    dense.mul(&x, &mut b);
    split.mul_coarse(&x, &mut c);
    for r in 0..200 {
        assert!((a[r] - b[r]).abs() <= 1e-14 * b[r], "{} vs {}", a[r], b[r]);
        assert!((c[r] - b[r]).abs() <= 6e-8 * b[r]);
        for s in 0..200 {
            let (p, q) = (split.get(r, s), dense.get(r, s));
            assert!((p - q).abs() <= 4e-15 * q, "{p} vs {q}");
        }
    }
    // phi below 1e-30 somewhere (rate 40 on the unit square, sigma 5: exp(-160 d)): kept in f64.
    let steep = points(
        200,
        1,
        Metric::Euclidean,
        CostFunction::Exp { rate: 40.0 },
        MatrixPrecision::Mixed,
    );
    assert_eq!(
        Freeness::mixed(&steep.trade_costs, 5.0).representation(),
        Representation::Dense
    );
    // Racetracks stay FFT.
    let race = layouts::racetrack(2000, 1.001).unwrap();
    assert_eq!(
        Freeness::new(&race.trade_costs, 5.0).representation(),
        Representation::Circulant
    );
}

#[test]
fn matrix_precision_f64_is_the_config_default_and_mixed_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("pts.csv");
    let mut text = String::from("id,x,y\n");
    for (i, [x, y]) in scattered_points(MIXED_MIN_REGIONS, 2).iter().enumerate() {
        text.push_str(&format!("{i},{x},{y}\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let base = "[geography]\nkind = \"points\"\nfile = \"pts.csv\"\ncost = \"exp\"\nrate = 2.0\n";
    let load = |extra: &str| config::from_text(&format!("{base}{extra}"), "t.toml", dir.path(), &[]).unwrap();
    let representation = |spec: &config::RunSpec| {
        spec.model
            .downcast_ref::<CorePeriphery>()
            .expect("core–periphery")
            .freeness()
            .representation()
    };
    assert_eq!(representation(&load("")), Representation::Dense);
    assert_eq!(
        representation(&load("[solver]\nmatrix-precision = \"mixed\"\n")),
        Representation::Mixed
    );
    let e = config::from_text("[solver]\nmatrix-precision = \"half\"\n", "t.toml", Path::new("."), &[])
        .unwrap_err()
        .to_string();
    assert!(e.contains("solver.matrix-precision") && e.contains("\"mixed\""), "{e}");
}
