//! The footloose-entrepreneur model (Forslid and Ottaviano 2003) against docs/reference.md §3:
//! break and sustain points from the closed forms and from the model solved numerically,
//! closed-form symmetric and core–periphery outcomes, the long run on both sides of the
//! break and sustain points, analytic derivatives against finite differences, validation.
//! Tolerances: relative 1e-8 for closed-form quantities and break/sustain points.

mod common;

use agglo::geography::{layouts, CostFunction, Geography, Metric, Structure, TradeCosts};
use agglo::long_run::{self, Equilibrium, SearchOptions};
use agglo::model::footloose_two_region as cf;
use agglo::model::two_region::bisect;
use agglo::model::{FootlooseEntrepreneur, FootlooseParams, MobileFactorModel};
use agglo::Error;
use common::*;

/// (sigma, mu): the reference pair and four others (all with mu < sigma - 1).
const PAIRS: [(f64, f64); 5] = [(5.0, 0.4), (4.0, 0.3), (6.0, 0.5), (3.0, 0.2), (2.0, 0.6)];
/// Totals of immobile workers L: break and sustain points must not depend on it.
const WORKERS: [f64; 3] = [2.0, 1.0, 10.0];

fn params(sigma: f64, mu: f64, workers: f64) -> FootlooseParams {
    FootlooseParams { sigma, mu, workers }
}

/// Two regions at trade cost T, workers split equally.
fn two_region(p: FootlooseParams, trade_cost: f64) -> FootlooseEntrepreneur {
    let g = layouts::two_region(trade_cost).unwrap();
    FootlooseEntrepreneur::new(p, &g, vec![0.5, 0.5]).unwrap()
}

fn equilibria(p: FootlooseParams, trade_cost: f64) -> Vec<Equilibrium> {
    let m = two_region(p, trade_cost);
    long_run::find_equilibria(&m, &[0.5, 0.5], &tight(NEWTON), &SearchOptions::default()).unwrap()
}

/// d(omega_1 - omega_2)/d lambda_1 along e_1 - e_2 at lambda = 1/2, from the model's
/// implicit derivative.
fn symmetric_slope(p: FootlooseParams, trade_cost: f64) -> f64 {
    let m = two_region(p, trade_cost);
    let (pi, _) = m.solve_short_run(&[0.5, 0.5], None, &tight(NEWTON)).unwrap();
    let d = m.real_wage_response(&[0.5, 0.5], &pi).unwrap();
    (d[(0, 0)] - d[(0, 1)]) - (d[(1, 0)] - d[(1, 1)])
}

/// omega_2 - omega_1 with every entrepreneur in region 1.
fn periphery_gap(p: FootlooseParams, trade_cost: f64) -> f64 {
    let m = two_region(p, trade_cost);
    let (pi, _) = m.solve_short_run(&[1.0, 0.0], None, &tight(NEWTON)).unwrap();
    let o = m.outcomes(&[1.0, 0.0], &pi).real_wage;
    o[1] - o[0]
}

fn numeric_break_freeness(p: FootlooseParams) -> f64 {
    // The slope is positive for T near 1 (agglomeration) and negative at high T.
    let t = bisect(|t| symmetric_slope(p, t), 1.0 + 1e-6, 20.0);
    cf::freeness_from_trade_cost(&p, t)
}

fn numeric_sustain_freeness(p: FootlooseParams) -> f64 {
    let t = bisect(|t| periphery_gap(p, t), 1.0 + 1e-6, 20.0);
    cf::freeness_from_trade_cost(&p, t)
}

#[test]
fn reference_break_and_sustain_points_from_the_closed_forms() {
    let p = FootlooseParams::default();
    assert_eq!((p.sigma, p.mu, p.workers), (5.0, 0.4, 2.0));
    let phi_b = cf::break_point_freeness(&p);
    assert!(rel(phi_b, 23.0 / 33.0) < 1e-14, "{phi_b}");
    assert!(rel(phi_b, 0.696969697) < 1e-8);
    let phi_s = cf::sustain_point_freeness(&p).unwrap();
    assert!(rel(phi_s, 0.695442368) < 1e-8, "{phi_s}");
    assert!(cf::sustain_condition(&p, phi_s).abs() < 1e-14);
    // Subcritical: the core–periphery pattern is sustainable before dispersion breaks.
    assert!(phi_s < phi_b);
    // Trade-cost conversions round-trip.
    let t_b = cf::trade_cost_from_freeness(&p, phi_b);
    assert!(rel(t_b, (33.0f64 / 23.0).powf(0.25)) < 1e-14);
    assert!(rel(cf::freeness_from_trade_cost(&p, t_b), phi_b) < 1e-14);
}

#[test]
fn reference_break_and_sustain_points_from_the_model() {
    for workers in WORKERS {
        let p = params(5.0, 0.4, workers);
        let phi_b = numeric_break_freeness(p);
        assert!(rel(phi_b, 0.696969697) < 1e-8, "L = {workers}: break {phi_b}");
        let phi_s = numeric_sustain_freeness(p);
        assert!(rel(phi_s, 0.695442368) < 1e-8, "L = {workers}: sustain {phi_s}");
    }
}

#[test]
fn break_point_is_where_the_symmetric_equilibrium_loses_stability() {
    for (sigma, mu) in PAIRS {
        for workers in WORKERS {
            let p = params(sigma, mu, workers);
            let closed = cf::break_point_freeness(&p);
            let numeric = numeric_break_freeness(p);
            assert!(
                rel(numeric, closed) < 1e-8,
                "sigma {sigma} mu {mu} L {workers}: {numeric} vs {closed}"
            );
        }
    }
}

#[test]
fn sustain_point_is_where_the_periphery_real_reward_reaches_the_core() {
    for (sigma, mu) in PAIRS {
        for workers in WORKERS {
            let p = params(sigma, mu, workers);
            let closed = cf::sustain_point_freeness(&p).unwrap();
            let numeric = numeric_sustain_freeness(p);
            assert!(
                rel(numeric, closed) < 1e-8,
                "sigma {sigma} mu {mu} L {workers}: {numeric} vs {closed}"
            );
            assert!(
                closed < cf::break_point_freeness(&p),
                "sigma {sigma} mu {mu}: not subcritical"
            );
        }
    }
}

#[test]
fn symmetric_and_core_periphery_closed_forms_match_the_solver() {
    for (sigma, mu) in PAIRS {
        for workers in WORKERS {
            let p = params(sigma, mu, workers);
            for t in [1.05, 1.3, 2.0] {
                let m = two_region(p, t);
                for method in [PICARD, ANDERSON, NEWTON, NEWTON_FD] {
                    let (pi, stats) = m.solve_short_run(&[0.5, 0.5], None, &tight(method)).unwrap();
                    assert!(stats.converged && stats.residual <= 1e-13);
                    let o = m.outcomes(&[0.5, 0.5], &pi);
                    let s = cf::symmetric(&p, t);
                    for r in 0..2 {
                        assert!(rel(o.wage[r], s.reward) < 1e-12);
                        assert!(rel(o.price_index[r], s.price_index) < 1e-12);
                        assert!(rel(o.real_wage[r], s.real_wage) < 1e-12);
                        assert!(rel(o.income[r], s.income) < 1e-12);
                    }
                    let (pi, _) = m.solve_short_run(&[1.0, 0.0], None, &tight(method)).unwrap();
                    let o = m.outcomes(&[1.0, 0.0], &pi);
                    let c = cf::core_periphery(&p, t);
                    assert!(rel(o.wage[0], c.core_reward) < 1e-12);
                    assert!(rel(o.real_wage[0], c.core_reward) < 1e-12 && rel(o.price_index[0], 1.0) < 1e-14);
                    assert!(rel(o.income[0], c.core_income) < 1e-12);
                    assert!(
                        rel(o.wage[1], c.periphery_reward) < 1e-12,
                        "{} vs {}",
                        o.wage[1],
                        c.periphery_reward
                    );
                    assert!(rel(o.price_index[1], c.periphery_price_index) < 1e-12);
                    assert!(rel(o.real_wage[1], c.periphery_real_wage) < 1e-12);
                    assert!(rel(o.income[1], c.periphery_income) < 1e-12);
                    // The closed-form sustain condition is the periphery's relative real reward.
                    let phi = cf::freeness_from_trade_cost(&p, t);
                    let ratio = o.real_wage[1] / o.real_wage[0] - 1.0;
                    assert!((ratio - cf::sustain_condition(&p, phi)).abs() < 1e-12);
                }
            }
        }
    }
}

#[test]
fn closed_forms_assume_an_equal_worker_split() {
    // With L split 60/40, lambda = 1/2 is no equilibrium: the region with more workers
    // (the larger market) pays entrepreneurs more.
    let g = layouts::two_region(1.2).unwrap();
    let m = FootlooseEntrepreneur::new(FootlooseParams::default(), &g, vec![0.6, 0.4]).unwrap();
    let (pi, _) = m.solve_short_run(&[0.5, 0.5], None, &tight(NEWTON)).unwrap();
    let o = m.outcomes(&[0.5, 0.5], &pi);
    assert!(o.real_wage[0] > o.real_wage[1] * (1.0 + 1e-3));
}

/// Where the tomahawk is: T strictly between T_B and T_S (phi_S < phi < phi_B).
fn tomahawk_trade_cost(p: &FootlooseParams) -> f64 {
    let phi = 0.5 * (cf::break_point_freeness(p) + cf::sustain_point_freeness(p).unwrap());
    cf::trade_cost_from_freeness(p, phi)
}

/// Interior shares are resolved to (real-wage gap tolerance 1e-13) / (slope of the gap in
/// lambda); near the narrow tomahawk the slope is small (migration eigenvalues ~1e-5).
const LAMBDA_TOL: f64 = 1e-8;

#[test]
fn long_run_on_both_sides_of_the_break_and_sustain_points() {
    for (sigma, mu) in PAIRS {
        let p = params(sigma, mu, 2.0);
        let phi_b = cf::break_point_freeness(&p);
        let phi_s = cf::sustain_point_freeness(&p).unwrap();
        let width = phi_b - phi_s;
        let ctx = format!("sigma {sigma} mu {mu}");

        // High trade costs (phi < phi_S): dispersion is the only equilibrium, stable.
        let t_high = cf::trade_cost_from_freeness(&p, phi_s - width);
        let eqs = equilibria(p, t_high);
        let lambdas: Vec<f64> = eqs.iter().map(|e| e.shares[0]).collect();
        assert_eq!(eqs.len(), 1, "{ctx}, phi < phi_S: {lambdas:?}");
        assert!((lambdas[0] - 0.5).abs() < LAMBDA_TOL && eqs[0].stability.stable);

        // Low trade costs (phi > phi_B): agglomeration in either region, dispersion unstable.
        let t_low = cf::trade_cost_from_freeness(&p, phi_b + width);
        let eqs = equilibria(p, t_low);
        let lambdas: Vec<f64> = eqs.iter().map(|e| e.shares[0]).collect();
        assert_eq!(lambdas.len(), 3, "{ctx}, phi > phi_B: {lambdas:?}");
        assert!(lambdas[0] == 0.0 && (lambdas[1] - 0.5).abs() < LAMBDA_TOL && lambdas[2] == 1.0);
        let n_unstable: Vec<usize> = eqs.iter().map(|e| e.stability.n_unstable).collect();
        assert_eq!(n_unstable, [0, 1, 0], "{ctx}");

        // The tomahawk (phi_S < phi < phi_B): three stable equilibria and two unstable
        // interior ones, symmetric about 1/2, with equal real rewards.
        let t_mid = tomahawk_trade_cost(&p);
        let eqs = equilibria(p, t_mid);
        let lambdas: Vec<f64> = eqs.iter().map(|e| e.shares[0]).collect();
        assert_eq!(lambdas.len(), 5, "{ctx}, tomahawk: {lambdas:?}");
        assert!(lambdas[0] == 0.0 && lambdas[4] == 1.0 && (lambdas[2] - 0.5).abs() < LAMBDA_TOL);
        assert!(
            lambdas[1] > 0.0 && lambdas[1] < 0.5 && (lambdas[1] + lambdas[3] - 1.0).abs() < LAMBDA_TOL,
            "{ctx}: {lambdas:?}"
        );
        let n_unstable: Vec<usize> = eqs.iter().map(|e| e.stability.n_unstable).collect();
        assert_eq!(n_unstable, [0, 1, 0, 1, 0], "{ctx}");
        for e in &eqs[1..4] {
            let o = &e.outcomes.real_wage;
            assert!(rel(o[0], o[1]) < 1e-12, "{ctx}: {o:?}");
        }
        assert!(
            eqs.iter().all(|e| e.stats.converged && e.stats.residual <= 1e-13),
            "{ctx}"
        );
    }
}

#[test]
fn reference_tomahawk_in_trade_costs() {
    // sigma = 5, mu = 0.4: T_B = (33/23)^(1/4) and T_S = phi_S^(-1/4); the window is narrow.
    let p = FootlooseParams::default();
    let t_b = cf::trade_cost_from_freeness(&p, cf::break_point_freeness(&p));
    let t_s = cf::trade_cost_from_freeness(&p, cf::sustain_point_freeness(&p).unwrap());
    assert!(t_b < t_s && t_s - t_b < 1e-3, "{t_b} {t_s}");
    // Just outside the window on either side the corners / the symmetric state change verdict.
    let below = equilibria(p, t_b * (1.0 - 1e-6));
    assert!(below.len() == 3 && below[1].stability.n_unstable == 1);
    let above = equilibria(p, t_s * (1.0 + 1e-6));
    assert!(above.len() == 1 && above[0].stability.stable);
}

/// A random 5-region geography (scattered points, T = exp(0.8 d)) and an asymmetric one.
fn random_geographies() -> Vec<Geography> {
    let coords = scattered_points(5, 11);
    let ids: Vec<String> = (1..=5).map(|i| i.to_string()).collect();
    let points = layouts::points(
        ids.clone(),
        coords,
        Metric::Euclidean,
        CostFunction::Exp { rate: 0.8 },
        "test",
    )
    .unwrap();
    let noise = scattered_points(25, 7);
    let costs = TradeCosts::from_fn(5, Structure::Dense, "test", |r, s| {
        points.trade_costs.get(r, s) * (1.0 + 0.3 * noise[r * 5 + s][0])
    })
    .unwrap();
    assert!(!costs.is_symmetric());
    let asymmetric = Geography {
        kind: "matrix",
        ids,
        coordinates: None,
        metric: agglo::geography::Metric::Euclidean,
        groups: None,
        trade_costs: costs,
    };
    vec![points, asymmetric]
}

fn random_distribution(n: usize, seed: u64) -> Vec<f64> {
    let v: Vec<f64> = scattered_points(n, seed).iter().map(|p| 0.2 + p[0]).collect();
    let total: f64 = v.iter().sum();
    v.iter().map(|x| x / total).collect()
}

#[test]
fn real_wage_response_matches_finite_differences_on_random_5_regions() {
    for (gi, g) in random_geographies().iter().enumerate() {
        for (sigma, mu) in [(5.0, 0.4), (3.0, 0.7)] {
            let p = params(sigma, mu, 1.7);
            let m = FootlooseEntrepreneur::new(p, g, random_distribution(5, 3)).unwrap();
            let interior = random_distribution(5, 5);
            let mut corner = random_distribution(5, 9);
            corner[2] = 0.0;
            let total: f64 = corner.iter().sum();
            corner.iter_mut().for_each(|l| *l /= total);
            for lambda in [interior, corner] {
                let (pi, _) = m.solve_short_run(&lambda, None, &tight(NEWTON)).unwrap();
                let d = m.real_wage_response(&lambda, &pi).unwrap();
                let omega = |l: &[f64]| {
                    let (pi, _) = m.solve_short_run(l, Some(&pi), &tight(NEWTON)).unwrap();
                    m.outcomes(l, &pi).real_wage
                };
                let h = 1e-6;
                for j in 0..5 {
                    let (mut up, mut down) = (lambda.clone(), lambda.clone());
                    up[j] += h;
                    down[j] -= h;
                    if down[j] < 0.0 {
                        down[j] = lambda[j]; // one-sided at an empty region
                    }
                    let (o_up, o_down) = (omega(&up), omega(&down));
                    for r in 0..5 {
                        let fd = (o_up[r] - o_down[r]) / (up[j] - down[j]);
                        let tol = if lambda[j] == 0.0 { 1e-5 } else { 1e-7 };
                        let scale = d.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                        assert!(
                            (d[(r, j)] - fd).abs() <= tol * scale,
                            "geography {gi}, sigma {sigma}, d omega_{r}/d lambda_{j}: analytic {} vs fd {fd}",
                            d[(r, j)]
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn short_run_solvers_agree_with_the_direct_solve_and_the_accounting() {
    for g in random_geographies() {
        let p = params(4.0, 0.45, 3.0);
        let m = FootlooseEntrepreneur::new(p, &g, random_distribution(5, 21)).unwrap();
        let lambda = random_distribution(5, 23);
        let (direct, stats) = m.solve_short_run_direct(&lambda).unwrap();
        assert!(stats.converged && stats.residual < 1e-14 && stats.solver == "lu");
        for method in [PICARD, ANDERSON, NEWTON, NEWTON_FD] {
            let (pi, stats) = m.solve_short_run(&lambda, None, &tight(method)).unwrap();
            assert!(
                stats.converged && stats.residual <= 1e-13,
                "{}: {stats:?}",
                stats.solver
            );
            for r in 0..5 {
                assert!(
                    rel(pi[r], direct[r]) < 1e-12,
                    "{}: {} vs {}",
                    stats.solver,
                    pi[r],
                    direct[r]
                );
            }
        }
        // Undamped iteration contracts at rate <= mu/sigma: a handful of iterations.
        let (_, stats) = m.solve_short_run(&lambda, None, &tight(PICARD)).unwrap();
        assert!(stats.iterations < 40, "{stats:?}");
        // Total profit mu L/(sigma - mu) whatever lambda; income sums to L sigma/(sigma - mu).
        let o = m.outcomes(&lambda, &direct);
        let profit: f64 = lambda.iter().zip(&o.wage).map(|(l, p)| l * p).sum();
        assert!(rel(profit, p.total_profit()) < 1e-13);
        let income: f64 = o.income.iter().sum();
        assert!(rel(income, p.workers * p.sigma / (p.sigma - p.mu)) < 1e-13);
        // The reward equation holds: pi_r = (mu/sigma) sum_s phi_rs E_s / Delta_s.
        let delta: Vec<f64> = o.price_index.iter().map(|g| g.powf(1.0 - p.sigma)).collect();
        for r in 0..5 {
            let rhs: f64 = (0..5)
                .map(|s| m.freeness().get(r, s) * o.income[s] / delta[s])
                .sum::<f64>()
                * p.mu
                / p.sigma;
            assert!(rel(rhs, o.wage[r]) < 1e-13);
            assert!(rel(o.real_wage[r], o.wage[r] * o.price_index[r].powf(-p.mu)) < 1e-14);
        }
    }
}

#[test]
fn multi_region_search_works_through_the_trait() {
    // Racetrack of 6 at a high trade cost: the uniform distribution is the stable equilibrium
    // that the migration search reaches from perturbed starts.
    let g = layouts::racetrack(6, 2.0).unwrap();
    let m = FootlooseEntrepreneur::new(FootlooseParams::default(), &g, vec![1.0 / 6.0; 6]).unwrap();
    let model: &dyn MobileFactorModel = &m;
    let options = SearchOptions {
        starts: 2,
        ..SearchOptions::default()
    };
    let eqs = long_run::find_equilibria(model, &[1.0 / 6.0; 6], &tight(NEWTON), &options).unwrap();
    assert_eq!(eqs.len(), 1);
    assert!(eqs[0].shares.iter().all(|l| (l - 1.0 / 6.0).abs() < 1e-9) && eqs[0].stability.stable);
    // At low trade costs the uniform distribution is unstable and migration agglomerates.
    let g = layouts::racetrack(6, 1.02).unwrap();
    let m = FootlooseEntrepreneur::new(FootlooseParams::default(), &g, vec![1.0 / 6.0; 6]).unwrap();
    let eqs = long_run::find_equilibria(&m, &[1.0 / 6.0; 6], &tight(NEWTON), &options).unwrap();
    assert!(!eqs[0].stability.stable, "{:?}", eqs[0].stability);
    assert!(eqs[1..].iter().any(|e| e.stability.stable && e.shares.contains(&0.0)));
}

fn invalid_key(e: Error) -> String {
    match e {
        Error::InvalidParameter { key, .. } => key,
        other => panic!("expected an invalid parameter, got {other}"),
    }
}

#[test]
fn validation_names_the_offending_key() {
    let g = layouts::two_region(1.5).unwrap();
    let build = |p: FootlooseParams, a: Vec<f64>| FootlooseEntrepreneur::new(p, &g, a);
    let base = FootlooseParams::default();
    for (p, key) in [
        (FootlooseParams { sigma: 1.0, ..base }, "model.sigma"),
        (FootlooseParams { sigma: 0.5, ..base }, "model.sigma"),
        (
            FootlooseParams {
                sigma: f64::NAN,
                ..base
            },
            "model.sigma",
        ),
        (
            FootlooseParams {
                sigma: f64::INFINITY,
                ..base
            },
            "model.sigma",
        ),
        (FootlooseParams { mu: 0.0, ..base }, "model.mu"),
        (FootlooseParams { mu: 1.0, ..base }, "model.mu"),
        (FootlooseParams { mu: f64::NAN, ..base }, "model.mu"),
        (FootlooseParams { workers: 0.0, ..base }, "model.workers"),
        (FootlooseParams { workers: -1.0, ..base }, "model.workers"),
        (
            FootlooseParams {
                workers: f64::INFINITY,
                ..base
            },
            "model.workers",
        ),
    ] {
        assert_eq!(invalid_key(build(p, vec![0.5, 0.5]).unwrap_err()), key, "{p:?}");
    }
    let message = build(FootlooseParams { sigma: 0.9, ..base }, vec![0.5, 0.5])
        .unwrap_err()
        .to_string();
    assert_eq!(message, "model.sigma = 0.9 is invalid: sigma must be finite and > 1");
    assert_eq!(
        invalid_key(build(base, vec![1.0]).unwrap_err()),
        "model.worker-distribution"
    );
    assert_eq!(
        invalid_key(build(base, vec![0.7, 0.7]).unwrap_err()),
        "model.worker-distribution"
    );
    assert_eq!(
        invalid_key(build(base, vec![1.5, -0.5]).unwrap_err()),
        "model.worker-distribution[2]"
    );
    // No entrepreneurs anywhere: a numerical error, not a NaN.
    let m = build(base, vec![0.5, 0.5]).unwrap();
    assert!(matches!(
        m.solve_short_run(&[0.0, 0.0], None, &tight(NEWTON)),
        Err(Error::Numerical(_))
    ));
}

#[test]
fn black_hole_warning() {
    let g = layouts::two_region(1.5).unwrap();
    let ok = FootlooseEntrepreneur::new(FootlooseParams::default(), &g, vec![0.5, 0.5]).unwrap();
    assert!(ok.warnings().is_empty());
    let p = FootlooseParams {
        sigma: 1.3,
        mu: 0.5,
        workers: 2.0,
    };
    let hole = FootlooseEntrepreneur::new(p, &g, vec![0.5, 0.5]).unwrap();
    assert_eq!(hole.warnings().len(), 1);
    assert!(cf::break_point_freeness(&p) < 0.0 && cf::sustain_point_freeness(&p).is_none());
}
