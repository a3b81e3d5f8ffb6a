//! Every example in configs/ must pass `agglo check`, solve, and give a file `agglo inspect`
//! reads. The folder is listed at test time, so a new config is covered without editing
//! this file. Some examples also have their documented results checked.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn configs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("configs")
}

fn agglo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agglo"))
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `agglo solve CONFIG -o DIR/NAME.h5`, asserting success; returns the output path.
fn solve(config: &Path, dir: &Path) -> PathBuf {
    let name = config.file_stem().unwrap().to_string_lossy();
    let out = dir.join(format!("{name}.h5"));
    let o = agglo(&["solve", config.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "solve {}: {}\n{}",
        config.display(),
        text(&o.stdout),
        text(&o.stderr)
    );
    assert!(out.is_file(), "solve {} wrote no {}", config.display(), out.display());
    out
}

#[test]
fn every_example_config_checks_solves_and_inspects() {
    let mut configs: Vec<PathBuf> = std::fs::read_dir(configs_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    configs.sort();
    assert!(configs.len() >= 4, "expected the example configs, found {configs:?}");
    let dir = tempfile::tempdir().unwrap();
    for config in &configs {
        let c = config.to_str().unwrap();
        let check = agglo(&["check", c]);
        assert!(check.status.success(), "check {c}: {}", text(&check.stderr));
        assert!(
            text(&check.stdout).contains(": ok"),
            "check {c}: {}",
            text(&check.stdout)
        );
        assert!(
            !text(&check.stderr).contains("warning"),
            "an example should not warn: {c}: {}",
            text(&check.stderr)
        );
        let out = solve(config, dir.path());
        let inspect = agglo(&["inspect", out.to_str().unwrap()]);
        assert!(
            inspect.status.success(),
            "inspect {}: {}",
            out.display(),
            text(&inspect.stderr)
        );
        assert!(
            text(&inspect.stdout).contains("equilibria"),
            "inspect {}: {}",
            out.display(),
            text(&inspect.stdout)
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
        // Configs with a [calibrate] table are also calibrated (one start, few iterations,
        // no bootstrap: tests/calibration.rs checks the results).
        if std::fs::read_to_string(config).unwrap().contains("[calibrate]") {
            let out = dir.path().join("calibration.h5");
            let args = [
                "calibrate",
                c,
                "-o",
                out.to_str().unwrap(),
                "--set",
                "calibrate.starts=1",
                "--set",
                "calibrate.bootstrap=0",
                "--set",
                "calibrate.max-iterations=5",
                "--set",
                "calibrate.particles=4",
            ];
            let k = agglo(&args);
            assert!(k.status.success(), "calibrate {c}: {}", text(&k.stderr));
            assert!(
                text(&k.stdout).contains("calibration: target"),
                "calibrate {c}: {}",
                text(&k.stdout)
            );
        }
        // Configs with a [bifurcate] table are also traced.
        if std::fs::read_to_string(config).unwrap().contains("[bifurcate]") {
            let out = dir.path().join("diagram.h5");
            let b = agglo(&["bifurcate", c, "-o", out.to_str().unwrap()]);
            assert!(b.status.success(), "bifurcate {c}: {}", text(&b.stderr));
            assert!(
                text(&b.stdout).contains("special points"),
                "bifurcate {c}: {}",
                text(&b.stdout)
            );
        }
    }
}

/// One equilibrium read back from `/equilibria/<k>`.
#[derive(Debug)]
struct Equilibrium {
    share: Vec<f64>,
    stable: bool,
    n_unstable: u64,
    converged: bool,
}

fn read_equilibria(path: &Path) -> Vec<Equilibrium> {
    let file = hdf5::File::open(path).unwrap();
    let top = file.group("equilibria").unwrap();
    let count = top.attr("count").unwrap().read_scalar::<u64>().unwrap() as usize;
    let mut names = top.member_names().unwrap();
    names.sort_by_key(|n| n.parse::<usize>().unwrap());
    assert_eq!(names.len(), count, "attribute count vs groups in {}", path.display());
    names
        .iter()
        .map(|k| {
            let g = top.group(k).unwrap();
            Equilibrium {
                share: g.dataset("share").unwrap().read_raw::<f64>().unwrap(),
                stable: g.attr("stable").unwrap().read_scalar::<u8>().unwrap() == 1,
                n_unstable: g.attr("n_unstable").unwrap().read_scalar::<u64>().unwrap(),
                converged: g.attr("converged").unwrap().read_scalar::<u8>().unwrap() == 1,
            }
        })
        .collect()
}

fn solve_example(name: &str) -> (tempfile::TempDir, Vec<Equilibrium>) {
    let dir = tempfile::tempdir().unwrap();
    let out = solve(&configs_dir().join(name), dir.path());
    let eqs = read_equilibria(&out);
    assert!(eqs.iter().all(|e| e.converged), "{name}: {eqs:?}");
    for e in &eqs {
        let sum: f64 = e.share.iter().sum();
        assert!(
            (sum - 1.0).abs() < 1e-9 && e.share.iter().all(|&s| s >= 0.0),
            "{name}: shares {:?}",
            e.share
        );
        assert_eq!(e.stable, e.n_unstable == 0, "{name}: {e:?}");
    }
    (dir, eqs)
}

#[test]
fn default_finds_the_five_tomahawk_equilibria() {
    let (_dir, eqs) = solve_example("default.toml");
    assert_eq!(eqs.len(), 5, "{eqs:?}");
    let lambda_star = 0.8348868355;
    let mut found: Vec<(f64, bool)> = eqs.iter().map(|e| (e.share[0], e.stable)).collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    let expected = [
        (0.0, true),
        (1.0 - lambda_star, false),
        (0.5, true),
        (lambda_star, false),
        (1.0, true),
    ];
    for ((got, stable), (want, want_stable)) in found.iter().zip(expected) {
        assert!((got - want).abs() < 1e-6, "lambda {got} vs {want}");
        assert_eq!(*stable, want_stable, "stability at lambda = {want}");
    }
}

#[test]
fn cp2_agglomerates_only() {
    let (_dir, eqs) = solve_example("cp2.toml");
    assert_eq!(eqs.len(), 3, "{eqs:?}");
    for e in &eqs {
        let symmetric = (e.share[0] - 0.5).abs() < 1e-9;
        let core = e.share[0] < 1e-12 || e.share[0] > 1.0 - 1e-12;
        assert!(symmetric || core, "{e:?}");
        assert_eq!(e.stable, core, "{e:?}");
        if symmetric {
            assert_eq!(e.n_unstable, 1);
        }
    }
}

#[test]
fn racetrack12_uniform_is_unstable_and_migration_agglomerates() {
    let (_dir, eqs) = solve_example("racetrack12.toml");
    let uniform = eqs
        .iter()
        .find(|e| e.share.len() == 12 && e.share.iter().all(|&s| (s - 1.0 / 12.0).abs() < 1e-9))
        .expect("the uniform equilibrium is reported");
    assert!(!uniform.stable, "{uniform:?}");
    // At per-step T = 1.5 Fourier modes 3, 4 and 5 (pairs) and 6 have broken: 7 directions.
    assert_eq!(uniform.n_unstable, 7, "{uniform:?}");
    let agglomerated: Vec<&Equilibrium> = eqs
        .iter()
        .filter(|e| e.stable && e.share.iter().filter(|&&s| s < 1e-9).count() >= 6)
        .collect();
    assert!(!agglomerated.is_empty(), "no stable agglomerated pattern in {eqs:?}");
    for e in agglomerated {
        let max = e.share.iter().cloned().fold(0.0, f64::max);
        assert!(max > 2.0 / 12.0, "{e:?}");
    }
}

#[test]
fn points_example_reads_its_csv_columns() {
    let dir = tempfile::tempdir().unwrap();
    let config = configs_dir().join("points.toml");
    let out = dir.path().join("short.h5");
    let o = agglo(&[
        "solve",
        config.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--set",
        "solve.horizon=short-run",
        "--write-trade-costs",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let file = hdf5::File::open(&out).unwrap();
    let ids: Vec<String> = file
        .dataset("geography/ids")
        .unwrap()
        .read_raw::<hdf5::types::VarLenUnicode>()
        .unwrap()
        .iter()
        .map(|s| s.as_str().to_string())
        .collect();
    let share = file.dataset("equilibria/0/share").unwrap().read_raw::<f64>().unwrap();
    // The short run is solved at the CSV's "lambda" column, matched by id.
    let csv = std::fs::read_to_string(configs_dir().join("points-regions.csv")).unwrap();
    for line in csv.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let i = ids
            .iter()
            .position(|id| id == fields[0])
            .unwrap_or_else(|| panic!("id {} missing", fields[0]));
        assert_eq!(share[i], fields[4].parse::<f64>().unwrap(), "share of {}", fields[0]);
    }
    let costs = file.dataset("geography/trade_cost").unwrap().read_raw::<f64>().unwrap();
    let n = ids.len();
    assert!(costs.iter().all(|&t| t >= 1.0) && (0..n).all(|i| costs[i * n + i] == 1.0));
}

#[test]
fn paths_are_relative_to_the_config_not_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.h5");
    let config = configs_dir().join("points.toml");
    let o = Command::new(env!("CARGO_BIN_EXE_agglo"))
        .current_dir(dir.path())
        .args(["solve", config.to_str().unwrap(), "-o", "p.h5"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(out.is_file());
}
