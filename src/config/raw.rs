//! The configuration as written: serde structs with defaults and `deny_unknown_fields`.
//! Keys are kebab-case (snake-case is accepted: keys are normalised before parsing).
//! Tables with a `kind` (model, geography) are dispatched on it, each variant a struct of
//! its own so that an unknown key is reported by name.

use serde::{Deserialize, Serialize};

/// Top level: `[model]`, `[geography]`, `[solver]`, `[solve]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    #[serde(default)]
    pub model: toml::Table,
    #[serde(default)]
    pub geography: toml::Table,
    #[serde(default)]
    pub solver: RawSolver,
    #[serde(default)]
    pub solve: RawSolve,
    #[serde(default)]
    pub bifurcate: RawBifurcate,
    /// `[invert]`, parsed by the `invert` command (as [`RawInvert`]).
    #[serde(default)]
    pub invert: toml::Table,
    /// `[counterfactual]`, parsed by the `counterfactual` command (as [`RawCounterfactual`]).
    #[serde(default)]
    pub counterfactual: toml::Table,
    /// `[sweep]`: what `agglo sweep` solves over (checked by `config::sweep`).
    #[serde(default)]
    pub sweep: RawSweep,
    /// `[wiggle]`, parsed by the `wiggle` command (`config::wiggle`).
    #[serde(default)]
    pub wiggle: toml::Table,
    /// `[calibrate]`, checked by `config::calibrate`.
    #[serde(default)]
    pub calibrate: toml::Table,
}

/// A distribution over regions: `"uniform"`, a CSV column name, or explicit values.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Distribution {
    Values(Vec<f64>),
    Name(String),
}

impl Default for Distribution {
    fn default() -> Self {
        Distribution::Name("uniform".into())
    }
}

/// `[solver]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawSolver {
    pub method: String,
    pub tolerance: f64,
    pub max_iterations: usize,
    pub damping: f64,
    pub depth: usize,
    pub jacobian: String,
    /// Storage of a dense freeness matrix: "mixed" (default: symmetric matrices of 1,000
    /// regions and more as f32 hi + lo, iterations on hi, a double-precision finish), "f64",
    /// or "f32" (half the memory and the bytes read per product; sums stay in f64). FFT
    /// representations are always f64.
    pub matrix_precision: String,
}

impl Default for RawSolver {
    fn default() -> Self {
        RawSolver {
            method: "anderson".into(),
            tolerance: 1e-10,
            max_iterations: 10_000,
            damping: 1.0,
            depth: 10,
            jacobian: "analytic".into(),
            matrix_precision: "f64".into(),
        }
    }
}

/// `[solve]`: what `agglo solve` computes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawSolve {
    pub horizon: String,
    pub seed: u64,
    pub perturbation: f64,
    pub starts: usize,
}

impl Default for RawSolve {
    fn default() -> Self {
        RawSolve {
            horizon: "long-run".into(),
            seed: 1,
            perturbation: 0.01,
            starts: 1,
        }
    }
}

/// `[bifurcate]`: what `agglo bifurcate` traces.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawBifurcate {
    /// Dotted config key of the parameter to vary.
    pub parameter: String,
    /// Tracing starts here (the equilibria there seed the diagram) and runs towards `to`.
    pub from: f64,
    pub to: f64,
    /// First and largest arclength steps, as fractions of |to - from|.
    pub step: f64,
    pub max_step: f64,
    pub max_points: usize,
    pub max_branches: usize,
    /// Also switch at branch points of asymmetric branches.
    pub switch_at_branch_points: bool,
    /// Largest step relative to the parameter's scale, a fraction of max(|p|, 1).
    pub max_relative_step: f64,
    /// "linear" (continue in p) or "log" (in ln p, for p > 0 over decades).
    pub scale: String,
}

impl Default for RawBifurcate {
    fn default() -> Self {
        RawBifurcate {
            parameter: "geography.trade-cost".into(),
            from: 2.5,
            to: 1.0,
            step: 0.01,
            max_step: 0.02,
            max_points: 1000,
            max_branches: 64,
            switch_at_branch_points: false,
            max_relative_step: 0.05,
            scale: "linear".into(),
        }
    }
}

/// A positive per-location quantity (fundamentals, housing): `"uniform"` (1 everywhere), a
/// number (the same everywhere), a CSV column name, explicit values, seeded log-normal draws
/// `{ lognormal = sd, seed = 1 }`, or a file of values `{ file = "...", log = true }`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Quantity {
    Values(Vec<f64>),
    Constant(f64),
    Name(String),
    LogNormal(RawLogNormal),
    File(RawValuesFile),
}

impl Default for Quantity {
    fn default() -> Self {
        Quantity::Name("uniform".into())
    }
}

/// exp(sd z), z standard normal from a ChaCha8 stream seeded with `seed`, normalised to
/// geometric mean 1.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLogNormal {
    pub lognormal: f64,
    #[serde(default)]
    pub seed: u64,
}

/// `[invert]`: the observed data, as columns of the data file.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawInvert {
    /// Column of population (levels or shares; scaled to the model's total population).
    pub population: Option<String>,
    /// Column of wages ...
    pub wage: Option<String>,
    /// ... or of total income (wage = income / population).
    pub income: Option<String>,
}

/// `[counterfactual]`: the baseline and the shock.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCounterfactual {
    /// "model": the equilibrium of the configured fundamentals; "data": fundamentals
    /// recovered from the `[invert]` columns.
    #[serde(default = "default_baseline")]
    pub baseline: String,
    /// Factor on every off-diagonal trade cost.
    pub trade_cost_scale: Option<f64>,
    /// Factor on the trade costs of pairs whose distance is within [min, max].
    pub distance_band: Option<RawDistanceBand>,
    /// N x N CSV of factors on trade costs (same layout as a `matrix` geography).
    pub trade_cost_factors: Option<String>,
    /// Divide the costs between locations in different groups of a CSV column by `factor`.
    pub remove_border: Option<RawBorder>,
    /// Factors on productivity and amenities (lists or CSV columns).
    pub productivity_factors: Option<Quantity>,
    pub amenity_factors: Option<Quantity>,
}

fn default_baseline() -> String {
    "model".into()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistanceBand {
    pub min: f64,
    pub max: f64,
    pub factor: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawBorder {
    /// CSV column of group labels (default: the geography's own groups, e.g. a border grid's).
    pub column: Option<String>,
    pub factor: f64,
}

/// A file of one value per location, in the geography's order (lines starting with `#` and
/// a non-numeric header are skipped); `log = true` when it holds logarithms.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawValuesFile {
    pub file: String,
    #[serde(default)]
    pub log: bool,
}

/// `[sweep]`: the points `agglo sweep` solves and what it keeps of each.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawSweep {
    /// "grid" (every combination of the axes' values), "latin-hypercube" or "sobol".
    pub design: String,
    /// Number of points of a latin-hypercube or sobol design.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<usize>,
    /// Seed of a latin-hypercube or sobol design.
    pub seed: u64,
    /// Quantities kept per point, e.g. ["share", "n-stable", "herfindahl"] (default by model).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub record: Vec<String>,
    /// `[[sweep.axis]]`: one per swept key, in order (the last varies fastest on a grid).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub axis: Vec<RawAxis>,
}

impl Default for RawSweep {
    fn default() -> Self {
        RawSweep {
            design: "grid".into(),
            points: None,
            seed: 1,
            record: Vec::new(),
            axis: Vec::new(),
        }
    }
}

/// `[[sweep.axis]]`: a dotted config key with a list of values or a range.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawAxis {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<f64>,
    /// Values from `from` to `to` on a grid, both ends included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<usize>,
    /// "linear" (default) or "log".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
}

pub use super::raw_arsw::*;
pub use super::raw_geography::*;

crate::numeric_fields!(RawSolver {
    "tolerance" => tolerance,
    "max-iterations" => max_iterations,
    "damping" => damping,
    "depth" => depth,
});
crate::numeric_fields!(RawSolve {
    "seed" => seed,
    "perturbation" => perturbation,
    "starts" => starts,
});
