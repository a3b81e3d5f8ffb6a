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
    /// Marshallian productivity spillover s: A_r = exp(s lambda_r) (0: none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub spillover: f64,
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
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

/// `kind = "torus"`: width × height unit cells wrapped in both directions (distances taken
/// the shorter way round); either a cost per unit distance (`trade-cost`) or a distance
/// function (`cost = "exp"` with `rate`, or `"power"` with `elasticity`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTorus {
    pub width: usize,
    pub height: usize,
    /// Only "euclidean" (on the wrapped offsets).
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
    /// Optional: one region's costs to and from every other region, replacing the file's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<RawRemote>,
}

/// `geography.remote = { region = "market", trade-cost = 2.0 }`: T between `region` and every
/// other region, both ways (a distant market reached at one cost; a key to vary).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRemote {
    pub region: String,
    pub trade_cost: f64,
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
    /// Storage of a dense freeness matrix: "f64", or "f32" (half the memory and the bytes
    /// read per product; sums stay in f64). FFT representations are always f64.
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

/// `[model] kind = "allen-arkolakis"` (Allen and Arkolakis 2014).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawAllenArkolakis {
    #[serde(default = "default_aa_sigma")]
    pub sigma: f64,
    #[serde(default = "default_aa_alpha")]
    pub alpha: f64,
    #[serde(default = "default_aa_beta")]
    pub beta: f64,
    /// Total population Lbar.
    #[serde(default = "default_population")]
    pub population: f64,
    #[serde(default)]
    pub productivity: Quantity,
    #[serde(default)]
    pub amenity: Quantity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

fn default_aa_sigma() -> f64 {
    9.0
}
fn default_aa_alpha() -> f64 {
    0.1
}
fn default_aa_beta() -> f64 {
    -0.3
}
fn default_population() -> f64 {
    1.0
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

/// `[model] kind = "helpman"` (Helpman 1998 in the form of Redding and Rossi-Hansberg 2017).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawHelpman {
    #[serde(default = "default_helpman_sigma")]
    pub sigma: f64,
    /// Goods share alpha (housing share 1 - alpha).
    #[serde(default = "default_goods_share")]
    pub alpha: f64,
    #[serde(default = "default_fixed_cost")]
    pub fixed_cost: f64,
    /// Total labour, split across countries by their number of locations.
    #[serde(default = "default_population")]
    pub labour: f64,
    /// Housing stock H_n per location.
    #[serde(default)]
    pub housing: Quantity,
    #[serde(default)]
    pub productivity: Quantity,
    #[serde(default)]
    pub amenity: Quantity,
    /// "none", or "country": productivity scaled to geometric mean 1 within each country.
    #[serde(default = "default_normalise")]
    pub normalise_productivity: String,
    /// CSV column of country labels (labour is mobile only within a country); a
    /// `border-grid` geography supplies its own; otherwise one country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub countries: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

fn default_helpman_sigma() -> f64 {
    5.0
}
fn default_goods_share() -> f64 {
    0.75
}
fn default_fixed_cost() -> f64 {
    1.0
}
fn default_normalise() -> String {
    "none".into()
}

/// `[geography] kind = "border-grid"`: the QSE §3.9 grid with two countries.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawBorderGrid {
    #[serde(default = "default_grid_side")]
    pub width: usize,
    #[serde(default = "default_grid_side")]
    pub height: usize,
    /// Columns 1..=border-column are country 0.
    #[serde(default = "default_border_column")]
    pub border_column: usize,
    #[serde(default = "default_distance_elasticity")]
    pub distance_elasticity: f64,
    #[serde(default = "default_tax")]
    pub internal_tax: f64,
    #[serde(default = "default_tax")]
    pub border_tax: f64,
}

fn default_grid_side() -> usize {
    30
}
fn default_border_column() -> usize {
    15
}
fn default_distance_elasticity() -> f64 {
    0.33
}
fn default_tax() -> f64 {
    2.0
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

/// `[model] kind = "arsw"` (Ahlfeldt, Redding, Sturm and Wolf 2015): parameters (defaults:
/// ARSW's estimates) and the blocks, either `[model.synthetic]` or a `blocks` CSV.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawArsw {
    #[serde(default = "arsw_defaults::epsilon")]
    pub epsilon: f64,
    #[serde(default = "arsw_defaults::kappa_epsilon")]
    pub kappa_epsilon: f64,
    #[serde(default = "arsw_defaults::lambda")]
    pub lambda: f64,
    #[serde(default = "arsw_defaults::delta")]
    pub delta: f64,
    #[serde(default = "arsw_defaults::eta")]
    pub eta: f64,
    #[serde(default = "arsw_defaults::rho")]
    pub rho: f64,
    #[serde(default = "arsw_defaults::alpha")]
    pub alpha: f64,
    #[serde(default = "arsw_defaults::beta")]
    pub beta: f64,
    /// "closed" (population fixed at the observed total) or "open" (utility fixed).
    #[serde(default = "arsw_defaults::city")]
    pub city: String,
    /// Reservation utility of an open city.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utility: Option<f64>,
    /// Door-to-door speed for travel times from coordinates, km/h.
    #[serde(default = "arsw_defaults::speed_kmh")]
    pub speed_kmh: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synthetic: Option<RawArswSynthetic>,
    /// CSV of blocks: columns id, x, y (km), area (km²), residents, workers, floor_price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<String>,
    /// N × N travel times in minutes (CSV, or HDF5 with `dataset`), rows = residence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel_times: Option<String>,
    #[serde(default = "arsw_defaults::dataset")]
    pub dataset: String,
}

/// `[model.synthetic]`: an n × n grid city whose residents and workers decay from the centre.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawArswSynthetic {
    #[serde(default = "arsw_defaults::size")]
    pub size: usize,
    #[serde(default = "arsw_defaults::block_km")]
    pub block_km: f64,
    #[serde(default = "arsw_defaults::population")]
    pub population: f64,
    #[serde(default = "arsw_defaults::resident_decay_km")]
    pub resident_decay_km: f64,
    #[serde(default = "arsw_defaults::worker_decay_km")]
    pub worker_decay_km: f64,
    #[serde(default = "arsw_defaults::price_decay_km")]
    pub price_decay_km: f64,
}

/// `[counterfactual]` of an ARSW city: travel-time changes.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawArswCounterfactual {
    /// "both", "with" or "without".
    #[serde(default = "arsw_defaults::spillovers")]
    pub spillovers: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corridor: Option<RawCorridor>,
    /// CSV with columns origin, destination (block ids), factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel_time_factors: Option<String>,
}

/// `[counterfactual.corridor]`: pairs of blocks both within `width-km` of the segment
/// `from`–`to` (km) get their travel times multiplied by `factor`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCorridor {
    pub from: [f64; 2],
    pub to: [f64; 2],
    pub width_km: f64,
    pub factor: f64,
}

mod arsw_defaults {
    use crate::model::arsw::{ArswParams, SyntheticCity};
    pub fn epsilon() -> f64 {
        ArswParams::default().epsilon
    }
    pub fn kappa_epsilon() -> f64 {
        ArswParams::default().kappa_epsilon
    }
    pub fn lambda() -> f64 {
        ArswParams::default().lambda
    }
    pub fn delta() -> f64 {
        ArswParams::default().delta
    }
    pub fn eta() -> f64 {
        ArswParams::default().eta
    }
    pub fn rho() -> f64 {
        ArswParams::default().rho
    }
    pub fn alpha() -> f64 {
        ArswParams::default().alpha
    }
    pub fn beta() -> f64 {
        ArswParams::default().beta
    }
    pub fn city() -> String {
        "closed".into()
    }
    pub fn speed_kmh() -> f64 {
        SyntheticCity::default().speed_kmh
    }
    pub fn dataset() -> String {
        "minutes".into()
    }
    pub fn size() -> usize {
        SyntheticCity::default().size
    }
    pub fn block_km() -> f64 {
        SyntheticCity::default().block_km
    }
    pub fn population() -> f64 {
        SyntheticCity::default().population
    }
    pub fn resident_decay_km() -> f64 {
        SyntheticCity::default().resident_decay_km
    }
    pub fn worker_decay_km() -> f64 {
        SyntheticCity::default().worker_decay_km
    }
    pub fn price_decay_km() -> f64 {
        SyntheticCity::default().price_decay_km
    }
    pub fn spillovers() -> String {
        "both".into()
    }
}
