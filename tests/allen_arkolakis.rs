//! Allen–Arkolakis (2014) with spillovers: docs/reference.md §5 cases, the contraction against the
//! two-equation system, inversion, exact hat algebra against level re-solves, uniqueness and
//! multiplicity. Tolerances are stated at each assertion.

mod common;

use agglo::geography::{layouts, CostFunction, Geography, Metric, Structure, TradeCosts};
use agglo::model::{
    search_equilibria, AllenArkolakis, AllenArkolakisParams, Fundamentals, Shock, SpatialEquilibrium, SpatialModel,
};
use agglo::solve::{JacobianSource, Method, SolverSettings, Tolerance};
use common::{scattered_points, tight, ANDERSON, NEWTON};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn ones(n: usize) -> Vec<f64> {
    vec![1.0; n]
}

fn model(params: AllenArkolakisParams, g: &Geography, productivity: Vec<f64>, amenity: Vec<f64>) -> AllenArkolakis {
    AllenArkolakis::new(params, g, Fundamentals { productivity, amenity }).unwrap()
}

/// max_i |a_i - b_i| / |b_i|.
fn max_rel(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(a, b)| (a - b).abs() / b.abs())
        .fold(0.0, f64::max)
}

/// Welfare is the same everywhere (relative 1e-9) and the population sums to Lbar (1e-12).
fn assert_equilibrium(m: &AllenArkolakis, eq: &SpatialEquilibrium) {
    let w0 = eq.welfare[0];
    assert!(
        max_rel(&eq.welfare, &vec![w0; eq.welfare.len()]) < 1e-9,
        "welfare {:?}",
        eq.welfare
    );
    let total: f64 = eq.population.iter().sum();
    assert!((total / m.params().population - 1.0).abs() < 1e-12, "sum L = {total}");
    let log_mean = eq.wage.iter().map(|w| w.ln()).sum::<f64>() / eq.wage.len() as f64;
    assert!(log_mean.abs() < 1e-12, "wages have geometric mean {}", log_mean.exp());
    assert!(eq.stats.converged);
}

/// Goods market clearing w_i L_i = sum_j X_ij with X_ij = pi_ji w_j L_j, relative 1e-9.
fn assert_goods_market_clears(m: &AllenArkolakis, eq: &SpatialEquilibrium) {
    let n = m.regions();
    let pi = m.trade_shares(&eq.population, &eq.wage);
    for i in 0..n {
        let income = eq.wage[i] * eq.population[i];
        let sales: f64 = (0..n).map(|j| pi[j * n + i] * eq.wage[j] * eq.population[j]).sum();
        assert!(
            (sales / income - 1.0).abs() < 1e-9,
            "location {i}: sales {sales} vs income {income}"
        );
    }
}

// ---------------------------------------------------------------- docs/reference.md §5 cases

/// Three locations on a line, tau_ij = 1.2^|i-j|, Abar = (1, 1.1, 0.9), AA defaults.
fn three_on_a_line() -> AllenArkolakis {
    let g = layouts::line(3, 1.2).unwrap();
    model(AllenArkolakisParams::default(), &g, vec![1.0, 1.1, 0.9], ones(3))
}

#[test]
fn three_location_line_matches_reference_to_1e_8() {
    let m = three_on_a_line();
    let l_ref = [0.31223845, 0.48972211, 0.19803943];
    let w_ref = [1.00180376, 1.11059783, 0.89879474];
    let w8_ref = 8.70409287;
    let settings = [tight(ANDERSON), tight(common::PICARD), tight(NEWTON)];
    for s in &settings {
        for eq in [m.solve_contraction(None, s).unwrap(), m.solve_system(None, s).unwrap()] {
            assert_equilibrium(&m, &eq);
            for i in 0..3 {
                // The reference is rounded to 8 decimals: absolute 1e-8.
                assert!(
                    (eq.population[i] - l_ref[i]).abs() < 1e-8,
                    "{:?}: l = {:?}",
                    s.method,
                    eq.population
                );
                assert!(
                    (eq.wage[i] - w_ref[i]).abs() < 1e-8,
                    "{:?}: w = {:?}",
                    s.method,
                    eq.wage
                );
                assert!(
                    (eq.welfare[i].powf(8.0) - w8_ref).abs() < 1e-8,
                    "W^(s-1) = {}",
                    eq.welfare[i].powf(8.0)
                );
            }
        }
    }
    assert!((m.contraction_modulus() - 0.5 / 2.9).abs() < 1e-15);
}

#[test]
fn two_locations_without_spillovers_match_reference_to_1e_8() {
    let params = AllenArkolakisParams {
        alpha: 0.0,
        beta: 0.0,
        ..Default::default()
    };
    for (tau, l1, ratio) in [(1.2, 0.9366803208, 0.8925905443), (1.5, 0.9982131498, 0.7209127816)] {
        let m = model(params, &layouts::two_region(tau).unwrap(), vec![1.1, 1.0], ones(2));
        for eq in [
            m.solve(None, &tight(ANDERSON)).unwrap(),
            m.solve_system(None, &tight(ANDERSON)).unwrap(),
        ] {
            assert_equilibrium(&m, &eq);
            assert!(
                (eq.population[0] - l1).abs() < 1e-8,
                "tau {tau}: l1 = {}",
                eq.population[0]
            );
            assert!(
                (eq.wage[0] / eq.wage[1] - ratio).abs() < 1e-8,
                "tau {tau}: w1/w2 = {}",
                eq.wage[0] / eq.wage[1]
            );
        }
    }
}

#[test]
fn ring_of_identical_locations_is_uniform_to_1e_12() {
    let g = layouts::racetrack(12, 1.3).unwrap();
    let m = model(AllenArkolakisParams::default(), &g, ones(12), ones(12));
    let start: Vec<f64> = (0..12).map(|i| 1.0 + 0.5 * (i as f64).sin()).collect();
    let eq = m.solve(Some(&start), &tight(ANDERSON)).unwrap();
    assert_equilibrium(&m, &eq);
    for l in &eq.population {
        assert!((l - 1.0 / 12.0).abs() < 1e-12, "{:?}", eq.population);
    }
}

// ---------------------------------------------------------------- contraction vs system

/// A random AA model on `n` scattered points in the unit square with T = exp(rate d),
/// rate (sigma - 1) in [1, 5] (freeness at distance 1 between e^-5 and e^-1, own trade
/// shares up to about 0.999), alpha + beta < 0; asymmetric costs get factors in [1, 1.5].
fn random_model(n: usize, seed: u64, symmetric: bool) -> AllenArkolakis {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let sigma = rng.random_range(3.0..10.0);
    let alpha = rng.random_range(0.0..0.2);
    let beta = rng.random_range(-0.5..-alpha - 0.05);
    let rate = rng.random_range(1.0..5.0) / (sigma - 1.0);
    let coords = scattered_points(n, seed);
    let ids = (1..=n).map(|i| i.to_string()).collect();
    let mut g = layouts::points(ids, coords, Metric::Euclidean, CostFunction::Exp { rate }, "test").unwrap();
    if !symmetric {
        let values: Vec<f64> = g
            .trade_costs
            .values()
            .iter()
            .enumerate()
            .map(|(k, t)| {
                if k / n == k % n {
                    1.0
                } else {
                    t * rng.random_range(1.0..1.5)
                }
            })
            .collect();
        g.trade_costs = TradeCosts::from_row_major(n, values, Structure::Dense, "test", None).unwrap();
    }
    let mut draw = || {
        (0..n)
            .map(|_| rng.random_range(-0.5f64..0.5).exp())
            .collect::<Vec<f64>>()
    };
    let (a, u) = (draw(), draw());
    model(
        AllenArkolakisParams {
            sigma,
            alpha,
            beta,
            population: rng.random_range(0.5..5.0),
        },
        &g,
        a,
        u,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// On symmetric tau the contraction (C) and the two-equation system (E1)–(E2) agree to
    /// 1e-10 (relative) in population, wages and welfare.
    #[test]
    fn contraction_and_system_agree_to_1e_10(n in 2usize..9, seed in 0u64..10_000) {
        let m = random_model(n, seed, true);
        let a = m.solve_contraction(None, &tight(ANDERSON)).unwrap();
        let b = m.solve_system(None, &tight(ANDERSON)).unwrap();
        assert_equilibrium(&m, &a);
        assert_equilibrium(&m, &b);
        prop_assert!(max_rel(&a.population, &b.population) < 1e-10);
        prop_assert!(max_rel(&a.wage, &b.wage) < 1e-10);
        prop_assert!(max_rel(&a.welfare, &b.welfare) < 1e-10);
        prop_assert!(max_rel(&a.price_index, &b.price_index) < 1e-10);
    }
}

#[test]
fn asymmetric_costs_clear_goods_markets_and_equalise_welfare() {
    for seed in 0..8 {
        let m = random_model(7, seed, false);
        assert!(!m.is_symmetric());
        assert!(m.contraction().is_err());
        let eq = m.solve(None, &tight(ANDERSON)).unwrap();
        assert_equilibrium(&m, &eq);
        assert_goods_market_clears(&m, &eq);
        let newton = m
            .solve(
                None,
                &tight(Method::Newton {
                    jacobian: JacobianSource::FiniteDifference,
                }),
            )
            .unwrap();
        assert!(max_rel(&newton.population, &eq.population) < 1e-10);
    }
}

#[test]
fn symmetric_equilibria_clear_goods_markets() {
    let m = random_model(40, 7, true);
    let eq = m.solve(None, &tight(ANDERSON)).unwrap();
    assert_equilibrium(&m, &eq);
    assert_goods_market_clears(&m, &eq);
}

// ---------------------------------------------------------------- inversion

/// Random positive data: population log-normal, wages log-normal, any units.
fn random_data(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let population = (0..n).map(|_| 1000.0 * rng.random_range(-1.5f64..1.5).exp()).collect();
    let wage = (0..n).map(|_| 30.0 * rng.random_range(-0.4f64..0.4).exp()).collect();
    (population, wage)
}

fn geometric_mean(v: &[f64]) -> f64 {
    (v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp()
}

fn round_trip(g: &Geography, seed: u64) {
    let n = g.len();
    let m = model(AllenArkolakisParams::default(), g, ones(n), ones(n));
    let (population, wage) = random_data(n, seed);
    let f = m.invert(&population, &wage).unwrap();
    assert!((geometric_mean(&f.productivity) - 1.0).abs() < 1e-12);
    assert!((geometric_mean(&f.amenity) - 1.0).abs() < 1e-12);
    let eq = m.with_fundamentals(f).unwrap().solve(None, &tight(ANDERSON)).unwrap();
    // The data in the model's normalisation: sum L = Lbar, wages with geometric mean 1.
    let total: f64 = population.iter().sum();
    let l_expected: Vec<f64> = population.iter().map(|l| l / total).collect();
    let gm = geometric_mean(&wage);
    let w_expected: Vec<f64> = wage.iter().map(|w| w / gm).collect();
    let (el, ew) = (max_rel(&eq.population, &l_expected), max_rel(&eq.wage, &w_expected));
    assert!(
        el < 1e-10 && ew < 1e-10,
        "{}: population error {el:.2e}, wage error {ew:.2e}",
        g.kind
    );
}

#[test]
fn inversion_round_trip_on_500_euclidean_points_to_1e_10() {
    let n = 500;
    let coords = scattered_points(n, 11);
    let ids = (1..=n).map(|i| i.to_string()).collect();
    let g = layouts::points(ids, coords, Metric::Euclidean, CostFunction::Exp { rate: 1.5 }, "test").unwrap();
    round_trip(&g, 3);
}

#[test]
fn inversion_round_trip_on_500_great_circle_points_to_1e_10() {
    let n = 500;
    // Points over the contiguous United States (lat 25–49, lon -124 to -67), T = exp(d / 2000 km).
    let coords: Vec<[f64; 2]> = scattered_points(n, 5)
        .into_iter()
        .map(|[x, y]| [25.0 + 24.0 * x, -124.0 + 57.0 * y])
        .collect();
    let ids = (1..=n).map(|i| i.to_string()).collect();
    let g = layouts::points(
        ids,
        coords,
        Metric::GreatCircle,
        CostFunction::Exp { rate: 5e-4 },
        "test",
    )
    .unwrap();
    round_trip(&g, 4);
}

#[test]
fn inversion_recovers_the_fundamentals_that_generated_an_equilibrium() {
    let m = random_model(30, 21, false);
    let eq = m.solve(None, &tight(ANDERSON)).unwrap();
    let f = m.invert(&eq.population, &eq.wage).unwrap();
    let truth = m.fundamentals();
    let (ga, gu) = (geometric_mean(&truth.productivity), geometric_mean(&truth.amenity));
    let a: Vec<f64> = truth.productivity.iter().map(|x| x / ga).collect();
    let u: Vec<f64> = truth.amenity.iter().map(|x| x / gu).collect();
    // Limited by the equilibrium's own accuracy (residual 1e-13): relative 1e-10.
    assert!(max_rel(&f.productivity, &a) < 1e-10);
    assert!(max_rel(&f.amenity, &u) < 1e-10);
}

// ---------------------------------------------------------------- hat algebra

fn unit_shock(n: usize) -> Shock {
    Shock {
        trade_cost: Some(vec![1.0; n * n]),
        productivity: Some(ones(n)),
        amenity: Some(ones(n)),
    }
}

#[test]
fn a_shock_of_one_changes_nothing() {
    for (seed, symmetric) in [(1, true), (2, false)] {
        let m = random_model(12, seed, symmetric);
        let base = m.solve(None, &tight(ANDERSON)).unwrap();
        let shock = unit_shock(12);
        let hat = m.hat_algebra(&base, &shock, &tight(ANDERSON)).unwrap();
        let level = m.shocked(&shock).unwrap().solve(None, &tight(ANDERSON)).unwrap();
        for eq in [&hat, &level] {
            // Relative 1e-11: the baseline is solved to 1e-13.
            assert!(max_rel(&eq.population, &base.population) < 1e-11);
            assert!(max_rel(&eq.wage, &base.wage) < 1e-11);
            assert!(max_rel(&eq.price_index, &base.price_index) < 1e-11);
            assert!(max_rel(&eq.welfare, &base.welfare) < 1e-11);
        }
        let empty = m.hat_algebra(&base, &Shock::default(), &tight(ANDERSON)).unwrap();
        assert!(max_rel(&empty.population, &base.population) < 1e-11);
    }
}

/// A random non-trivial shock: trade-cost factors in [1, 1.4] (asymmetric when `asym`),
/// productivity and amenity factors in [0.7, 1.4].
fn random_shock(n: usize, seed: u64, asym: bool) -> Shock {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let mut t = vec![1.0; n * n];
    for i in 0..n {
        for j in 0..i {
            let f = rng.random_range(1.0..1.4);
            t[i * n + j] = f;
            t[j * n + i] = if asym { rng.random_range(1.0..1.4) } else { f };
        }
    }
    let mut factors = || (0..n).map(|_| rng.random_range(0.7..1.4)).collect::<Vec<f64>>();
    Shock {
        trade_cost: Some(t),
        productivity: Some(factors()),
        amenity: Some(factors()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Exact hat algebra from the baseline's observables and a level re-solve of the shocked
    /// model agree to 1e-8 (relative) in population, wages, price indices and welfare.
    #[test]
    fn hat_algebra_agrees_with_level_re_solve_to_1e_8(
        n in 2usize..10, seed in 0u64..10_000, symmetric in any::<bool>(), asym_shock in any::<bool>(),
    ) {
        let m = random_model(n, seed, symmetric);
        let base = m.solve(None, &tight(ANDERSON)).unwrap();
        let shock = random_shock(n, seed, asym_shock);
        let hat = m.hat_algebra(&base, &shock, &tight(ANDERSON)).unwrap();
        let level = m.shocked(&shock).unwrap().solve(None, &tight(ANDERSON)).unwrap();
        prop_assert!(max_rel(&hat.population, &level.population) < 1e-8, "{:?} vs {:?}", hat.population, level.population);
        prop_assert!(max_rel(&hat.wage, &level.wage) < 1e-8);
        prop_assert!(max_rel(&hat.price_index, &level.price_index) < 1e-8);
        prop_assert!(max_rel(&hat.welfare, &level.welfare) < 1e-8);
        // The shock moved something.
        prop_assert!(max_rel(&level.population, &base.population) > 1e-6);
    }
}

/// Near autarky (own trade shares 0.9999, tau = 3 between two locations) the fixed-point
/// residual understates the wage error by about 1/(1 - own share); Newton's quadratic
/// convergence removes that, and hat algebra and level re-solve agree to 1e-10.
#[test]
fn near_autarky_hat_algebra_agrees_with_newton() {
    let costs = TradeCosts::from_row_major(2, vec![1.0, 3.0, 3.3, 1.0], Structure::Dense, "test", None).unwrap();
    let mut g = layouts::two_region(3.0).unwrap();
    g.trade_costs = costs;
    let params = AllenArkolakisParams {
        sigma: 9.7,
        alpha: 0.07,
        beta: -0.26,
        population: 2.6,
    };
    let m = model(params, &g, vec![1.0, 1.3], vec![1.2, 0.9]);
    let newton = tight(Method::Newton {
        jacobian: JacobianSource::FiniteDifference,
    });
    let base = m.solve(None, &newton).unwrap();
    let pi = m.trade_shares(&base.population, &base.wage);
    assert!(pi[0] > 0.999 && pi[3] > 0.999, "own shares {pi:?}");
    let shock = Shock {
        trade_cost: Some(vec![1.0, 1.2, 1.1, 1.0]),
        productivity: Some(vec![1.1, 0.8]),
        amenity: None,
    };
    let hat = m.hat_algebra(&base, &shock, &newton).unwrap();
    let level = m.shocked(&shock).unwrap().solve(None, &newton).unwrap();
    assert!(max_rel(&hat.population, &level.population) < 1e-10);
    assert!(
        max_rel(&hat.wage, &level.wage) < 1e-10,
        "{:?} vs {:?}",
        hat.wage,
        level.wage
    );
    assert!(max_rel(&hat.welfare, &level.welfare) < 1e-10);
}

#[test]
fn contraction_jacobian_matches_finite_differences() {
    use agglo::solve::FixedPointMap;
    let m = random_model(6, 3, true);
    let map = m.contraction().unwrap();
    let x: Vec<f64> = (0..6).map(|i| -1.8 + 0.1 * i as f64).collect();
    let jac = map.jacobian(&x).unwrap();
    let (mut plus, mut minus) = (vec![0.0; 6], vec![0.0; 6]);
    for j in 0..6 {
        let mut y = x.clone();
        y[j] += 1e-6;
        map.apply(&y, &mut plus);
        y[j] -= 2e-6;
        map.apply(&y, &mut minus);
        for i in 0..6 {
            let fd = (plus[i] - minus[i]) / 2e-6;
            // Central differences: absolute 1e-8.
            assert!((jac[(i, j)] - fd).abs() < 1e-8, "({i}, {j}): {} vs {fd}", jac[(i, j)]);
        }
    }
}

// ---------------------------------------------------------------- uniqueness and multiplicity

#[test]
fn negative_alpha_plus_beta_gives_one_equilibrium_from_ten_random_starts() {
    let m = random_model(25, 8, true);
    let u = m.uniqueness();
    assert!(
        u.unique && u.statement.contains("alpha + beta") && u.statement.contains("< 0"),
        "{}",
        u.statement
    );
    assert!(
        u.statement.contains(&format!("{:.4}", m.contraction_modulus())),
        "{}",
        u.statement
    );
    let found = search_equilibria(&m, 10, 42, &tight(ANDERSON)).unwrap();
    assert_eq!(found.len(), 1);
    let asym = random_model(25, 9, false);
    assert_eq!(search_equilibria(&asym, 10, 42, &tight(ANDERSON)).unwrap().len(), 1);
}

#[test]
fn aa_defaults_report_modulus() {
    let m = three_on_a_line();
    let u = SpatialModel::uniqueness(&m);
    assert!(u.unique);
    assert_eq!(
        u.statement,
        "alpha + beta = -0.2 < 0: unique (contraction modulus |p2/p1| = 0.1724)"
    );
}

/// A ring of identical locations with alpha + beta > 0 (alpha = 0.1, beta = -0.05, sigma = 9):
/// the uniform distribution and agglomerated ones are all equilibria.
#[test]
fn positive_alpha_plus_beta_on_a_ring_has_several_equilibria() {
    let g = layouts::racetrack(6, 1.2).unwrap();
    let params = AllenArkolakisParams {
        alpha: 0.1,
        beta: -0.05,
        ..Default::default()
    };
    let m = model(params, &g, ones(6), ones(6));
    assert!(!m.uniqueness().unique);
    let newton = SolverSettings {
        method: NEWTON,
        tolerance: Tolerance {
            residual: 1e-12,
            max_iterations: 200,
        },
    };
    let found = search_equilibria(&m, 40, 7, &newton).unwrap();
    for eq in &found {
        assert_equilibrium(&m, eq);
        assert_goods_market_clears(&m, eq);
    }
    assert!(found.len() >= 3, "found {} equilibria", found.len());
    eprintln!(
        "ring, alpha + beta = 0.05: {} distinct equilibria from 40 starts",
        found.len()
    );
    assert!(
        found
            .iter()
            .any(|eq| eq.population.iter().all(|l| (l - 1.0 / 6.0).abs() < 1e-9)),
        "uniform missing"
    );
    // Bit-for-bit reproducible for a seed.
    let again = search_equilibria(&m, 40, 7, &newton).unwrap();
    assert_eq!(found.len(), again.len());
    for (a, b) in found.iter().zip(&again) {
        assert_eq!(a.population, b.population);
    }
}

// ---------------------------------------------------------------- validation

#[test]
fn invalid_inputs_name_the_key() {
    let g = layouts::line(3, 1.2).unwrap();
    let bad = |params: AllenArkolakisParams, a: Vec<f64>, u: Vec<f64>| {
        AllenArkolakis::new(
            params,
            &g,
            Fundamentals {
                productivity: a,
                amenity: u,
            },
        )
        .unwrap_err()
        .to_string()
    };
    let d = AllenArkolakisParams::default();
    let e = bad(AllenArkolakisParams { sigma: 1.0, ..d }, ones(3), ones(3));
    assert!(e.contains("model.sigma") && e.contains("> 1"), "{e}");
    let e = bad(AllenArkolakisParams { population: 0.0, ..d }, ones(3), ones(3));
    assert!(e.contains("model.population"), "{e}");
    let e = bad(AllenArkolakisParams { alpha: f64::NAN, ..d }, ones(3), ones(3));
    assert!(e.contains("model.alpha"), "{e}");
    let e = bad(
        AllenArkolakisParams {
            beta: f64::INFINITY,
            ..d
        },
        ones(3),
        ones(3),
    );
    assert!(e.contains("model.beta"), "{e}");
    let e = bad(d, ones(2), ones(3));
    assert!(e.contains("model.productivity") && e.contains("(3)"), "{e}");
    let e = bad(d, ones(3), vec![1.0, -1.0, 1.0]);
    assert!(e.contains("model.amenity[2]") && e.contains("> 0"), "{e}");
    // p1 = 0: 1 - 8 alpha - 9 beta = 0.
    let e = bad(
        AllenArkolakisParams {
            alpha: 0.125,
            beta: 0.0,
            ..d
        },
        ones(3),
        ones(3),
    );
    assert!(e.contains("singular"), "{e}");
    let m = three_on_a_line();
    let e = m
        .shocked(&Shock {
            productivity: Some(vec![1.0, 0.0, 1.0]),
            ..Default::default()
        })
        .unwrap_err()
        .to_string();
    assert!(e.contains("shock.productivity[2]"), "{e}");
    let e = m
        .shocked(&Shock {
            trade_cost: Some(vec![0.5; 9]),
            ..Default::default()
        })
        .unwrap_err()
        .to_string();
    assert!(e.contains("shock.trade-cost"), "{e}");
}

// ---------------------------------------------------------------- iteration counts (report)

/// Iteration counts on N = 2000 random points at tolerance 1e-10, Anderson(5) against damped
/// Picard (0.5), for a well-connected (rate 2) and a poorly connected (rate 8) geography.
/// Run with `cargo test --test allen_arkolakis -- --ignored --nocapture`.
#[test]
#[ignore]
fn iteration_counts_on_2000_points() {
    let n = 2000;
    for rate in [2.0, 8.0] {
        let coords = scattered_points(n, 1);
        let ids = (1..=n).map(|i| i.to_string()).collect();
        let g = layouts::points(ids, coords, Metric::Euclidean, CostFunction::Exp { rate }, "test").unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let mut draw = || {
            (0..n)
                .map(|_| rng.random_range(-0.5f64..0.5).exp())
                .collect::<Vec<f64>>()
        };
        let m = model(AllenArkolakisParams::default(), &g, draw(), draw());
        let tol = Tolerance {
            residual: 1e-10,
            max_iterations: 100_000,
        };
        for method in [
            ANDERSON,
            Method::Picard { damping: 0.5 },
            Method::Picard { damping: 1.0 },
        ] {
            let s = SolverSettings { method, tolerance: tol };
            let c = m.solve_contraction(None, &s).unwrap();
            let e = m.solve_system(None, &s);
            let own = m.trade_shares(&c.population, &c.wage);
            let max_own = (0..n).map(|i| own[i * n + i]).fold(0.0, f64::max);
            println!(
                "rate {rate} (max own trade share {max_own:.4}) {method:?}: contraction {} iterations ({:.3} s, {:.2} ms/iteration); two-equation system {}",
                c.stats.iterations,
                c.stats.seconds,
                1e3 * c.stats.seconds / c.stats.iterations.max(1) as f64,
                match e {
                    Ok(e) => format!("{} iterations ({:.3} s), max rel. diff in L {:.1e}", e.stats.iterations, e.stats.seconds, max_rel(&e.population, &c.population)),
                    Err(e) => e.to_string(),
                }
            );
        }
    }
    // Asymmetric costs: tau_ij times a factor in [1, 1.5] (rate 2 and 8), two-equation system only.
    for rate in [2.0, 8.0] {
        let coords = scattered_points(n, 1);
        let ids = (1..=n).map(|i| i.to_string()).collect();
        let mut g = layouts::points(ids, coords, Metric::Euclidean, CostFunction::Exp { rate }, "test").unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let values: Vec<f64> = g
            .trade_costs
            .values()
            .iter()
            .enumerate()
            .map(|(k, t)| {
                if k / n == k % n {
                    1.0
                } else {
                    t * rng.random_range(1.0..1.5)
                }
            })
            .collect();
        g.trade_costs = TradeCosts::from_row_major(n, values, Structure::Dense, "test", None).unwrap();
        let mut draw = || {
            (0..n)
                .map(|_| rng.random_range(-0.5f64..0.5).exp())
                .collect::<Vec<f64>>()
        };
        let m = model(AllenArkolakisParams::default(), &g, draw(), draw());
        for method in [
            ANDERSON,
            Method::Picard { damping: 0.5 },
            Method::Picard { damping: 1.0 },
        ] {
            let s = SolverSettings {
                method,
                tolerance: Tolerance {
                    residual: 1e-10,
                    max_iterations: 100_000,
                },
            };
            match m.solve(None, &s) {
                Ok(e) => println!(
                    "asymmetric, rate {rate} {method:?}: two-equation system {} iterations ({:.3} s, {:.2} ms/iteration)",
                    e.stats.iterations,
                    e.stats.seconds,
                    1e3 * e.stats.seconds / e.stats.iterations.max(1) as f64
                ),
                Err(e) => println!("asymmetric, rate {rate} {method:?}: {e}"),
            }
        }
    }
}
