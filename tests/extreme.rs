//! Extreme but valid parameters for every model: sigma from 1.01 to 50, mu from ~0 to ~rho,
//! trade costs from 1 to 1e6, shares down to 1e-300 (and 0), N = 1 and N = 2, identical
//! locations. Each case ends in a correct answer — checked against the closed forms of
//! docs/reference.md or the equilibrium's invariants (shares sum to 1, real wages / welfare equal
//! where the mobile factor lives, every output finite) — or in a typed error; never a panic,
//! never a NaN in a result marked converged. 256 cases per property (CI: PROPTEST_RNG_SEED=1).
//!
//! Disconnected geography (infinite trade costs) is refused with a typed error naming the
//! entry: every model's price indices need finite costs (phi = T^(1-sigma) = 0 would make a
//! region's varieties unobtainable and its real wage undefined in the long run); a user
//! wanting almost-autarky gives a large finite cost (1e6 works, tested here).

mod common;

use agglo::error::Error;
use agglo::geography::{layouts, Structure, TradeCosts};
use agglo::long_run::{self, SearchOptions};
use agglo::model::{
    AllenArkolakis, AllenArkolakisParams, CorePeriphery, CorePeripheryParams, FootlooseEntrepreneur, FootlooseParams,
    Fundamentals, Helpman, HelpmanParams, HelpmanRegions, SpatialModel,
};
use agglo::solve::{Method, SolverSettings, Tolerance};
use common::{tight, NEWTON};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn settings() -> SolverSettings {
    SolverSettings {
        method: NEWTON,
        tolerance: Tolerance {
            residual: 1e-12,
            max_iterations: 200,
        },
    }
}

/// The only errors an extreme but valid case may end in: typed, with numbers.
fn assert_typed(e: &Error) {
    match e {
        Error::NotConverged {
            iterations, residual, ..
        } => {
            assert!(*iterations > 0 && !residual.is_nan(), "{e}");
        }
        Error::InvalidParameter { .. } => {}
        // A derivative that is not representable in f64 (footloose stability at a corner with
        // Delta ~ phi ~ 1e-200: d pi / d lambda ~ 1/Delta^2 overflows) is reported as such.
        Error::Numerical(m) => assert!(m.contains("singular") || m.contains("finite"), "{m}"),
        other => panic!("unexpected error: {other}"),
    }
}

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

fn all_finite(v: &[f64]) -> bool {
    v.iter().all(|x| x.is_finite())
}

/// sigma in [1.01, 50] (log-uniform-ish), mu in (0, rho) from ~1e-6 to ~rho (1 - 1e-6),
/// trade cost in [1, 1e6] (log-uniform).
fn cp_params() -> impl Strategy<Value = (f64, f64, f64)> {
    (0.0..1.0f64, 0.0..1.0f64, 0.0..6.0f64, 0..4usize).prop_map(|(s, m, t, end)| {
        let sigma = 1.01 * (50.0f64 / 1.01).powf(s);
        let rho = (sigma - 1.0) / sigma;
        // Every fourth case at an end of (0, rho): mu = 1e-6 rho or (1 - 1e-6) rho.
        let mu = match end {
            0 => 1e-6 * rho,
            1 => (1.0 - 1e-6) * rho,
            _ => rho * (0.001 + 0.998 * m),
        };
        (sigma, mu, 10f64.powf(t))
    })
}

proptest! {
    #![proptest_config(config())]

    /// Core–periphery, two regions: the symmetric state (w = 1, G = [(1+phi)/2]^(1/(1-sigma)))
    /// and the core–periphery state lambda = (1, 0) or (1 - 1e-300, 1e-300) (w1 = G1 = 1,
    /// w2 = [(1+mu)/2 phi + (1-mu)/(2 phi)]^(1/sigma), omega2 = w2 T^(-mu)), relative 1e-9,
    /// computed in log space by the closed form.
    #[test]
    fn core_periphery_two_regions_match_closed_forms((sigma, mu, t) in cp_params(), tiny in prop_oneof![Just(0.0), Just(1e-300)]) {
        let g = layouts::two_region(t).unwrap();
        let m = CorePeriphery::new(CorePeripheryParams { sigma, mu }, &g, vec![0.5, 0.5]).unwrap();
        let ln_phi = (1.0 - sigma) * t.ln();
        match m.solve_short_run(&[0.5, 0.5], None, &settings()) {
            Ok((w, stats)) => {
                prop_assert!(stats.converged && all_finite(&w));
                let o = m.outcomes(&[0.5, 0.5], &w);
                let ln_g = ((1.0 + ln_phi.exp()) / 2.0).ln() / (1.0 - sigma);
                for r in 0..2 {
                    prop_assert!((w[r] - 1.0).abs() < 1e-9, "w = {:?}", w);
                    prop_assert!(rel(o.price_index[r], ln_g.exp()) < 1e-9, "G = {:?}", o.price_index);
                    prop_assert!(rel(o.real_wage[r], (-mu * ln_g).exp()) < 1e-9);
                }
            }
            Err(e) => assert_typed(&e),
        }
        let shares = [1.0 - tiny, tiny];
        match m.solve_short_run(&shares, None, &settings()) {
            Ok((w, stats)) => {
                prop_assert!(stats.converged && all_finite(&w));
                let o = m.outcomes(&shares, &w);
                prop_assert!(all_finite(&o.real_wage) && all_finite(&o.price_index) && all_finite(&o.income));
                // ln of (1+mu)/2 phi + (1-mu)/2 / phi, without overflow.
                let a = ((1.0 + mu) / 2.0).ln() + ln_phi;
                let b = ((1.0 - mu) / 2.0).ln() - ln_phi;
                let ln_w2 = (a.max(b) + (-(a - b).abs()).exp().ln_1p()) / sigma;
                prop_assert!(rel(w[0], 1.0) < 1e-9 && rel(o.price_index[0], 1.0) < 1e-9, "w = {:?}", w);
                prop_assert!(rel(w[1], ln_w2.exp()) < 1e-9, "w2 = {} vs {}", w[1], ln_w2.exp());
                prop_assert!(rel(o.real_wage[1], (ln_w2 - mu * t.ln()).exp()) < 1e-9);
            }
            Err(e) => assert_typed(&e),
        }
    }

    /// Core–periphery long run on two regions: every equilibrium found has shares summing
    /// to 1 and equal real wages among its occupied regions (relative 1e-8), all finite.
    #[test]
    fn core_periphery_long_run_equalises_real_wages((sigma, mu, t) in cp_params()) {
        let g = layouts::two_region(t).unwrap();
        let m = CorePeriphery::new(CorePeripheryParams { sigma, mu }, &g, vec![0.5, 0.5]).unwrap();
        match long_run::find_equilibria(&m, &[0.5, 0.5], &tight(NEWTON), &SearchOptions::default()) {
            Ok(eqs) => {
                prop_assert!(!eqs.is_empty());
                for eq in &eqs {
                    assert_mobile_equilibrium(&eq.shares, &eq.outcomes.real_wage, eq.stats.converged)?;
                }
            }
            Err(e) => assert_typed(&e),
        }
    }

    /// Core–periphery and footloose on one region (w = 1, omega = 1 for core–periphery;
    /// the reward is the total profit mu L / (sigma - mu) for footloose) and on two identical
    /// regions with the symmetric shares (equal real wages), any sigma, mu, T.
    #[test]
    fn one_region_and_identical_regions((sigma, mu, t) in cp_params()) {
        let one = layouts::racetrack(1, 1.0).unwrap();
        let cp = CorePeriphery::new(CorePeripheryParams { sigma, mu }, &one, vec![1.0]).unwrap();
        match cp.solve_short_run(&[1.0], None, &settings()) {
            Ok((w, _)) => {
                let o = cp.outcomes(&[1.0], &w);
                prop_assert!(rel(w[0], 1.0) < 1e-9 && rel(o.real_wage[0], 1.0) < 1e-9, "{:?}", o);
            }
            Err(e) => assert_typed(&e),
        }
        let fp = FootlooseParams { sigma, mu, workers: 2.0 };
        let fe = FootlooseEntrepreneur::new(fp, &one, vec![1.0]).unwrap();
        match fe.solve_short_run(&[1.0], None, &settings()) {
            Ok((p, _)) => prop_assert!(rel(p[0], fp.total_profit()) < 1e-9, "{:?}", p),
            Err(e) => assert_typed(&e),
        }
        let two = layouts::racetrack(2, t).unwrap();
        let fe = FootlooseEntrepreneur::new(fp, &two, vec![0.5, 0.5]).unwrap();
        match fe.solve_short_run(&[0.5, 0.5], None, &settings()) {
            Ok((p, stats)) => {
                let o = fe.outcomes(&[0.5, 0.5], &p);
                prop_assert!(stats.converged && all_finite(&o.real_wage));
                prop_assert!(rel(o.real_wage[0], o.real_wage[1]) < 1e-9);
                prop_assert!(rel(p[0], fp.total_profit()) < 1e-9, "{:?}", p);
            }
            Err(e) => assert_typed(&e),
        }
    }

    /// Footloose entrepreneur, two regions with shares down to 1e-300 (and 0): rewards finite
    /// and positive, the average reward sum lambda_r pi_r equals the total profit
    /// mu L / (sigma - mu) (relative 1e-9); the long run equalises real wages.
    #[test]
    fn footloose_extremes((sigma, mu, t) in cp_params(), tiny in prop_oneof![Just(0.0), Just(1e-300), Just(1e-12)]) {
        let g = layouts::two_region(t).unwrap();
        let fp = FootlooseParams { sigma, mu, workers: 2.0 };
        let m = FootlooseEntrepreneur::new(fp, &g, vec![0.5, 0.5]).unwrap();
        let shares = [1.0 - tiny, tiny];
        match m.solve_short_run(&shares, None, &settings()) {
            Ok((p, stats)) => {
                prop_assert!(stats.converged && p.iter().all(|p| p.is_finite() && *p > 0.0), "{:?}", p);
                let o = m.outcomes(&shares, &p);
                prop_assert!(all_finite(&o.real_wage) && all_finite(&o.price_index));
                let average: f64 = shares.iter().zip(&p).map(|(l, p)| l * p).sum();
                prop_assert!(rel(average, fp.total_profit()) < 1e-9, "{average} vs {}", fp.total_profit());
            }
            Err(e) => assert_typed(&e),
        }
        match long_run::find_equilibria(&m, &[0.5, 0.5], &tight(NEWTON), &SearchOptions::default()) {
            Ok(eqs) => {
                for eq in &eqs {
                    assert_mobile_equilibrium(&eq.shares, &eq.outcomes.real_wage, eq.stats.converged)?;
                }
            }
            Err(e) => assert_typed(&e),
        }
    }

    /// Allen–Arkolakis on N = 1, 2 with sigma in [1.01, 50], spillovers with alpha + beta < 0
    /// (unique), T in [1, 1e6], fundamentals spanning 1e-3..1e3: populations sum to Lbar and
    /// welfare is equal everywhere (relative 1e-8); identical locations get equal populations.
    #[test]
    fn allen_arkolakis_extremes(
        (sigma, _, t) in cp_params(),
        alpha in 0.0..0.5f64,
        gap in 0.01..1.0f64,
        n in 1..=2usize,
        identical in any::<bool>(),
        a in -3.0..3.0f64,
    ) {
        let beta = -alpha - gap;
        let g = layouts::racetrack(n, t).unwrap();
        let params = AllenArkolakisParams { sigma, alpha, beta, population: 1.0 };
        let productivity = if identical { vec![1.0; n] } else { (0..n).map(|i| 10f64.powf(a * i as f64)).collect() };
        let fundamentals = Fundamentals { productivity, amenity: vec![1.0; n] };
        let m = match AllenArkolakis::new(params, &g, fundamentals) {
            Ok(m) => m,
            Err(e) => { assert_typed(&e); return Ok(()); }
        };
        match m.solve(None, &tight(Method::Anderson { depth: 5, damping: 1.0 })) {
            Ok(eq) => {
                prop_assert!(eq.stats.converged);
                prop_assert!(all_finite(&eq.population) && all_finite(&eq.wage) && all_finite(&eq.welfare));
                let total: f64 = eq.population.iter().sum();
                prop_assert!((total - 1.0).abs() < 1e-10, "sum L = {total}");
                for w in &eq.welfare {
                    prop_assert!(rel(*w, eq.welfare[0]) < 1e-8, "welfare {:?}", eq.welfare);
                }
                if identical {
                    prop_assert!(eq.population.iter().all(|l| rel(*l, 1.0 / n as f64) < 1e-8), "{:?}", eq.population);
                }
            }
            Err(e) => assert_typed(&e),
        }
    }

    /// Helpman on N = 1, 2 (one country), sigma in [1.01, 50], alpha in (0, 1), T in [1, 1e6],
    /// housing spanning 1e-3..1e3: labour sums to Lbar and welfare is equal (relative 1e-8);
    /// identical locations with a unique equilibrium (sigma (1 - alpha) > 1) share labour
    /// equally.
    #[test]
    fn helpman_extremes(
        (sigma, _, t) in cp_params(),
        alpha in 0.01..0.99f64,
        n in 1..=2usize,
        identical in any::<bool>(),
        h in -3.0..3.0f64,
    ) {
        let g = layouts::racetrack(n, t).unwrap();
        let mut regions = HelpmanRegions::uniform(n, 1.0);
        if !identical {
            regions.housing = (0..n).map(|i| 10f64.powf(h * i as f64)).collect();
        }
        let params = HelpmanParams { sigma, alpha, ..HelpmanParams::default() };
        let m = match Helpman::new(params, &g, regions) {
            Ok(m) => m,
            Err(e) => { assert_typed(&e); return Ok(()); }
        };
        match m.solve(None, &tight(Method::Anderson { depth: 10, damping: 1.0 })) {
            Ok(eq) => {
                prop_assert!(eq.stats.converged);
                prop_assert!(all_finite(&eq.population) && all_finite(&eq.wage) && all_finite(&eq.welfare));
                let total: f64 = eq.population.iter().sum();
                prop_assert!((total - 1.0).abs() < 1e-10, "sum L = {total}");
                for w in &eq.welfare {
                    prop_assert!(rel(*w, eq.welfare[0]) < 1e-8, "welfare {:?}", eq.welfare);
                }
                if identical && sigma * (1.0 - alpha) > 1.0 {
                    prop_assert!(eq.population.iter().all(|l| rel(*l, 1.0 / n as f64) < 1e-8), "{:?}", eq.population);
                }
            }
            Err(e) => assert_typed(&e),
        }
    }
}

/// Shares on the simplex; real wages equal (relative 1e-8) among regions with share > 1e-9.
fn assert_mobile_equilibrium(shares: &[f64], real_wage: &[f64], converged: bool) -> Result<(), TestCaseError> {
    prop_assert!(converged);
    prop_assert!(
        all_finite(shares) && all_finite(real_wage),
        "{:?} {:?}",
        shares,
        real_wage
    );
    let total: f64 = shares.iter().sum();
    prop_assert!((total - 1.0).abs() < 1e-12, "shares sum to {total}");
    let occupied: Vec<f64> = (0..shares.len())
        .filter(|&r| shares[r] > 1e-9)
        .map(|r| real_wage[r])
        .collect();
    prop_assert!(!occupied.is_empty());
    for w in &occupied {
        prop_assert!(
            rel(*w, occupied[0]) < 1e-8,
            "real wages {:?} at shares {:?}",
            real_wage,
            shares
        );
    }
    Ok(())
}

/// Disconnected geography is refused with a typed error naming the entry or key.
#[test]
fn infinite_trade_costs_are_refused_with_a_typed_error() {
    let e = layouts::two_region(f64::INFINITY).unwrap_err();
    assert!(matches!(e, Error::InvalidParameter { .. } | Error::Config(_)), "{e}");
    assert!(
        e.to_string().contains("trade") || e.to_string().contains("geography"),
        "{e}"
    );
    let e = TradeCosts::from_row_major(
        2,
        vec![1.0, f64::INFINITY, f64::INFINITY, 1.0],
        Structure::Dense,
        "test",
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("row 1, column 2") && e.contains("finite"), "{e}");
    let e = layouts::racetrack(4, f64::INFINITY).unwrap_err().to_string();
    assert!(e.contains("geography"), "{e}");
}
