//! `agglo invert | counterfactual | check` on configs/mrrh-germany.toml (MRRH on the 401
//! German counties): the same numbers tests/mrrh.rs gets from the library, through the CLI
//! and the HDF5 file — round trip <= 1e-10, levels vs hat algebra <= 1e-8, a zero shock
//! gives hats of 1 to 1e-12; a trade-cost shock agrees in levels and hat algebra to 1e-8 and
//! a uniform one gives welfare t^(-alpha) to 1e-10.

use std::path::{Path, PathBuf};
use std::process::Command;

fn config() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/mrrh-germany.toml")
}

fn agglo(args: &[&str]) -> (bool, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_agglo")).args(args).output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn attr(file: &hdf5::File, group: &str, name: &str) -> f64 {
    file.group(group)
        .unwrap()
        .attr(name)
        .unwrap()
        .read_scalar::<f64>()
        .unwrap()
}

fn vector(file: &hdf5::File, path: &str) -> Vec<f64> {
    file.dataset(path).unwrap().read_raw::<f64>().unwrap()
}

fn max_rel(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x / y - 1.0).abs()).fold(0.0, f64::max)
}

#[test]
fn invert_round_trips_the_401_counties_to_1e_10() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("inv.h5");
    let c = config();
    let (ok, stdout, stderr) = agglo(&["invert", c.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("round trip"), "{stdout}");
    let f = hdf5::File::open(&out).unwrap();
    let error = attr(&f, "/mrrh", "round_trip_error");
    println!("round trip {error:.2e}");
    assert!(error <= 1e-10, "{error:e}");
    // Independently of the recorded attribute: the equilibrium against the observed data.
    let workers = vector(&f, "/mrrh/equilibrium/workers");
    assert_eq!(workers.len(), 401);
    assert!(max_rel(&workers, &vector(&f, "/mrrh/observed/workers")) <= 1e-10);
    assert!(
        max_rel(
            &vector(&f, "/mrrh/equilibrium/residents"),
            &vector(&f, "/mrrh/observed/residents")
        ) <= 1e-10
    );
}

#[test]
fn counterfactual_levels_agree_with_hat_algebra_and_a_zero_shock_gives_hats_of_one() {
    let dir = tempfile::tempdir().unwrap();
    let c = config();
    let out = dir.path().join("cf.h5");
    let (ok, stdout, stderr) = agglo(&["counterfactual", c.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("welfare change"), "{stdout}");
    let f = hdf5::File::open(&out).unwrap();
    let gap = attr(&f, "/mrrh/counterfactual", "levels_vs_hat");
    let ratio = attr(&f, "/mrrh/counterfactual", "welfare_ratio");
    println!("levels vs hat {gap:.2e}, welfare ratio {ratio:.10}");
    assert!(gap <= 1e-8, "{gap:e}");
    for v in ["wage", "workers", "residents", "price_index"] {
        let d = max_rel(
            &vector(&f, &format!("/mrrh/counterfactual/levels/{v}")),
            &vector(&f, &format!("/mrrh/counterfactual/hat/{v}")),
        );
        assert!(d <= 1e-8, "{v}: {d:e}");
    }
    // Cheaper commuting and a more productive Berlin raise welfare and move people.
    assert!(ratio > 1.0, "{ratio}");
    assert!(
        max_rel(
            &vector(&f, "/mrrh/counterfactual/levels/workers"),
            &vector(&f, "/mrrh/equilibrium/workers")
        ) > 1e-3
    );

    // A zero shock: factors of 1.
    let zero = dir.path().join("zero.h5");
    let (ok, _, stderr) = agglo(&[
        "counterfactual",
        c.to_str().unwrap(),
        "--set",
        "counterfactual.commuting-cost-factor=1.0",
        "--set",
        "counterfactual.productivity-factor=1.0",
        "-o",
        zero.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let f = hdf5::File::open(&zero).unwrap();
    for method in ["levels", "hat"] {
        for v in ["wage", "workers", "residents", "price_index", "land_price"] {
            let d = max_rel(
                &vector(&f, &format!("/mrrh/counterfactual/{method}/{v}")),
                &vector(&f, &format!("/mrrh/equilibrium/{v}")),
            );
            assert!(d <= 1e-12, "{method} {v}: {d:e}");
        }
    }
    assert!((attr(&f, "/mrrh/counterfactual", "welfare_ratio") - 1.0).abs() <= 1e-12);
}

#[test]
fn bad_input_names_the_key() {
    let c = config();
    let (ok, _, stderr) = agglo(&["check", c.to_str().unwrap(), "--set", "model.sigma=0.5"]);
    assert!(!ok && stderr.contains("model.sigma"), "{stderr}");
    let (ok, _, stderr) = agglo(&[
        "check",
        c.to_str().unwrap(),
        "--set",
        "counterfactual.productivity-location=\"99999\"",
    ]);
    assert!(
        !ok && stderr.contains("counterfactual.productivity-location"),
        "{stderr}"
    );
}

/// `agglo counterfactual` of configs/mrrh-germany.toml with only trade costs shocked
/// (commuting and productivity factors 1): the file.
fn trade_shock(dir: &Path, name: &str, between: f64, own: Option<f64>) -> hdf5::File {
    let out = dir.join(name);
    let c = config();
    let mut args = vec![
        "counterfactual".to_string(),
        c.to_str().unwrap().to_string(),
        "--set".into(),
        "counterfactual.commuting-cost-factor=1.0".into(),
        "--set".into(),
        "counterfactual.productivity-factor=1.0".into(),
        "--set".into(),
        format!("counterfactual.trade-cost-factor={between:?}"),
    ];
    if let Some(f) = own {
        args.extend(["--set".into(), format!("counterfactual.own-trade-cost-factor={f:?}")]);
    }
    args.extend(["-o".into(), out.to_str().unwrap().into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (ok, stdout, stderr) = agglo(&args);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("trade costs between locations"), "{stdout}");
    hdf5::File::open(&out).unwrap()
}

#[test]
fn a_trade_cost_shock_agrees_in_levels_and_hat_algebra() {
    let dir = tempfile::tempdir().unwrap();
    for between in [0.9, 1.2] {
        let f = trade_shock(dir.path(), "trade.h5", between, None);
        let gap = attr(&f, "/mrrh/counterfactual", "levels_vs_hat");
        let ratio = attr(&f, "/mrrh/counterfactual", "welfare_ratio");
        println!("trade costs between counties x {between}: welfare ratio {ratio:.10}, levels vs hat {gap:.2e}");
        assert!(gap <= 1e-8, "{gap:e}");
        for v in ["wage", "workers", "residents", "price_index", "land_price"] {
            let d = max_rel(
                &vector(&f, &format!("/mrrh/counterfactual/levels/{v}")),
                &vector(&f, &format!("/mrrh/counterfactual/hat/{v}")),
            );
            assert!(d <= 1e-8, "{v}: {d:e}");
        }
        // Cheaper trade between counties raises welfare, dearer trade lowers it.
        assert_eq!(ratio > 1.0, between < 1.0, "{ratio}");
    }
}

/// Every trade cost times t (docs/mrrh.md, closed forms): wages, workers, residents and land
/// prices unchanged, price indices times t, welfare Ubar'/Ubar = t^(-alpha), alpha = 0.7.
#[test]
fn a_uniform_trade_cost_change_gives_the_closed_form_welfare() {
    let dir = tempfile::tempdir().unwrap();
    for t in [0.8, 1.25] {
        let f = trade_shock(dir.path(), "uniform.h5", t, Some(t));
        let ratio = attr(&f, "/mrrh/counterfactual", "welfare_ratio");
        let closed = t.powf(-0.7);
        println!("every trade cost x {t}: welfare ratio {ratio:.12}, closed form {closed:.12}");
        assert!((ratio / closed - 1.0).abs() <= 1e-10, "{ratio} vs {closed}");
        for method in ["levels", "hat"] {
            for v in ["wage", "workers", "residents", "land_price"] {
                let d = max_rel(
                    &vector(&f, &format!("/mrrh/counterfactual/{method}/{v}")),
                    &vector(&f, &format!("/mrrh/equilibrium/{v}")),
                );
                assert!(d <= 1e-10, "{method} {v}: {d:e}");
            }
            let p: Vec<f64> = vector(&f, "/mrrh/equilibrium/price_index")
                .iter()
                .map(|p| p * t)
                .collect();
            let d = max_rel(&vector(&f, &format!("/mrrh/counterfactual/{method}/price_index")), &p);
            assert!(d <= 1e-10, "{method} price index: {d:e}");
        }
    }
}

/// agglo's counterfactuals against the toolkit's own (`progs/counterFactsTK.m` of
/// Ahlfeldt/MRRH2018-toolkit at commit 9ce6f60ba2bd33cab5f4868f2ffa03cfd8190126, unchanged,
/// run under GNU Octave 7.3.0 after its inversion as described for
/// `data/mrrh2018/toolkit_inversion.csv` in data/README.md, with the globals `nu = 0` and
/// `delta = 0` — the toolkit's Seidel–Wickerath agglomeration term and housing-supply
/// elasticity off, which is MRRH — and `aChange`, `bChange` ones, `kapChange` 0.9 off the
/// diagonal, or `dChange` 0.8 everywhere, or 0.9 off the diagonal; its `welfChange(1,1)`):
///
/// | shock | toolkit | agglo (levels = hat algebra) |
/// |---|---|---|
/// | commuting between counties x 0.9 | 1.040892281952923 | 1.0408956615895404 |
/// | every trade cost x 0.8 | 1.169060559778276 | 0.8^(-0.7) = 1.169060559778... |
/// | trade between counties x 0.9 | 1.045511055259801 | 1.0455120718 |
///
/// The toolkit stops when successive damped iterates of w-hat and lambda-hat differ by less
/// than 1e-4; its welfare of the pair (1,1) is then within 3.4e-6 of agglo's (over all pairs
/// with flows its values spread by 1.5e-5 and 2.8e-5), hence the tolerance 2e-5. (With that
/// stopping rule tightened to 1e-11 in a local copy, a diagnosis only, the toolkit gives
/// 1.0408956616 and 1.0455120718: agglo's to every printed digit.)
#[test]
fn counterfactual_welfare_matches_the_toolkits_own_counterfactuals() {
    let dir = tempfile::tempdir().unwrap();
    let commuting = {
        let out = dir.path().join("commuting.h5");
        let c = config();
        let (ok, _, stderr) = agglo(&[
            "counterfactual",
            c.to_str().unwrap(),
            "--set",
            "counterfactual.productivity-factor=1.0",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(ok, "{stderr}");
        attr(
            &hdf5::File::open(&out).unwrap(),
            "/mrrh/counterfactual",
            "welfare_ratio",
        )
    };
    let welfare = |f: hdf5::File| attr(&f, "/mrrh/counterfactual", "welfare_ratio");
    let uniform = welfare(trade_shock(dir.path(), "uniform.h5", 0.8, Some(0.8)));
    let between = welfare(trade_shock(dir.path(), "between.h5", 0.9, None));
    for (what, agglo, toolkit) in [
        ("commuting x 0.9", commuting, 1.040892281952923),
        ("every trade cost x 0.8", uniform, 1.169060559778276),
        ("trade between x 0.9", between, 1.045511055259801),
    ] {
        let gap = (agglo / toolkit - 1.0).abs();
        println!("{what}: agglo {agglo:.12}, toolkit {toolkit:.12}, relative gap {gap:.1e}");
        assert!(gap <= 2e-5, "{what}: {gap:e}");
    }
}
