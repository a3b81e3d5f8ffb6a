//! The Marshallian productivity spillover of the core–periphery model (`model.spillover`,
//! A_r = exp(s lambda_r)): its d omega / d lambda (used by stability and continuation) and the
//! wage map's Jacobian (used by Newton) against central finite differences, on several
//! parameter sets; the two-region sustain point located by `agglo bifurcate` against its
//! closed form phi^(mu/rho) [(1+mu) phi/2 + (1-mu)/(2 phi)] = exp(s (sigma-1)); and s = 0
//! giving bitwise the model without the key.

mod common;

use std::process::Command;

use agglo::geography::layouts;
use agglo::model::{CorePeriphery, CorePeripheryParams};
use agglo::solve::FixedPointMap;
use common::{tight, NEWTON};

fn model(sigma: f64, mu: f64, s: f64) -> CorePeriphery {
    let g = layouts::line(3, 1.4).unwrap();
    CorePeriphery::new(CorePeripheryParams { sigma, mu }, &g, vec![0.2, 0.3, 0.5])
        .unwrap()
        .with_spillover(s)
        .unwrap()
}

fn omega(m: &CorePeriphery, shares: &[f64]) -> Vec<f64> {
    let (w, _) = m.solve_short_run(shares, None, &tight(NEWTON)).unwrap();
    m.outcomes(shares, &w).real_wage
}

#[test]
fn real_wage_response_matches_finite_differences() {
    for (sigma, mu, s) in [(5.0, 0.4, 0.3), (3.0, 0.3, 0.8), (6.0, 0.5, 0.05)] {
        let m = model(sigma, mu, s);
        let shares = [0.45, 0.35, 0.2];
        let (w, _) = m.solve_short_run(&shares, None, &tight(NEWTON)).unwrap();
        let d = m.real_wage_response(&shares, &w).unwrap();
        let h = 1e-6;
        for j in 0..3 {
            let (mut up, mut down) = (shares, shares);
            up[j] += h;
            down[j] -= h;
            let (ou, od) = (omega(&m, &up), omega(&m, &down));
            for r in 0..3 {
                let fd = (ou[r] - od[r]) / (2.0 * h);
                let err = (d[(r, j)] - fd).abs();
                assert!(
                    err <= 1e-6 * fd.abs().max(1e-2),
                    "sigma {sigma} mu {mu} s {s}: d omega_{r}/d lambda_{j} = {} vs FD {fd}",
                    d[(r, j)]
                );
            }
        }
    }
}

#[test]
fn wage_map_jacobian_matches_finite_differences() {
    for (sigma, mu, s) in [(5.0, 0.4, 0.3), (3.0, 0.3, 0.8)] {
        let m = model(sigma, mu, s);
        let shares = [0.45, 0.35, 0.2];
        let map = m.short_run(&shares);
        let u = [0.05, -0.1, 0.02];
        let jac = map.jacobian(&u).unwrap();
        let h = 1e-6;
        for j in 0..3 {
            let (mut up, mut down) = (u, u);
            up[j] += h;
            down[j] -= h;
            let (mut gu, mut gd) = ([0.0; 3], [0.0; 3]);
            map.apply(&up, &mut gu);
            map.apply(&down, &mut gd);
            for r in 0..3 {
                let fd = (gu[r] - gd[r]) / (2.0 * h);
                assert!((jac[(r, j)] - fd).abs() <= 1e-7, "J[{r},{j}] = {} vs {fd}", jac[(r, j)]);
            }
        }
    }
}

#[test]
fn zero_spillover_is_bitwise_the_model_without_it() {
    let g = layouts::line(3, 1.4).unwrap();
    let plain = CorePeriphery::new(CorePeripheryParams { sigma: 5.0, mu: 0.4 }, &g, vec![0.2, 0.3, 0.5]).unwrap();
    let zero = model(5.0, 0.4, 0.0);
    let shares = [0.45, 0.35, 0.2];
    let (a, _) = plain.solve_short_run(&shares, None, &tight(NEWTON)).unwrap();
    let (b, _) = zero.solve_short_run(&shares, None, &tight(NEWTON)).unwrap();
    assert_eq!(a, b);
    assert_eq!(
        plain.real_wage_response(&shares, &a).unwrap(),
        zero.real_wage_response(&shares, &b).unwrap()
    );
    assert!(model(5.0, 0.4, 0.0).with_spillover(-0.1).is_err());
    assert!(model(5.0, 0.4, 0.0).with_spillover(f64::NAN).is_err());
}

/// Root in (0, 1) of phi^(mu/rho) [(1+mu) phi/2 + (1-mu)/(2 phi)] = exp(s (sigma-1)), by bisection
/// on the upper root (the left side falls then rises; the sustain point is where it crosses
/// the target from above, below phi = 1).
fn sustain_freeness(sigma: f64, mu: f64, s: f64) -> f64 {
    let rho = (sigma - 1.0) / sigma;
    let f =
        |phi: f64| phi.powf(mu / rho) * ((1.0 + mu) * phi / 2.0 + (1.0 - mu) / (2.0 * phi)) - (s * (sigma - 1.0)).exp();
    // The left side is 1 at phi = 1 and has its minimum below; bracket from the minimum.
    let mut lo = 1e-6;
    let mut hi = 1.0;
    let grid: Vec<f64> = (1..1000).map(|i| i as f64 / 1000.0).collect();
    let min = grid.iter().copied().min_by(|a, b| f(*a).total_cmp(&f(*b))).unwrap();
    if f(min) < 0.0 {
        lo = min;
        hi = 1.0;
        if f(hi) < 0.0 {
            // The target exceeds the value at phi = 1: sustainable up to free trade from the
            // minimum on; find the lower crossing instead.
            hi = min;
            lo = 1e-6;
        }
    }
    let (mut a, mut b) = (lo, hi);
    let fa = f(a);
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        if (f(m) < 0.0) == (fa < 0.0) {
            a = m;
        } else {
            b = m;
        }
    }
    0.5 * (a + b)
}

#[test]
fn sustain_point_with_a_spillover_matches_its_closed_form() {
    let dir = tempfile::tempdir().unwrap();
    for (sigma, mu, s) in [(5.0, 0.4, 0.05), (4.0, 0.3, 0.1)] {
        let phi = sustain_freeness(sigma, mu, s);
        let t_s = phi.powf(1.0 / (1.0 - sigma));
        let cfg = dir.path().join("cp.toml");
        std::fs::write(
            &cfg,
            format!(
                "[model]\nkind = \"core-periphery\"\nsigma = {sigma:?}\nmu = {mu:?}\nspillover = {s:?}\n\n[geography]\nkind = \"two-region\"\ntrade-cost = 1.5\n\n[bifurcate]\nfrom = 1.05\nto = {:?}\n",
                t_s * 1.3
            ),
        )
        .unwrap();
        let out = dir.path().join("b.h5");
        let o = Command::new(env!("CARGO_BIN_EXE_agglo"))
            .args(["bifurcate", cfg.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout).to_string();
        assert!(o.status.success(), "{text}{}", String::from_utf8_lossy(&o.stderr));
        let sustain: Vec<f64> = text
            .lines()
            .filter(|l| l.trim_start().starts_with("sustain "))
            .filter_map(|l| l.split_whitespace().nth(1)?.parse().ok())
            .collect();
        assert!(
            sustain.iter().any(|t| (t - t_s).abs() <= 1e-8 * t_s),
            "sigma {sigma} mu {mu} s {s}: closed form T_S = {t_s}, located {sustain:?}\n{text}"
        );
        // The spillover is an agglomeration force: the pattern survives at higher trade costs.
        let plain = sustain_freeness(sigma, mu, 0.0).powf(1.0 / (1.0 - sigma));
        assert!(t_s > plain, "T_S {t_s} with spillover vs {plain} without");
    }
}
