//! Interop: the files `agglo solve`, `bifurcate`, `wiggle`, `invert` and `counterfactual` write
//! are read back with h5py, the reader users have, by `scripts/check_h5.py`: every group,
//! dataset and attribute against the schema table of `agglo schema --json` (type, rank, units
//! and description on every dataset), then shapes, finiteness, shares summing to 1, stability
//! flags, derived datasets, a counterfactual's two methods agreeing, config as TOML. (Sweep,
//! calibration and ARSW files are checked the same way in tests/sweep.rs, tests/calibration.rs
//! and tests/arsw.rs.)
//!
//! Needs `python3` with h5py and numpy; `scripts/setup.sh` installs them. Without them these
//! tests fail (they do not skip): a file format nobody checked is the failure they guard.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Panics with what to do when python3, h5py or numpy is missing.
fn require_h5py() {
    match Command::new("python3").args(["-c", "import h5py, numpy"]).output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "python3 cannot import h5py and numpy, which the interop tests need: run scripts/setup.sh\n{}",
            text(&o.stderr).trim()
        ),
        Err(e) => panic!("cannot run python3 ({e}), which the interop tests need: run scripts/setup.sh"),
    }
}

/// Runs `agglo solve -o DIR/out.h5 EXTRA...` and returns the file, after checking that the
/// run succeeded and left no temporary file behind.
fn solve(dir: &Path, extra: &[&str]) -> PathBuf {
    run_agglo(dir, "solve", extra)
}

/// Runs `agglo COMMAND -o DIR/out.h5 EXTRA...` in an empty `dir` and returns the file, after
/// checking that the run succeeded and left nothing else in `dir`.
fn run_agglo(dir: &Path, command: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join("out.h5");
    let o = Command::new(env!("CARGO_BIN_EXE_agglo"))
        .arg(command)
        .arg("-o")
        .arg(&out)
        .args(extra)
        .current_dir(dir)
        .output()
        .expect("run the agglo binary");
    assert!(
        o.status.success(),
        "agglo {command} {extra:?} failed ({}):\n{}{}",
        o.status,
        text(&o.stdout),
        text(&o.stderr)
    );
    assert!(out.is_file(), "agglo {command} {extra:?} wrote no {}", out.display());
    let mut entries: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    assert_eq!(entries, ["out.h5"], "temporary files left next to the output");
    out
}

/// An example config of configs/, as an absolute path.
fn example(name: &str) -> String {
    repo().join("configs").join(name).to_string_lossy().into_owned()
}

fn run_check(file: &Path) -> Output {
    require_h5py();
    Command::new("python3")
        .arg(repo().join("scripts/check_h5.py"))
        .args(["--agglo", env!("CARGO_BIN_EXE_agglo")])
        .arg(file)
        .output()
        .expect("run python3 scripts/check_h5.py")
}

/// `python3 scripts/check_h5.py FILE` must pass; returns its summary.
fn check_h5(file: &Path) -> String {
    let o = run_check(file);
    assert!(
        o.status.success(),
        "scripts/check_h5.py rejected {}:\n{}{}",
        file.display(),
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stdout)
}

#[test]
fn h5py_reads_the_default_long_run_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = solve(dir.path(), &[]);
    let summary = check_h5(&file);
    assert!(summary.contains("equilibria  long-run"), "{summary}");
    assert!(
        summary.contains("closed form"),
        "two regions write /closed_form:\n{summary}"
    );
}

#[test]
fn h5py_reads_a_short_run_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = solve(dir.path(), &["--set", "solve.horizon=short-run"]);
    let summary = check_h5(&file);
    assert!(summary.contains("equilibria  short-run, 1:"), "{summary}");
}

#[test]
fn h5py_reads_a_multi_region_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = solve(
        dir.path(),
        &["--set", "geography.kind=racetrack", "--set", "geography.regions=6"],
    );
    let summary = check_h5(&file);
    assert!(summary.contains("racetrack, N = 6"), "{summary}");
    assert!(!summary.contains("closed form"), "{summary}");
}

/// The check has teeth: a file whose shares do not sum to 1 is rejected, naming the dataset.
#[test]
fn check_h5_rejects_a_corrupted_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = solve(dir.path(), &[]);
    require_h5py();
    let corrupt = Command::new("python3")
        .args([
            "-c",
            "import h5py, sys; f = h5py.File(sys.argv[1], 'r+'); f['equilibria/0/share'][0] += 0.5",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(corrupt.status.success(), "{}", text(&corrupt.stderr));
    let o = run_check(&file);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("/equilibria/0/share: sums to"), "{stderr}");
}

/// check_h5.py takes names, types and shapes from `agglo schema --json`: a dataset the
/// table does not list, one without its units, one of another type and an attribute of
/// another type are each rejected, naming the object.
#[test]
fn check_h5_checks_the_file_against_the_schema_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = solve(dir.path(), &[]);
    check_h5(&file);
    corrupt(&file, "f['equilibria/0'].create_dataset('extra', data=[1.0, 2.0])");
    assert_rejected(&file, "/equilibria/0/extra: a dataset not in agglo's schema table");
    corrupt(&file, "del f['equilibria/1/wage'].attrs['units']");
    assert_rejected(&file, "/equilibria/1/wage: missing attribute 'units'");
    corrupt(
        &file,
        "d = f['equilibria/2/income'][()]; del f['equilibria/2/income']; f['equilibria/2'].create_dataset('income', data=d.astype('uint64'))",
    );
    assert_rejected(
        &file,
        "/equilibria/2/income: uint64 of shape [2], the schema says f64 ['N']",
    );
    corrupt(&file, "f['equilibria/3'].attrs['iterations'] = 1.5");
    assert_rejected(
        &file,
        "/equilibria/3@iterations: float64 of shape [], the schema says u64 []",
    );
}

/// `agglo schema --json` is valid JSON that lists every dataset with units and a
/// description, and every name the table uses.
#[test]
fn schema_json_lists_every_row_with_units_and_description() {
    require_h5py();
    let o = Command::new(env!("CARGO_BIN_EXE_agglo"))
        .args(["schema", "--json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let script = r#"
import json, sys
s = json.load(sys.stdin)
names = set(s["names"].values())
rows = s["entries"]
assert len(rows) > 150, len(rows)
for e in rows:
    assert e["kind"] in ("group", "dataset", "attribute"), e
    assert e["description"] and e["commands"], e
    if e["kind"] != "group":
        assert e["units"] and e["type"] in ("f64", "u64", "u8", "string"), e
    assert e["name"] in names or e["name"].startswith("<"), e
print(len(rows), sum(e["kind"] == "dataset" for e in rows))
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&o.stdout).unwrap();
    let r = child.wait_with_output().unwrap();
    assert!(r.status.success(), "{}", text(&r.stderr));
}

/// A wiggle file (two regions, the gap's zeros) passes the check too.
#[test]
fn h5py_reads_a_wiggle_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = run_agglo(dir.path(), "wiggle", &[]);
    let summary = check_h5(&file);
    assert!(summary.contains("wiggle "), "{summary}");
}

#[test]
fn h5py_reads_a_bifurcation_file() {
    require_h5py();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tomahawk.h5");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_agglo"))
        .arg("bifurcate")
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let summary = check_h5(&out);
    assert!(
        summary.contains("branches    5") && summary.contains("1 break, 2 sustain"),
        "{summary}"
    );
}

// Spatial models: `agglo solve`, `invert` and `counterfactual` on the Allen–Arkolakis example
// (configs/aa-cities.toml) and the Helpman one (configs/rrh2017.toml).

#[test]
fn h5py_reads_a_spatial_solve_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = solve(dir.path(), &[&example("aa-cities.toml")]);
    let summary = check_h5(&file);
    assert!(summary.contains("points, N = 30"), "{summary}");
    assert!(
        summary.contains("equilibria  spatial, 1: unique; 1/1 converged"),
        "{summary}"
    );
    assert!(
        summary.contains("fundamentals productivity in [1, 1], amenity in [1, 1]"),
        "uniform fundamentals:\n{summary}"
    );
    assert!(
        !summary.contains("closed form") && !summary.contains("inversion"),
        "{summary}"
    );
}

#[test]
fn h5py_reads_an_invert_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = run_agglo(dir.path(), "invert", &[&example("aa-cities.toml")]);
    let summary = check_h5(&file);
    assert!(summary.contains("equilibria  spatial, 1: unique"), "{summary}");
    assert!(summary.contains("fundamentals productivity in ["), "{summary}");
    assert!(summary.contains("inversion   max relative error"), "{summary}");
}

#[test]
fn h5py_reads_a_counterfactual_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = run_agglo(dir.path(), "counterfactual", &[&example("aa-cities.toml")]);
    let summary = check_h5(&file);
    assert!(summary.contains("equilibria  spatial, 1: unique"), "{summary}");
    assert!(
        summary.contains("counterfactual trade costs of pairs at distance in [0, 500] x 0.9"),
        "{summary}"
    );
    assert!(summary.contains("welfare ratio 1.00194"), "{summary}");
}

/// Helpman on the 900-cell border grid: welfare differs by country, costs are not a distance
/// function, and the shock is a border removal.
#[test]
fn h5py_reads_a_helpman_counterfactual_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = run_agglo(dir.path(), "counterfactual", &[&example("rrh2017.toml")]);
    let summary = check_h5(&file);
    assert!(summary.contains("border-grid, N = 900"), "{summary}");
    assert!(
        summary.contains("counterfactual border between the groups"),
        "{summary}"
    );
    assert!(summary.contains("welfare ratio 1.00262"), "{summary}");
}

/// Runs a Python statement on `file` opened read-write as `f` (h5py imported).
fn corrupt(file: &Path, statement: &str) {
    require_h5py();
    let o = Command::new("python3")
        .args([
            "-c",
            &format!("import h5py, sys; f = h5py.File(sys.argv[1], 'r+'); {statement}"),
        ])
        .arg(file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
}

/// `check_h5.py FILE` must fail naming `expected` on stderr.
fn assert_rejected(file: &Path, expected: &str) {
    let o = run_check(file);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{}{stderr}", text(&o.stdout));
    assert!(stderr.contains(expected), "expected {expected:?} in:\n{stderr}");
}

/// The check compares the two methods of a counterfactual and each with the baseline.
#[test]
fn check_h5_rejects_a_counterfactual_whose_methods_disagree() {
    let dir = tempfile::tempdir().unwrap();
    let file = run_agglo(dir.path(), "counterfactual", &[&example("aa-cities.toml")]);
    corrupt(&file, "f['counterfactual/hat/population'][3] *= 1.001");
    assert_rejected(
        &file,
        "/counterfactual/hat/population: levels and hat algebra disagree by 1.00e-03",
    );
    assert_rejected(
        &file,
        "/counterfactual/hat/population_change: differs from population / the baseline's population",
    );
    corrupt(&file, "f['counterfactual/levels'].attrs['welfare_ratio'] = 1.5");
    assert_rejected(
        &file,
        "/counterfactual/levels@welfare_ratio: 1.5, but welfare[0] / the baseline's is",
    );
}

/// The check ties a spatial equilibrium's derived datasets to the population and wages.
#[test]
fn check_h5_rejects_a_spatial_file_with_inconsistent_datasets() {
    let dir = tempfile::tempdir().unwrap();
    let file = solve(dir.path(), &[&example("aa-cities.toml")]);
    corrupt(&file, "f['equilibria/0/income'][0] *= 2");
    assert_rejected(&file, "/equilibria/0/income: differs from population * wage");
    corrupt(&file, "f['fundamentals/amenity'][1] = -1.0");
    assert_rejected(&file, "/fundamentals/amenity: non-positive values (min -1.0)");
    corrupt(&file, "del f['fundamentals']");
    assert_rejected(&file, "missing group 'fundamentals'");
}
