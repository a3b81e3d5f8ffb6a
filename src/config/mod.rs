//! Configuration: TOML text (a file, or the compiled-in default) plus `--set` overrides,
//! parsed into raw serde structs ([`raw`]) and resolved into a validated [`RunSpec`].
//! Relative paths in a config are resolved against the config file's folder.

pub mod bifurcation;
pub use bifurcation::{bifurcation, Bifurcation, ModelFamily};
pub mod sweep;
pub use sweep::{sweep, PointFamily, SweepSpec};
pub mod budget;
pub mod calibrate;
mod calibrate_targets;
pub mod city;
pub mod csv_table;
mod data_source;
mod distribution;
pub mod family;
pub mod fields;
pub mod files;
pub mod geography;
mod matrix_csv;
mod messages;
pub mod models;
pub mod mrrh;
mod network;
pub mod overrides;
mod quantity;
pub mod ranges;
pub mod raw;
mod raw_arsw;
mod raw_geography;
mod recorded_geography;
pub mod tree;
pub mod wiggle;
pub mod workflow;
pub use family::Family;
pub use models::ModelSpec;
pub use tree::Tree;
pub use wiggle::{wiggle, WiggleSpec};

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::geography::Geography;
use crate::long_run::SearchOptions;
use crate::solve::{JacobianSource, Method, SolverSettings, Tolerance};
use raw::{RawConfig, RawSolve, RawSolver};

/// The compiled-in default: FKV two regions, sigma = 5, mu = 0.4, T = 1.7.
pub const DEFAULT_CONFIG: &str = include_str!("../../configs/default.toml");

/// What `agglo solve` computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Horizon {
    /// Wages and prices at the given worker shares.
    ShortRun,
    /// Workers move until real wages are equalised (with stability).
    LongRun,
}

/// A resolved, validated configuration.
#[derive(Debug, Clone)]
pub struct RunSpec {
    /// The config file, or `<default>`.
    pub origin: String,
    pub geography: Geography,
    pub model: ModelSpec,
    pub solver: SolverSettings,
    pub horizon: Horizon,
    pub search: SearchOptions,
    /// The configuration actually used, every default filled in, as TOML.
    pub resolved_toml: String,
    /// Conditions worth telling the user that do not stop the run.
    pub warnings: Vec<String>,
    /// `[bifurcate]` as written (checked by [`bifurcation`]).
    pub bifurcate: raw::RawBifurcate,
    /// The configuration tree (keys normalised, overrides applied), to rebuild the model at
    /// other parameter values.
    pub table: toml::Table,
    /// Folder that relative paths are resolved against.
    pub base_dir: PathBuf,
    /// The CSV with per-location columns (`model.data`, else the points file).
    pub data_file: Option<PathBuf>,
    /// The points file of a `points` geography.
    pub points_file: Option<PathBuf>,
    /// The typed configuration (what families vary).
    pub tree: Tree,
    /// The files the configuration names, as read at the start.
    pub files: files::SharedFiles,
}

/// Reads the config at `path` (or the compiled-in default), applies `overrides`
/// (`key=value`), validates and resolves it.
pub fn load(path: Option<&Path>, overrides: &[String]) -> Result<RunSpec> {
    let (text, origin, base_dir) = match path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| Error::data(p, format!("cannot read config: {e}")))?;
            let base = p.parent().map(Path::to_path_buf).unwrap_or_default();
            (text, p.display().to_string(), base)
        }
        None => (DEFAULT_CONFIG.to_string(), "<default>".to_string(), PathBuf::from(".")),
    };
    from_text(&text, &origin, &base_dir, overrides)
}

/// Parses and resolves config `text`; `origin` names it in messages, `base_dir` anchors relative paths.
pub fn from_text(text: &str, origin: &str, base_dir: &Path, overrides: &[String]) -> Result<RunSpec> {
    let table: toml::Table = text
        .parse()
        .map_err(|e| Error::Config(messages::parse_error(origin, text, &e)))?;
    let mut table = overrides::normalise_checked(table, origin)?;
    for o in overrides {
        overrides::apply(&mut table, o)?;
    }
    unused_sections(&table, origin)?;
    let raw: RawConfig = toml::Value::Table(table.clone())
        .try_into()
        .map_err(|e| Error::Config(messages::type_error(origin, "", None, &e)))?;
    let mut spec = resolve(raw, origin, base_dir).map_err(|e| with_origin(e, origin))?;
    spec.table = table;
    Ok(spec)
}

/// Refuses the tables the config's model kind does not read (e.g. `[geography]` of a city).
fn unused_sections(table: &toml::Table, origin: &str) -> Result<()> {
    let kind = match table.get("model").and_then(|m| m.get("kind")) {
        Some(toml::Value::String(k)) => k.as_str(),
        _ => return Ok(()),
    };
    let Ok(model) = models::kind(kind) else { return Ok(()) };
    for (section, why) in model.unused_sections() {
        if table.contains_key(*section) {
            return Err(Error::Config(format!(
                "{origin}: [{section}] is not used by model.kind = \"{kind}\": {why} (remove [{section}])"
            )));
        }
    }
    Ok(())
}

/// Prefixes the config's name to messages that name a key but not the file.
pub(crate) fn with_origin(e: Error, origin: &str) -> Error {
    match e {
        Error::InvalidParameter { key, value, allowed } => Error::InvalidParameter {
            key: format!("{origin}: {key}"),
            value,
            allowed,
        },
        Error::Config(m) if !m.starts_with(origin) => Error::Config(format!("{origin}: {m}")),
        other => other,
    }
}

fn resolve(raw: RawConfig, origin: &str, base_dir: &Path) -> Result<RunSpec> {
    let files = files::Files::new();
    let tree = Tree::parse(&raw, origin)?;
    let (geography, points_file) = tree.geography(origin, base_dir, &files)?;
    let model = tree.model(origin, base_dir, &files, &geography, points_file.as_deref(), None)?;
    let model_table = tree.model_table();
    let geography_table = tree.geography.to_table();
    let data_file = match raw.model.get("data") {
        Some(toml::Value::String(f)) => Some(resolve_path(base_dir, f)),
        _ => points_file.clone(),
    };
    let solver = solver_settings(&raw.solver)?;
    let (horizon, search) = solve_options(&raw.solve)?;
    let warnings = model.warnings();
    let resolved = Resolved {
        model: model_table,
        geography: geography_table,
        solver: &raw.solver,
        solve: &raw.solve,
        bifurcate: &raw.bifurcate,
        invert: &raw.invert,
        counterfactual: &raw.counterfactual,
        sweep: &raw.sweep,
        wiggle: &raw.wiggle,
        calibrate: &raw.calibrate,
    };
    let resolved_toml = if model.own_workflow() {
        city::resolved_toml(&tree, &raw, origin)?
    } else {
        toml::to_string(&resolved).map_err(|e| Error::Config(format!("{origin}: {e}")))?
    };
    Ok(RunSpec {
        origin: origin.to_string(),
        geography,
        model,
        solver,
        horizon,
        search,
        resolved_toml,
        warnings,
        bifurcate: raw.bifurcate,
        table: toml::Table::new(),
        base_dir: base_dir.to_path_buf(),
        data_file,
        points_file,
        tree,
        files,
    })
}

#[derive(Serialize)]
struct Resolved<'a> {
    model: toml::Table,
    geography: toml::Table,
    solver: &'a RawSolver,
    solve: &'a RawSolve,
    bifurcate: &'a raw::RawBifurcate,
    #[serde(skip_serializing_if = "toml::Table::is_empty")]
    invert: &'a toml::Table,
    #[serde(skip_serializing_if = "toml::Table::is_empty")]
    counterfactual: &'a toml::Table,
    #[serde(skip_serializing_if = "is_default_sweep")]
    sweep: &'a raw::RawSweep,
    #[serde(skip_serializing_if = "toml::Table::is_empty")]
    wiggle: &'a toml::Table,
    calibrate: &'a toml::Table,
}

fn is_default_sweep(s: &&raw::RawSweep) -> bool {
    **s == raw::RawSweep::default()
}

/// `[solver] matrix-precision`: how dense freeness matrices are stored.
pub fn matrix_precision(raw: &RawSolver) -> Result<crate::geography::MatrixPrecision> {
    use crate::geography::MatrixPrecision;
    match raw.matrix_precision.as_str() {
        "f64" => Ok(MatrixPrecision::F64),
        "f32" => Ok(MatrixPrecision::F32),
        "mixed" => Ok(MatrixPrecision::Mixed),
        other => Err(Error::invalid(
            "solver.matrix-precision",
            format!("\"{other}\""),
            "one of \"mixed\", \"f64\", \"f32\"",
        )),
    }
}

/// `[solver]` into settings, checking each value's range.
pub fn solver_settings(raw: &RawSolver) -> Result<SolverSettings> {
    let (lo, hi) = (crate::solve::MIN_TOLERANCE, crate::solve::MAX_TOLERANCE);
    if !(raw.tolerance >= lo && raw.tolerance <= hi) {
        return Err(Error::invalid(
            "solver.tolerance",
            raw.tolerance,
            format!(
                "must be > 0 and in [{lo:e}, {hi:e}]: looser tolerances accept states that are not \
                 equilibria, tighter ones are below round-off"
            ),
        ));
    }
    if raw.max_iterations == 0 {
        return Err(Error::invalid("solver.max-iterations", 0, "must be >= 1"));
    }
    if !(raw.damping > 0.0 && raw.damping <= 1.0) {
        return Err(Error::invalid("solver.damping", raw.damping, "must be in (0, 1]"));
    }
    let jacobian = match raw.jacobian.as_str() {
        "analytic" => JacobianSource::Analytic,
        "finite-difference" => JacobianSource::FiniteDifference,
        other => {
            return Err(Error::invalid(
                "solver.jacobian",
                format!("\"{other}\""),
                "one of \"analytic\", \"finite-difference\"",
            ))
        }
    };
    let method = match raw.method.as_str() {
        "picard" => Method::Picard { damping: raw.damping },
        "anderson" => {
            if raw.depth == 0 {
                return Err(Error::invalid("solver.depth", 0, "must be >= 1"));
            }
            Method::Anderson {
                depth: raw.depth,
                damping: raw.damping,
            }
        }
        "newton" => Method::Newton { jacobian },
        other => {
            return Err(Error::invalid(
                "solver.method",
                format!("\"{other}\""),
                "one of \"picard\", \"anderson\", \"newton\"",
            ))
        }
    };
    Ok(SolverSettings {
        method,
        tolerance: Tolerance {
            residual: raw.tolerance,
            max_iterations: raw.max_iterations,
        },
    })
}

fn solve_options(raw: &RawSolve) -> Result<(Horizon, SearchOptions)> {
    let horizon = match raw.horizon.as_str() {
        "long-run" => Horizon::LongRun,
        "short-run" => Horizon::ShortRun,
        other => {
            return Err(Error::invalid(
                "solve.horizon",
                format!("\"{other}\""),
                "one of \"long-run\", \"short-run\"",
            ))
        }
    };
    if !(raw.perturbation.is_finite() && raw.perturbation >= 0.0 && raw.perturbation < 1.0) {
        return Err(Error::invalid(
            "solve.perturbation",
            raw.perturbation,
            "must be in [0, 1)",
        ));
    }
    Ok((
        horizon,
        SearchOptions {
            seed: raw.seed,
            perturbation: raw.perturbation,
            starts: raw.starts,
        },
    ))
}

/// Splits a `kind`-tagged table into its kind (or `default`) and the remaining keys.
fn split_kind(table: &toml::Table, section: &str, origin: &str, default: &str) -> Result<(String, toml::Table)> {
    let mut rest = table.clone();
    let kind = match rest.remove("kind") {
        None => default.to_string(),
        Some(toml::Value::String(s)) => s,
        Some(other) => {
            return Err(Error::Config(format!(
                "{origin}: {section}.kind = {other} must be a string"
            )))
        }
    };
    Ok((kind, rest))
}

/// Deserialises the `kind` variant of a table into `T`, naming the key and kind in errors.
fn typed<T: serde::de::DeserializeOwned>(table: toml::Table, section: &str, kind: &str, origin: &str) -> Result<T> {
    // Tables without a kind ([invert], [counterfactual]) pass "": no "(kind = ...)" in messages.
    let kind = Some(kind).filter(|k| !k.is_empty());
    toml::Value::Table(table)
        .try_into()
        .map_err(|e| Error::Config(messages::type_error(origin, section, kind, &e)))
}

/// Serialises a typed table back with its kind first.
fn with_kind<T: Serialize>(kind: &str, value: &T) -> toml::Table {
    let mut t = toml::Table::new();
    t.insert("kind".into(), toml::Value::String(kind.into()));
    if let Ok(toml::Value::Table(rest)) = toml::Value::try_from(value) {
        t.extend(rest);
    }
    t
}

/// Resolves `file` against the config's folder.
fn resolve_path(base_dir: &Path, file: &str) -> PathBuf {
    let p = Path::new(file);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base_dir.join(p)
    }
}

/// A readable error when `path` is missing or a folder; `role` says which key names it.
fn require_file(path: &Path, role: &str) -> Result<()> {
    if path.is_file() {
        return Ok(());
    }
    let what = if path.exists() { "is not a file" } else { "no such file" };
    Err(Error::data(path, format!("{what} ({role})")))
}
