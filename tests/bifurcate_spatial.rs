//! `agglo bifurcate` on a spatial model: the two-location Allen–Arkolakis (2014) economy of
//! the gallery (`configs/gallery/aa-two-locations.toml`: sigma = 9, alpha = 0.1,
//! Abar = (1.1, 1), tau = 1.5) along the amenity spillover beta.
//!
//! The reference is written out here, independently of the library: with symmetric trade
//! costs, AA 2014 (Sec. II, eq. 13–14 combined) reduce the equilibrium to
//! `W^(s-1) l_i^p1 = sum_j tau_ij^(1-s) (Abar_i ubar_j)^((s-1)st) (ubar_i Abar_j)^(s st) l_j^p2`
//! with `st = (s-1)/(2s-1)`, `p1 = st (1 - alpha(s-1) - beta s)`, `p2 = st (1 + s alpha +
//! beta(s-1))`. On two locations the ratio of the two rows removes W and leaves one
//! equation h(l_1, beta) = 0; a fold of the equilibrium set in beta is an extremum of
//! beta(l_1) along h = 0, found here by golden-section search (beta is quadratic in l_1
//! there, so l_1 to 1e-7 gives beta to ~1e-14).
//!
//! Checked: folds located to 1e-10 in beta; n_unstable changes across each fold; every
//! point written satisfies h = 0 to 1e-9 and is a fixed point of the library's contraction
//! to 1e-9.

use std::path::Path;
use std::process::Command;

use agglo::geography::layouts;
use agglo::model::{AllenArkolakis, AllenArkolakisParams, Fundamentals};
use agglo::output;
use agglo::solve::FixedPointMap;

const SIGMA: f64 = 9.0;
const ALPHA: f64 = 0.1;
const TAU: f64 = 1.5;
const ABAR: [f64; 2] = [1.1, 1.0];

/// h(l_1, beta) with l_2 = 1 - l_1.
fn h(l1: f64, beta: f64) -> f64 {
    h_shares([l1, 1.0 - l1], beta)
}

/// ln of the ratio of the two rows of the reduced equation (ubar = 1) at shares `l` (both
/// given: near concentration 1 - l_1 loses the smaller share's digits).
fn h_shares(l: [f64; 2], beta: f64) -> f64 {
    let s = SIGMA;
    let st = (s - 1.0) / (2.0 * s - 1.0);
    let p1 = st * (1.0 - ALPHA * (s - 1.0) - beta * s);
    let p2 = st * (1.0 + s * ALPHA + beta * (s - 1.0));
    let row = |i: usize| -> f64 {
        let rhs: f64 = (0..2)
            .map(|j| {
                let t: f64 = if i == j { 1.0 } else { TAU };
                t.powf(1.0 - s) * ABAR[i].powf((s - 1.0) * st) * ABAR[j].powf(s * st) * l[j].powf(p2)
            })
            .sum();
        p1 * l[i].ln() - rhs.ln()
    };
    row(0) - row(1)
}

/// beta with h(l_1, beta) = 0 near `guess` (secant).
fn beta_on_curve(l1: f64, guess: f64) -> f64 {
    let (mut a, mut b) = (guess - 1e-4, guess + 1e-4);
    let (mut fa, mut fb) = (h(l1, a), h(l1, b));
    for _ in 0..60 {
        if fb == fa {
            break;
        }
        let c = b - fb * (b - a) / (fb - fa);
        a = b;
        fa = fb;
        b = c;
        fb = h(l1, b);
        if fb.abs() < 1e-15 {
            break;
        }
    }
    b
}

/// The fold near (l_1, beta): the extremum of beta(l_1) on h = 0, golden section in l_1
/// over l_1 +- width.
fn reference_fold(l1: f64, beta: f64, width: f64) -> f64 {
    let sign = {
        // Maximum or minimum: compare the ends with the middle.
        let mid = beta_on_curve(l1, beta);
        let ends = 0.5 * (beta_on_curve(l1 - width, beta) + beta_on_curve(l1 + width, beta));
        if ends < mid {
            1.0
        } else {
            -1.0
        }
    };
    let f = |x: f64| sign * beta_on_curve(x, beta);
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (l1 - width, l1 + width);
    let mut c = b - g * (b - a);
    let mut d = a + g * (b - a);
    while b - a > 1e-9 {
        if f(c) > f(d) {
            b = d;
        } else {
            a = c;
        }
        c = b - g * (b - a);
        d = a + g * (b - a);
    }
    beta_on_curve(0.5 * (a + b), beta)
}

fn gallery() -> String {
    format!("{}/configs/gallery/aa-two-locations.toml", env!("CARGO_MANIFEST_DIR"))
}

fn bifurcate(out: &Path, extra: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_agglo"))
        .args(["bifurcate", &gallery(), "-o"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn allen_arkolakis_along_beta_has_folds_at_the_reference_and_every_point_is_an_equilibrium() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("aa-beta.h5");
    let printed = bifurcate(&out, &[]);
    let d = output::read_bifurcation(&out).unwrap().expect("branches");
    assert_eq!(d.branches[0].parameter_name, "model.beta", "{printed}");
    let folds: Vec<_> = d.special_points.iter().filter(|s| s.kind == "fold").collect();
    assert!(!folds.is_empty(), "no fold found:\n{printed}");
    for s in &folds {
        let b = &d.branches[s.branch as usize];
        let i = s.index as usize;
        let l1 = b.state[i * b.regions];
        let reference = reference_fold(l1, s.parameter, 0.02_f64.min(0.5 * l1.min(1.0 - l1)));
        assert!(
            (s.parameter - reference).abs() < 1e-10,
            "fold at beta = {} vs reference {reference} (l_1 = {l1})",
            s.parameter
        );
        assert!(s.bracket_low <= s.parameter && s.parameter <= s.bracket_high);
        // Stability changes across a fold: the points on either side differ.
        let before = b.n_unstable[i.saturating_sub(1)];
        let after = b.n_unstable[(i + 1).min(b.parameter.len() - 1)];
        assert_ne!(
            before, after,
            "fold at {} with n_unstable {before} on both sides",
            s.parameter
        );
    }
    let geography = layouts::two_region(TAU).unwrap();
    let mut points = 0;
    for b in &d.branches {
        for (i, &beta) in b.parameter.iter().enumerate() {
            let l = &b.state[i * 2..i * 2 + 2];
            assert!((l[0] + l[1] - 1.0).abs() < 1e-12);
            let hl = h_shares([l[0], l[1]], beta);
            assert!(hl.abs() < 1e-9, "h = {hl} at beta {beta}, l {l:?}");
            let model = AllenArkolakis::new(
                AllenArkolakisParams {
                    sigma: SIGMA,
                    alpha: ALPHA,
                    beta,
                    population: 1.0,
                },
                &geography,
                Fundamentals {
                    productivity: ABAR.to_vec(),
                    amenity: vec![1.0, 1.0],
                },
            )
            .unwrap();
            let map = model.contraction().unwrap();
            let x: Vec<f64> = l.iter().map(|v| v.ln()).collect();
            let mut gx = vec![0.0; 2];
            map.apply(&x, &mut gx);
            let residual = x.iter().zip(&gx).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
            assert!(
                residual < 1e-9,
                "contraction residual {residual} at beta {beta}, l {l:?}"
            );
            points += 1;
        }
    }
    assert!(points > 20, "{points} points");
}

#[test]
fn a_spatial_model_without_a_short_run_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("helpman.toml");
    std::fs::write(
        &config,
        "[model]\nkind = \"helpman\"\nsigma = 5.0\nalpha = 0.75\n\n[geography]\nkind = \"two-region\"\ntrade-cost = 1.5\n\n\
         [bifurcate]\nparameter = \"model.alpha\"\nfrom = 0.7\nto = 0.8\n",
    )
    .unwrap();
    let out = dir.path().join("x.h5");
    let o = Command::new(env!("CARGO_BIN_EXE_agglo"))
        .arg("bifurcate")
        .arg(&config)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("no short run at given population"), "{stderr}");
    assert!(!out.exists());
}
