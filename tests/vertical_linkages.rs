//! The vertical-linkages model (Krugman–Venables 1995; FKV ch. 14) against the closed forms
//! of docs/vertical-linkages.md: break and sustain points located by `agglo bifurcate` equal
//! the core–periphery formulas with alpha for mu (Robert-Nicoud 2005) to relative 1e-8 for
//! six (sigma, mu, alpha) with mu <= 1/2; alpha = 0 has no break point and says so; the
//! symmetric and agglomerated equilibria in closed form, profit 0 to 1e-12; the entry
//! Jacobian's eigenvalues at dispersion; full employment in manufacturing raises the core's
//! wage; several regions.

mod common;

use std::path::Path;
use std::process::Command;

use agglo::geography::layouts;
use agglo::long_run::{self, SearchOptions};
use agglo::model::vertical_linkages::{two_region as vl, VerticalLinkages, VerticalLinkagesParams};
use agglo::model::MobileFactorModel;
use agglo::solve::SolverSettings;
use agglo::Error;
use common::*;

const AGGLO: &str = env!("CARGO_BIN_EXE_agglo");

/// (sigma, mu, alpha): mu <= 1/2, 0 < alpha < (sigma-1)/sigma.
const SETS: [(f64, f64, f64); 6] = [
    (5.0, 0.4, 0.4),
    (4.0, 0.3, 0.3),
    (6.0, 0.5, 0.5),
    (3.0, 0.2, 0.25),
    (8.0, 0.45, 0.6),
    (2.5, 0.35, 0.2),
];

fn params(sigma: f64, mu: f64, alpha: f64) -> VerticalLinkagesParams {
    VerticalLinkagesParams {
        sigma,
        mu,
        alpha,
        labour: 2.0,
    }
}

fn two_region(p: VerticalLinkagesParams, trade_cost: f64) -> VerticalLinkages {
    let g = layouts::two_region(trade_cost).unwrap();
    VerticalLinkages::new(p, &g, vec![0.5, 0.5]).unwrap()
}

/// The core–periphery closed forms (FKV eqs 5.20, 5.28) with alpha in mu's place, computed
/// here independently of the library: (T_B, T_S).
fn closed_forms(sigma: f64, alpha: f64) -> (f64, f64) {
    let rho = (sigma - 1.0) / sigma;
    let phi_b = (rho - alpha) * (1.0 - alpha) / ((rho + alpha) * (1.0 + alpha));
    let f = |phi: f64| phi.powf(alpha / rho) * ((1.0 + alpha) * phi / 2.0 + (1.0 - alpha) / (2.0 * phi)) - 1.0;
    let grid: Vec<f64> = (1..100_000).map(|i| i as f64 / 100_000.0).collect();
    let i = grid.windows(2).position(|w| f(w[0]) > 0.0 && f(w[1]) <= 0.0).unwrap();
    let (mut lo, mut hi) = (grid[i], grid[i + 1]);
    for _ in 0..100 {
        let m = 0.5 * (lo + hi);
        if f(m) > 0.0 {
            lo = m
        } else {
            hi = m
        }
    }
    let to_t = |phi: f64| phi.powf(1.0 / (1.0 - sigma));
    (to_t(phi_b), to_t(0.5 * (lo + hi)))
}

fn special_points(path: &Path) -> Vec<(String, f64)> {
    let f = hdf5::File::open(path).unwrap();
    let g = f.group("special_points").unwrap();
    let kinds: Vec<hdf5::types::VarLenUnicode> = g.dataset("kind").unwrap().read_raw().unwrap();
    let p: Vec<f64> = g.dataset("parameter").unwrap().read_raw().unwrap();
    kinds.iter().map(|k| k.as_str().to_string()).zip(p).collect()
}

fn bifurcate(sets: &[String], out: &Path) -> (String, String) {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/vertical-linkages.toml");
    let mut cmd = Command::new(AGGLO);
    cmd.arg("bifurcate").arg(&config);
    for s in sets {
        cmd.args(["--set", s]);
    }
    let o = cmd.arg("-o").arg(out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn bifurcate_locates_the_core_periphery_points_with_alpha_for_mu() {
    let dir = tempfile::tempdir().unwrap();
    for (sigma, mu, alpha) in SETS {
        let (t_b, t_s) = closed_forms(sigma, alpha);
        let p = params(sigma, mu, alpha);
        assert!(rel(vl::break_point_trade_cost(&p).unwrap(), t_b) < 1e-12);
        assert!(rel(vl::sustain_point_trade_cost(&p).unwrap(), t_s) < 1e-9);
        let out = dir.path().join(format!("vl-{sigma}-{mu}-{alpha}.h5"));
        let sets = [
            format!("model.sigma={sigma}"),
            format!("model.mu={mu}"),
            format!("model.alpha={alpha}"),
            format!("bifurcate.from={}", 1.0 + 1.5 * (t_s - 1.0)),
            format!("bifurcate.to={}", 1.0 + 0.5 * (t_b - 1.0)),
        ];
        let (stdout, stderr) = bifurcate(&sets, &out);
        assert!(!stderr.contains("warning"), "{stderr}");
        let ctx = format!("sigma {sigma} mu {mu} alpha {alpha}");
        let points = special_points(&out);
        let breaks: Vec<f64> = points.iter().filter(|p| p.0 == "break").map(|p| p.1).collect();
        let sustains: Vec<f64> = points.iter().filter(|p| p.0 == "sustain").map(|p| p.1).collect();
        assert_eq!(breaks.len(), 1, "{ctx}: {points:?}\n{stdout}");
        assert!(rel(breaks[0], t_b) < 1e-8, "{ctx}: break {} vs {t_b}", breaks[0]);
        assert_eq!(sustains.len(), 2, "{ctx}: {points:?}");
        assert!(
            sustains.iter().all(|s| rel(*s, t_s) < 1e-8),
            "{ctx}: {sustains:?} vs {t_s}"
        );
        // Subcritical, as in the core–periphery model: T_B < T_S.
        assert!(t_b < t_s);
    }
}

#[test]
fn without_intermediates_there_is_no_break_point_and_it_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("alpha0.h5");
    let (stdout, stderr) = bifurcate(&["model.alpha=0".to_string()], &out);
    assert!(special_points(&out).is_empty(), "{stdout}");
    assert!(stderr.contains("warning:") && stderr.contains("alpha = 0"), "{stderr}");
    assert!(stdout.contains("no break or sustain point"), "{stdout}");
    let p = params(5.0, 0.4, 0.0);
    assert!(vl::break_point_trade_cost(&p).is_none() && vl::sustain_point_trade_cost(&p).is_none());
    // Dispersion is the one equilibrium and it is stable, at any trade cost.
    for t in [1.05, 1.5, 3.0] {
        let eq = long_run::find_equilibria(
            &two_region(p, t),
            &[0.5, 0.5],
            &tight(NEWTON),
            &SearchOptions::default(),
        )
        .unwrap();
        assert_eq!(eq.len(), 1, "T = {t}: {eq:?}");
        assert!(eq[0].stability.stable && (eq[0].shares[0] - 0.5).abs() < 1e-12);
    }
}

#[test]
fn symmetric_and_agglomerated_equilibria_in_closed_form() {
    for (sigma, mu, alpha) in SETS {
        let p = params(sigma, mu, alpha);
        for t in [1.2, 1.7, 2.5] {
            let m = two_region(p, t);
            let (w, stats) = m.solve_short_run(&[0.5, 0.5], None).unwrap();
            assert!(stats.converged && w == vec![1.0, 1.0]);
            let market = m.market(&[0.5, 0.5], &w).unwrap();
            let s = vl::symmetric(&p, t);
            for r in 0..2 {
                assert!(
                    rel(market.firms[r], s.firms) < 1e-12,
                    "{} vs {}",
                    market.firms[r],
                    s.firms
                );
                assert!(rel(market.price_index[r], s.price_index) < 1e-12);
                assert!(rel(market.expenditure[r], s.expenditure) < 1e-12);
                assert!(market.profit[r].abs() < 1e-12, "{}", market.profit[r]);
            }
            let (w, _) = m.solve_short_run(&[1.0, 0.0], None).unwrap();
            let market = m.market(&[1.0, 0.0], &w).unwrap();
            let a = vl::agglomerated(&p, t);
            assert!(rel(market.firms[0], a.firms) < 1e-12 && market.firms[1] == 0.0);
            assert!(rel(market.price_index[0], a.core_price_index) < 1e-12);
            assert!(rel(market.price_index[1], a.periphery_price_index) < 1e-12);
            assert!(market.profit[0].abs() < 1e-12);
            assert!((market.profit[1] - a.periphery_profit).abs() < 1e-12);
            // The core employs mu L (1 - alpha)/(1 - alpha) = mu L <= L/2 workers: food too.
            assert!(market.labour_demand[0] <= 1.0 + 1e-12 && w[0] == 1.0);
        }
    }
}

#[test]
fn entry_jacobian_at_dispersion_in_closed_form() {
    for (sigma, mu, alpha) in SETS {
        let p = params(sigma, mu, alpha);
        let phi_b = vl::break_point_freeness(&p);
        for phi in [0.5 * phi_b, phi_b, 0.5 * (1.0 + phi_b)] {
            let t = vl::trade_cost_from_freeness(&p, phi);
            let m = two_region(p, t);
            let (w, _) = m.solve_short_run(&[0.5, 0.5], None).unwrap();
            let firms = m.firms(&[0.5, 0.5], &w).unwrap();
            let jac = m.entry_jacobian(&firms, &[0, 1]).unwrap();
            let mut ev: Vec<f64> = jac.complex_eigenvalues().iter().map(|c| c.re).collect();
            ev.sort_by(f64::total_cmp);
            let mut expected = [vl::aggregate_eigenvalue(&p), vl::relocation_eigenvalue(&p, phi)];
            expected.sort_by(f64::total_cmp);
            for (a, b) in ev.iter().zip(&expected) {
                assert!(
                    (a - b).abs() < 1e-9,
                    "sigma {sigma} alpha {alpha} phi {phi}: {ev:?} vs {expected:?}"
                );
            }
            // The verdict the long run reports: 2 eigenvalues on the support (not 1).
            let st = m.own_stability(&[0.5, 0.5], &w, &[0, 1]).unwrap().unwrap();
            assert_eq!(st.eigenvalues.len(), 2);
            if phi != phi_b {
                assert_eq!(st.stable, phi < phi_b, "sigma {sigma} alpha {alpha} phi {phi}");
                assert_eq!(st.n_unstable, usize::from(phi > phi_b));
            }
        }
        assert!(vl::relocation_eigenvalue(&p, phi_b).abs() < 1e-14);
    }
}

#[test]
fn inside_the_tomahawk_five_equilibria_with_entry_stability() {
    for (sigma, mu, alpha) in SETS {
        let p = params(sigma, mu, alpha);
        let (t_b, t_s) = closed_forms(sigma, alpha);
        let m = two_region(p, 0.5 * (t_b + t_s));
        let eq = long_run::find_equilibria(&m, &[0.5, 0.5], &tight(NEWTON), &SearchOptions::default()).unwrap();
        assert_eq!(eq.len(), 5, "sigma {sigma} alpha {alpha}: {eq:?}");
        let stable: Vec<bool> = eq.iter().map(|e| e.stability.stable).collect();
        assert_eq!(stable, vec![true, false, true, false, true]);
        for e in &eq {
            assert!(e.stats.converged, "{e:?}");
            // Where firms are, 1 + pi = 1.
            for r in 0..2 {
                if e.shares[r] > 0.0 {
                    assert!((e.outcomes.real_wage[r] - 1.0).abs() < 1e-12);
                }
            }
            // Interior splits are saddles of the entry dynamics: one unstable eigenvalue of two.
            if e.shares.iter().all(|s| *s > 0.0) && (e.shares[0] - 0.5).abs() > 1e-6 {
                assert_eq!(e.stability.n_unstable, 1);
                assert_eq!(e.stability.eigenvalues.len(), 2);
            }
        }
    }
}

#[test]
fn the_twin_of_the_core_periphery_reference_tomahawk() {
    // sigma = 5, alpha = 0.4 (any mu <= 1/2) against docs/reference.md §1 (sigma = 5,
    // mu = 0.4): at T = 1.7 the unstable interior split is lambda* = 0.8348868355 there too.
    for mu in [0.2, 0.4, 0.5] {
        let m = two_region(params(5.0, mu, 0.4), 1.7);
        let eq = long_run::find_equilibria(&m, &[0.5, 0.5], &tight(NEWTON), &SearchOptions::default()).unwrap();
        assert_eq!(eq.len(), 5);
        assert!(
            (eq[3].shares[0] - 0.8348868355).abs() < 1e-9,
            "mu {mu}: {:?}",
            eq[3].shares
        );
    }
}

#[test]
fn full_employment_in_manufacturing_raises_the_core_wage() {
    // mu = 0.6 > 1/2: with every firm in region 1 its labour is all in manufacturing and
    // (1 - alpha) n p = w_1 L_1 = mu (w_1 L_1 + L_2) gives w_1 = mu L_2 / ((1 - mu) L_1) = 1.5.
    let p = params(5.0, 0.6, 0.4);
    assert!(!vl::applies(&p));
    let m = two_region(p, 1.3);
    let (w, stats) = m.solve_short_run(&[1.0, 0.0], None).unwrap();
    assert!(stats.converged, "{stats:?}");
    assert!((w[0] - 1.5).abs() < 1e-12 && w[1] == 1.0, "{w:?}");
    let market = m.market(&[1.0, 0.0], &w).unwrap();
    assert!((market.labour_demand[0] - 1.0).abs() < 1e-12);
    assert!(market.profit[0].abs() < 1e-12);
    assert!(m.short_run_residual(&[1.0, 0.0], &w) < 1e-12);
    // The long run: dispersion unstable at T = 1.3, a stable partial agglomeration whose core
    // wage exceeds 1 (the high-wage core leaves room for firms in the periphery).
    let eq = long_run::find_equilibria(&m, &[0.5, 0.5], &tight(NEWTON), &SearchOptions::default()).unwrap();
    let stable: Vec<_> = eq.iter().filter(|e| e.stability.stable).collect();
    assert_eq!(stable.len(), 2, "{eq:?}");
    for e in stable {
        let core = if e.shares[0] > e.shares[1] { 0 } else { 1 };
        assert!(
            e.shares[1 - core] > 0.0 && e.outcomes.wage[core] > 1.0 && e.outcomes.wage[1 - core] == 1.0,
            "{e:?}"
        );
    }
}

#[test]
fn several_regions_reach_a_stable_equilibrium() {
    let p = params(5.0, 0.4, 0.4);
    for t in [1.3, 3.0] {
        let g = layouts::racetrack(6, t).unwrap();
        let m = VerticalLinkages::new(p, &g, vec![1.0 / 6.0; 6]).unwrap();
        let settings = SolverSettings::default();
        let options = SearchOptions {
            starts: 2,
            ..SearchOptions::default()
        };
        let eq = long_run::find_equilibria(&m, &[1.0 / 6.0; 6], &settings, &options).unwrap();
        assert!(eq.iter().all(|e| e.stats.converged), "T = {t}: {eq:?}");
        assert!(eq.iter().any(|e| e.stability.stable), "T = {t}: {eq:?}");
        // The uniform state is always an equilibrium: stable at high costs, unstable at low.
        let uniform = eq
            .iter()
            .find(|e| e.shares.iter().all(|s| (s - 1.0 / 6.0).abs() < 1e-9))
            .unwrap();
        assert_eq!(uniform.stability.stable, t > 2.0);
        assert_eq!(uniform.stability.eigenvalues.len(), 6);
        for e in &eq {
            for r in 0..6 {
                if e.shares[r] > 0.0 {
                    assert!((e.outcomes.real_wage[r] - 1.0).abs() < 1e-9, "{e:?}");
                }
            }
        }
    }
}

#[test]
fn parameters_are_validated_with_their_keys() {
    let g = layouts::two_region(1.5).unwrap();
    for (p, key) in [
        (params(1.0, 0.4, 0.4), "model.sigma"),
        (params(5.0, 0.0, 0.4), "model.mu"),
        (params(5.0, 0.4, 0.8), "model.alpha"),
        (params(5.0, 0.4, -0.1), "model.alpha"),
        (
            VerticalLinkagesParams {
                labour: 0.0,
                ..params(5.0, 0.4, 0.4)
            },
            "model.labour",
        ),
    ] {
        match VerticalLinkages::new(p, &g, vec![0.5, 0.5]) {
            Err(Error::InvalidParameter { key: k, .. }) => assert_eq!(k, key),
            other => panic!("{key}: {other:?}"),
        }
    }
    match VerticalLinkages::new(params(5.0, 0.4, 0.4), &g, vec![1.0, 0.0]) {
        Err(Error::InvalidParameter { key, .. }) => assert_eq!(key, "model.labour-distribution[2]"),
        other => panic!("{other:?}"),
    }
}

/// chi_k of a K-region racetrack at per-step freeness r (docs/reference.md §2).
fn racetrack_chi(k_regions: usize, k: usize, r: f64) -> f64 {
    let kk = k_regions as f64;
    let f = |k: usize| {
        let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
        (1.0 - r * r) * (1.0 - sign * r.powf(kk / 2.0))
            / (1.0 - 2.0 * r * (2.0 * std::f64::consts::PI * k as f64 / kk).cos() + r * r)
    };
    f(k) / f(0)
}

#[test]
fn racetrack_breaks_where_chi_k_reaches_the_two_region_threshold() {
    // On a racetrack the relocation eigenvalue of Fourier mode k is the two-region one with
    // chi_k in the place of Z = (1 - phi)/(1 + phi): mode k breaks at
    // chi_k = Z_B = alpha (1 + rho)/(rho + alpha^2), as in the core–periphery model with mu.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("race6.h5");
    let sets: Vec<String> = [
        "geography.kind=racetrack",
        "geography.regions=6",
        "bifurcate.from=2.0",
        "bifurcate.to=1.75",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    bifurcate(&sets, &out);
    let (sigma, alpha): (f64, f64) = (5.0, 0.4);
    let rho = (sigma - 1.0) / sigma;
    let z_b = alpha * (1.0 + rho) / (rho + alpha * alpha);
    let f = hdf5::File::open(&out).unwrap();
    let g = f.group("special_points").unwrap();
    let modes: Vec<u64> = g.dataset("mode").unwrap().read_raw().unwrap();
    let points = special_points(&out);
    for k in [3usize, 2] {
        let r = agglo::model::two_region::bisect(|r| racetrack_chi(6, k, r) - z_b, 1e-9, 0.999);
        let t = r.powf(-1.0 / (sigma - 1.0));
        let found: Vec<f64> = points
            .iter()
            .zip(&modes)
            .filter(|(p, m)| p.0 == "break" && **m == k as u64)
            .map(|(p, _)| p.1)
            .collect();
        assert_eq!(found.len(), 1, "mode {k}: {points:?} {modes:?}");
        assert!(rel(found[0], t) < 1e-8, "mode {k}: {} vs {t}", found[0]);
    }
}
