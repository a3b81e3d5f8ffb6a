//! Helpman (1998) in the form of Redding and Rossi-Hansberg (2017, "QSE", §3): the
//! equations at a solution, the eq. 17 closed form, the two-region threshold phi_H,
//! inversion round trips, unit shocks, exact hat algebra against level re-solves, and QSE
//! Table 1 on the 30 × 30 grid of §3.9. Tolerances are stated at each assertion.

use agglo::geography::{layouts, BorderGrid, CostFunction, Metric, Structure, TradeCosts};
use agglo::model::helpman::{rrh, Rrh2017};
use agglo::model::{Fundamentals, Helpman, HelpmanParams, HelpmanRegions, Shock, SpatialEquilibrium, SpatialModel};
use agglo::solve::{JacobianSource, Method, SolverSettings, Tolerance};
use proptest::prelude::*;

const ANDERSON: Method = Method::Anderson {
    depth: 10,
    damping: 1.0,
};

fn tight(method: Method) -> SolverSettings {
    SolverSettings {
        method,
        tolerance: Tolerance {
            residual: 1e-13,
            max_iterations: 100_000,
        },
    }
}

fn max_rel(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(x, y)| ((x - y) / y).abs()).fold(0.0, f64::max)
}

/// Deterministic numbers in [0, 1) (no RNG crate needed).
fn uniform_stream(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `n` scattered locations, T = exp(0.8 d) on the unit square, two countries (the first
/// half and the rest), random H, A, u.
fn scattered(n: usize, seed: u64, params: HelpmanParams) -> Helpman {
    let mut next = uniform_stream(seed);
    let coords: Vec<[f64; 2]> = (0..n).map(|_| [next(), next()]).collect();
    let ids = (1..=n).map(|i| i.to_string()).collect();
    let g = layouts::points(ids, coords, Metric::Euclidean, CostFunction::Exp { rate: 0.8 }, "test").unwrap();
    let country: Vec<usize> = (0..n).map(|i| usize::from(i >= n / 2)).collect();
    let regions = HelpmanRegions {
        housing: (0..n).map(|_| 0.5 + next()).collect(),
        fundamentals: Fundamentals {
            productivity: (0..n).map(|_| 0.6 + next()).collect(),
            amenity: (0..n).map(|_| 0.7 + 0.6 * next()).collect(),
        },
        labour: vec![3.0, 2.0],
        country,
    };
    Helpman::new(params, &g, regions).unwrap()
}

// ---------------------------------------------------------------------------------------
// Parameters and validation
// ---------------------------------------------------------------------------------------

#[test]
fn defaults_are_the_qse_illustration_and_bad_inputs_name_their_key() {
    let p = HelpmanParams::default();
    assert_eq!((p.sigma, p.alpha, p.fixed_cost), (5.0, 0.75, 1.0));
    let g = layouts::line(3, 1.5).unwrap();
    let bad = HelpmanParams { alpha: 1.0, ..p };
    let e = Helpman::new(bad, &g, HelpmanRegions::uniform(3, 1.0))
        .unwrap_err()
        .to_string();
    assert!(e.contains("model.alpha"), "{e}");
    let mut regions = HelpmanRegions::uniform(3, 1.0);
    regions.country = vec![0, 2, 0];
    let e = Helpman::new(p, &g, regions).unwrap_err().to_string();
    assert!(e.contains("model.country[2]"), "{e}");
    let mut regions = HelpmanRegions::uniform(3, 1.0);
    regions.housing.pop();
    let e = Helpman::new(p, &g, regions).unwrap_err().to_string();
    assert!(
        e.contains("model.housing") && e.contains("one value per location (3)"),
        "{e}"
    );
    let m = Helpman::new(p, &g, HelpmanRegions::uniform(3, 1.0)).unwrap();
    let shock = Shock {
        trade_cost: Some(vec![1.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
        ..Shock::default()
    };
    let e = m.shocked(&shock).unwrap_err().to_string();
    assert!(e.contains("shock.trade-cost[1,2]") && e.contains("below 1"), "{e}");
    assert_eq!(
        HelpmanRegions::labour_by_area(153_889.0, &[0, 0, 1, 1]),
        vec![76_944.5, 76_944.5]
    );
}

#[test]
fn uniqueness_is_sigma_times_housing_share_above_one() {
    let g = layouts::line(3, 1.5).unwrap();
    let m = Helpman::new(HelpmanParams::default(), &g, HelpmanRegions::uniform(3, 1.0)).unwrap();
    let u = m.uniqueness();
    assert!(
        u.unique && u.statement.contains("1.25") && u.statement.contains("0.55"),
        "{}",
        u.statement
    );
    // gamma2/gamma1 = [1 + 5/4 - 4/3] / (5/3) = 0.55 at the QSE values.
    let (g1, g2) = HelpmanParams::default().gammas();
    assert!((g2 / g1 - 0.55).abs() < 1e-15);
    let agglomerating = HelpmanParams {
        alpha: 0.9,
        ..HelpmanParams::default()
    };
    let m = Helpman::new(agglomerating, &g, HelpmanRegions::uniform(3, 1.0)).unwrap();
    let u = m.uniqueness();
    assert!(!u.unique && u.statement.contains("phi_H = 0.529412"), "{}", u.statement);
}

// ---------------------------------------------------------------------------------------
// Equations at a solution
// ---------------------------------------------------------------------------------------

#[test]
fn equilibrium_satisfies_the_qse_equations() {
    let params = HelpmanParams {
        sigma: 4.0,
        alpha: 0.7,
        fixed_cost: 0.8,
    };
    let m = scattered(12, 7, params);
    let eq = m.solve_equilibrium(None, &tight(ANDERSON)).unwrap();
    let (s, a, f) = (params.sigma, params.alpha, params.fixed_cost);
    let n = 12;
    let (l, w) = (&eq.population, &eq.wage);
    let prod = &m.regions().fundamentals.productivity;
    let amen = &m.regions().fundamentals.amenity;
    let h = &m.regions().housing;
    let t = m.trade_costs();
    let o = m.outcomes(l, w);
    // Eq. 9 from its definition; rows (destinations) sum to 1.
    let pi = m.trade_share_matrix(l, w, prod);
    for dest in 0..n {
        let denom: f64 = (0..n)
            .map(|k| l[k] * (t.get(k, dest) * w[k] / prod[k]).powf(1.0 - s))
            .sum();
        for origin in 0..n {
            let direct = l[origin] * (t.get(origin, dest) * w[origin] / prod[origin]).powf(1.0 - s) / denom;
            assert!((pi.get(dest, origin) - direct).abs() < 1e-14);
        }
        assert!(((0..n).map(|i| pi.get(dest, i)).sum::<f64>() - 1.0).abs() < 1e-13);
        // Eq. 8 (sum over origins) against eq. 10 (own trade share), relative 1e-12.
        let eq8 = s / (s - 1.0) * (1.0 / (s * f)).powf(1.0 / (1.0 - s)) * denom.powf(1.0 / (1.0 - s));
        let eq10 =
            s / (s - 1.0) * (l[dest] / (s * f * pi.get(dest, dest))).powf(1.0 / (1.0 - s)) * w[dest] / prod[dest];
        assert!((eq8 / o.price_index[dest] - 1.0).abs() < 1e-12 && (eq10 / eq8 - 1.0).abs() < 1e-12);
        // Eqs. 11-12.
        assert!((o.income[dest] - w[dest] / a).abs() < 1e-14 * o.income[dest]);
        assert!((o.land_rent[dest] / ((1.0 - a) / a * w[dest] * l[dest] / h[dest]) - 1.0).abs() < 1e-14);
    }
    // Goods market clearing w_i L_i = sum_n pi_ni w_n L_n, relative 1e-11.
    for i in 0..n {
        let sales: f64 = (0..n).map(|dest| pi.get(dest, i) * w[dest] * l[dest]).sum();
        assert!((sales / (w[i] * l[i]) - 1.0).abs() < 1e-11, "market clearing at {i}");
    }
    // Eq. 13: welfare equal within each country (relative 1e-11); labour adds up (1e-13).
    for (c, members) in m.countries().iter().enumerate() {
        let v0 = eq.welfare[members[0]];
        assert!(members.iter().all(|&i| (eq.welfare[i] / v0 - 1.0).abs() < 1e-11));
        let total: f64 = members.iter().map(|&i| l[i]).sum();
        assert!((total / m.regions().labour[c] - 1.0).abs() < 1e-13);
        // Eq. 15 with amenities: L_n ∝ [u A^a H^(1-a) pi_nn^(-a/(s-1))]^((s-1)/(s(1-a)-1)).
        let k = (s - 1.0) / (s * (1.0 - a) - 1.0);
        let x: Vec<f64> = members
            .iter()
            .map(|&i| (amen[i] * prod[i].powf(a) * h[i].powf(1.0 - a) * pi.get(i, i).powf(-a / (s - 1.0))).powf(k))
            .collect();
        let sx: f64 = x.iter().sum();
        for (j, &i) in members.iter().enumerate() {
            assert!((l[i] / (total * x[j] / sx) - 1.0).abs() < 1e-10, "eq. 15 at {i}");
        }
    }
    // Eq. 13 in levels, and the normalisation: geometric-mean wage of country 0 is 1.
    for i in 0..n {
        let v = amen[i] * (w[i] / a) / (o.price_index[i].powf(a) * o.land_rent[i].powf(1.0 - a));
        assert!((v / eq.welfare[i] - 1.0).abs() < 1e-13);
    }
    let first = &m.countries()[0];
    assert!((first.iter().map(|&i| w[i].ln()).sum::<f64>() / first.len() as f64).abs() < 1e-13);
    assert!(eq.stats.converged && eq.stats.residual <= 1e-13 && eq.stats.solver == "anderson");
}

#[test]
fn eq_17_holds_within_each_country_with_symmetric_costs() {
    // With symmetric costs, P_n^(1-sigma) ∝ w_n^sigma A_n^(1-sigma), so mobility gives
    // w^(1-2s) A^(s-1) (L/H)^((s-1)(1-a)/a) u^(-(s-1)/a) = xi_c in each country (QSE eq. 17).
    for (seed, params) in [
        (3, HelpmanParams::default()),
        (
            11,
            HelpmanParams {
                sigma: 6.0,
                alpha: 0.6,
                fixed_cost: 1.0,
            },
        ),
    ] {
        let m = scattered(10, seed, params);
        assert!(m.trade_costs().is_symmetric());
        let eq = m.solve_equilibrium(None, &tight(ANDERSON)).unwrap();
        let (s, a) = (params.sigma, params.alpha);
        let r = m.regions();
        let xi: Vec<f64> = (0..10)
            .map(|i| {
                eq.wage[i].powf(1.0 - 2.0 * s)
                    * r.fundamentals.productivity[i].powf(s - 1.0)
                    * (eq.population[i] / r.housing[i]).powf((s - 1.0) * (1.0 - a) / a)
                    * r.fundamentals.amenity[i].powf(-(s - 1.0) / a)
            })
            .collect();
        for members in m.countries() {
            let x0 = xi[members[0]];
            // Relative 1e-10: xi amplifies wage errors by 2 sigma - 1.
            assert!(members.iter().all(|&i| (xi[i] / x0 - 1.0).abs() < 1e-10), "{xi:?}");
        }
    }
}

#[test]
fn anderson_newton_and_damped_iteration_agree() {
    let m = scattered(8, 5, HelpmanParams::default());
    let reference = m.solve_equilibrium(None, &tight(ANDERSON)).unwrap();
    for method in [
        Method::Newton {
            jacobian: JacobianSource::FiniteDifference,
        },
        Method::Picard { damping: 0.5 },
    ] {
        let other = m.solve_equilibrium(None, &tight(method)).unwrap();
        // Relative 1e-11 on populations and wages.
        assert!(max_rel(&other.population, &reference.population) < 1e-11, "{method:?}");
        assert!(max_rel(&other.wage, &reference.wage) < 1e-11, "{method:?}");
    }
    // From a different start (every population 1) to the same, unique, equilibrium.
    let other = m.solve_equilibrium(Some(&[1.0; 8]), &tight(ANDERSON)).unwrap();
    assert!(max_rel(&other.population, &reference.population) < 1e-11);
}

// ---------------------------------------------------------------------------------------
// Two equal regions: the threshold phi_H
// ---------------------------------------------------------------------------------------

fn two_regions(params: HelpmanParams, phi: f64) -> Helpman {
    let t = phi.powf(1.0 / (1.0 - params.sigma));
    Helpman::new(
        params,
        &layouts::two_region(t).unwrap(),
        HelpmanRegions::uniform(2, 1.0),
    )
    .unwrap()
}

/// ln V_1 - ln V_2 at lambda_1 = lambda after the short run (wages clear goods markets).
fn welfare_gap(m: &Helpman, lambda: f64) -> f64 {
    let l = [lambda, 1.0 - lambda];
    let (w, _) = m
        .short_run(
            &l,
            None,
            &tight(Method::Newton {
                jacobian: JacobianSource::FiniteDifference,
            }),
        )
        .unwrap();
    let v = m.outcomes(&l, &w).welfare;
    v[0].ln() - v[1].ln()
}

/// d (ln V_1 - ln V_2) / d lambda_1 at the symmetric point (central difference, h = 1e-4):
/// positive means migration away from the symmetric equilibrium pays, i.e. it is unstable.
fn symmetric_slope(params: HelpmanParams, phi: f64) -> f64 {
    let m = two_regions(params, phi);
    let h = 1e-4;
    (welfare_gap(&m, 0.5 + h) - welfare_gap(&m, 0.5 - h)) / (2.0 * h)
}

#[test]
fn phi_h_reference_value() {
    let p = HelpmanParams {
        sigma: 5.0,
        alpha: 0.9,
        fixed_cost: 1.0,
    };
    assert!((p.phi_h() - 9.0 / 17.0).abs() < 1e-15);
    assert!(
        HelpmanParams::default().phi_h() < 0.0,
        "sigma (1 - alpha) > 1: always stable"
    );
}

#[test]
fn symmetric_equilibrium_loses_stability_at_phi_h() {
    // Several parameter sets with sigma (1 - alpha) < 1; bisect the sign change of the
    // migration slope at the symmetric point over phi and compare with the closed form.
    for (sigma, alpha) in [(5.0, 0.9), (4.0, 0.8), (8.0, 0.95), (3.0, 0.75)] {
        let params = HelpmanParams {
            sigma,
            alpha,
            fixed_cost: 1.0,
        };
        let phi_h = params.phi_h();
        assert!(phi_h > 0.0 && phi_h < 1.0);
        assert!(
            symmetric_slope(params, 0.9 * phi_h) > 0.0,
            "unstable below phi_H ({sigma}, {alpha})"
        );
        assert!(
            symmetric_slope(params, 0.5 + 0.5 * phi_h) < 0.0,
            "stable above phi_H ({sigma}, {alpha})"
        );
        let (mut lo, mut hi) = (0.9 * phi_h, (0.5 + 0.5 * phi_h).min(1.0));
        for _ in 0..40 {
            let mid = 0.5 * (lo + hi);
            if symmetric_slope(params, mid) > 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        // Absolute 1e-7: the finite-difference slope and short-run tolerance limit the root.
        assert!(
            (0.5 * (lo + hi) - phi_h).abs() < 1e-7,
            "({sigma}, {alpha}): {} vs {phi_h}",
            0.5 * (lo + hi)
        );
    }
}

#[test]
fn three_equilibria_below_phi_h_and_one_above() {
    // sigma = 5, alpha = 0.9: count the zeros of ln V_1 - ln V_2 over lambda_1 in (0, 1)
    // (corners are never equilibria: an empty region has free housing, V -> infinity).
    let params = HelpmanParams {
        sigma: 5.0,
        alpha: 0.9,
        fixed_cost: 1.0,
    };
    let count = |phi: f64| {
        let m = two_regions(params, phi);
        let grid: Vec<f64> = (1..400).map(|k| k as f64 / 400.0 + 1e-6).collect();
        let gaps: Vec<f64> = grid.iter().map(|&l| welfare_gap(&m, l)).collect();
        gaps.windows(2).filter(|g| g[0].signum() != g[1].signum()).count()
    };
    assert_eq!(count(0.45), 3, "pitchfork below phi_H = 9/17");
    assert_eq!(count(0.6), 1, "only the symmetric equilibrium above phi_H");
}

// ---------------------------------------------------------------------------------------
// Inversion and counterfactuals
// ---------------------------------------------------------------------------------------

/// Truth under the inversion's normalisation: A geometric mean 1 over all locations, u
/// geometric mean 1 within each country.
fn normalised(m: &Helpman) -> Fundamentals {
    let f = m.regions().fundamentals.clone();
    let n = f.productivity.len() as f64;
    let ga = (f.productivity.iter().map(|a| a.ln()).sum::<f64>() / n).exp();
    let mut u = f.amenity.clone();
    for members in m.countries() {
        let gu = (members.iter().map(|&i| u[i].ln()).sum::<f64>() / members.len() as f64).exp();
        for &i in members {
            u[i] /= gu;
        }
    }
    Fundamentals {
        productivity: f.productivity.iter().map(|a| a / ga).collect(),
        amenity: u,
    }
}

#[test]
fn inversion_round_trip() {
    for (n, seed) in [(9, 1), (16, 2)] {
        let m = scattered(
            n,
            seed,
            HelpmanParams {
                sigma: 6.0,
                alpha: 0.7,
                fixed_cost: 1.0,
            },
        );
        let eq = m.solve_equilibrium(None, &tight(ANDERSON)).unwrap();
        let recovered = SpatialModel::invert(&m, &eq.population, &eq.wage, &Helpman::inversion_settings()).unwrap();
        let truth = normalised(&m);
        // Relative 1e-10 on both fundamentals.
        assert!(max_rel(&recovered.productivity, &truth.productivity) < 1e-10);
        assert!(max_rel(&recovered.amenity, &truth.amenity) < 1e-10);
        // The recovered model reproduces the data (relative 1e-10).
        let again = SpatialModel::with_fundamentals(&m, recovered)
            .unwrap()
            .solve(None, &tight(ANDERSON))
            .unwrap();
        assert!(max_rel(&again.population, &eq.population) < 1e-10);
        assert!(max_rel(&again.wage, &eq.wage) < 1e-10);
    }
    // Data whose totals do not match the model's labour are refused with the numbers.
    let m = scattered(6, 3, HelpmanParams::default());
    let e = SpatialModel::invert(&m, &[1.0; 6], &[1.0; 6], &Helpman::inversion_settings())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("a total of 3 in country 1") && e.contains("model.labour[2] = 2"),
        "{e}"
    );
}

#[test]
fn a_unit_shock_changes_nothing() {
    let m = scattered(10, 4, HelpmanParams::default());
    let s = tight(ANDERSON);
    let base = m.solve_equilibrium(None, &s).unwrap();
    let ones = Shock {
        trade_cost: Some(vec![1.0; 100]),
        productivity: Some(vec![1.0; 10]),
        amenity: Some(vec![1.0; 10]),
    };
    for shock in [Shock::default(), ones] {
        let pi = m.baseline_trade_shares(&base.population, &base.wage, &s).unwrap();
        let hat = m
            .exact_hat_algebra(&base.population, &base.wage, &pi, &shock, &s)
            .unwrap();
        // Every hat is 1 within 1e-12 (the start is the fixed point: zero iterations).
        for v in [
            &hat.wage,
            &hat.population,
            &hat.price_index,
            &hat.domestic_share,
            &hat.welfare,
        ] {
            assert!(v.iter().all(|x| (x - 1.0).abs() < 1e-12), "{v:?}");
        }
        assert_eq!(hat.stats.iterations, 0);
        let level = m.shocked(&shock).unwrap().solve_equilibrium(None, &s).unwrap();
        assert!(max_rel(&level.population, &base.population) < 1e-12);
        assert!(max_rel(&level.wage, &base.wage) < 1e-12);
        assert!(m
            .welfare_gains(&base, &level)
            .unwrap()
            .iter()
            .all(|g| (g - 1.0).abs() < 1e-12));
    }
}

/// A random small economy with uniqueness (sigma (1 - alpha) >= 1.1) and a random shock.
fn random_case(seed: u64) -> (Helpman, Shock) {
    let mut next = uniform_stream(seed);
    let n = 3 + (next() * 5.0) as usize;
    let sigma = 3.0 + 5.0 * next();
    let alpha = 0.3 + (1.0 - 1.1 / sigma - 0.3) * next();
    let symmetric = next() < 0.5;
    let mut t = vec![1.0; n * n];
    for r in 0..n {
        for s in 0..n {
            if r < s || (!symmetric && r != s) {
                t[r * n + s] = 1.2 + 2.0 * next();
            }
        }
    }
    if symmetric {
        for r in 0..n {
            for s in 0..r {
                t[r * n + s] = t[s * n + r];
            }
        }
    }
    let costs = TradeCosts::from_row_major(n, t.clone(), Structure::Dense, "random", None).unwrap();
    let two = n >= 4 && next() < 0.5;
    let country: Vec<usize> = (0..n).map(|i| usize::from(two && i >= n / 2)).collect();
    let regions = HelpmanRegions {
        housing: (0..n).map(|_| 0.5 + 2.0 * next()).collect(),
        fundamentals: Fundamentals {
            productivity: (0..n).map(|_| 0.5 + next()).collect(),
            amenity: (0..n).map(|_| 0.5 + next()).collect(),
        },
        labour: if two {
            vec![1.0 + next(), 1.0 + next()]
        } else {
            vec![1.0 + next()]
        },
        country,
    };
    let model = Helpman::from_costs(
        HelpmanParams {
            sigma,
            alpha,
            fixed_cost: 0.5 + next(),
        },
        costs,
        regions,
    )
    .unwrap();
    // Factors in [0.6, 1.4], kept so that shocked costs stay >= 1.
    let mut f = vec![1.0; n * n];
    for r in 0..n {
        for s in 0..n {
            if r != s {
                f[r * n + s] = (0.6 + 0.8 * next()).max(1.0 / t[r * n + s]);
            }
        }
    }
    let shock = Shock {
        trade_cost: Some(f),
        productivity: Some((0..n).map(|_| 0.8 + 0.45 * next()).collect()),
        amenity: Some((0..n).map(|_| 0.8 + 0.45 * next()).collect()),
    };
    (model, shock)
}

fn assert_levels_agree(a: &SpatialEquilibrium, b: &SpatialEquilibrium, tol: f64) {
    assert!(max_rel(&a.population, &b.population) < tol, "population");
    assert!(max_rel(&a.wage, &b.wage) < tol, "wage");
    assert!(max_rel(&a.price_index, &b.price_index) < tol, "price index");
    assert!(max_rel(&a.welfare, &b.welfare) < tol, "welfare");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Exact hat algebra (from the baseline's observables only) equals the level re-solve of
    /// the shocked model: populations, wages, price indices and welfare, relative 1e-8.
    #[test]
    fn hat_algebra_matches_level_resolve(seed in 0u64..1_000_000) {
        let (m, shock) = random_case(seed);
        let s = tight(ANDERSON);
        let base = m.solve_equilibrium(None, &s).unwrap();
        let hat = SpatialModel::hat_algebra(&m, &base, &shock, &s).unwrap();
        let level = m.shocked(&shock).unwrap().solve_equilibrium(None, &s).unwrap();
        assert_levels_agree(&hat, &level, 1e-8);
    }
}

// ---------------------------------------------------------------------------------------
// QSE §3.9, Table 1
// ---------------------------------------------------------------------------------------

fn rrh_log_productivity() -> Vec<f64> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/rrh2017_log_productivity.csv");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.parse::<f64>().unwrap_or_else(|e| panic!("{path}: {l:?}: {e}")))
        .collect()
}

/// Rounds a gain V'/V to the 0.1% Table 1 prints.
fn printed(gain: f64) -> f64 {
    ((gain - 1.0) * 1000.0).round() / 1000.0
}

#[test]
fn rrh2017_table_1() {
    let case = Rrh2017::new(&rrh_log_productivity()).unwrap();
    let m = &case.model;
    assert_eq!((m.len(), m.countries()[0].len()), (900, 450));
    assert!(m.uniqueness().unique);
    let s = SolverSettings {
        method: ANDERSON,
        tolerance: Tolerance {
            residual: 1e-12,
            max_iterations: 10_000,
        },
    };
    let base = m.solve_equilibrium(None, &s).unwrap();
    println!(
        "baseline: {} iterations, {:.3} s (Anderson depth 10)",
        base.stats.iterations, base.stats.seconds
    );
    let default = m.solve_equilibrium(None, &SolverSettings::default()).unwrap();
    println!(
        "baseline: {} iterations with the default settings (Anderson depth 5, 1e-10)",
        default.stats.iterations
    );
    assert!(max_rel(&default.population, &base.population) < 1e-8);

    // Gains V'/V (West = columns 1-15, East = 16-30) from level re-solves, checked against
    // exact hat algebra (relative 1e-8) and against the values an independent run of the
    // replication's damped iteration reaches (110,097 iterations; relative 1e-7).
    let mut gains = Vec::new();
    for (name, shock, replication) in [
        ("external", case.external_liberalisation(), [1.0026232, 1.0019253]),
        ("internal", case.internal_liberalisation(), [1.0229518, 1.0131742]),
    ] {
        let level = m
            .shocked(&shock)
            .unwrap()
            .solve_equilibrium(Some(&base.population), &s)
            .unwrap();
        let hat = SpatialModel::hat_algebra(m, &base, &shock, &s).unwrap();
        assert_levels_agree(&hat, &level, 1e-8);
        let g = m.welfare_gains(&base, &level).unwrap();
        let g_hat = m.welfare_gains(&base, &hat).unwrap();
        println!(
            "{name}: West {:+.4}%, East {:+.4}% (level: {} iterations; hat algebra: {} iterations)",
            100.0 * (g[0] - 1.0),
            100.0 * (g[1] - 1.0),
            level.stats.iterations,
            hat.stats.iterations
        );
        for c in 0..2 {
            assert!((g_hat[c] / g[c] - 1.0).abs() < 1e-9);
            assert!((g[c] / replication[c] - 1.0).abs() < 1e-7, "{name} {c}: {}", g[c]);
        }
        gains.push(g);
    }
    // Table 1 prints West 0.2% / East 0.3% and West 1.4% / East 2.3%. The replication's
    // numbers come out the other way round (West 0.26% / East 0.19%, West 2.30% / East
    // 1.32%): MATLAB's `unique`, which the replication uses to print the gains, sorts them,
    // so the table lists the smaller gain first. In that order the printed digits match for
    // three of the four entries; the smaller internal gain is 1.32%, which rounds to 1.3%,
    // not the printed 1.4% (no variant of the distance metric, elasticity or tax definition
    // tried reproduces both 1.4% and 2.3%).
    let sorted = |g: &[f64]| {
        let mut v = [printed(g[0]), printed(g[1])];
        v.sort_by(f64::total_cmp);
        v
    };
    assert_eq!(sorted(&gains[0]), rrh::TABLE_1[0]);
    assert_eq!(sorted(&gains[1])[1], rrh::TABLE_1[1][1]);
    assert_eq!(sorted(&gains[1])[0], 0.013, "the printed 1.4% is not reproduced");

    // Inversion on the grid: productivities back to relative 1e-10, amenities 1.
    // The round trip amplifies the baseline's residual about a hundredfold: solve it tighter.
    let tight = SolverSettings {
        tolerance: Tolerance {
            residual: 1e-14,
            max_iterations: 10_000,
        },
        ..s
    };
    let base = m.solve_equilibrium(None, &tight).unwrap();
    let recovered = SpatialModel::invert(m, &base.population, &base.wage, &Helpman::inversion_settings()).unwrap();
    let error = max_rel(&recovered.productivity, &m.regions().fundamentals.productivity);
    assert!(error < 1e-10, "productivity recovered to {error:e}");
    assert!(recovered.amenity.iter().all(|u| (u - 1.0).abs() < 1e-10));
}

#[test]
fn border_grid_matches_the_qse_description() {
    let g = BorderGrid::default();
    let geo = g.geography().unwrap();
    // Cell (col 1, row 1) to (col 4, row 3) in the same country: 1 + 2 sqrt 2 steps, tax 2.
    let (a, b) = (g.index(0, 0), g.index(3, 2));
    assert!((geo.trade_costs.get(a, b) - 2.0 * (1.0 + 2.0 * 2f64.sqrt()).powf(0.33)).abs() < 1e-14);
    // Across the border (col 15 to col 16, same row): 1^0.33 * 2 * 2.
    assert!((geo.trade_costs.get(g.index(14, 5), g.index(15, 5)) - 4.0).abs() < 1e-15);
}

/// The cases where Anderson alone stagnated (found by scanning random_case seeds 0..1e6):
/// seed 379755 is the proptest failure of `hat_algebra_matches_level_resolve` (residual
/// 5.6e-3 after 1e5 iterations), 103385 and 476817 stagnated too. Newton polishes from
/// Anderson's best iterate ("anderson+newton") and the answers agree with the level re-solve.
#[test]
fn hat_algebra_converges_where_anderson_stagnated() {
    for seed in [379_755u64, 103_385, 476_817] {
        let (m, shock) = random_case(seed);
        let s = tight(ANDERSON);
        let base = m.solve_equilibrium(None, &s).unwrap();
        let hat = SpatialModel::hat_algebra(&m, &base, &shock, &s).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert!(hat.stats.converged && hat.stats.residual <= 1e-13);
        let level = m.shocked(&shock).unwrap().solve_equilibrium(None, &s).unwrap();
        assert_levels_agree(&hat, &level, 1e-8);
    }
}

/// The random cases whose inversion (step 1, Anderson at 1e-12) stagnated before the Newton
/// finish existed: fundamentals come back (normalised) to relative 1e-8.
#[test]
fn inversion_converges_where_anderson_stagnated() {
    for seed in [617_210u64, 906_153, 953_395] {
        let (m, _) = random_case(seed);
        let base = m.solve_equilibrium(None, &tight(ANDERSON)).unwrap();
        let recovered = SpatialModel::invert(&m, &base.population, &base.wage, &Helpman::inversion_settings())
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let truth = normalised(&m);
        let errors = (
            max_rel(&recovered.productivity, &truth.productivity),
            max_rel(&recovered.amenity, &truth.amenity),
        );
        assert!(errors.0 < 1e-8 && errors.1 < 1e-8, "seed {seed}: {errors:?}");
    }
}
