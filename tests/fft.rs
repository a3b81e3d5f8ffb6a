//! FFT products (racetrack: circulant, 1-D; torus: 2-D) against the dense freeness matrix:
//! products, the core–periphery short run and Allen–Arkolakis equilibria agree to 1e-10 on
//! a 64-region racetrack and a 32 × 32 torus; FFT results are bitwise identical on 1 and 2
//! rayon threads; single-precision storage of the dense matrix costs a measured, small
//! accuracy; the `torus` geography and `matrix-precision` keys of the config.

mod common;

use std::path::Path;

use agglo::config;
use agglo::geography::{layouts, torus, CostFunction, Geography, MatrixPrecision, Metric, Structure, TradeCosts};
use agglo::model::freeness::{Representation, FFT_MIN_REGIONS};
use agglo::model::{
    AllenArkolakis, AllenArkolakisParams, CorePeriphery, CorePeripheryParams, Freeness, Fundamentals,
    SpatialEquilibrium,
};
use agglo::solve::{SolverSettings, Tolerance};
use common::{scattered_points, tight, ANDERSON};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The agreement the FFT path promises against the dense path.
const AGREE: f64 = 1e-10;

/// max_i |a_i - b_i| / |b_i|.
fn max_rel(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(a, b)| (a - b).abs() / b.abs())
        .fold(0.0, f64::max)
}

/// The same geography with its costs stored densely and marked dense (the dense path).
fn dense_copy(g: &Geography) -> Geography {
    Geography {
        trade_costs: g.trade_costs.densified(),
        ..g.clone()
    }
}

fn racetrack64() -> Geography {
    layouts::racetrack(64, 1.1).unwrap()
}

fn torus32() -> Geography {
    torus::torus(32, 32, CostFunction::PerStep { trade_cost: 1.2 }).unwrap()
}

/// 64 regions on a circle where going clockwise is cheaper: T(r -> r + k) = 1.02^k + 0.05 k
/// (k steps clockwise), an asymmetric circulant.
fn one_way_racetrack() -> Geography {
    let n: usize = 64;
    let kernel = (0..n)
        .map(|k| {
            if k == 0 {
                1.0
            } else {
                1.02f64.powi(k as i32) + 0.05 * k as f64
            }
        })
        .collect();
    let trade_costs = TradeCosts::from_kernel(Structure::Circulant, kernel, "test").unwrap();
    assert!(!trade_costs.is_symmetric());
    Geography {
        kind: "racetrack",
        ids: (1..=n).map(|i| i.to_string()).collect(),
        coordinates: None,
        metric: Metric::Euclidean,
        groups: None,
        trade_costs,
    }
}

fn is_fft(f: &Freeness) -> bool {
    matches!(
        f.representation(),
        Representation::Circulant | Representation::Torus { .. }
    )
}

/// Positive values exp(spread · u), u uniform in [-1, 1], seeded.
fn spread_values(n: usize, spread: f64, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|_| (spread * (2.0 * rng.random::<f64>() - 1.0)).exp())
        .collect()
}

fn normalised(v: Vec<f64>) -> Vec<f64> {
    let total: f64 = v.iter().sum();
    v.into_iter().map(|x| x / total).collect()
}

// ---------------------------------------------------------------- products

#[test]
fn fft_is_chosen_for_large_circulant_and_torus_costs() {
    for g in [racetrack64(), torus32(), one_way_racetrack()] {
        assert!(g.len() >= FFT_MIN_REGIONS);
        assert!(is_fft(&Freeness::new(&g.trade_costs, 5.0)), "{}", g.kind);
        assert_eq!(
            Freeness::new(&dense_copy(&g).trade_costs, 5.0).representation(),
            Representation::Dense
        );
    }
    assert_eq!(
        Freeness::new(&torus32().trade_costs, 5.0).representation(),
        Representation::Torus { width: 32, height: 32 }
    );
    // The torus stores its kernel only: O(N), not N².
    let big = torus::torus(256, 256, CostFunction::Exp { rate: 0.05 }).unwrap();
    assert_eq!(big.trade_costs.kernel().map(<[f64]>::len), Some(256 * 256));
    assert!(Freeness::new(&big.trade_costs, 9.0).bytes() < 64 * 256 * 256);
}

#[test]
fn fft_and_dense_products_agree_entry_by_entry() {
    for g in [
        racetrack64(),
        torus32(),
        one_way_racetrack(),
        torus::torus(24, 17, CostFunction::Exp { rate: 0.3 }).unwrap(),
    ] {
        let n = g.len();
        let fft = Freeness::fft(&g.trade_costs, 5.0).unwrap();
        let dense = Freeness::dense(&g.trade_costs, 5.0);
        let x = spread_values(n, 2.0, 3);
        let (mut a, mut b) = (vec![0.0; n], vec![0.0; n]);
        fft.mul(&x, &mut a);
        dense.mul(&x, &mut b);
        assert!(max_rel(&a, &b) < 1e-13, "{} mul: {:e}", g.kind, max_rel(&a, &b));
        fft.mul_transpose(&x, &mut a);
        dense.mul_transpose(&x, &mut b);
        assert!(
            max_rel(&a, &b) < 1e-13,
            "{} mul_transpose: {:e}",
            g.kind,
            max_rel(&a, &b)
        );
        for (r, s) in [(0, 0), (3, 17), (n - 1, 5), (40, n - 2)] {
            assert_eq!(fft.get(r, s), dense.get(r, s));
        }
    }
}

/// A point mass on a steep racetrack: phi falls to 1e-118 half-way round, far below the
/// FFT's roundoff (1e-16 of the largest entry). Those entries are recomputed exactly, so
/// every entry keeps its relative accuracy.
#[test]
fn far_entries_of_a_point_mass_keep_their_relative_accuracy() {
    let g = layouts::racetrack(256, 1.7).unwrap();
    let fft = Freeness::fft(&g.trade_costs, 5.0).unwrap();
    let dense = Freeness::dense(&g.trade_costs, 5.0);
    let mut x = vec![0.0; 256];
    x[5] = 1.0;
    let (mut a, mut b) = (vec![0.0; 256], vec![0.0; 256]);
    fft.mul(&x, &mut a);
    dense.mul(&x, &mut b);
    assert!(b.iter().fold(f64::INFINITY, |m, v| m.min(*v)) < 1e-100);
    assert!(max_rel(&a, &b) < 1e-12, "{:e}", max_rel(&a, &b));
    assert!(fft.exactly_recomputed(&x, &a) > 100);
    // A smooth vector needs no exact entries.
    let smooth = spread_values(256, 0.5, 1);
    fft.mul(&smooth, &mut a);
    assert_eq!(fft.exactly_recomputed(&smooth, &a), 0);
}

// ---------------------------------------------------------------- core–periphery

fn core_periphery(g: &Geography) -> CorePeriphery {
    let n = g.len();
    CorePeriphery::new(CorePeripheryParams::default(), g, normalised(spread_values(n, 0.3, 11))).unwrap()
}

/// Solved to 1e-12: at agglomerated patterns some FFT entries carry relative errors of
/// 1e-12 (below the 1e-10 exactness threshold, `periodic.rs`), which is then the floor of
/// the residual; smooth problems reach 1e-13 and below.
fn settings() -> SolverSettings {
    SolverSettings {
        method: ANDERSON,
        tolerance: Tolerance {
            residual: 1e-12,
            max_iterations: 5_000,
        },
    }
}

/// Short-run wages, price indices and real wages, FFT against dense.
fn short_run_difference(g: &Geography, shares: &[f64]) -> f64 {
    let fft = core_periphery(g);
    assert!(is_fft(fft.freeness()));
    let dense = core_periphery(&dense_copy(g));
    let settings = settings();
    let (w_fft, _) = fft.solve_short_run(shares, None, &settings).unwrap();
    let (w_dense, _) = dense.solve_short_run(shares, None, &settings).unwrap();
    let (o_fft, o_dense) = (fft.outcomes(shares, &w_fft), dense.outcomes(shares, &w_dense));
    max_rel(&w_fft, &w_dense)
        .max(max_rel(&o_fft.price_index, &o_dense.price_index))
        .max(max_rel(&o_fft.real_wage, &o_dense.real_wage))
}

#[test]
fn core_periphery_short_run_agrees_on_racetrack_and_torus() {
    for g in [racetrack64(), torus32(), one_way_racetrack()] {
        let shares = normalised(spread_values(g.len(), 1.0, 5));
        let d = short_run_difference(&g, &shares);
        eprintln!(
            "core–periphery short run, {} N = {}: FFT vs dense {d:.2e}",
            g.kind,
            g.len()
        );
        assert!(d < AGREE, "{}: {d:e}", g.kind);
    }
}

/// Workers in three regions only (a core–periphery pattern) on a steep racetrack: the
/// empty regions' price indices come from entries far below the FFT's roundoff.
#[test]
fn core_periphery_short_run_agrees_at_an_agglomerated_pattern() {
    for g in [
        layouts::racetrack(64, 1.7).unwrap(),
        torus::torus(32, 32, CostFunction::PerStep { trade_cost: 1.5 }).unwrap(),
    ] {
        let n = g.len();
        let mut shares = vec![0.0; n];
        for (r, s) in [(0, 0.5), (n / 3, 0.3), (n / 2 + 5, 0.2)] {
            shares[r] = s;
        }
        let d = short_run_difference(&g, &shares);
        eprintln!(
            "core–periphery short run, agglomerated, {} N = {}: FFT vs dense {d:.2e}",
            g.kind,
            g.len()
        );
        assert!(d < AGREE, "{}: {d:e}", g.kind);
    }
}

// ---------------------------------------------------------------- Allen–Arkolakis

fn allen_arkolakis(g: &Geography) -> AllenArkolakis {
    let n = g.len();
    let params = AllenArkolakisParams {
        alpha: 0.1,
        beta: -0.3,
        ..Default::default()
    };
    let fundamentals = Fundamentals {
        productivity: spread_values(n, 0.5, 21),
        amenity: spread_values(n, 0.5, 22),
    };
    AllenArkolakis::new(params, g, fundamentals).unwrap()
}

fn equilibrium_difference(a: &SpatialEquilibrium, b: &SpatialEquilibrium) -> f64 {
    max_rel(&a.population, &b.population)
        .max(max_rel(&a.wage, &b.wage))
        .max(max_rel(&a.price_index, &b.price_index))
        .max(max_rel(&a.welfare, &b.welfare))
}

#[test]
fn allen_arkolakis_equilibrium_agrees_on_racetrack_and_torus() {
    let settings = tight(ANDERSON);
    for g in [racetrack64(), torus32(), one_way_racetrack()] {
        let fft = allen_arkolakis(&g);
        assert!(is_fft(fft.freeness()));
        let dense = allen_arkolakis(&dense_copy(&g));
        // The contraction for symmetric costs, the two-equation system for the one-way track.
        let d = equilibrium_difference(
            &fft.solve(None, &settings).unwrap(),
            &dense.solve(None, &settings).unwrap(),
        );
        eprintln!(
            "Allen–Arkolakis solve, {} N = {}: FFT vs dense {d:.2e}",
            g.kind,
            g.len()
        );
        assert!(d < AGREE, "{} solve: {d:e}", g.kind);
        // The system (both products) on every geography.
        let d = equilibrium_difference(
            &fft.solve_system(None, &settings).unwrap(),
            &dense.solve_system(None, &settings).unwrap(),
        );
        eprintln!(
            "Allen–Arkolakis system, {} N = {}: FFT vs dense {d:.2e}",
            g.kind,
            g.len()
        );
        assert!(d < AGREE, "{} system: {d:e}", g.kind);
    }
}

// ---------------------------------------------------------------- determinism

fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn fft_results_are_bitwise_identical_on_one_and_two_threads() {
    // Odd and even sides, several rayon tasks per pass; a racetrack too.
    let geographies = [
        torus::torus(48, 37, CostFunction::Exp { rate: 0.1 }).unwrap(),
        torus32(),
        layouts::racetrack(300, 1.05).unwrap(),
    ];
    for g in geographies {
        let run = || {
            let aa = allen_arkolakis(&g);
            assert!(is_fft(aa.freeness()));
            let eq = aa.solve(None, &tight(ANDERSON)).unwrap();
            let cp = core_periphery(&g);
            let shares = normalised(spread_values(g.len(), 1.0, 9));
            let (w, _) = cp.solve_short_run(&shares, None, &tight(ANDERSON)).unwrap();
            let mut product = vec![0.0; g.len()];
            cp.freeness().mul_transpose(&shares, &mut product);
            [bits(&eq.population), bits(&eq.wage), bits(&w), bits(&product)]
        };
        let one = on_threads(1, run);
        let two = on_threads(2, run);
        assert!(one == two, "{}: results differ between 1 and 2 threads", g.kind);
    }
}

// ---------------------------------------------------------------- single precision

/// Storing the dense matrix in f32 (sums in f64) rounds each phi by up to 6e-8 relative;
/// the rounding errors average out in the sums: measured here on 600 random points, the
/// equilibrium moves by about 1e-9 (core–periphery wages) to 2e-8 (Allen–Arkolakis).
#[test]
fn single_precision_storage_accuracy_cost() {
    let n = 600;
    let ids: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    let g64 = layouts::points(
        ids,
        scattered_points(n, 4),
        Metric::Euclidean,
        CostFunction::Exp { rate: 2.0 },
        "t",
    )
    .unwrap();
    let mut g32 = g64.clone();
    g32.trade_costs.set_matrix_precision(MatrixPrecision::F32);

    let cp64 = core_periphery(&g64);
    let cp32 = core_periphery(&g32);
    assert_eq!(cp32.freeness().representation(), Representation::DenseF32);
    assert_eq!(cp32.freeness().bytes() * 2, cp64.freeness().bytes());
    let shares = normalised(spread_values(n, 1.0, 5));
    let settings = tight(ANDERSON);
    let (w64, _) = cp64.solve_short_run(&shares, None, &settings).unwrap();
    let (w32, _) = cp32.solve_short_run(&shares, None, &settings).unwrap();
    let cp_error = max_rel(&w32, &w64);

    let aa_error = equilibrium_difference(
        &allen_arkolakis(&g32).solve(None, &settings).unwrap(),
        &allen_arkolakis(&g64).solve(None, &settings).unwrap(),
    );
    eprintln!(
        "f32 storage: core–periphery wages {cp_error:.2e}, Allen–Arkolakis equilibrium {aa_error:.2e} (max relative)"
    );
    assert!(cp_error > 0.0 && cp_error < 1e-6, "{cp_error:e}");
    assert!(aa_error > 0.0 && aa_error < 1e-5, "{aa_error:e}");
}

// ---------------------------------------------------------------- configuration

fn load(text: &str) -> agglo::Result<config::RunSpec> {
    config::from_text(text, "test.toml", Path::new("."), &[])
}

#[test]
fn torus_geography_from_the_config() {
    let spec = load(
        "[geography]\nkind = \"torus\"\nwidth = 16\nheight = 8\ncost = \"exp\"\nrate = 0.2\n\
         [model]\nkind = \"allen-arkolakis\"\n",
    )
    .unwrap();
    let g = &spec.geography;
    assert_eq!((g.kind, g.len()), ("torus", 128));
    assert_eq!(g.ids[17], "2,2");
    assert_eq!(g.trade_costs.structure(), Structure::Torus { width: 16, height: 8 });
    // (1,1) to (16,8) is one step west and one north, the shorter way round.
    assert!((g.trade_costs.get(0, 127) - (0.2 * 2f64.sqrt()).exp()).abs() < 1e-15);
    assert!(
        spec.resolved_toml.contains("kind = \"torus\""),
        "{}",
        spec.resolved_toml
    );
    let model = spec.model.spatial().expect("a spatial model");
    let eq = model.solve(None, &spec.solver).unwrap();
    assert!(eq.stats.converged);

    let per_step = load("[geography]\nkind = \"torus\"\nwidth = 4\nheight = 4\ntrade-cost = 2.0\n").unwrap();
    assert_eq!(per_step.geography.trade_costs.get(0, 10), 2f64.powf(8f64.sqrt()));

    let e = load("[geography]\nkind = \"torus\"\nwidth = 4\nheight = 4\nmetric = \"manhattan\"\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("geography.metric") && e.contains("euclidean"), "{e}");
    let e = load("[geography]\nkind = \"torus\"\nwidth = 4\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("height"), "{e}");
    let e =
        load("[geography]\nkind = \"torus\"\nwidth = 4\nheight = 4\ntrade-cost = 2.0\ncost = \"exp\"\nrate = 1.0\n")
            .unwrap_err()
            .to_string();
    assert!(e.contains("not both"), "{e}");
}

#[test]
fn matrix_precision_from_the_config() {
    let text = "[geography]\nkind = \"grid\"\nwidth = 5\nheight = 4\n[solver]\nmatrix-precision = \"f32\"\n";
    let spec = load(text).unwrap();
    let model = spec.model.downcast_ref::<CorePeriphery>().expect("core–periphery");
    assert_eq!(model.freeness().representation(), Representation::DenseF32);
    assert!(
        spec.resolved_toml.contains("matrix-precision = \"f32\""),
        "{}",
        spec.resolved_toml
    );
    let spec = load("[geography]\nkind = \"grid\"\nwidth = 5\nheight = 4\n").unwrap();
    let model = spec.model.downcast_ref::<CorePeriphery>().expect("core–periphery");
    assert_eq!(model.freeness().representation(), Representation::Dense);
    let e = load("[solver]\nmatrix-precision = \"f16\"\n").unwrap_err().to_string();
    assert!(e.contains("solver.matrix-precision") && e.contains("\"f32\""), "{e}");
}
