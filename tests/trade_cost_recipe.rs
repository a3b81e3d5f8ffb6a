//! Results files record what rebuilds the trade costs (the resolved `[geography]` table,
//! coordinates, metric, an input file's name and SHA-256), not the N × N matrix, unless
//! `--write-trade-costs` asks for it; the `matrix` geography reading such a file rebuilds
//! the matrix bit for bit, and refuses when the input it needs has changed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

fn configs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("configs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn agglo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agglo"))
        .args(args)
        .output()
        .expect("run the agglo binary")
}

/// `agglo solve CONFIG -o OUT EXTRA...`, short run, which must succeed.
fn solve(config: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "solve",
        config.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--set",
        "solve.horizon=short-run",
    ];
    args.extend_from_slice(extra);
    let o = agglo(&args);
    assert!(o.status.success(), "agglo {args:?}: {}", text(&o.stderr));
}

fn attr(file: &hdf5::File, name: &str) -> Option<String> {
    let g = file.group("geography").unwrap();
    let a = g.attr(name).ok()?;
    Some(
        a.read_scalar::<hdf5::types::VarLenUnicode>()
            .unwrap()
            .as_str()
            .to_string(),
    )
}

fn stored_costs(path: &Path) -> Option<Vec<f64>> {
    let file = hdf5::File::open(path).unwrap();
    let ds = file.dataset("geography/trade_cost").ok()?;
    Some(ds.read_raw::<f64>().unwrap())
}

/// A config whose geography is the `geography/trade_cost` of the agglo file `from`.
fn matrix_config(dir: &Path, name: &str, from: &Path) -> PathBuf {
    let path = dir.join(name);
    let toml = format!(
        "[model]\nkind = \"core-periphery\"\n\n[geography]\nkind = \"matrix\"\nfile = \"{}\"\ndataset = \"geography/trade_cost\"\n",
        from.display()
    );
    std::fs::write(&path, toml).unwrap();
    path
}

#[test]
fn points_files_hold_the_recipe_and_rebuild_the_matrix_bit_for_bit() {
    let dir = tempfile::tempdir().unwrap();
    let config = configs_dir().join("points.toml");
    let recipe_only = dir.path().join("recipe.h5");
    let with_matrix = dir.path().join("matrix.h5");
    solve(&config, &recipe_only, &[]);
    solve(&config, &with_matrix, &["--write-trade-costs"]);

    assert!(stored_costs(&recipe_only).is_none(), "no N x N matrix by default");
    let stored = stored_costs(&with_matrix).expect("--write-trade-costs writes it");
    let n = (stored.len() as f64).sqrt() as usize;
    assert_eq!(n * n, stored.len());
    assert!(n >= 10, "the points example has {n} regions");

    let file = hdf5::File::open(&recipe_only).unwrap();
    assert_eq!(attr(&file, "metric").as_deref(), Some("euclidean"));
    let recipe: toml::Table = attr(&file, "trade_cost_recipe").unwrap().parse().unwrap();
    assert_eq!(recipe["kind"].as_str(), Some("points"));
    assert_eq!(recipe["cost"].as_str(), Some("exp"));
    assert_eq!(recipe["rate"].as_float(), Some(0.5));
    let csv = configs_dir().join("points-regions.csv");
    let want = format!("{:x}", Sha256::digest(std::fs::read(&csv).unwrap()));
    assert_eq!(attr(&file, "source_sha256"), Some(want));
    let source = PathBuf::from(attr(&file, "source_file").unwrap());
    assert_eq!(
        std::fs::canonicalize(source).unwrap(),
        std::fs::canonicalize(csv).unwrap()
    );

    // The matrix geography rebuilds the costs from the recipe file: the same bits as stored.
    let from_recipe = dir.path().join("from-recipe.h5");
    solve(
        &matrix_config(dir.path(), "a.toml", &recipe_only),
        &from_recipe,
        &["--write-trade-costs"],
    );
    assert_eq!(stored_costs(&from_recipe).unwrap(), stored);
    let from_matrix = dir.path().join("from-matrix.h5");
    solve(
        &matrix_config(dir.path(), "b.toml", &with_matrix),
        &from_matrix,
        &["--write-trade-costs"],
    );
    assert_eq!(stored_costs(&from_matrix).unwrap(), stored);
}

/// A layout without input files (a racetrack) rebuilds from its table alone: the costs are
/// T^d with d the steps the short way round.
#[test]
fn a_racetrack_rebuilds_from_its_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("race.h5");
    let o = agglo(&[
        "solve",
        "-o",
        out.to_str().unwrap(),
        "--set",
        "geography.kind=racetrack",
        "--set",
        "geography.regions=7",
        "--set",
        "geography.trade-cost=1.3",
        "--set",
        "solve.horizon=short-run",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(stored_costs(&out).is_none());
    let rebuilt = dir.path().join("rebuilt.h5");
    solve(
        &matrix_config(dir.path(), "m.toml", &out),
        &rebuilt,
        &["--write-trade-costs"],
    );
    let t = stored_costs(&rebuilt).unwrap();
    let n: usize = 7;
    for r in 0..n {
        for s in 0..n {
            let d = r.abs_diff(s).min(n - r.abs_diff(s));
            let want = 1.3f64.powi(d as i32);
            assert!(
                (t[r * n + s] - want).abs() <= 1e-14 * want,
                "T[{r}][{s}] = {} != 1.3^{d}",
                t[r * n + s]
            );
        }
    }
}

/// A geography read from a matrix file records the file's SHA-256; rebuilding from a
/// results file refuses once that input has changed, naming it.
#[test]
fn a_changed_input_matrix_is_refused_when_rebuilding() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("costs.csv");
    std::fs::copy(configs_dir().join("matrix-costs.csv"), &csv).unwrap();
    let config = dir.path().join("m.toml");
    std::fs::write(
        &config,
        "[model]\nkind = \"core-periphery\"\n\n[geography]\nkind = \"matrix\"\nfile = \"costs.csv\"\n",
    )
    .unwrap();
    let first = dir.path().join("first.h5");
    solve(&config, &first, &[]);
    let stored = dir.path().join("stored.h5");
    solve(&config, &stored, &["--write-trade-costs"]);
    let again = dir.path().join("again.h5");
    solve(
        &matrix_config(dir.path(), "again.toml", &first),
        &again,
        &["--write-trade-costs"],
    );
    assert_eq!(stored_costs(&again), stored_costs(&stored));

    let edited = std::fs::read_to_string(&csv).unwrap().replacen("1.9", "1.95", 1);
    std::fs::write(&csv, edited).unwrap();
    let o = agglo(&[
        "solve",
        matrix_config(dir.path(), "late.toml", &first).to_str().unwrap(),
        "-o",
        dir.path().join("late.h5").to_str().unwrap(),
    ]);
    let stderr = text(&o.stderr);
    assert!(!o.status.success(), "a changed input must be refused");
    assert!(
        stderr.contains("costs.csv") && stderr.contains("has changed since"),
        "{stderr}"
    );
    assert!(!dir.path().join("late.h5").exists(), "no output on error");
}
