//! Pflüger (2004) against its closed forms (docs/pfluger.md, docs/reference.md §3): break and
//! sustain points located by `agglo bifurcate` equal the closed forms to relative 1e-8 for
//! several (sigma, mu, L); the pitchfork is supercritical (the interior branches are stable
//! between the two points); the closed-form symmetric, core–periphery and interior outcomes
//! match the model; on racetracks the uniform state is an equilibrium whose spectrum is
//! mu omega chi_k [ (1 - (L+1) chi_k)/sigma + 1/(sigma-1) ].

mod common;

use std::path::Path;
use std::process::Command;

use agglo::geography::layouts;
use agglo::long_run::{self, SearchOptions};
use agglo::model::pfluger::{two_region as pf, Pfluger, PflugerParams};
use agglo::model::two_region::bisect;
use agglo::solve::SolverSettings;
use agglo::Error;
use common::*;

const AGGLO: &str = env!("CARGO_BIN_EXE_agglo");

/// (sigma, mu, L), all with (sigma - 1) L > sigma.
const SETS: [(f64, f64, f64); 6] = [
    (5.0, 0.4, 2.0),
    (4.0, 0.3, 1.5),
    (3.0, 0.6, 3.0),
    (8.0, 0.2, 1.5),
    (2.5, 0.5, 4.0),
    (6.0, 0.9, 5.0),
];

fn params(sigma: f64, mu: f64, workers: f64) -> PflugerParams {
    PflugerParams { sigma, mu, workers }
}

fn two_region(p: PflugerParams, trade_cost: f64) -> Pfluger {
    let g = layouts::two_region(trade_cost).unwrap();
    Pfluger::new(p, &g, vec![0.5, 0.5]).unwrap()
}

/// v_1 - v_2 from the model (ln omega_1 - ln omega_2) at region 1's share `lambda`.
fn model_gap(p: PflugerParams, trade_cost: f64, lambda: f64) -> f64 {
    let m = two_region(p, trade_cost);
    let shares = [lambda, 1.0 - lambda];
    let (pi, _) = m.solve_short_run(&shares).unwrap();
    let o = m.outcomes(&shares, &pi).real_wage;
    o[0].ln() - o[1].ln()
}

#[test]
fn reference_values_of_docs_reference_section_3() {
    let p = PflugerParams::default();
    assert_eq!((p.sigma, p.mu, p.workers), (5.0, 0.4, 2.0));
    assert!(rel(pf::break_point_freeness(&p), 1.0 / 7.0) < 1e-15);
    assert!(rel(pf::break_point_trade_cost(&p).unwrap(), 7f64.powf(0.25)) < 1e-14);
    let phi_s = pf::sustain_point_freeness(&p).unwrap();
    assert!((phi_s - 0.227487).abs() < 1e-6, "{phi_s}");
    let lambda = pf::interior_share(&p, 0.185172).unwrap();
    assert!((lambda - 0.837012).abs() < 1e-6, "{lambda}");
    // The long run of the model finds the same interior pair, both stable, and unstable dispersion.
    let t = pf::trade_cost_from_freeness(&p, 0.185172);
    let m = two_region(p, t);
    let eq = long_run::find_equilibria(&m, &[0.5, 0.5], &tight(NEWTON), &SearchOptions::default()).unwrap();
    assert_eq!(eq.len(), 3, "{eq:?}");
    assert!((eq[0].shares[1] - lambda).abs() < 1e-9 && eq[0].stability.stable);
    assert!((eq[1].shares[0] - 0.5).abs() < 1e-15 && !eq[1].stability.stable);
    assert!((eq[2].shares[0] - lambda).abs() < 1e-9 && eq[2].stability.stable);
}

#[test]
fn closed_forms_hold_in_the_model_and_do_not_depend_on_mu() {
    for (sigma, mu, l) in SETS {
        let p = params(sigma, mu, l);
        let ctx = format!("sigma {sigma} mu {mu} L {l}");
        let phi_b = pf::break_point_freeness(&p);
        let phi_s = pf::sustain_point_freeness(&p).unwrap();
        // Supercritical: the pattern is sustainable only once dispersion has broken.
        assert!(0.0 < phi_b && phi_b < phi_s && phi_s < 1.0, "{ctx}: {phi_b} {phi_s}");
        assert!(pf::pitchfork_cubic(&p) < 0.0);
        assert!(pf::sustain_condition(&p, phi_s).abs() < 1e-13, "{ctx}");
        // The model's real-return gap is mu times the closed-form gap.
        for phi in [0.05, phi_b, 0.5 * (phi_b + phi_s), 0.9] {
            let t = pf::trade_cost_from_freeness(&p, phi);
            for lambda in [0.1, 0.5, 0.7, 0.99] {
                let g = model_gap(p, t, lambda);
                assert!((g - mu * pf::real_reward_gap(&p, phi, lambda)).abs() < 1e-13, "{ctx}");
            }
        }
        // Numerically: the symmetric slope changes sign at T_B, the periphery gap at T_S.
        let h = 1e-6;
        let slope = |t: f64| (model_gap(p, t, 0.5 + h) - model_gap(p, t, 0.5 - h)) / (2.0 * h);
        let t_b = bisect(slope, 1.0 + 1e-9, 50.0);
        assert!(rel(t_b, pf::break_point_trade_cost(&p).unwrap()) < 1e-8, "{ctx}: {t_b}");
        let t_s = bisect(|t| -model_gap(p, t, 1.0), 1.0 + 1e-9, 50.0);
        assert!(
            rel(t_s, pf::sustain_point_trade_cost(&p).unwrap()) < 1e-10,
            "{ctx}: {t_s}"
        );
        // The closed-form slope and cubic at the break point against differences of the model.
        let t = pf::trade_cost_from_freeness(&p, 0.5 * phi_b);
        let fd = (model_gap(p, t, 0.5 + 1e-5) - model_gap(p, t, 0.5 - 1e-5)) / 2e-5;
        assert!(
            (fd - mu * pf::symmetric_slope(&p, 0.5 * phi_b)).abs() < 1e-7 * (1.0 + fd.abs()),
            "{ctx}"
        );
        let t_b = pf::break_point_trade_cost(&p).unwrap();
        let d = 2e-3;
        let g = |k: f64| model_gap(p, t_b, 0.5 + k * d);
        let cubic = (g(2.0) - 2.0 * g(1.0) + 2.0 * g(-1.0) - g(-2.0)) / (2.0 * d * d * d);
        assert!(rel(cubic, mu * pf::pitchfork_cubic(&p)) < 1e-3, "{ctx}: {cubic}");
        // mu moves neither point.
        let other = params(sigma, 0.5 * mu, l);
        assert_eq!(pf::break_point_freeness(&other), phi_b);
        assert_eq!(pf::sustain_point_freeness(&other).unwrap(), phi_s);
    }
}

#[test]
fn interior_branch_is_explicit_in_the_workers_and_stable() {
    for (sigma, mu, l) in SETS {
        let p = params(sigma, mu, l);
        let (phi_b, phi_s) = (pf::break_point_freeness(&p), pf::sustain_point_freeness(&p).unwrap());
        for k in 1..6 {
            let phi = phi_b + (phi_s - phi_b) * k as f64 / 6.0;
            let lambda = pf::interior_share(&p, phi).unwrap();
            assert!(lambda > 0.5 && lambda < 1.0);
            assert!(rel(pf::interior_branch_workers(sigma, phi, lambda), l) < 1e-8);
            let t = pf::trade_cost_from_freeness(&p, phi);
            let m = two_region(p, t);
            let eq = long_run::find_equilibria(&m, &[0.5, 0.5], &tight(NEWTON), &SearchOptions::default()).unwrap();
            let interior: Vec<_> = eq.iter().filter(|e| (e.shares[0] - 0.5).abs() > 1e-6).collect();
            assert_eq!(interior.len(), 2, "sigma {sigma} L {l} phi {phi}: {eq:?}");
            for e in interior {
                assert!(e.stability.stable && e.shares[0] > 0.0 && e.shares[1] > 0.0);
                let share = e.shares[0].max(e.shares[1]);
                assert!((share - lambda).abs() < 1e-9, "{share} vs {lambda}");
            }
        }
    }
}

#[test]
fn symmetric_and_core_periphery_closed_forms_match_the_model() {
    for (sigma, mu, l) in SETS {
        let p = params(sigma, mu, l);
        for t in [1.05, 1.5, 3.0] {
            let m = two_region(p, t);
            let (pi, stats) = m.solve_short_run(&[0.5, 0.5]).unwrap();
            assert!(stats.converged && stats.residual == 0.0);
            let o = m.outcomes(&[0.5, 0.5], &pi);
            let s = pf::symmetric(&p, t);
            for r in 0..2 {
                assert!(rel(o.wage[r], s.reward) < 1e-14);
                assert!(rel(o.price_index[r], s.price_index) < 1e-14);
                assert!(rel(o.real_wage[r], s.real_wage) < 1e-14);
                assert!(rel(o.income[r], s.income) < 1e-14);
            }
            let (pi, _) = m.solve_short_run(&[1.0, 0.0]).unwrap();
            let o = m.outcomes(&[1.0, 0.0], &pi);
            let c = pf::core_periphery(&p, t);
            assert!(rel(o.wage[0], c.core_reward) < 1e-14 && rel(o.wage[1], c.periphery_reward) < 1e-13);
            assert!(rel(o.real_wage[0], c.core_real_wage) < 1e-14);
            assert!(rel(o.real_wage[1], c.periphery_real_wage) < 1e-13);
            assert!(rel(o.price_index[1], c.periphery_price_index) < 1e-13);
            assert!(rel(o.income[0], c.core_income) < 1e-14 && rel(o.income[1], c.periphery_income) < 1e-14);
            let phi = pf::freeness_from_trade_cost(&p, t);
            let gap = o.real_wage[1].ln() - o.real_wage[0].ln();
            assert!((gap - mu * pf::sustain_condition(&p, phi)).abs() < 1e-13);
        }
    }
}

/// chi_k = f_k / f_0, the eigenvalues of the circulant freeness divided by its row sum.
fn chi(m: &Pfluger, k: usize) -> f64 {
    let n = m.regions();
    let f = |k: usize| -> f64 {
        (0..n)
            .map(|j| m.freeness().get(0, j) * (2.0 * std::f64::consts::PI * (k * j) as f64 / n as f64).cos())
            .sum()
    };
    f(k) / f(0)
}

#[test]
fn racetrack_uniform_state_and_its_spectrum() {
    for (sigma, mu, l) in SETS {
        let p = params(sigma, mu, l);
        for (k_regions, t) in [(6, 1.3), (8, 1.8), (12, 1.15)] {
            let g = layouts::racetrack(k_regions, t).unwrap();
            let n = k_regions as f64;
            let m = Pfluger::new(p, &g, vec![1.0 / n; k_regions]).unwrap();
            let shares = vec![1.0 / n; k_regions];
            let (pi, _) = m.solve_short_run(&shares).unwrap();
            let o = m.outcomes(&shares, &pi);
            for (p, omega) in pi.iter().zip(&o.real_wage) {
                assert!(rel(*p, mu * (l + 1.0) / sigma) < 1e-13);
                assert!(rel(*omega, o.real_wage[0]) < 1e-14);
            }
            // Spectrum of the migration Jacobian at the uniform state, in closed form.
            let d = m.real_wage_response(&shares, &pi).unwrap();
            let support: Vec<usize> = (0..k_regions).collect();
            let st = agglo::stability::classify(&shares, &o.real_wage, &d, &support);
            let omega = o.real_wage[0];
            let chi_b = (2.0 * sigma - 1.0) / ((sigma - 1.0) * (l + 1.0));
            let mut expected: Vec<f64> = (1..k_regions)
                .map(|k| {
                    let c = chi(&m, k);
                    mu * omega * c * ((1.0 - (l + 1.0) * c) / sigma + 1.0 / (sigma - 1.0))
                })
                .collect();
            expected.sort_by(|a, b| b.total_cmp(a));
            assert_eq!(st.eigenvalues.len(), k_regions - 1);
            for (e, x) in st.eigenvalues.iter().zip(&expected) {
                assert!(
                    (e.0 - x).abs() < 1e-10 * (1.0 + x.abs()) && e.1.abs() < 1e-10,
                    "{e:?} vs {x}"
                );
            }
            let unstable = (1..k_regions).filter(|&k| chi(&m, k) < chi_b).count();
            assert_eq!(st.n_unstable, unstable, "sigma {sigma} L {l} K {k_regions} T {t}");
        }
    }
}

#[test]
fn racetrack_long_run_from_the_uniform_start() {
    // High per-step cost: every chi_k is above chi_B, so the search stays at dispersion.
    let p = PflugerParams::default();
    let g = layouts::racetrack(6, 3.0).unwrap();
    let m = Pfluger::new(p, &g, vec![1.0 / 6.0; 6]).unwrap();
    let settings = SolverSettings::default();
    let eq = long_run::find_equilibria(&m, &[1.0 / 6.0; 6], &settings, &SearchOptions::default()).unwrap();
    assert!(
        eq.iter()
            .any(|e| e.stability.stable && e.shares.iter().all(|s| (s - 1.0 / 6.0).abs() < 1e-6)),
        "{eq:?}"
    );
    // Free trade along the track: dispersion breaks; the search leaves it for a stable state.
    let g = layouts::racetrack(6, 1.02).unwrap();
    let m = Pfluger::new(p, &g, vec![1.0 / 6.0; 6]).unwrap();
    let eq = long_run::find_equilibria(&m, &[1.0 / 6.0; 6], &settings, &SearchOptions::default()).unwrap();
    assert!(eq.iter().any(|e| e.stability.stable && e.stats.converged), "{eq:?}");
    assert!(eq
        .iter()
        .all(|e| !(e.stability.stable && e.shares.iter().all(|s| (s - 1.0 / 6.0).abs() < 1e-6))));
}

#[test]
fn parameters_are_validated_with_their_keys() {
    let g = layouts::two_region(1.5).unwrap();
    for (p, key) in [
        (params(1.0, 0.4, 2.0), "model.sigma"),
        (params(5.0, 1.0, 2.0), "model.mu"),
        (params(5.0, 0.4, 0.0), "model.workers"),
    ] {
        match Pfluger::new(p, &g, vec![0.5, 0.5]) {
            Err(Error::InvalidParameter { key: k, .. }) => assert_eq!(k, key),
            other => panic!("{key}: {other:?}"),
        }
    }
    // (sigma - 1) L <= sigma: no break point, a warning, but a sustain point still.
    let p = params(5.0, 0.4, 1.0);
    assert!(!p.no_black_hole() && pf::break_point_trade_cost(&p).is_none());
    assert!(pf::sustain_point_freeness(&p).is_some());
    assert_eq!(Pfluger::new(p, &g, vec![0.5, 0.5]).unwrap().warnings().len(), 1);
}

// ---- agglo bifurcate end to end ----

fn special_points(path: &Path) -> Vec<(String, f64)> {
    let f = hdf5::File::open(path).unwrap();
    let g = f.group("special_points").unwrap();
    let kinds: Vec<hdf5::types::VarLenUnicode> = g.dataset("kind").unwrap().read_raw().unwrap();
    let p: Vec<f64> = g.dataset("parameter").unwrap().read_raw().unwrap();
    kinds.iter().map(|k| k.as_str().to_string()).zip(p).collect()
}

/// (parameter, share of region 1, stable) of every branch point on support "1,2".
fn interior_points(path: &Path) -> Vec<(f64, f64, bool)> {
    let f = hdf5::File::open(path).unwrap();
    let branches = f.group("branches").unwrap();
    let mut out = Vec::new();
    for name in branches.member_names().unwrap() {
        let b = branches.group(&name).unwrap();
        let support: hdf5::types::VarLenUnicode = b.attr("support").unwrap().read_scalar().unwrap();
        if support.as_str() != "1,2" {
            continue;
        }
        let p: Vec<f64> = b.dataset("parameter").unwrap().read_raw().unwrap();
        let state: Vec<f64> = b.dataset("state").unwrap().read_raw().unwrap();
        let stable: Vec<u8> = b.dataset("stable").unwrap().read_raw().unwrap();
        for i in 0..p.len() {
            out.push((p[i], state[2 * i], stable[i] == 1));
        }
    }
    out
}

#[test]
fn bifurcate_locates_the_closed_form_points_and_a_stable_interior_branch() {
    let dir = tempfile::tempdir().unwrap();
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/pfluger.toml");
    for (sigma, mu, l) in SETS {
        let p = params(sigma, mu, l);
        let t_b = pf::break_point_trade_cost(&p).unwrap();
        let t_s = pf::sustain_point_trade_cost(&p).unwrap();
        let out = dir.path().join(format!("pf-{sigma}-{mu}-{l}.h5"));
        let sets = [
            format!("model.sigma={sigma}"),
            format!("model.mu={mu}"),
            format!("model.workers={l}"),
            format!("bifurcate.from={}", 1.0 + 1.5 * (t_b - 1.0)),
            format!("bifurcate.to={}", 1.0 + 0.5 * (t_s - 1.0)),
        ];
        let mut cmd = Command::new(AGGLO);
        cmd.arg("bifurcate").arg(&config);
        for s in &sets {
            cmd.args(["--set", s]);
        }
        let o = cmd.arg("-o").arg(&out).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let ctx = format!("sigma {sigma} mu {mu} L {l}");
        let points = special_points(&out);
        let breaks: Vec<f64> = points.iter().filter(|p| p.0 == "break").map(|p| p.1).collect();
        let sustains: Vec<f64> = points.iter().filter(|p| p.0 == "sustain").map(|p| p.1).collect();
        assert_eq!(breaks.len(), 1, "{ctx}: {points:?}");
        assert!(rel(breaks[0], t_b) < 1e-8, "{ctx}: break {} vs {t_b}", breaks[0]);
        assert_eq!(sustains.len(), 2, "{ctx}: {points:?}");
        assert!(
            sustains.iter().all(|s| rel(*s, t_s) < 1e-8),
            "{ctx}: {sustains:?} vs {t_s}"
        );
        assert!(
            points.iter().all(|p| p.0 == "break" || p.0 == "sustain"),
            "{ctx}: {points:?}"
        );
        // Supercritical: every asymmetric point with both regions occupied lies between T_S
        // and T_B and is stable; dispersion is stable exactly above T_B.
        let interior = interior_points(&out);
        let asymmetric: Vec<_> = interior.iter().filter(|q| (q.1 - 0.5).abs() > 1e-9).collect();
        assert!(asymmetric.len() >= 20, "{ctx}: {}", asymmetric.len());
        for (t, lambda, stable) in asymmetric {
            assert!(*stable, "{ctx}: unstable interior point at T = {t}, lambda = {lambda}");
            assert!(*t >= t_s * (1.0 - 1e-9) && *t <= t_b * (1.0 + 1e-9), "{ctx}: T = {t}");
        }
        for (t, _, stable) in interior.iter().filter(|q| (q.1 - 0.5).abs() <= 1e-9) {
            if (t - t_b).abs() > 1e-6 {
                assert_eq!(*stable, *t > t_b, "{ctx}: dispersion at T = {t}");
            }
        }
    }
}
