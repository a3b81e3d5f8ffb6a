//! The entry functions fuzzed by `cargo fuzz` (tests/fuzz/fuzz_targets/) and replayed on every
//! committed seed by tests/fuzz_seeds.rs: each takes arbitrary bytes and drives agglo's
//! config loading through its public API. Each must return normally whatever the bytes: agglo
//! answers with a typed error or a valid `RunSpec`, never a panic. Valid results are checked
//! too (finite parameters, and the resolved configuration loads again).
//!
//! The CSV targets write the bytes to a file in a scratch folder (the readers take paths) and
//! load configs that name it, so the same code runs as for a user's file.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use agglo::config::{self, RunSpec};

/// A points file (euclidean) with per-region data columns.
pub const POINTS_CSV: &str = "id,x,y,farmers,lambda,population,income\n\
a,0,0,0.2,0.3,10,100\nb,1,0,0.3,0.3,20,220\nc,0,1,0.5,0.4,30,290\n";

/// A 3 × 3 trade-cost matrix with id header and id column.
pub const MATRIX_CSV: &str = "id,a,b,c\na,1,1.5,2\nb,1.5,1,1.5\nc,2,1.5,1\n";

/// Scratch folder: per process, holding the fixture files that seed configs refer to
/// (`points.csv`, `matrix.csv`) and the fuzzed files.
pub fn workdir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("agglo-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        std::fs::write(dir.join("points.csv"), POINTS_CSV).expect("fixture");
        std::fs::write(dir.join("matrix.csv"), MATRIX_CSV).expect("fixture");
        dir
    })
}

/// Configs that read the fuzzed points/data file `fuzzed.csv`.
const POINTS_CONFIGS: [&str; 4] = [
    // core–periphery on the points, farmers and shares from the same file
    "[model]\nkind = \"core-periphery\"\nfarmers = \"farmers\"\nshares = \"lambda\"\n\
     [geography]\nkind = \"points\"\nfile = \"fuzzed.csv\"\ncost = \"exp\"\nrate = 0.5\n",
    // great-circle points
    "[geography]\nkind = \"points\"\nfile = \"fuzzed.csv\"\nmetric = \"great-circle\"\ncost = \"power\"\nelasticity = 0.1\n",
    // Allen–Arkolakis, fundamentals from the data file, observed data for [invert]
    "[model]\nkind = \"allen-arkolakis\"\nproductivity = \"population\"\namenity = \"income\"\ndata = \"fuzzed.csv\"\n\
     [geography]\nkind = \"points\"\nfile = \"points.csv\"\ncost = \"exp\"\nrate = 0.5\n\
     [invert]\npopulation = \"population\"\nincome = \"income\"\n",
    // footloose, worker distribution from the data file
    "[model]\nkind = \"footloose-entrepreneur\"\nworker-distribution = \"farmers\"\nshares = \"lambda\"\ndata = \"fuzzed.csv\"\n\
     [geography]\nkind = \"points\"\nfile = \"points.csv\"\ncost = \"exp\"\nrate = 0.5\n",
];

const MATRIX_CONFIG: &str =
    "[model]\nkind = \"core-periphery\"\n[geography]\nkind = \"matrix\"\nfile = \"fuzzed-matrix.csv\"\n";

// Each entry function returns how many of its loads gave a valid `RunSpec` (so that the seed
// test can check that the valid seeds are valid, i.e. that fuzzing starts from deep inside).

/// Config text: loaded as it is (bytes that are not UTF-8 are read lossily, as a user's
/// editor might).
pub fn config(data: &[u8]) -> usize {
    let text = String::from_utf8_lossy(data);
    load(&text, &[]).is_some() as usize
}

/// `--set` overrides: one per line of `data`, applied to the default config and to a points config.
pub fn overrides(data: &[u8]) -> usize {
    let text = String::from_utf8_lossy(data);
    let overrides: Vec<String> = text.lines().map(str::to_string).collect();
    let mut table = toml::Table::new();
    for o in &overrides {
        let _ = config::overrides::apply(&mut table, o);
    }
    let a = load(config::DEFAULT_CONFIG, &overrides).is_some();
    let b = load(
        "[geography]\nkind = \"points\"\nfile = \"points.csv\"\ncost = \"exp\"\nrate = 0.5\n",
        &overrides,
    )
    .is_some();
    a as usize + b as usize
}

/// A points / per-region data CSV.
pub fn points_csv(data: &[u8]) -> usize {
    let path = scratch_file("fuzzed.csv", data);
    if let Ok(table) = config::csv_table::CsvTable::read(&path) {
        for h in &table.headers {
            let _ = table
                .numeric_column(h)
                .map(|v| assert!(v.iter().all(|x| x.is_finite())));
            let _ = table.text_column(h);
        }
    }
    POINTS_CONFIGS.iter().filter(|c| load(c, &[]).is_some()).count()
}

/// A trade-cost matrix CSV.
pub fn matrix_csv(data: &[u8]) -> usize {
    scratch_file("fuzzed-matrix.csv", data);
    let Some(spec) = load(MATRIX_CONFIG, &[]) else { return 0 };
    {
        let g = &spec.geography;
        let n = g.len();
        assert_eq!(g.ids.len(), n);
        for r in 0..n {
            for s in 0..n {
                let t = g.trade_costs.get(r, s);
                assert!(t.is_finite() && t >= 1.0, "trade cost {t} at ({r}, {s})");
            }
        }
    }
    1
}

fn scratch_file(name: &str, data: &[u8]) -> PathBuf {
    let path = workdir().join(name);
    std::fs::write(&path, data).expect("write the fuzzed file");
    path
}

/// Loads `text` with `overrides`; on success checks the result and the checks that later
/// stages run on it (`[bifurcate]`, `[sweep]`, `[invert]`, `[counterfactual]`), and that the
/// resolved configuration loads again.
fn load(text: &str, overrides: &[String]) -> Option<RunSpec> {
    let spec = match config::from_text(text, "fuzz.toml", workdir(), overrides) {
        Ok(spec) => spec,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            if std::env::var_os("AGGLO_FUZZ_DEBUG").is_some() {
                eprintln!("error: {e}");
            }
            return None;
        }
    };
    assert!(!spec.geography.is_empty());
    if let Some(shares) = spec.model.shares() {
        assert_eq!(shares.len(), spec.geography.len());
        let sum: f64 = shares.iter().sum();
        assert!(shares.iter().all(|s| s.is_finite() && *s >= 0.0), "shares {shares:?}");
        assert!((sum - 1.0).abs() < 1e-6, "shares sum to {sum}");
    }
    let _ = config::bifurcation(&spec);
    let _ = config::sweep(&spec);
    let _ = config::workflow::observed(&spec);
    let _ = config::workflow::counterfactual(&spec);
    if let Err(e) = config::from_text(&spec.resolved_toml, "resolved.toml", workdir(), &[]) {
        panic!(
            "the resolved configuration does not load again: {e}\n{}",
            spec.resolved_toml
        );
    }
    Some(spec)
}
