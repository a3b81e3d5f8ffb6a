//! The core–periphery model against docs/reference.md §1 (FKV ch. 5 closed forms and values) and
//! the same closed forms at other (sigma, mu). Tolerances: relative 1e-8 for closed-form
//! quantities; the printed digits for tabulated values.

mod common;

use agglo::model::two_region as cf;
use agglo::model::CorePeripheryParams;
use common::*;

const PAIRS: [(f64, f64); 4] = [(5.0, 0.4), (4.0, 0.3), (6.0, 0.5), (3.0, 0.2)];

#[test]
fn fkv_break_and_sustain_trade_costs() {
    let p = CorePeripheryParams { sigma: 5.0, mu: 0.4 };
    let t_b = cf::trade_cost_from_freeness(&p, cf::break_point_freeness(&p));
    assert!(rel(t_b, 7f64.powf(0.25)) < 1e-12);
    assert!(rel(t_b, 1.626576561698) < 1e-8);
    let phi_s = cf::sustain_point_freeness(&p).unwrap();
    assert!(rel(phi_s, 0.093727445194) < 1e-8);
    assert!(rel(cf::trade_cost_from_freeness(&p, phi_s), 1.807312719931) < 1e-8);
}

#[test]
fn fkv_symmetric_equilibrium_at_t_1_7() {
    let m = two_region(5.0, 0.4, 1.7);
    for method in [PICARD, ANDERSON, NEWTON] {
        let (w, _) = m.solve_short_run(&[0.5, 0.5], None, &tight(method)).unwrap();
        let o = m.outcomes(&[0.5, 0.5], &w);
        for r in 0..2 {
            assert!((o.wage[r] - 1.0).abs() < 1e-12);
            assert!(rel(o.price_index[r], 1.1560566994) < 1e-8, "{}", o.price_index[r]);
            assert!(rel(o.real_wage[r], 0.9436443546) < 1e-8, "{}", o.real_wage[r]);
        }
    }
}

#[test]
fn fkv_core_periphery_at_t_1_7() {
    let m = two_region(5.0, 0.4, 1.7);
    let (w, _) = m.solve_short_run(&[1.0, 0.0], None, &tight(NEWTON)).unwrap();
    let o = m.outcomes(&[1.0, 0.0], &w);
    assert!((o.wage[0] - 1.0).abs() < 1e-12 && (o.price_index[0] - 1.0).abs() < 1e-12);
    assert!((o.wage[1] - 1.2095984).abs() < 5e-8, "{}", o.wage[1]);
    assert!((o.real_wage[1] - 0.9782766).abs() < 5e-8, "{}", o.real_wage[1]);
    assert!(rel(o.price_index[1], 1.7) < 1e-12);
}

#[test]
fn fkv_unstable_interior_equilibrium_at_t_1_7() {
    let eqs = two_region_equilibria(5.0, 0.4, 1.7);
    let lambdas: Vec<f64> = eqs.iter().map(|e| e.shares[0]).collect();
    assert_eq!(eqs.len(), 5, "{lambdas:?}");
    let lambda_star = 0.8348868355;
    assert!(rel(lambdas[3], lambda_star) < 1e-8, "{}", lambdas[3]);
    assert!(rel(lambdas[1], 1.0 - lambda_star) < 1e-8, "{}", lambdas[1]);
    assert!((lambdas[2] - 0.5).abs() < 1e-12 && lambdas[0] == 0.0 && lambdas[4] == 1.0);
    let stable: Vec<bool> = eqs.iter().map(|e| e.stability.stable).collect();
    assert_eq!(stable, [true, false, true, false, true]);
    let n_unstable: Vec<usize> = eqs.iter().map(|e| e.stability.n_unstable).collect();
    assert_eq!(n_unstable, [0, 1, 0, 1, 0]);
    assert!(eqs.iter().all(|e| e.stats.converged && e.stats.residual <= 1e-13));
}

#[test]
fn fkv_wiggle_table_to_its_printed_digits() {
    let table = [
        (1.5, [0.00849, 0.01796, 0.02920, 0.04281, 0.05935]),
        (1.7, [-0.00509, -0.00651, -0.00265, 0.00673, 0.02172]),
        (2.1, [-0.04073, -0.06558, -0.07475, -0.07200, -0.05888]),
    ];
    for (t, row) in table {
        for (lambda, expected) in [0.6, 0.7, 0.8, 0.9, 1.0].into_iter().zip(row) {
            let gap = wiggle(5.0, 0.4, t, lambda);
            assert!(
                (gap - expected).abs() <= 5e-6,
                "T = {t}, lambda = {lambda}: {gap} vs {expected}"
            );
        }
    }
}

/// The trade cost at which `f` changes sign, by bisection on [lo, hi].
fn root_in_trade_cost(f: impl Fn(f64) -> f64, lo: f64, hi: f64) -> f64 {
    cf::bisect(f, lo, hi)
}

#[test]
fn break_point_is_where_the_symmetric_equilibrium_loses_stability() {
    for (sigma, mu) in PAIRS {
        let p = CorePeripheryParams { sigma, mu };
        let t_b = cf::trade_cost_from_freeness(&p, cf::break_point_freeness(&p));
        // d(omega_1 - omega_2)/d lambda at lambda = 1/2 from the model's implicit derivative.
        let slope = |t: f64| {
            let m = two_region(sigma, mu, t);
            let (w, _) = m.solve_short_run(&[0.5, 0.5], None, &tight(NEWTON)).unwrap();
            let d = m.real_wage_response(&[0.5, 0.5], &w).unwrap();
            (d[(0, 0)] - d[(0, 1)]) - (d[(1, 0)] - d[(1, 1)])
        };
        let numeric = root_in_trade_cost(slope, 1.0 + 1e-6, 20.0);
        assert!(rel(numeric, t_b) < 1e-8, "sigma {sigma} mu {mu}: {numeric} vs {t_b}");
    }
}

#[test]
fn sustain_point_is_where_the_periphery_real_wage_reaches_the_core() {
    for (sigma, mu) in PAIRS {
        let p = CorePeripheryParams { sigma, mu };
        let t_s = cf::trade_cost_from_freeness(&p, cf::sustain_point_freeness(&p).unwrap());
        let gap = |t: f64| {
            let m = two_region(sigma, mu, t);
            let (w, _) = m.solve_short_run(&[1.0, 0.0], None, &tight(NEWTON)).unwrap();
            let o = m.outcomes(&[1.0, 0.0], &w).real_wage;
            o[1] - o[0]
        };
        let numeric = root_in_trade_cost(gap, 1.0 + 1e-9, 50.0);
        assert!(rel(numeric, t_s) < 1e-8, "sigma {sigma} mu {mu}: {numeric} vs {t_s}");
    }
}

#[test]
fn symmetric_and_core_periphery_closed_forms_match_the_solver() {
    for (sigma, mu) in PAIRS {
        let p = CorePeripheryParams { sigma, mu };
        for t in [1.2, 1.7, 2.5] {
            let m = two_region(sigma, mu, t);
            let (w, _) = m.solve_short_run(&[0.5, 0.5], None, &tight(ANDERSON)).unwrap();
            let o = m.outcomes(&[0.5, 0.5], &w);
            let s = cf::symmetric(&p, t);
            assert!(rel(o.price_index[0], s.price_index) < 1e-10 && rel(o.real_wage[1], s.real_wage) < 1e-10);
            let (w, _) = m.solve_short_run(&[1.0, 0.0], None, &tight(ANDERSON)).unwrap();
            let o = m.outcomes(&[1.0, 0.0], &w);
            let c = cf::core_periphery(&p, t);
            assert!(rel(o.wage[1], c.periphery_wage) < 1e-10, "sigma {sigma} mu {mu} T {t}");
            assert!(rel(o.real_wage[1], c.periphery_real_wage) < 1e-10);
            assert!(rel(o.price_index[1], c.periphery_price_index) < 1e-10);
        }
    }
}

/// Equilibria and stability on both sides of T_B and T_S (1% away): below T_B the symmetric
/// equilibrium is unstable and only agglomeration is stable (3 equilibria); between T_B and
/// T_S five coexist (the tomahawk); above T_S only dispersion survives.
#[test]
fn stability_classification_on_both_sides_of_the_break_and_sustain_points() {
    for (sigma, mu) in PAIRS {
        let p = CorePeripheryParams { sigma, mu };
        let t_b = cf::trade_cost_from_freeness(&p, cf::break_point_freeness(&p));
        let t_s = cf::trade_cost_from_freeness(&p, cf::sustain_point_freeness(&p).unwrap());
        assert!(t_b < t_s, "the bifurcation is subcritical");
        let symmetric = |eqs: &[agglo::long_run::Equilibrium]| {
            eqs.iter()
                .find(|e| (e.shares[0] - 0.5).abs() < 1e-9)
                .expect("symmetric equilibrium")
                .stability
                .clone()
        };
        let below_break = two_region_equilibria(sigma, mu, t_b * 0.99);
        assert_eq!(below_break.len(), 3, "sigma {sigma} mu {mu}");
        assert!(!symmetric(&below_break).stable && symmetric(&below_break).n_unstable == 1);
        assert!(below_break[0].stability.stable && below_break[2].stability.stable);

        let above_break = two_region_equilibria(sigma, mu, t_b * 1.01);
        assert!(symmetric(&above_break).stable);

        let below_sustain = two_region_equilibria(sigma, mu, t_s * 0.99);
        assert_eq!(below_sustain.len(), 5, "sigma {sigma} mu {mu}");
        assert_eq!(
            below_sustain.iter().map(|e| e.stability.stable).collect::<Vec<_>>(),
            [true, false, true, false, true]
        );
        let above_sustain = two_region_equilibria(sigma, mu, t_s * 1.01);
        assert_eq!(above_sustain.len(), 1, "sigma {sigma} mu {mu}");
        assert!(above_sustain[0].stability.stable);
    }
}

#[test]
fn no_black_hole_condition() {
    assert!(CorePeripheryParams { sigma: 5.0, mu: 0.4 }.no_black_hole());
    assert!(!CorePeripheryParams { sigma: 2.0, mu: 0.6 }.no_black_hole());
    let p = CorePeripheryParams { sigma: 2.0, mu: 0.6 };
    assert!(cf::break_point_freeness(&p) < 0.0);
    assert!(cf::sustain_point_freeness(&p).is_none());
}
