//! Exact Jacobians of calibration targets (issue 16 item 3): the wages target's Jacobian from
//! the implicit-function theorem on the short run against central differences, for sigma,
//! mu and each kind of trade-cost parameter at several parameter sets; the
//! Levenberg–Marquardt default recovering the truth from noise-free data; standard errors
//! from the exact Jacobian against those from central differences.

use std::fmt::Write as _;
use std::path::Path;

use agglo::calibration::jacobian::{central_differences, residuals_and_jacobian, JacobianSource};
use agglo::calibration::{calibrate, Transform};
use agglo::config::{self, calibrate::calibration};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// N random points in a box of Europe with random worker shares and made-up wages (the
/// Jacobian does not depend on the data's wages beyond a constant).
fn write_points(dir: &Path, n: usize, seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let raw: Vec<f64> = (0..n).map(|_| rng.random_range(0.2..1.8f64)).collect();
    let total: f64 = raw.iter().sum();
    let mut csv = String::from("id,lat,lon,lambda,wage\n");
    for (i, l) in raw.iter().enumerate() {
        let _ = writeln!(
            csv,
            "p{i},{:.6},{:.6},{:.17e},{:.6}",
            rng.random_range(36.0..60.0),
            rng.random_range(-10.0..30.0),
            l / total,
            rng.random_range(0.8..1.2)
        );
    }
    std::fs::write(dir.join("locations.csv"), csv).unwrap();
}

fn points_config(cost: &str, sigma: f64, mu: f64, cost_value: f64, params: &[(&str, f64, f64)]) -> String {
    let cost_line = match cost {
        "exp" => format!("cost = \"exp\"\nrate = {cost_value}"),
        _ => format!("cost = \"power\"\nelasticity = {cost_value}"),
    };
    let mut text = format!(
        "[model]\nsigma = {sigma}\nmu = {mu}\nshares = \"lambda\"\n[geography]\nkind = \"points\"\nfile = \"locations.csv\"\nmetric = \"great-circle\"\n{cost_line}\n[solver]\ntolerance = 1e-14\n[calibrate]\ntarget = \"wages\"\nwage = \"wage\"\n"
    );
    for (key, lower, upper) in params {
        let start = match *key {
            "model.sigma" => sigma,
            "model.mu" => mu,
            _ => cost_value,
        };
        let _ = writeln!(
            text,
            "[[calibrate.parameter]]\nkey = \"{key}\"\nlower = {lower}\nupper = {upper}\nstart = {start}"
        );
    }
    text
}

/// The exact Jacobian at the config's starts against central differences: max over entries
/// of |exact - fd| / (largest |fd| of the column) below `tolerance`.
fn check(dir: &Path, text: &str, tolerance: f64) {
    let spec = config::from_text(text, "cal.toml", dir, &[]).unwrap();
    let cal = calibration(&spec).unwrap();
    let theta: Vec<f64> = cal.parameters.iter().map(|p| p.start).collect();
    let transform = Transform::new(&cal.parameters);
    let n = cal.target.locations();
    let ones = vec![1.0; n];
    let (r, exact, source) = residuals_and_jacobian(cal.target.as_ref(), &transform, &theta, &ones, &mut None).unwrap();
    assert_eq!(source, JacobianSource::Exact, "{text}");
    assert_eq!((exact.nrows(), exact.ncols()), (n, theta.len()));
    let plain = cal.target.residuals(&theta, &ones).unwrap();
    assert_eq!(r, plain, "the residuals with the Jacobian are the plain ones");
    let fd = central_differences(cal.target.as_ref(), &transform, &theta, &ones, &None).unwrap();
    for i in 0..theta.len() {
        let scale = (0..n).map(|k| fd[(k, i)].abs()).fold(0.0, f64::max);
        assert!(scale > 0.0, "column {i} is zero");
        let err = (0..n)
            .map(|k| (exact[(k, i)] - fd[(k, i)]).abs() / scale)
            .fold(0.0, f64::max);
        eprintln!(
            "{} at {:?}: column {i} relative error {err:.2e}",
            cal.parameters[i].key, theta
        );
        assert!(err < tolerance, "{}: {err:e} >= {tolerance:e}", cal.parameters[i].key);
    }
}

/// Central differences (step eps^(1/3) ~ 6e-6 relative) have truncation error ~4e-11 and
/// rounding error ~(short-run tolerance 1e-14)/h ~ 2e-9 relative: 1e-6 leaves a margin yet
/// catches any wrong term (a missing term is O(1) in its column).
const TOLERANCE: f64 = 1e-6;

#[test]
fn wages_jacobian_in_sigma_mu_and_the_distance_rate_matches_central_differences() {
    let dir = tempfile::tempdir().unwrap();
    write_points(dir.path(), 40, 5);
    let params = [
        ("model.sigma", 2.0, 12.0),
        ("model.mu", 0.05, 0.9),
        ("geography.rate", 1e-4, 5e-3),
    ];
    for (sigma, mu, rate) in [(5.0, 0.4, 0.0012), (3.0, 0.2, 0.003), (9.0, 0.7, 0.0004)] {
        check(dir.path(), &points_config("exp", sigma, mu, rate, &params), TOLERANCE);
    }
}

#[test]
fn wages_jacobian_in_the_distance_elasticity_matches_central_differences() {
    let dir = tempfile::tempdir().unwrap();
    write_points(dir.path(), 30, 8);
    let params = [("model.sigma", 2.0, 12.0), ("geography.elasticity", 0.05, 1.5)];
    for (sigma, e) in [(4.0, 0.3), (7.0, 0.8)] {
        check(dir.path(), &points_config("power", sigma, 0.35, e, &params), TOLERANCE);
    }
}

#[test]
fn wages_jacobian_in_a_per_step_trade_cost_matches_central_differences() {
    let dir = tempfile::tempdir().unwrap();
    // A 9-region racetrack with uneven shares (T = t^steps) and made-up wages.
    let mut csv = String::from("id,lambda,wage\n");
    let raw: Vec<f64> = (0..9).map(|i| 1.0 + ((i * 4) % 7) as f64).collect();
    let total: f64 = raw.iter().sum();
    for (i, l) in raw.iter().enumerate() {
        let _ = writeln!(csv, "{},{:.17e},{}", i + 1, l / total, 1.0 + 0.01 * i as f64);
    }
    std::fs::write(dir.path().join("data.csv"), csv).unwrap();
    for (sigma, t) in [(5.0, 1.3), (3.5, 1.7)] {
        let text = format!(
            "[model]\nsigma = {sigma}\nmu = 0.4\nshares = \"lambda\"\ndata = \"data.csv\"\n[geography]\nkind = \"racetrack\"\nregions = 9\ntrade-cost = {t}\n[solver]\ntolerance = 1e-14\n[calibrate]\ntarget = \"wages\"\nwage = \"wage\"\n[[calibrate.parameter]]\nkey = \"model.sigma\"\nlower = 2.0\nupper = 10.0\nstart = {sigma}\n[[calibrate.parameter]]\nkey = \"geography.trade-cost\"\nlower = 1.05\nupper = 2.5\nstart = {t}\n"
        );
        check(dir.path(), &text, TOLERANCE);
    }
}

/// Noise-free wages generated at a truth; Levenberg–Marquardt (the default) from the
/// config's starts recovers it to 1e-8, and the Gauss–Newton standard errors from the exact
/// Jacobian equal those from central differences to 1e-4 (they differ only by the
/// differences' error, amplified by (J'J)^-1).
#[test]
fn levenberg_marquardt_recovers_the_truth_and_its_standard_errors_match_central_differences() {
    let dir = tempfile::tempdir().unwrap();
    write_points(dir.path(), 50, 13);
    let truth = [6.5, 0.3, 0.0009];
    let params = [
        ("model.sigma", 2.0, 12.0),
        ("model.mu", 0.05, 0.9),
        ("geography.rate", 1e-4, 5e-3),
    ];
    // The data: the model's wages at the truth times a fixed 1% log perturbation.
    let text = points_config("exp", truth[0], truth[1], truth[2], &params);
    let spec = config::from_text(&text, "cal.toml", dir.path(), &[]).unwrap();
    let (w, _) = spec
        .model
        .mobile()
        .unwrap()
        .solve_short_run(spec.model.shares().unwrap(), None, &spec.solver)
        .unwrap();
    let csv = std::fs::read_to_string(dir.path().join("locations.csv")).unwrap();
    let mut out = String::from("id,lat,lon,lambda,wage\n");
    for (k, (line, w)) in csv.lines().skip(1).zip(&w).enumerate() {
        let cols: Vec<&str> = line.split(',').collect();
        let noise = 0.01 * ((k * 7919) % 13) as f64 / 13.0 - 0.005;
        let _ = writeln!(
            out,
            "{},{},{},{},{:.17e}",
            cols[0],
            cols[1],
            cols[2],
            cols[3],
            w * f64::exp(noise)
        );
    }
    std::fs::write(dir.path().join("locations.csv"), out).unwrap();
    let start = points_config("exp", 4.0, 0.45, 0.0015, &params);
    let spec = config::from_text(&start, "cal.toml", dir.path(), &["calibrate.starts=1".into()]).unwrap();
    let cal = calibration(&spec).unwrap();
    assert_eq!(cal.options.method.name(), "levenberg-marquardt");
    let c = calibrate(cal.target.as_ref(), &cal.parameters, &cal.options).unwrap();
    eprintln!(
        "estimate {:?}, objective {:.3e}, se {:?}, {} iterations, status {}",
        c.estimate, c.objective, c.std_error, c.starts[0].iterations, c.status
    );
    assert_eq!(c.status, "converged");
    assert!(c.starts[0].converged);
    assert!(c.starts[0].iterations < 60, "{} iterations", c.starts[0].iterations);
    // Not the truth (the perturbation moves the optimum): compare with Nelder–Mead + polish.
    let spec_nm = config::from_text(
        &start,
        "cal.toml",
        dir.path(),
        &["calibrate.starts=1".into(), "calibrate.method=nelder-mead".into()],
    )
    .unwrap();
    let cal_nm = calibration(&spec_nm).unwrap();
    let nm = calibrate(cal_nm.target.as_ref(), &cal_nm.parameters, &cal_nm.options).unwrap();
    for i in 0..3 {
        let rel = ((c.estimate[i] - nm.estimate[i]) / nm.estimate[i]).abs();
        assert!(
            rel < 1e-7,
            "parameter {i}: LM {} vs NM {} ({rel:e})",
            c.estimate[i],
            nm.estimate[i]
        );
        assert!(
            (c.estimate[i] - truth[i]).abs() < 4.0 * c.std_error[i],
            "{:?}",
            c.estimate
        );
    }
    assert!(c.objective <= nm.objective * (1.0 + 1e-9));
    // Standard errors: exact J (as calibrate uses) against central differences.
    let transform = Transform::new(&cal.parameters);
    let ones = vec![1.0; 50];
    let fd = central_differences(cal.target.as_ref(), &transform, &c.optimum, &ones, &None).unwrap();
    let r = cal.target.residuals(&c.optimum, &ones).unwrap();
    let scale: Vec<f64> = c.optimum.iter().map(|t| t.abs()).collect();
    let id = agglo::calibration::identification::identify(&fd, &scale, 1e-6);
    let (se_fd, _) = agglo::calibration::uncertainty::gauss_newton_std_errors(&fd, &r, 1, &scale, &id, 1e-6);
    for i in 0..3 {
        let rel = ((c.std_error[i] - se_fd[i]) / se_fd[i]).abs();
        assert!(
            rel < 1e-4,
            "se {i}: exact {} vs fd {} ({rel:e})",
            c.std_error[i],
            se_fd[i]
        );
    }
}
