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

use serde::{Deserialize, Serialize};

use super::calibrate_targets::{moments, trade_flows, wages};
use super::family::Family;
use super::{messages, ModelSpec, RunSpec};
use crate::calibration::{Method, Options, Parameter, Target};
use crate::error::{Error, Result};

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
    let mut parameters = Vec::new();
    for (i, p) in raw.parameter.iter().enumerate() {
        let field = format!("calibrate.parameter[{}]", i + 1);
        let key = p.key.trim().replace('_', "-");
        let section = key.split('.').next().unwrap_or("");
        let numeric = spec.tree.numeric(&key) == Some(false);
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

/// The model at theta: the typed configuration with the parameters' keys set to theta
/// ([`Family`]; the geography is rebuilt only when a parameter is a geography key, from the
/// files read at the start).
pub struct ParameterFamily {
    family: Family,
    /// The calibrated keys, in the order of theta.
    pub keys: Vec<String>,
}

impl ParameterFamily {
    pub fn new(spec: &RunSpec, parameters: &[Parameter]) -> Result<Self> {
        let keys: Vec<String> = parameters.iter().map(|p| p.key.clone()).collect();
        Ok(ParameterFamily {
            family: Family::new(spec, &keys)?,
            keys,
        })
    }

    /// The validated model at theta (one value per parameter, in order).
    pub fn at(&self, theta: &[f64]) -> Result<ModelSpec> {
        Ok(self.family.at(theta)?.0)
    }
}
