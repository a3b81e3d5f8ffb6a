//! Independent solvers agree: Picard, Anderson and Newton (analytic and finite-difference
//! Jacobians) reach the same short-run wages to 1e-10 on random multi-region economies;
//! the analytic derivatives match finite differences; results do not depend on the number
//! of threads (bitwise).

mod common;

use agglo::model::{CorePeriphery, CorePeripheryParams};
use agglo::solve::{self, FixedPointMap};
use common::*;
use proptest::prelude::*;

fn normalised(v: Vec<f64>) -> Vec<f64> {
    let s: f64 = v.iter().sum();
    v.into_iter().map(|x| x / s).collect()
}

fn economy() -> impl Strategy<Value = (CorePeriphery, Vec<f64>)> {
    (3usize..=14, any::<u64>(), 2.0f64..10.0, 0.05f64..0.95, 0.3f64..4.0).prop_flat_map(
        |(n, seed, sigma, mu_frac, rate)| {
            let mu = mu_frac * (sigma - 1.0) / sigma; // inside the no-black-hole range
            (
                Just((n, seed, sigma, mu, rate)),
                proptest::collection::vec(0.0f64..1.0, n),
                proptest::collection::vec(0.05f64..1.0, n),
            )
                .prop_map(|((n, seed, sigma, mu, rate), shares, farmers)| {
                    let model = points_model(n, seed, sigma, mu, rate);
                    let g = agglo::geography::layouts::points(
                        (1..=n).map(|i| i.to_string()).collect(),
                        scattered_points(n, seed),
                        agglo::geography::Metric::Euclidean,
                        agglo::geography::CostFunction::Exp { rate },
                        "test",
                    )
                    .unwrap();
                    let model = CorePeriphery::new(*model.params(), &g, normalised(farmers)).unwrap();
                    (model, normalised(shares))
                })
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn short_run_solvers_agree((model, shares) in economy()) {
        let reference = model.solve_short_run(&shares, None, &tight(NEWTON)).unwrap().0;
        for method in [PICARD, ANDERSON, NEWTON_FD] {
            let (w, stats) = model.solve_short_run(&shares, None, &tight(method)).unwrap();
            prop_assert!(stats.converged && stats.residual <= 1e-13);
            for (a, b) in w.iter().zip(&reference) {
                prop_assert!((a - b).abs() <= 1e-10, "{:?}: {} vs {}", method, a, b);
            }
        }
    }

    #[test]
    fn analytic_derivatives_match_finite_differences((model, shares) in economy()) {
        let (w, _) = model.solve_short_run(&shares, None, &tight(NEWTON)).unwrap();
        // Jacobian of the wage map (in log wages).
        let map = model.short_run(&shares);
        let u: Vec<f64> = w.iter().map(|w| w.ln()).collect();
        let analytic = map.jacobian(&u).unwrap();
        let n = w.len();
        let mut plus = vec![0.0; n];
        let mut minus = vec![0.0; n];
        for j in 0..n {
            let h = 1e-6;
            let mut x = u.clone();
            x[j] += h;
            map.apply(&x, &mut plus);
            x[j] -= 2.0 * h;
            map.apply(&x, &mut minus);
            for i in 0..n {
                let fd = (plus[i] - minus[i]) / (2.0 * h);
                prop_assert!((fd - analytic[(i, j)]).abs() <= 1e-6 * (1.0 + fd.abs()), "dG[{}][{}]", i, j);
            }
        }
        // d omega / d lambda through the implicit function theorem vs re-solving.
        let d = model.real_wage_response(&shares, &w).unwrap();
        for j in 0..n {
            let h = 1e-6;
            let mut up = shares.clone();
            up[j] += h;
            let mut down = shares.clone();
            down[j] -= h;
            if down[j] < 0.0 { continue; }
            let o_up = model.outcomes(&up, &model.solve_short_run(&up, Some(&w), &tight(NEWTON)).unwrap().0).real_wage;
            let o_down = model.outcomes(&down, &model.solve_short_run(&down, Some(&w), &tight(NEWTON)).unwrap().0).real_wage;
            for i in 0..n {
                let fd = (o_up[i] - o_down[i]) / (2.0 * h);
                prop_assert!((fd - d[(i, j)]).abs() <= 1e-5 * (1.0 + fd.abs()), "domega[{}][{}]: {} vs {}", i, j, fd, d[(i, j)]);
            }
        }
    }
}

#[test]
fn long_run_multi_region_residual_and_equal_real_wages() {
    let model = points_model(7, 3, 5.0, 0.4, 1.0);
    let eqs = agglo::long_run::find_equilibria(
        &model,
        &[1.0 / 7.0; 7],
        &tight(NEWTON),
        &agglo::long_run::SearchOptions {
            seed: 5,
            perturbation: 0.05,
            starts: 3,
        },
    )
    .unwrap();
    assert!(!eqs.is_empty());
    for eq in &eqs {
        assert!(eq.stats.converged);
        assert!((eq.shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let occupied: Vec<usize> = (0..7).filter(|&r| eq.shares[r] > 0.0).collect();
        let omega = &eq.outcomes.real_wage;
        let top = occupied.iter().map(|&r| omega[r]).fold(f64::MIN, f64::max);
        for (share, omega) in eq.shares.iter().zip(omega) {
            if *share > 0.0 {
                assert!((omega - top).abs() < 1e-12, "real wages equal where people live");
            } else if eq.stability.stable {
                assert!(*omega <= top, "empty regions pay no more at a stable equilibrium");
            }
        }
    }
}

#[test]
fn results_are_bitwise_identical_for_one_and_two_threads() {
    // Above the parallel threshold so rows are split across threads.
    let n = 2 * agglo::model::freeness::PARALLEL_ROWS + 37;
    let model = points_model(n, 11, 5.0, 0.4, 2.0);
    let shares = normalised((0..n).map(|i| 1.0 + (i % 7) as f64).collect());
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| model.solve_short_run(&shares, None, &tight(ANDERSON)).unwrap().0)
    };
    let one = run(1);
    let two = run(2);
    assert!(one.iter().zip(&two).all(|(a, b)| a.to_bits() == b.to_bits()));
    let picard = solve::SolverSettings {
        method: PICARD,
        ..tight(PICARD)
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let p2 = pool.install(|| model.solve_short_run(&shares, None, &picard).unwrap().0);
    assert!(p2.iter().zip(&one).all(|(a, b)| (a - b).abs() < 1e-10));
}

#[test]
fn params_are_validated() {
    let g = agglo::geography::layouts::two_region(1.5).unwrap();
    assert!(CorePeriphery::new(CorePeripheryParams { sigma: 1.0, mu: 0.4 }, &g, vec![0.5, 0.5]).is_err());
    assert!(CorePeriphery::new(CorePeripheryParams { sigma: 5.0, mu: 1.0 }, &g, vec![0.5, 0.5]).is_err());
    assert!(CorePeriphery::new(CorePeripheryParams { sigma: 5.0, mu: 0.4 }, &g, vec![0.6, 0.5]).is_err());
}
