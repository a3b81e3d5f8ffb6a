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

/// `[model] kind = "core-periphery"`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCorePeriphery {
    #[serde(default = "default_sigma")]
    pub sigma: f64,
    #[serde(default = "default_mu")]
    pub mu: f64,
    /// Farm shares a_r.
    #[serde(default)]
    pub farmers: Distribution,
    /// Manufacturing worker shares lambda_r (the short run's shares, the long run's start).
    #[serde(default)]
    pub shares: Distribution,
    /// CSV with an `id` column holding the columns named by `farmers`/`shares`
    /// (defaults to the points file of a `points` geography).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

/// `[model] kind = "footloose-entrepreneur"` (Forslid and Ottaviano 2003).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawFootloose {
    #[serde(default = "default_sigma")]
    pub sigma: f64,
    #[serde(default = "default_mu")]
    pub mu: f64,
    /// Immobile workers L in total (entrepreneurs H = 1).
    #[serde(default = "default_workers")]
    pub workers: f64,
    /// How the immobile workers are split across regions.
    #[serde(default)]
    pub worker_distribution: Distribution,
    /// Entrepreneur shares lambda_r (the short run's shares, the long run's start).
    #[serde(default)]
    pub shares: Distribution,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

fn default_workers() -> f64 {
    2.0
}

fn default_sigma() -> f64 {
    5.0
}
fn default_mu() -> f64 {
    0.4
}

/// `kind = "two-region"`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTwoRegion {
    #[serde(default = "default_trade_cost")]
    pub trade_cost: f64,
}

/// `kind = "racetrack"` or `"line"`: `regions` one step apart, cost per step.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSteps {
    pub regions: usize,
    #[serde(default = "default_trade_cost")]
    pub trade_cost: f64,
}

/// `kind = "grid"`: width × height unit cells; either a cost per unit distance
/// (`trade-cost`) or a distance function (`cost` with `rate` or `elasticity`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawGrid {
    pub width: usize,
    pub height: usize,
    #[serde(default = "default_grid_metric")]
    pub metric: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade_cost: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elasticity: Option<f64>,
}

/// `kind = "points"`: a CSV with `id,x,y` (euclidean) or `id,lat,lon` (great-circle).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPoints {
    pub file: String,
    #[serde(default = "default_points_metric")]
    pub metric: String,
    #[serde(default = "default_cost")]
    pub cost: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elasticity: Option<f64>,
}

/// `kind = "matrix"`: an N × N CSV, or an HDF5 file with a 2-D dataset.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawMatrix {
    pub file: String,
    #[serde(default = "default_dataset")]
    pub dataset: String,
}

fn default_trade_cost() -> f64 {
    1.7
}
fn default_grid_metric() -> String {
    "euclidean".into()
}
fn default_points_metric() -> String {
    "euclidean".into()
}
fn default_cost() -> String {
    "exp".into()
}
fn default_dataset() -> String {
    "trade_cost".into()
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
}

impl Default for RawSolver {
    fn default() -> Self {
        RawSolver {
            method: "anderson".into(),
            tolerance: 1e-10,
            max_iterations: 10_000,
            damping: 1.0,
            depth: 5,
            jacobian: "analytic".into(),
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
        RawSolve { horizon: "long-run".into(), seed: 1, perturbation: 0.01, starts: 1 }
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
        }
    }
}
