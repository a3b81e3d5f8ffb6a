//! `agglo sweep | calibrate` of MRRH on the 401 German counties (configs/mrrh-sweep.toml,
//! configs/mrrh-calibrate.toml) through the registry's family, as for the ARSW city: the
//! sweep's point at the configured parameters is `agglo solve`'s equilibrium and `agglo
//! counterfactual`'s welfare ratio bit for bit; the calibration recovers the commuting-cost
//! elasticity that generated its moment to 1e-6 relative; `--threads 1` and `--threads 2`
//! write bitwise-identical datasets.

use std::path::{Path, PathBuf};
use std::process::Command;

fn config(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("configs").join(name)
}

fn agglo(args: &[&str]) -> (bool, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_agglo")).args(args).output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn run(args: &[&str]) {
    let (ok, stdout, stderr) = agglo(args);
    assert!(ok, "agglo {args:?}:\n{stdout}\n{stderr}");
}

fn vector(file: &hdf5::File, path: &str) -> Vec<f64> {
    file.dataset(path).unwrap().read_raw::<f64>().unwrap()
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn attr(file: &hdf5::File, group: &str, name: &str) -> f64 {
    file.group(group)
        .unwrap()
        .attr(name)
        .unwrap()
        .read_scalar::<f64>()
        .unwrap()
}

#[test]
fn the_configured_point_of_a_sweep_is_the_single_solve_bit_for_bit() {
    let dir = tempfile::tempdir().unwrap();
    let c = config("mrrh-sweep.toml");
    let c = c.to_str().unwrap();
    let sweep = dir.path().join("sweep.h5");
    let cf = dir.path().join("cf.h5");
    run(&["sweep", c, "-o", sweep.to_str().unwrap()]);
    run(&["counterfactual", c, "-o", cf.to_str().unwrap()]);
    let s = hdf5::File::open(&sweep).unwrap();
    let f = hdf5::File::open(&cf).unwrap();
    let eps = vector(&s, "/sweep/parameters");
    assert_eq!(eps, [3.3, 4.0, 4.6, 5.5]);
    let k = 2; // epsilon = 4.6, the configured value
    let n = 401;
    for q in ["residents", "workers"] {
        let row = &vector(&s, &format!("/sweep/{q}"))[k * n..(k + 1) * n];
        assert_eq!(bits(row), bits(&vector(&f, &format!("/mrrh/equilibrium/{q}"))), "{q}");
    }
    let utility = vector(&s, "/sweep/utility");
    assert_eq!(utility[k].to_bits(), attr(&f, "/mrrh/equilibrium", "welfare").to_bits());
    let change = vector(&s, "/sweep/welfare_change");
    assert_eq!(
        change[k].to_bits(),
        attr(&f, "/mrrh/counterfactual", "welfare_ratio").to_bits()
    );
    // At the data's parameters the commuter share is the data's: 1 - sum_n L_nn / Lbar.
    let share = vector(&s, "/sweep/commuter_share");
    println!("epsilon {eps:?}: utility {utility:?}, commuter share {share:?}, welfare change {change:?}");
    assert!((share[k] - 0.329449).abs() < 1e-6, "{}", share[k]);
    // Comparative statics at fixed amenities and costs: a larger epsilon (less dispersed
    // tastes, costlier distance) means less commuting, lower utility, a smaller gain.
    for w in 0..3 {
        assert!(share[w] > share[w + 1] && utility[w] > utility[w + 1] && change[w] > change[w + 1]);
    }
    let converged = s.dataset("/sweep/converged").unwrap().read_raw::<u8>().unwrap();
    assert_eq!(converged, [1, 1, 1, 1]);
}

#[test]
fn threads_one_and_two_write_bitwise_identical_sweeps_and_counterfactuals() {
    let dir = tempfile::tempdir().unwrap();
    let c = config("mrrh-sweep.toml");
    let c = c.to_str().unwrap();
    let mut files = Vec::new();
    for threads in ["1", "2"] {
        let sweep = dir.path().join(format!("sweep{threads}.h5"));
        let cf = dir.path().join(format!("cf{threads}.h5"));
        run(&["sweep", c, "--threads", threads, "-o", sweep.to_str().unwrap()]);
        let g = config("mrrh-germany.toml");
        run(&[
            "counterfactual",
            g.to_str().unwrap(),
            "--threads",
            threads,
            "-o",
            cf.to_str().unwrap(),
        ]);
        files.push((hdf5::File::open(&sweep).unwrap(), hdf5::File::open(&cf).unwrap()));
    }
    let (a, b) = (&files[0], &files[1]);
    for q in [
        "utility",
        "commuter_share",
        "welfare_change",
        "residents",
        "workers",
        "residual",
    ] {
        let p = format!("/sweep/{q}");
        assert_eq!(bits(&vector(&a.0, &p)), bits(&vector(&b.0, &p)), "{p}");
    }
    let it = |f: &hdf5::File| f.dataset("/sweep/iterations").unwrap().read_raw::<u64>().unwrap();
    assert_eq!(it(&a.0), it(&b.0));
    for group in ["equilibrium", "counterfactual/levels", "counterfactual/hat"] {
        for q in ["wage", "workers", "residents", "price_index", "land_price"] {
            let p = format!("/mrrh/{group}/{q}");
            assert_eq!(bits(&vector(&a.1, &p)), bits(&vector(&b.1, &p)), "{p}");
        }
    }
    for (g, name) in [
        ("/mrrh/fundamentals", "productivity"),
        ("/mrrh/counterfactual", ""),
        ("/mrrh/equilibrium", ""),
    ] {
        if name.is_empty() {
            for at in ["welfare_ratio", "levels_vs_hat", "welfare"] {
                if a.1.group(g).unwrap().attr(at).is_ok() {
                    assert_eq!(attr(&a.1, g, at).to_bits(), attr(&b.1, g, at).to_bits(), "{g}@{at}");
                }
            }
        } else {
            let p = format!("{g}/{name}");
            assert_eq!(bits(&vector(&a.1, &p)), bits(&vector(&b.1, &p)), "{p}");
        }
    }
}

#[test]
fn calibration_recovers_the_commuting_elasticity_that_generated_its_moment() {
    let dir = tempfile::tempdir().unwrap();
    // The moment at mu = 0.55, as the config's comment says it was made.
    let sweep = dir.path().join("s.h5");
    run(&[
        "sweep",
        config("mrrh-sweep.toml").to_str().unwrap(),
        "--set",
        "sweep.axis=[{key=\"model.commuting-elasticity\", values=[0.55]}]",
        "--set",
        "sweep.record=[\"commuter-share\"]",
        "-o",
        sweep.to_str().unwrap(),
    ]);
    let share = vector(&hdf5::File::open(&sweep).unwrap(), "/sweep/commuter_share")[0];
    assert!((share - 0.19047228113751336).abs() <= 1e-12, "{share:.17}");
    let out = dir.path().join("cal.h5");
    run(&[
        "calibrate",
        config("mrrh-calibrate.toml").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let f = hdf5::File::open(&out).unwrap();
    let mu = vector(&f, "/calibration/estimate")[0];
    println!(
        "estimate mu = {mu:.15} (true 0.55), relative error {:.1e}",
        (mu / 0.55 - 1.0).abs()
    );
    assert!((mu / 0.55 - 1.0).abs() <= 1e-6, "{mu}");
    let kind: String = f
        .group("/geography")
        .unwrap()
        .attr("kind")
        .unwrap()
        .read_scalar::<hdf5::types::VarLenUnicode>()
        .unwrap()
        .to_string();
    assert_eq!(kind, "mrrh");
}

#[test]
fn sweeps_and_calibrations_refuse_what_the_model_cannot_record() {
    let c = config("mrrh-sweep.toml");
    let c = c.to_str().unwrap();
    // The welfare change needs a [counterfactual]: the sweep's config without it.
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let text = std::fs::read_to_string(c)
        .unwrap()
        .replace("../data", data.to_str().unwrap());
    let start = text.find("\n[counterfactual]\n").unwrap();
    let end = text.find("\n[sweep]\n").unwrap();
    let bare = dir.path().join("bare.toml");
    std::fs::write(&bare, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let (ok, _, stderr) = agglo(&["check", bare.to_str().unwrap()]);
    assert!(
        !ok && stderr.contains("sweep.record[3]") && stderr.contains("[counterfactual]"),
        "{stderr}"
    );
    // A city's statistic is not an MRRH model's.
    let (ok, _, stderr) = agglo(&["check", c, "--set", "sweep.record=[\"gdp\"]"]);
    assert!(
        !ok && stderr.contains("sweep.record[1]") && stderr.contains("commuter_share"),
        "{stderr}"
    );
    let (ok, _, stderr) = agglo(&[
        "check",
        config("mrrh-calibrate.toml").to_str().unwrap(),
        "--set",
        "calibrate.moment=[{name=\"gdp\", target=1.0}]",
    ]);
    assert!(!ok && stderr.contains("calibrate.moment[1].name"), "{stderr}");
    let (ok, _, stderr) = agglo(&[
        "check",
        config("mrrh-calibrate.toml").to_str().unwrap(),
        "--set",
        "calibrate.moment=[{name=\"welfare-change\", target=1.0}]",
    ]);
    assert!(!ok && stderr.contains("[counterfactual]"), "{stderr}");
}

/// A sweep over the shock itself (`counterfactual.commuting-cost-factor` as an axis): at 1
/// the counterfactual is the baseline (welfare change exactly 1), at the configured 0.9 it is
/// `agglo counterfactual`'s, bit for bit; cheaper commuting, larger gains.
#[test]
fn a_sweep_over_the_shock_size_solves_each_shock() {
    let dir = tempfile::tempdir().unwrap();
    let c = config("mrrh-sweep.toml");
    let c = c.to_str().unwrap();
    let sweep = dir.path().join("shock.h5");
    let cf = dir.path().join("cf.h5");
    run(&[
        "sweep",
        c,
        "--set",
        "sweep.axis=[{key=\"counterfactual.commuting-cost-factor\", values=[0.8, 0.9, 1.0]}]",
        "--set",
        "sweep.record=[\"welfare-change\", \"utility\"]",
        "-o",
        sweep.to_str().unwrap(),
    ]);
    run(&["counterfactual", c, "-o", cf.to_str().unwrap()]);
    let s = hdf5::File::open(&sweep).unwrap();
    let change = vector(&s, "/sweep/welfare_change");
    let f = hdf5::File::open(&cf).unwrap();
    println!("commuting costs x 0.8, 0.9, 1.0: welfare change {change:?}");
    assert_eq!(
        change[1].to_bits(),
        attr(&f, "/mrrh/counterfactual", "welfare_ratio").to_bits()
    );
    assert_eq!(change[2], 1.0);
    assert!(change[0] > change[1] && change[1] > 1.0);
    // The baseline is the same at every point of a shock axis.
    let utility = vector(&s, "/sweep/utility");
    assert!(utility.iter().all(|u| u.to_bits() == utility[0].to_bits()));
    // A factor the config does not give is not an axis.
    let (ok, _, stderr) = agglo(&[
        "check",
        c,
        "--set",
        "sweep.axis=[{key=\"counterfactual.productivity-factor\", values=[1.1]}]",
    ]);
    assert!(!ok && stderr.contains("sweep.axis[1].key"), "{stderr}");
}
