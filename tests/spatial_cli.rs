//! End to end: `agglo invert` and `agglo counterfactual` on the example configs, read back
//! from the HDF5 files they write. The inversion reproduces its data; the counterfactual's
//! two methods (levels, exact hat algebra) agree; a unit shock changes nothing; the RRH 2017
//! example gives its documented welfare gains; bad input fails with a message that says what
//! to fix, a non-zero exit and no output file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn configs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("configs")
}

fn example(name: &str) -> String {
    configs_dir().join(name).to_string_lossy().into_owned()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `agglo ARGS...` run in `dir`.
fn agglo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agglo"))
        .args(args)
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run the agglo binary")
}

/// `agglo COMMAND CONFIG -o DIR/out.h5 EXTRA...`, asserting success; returns the file and stdout.
fn run(dir: &Path, command: &str, config: &str, extra: &[&str]) -> (PathBuf, String) {
    let out = dir.join("out.h5");
    let mut args = vec![command, config, "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = agglo(dir, &args);
    assert!(
        o.status.success(),
        "agglo {args:?} failed ({}):\n{}{}",
        o.status,
        text(&o.stdout),
        text(&o.stderr)
    );
    assert!(out.is_file(), "agglo {args:?} wrote no {}", out.display());
    (out, text(&o.stdout))
}

/// Files in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `agglo COMMAND CONFIG -o DIR/out.h5 EXTRA...` must fail with each of `expected` on stderr,
/// and leave `dir` as it was (no output, no temporary file).
fn assert_fails(dir: &Path, command: &str, config: &str, extra: &[&str], expected: &[&str]) -> String {
    let before = listing(dir);
    let out = dir.join("out.h5");
    let mut args = vec![command, config, "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = agglo(dir, &args);
    let stderr = text(&o.stderr);
    assert!(
        !o.status.success(),
        "agglo {args:?} should fail:\n{}{stderr}",
        text(&o.stdout)
    );
    assert_eq!(o.status.code(), Some(1), "agglo {args:?}: {stderr}");
    for e in expected {
        assert!(
            stderr.contains(e),
            "agglo {args:?}: expected {e:?} in the message:\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "agglo {args:?} panicked:\n{stderr}");
    assert_eq!(listing(dir), before, "agglo {args:?} left files behind");
    stderr
}

fn vector(file: &hdf5::File, path: &str) -> Vec<f64> {
    file.dataset(path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .read_raw::<f64>()
        .unwrap()
}

fn attr(file: &hdf5::File, group: &str, name: &str) -> f64 {
    let g = file.group(group).unwrap_or_else(|e| panic!("{group}: {e}"));
    g.attr(name)
        .unwrap_or_else(|e| panic!("{group}@{name}: {e}"))
        .read_scalar::<f64>()
        .unwrap()
}

fn max_relative(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(x, y)| ((x - y) / y).abs()).fold(0.0, f64::max)
}

fn shares(v: &[f64]) -> Vec<f64> {
    let total: f64 = v.iter().sum();
    v.iter().map(|x| x / total).collect()
}

/// `v` over its geometric mean (wage levels are a normalisation).
fn relative(v: &[f64]) -> Vec<f64> {
    let g = (v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp();
    v.iter().map(|x| x / g).collect()
}

/// The columns `id` and `names` of a CSV without quoted fields.
fn csv_columns(path: &Path, names: &[&str]) -> (Vec<String>, Vec<Vec<f64>>) {
    let content = std::fs::read_to_string(path).unwrap();
    let mut lines = content.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let index: Vec<usize> = names
        .iter()
        .map(|n| header.iter().position(|h| h == n).unwrap())
        .collect();
    let (mut ids, mut columns) = (Vec::new(), vec![Vec::new(); names.len()]);
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        ids.push(fields[0].to_string());
        for (c, &j) in columns.iter_mut().zip(&index) {
            c.push(fields[j].parse().unwrap());
        }
    }
    (ids, columns)
}

fn ids(file: &hdf5::File) -> Vec<String> {
    let ids = file
        .dataset("geography/ids")
        .unwrap()
        .read_raw::<hdf5::types::VarLenUnicode>()
        .unwrap();
    ids.iter().map(|s| s.as_str().to_string()).collect()
}

// ---------------------------------------------------------------------------------------
// Inversion

/// The forward solve with the recovered fundamentals gives back the CSV's population and
/// wages (income / population): by the file's own measure and checked here independently.
#[test]
fn invert_reproduces_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stdout) = run(dir.path(), "invert", &example("aa-cities.toml"), &[]);
    assert!(stdout.contains("reproduces the data"), "{stdout}");
    let f = hdf5::File::open(&out).unwrap();
    let population_error = attr(&f, "inversion", "population_error");
    let wage_error = attr(&f, "inversion", "wage_error");
    assert!(population_error <= 1e-10, "population_error {population_error:e}");
    assert!(wage_error <= 1e-10, "wage_error {wage_error:e}");

    let (csv_ids, columns) = csv_columns(&configs_dir().join("aa-cities.csv"), &["population", "income"]);
    assert_eq!(ids(&f), csv_ids, "the points geography keeps the CSV's order");
    let wage: Vec<f64> = columns[1].iter().zip(&columns[0]).map(|(y, l)| y / l).collect();
    let population = vector(&f, "equilibria/0/population");
    let solved_wage = vector(&f, "equilibria/0/wage");
    let err = max_relative(&shares(&population), &shares(&columns[0]));
    assert!(err <= 1e-10, "population shares differ from the CSV's by {err:e}");
    let err = max_relative(&relative(&solved_wage), &relative(&wage));
    assert!(
        err <= 1e-10,
        "relative wages differ from income / population by {err:e}"
    );
    // Rescaled to the model's total population (model.population = 106.61).
    let total: f64 = population.iter().sum();
    assert!((total - 106.61).abs() <= 1e-10 * 106.61, "total population {total}");
    // Fundamentals are normalised to geometric mean 1.
    for name in ["fundamentals/productivity", "fundamentals/amenity"] {
        let v = vector(&f, name);
        let log_mean = v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64;
        assert!(log_mean.abs() < 1e-10, "{name}: geometric mean exp({log_mean})");
    }
}

/// Helpman (RRH 2017 grid): inverting the baseline's own population and wages recovers the
/// configured productivity.
#[test]
fn invert_recovers_the_helpman_fundamentals_from_its_own_equilibrium() {
    let dir = tempfile::tempdir().unwrap();
    let (baseline, _) = run(dir.path(), "solve", &example("rrh2017.toml"), &[]);
    let f = hdf5::File::open(&baseline).unwrap();
    let (ids, population, wage) = (
        ids(&f),
        vector(&f, "equilibria/0/population"),
        vector(&f, "equilibria/0/wage"),
    );
    let productivity = vector(&f, "fundamentals/productivity");
    drop(f);
    // The data file (ids such as "1,2" are quoted), and the config pointing at it.
    let mut csv = String::from("id,pop,wage\n");
    for ((id, l), w) in ids.iter().zip(&population).zip(&wage) {
        csv.push_str(&format!("\"{id}\",{l:e},{w:e}\n"));
    }
    std::fs::write(dir.path().join("rrh-data.csv"), csv).unwrap();
    let data = configs_dir().join("../data/rrh2017_log_productivity.csv");
    let config = std::fs::read_to_string(configs_dir().join("rrh2017.toml"))
        .unwrap()
        .replace(
            "\"../data/rrh2017_log_productivity.csv\"",
            &format!("{:?}", data.to_str().unwrap()),
        )
        .replace("[geography]", "data = \"rrh-data.csv\"\n\n[geography]")
        + "\n[invert]\npopulation = \"pop\"\nwage = \"wage\"\n";
    std::fs::write(dir.path().join("rrh-invert.toml"), config).unwrap();
    std::fs::remove_file(&baseline).unwrap();

    let (out, _) = run(dir.path(), "invert", "rrh-invert.toml", &[]);
    let f = hdf5::File::open(&out).unwrap();
    for name in ["population_error", "wage_error"] {
        let e = attr(&f, "inversion", name);
        assert!(e <= 1e-10, "{name} {e:e}");
    }
    let err = max_relative(&vector(&f, "fundamentals/productivity"), &productivity);
    assert!(
        err <= 1e-7,
        "recovered productivity differs from the configured one by {err:e}"
    );
}

// ---------------------------------------------------------------------------------------
// Counterfactuals

/// Levels and hat algebra, read from `/counterfactual/{levels,hat}`, agree.
fn assert_methods_agree(out: &Path, tolerance: f64) {
    let f = hdf5::File::open(out).unwrap();
    for name in ["population", "wage", "welfare", "population_change", "wage_change"] {
        let levels = vector(&f, &format!("counterfactual/levels/{name}"));
        let hat = vector(&f, &format!("counterfactual/hat/{name}"));
        let err = max_relative(&hat, &levels);
        assert!(
            err <= tolerance,
            "{}: {name} differs by {err:e} between levels and hat algebra",
            out.display()
        );
    }
    let (levels, hat) = (
        attr(&f, "counterfactual/levels", "welfare_ratio"),
        attr(&f, "counterfactual/hat", "welfare_ratio"),
    );
    assert!(
        ((hat - levels) / levels).abs() <= tolerance,
        "welfare_ratio {levels} (levels) vs {hat} (hat)"
    );
}

#[test]
fn counterfactual_levels_and_hat_algebra_agree() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stdout) = run(dir.path(), "counterfactual", &example("aa-cities.toml"), &[]);
    assert!(
        stdout.contains("baseline: fundamentals recovered from"),
        "baseline = \"data\":\n{stdout}"
    );
    assert_methods_agree(&out, 1e-8);
    // The shock is a gain: cheaper trade between neighbours.
    let f = hdf5::File::open(&out).unwrap();
    let ratio = attr(&f, "counterfactual/levels", "welfare_ratio");
    assert!(ratio > 1.0 && ratio < 1.05, "welfare ratio {ratio}");
    let shock = f
        .group("counterfactual")
        .unwrap()
        .attr("shock")
        .unwrap()
        .read_scalar::<hdf5::types::VarLenUnicode>()
        .unwrap();
    assert!(shock.as_str().contains("[0, 500] x 0.9"), "{}", shock.as_str());
}

#[test]
fn counterfactual_from_the_model_baseline_agrees_too() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stdout) = run(
        dir.path(),
        "counterfactual",
        &example("aa-cities.toml"),
        &["--set", "counterfactual.baseline=model"],
    );
    assert!(!stdout.contains("recovered"), "{stdout}");
    assert_methods_agree(&out, 1e-8);
}

/// A shock of factor 1 changes nothing, in either method. (The Helpman re-solve in levels
/// starts its wages at 1, not at the baseline's, so it lands only within the solver's
/// tolerance of the baseline: RRH's 1e-10 leaves welfare off by ~3e-12, hence 1e-12 here.)
#[test]
fn a_unit_shock_leaves_welfare_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str]); 2] = [
        (
            "aa-cities.toml",
            &[
                "--set",
                "counterfactual.distance-band.factor=1",
                "--set",
                "counterfactual.trade-cost-scale=1",
            ],
        ),
        (
            "rrh2017.toml",
            &[
                "--set",
                "counterfactual.remove-border.factor=1",
                "--set",
                "counterfactual.trade-cost-scale=1",
                "--set",
                "solver.tolerance=1e-12",
            ],
        ),
    ];
    for (config, extra) in cases {
        let (out, _) = run(dir.path(), "counterfactual", &example(config), extra);
        let f = hdf5::File::open(&out).unwrap();
        for method in ["levels", "hat"] {
            let group = format!("counterfactual/{method}");
            let ratio = attr(&f, &group, "welfare_ratio");
            assert!(
                (ratio - 1.0).abs() <= 1e-12,
                "{config}, {method}: welfare_ratio - 1 = {:e}",
                ratio - 1.0
            );
            for name in ["population_change", "wage_change"] {
                let v = vector(&f, &format!("{group}/{name}"));
                let worst = v.iter().map(|x| (x - 1.0).abs()).fold(0.0, f64::max);
                assert!(worst <= 1e-9, "{config}, {method}: {name} off 1 by {worst:e}");
            }
        }
        drop(f);
        std::fs::remove_file(&out).unwrap();
    }
}

/// Welfare change in percent, per country, from the file: location 0 is in the first
/// country (columns 1-15), the last location in the second; welfare is equal within each.
fn country_gains(out: &Path, method: &str) -> (f64, f64) {
    let f = hdf5::File::open(out).unwrap();
    let before = vector(&f, "equilibria/0/welfare");
    let after = vector(&f, &format!("counterfactual/{method}/welfare"));
    let ratio: Vec<f64> = after.iter().zip(&before).map(|(a, b)| a / b).collect();
    let (first, last) = (ratio[0], ratio[ratio.len() - 1]);
    let in_first = ratio.iter().filter(|r| ((*r - first) / first).abs() < 1e-9).count();
    let in_last = ratio.iter().filter(|r| ((*r - last) / last).abs() < 1e-9).count();
    assert_eq!(
        (in_first, in_last),
        (450, 450),
        "{method}: welfare ratios are not one per country"
    );
    assert_eq!(
        attr(&f, &format!("counterfactual/{method}"), "welfare_ratio"),
        first,
        "the attribute is location 0's"
    );
    (100.0 * (first - 1.0), 100.0 * (last - 1.0))
}

fn assert_rrh_gains(extra: &[&str], expected: (f64, f64), printed: (&str, &str)) {
    let dir = tempfile::tempdir().unwrap();
    let (out, stdout) = run(dir.path(), "counterfactual", &example("rrh2017.toml"), extra);
    for method in ["levels", "hat"] {
        let (g1, g2) = country_gains(&out, method);
        assert!(
            (g1 - expected.0).abs() <= 5e-5,
            "{method}: country 1 gains {g1}%, expected {}%",
            expected.0
        );
        assert!(
            (g2 - expected.1).abs() <= 5e-5,
            "{method}: country 2 gains {g2}%, expected {}%",
            expected.1
        );
    }
    for (k, digits) in [(1, printed.0), (2, printed.1)] {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&format!("welfare change in country {k}:")))
            .unwrap_or_else(|| panic!("no welfare change for country {k} in:\n{stdout}"));
        assert!(line.contains(digits), "expected {digits} in {line:?}");
    }
    assert_methods_agree(&out, 1e-8);
}

/// RRH 2017 (QSE §3.9), removing the border tax: the README's 0.26% and 0.19%.
#[test]
fn rrh2017_border_removal_gains() {
    assert_rrh_gains(&[], (0.2623, 0.1925), ("+0.2623", "+0.1925"));
}

/// ... and removing the internal tax instead (all off-diagonal costs halved): 2.3% and 1.3%.
#[test]
fn rrh2017_internal_tax_removal_gains() {
    assert_rrh_gains(
        &[
            "--set",
            "counterfactual.remove-border.factor=1",
            "--set",
            "counterfactual.trade-cost-scale=0.5",
        ],
        (2.2952, 1.3174),
        ("+2.295", "+1.317"),
    );
}

// ---------------------------------------------------------------------------------------
// Bad input

/// Copies the AA example (config and CSV) into `dir`, the config edited by `edit`.
fn aa_copy(dir: &Path, edit: impl Fn(String) -> String) -> String {
    let config = std::fs::read_to_string(configs_dir().join("aa-cities.toml")).unwrap();
    std::fs::write(dir.join("aa.toml"), edit(config)).unwrap();
    std::fs::copy(configs_dir().join("aa-cities.csv"), dir.join("aa-cities.csv")).unwrap();
    "aa.toml".into()
}

/// The config without its `[invert]` table.
fn without_invert(config: String) -> String {
    let start = config.find("[invert]").expect("the example has [invert]");
    let end = start
        + config[start..]
            .find("[counterfactual]")
            .expect("followed by [counterfactual]");
    format!("{}{}", &config[..start], &config[end..])
}

#[test]
fn invert_without_an_invert_table_fails() {
    let dir = tempfile::tempdir().unwrap();
    let config = aa_copy(dir.path(), without_invert);
    assert_fails(
        dir.path(),
        "invert",
        &config,
        &[],
        &["aa.toml", "[invert] needs population = \"<column>\""],
    );
    // The data baseline of a counterfactual needs it too.
    assert_fails(
        dir.path(),
        "counterfactual",
        &config,
        &[],
        &["aa.toml", "[invert] needs population"],
    );
}

#[test]
fn a_non_positive_population_names_the_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let config = aa_copy(dir.path(), |c| c);
    let csv = dir.path().join("aa-cities.csv");
    let original = std::fs::read_to_string(&csv).unwrap();
    // Paris is on line 11 (the header is line 1).
    assert!(original.lines().nth(10).unwrap().starts_with("Paris,48.86,2.35,12400,"));
    for bad in ["0", "-12400"] {
        std::fs::write(
            &csv,
            original.replace("Paris,48.86,2.35,12400,", &format!("Paris,48.86,2.35,{bad},")),
        )
        .unwrap();
        for command in ["invert", "counterfactual"] {
            let stderr = assert_fails(
                dir.path(),
                command,
                &config,
                &[],
                &[
                    "aa-cities.csv",
                    "line 11",
                    "column \"population\"",
                    "invert.population",
                    "not positive",
                ],
            );
            assert!(stderr.contains(bad), "{stderr}");
        }
    }
}

#[test]
fn spatial_commands_on_a_core_periphery_config_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["invert", "counterfactual"] {
        assert_fails(
            dir.path(),
            command,
            &example("great-circle.toml"),
            &[],
            &[
                "great-circle.toml",
                &format!("agglo {command} needs a spatial model"),
                "\"allen-arkolakis\"",
                "\"helpman\"",
                "\"core-periphery\"",
            ],
        );
    }
}

#[test]
fn an_unknown_counterfactual_key_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = assert_fails(
        dir.path(),
        "counterfactual",
        &example("aa-cities.toml"),
        &["--set", "counterfactual.trade-cost-scal=0.9"],
        &[
            "aa-cities.toml",
            "unknown key `trade-cost-scal` in [counterfactual]",
            "`trade-cost-scale`",
        ],
    );
    assert!(!stderr.contains("kind"), "[counterfactual] has no kind: {stderr}");
    // ... in a nested table too, and in the file itself.
    assert_fails(
        dir.path(),
        "counterfactual",
        &example("aa-cities.toml"),
        &["--set", "counterfactual.distance-band.maximum=100"],
        &["maximum"],
    );
    let config = aa_copy(dir.path(), |c| {
        c.replace("baseline = \"data\"", "baseline = \"data\"\nshock = 0.9")
    });
    assert_fails(
        dir.path(),
        "counterfactual",
        &config,
        &[],
        &["aa.toml", "unknown key `shock` in [counterfactual]"],
    );
}

#[test]
fn a_bad_counterfactual_value_is_named() {
    let dir = tempfile::tempdir().unwrap();
    assert_fails(
        dir.path(),
        "counterfactual",
        &example("aa-cities.toml"),
        &["--set", "counterfactual.baseline=observed"],
        &["counterfactual.baseline", "\"observed\"", "\"model\"", "\"data\""],
    );
    assert_fails(
        dir.path(),
        "counterfactual",
        &example("aa-cities.toml"),
        &["--set", "counterfactual.trade-cost-scale=0"],
        &["counterfactual.trade-cost-scale", "> 0"],
    );
}
