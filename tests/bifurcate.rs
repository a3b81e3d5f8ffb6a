//! `agglo bifurcate` end to end: the located break and sustain points in the HDF5 output
//! equal the closed forms (docs/reference.md §1 and §3) to relative 1e-8; mu >= rho is reported
//! as having no break point; the diagram can be plotted.

use std::path::Path;
use std::process::Command;

const AGGLO: &str = env!("CARGO_BIN_EXE_agglo");

fn bifurcate(args: &[&str], out: &Path) -> String {
    let o = Command::new(AGGLO)
        .arg("bifurcate")
        .args(args)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// (kind, parameter) of every special point in the file.
fn special_points(path: &Path) -> Vec<(String, f64)> {
    let f = hdf5::File::open(path).unwrap();
    let g = f.group("special_points").unwrap();
    let kinds: Vec<hdf5::types::VarLenUnicode> = g.dataset("kind").unwrap().read_raw().unwrap();
    let p: Vec<f64> = g.dataset("parameter").unwrap().read_raw().unwrap();
    kinds.iter().map(|k| k.as_str().to_string()).zip(p).collect()
}

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

/// Closed forms of docs/reference.md §1 computed independently of the library.
fn cp_closed_forms(sigma: f64, mu: f64) -> (f64, f64) {
    let rho = (sigma - 1.0) / sigma;
    let phi_b = (rho - mu) * (1.0 - mu) / ((rho + mu) * (1.0 + mu));
    let f = |phi: f64| phi.powf(mu / rho) * ((1.0 + mu) * phi / 2.0 + (1.0 - mu) / (2.0 * phi)) - 1.0;
    // f > 0 near 0, < 0 just below 1: bisect on the first sign change from a fine grid.
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

#[test]
fn core_periphery_break_and_sustain_from_bifurcate_match_closed_forms() {
    let dir = tempfile::tempdir().unwrap();
    for (sigma, mu) in [(5.0, 0.4), (4.0, 0.3), (6.0, 0.5), (3.0, 0.2), (10.0, 0.7)] {
        let out = dir.path().join(format!("cp-{sigma}-{mu}.h5"));
        bifurcate(
            &[
                "--set",
                &format!("model.sigma={sigma}"),
                "--set",
                &format!("model.mu={mu}"),
                "--set",
                "bifurcate.from=3.5",
            ],
            &out,
        );
        let (t_b, t_s) = cp_closed_forms(sigma, mu);
        let points = special_points(&out);
        let breaks: Vec<f64> = points.iter().filter(|p| p.0 == "break").map(|p| p.1).collect();
        let sustains: Vec<f64> = points.iter().filter(|p| p.0 == "sustain").map(|p| p.1).collect();
        assert_eq!(breaks.len(), 1, "sigma {sigma} mu {mu}: {points:?}");
        assert!(
            rel(breaks[0], t_b) < 1e-8,
            "sigma {sigma} mu {mu}: break {} vs {t_b}",
            breaks[0]
        );
        assert_eq!(sustains.len(), 2);
        assert!(
            sustains.iter().all(|s| rel(*s, t_s) < 1e-8),
            "sigma {sigma} mu {mu}: {sustains:?} vs {t_s}"
        );
    }
}

#[test]
fn no_black_hole_failure_is_reported_as_no_break_point() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("black-hole.h5");
    let o = Command::new(AGGLO)
        .args(["bifurcate", "--set", "model.sigma=2", "--set", "model.mu=0.6", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("no-black-hole"),
        "{stderr}"
    );
    assert!(stdout.contains("no break point"), "{stdout}");
    assert!(special_points(&out).iter().all(|p| p.0 != "break"));
}

#[test]
fn footloose_break_and_sustain_match_reference() {
    let dir = tempfile::tempdir().unwrap();
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/footloose.toml");
    let sigma: f64 = 5.0;
    let to_phi = |t: f64| t.powf(1.0 - sigma);
    let out = dir.path().join("fe.h5");
    bifurcate(&[config.to_str().unwrap()], &out);
    let points = special_points(&out);
    let phi_b: Vec<f64> = points.iter().filter(|p| p.0 == "break").map(|p| to_phi(p.1)).collect();
    let phi_s: Vec<f64> = points
        .iter()
        .filter(|p| p.0 == "sustain")
        .map(|p| to_phi(p.1))
        .collect();
    assert_eq!(phi_b.len(), 1);
    assert!(rel(phi_b[0], 23.0 / 33.0) < 1e-8, "{}", phi_b[0]);
    assert!(
        !phi_s.is_empty() && phi_s.iter().all(|p| rel(*p, 0.695442368) < 1e-8),
        "{phi_s:?}"
    );
}

#[test]
fn bifurcate_output_has_branches_and_plots() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tomahawk.h5");
    let stdout = bifurcate(&[], &out);
    assert!(stdout.contains("5 branches"), "{stdout}");
    let f = hdf5::File::open(&out).unwrap();
    let branches = f.group("branches").unwrap();
    assert_eq!(branches.member_names().unwrap().len(), 5);
    for name in branches.member_names().unwrap() {
        let b = branches.group(&name).unwrap();
        let p: Vec<f64> = b.dataset("parameter").unwrap().read_raw().unwrap();
        let state = b.dataset("state").unwrap();
        assert_eq!(state.shape(), vec![p.len(), 2]);
        let n_unstable: Vec<u64> = b.dataset("n_unstable").unwrap().read_raw().unwrap();
        assert_eq!(n_unstable.len(), p.len());
    }
    drop(branches);
    drop(f); // release the file before another process opens it
    for ext in ["png", "svg"] {
        let fig = dir.path().join(format!("tomahawk.{ext}"));
        let o = Command::new(AGGLO)
            .arg("plot")
            .arg(&out)
            .arg("-o")
            .arg(&fig)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(std::fs::metadata(&fig).unwrap().len() > 1000);
    }
}

#[test]
fn bad_bifurcate_settings_are_refused_by_name() {
    for (set, key) in [
        ("bifurcate.parameter=model.nonsense", "bifurcate.parameter"),
        ("bifurcate.to=2.5", "bifurcate.to"),
        ("bifurcate.to=0.5", "geography.trade-cost"),
        ("bifurcate.step=0", "bifurcate.step"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("x.h5");
        let o = Command::new(AGGLO)
            .args(["bifurcate", "--set", set, "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(!o.status.success());
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(stderr.starts_with("error:") && stderr.contains(key), "{set}: {stderr}");
        assert!(
            std::fs::read_dir(dir.path()).unwrap().next().is_none(),
            "no file left behind"
        );
    }
}

#[test]
fn any_numeric_key_can_be_the_parameter_mu_at_fixed_trade_cost() {
    // At T = 1.5 (phi = 1.5^-4), the break and sustain values of mu solve the closed forms
    // of docs/reference.md §1 in mu: phi_B(mu) = phi and the sustain condition = 0.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mu.h5");
    let sets = [
        "bifurcate.parameter=model.mu",
        "bifurcate.from=0.1",
        "bifurcate.to=0.7",
        "geography.trade-cost=1.5",
    ];
    let args: Vec<&str> = sets.iter().flat_map(|s| ["--set", *s]).collect();
    bifurcate(&args, &out);
    let phi = 1.5f64.powi(-4);
    let rho = 0.8;
    let root = |f: &dyn Fn(f64) -> f64, mut lo: f64, mut hi: f64| {
        for _ in 0..200 {
            let m = 0.5 * (lo + hi);
            if f(lo) * f(m) <= 0.0 {
                hi = m
            } else {
                lo = m
            }
        }
        0.5 * (lo + hi)
    };
    let mu_b = root(&|m| (rho - m) * (1.0 - m) / ((rho + m) * (1.0 + m)) - phi, 0.01, 0.79);
    let mu_s = root(
        &|m| phi.powf(m / rho) * ((1.0 + m) * phi / 2.0 + (1.0 - m) / (2.0 * phi)) - 1.0,
        0.2,
        0.5,
    );
    let points = special_points(&out);
    let b: Vec<f64> = points.iter().filter(|p| p.0 == "break").map(|p| p.1).collect();
    let s: Vec<f64> = points.iter().filter(|p| p.0 == "sustain").map(|p| p.1).collect();
    assert_eq!(b.len(), 1);
    assert!(rel(b[0], mu_b) < 1e-8, "{} vs {mu_b}", b[0]);
    assert!(
        !s.is_empty() && s.iter().all(|x| rel(*x, mu_s) < 1e-8),
        "{s:?} vs {mu_s}"
    );
}
