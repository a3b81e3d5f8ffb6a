//! `[calibrate]` into a checked calibration: the parameters (any numeric config keys, each
//! with lower, upper and start), the target with its data, and the optimiser's options.
//! The model at theta is the configuration rebuilt with the parameters' keys set to theta
//! ([`ParameterFamily`], the calibration's version of `ModelFamily` and `PointFamily`).
//!
//! ```toml
//! [calibrate]
//! target = "wages"              # wages | trade-flows | moments
//! method = "levenberg-marquardt" # levenberg-marquardt | nelder-mead | lbfgs | particle-swarm
//!                               # (default: levenberg-marquardt, nelder-mead for moments)
//! polish = "nelder-mead"        # particle-swarm: the local method from its best point
//! starts = 4                    # start 0 = the parameters' start; others seeded draws
//! seed = 1
//! max-iterations = 2000
//! tolerance = 1e-15             # nelder-mead: sd of the simplex's objectives; lbfgs: gradient;
//!                               # levenberg-marquardt: relative step, decrease and gradient cosine
//! particles = 20                # particle-swarm
//! least-squares-polish = true   # Levenberg–Marquardt steps on the residuals after the search
//! bootstrap = 0                 # replicates of the bootstrap over locations
//! identification-tolerance = 1e-6
//! checkpoint-every = 0          # > 0: argmin checkpoints of each local run every so many iterations
//! wage = "wage"                 # wages: CSV column of observed wages (the model's data file)
//! weight = "weight"             # wages: optional CSV column of weights
//! flows = "flows.csv"           # trade-flows: CSV origin,destination,flow[,weight]
//!
//! [[calibrate.parameter]]
//! key = "model.sigma"
//! lower = 2.0
//! upper = 10.0
//! start = 4.0
//!
//! [[calibrate.moment]]          # moments: name, target, weight (default 1)
//! name = "wage-gap"
//! target = 0.05
//! ```

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::csv_table::CsvTable;
use super::data_source::DataSource;
use super::family::Varied;
use super::{messages, overrides, require_file, resolve_path, ModelSpec, RunSpec};
use crate::calibration::targets::{
    Flow, Moment, MomentTarget, MomentsTarget, ParameterRole, TradeFlowsTarget, WagesTarget,
};
use crate::calibration::{Method, Options, Parameter, Target};
use crate::error::{Error, Result};
use crate::geography::Geography;

/// Sections whose numeric keys can be calibrated.
const CALIBRATABLE: [&str; 2] = ["model", "geography"];

/// `[calibrate]` as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawCalibrate {
    pub target: String,
    /// `None`: Levenberg–Marquardt for the least-squares targets, Nelder–Mead for moments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    pub polish: String,
    pub starts: usize,
    pub seed: u64,
    pub max_iterations: u64,
    pub tolerance: f64,
    pub particles: usize,
    pub least_squares_polish: bool,
    pub bootstrap: usize,
    pub identification_tolerance: f64,
    pub checkpoint_every: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flows: Option<String>,
    pub parameter: Vec<RawParameter>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moment: Vec<RawMoment>,
}

impl Default for RawCalibrate {
    fn default() -> Self {
        let o = Options::default();
        RawCalibrate {
            target: "wages".into(),
            method: None,
            polish: "nelder-mead".into(),
            starts: o.starts,
            seed: o.seed,
            max_iterations: o.max_iterations,
            tolerance: o.tolerance,
            particles: o.particles,
            least_squares_polish: o.polish_least_squares,
            bootstrap: 0,
            identification_tolerance: o.identification_tolerance,
            checkpoint_every: 0,
            wage: None,
            weight: None,
            flows: None,
            parameter: Vec::new(),
            moment: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawParameter {
    pub key: String,
    pub lower: f64,
    pub upper: f64,
    pub start: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawMoment {
    pub name: String,
    pub target: f64,
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

/// A checked `[calibrate]`: the target (with its data and model family), parameters, options.
pub struct CalibrationSpec {
    pub target: Box<dyn Target>,
    pub parameters: Vec<Parameter>,
    pub options: Options,
    pub raw: RawCalibrate,
}

/// `[calibrate]` of `spec` as written (defaults filled in).
pub fn raw_calibrate(spec: &RunSpec) -> Result<RawCalibrate> {
    match spec.table.get("calibrate") {
        None => Ok(RawCalibrate::default()),
        Some(v) => v
            .clone()
            .try_into()
            .map_err(|e| Error::Config(messages::type_error(&spec.origin, "calibrate", None, &e))),
    }
}

/// Checks `[calibrate]` against the resolved configuration and reads its data.
pub fn calibration(spec: &RunSpec) -> Result<CalibrationSpec> {
    checked(spec).map_err(|e| super::with_origin(e, &spec.origin))
}

fn checked(spec: &RunSpec) -> Result<CalibrationSpec> {
    let raw = raw_calibrate(spec)?;
    let resolved: toml::Table = spec.resolved_toml.parse().map_err(|e| Error::Config(format!("{e}")))?;
    let mut parameters = Vec::new();
    for (i, p) in raw.parameter.iter().enumerate() {
        let field = format!("calibrate.parameter[{}]", i + 1);
        let key = p.key.trim().replace('_', "-");
        let section = key.split('.').next().unwrap_or("");
        let numeric = matches!(lookup(&resolved, &key), Some(toml::Value::Float(_)));
        if !CALIBRATABLE.contains(&section) || !numeric {
            return Err(Error::invalid(
                format!("{field}.key"),
                format!("\"{}\"", p.key),
                "must be the dotted key of a real-valued setting of [model] or [geography] in this config, e.g. \"model.sigma\" or \"geography.rate\"",
            ));
        }
        if parameters.iter().any(|q: &Parameter| q.key == key) {
            return Err(Error::invalid(
                format!("{field}.key"),
                format!("\"{key}\""),
                "each key once",
            ));
        }
        let parameter = Parameter {
            key,
            lower: p.lower,
            upper: p.upper,
            start: p.start,
        };
        parameter.validate(&field)?;
        parameters.push(parameter);
    }
    if parameters.is_empty() {
        return Err(Error::Config(
            "[calibrate] has no [[calibrate.parameter]]: give each estimated key with lower, upper and start".into(),
        ));
    }
    let options = options(&raw)?;
    let family = ParameterFamily::new(spec, &parameters)?;
    // The model must build at the starts and at the bounds' midpoints.
    for probe in [
        parameters.iter().map(|p| p.start).collect::<Vec<_>>(),
        parameters.iter().map(|p| 0.5 * (p.lower + p.upper)).collect(),
    ] {
        family.at(&probe).map_err(|e| {
            let at: Vec<String> = parameters
                .iter()
                .zip(&probe)
                .map(|(p, v)| format!("{} = {v}", p.key))
                .collect();
            Error::Config(format!("[calibrate] at ({}): {e}", at.join(", ")))
        })?;
    }
    let target: Box<dyn Target> = match raw.target.as_str() {
        "wages" => wages(spec, &raw, family)?,
        "trade-flows" => trade_flows(spec, &raw, family)?,
        "moments" => moments(spec, &raw, family)?,
        other => {
            return Err(Error::invalid(
                "calibrate.target",
                format!("\"{other}\""),
                "one of \"wages\", \"trade-flows\", \"moments\"",
            ))
        }
    };
    Ok(CalibrationSpec {
        target,
        parameters,
        options,
        raw,
    })
}

fn method(name: &str, key: &str, allow_swarm: bool) -> Result<Method> {
    match name {
        "levenberg-marquardt" => Ok(Method::LevenbergMarquardt),
        "nelder-mead" => Ok(Method::NelderMead),
        "lbfgs" => Ok(Method::Lbfgs),
        "particle-swarm" if allow_swarm => Ok(Method::ParticleSwarm {
            polish: Box::new(Method::NelderMead),
        }),
        other => Err(Error::invalid(
            key,
            format!("\"{other}\""),
            if allow_swarm {
                "one of \"levenberg-marquardt\", \"nelder-mead\", \"lbfgs\", \"particle-swarm\""
            } else {
                "one of \"levenberg-marquardt\", \"nelder-mead\", \"lbfgs\""
            },
        )),
    }
}

fn options(raw: &RawCalibrate) -> Result<Options> {
    let default = if raw.target == "moments" {
        "nelder-mead"
    } else {
        "levenberg-marquardt"
    };
    let mut m = method(raw.method.as_deref().unwrap_or(default), "calibrate.method", true)?;
    if let Method::ParticleSwarm { polish } = &mut m {
        **polish = method(&raw.polish, "calibrate.polish", false)?;
    }
    if raw.starts == 0 {
        return Err(Error::invalid("calibrate.starts", 0, "must be >= 1"));
    }
    if raw.max_iterations == 0 {
        return Err(Error::invalid("calibrate.max-iterations", 0, "must be >= 1"));
    }
    if !(raw.tolerance.is_finite() && raw.tolerance >= 0.0) {
        return Err(Error::invalid(
            "calibrate.tolerance",
            raw.tolerance,
            "must be finite and >= 0",
        ));
    }
    if raw.particles < 4 {
        return Err(Error::invalid("calibrate.particles", raw.particles, "must be >= 4"));
    }
    if !(raw.identification_tolerance > 0.0 && raw.identification_tolerance < 1.0) {
        return Err(Error::invalid(
            "calibrate.identification-tolerance",
            raw.identification_tolerance,
            "must be in (0, 1)",
        ));
    }
    if raw.checkpoint_every > 0 && m.local() == Method::LevenbergMarquardt {
        return Err(Error::invalid(
            "calibrate.checkpoint-every",
            raw.checkpoint_every,
            "must be 0 with method levenberg-marquardt (checkpoints are argmin's: nelder-mead, lbfgs, particle-swarm)",
        ));
    }
    if raw.bootstrap == 1 {
        return Err(Error::invalid("calibrate.bootstrap", 1, "must be 0 (none) or >= 2"));
    }
    Ok(Options {
        method: m,
        starts: raw.starts,
        seed: raw.seed,
        max_iterations: raw.max_iterations,
        tolerance: raw.tolerance,
        particles: raw.particles,
        polish_least_squares: raw.least_squares_polish,
        bootstrap: raw.bootstrap,
        identification_tolerance: raw.identification_tolerance,
        checkpoint: None,
        progress: None,
    })
}

fn wages(spec: &RunSpec, raw: &RawCalibrate, family: ParameterFamily) -> Result<Box<dyn Target>> {
    if spec.model.mobile().is_none() {
        return Err(Error::Config(format!(
            "calibrate.target = \"wages\" needs a model with a mobile factor (core-periphery, footloose-entrepreneur), not \"{}\"",
            spec.model.kind()
        )));
    }
    let column = raw.wage.as_deref().ok_or_else(|| {
        Error::Config("calibrate.wage is missing: the wages target needs the CSV column of observed wages".into())
    })?;
    let mut source = DataSource::new(spec.data_file.clone());
    let observed = source.column("calibrate.wage", column, &spec.geography, |v| {
        (!(v.is_finite() && v > 0.0)).then_some("is not a positive wage")
    })?;
    let weights = match raw.weight.as_deref() {
        Some(w) => source.column("calibrate.weight", w, &spec.geography, |v| {
            (!(v.is_finite() && v >= 0.0)).then_some("is not a weight >= 0")
        })?,
        None => vec![1.0; spec.geography.len()],
    };
    if weights.iter().all(|w| *w == 0.0) {
        return Err(Error::Config("calibrate.weight: every weight is 0".into()));
    }
    let settings = spec.solver;
    let roles = family.keys.iter().map(|k| wage_role(k, spec)).collect();
    let model_at = Box::new(move |theta: &[f64]| {
        let m = family.at(theta)?;
        let shares = m.shares().expect("a mobile-factor model").to_vec();
        Ok((m.into_mobile().expect("a mobile-factor model"), shares))
    });
    Ok(Box::new(
        WagesTarget::new(model_at, spec.geography.ids.clone(), &observed, weights, settings).with_roles(roles),
    ))
}

/// What `key` is to the core–periphery short run (for the exact Jacobian of the wages target).
fn wage_role(key: &str, spec: &RunSpec) -> ParameterRole {
    let cost = lookup_str(&spec.table, "geography.cost");
    match (key, cost.as_deref()) {
        ("model.sigma", _) => ParameterRole::Sigma,
        ("model.mu", _) => ParameterRole::Mu,
        ("geography.rate", Some("exp")) | ("geography.elasticity", Some("power")) => ParameterRole::CostProportional,
        ("geography.trade-cost", None) => ParameterRole::CostBase,
        _ => ParameterRole::Other,
    }
}

fn lookup_str(table: &toml::Table, key: &str) -> Option<String> {
    lookup(table, key).and_then(|v| v.as_str()).map(str::to_string)
}

fn trade_flows(spec: &RunSpec, raw: &RawCalibrate, family: ParameterFamily) -> Result<Box<dyn Target>> {
    if spec.model.kind() != "allen-arkolakis" {
        return Err(Error::Config(format!(
            "calibrate.target = \"trade-flows\" needs model.kind = \"allen-arkolakis\" (this config has \"{}\")",
            spec.model.kind()
        )));
    }
    let file = raw.flows.as_deref().ok_or_else(|| {
        Error::Config("calibrate.flows is missing: the trade-flows target needs a CSV origin,destination,flow".into())
    })?;
    let path = resolve_path(&spec.base_dir, file);
    require_file(&path, "calibrate.flows names the CSV of bilateral flows")?;
    let flows = read_flows(&path, &spec.geography)?;
    let model_at = Box::new(move |theta: &[f64]| match family.at(theta)? {
        ModelSpec::Spatial { model, .. } => Ok(model),
        _ => Err(Error::Config("the trade-flows target needs a spatial model".into())),
    });
    Ok(Box::new(TradeFlowsTarget::new(
        model_at,
        spec.geography.ids.clone(),
        flows,
        spec.solver,
    )))
}

/// Flows by origin and destination id; flows must be > 0 (logs are compared), each pair once.
fn read_flows(path: &std::path::Path, geography: &Geography) -> Result<Vec<Flow>> {
    let table = CsvTable::read(path)?;
    let origins = table.text_column("origin")?;
    let destinations = table.text_column("destination")?;
    let values = table.numeric_column("flow")?;
    let weights = if table.has_column("weight") {
        table.numeric_column("weight")?
    } else {
        vec![1.0; values.len()]
    };
    let index: HashMap<&str, usize> = geography
        .ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut flows = Vec::with_capacity(values.len());
    for (k, (line, _)) in table.rows.iter().enumerate() {
        let find = |id: &str, col: &str| {
            index.get(id).copied().ok_or_else(|| {
                Error::data(
                    path,
                    format!("line {line}, column \"{col}\": no location with id \"{id}\" in the geography"),
                )
            })
        };
        let (o, d) = (find(&origins[k], "origin")?, find(&destinations[k], "destination")?);
        if !(values[k].is_finite() && values[k] > 0.0) {
            return Err(Error::data(
                path,
                format!("line {line}, column \"flow\": {} is not a positive flow (log shares are compared; drop zero flows)", values[k]),
            ));
        }
        if !(weights[k].is_finite() && weights[k] >= 0.0) {
            return Err(Error::data(
                path,
                format!("line {line}, column \"weight\": {} is not a weight >= 0", weights[k]),
            ));
        }
        if !seen.insert((o, d)) {
            return Err(Error::data(
                path,
                format!(
                    "line {line}: the pair {} -> {} appears twice",
                    origins[k], destinations[k]
                ),
            ));
        }
        flows.push(Flow {
            origin: o,
            destination: d,
            value: values[k],
            weight: weights[k],
        });
    }
    if flows.is_empty() {
        return Err(Error::data(path, "no flows (the file has only a header)"));
    }
    Ok(flows)
}

fn moments(spec: &RunSpec, raw: &RawCalibrate, family: ParameterFamily) -> Result<Box<dyn Target>> {
    if spec.model.mobile().is_none() {
        return Err(Error::Config(format!(
            "calibrate.target = \"moments\" needs a model with a mobile factor (core-periphery, footloose-entrepreneur), not \"{}\"",
            spec.model.kind()
        )));
    }
    if raw.moment.is_empty() {
        return Err(Error::Config(
            "[calibrate] target = \"moments\" has no [[calibrate.moment]]: give name, target and weight".into(),
        ));
    }
    let mut moments = Vec::new();
    for (i, m) in raw.moment.iter().enumerate() {
        let field = format!("calibrate.moment[{}]", i + 1);
        let moment = Moment::parse(&m.name).ok_or_else(|| {
            let names: Vec<String> = Moment::ALL.iter().map(|m| format!("\"{}\"", m.name())).collect();
            Error::invalid(
                format!("{field}.name"),
                format!("\"{}\"", m.name),
                format!("one of {}", names.join(", ")),
            )
        })?;
        if !m.target.is_finite() {
            return Err(Error::invalid(format!("{field}.target"), m.target, "must be finite"));
        }
        if !(m.weight.is_finite() && m.weight > 0.0) {
            return Err(Error::invalid(
                format!("{field}.weight"),
                m.weight,
                "must be finite and > 0",
            ));
        }
        moments.push(MomentTarget {
            moment,
            target: m.target,
            weight: m.weight,
        });
    }
    let model_at = Box::new(move |theta: &[f64]| {
        let m = family.at(theta)?;
        let shares = m.shares().expect("a mobile-factor model").to_vec();
        Ok((m.into_mobile().expect("a mobile-factor model"), shares))
    });
    Ok(Box::new(MomentsTarget::new(
        model_at,
        moments,
        spec.solver,
        spec.search.clone(),
    )))
}

/// The model at theta: the configuration with the parameters' keys set to theta, resolved
/// again; the geography is resolved once when no parameter is a geography key.
pub struct ParameterFamily {
    varied: Varied,
    keys: Vec<String>,
}

impl ParameterFamily {
    pub fn new(spec: &RunSpec, parameters: &[Parameter]) -> Result<Self> {
        let mut table = spec.table.clone();
        for section in ["calibrate", "sweep", "bifurcate"] {
            table.remove(section);
        }
        let keys: Vec<String> = parameters.iter().map(|p| p.key.clone()).collect();
        let touches = |section: &str| keys.iter().any(|k| k.starts_with(&format!("{section}.")));
        let varied = Varied::new(table, spec, touches("geography") || touches("solver"))?;
        Ok(ParameterFamily { varied, keys })
    }

    /// The validated model at theta (one value per parameter, in order).
    pub fn at(&self, theta: &[f64]) -> Result<ModelSpec> {
        let mut table = self.varied.table.clone();
        for (key, v) in self.keys.iter().zip(theta) {
            overrides::apply(&mut table, &format!("{key}={v:?}"))?;
        }
        Ok(self.varied.resolve(&table)?.0)
    }
}

fn lookup<'a>(table: &'a toml::Table, key: &str) -> Option<&'a toml::Value> {
    let mut parts = key.split('.').peekable();
    let mut node = table;
    while let Some(part) = parts.next() {
        let v = node.get(part)?;
        if parts.peek().is_none() {
            return Some(v);
        }
        node = v.as_table()?;
    }
    None
}
