//! End-to-end tests of bad input: every case must exit non-zero, print exactly one line
//! `error: ...` on stderr naming the key, file, line or entry to fix (and the allowed range
//! where there is one), and leave nothing (no result, no `.NAME.tmp-*`) in the output folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A scratch folder with `cfg/` for configs and data and `out/` for results.
struct Scratch {
    dir: TempDir,
}

impl Scratch {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("cfg")).unwrap();
        std::fs::create_dir(dir.path().join("out")).unwrap();
        Scratch { dir }
    }

    fn cfg(&self, name: &str) -> PathBuf {
        self.dir.path().join("cfg").join(name)
    }

    fn out_dir(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn out(&self) -> PathBuf {
        self.out_dir().join("result.h5")
    }

    /// Writes `text` to `cfg/<name>` and returns its path.
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.cfg(name);
        std::fs::write(&path, text).unwrap();
        path
    }
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

/// The run failed with one `error:` line containing every needle, and left `out_dir` empty.
fn assert_error(out: &Output, out_dir: &Path, needles: &[&str]) -> String {
    let stderr = text(&out.stderr);
    assert!(
        !out.status.success(),
        "expected failure, got success; stdout:\n{}\nstderr:\n{stderr}",
        text(&out.stdout)
    );
    assert_eq!(out.status.code(), Some(1), "exit code; stderr:\n{stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "expected one message on stderr, got:\n{stderr}");
    assert!(
        lines[0].starts_with("error: "),
        "message must start with `error: `: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "stderr should mention {needle:?}:\n{stderr}");
    }
    let left: Vec<_> = std::fs::read_dir(out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "output folder should be empty, found {left:?}");
    stderr
}

/// `agglo check CONFIG` and `agglo solve CONFIG -o OUT` both fail with the same message.
fn assert_config_error(s: &Scratch, config: &Path, set: &[&str], needles: &[&str]) {
    let mut check = vec!["check", config.to_str().unwrap()];
    let out = s.out();
    let mut solve = vec!["solve", config.to_str().unwrap(), "-o", out.to_str().unwrap()];
    for kv in set {
        check.extend(["--set", kv]);
        solve.extend(["--set", kv]);
    }
    let a = assert_error(&agglo(&check), &s.out_dir(), needles);
    let b = assert_error(&agglo(&solve), &s.out_dir(), needles);
    assert_eq!(a, b, "check and solve should report the same error");
}

/// A config `body` written to `cfg/c.toml` fails with a message naming every needle.
fn fails_with(body: &str, needles: &[&str]) {
    let s = Scratch::new();
    let config = s.write("c.toml", body);
    assert_config_error(&s, &config, &[], needles);
}

/// The compiled-in default with `--set` overrides fails naming every needle.
fn set_fails_with(set: &[&str], needles: &[&str]) {
    let s = Scratch::new();
    let out = s.out();
    let mut args = vec!["solve", "-o", out.to_str().unwrap()];
    for kv in set {
        args.extend(["--set", kv]);
    }
    assert_error(&agglo(&args), &s.out_dir(), needles);
}

const POINTS_CSV: &str = "id,x,y,farmers,lambda\na,0,0,0.25,0.4\nb,1,0,0.25,0.3\nc,0,1,0.25,0.2\nd,1,1,0.25,0.1\n";

/// A points geography on `cfg/regions.csv` with the model's shares from its columns.
fn points_config(farmers: &str, shares: &str) -> String {
    format!(
        "[model]\nfarmers = {farmers}\nshares = {shares}\n\n[geography]\nkind = \"points\"\nfile = \"regions.csv\"\nmetric = \"euclidean\"\ncost = \"exp\"\nrate = 0.5\n"
    )
}

fn matrix_config() -> &'static str {
    "[geography]\nkind = \"matrix\"\nfile = \"costs.csv\"\n"
}

/// A points or matrix config with its CSV fails, naming every needle.
fn with_csv_fails(config: &str, csv_name: &str, csv: &str, needles: &[&str]) {
    let s = Scratch::new();
    s.write(csv_name, csv);
    let path = s.write("c.toml", config);
    assert_config_error(&s, &path, &[], needles);
}

// ---- unknown keys ----------------------------------------------------------------------

#[test]
fn unknown_key_in_model() {
    fn_unknown(
        "[model]\nsigma = 5.0\nsgima = 4.0\n",
        &["`sgima`", "[model]", "allowed keys", "`sigma`"],
    );
}

#[test]
fn unknown_key_in_geography() {
    fn_unknown(
        "[geography]\ntrade-cost = 1.7\ntradecost = 2\n",
        &["`tradecost`", "[geography]", "`trade-cost`"],
    );
}

#[test]
fn unknown_key_in_geography_names_the_kind() {
    // `regions` belongs to racetracks: the message says which kind was assumed.
    fn_unknown(
        "[geography]\nregions = 12\n",
        &["`regions`", "[geography]", "kind = \"two-region\"", "`kind`"],
    );
}

#[test]
fn unknown_key_in_solver() {
    fn_unknown(
        "[solver]\nmethod = \"newton\"\ntol = 1e-8\n",
        &["`tol`", "[solver]", "`tolerance`"],
    );
}

#[test]
fn unknown_key_in_solve() {
    fn_unknown(
        "[solve]\nhorizon = \"long-run\"\nstart = 3\n",
        &["`start`", "[solve]", "`starts`"],
    );
}

#[test]
fn unknown_top_level_table() {
    fn_unknown("[modle]\nsigma = 5.0\n", &["`modle`", "top level", "`model`"]);
}

#[test]
fn unknown_key_by_set() {
    set_fails_with(&["solver.foo=1"], &["`foo`", "[solver]"]);
}

fn fn_unknown(body: &str, needles: &[&str]) {
    let mut all = vec!["c.toml", "unknown key"];
    all.extend_from_slice(needles);
    fails_with(body, &all);
}

// ---- model parameters ------------------------------------------------------------------

#[test]
fn sigma_must_exceed_one() {
    for sigma in ["1.0", "0.5", "-2", "nan"] {
        fails_with(
            &format!("[model]\nsigma = {sigma}\n"),
            &["c.toml", "model.sigma", "> 1"],
        );
    }
}

#[test]
fn mu_must_be_inside_zero_one() {
    for mu in ["0", "1", "-0.1", "1.5", "nan"] {
        fails_with(&format!("[model]\nmu = {mu}\n"), &["c.toml", "model.mu", "(0, 1)"]);
    }
}

#[test]
fn mu_by_set() {
    set_fails_with(&["model.mu=1"], &["model.mu", "(0, 1)"]);
}

#[test]
fn non_numeric_parameter_names_the_key() {
    fails_with(
        "[model]\nsigma = \"five\"\n",
        &["c.toml", "model.sigma", "expected a number"],
    );
}

#[test]
fn unknown_model_kind() {
    fails_with(
        "[model]\nkind = \"krugman\"\n",
        &["model.kind", "\"krugman\"", "core-periphery"],
    );
}

// ---- shares ----------------------------------------------------------------------------

#[test]
fn shares_must_sum_to_one() {
    fails_with("[model]\nshares = [0.3, 0.6]\n", &["model.shares", "sum to 1", "1e-9"]);
    fails_with(
        "[model]\nfarmers = [0.5, 0.500000002]\n",
        &["model.farmers", "sum to 1"],
    );
}

#[test]
fn shares_within_tolerance_are_accepted() {
    let s = Scratch::new();
    let config = s.write("c.toml", "[model]\nshares = [0.5, 0.5000000004]\n");
    let out = agglo(&["check", config.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn negative_shares_in_a_list() {
    fails_with("[model]\nshares = [1.2, -0.2]\n", &["model.shares[2]", "-0.2", ">= 0"]);
    fails_with("[model]\nfarmers = [-0.5, 1.5]\n", &["model.farmers[1]", ">= 0"]);
}

#[test]
fn shares_need_one_value_per_region() {
    fails_with(
        "[model]\nshares = [1.0]\n",
        &["model.shares", "one value per region (2)"],
    );
}

#[test]
fn shares_must_be_a_list_a_name_or_uniform() {
    fails_with("[model]\nshares = true\n", &["model.shares", "uniform", "list"]);
}

#[test]
fn csv_column_not_summing_to_one() {
    let csv = POINTS_CSV.replace("0.4\n", "0.3\n");
    with_csv_fails(
        &points_config("\"farmers\"", "\"lambda\""),
        "regions.csv",
        &csv,
        &["regions.csv", "\"lambda\"", "sum to 1"],
    );
}

#[test]
fn csv_column_with_a_negative_share() {
    let csv = POINTS_CSV.replace("0.25,0.2", "0.25,-0.2").replace("0.1\n", "0.5\n");
    with_csv_fails(
        &points_config("\"farmers\"", "\"lambda\""),
        "regions.csv",
        &csv,
        &["regions.csv", "line 4", "\"lambda\"", "-0.2", ">= 0"],
    );
}

#[test]
fn csv_column_that_does_not_exist() {
    with_csv_fails(
        &points_config("\"farm\"", "\"lambda\""),
        "regions.csv",
        POINTS_CSV,
        &["regions.csv", "no column \"farm\"", "model.farmers", "lambda"],
    );
}

#[test]
fn csv_column_without_a_data_file() {
    fails_with(
        "[model]\nshares = \"lambda\"\n",
        &["model.shares", "\"lambda\"", "model.data"],
    );
}

// ---- trade costs -----------------------------------------------------------------------

#[test]
fn two_region_trade_cost_below_one_or_nan() {
    for t in ["0.9", "nan", "inf", "-1"] {
        fails_with(
            &format!("[geography]\ntrade-cost = {t}\n"),
            &["c.toml", "geography.trade-cost", ">= 1"],
        );
    }
}

#[test]
fn trade_cost_nan_by_set() {
    set_fails_with(
        &["geography.trade-cost=nan"],
        &["geography.trade-cost", "NaN", "finite", ">= 1"],
    );
}

#[test]
fn matrix_entry_below_one() {
    let csv = "id,a,b,c\na,1,1.5,2\nb,1.5,1,0.8\nc,2,1.5,1\n";
    with_csv_fails(
        matrix_config(),
        "costs.csv",
        csv,
        &["costs.csv", "line 3, column 4", "row 2, column 3", "0.8", ">= 1"],
    );
}

#[test]
fn matrix_entry_nan() {
    let csv = "1,1.5,2\n1.5,1,nan\n2,1.5,1\n";
    with_csv_fails(
        matrix_config(),
        "costs.csv",
        csv,
        &["costs.csv", "line 2, column 3", "nan", "finite"],
    );
}

#[test]
fn matrix_diagonal_must_be_one() {
    let csv = "1,1.5\n1.5,2\n";
    with_csv_fails(
        matrix_config(),
        "costs.csv",
        csv,
        &["costs.csv", "line 2, column 2", "diagonal", "1"],
    );
}

#[test]
fn matrix_not_square() {
    let csv = "1,1.5,2,2\n1.5,1,1.5,2\n2,1.5,1,2\n";
    with_csv_fails(
        matrix_config(),
        "costs.csv",
        csv,
        &["costs.csv", "line 1", "4 values", "3 rows", "square"],
    );
}

#[test]
fn matrix_ragged_row() {
    let csv = "id,a,b,c\na,1,1.5,2\nb,1.5,1\nc,2,1.5,1\n";
    with_csv_fails(
        matrix_config(),
        "costs.csv",
        csv,
        &["costs.csv", "line 3", "2 values", "square"],
    );
}

#[test]
fn matrix_non_numeric_cell() {
    let csv = "id,a,b\na,1,x1.5\nb,1.5,1\n";
    with_csv_fails(
        matrix_config(),
        "costs.csv",
        csv,
        &["costs.csv", "line 2, column 3", "\"x1.5\"", "not a number"],
    );
}

#[test]
fn matrix_file_missing() {
    fails_with(matrix_config(), &["costs.csv", "no such file", "geography.file"]);
}

// ---- CSV files -------------------------------------------------------------------------

#[test]
fn points_file_missing() {
    fails_with(
        &points_config("\"uniform\"", "\"uniform\""),
        &["regions.csv", "no such file", "geography.file"],
    );
}

#[test]
fn data_file_missing() {
    let body = "[model]\nshares = \"lambda\"\ndata = \"data.csv\"\n";
    fails_with(body, &["data.csv", "no such file", "model.data"]);
}

#[test]
fn points_file_ragged_row() {
    let csv = "id,x,y\na,0,0\nb,1\nc,0,1\n";
    with_csv_fails(
        &points_config("\"uniform\"", "\"uniform\""),
        "regions.csv",
        csv,
        &["regions.csv", "line 3", "2 fields", "header has 3"],
    );
}

#[test]
fn points_file_non_numeric_cell() {
    let csv = "id,x,y\na,0,0\nb,1,0\nc,zero,1\n";
    with_csv_fails(
        &points_config("\"uniform\"", "\"uniform\""),
        "regions.csv",
        csv,
        &[
            "regions.csv",
            "line 4",
            "column \"x\"",
            "\"zero\"",
            "not a finite number",
        ],
    );
}

#[test]
fn points_file_without_id_column() {
    let csv = "name,x,y\na,0,0\nb,1,0\n";
    with_csv_fails(
        &points_config("\"uniform\"", "\"uniform\""),
        "regions.csv",
        csv,
        &["regions.csv", "no column \"id\""],
    );
}

#[test]
fn points_file_duplicate_id() {
    let csv = "id,x,y\na,0,0\na,1,0\n";
    with_csv_fails(
        &points_config("\"uniform\"", "\"uniform\""),
        "regions.csv",
        csv,
        &["regions.csv", "duplicate id \"a\""],
    );
}

#[test]
fn great_circle_latitude_out_of_range() {
    let csv = "id,lat,lon\na,0,0\nb,95,0\n";
    let config = "[geography]\nkind = \"points\"\nfile = \"regions.csv\"\nmetric = \"great-circle\"\nrate = 0.001\n";
    with_csv_fails(
        config,
        "regions.csv",
        csv,
        &["regions.csv", "line 3", "lat 95", "out of range"],
    );
}

#[test]
fn exp_cost_needs_a_rate() {
    let s = Scratch::new();
    s.write("regions.csv", POINTS_CSV);
    let config = s.write(
        "c.toml",
        "[geography]\nkind = \"points\"\nfile = \"regions.csv\"\ncost = \"exp\"\n",
    );
    assert_config_error(&s, &config, &[], &["c.toml", "geography.rate", "required"]);
}

// ---- the config file itself ------------------------------------------------------------

#[test]
fn config_file_missing() {
    let s = Scratch::new();
    let missing = s.cfg("nope.toml");
    assert_config_error(&s, &missing, &[], &["nope.toml", "cannot read config"]);
}

#[test]
fn toml_syntax_error_names_the_line() {
    fails_with("[model]\nsigma = 5.0\nmu = \n", &["c.toml", "line 3"]);
}

#[test]
fn unknown_geography_kind() {
    fails_with(
        "[geography]\nkind = \"ring\"\n",
        &["geography.kind", "\"ring\"", "racetrack"],
    );
}

#[test]
fn missing_required_key() {
    fails_with(
        "[geography]\nkind = \"racetrack\"\n",
        &["[geography]", "racetrack", "missing key `regions`"],
    );
}

#[test]
fn racetrack_needs_regions() {
    fails_with(
        "[geography]\nkind = \"racetrack\"\nregions = 0\n",
        &["geography.regions", ">= 1"],
    );
}

#[test]
fn unknown_solver_method() {
    fails_with(
        "[solver]\nmethod = \"broyden\"\n",
        &["solver.method", "\"broyden\"", "picard", "anderson", "newton"],
    );
}

#[test]
fn solver_ranges() {
    fails_with("[solver]\ntolerance = 0\n", &["solver.tolerance", "> 0"]);
    // Tolerances at which a reported state need not be an equilibrium, or below round-off.
    fails_with(
        "[solver]\ntolerance = 10\n",
        &["solver.tolerance", "10", "[1e-15, 1e-6]"],
    );
    fails_with("[solver]\ntolerance = 1e-3\n", &["solver.tolerance", "[1e-15, 1e-6]"]);
    fails_with("[solver]\ntolerance = 1e-20\n", &["solver.tolerance", "[1e-15, 1e-6]"]);
    fails_with("[solver]\ndamping = 1.5\n", &["solver.damping", "(0, 1]"]);
    fails_with("[solver]\nmax-iterations = 0\n", &["solver.max-iterations", ">= 1"]);
    fails_with("[solve]\nhorizon = \"medium\"\n", &["solve.horizon", "long-run"]);
}

// ---- --set -----------------------------------------------------------------------------

#[test]
fn set_without_equals() {
    set_fails_with(&["model.sigma"], &["--set model.sigma", "key=value"]);
}

#[test]
fn set_with_an_empty_key_part() {
    set_fails_with(&["model..sigma=4"], &["--set model..sigma=4", "dotted key"]);
    set_fails_with(&["=4"], &["--set =4", "dotted key"]);
}

#[test]
fn set_into_a_value() {
    set_fails_with(&["model.sigma.x=4"], &["model.sigma", "is a value, not a table"]);
}

#[test]
fn set_unknown_method_and_kind() {
    set_fails_with(&["solver.method=secant"], &["solver.method", "\"secant\"", "newton"]);
    set_fails_with(
        &["geography.kind=sphere"],
        &["geography.kind", "\"sphere\"", "two-region"],
    );
}

// ---- output ----------------------------------------------------------------------------

#[test]
fn output_folder_missing() {
    let s = Scratch::new();
    let out = s.out_dir().join("missing").join("r.h5");
    let o = agglo(&["solve", "-o", out.to_str().unwrap()]);
    assert_error(&o, &s.out_dir(), &["cannot write", "r.h5", "does not exist"]);
}

#[test]
fn output_under_a_regular_file() {
    let s = Scratch::new();
    let file = s.cfg("file.txt");
    std::fs::write(&file, "not a folder").unwrap();
    let out = file.join("out.h5");
    let o = agglo(&["solve", "-o", out.to_str().unwrap()]);
    assert_error(
        &o,
        &s.out_dir(),
        &["cannot write", "out.h5", "file.txt is a file, not a folder"],
    );
    let in_cfg: Vec<_> = std::fs::read_dir(s.cfg(""))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(in_cfg, vec![std::ffi::OsString::from("file.txt")]);
}

#[test]
fn output_is_a_folder() {
    let s = Scratch::new();
    // A folder whose name ends in .h5: the extension check passes, the folder is refused.
    let folder = s.out_dir().with_extension("h5");
    std::fs::create_dir_all(&folder).unwrap();
    let o = agglo(&["solve", "-o", folder.to_str().unwrap()]);
    assert_error(&o, &folder, &["cannot write", "folder"]);
}

#[test]
fn failure_after_the_file_was_opened_leaves_nothing() {
    // One Picard iteration cannot converge: the error comes after the output was created.
    set_fails_with(
        &[
            "geography.kind=racetrack",
            "geography.regions=6",
            "solver.method=picard",
            "solver.max-iterations=1",
        ],
        &["did not converge", "iterations", "residual"],
    );
}

#[test]
fn inspect_missing_file() {
    let s = Scratch::new();
    let missing = s.out_dir().join("none.h5");
    assert_error(
        &agglo(&["inspect", missing.to_str().unwrap()]),
        &s.out_dir(),
        &["none.h5", "no such file"],
    );
}

// ---- warnings --------------------------------------------------------------------------

#[test]
fn black_hole_warns_but_succeeds() {
    let s = Scratch::new();
    let config = s.write("c.toml", "[model]\nsigma = 2.0\nmu = 0.6\n");
    let out = s.out();
    let o = agglo(&["solve", config.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = text(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.starts_with("warning: "), "{stderr}");
    assert!(
        stderr.contains("no-black-hole") && stderr.contains("mu = 0.6") && stderr.contains("rho"),
        "{stderr}"
    );
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(out.is_file());
    let check = agglo(&["check", config.to_str().unwrap()]);
    assert!(
        check.status.success() && text(&check.stderr).contains("warning: "),
        "{}",
        text(&check.stderr)
    );
}

#[test]
fn snake_case_keys_are_accepted() {
    let s = Scratch::new();
    let config = s.write(
        "c.toml",
        "[geography]\ntrade_cost = 1.5\n[solver]\nmax_iterations = 50\n",
    );
    let o = agglo(&["check", config.to_str().unwrap(), "--set", "geography.trade_cost=1.6"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
}
