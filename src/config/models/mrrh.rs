//! `kind = "mrrh"`: Monte, Redding and Rossi-Hansberg (2018, *AER*), locations where people
//! live and work differ. The locations and their observed workers, residents and workplace
//! wages come from `model.locations` (CSV, one row a location), land from `model.areas`,
//! trade costs d = (distance / least distance)^`distance-elasticity` from the `model.distances`
//! matrix (in `model.distance-unit`, metres by default), and commuting from the `model.commuting` flows (CSV matrix, rows
//! workplaces as in the Ahlfeldt–Seidel toolkit) or, without it, commuting costs
//! kappa = km^`commuting-elasticity` (the toolkit's stand-in). `[geography]`, `[invert]`,
//! `[solve]`, `[bifurcate]` and `[wiggle]` are not used. The built model offers the commuting
//! capability ([`CommutingModel`]): `agglo solve`, `invert` and `counterfactual` run its
//! workflow (`cli::mrrh`); `sweep` and `calibrate` vary its numeric keys with the data read and
//! inverted once at the configured parameters (`model::mrrh::setup`). Equations: docs/mrrh.md.

use std::any::Any;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::{typed, BuildContext, Built, ModelConfig, ModelKind, ModelSpec};
use crate::config::fields::{Field, NumericFields};
use crate::config::files::Files;
use crate::config::{require_file, resolve_path};
use crate::error::{Error, Result};
use crate::model::mrrh::{CommutingModel, MrrhData, MrrhParams, Observed};

/// `[model] kind = "mrrh"`: parameters (`Default`: the toolkit's German calibration) and files.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawMrrh {
    pub alpha: f64,
    pub sigma: f64,
    pub epsilon: f64,
    pub fixed_cost: f64,
    /// d = (distance / least distance)^this (the toolkit's 0.42).
    pub distance_elasticity: f64,
    /// kappa = (distance in km)^this without flows (the toolkit's 0.47).
    pub commuting_elasticity: f64,
    pub locations: String,
    pub id_column: String,
    pub wage_column: String,
    pub workers_column: String,
    pub residents_column: String,
    pub areas: String,
    pub area_id_column: String,
    pub area_column: String,
    pub distances: String,
    /// The unit of `model.distances`: "m" (the toolkit's) or "km".
    pub distance_unit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commuting: Option<String>,
    /// The configured parameters and the data built from them on first use (shared by the
    /// family's builds).
    #[serde(skip)]
    configured: Option<Arc<Configured>>,
}

/// The parameters as parsed, and the data built at them on first use.
#[derive(Debug)]
struct Configured {
    params: MrrhParams,
    distance_elasticity: f64,
    commuting_elasticity: f64,
    data: Mutex<Option<Arc<MrrhData>>>,
}

impl Default for RawMrrh {
    fn default() -> Self {
        let p = MrrhParams::default();
        RawMrrh {
            alpha: p.alpha,
            sigma: p.sigma,
            epsilon: p.epsilon,
            fixed_cost: p.fixed_cost,
            distance_elasticity: 0.42,
            commuting_elasticity: 0.47,
            locations: String::new(),
            id_column: "region_id".into(),
            wage_column: "median_income_workplace".into(),
            workers_column: "employment_workplace".into(),
            residents_column: "employment_residence".into(),
            areas: String::new(),
            area_id_column: "county_id".into(),
            area_column: "Area".into(),
            distances: String::new(),
            distance_unit: "m".into(),
            commuting: None,
            configured: None,
        }
    }
}

crate::numeric_fields!(RawMrrh {
    "alpha" => alpha,
    "sigma" => sigma,
    "epsilon" => epsilon,
    "fixed-cost" => fixed_cost,
    "distance-elasticity" => distance_elasticity,
    "commuting-elasticity" => commuting_elasticity,
});

pub struct Kind;

const UNUSED: &[(&str, &str)] = &[
    (
        "geography",
        "the locations and distances come from model.locations and model.distances",
    ),
    (
        "invert",
        "the observed workers, residents and wages are model.locations'",
    ),
    ("solve", "the equilibrium is solved from uniform wages and prices"),
    ("bifurcate", "continuation is not available for this model"),
    ("wiggle", "not available for this model"),
];

impl ModelKind for Kind {
    fn name(&self) -> &'static str {
        "mrrh"
    }
    fn parse(&self, table: toml::Table, origin: &str) -> Result<Box<dyn ModelConfig>> {
        let mut raw: RawMrrh = typed(table, self.name(), origin)?;
        raw.configured = Some(Arc::new(Configured {
            params: raw.params(),
            distance_elasticity: raw.distance_elasticity,
            commuting_elasticity: raw.commuting_elasticity,
            data: Mutex::new(None),
        }));
        Ok(Box::new(raw))
    }
    fn unused_sections(&self) -> &'static [(&'static str, &'static str)] {
        UNUSED
    }
}

impl ModelConfig for RawMrrh {
    fn kind(&self) -> &'static str {
        "mrrh"
    }
    fn field(&mut self, name: &str) -> Option<Field<'_>> {
        NumericFields::field(self, name)
    }
    fn build(&self, ctx: &BuildContext) -> Result<ModelSpec> {
        let params = self.params();
        let (psi, mu) = (self.distance_elasticity, self.commuting_elasticity);
        let data = match &self.configured {
            Some(c) => {
                let mut slot = c.data.lock().expect("mrrh data");
                match slot.as_ref() {
                    Some(d) => Arc::clone(d),
                    None => {
                        CommutingModel::check(&c.params, c.distance_elasticity, c.commuting_elasticity)?;
                        let d = Arc::new(self.data(c.params, c.distance_elasticity, c.commuting_elasticity, ctx)?);
                        *slot = Some(Arc::clone(&d));
                        d
                    }
                }
            }
            None => {
                CommutingModel::check(&params, psi, mu)?;
                Arc::new(self.data(params, psi, mu, ctx)?)
            }
        };
        Ok(ModelSpec::new(Commuting {
            model: CommutingModel::new(data, params, psi, mu)?,
        }))
    }
}

/// A county id without leading zeros ("01001" and "1001" name the same county).
fn key(id: &str) -> String {
    let t = id.trim().trim_start_matches('0');
    if t.is_empty() {
        "0".into()
    } else {
        t.to_string()
    }
}

fn file(ctx: &BuildContext, key_name: &str, value: &str, role: &str) -> Result<std::path::PathBuf> {
    if value.is_empty() {
        return Err(Error::Config(format!("{key_name} is required: {role}")));
    }
    let path = resolve_path(ctx.base_dir, value);
    require_file(&path, &format!("{key_name} names {role}"))?;
    Ok(path)
}

/// A square matrix whose ids are the locations' in order, entries finite and >= 0.
fn square(path: &Path, what: &str, ids: &[String], files: &Files) -> Result<Vec<f64>> {
    let m = files.matrix(path, "", || {
        crate::config::matrix_csv::read_matrix(path, what, |_, _, v| {
            if v.is_finite() && v >= 0.0 {
                Ok(())
            } else {
                Err("is out of range: entries must be finite and >= 0")
            }
        })
    })?;
    if m.1 != ids.len() {
        return Err(Error::data(
            path,
            format!("a {0} x {0} {what}, but {1} locations", m.1, ids.len()),
        ));
    }
    if let Some(k) = (0..ids.len()).find(|&k| key(&m.0[k]) != key(&ids[k])) {
        return Err(Error::data(
            path,
            format!(
                "line {}: id \"{}\" where model.locations has \"{}\": the {what}'s ids must be model.locations' ids in order",
                k + 2,
                m.0[k],
                ids[k]
            ),
        ));
    }
    Ok(m.2.clone())
}

impl RawMrrh {
    fn params(&self) -> MrrhParams {
        MrrhParams {
            alpha: self.alpha,
            sigma: self.sigma,
            epsilon: self.epsilon,
            fixed_cost: self.fixed_cost,
        }
    }

    /// Metres or km per unit of `model.distances`, in km.
    fn km_per_unit(&self) -> Result<f64> {
        match self.distance_unit.as_str() {
            "m" => Ok(1e-3),
            "km" => Ok(1.0),
            other => Err(Error::invalid(
                "model.distance-unit",
                format!("\"{other}\""),
                "one of \"m\", \"km\"",
            )),
        }
    }

    fn data(&self, params: MrrhParams, psi: f64, mu: f64, ctx: &BuildContext) -> Result<MrrhData> {
        let per_unit = self.km_per_unit()?;
        let loc = file(ctx, "model.locations", &self.locations, "the locations CSV")?;
        let table = ctx.files.csv(&loc)?;
        let ids = table.text_column(&self.id_column)?;
        let mut seen = HashMap::new();
        for (k, id) in ids.iter().enumerate() {
            if let Some(first) = seen.insert(key(id), table.rows[k].0) {
                return Err(Error::data(
                    &loc,
                    format!(
                        "line {}, column \"{}\": id \"{id}\" is also on line {first}: each location once",
                        table.rows[k].0, self.id_column
                    ),
                ));
            }
        }
        let n = ids.len();
        if n < 2 {
            return Err(Error::data(&loc, "an MRRH model needs at least two locations"));
        }
        let positive = |name: &str| -> Result<Vec<f64>> {
            let v = table.numeric_column(name)?;
            match v.iter().position(|x| *x <= 0.0) {
                Some(i) => Err(Error::data(
                    &loc,
                    format!("line {}: {name} = {} must be > 0", table.rows[i].0, v[i]),
                )),
                None => Ok(v),
            }
        };
        let wage = positive(&self.wage_column)?;
        let mut workers = positive(&self.workers_column)?;
        let mut residents = positive(&self.residents_column)?;
        let areas = file(ctx, "model.areas", &self.areas, "the land-area CSV")?;
        let at = ctx.files.csv(&areas)?;
        let by_id: HashMap<String, f64> = at
            .text_column(&self.area_id_column)?
            .iter()
            .map(|i| key(i))
            .zip(at.numeric_column(&self.area_column)?)
            .collect();
        let land = ids
            .iter()
            .map(|i| match by_id.get(&key(i)) {
                Some(a) if *a > 0.0 => Ok(*a),
                Some(a) => Err(Error::data(
                    &areas,
                    format!("location \"{i}\": {} = {a} must be > 0", self.area_column),
                )),
                None => Err(Error::data(&areas, format!("no area for location \"{i}\""))),
            })
            .collect::<Result<Vec<f64>>>()?;
        let dist = file(ctx, "model.distances", &self.distances, "the distance matrix")?;
        let km: Vec<f64> = square(&dist, "distance matrix", &ids, ctx.files)?
            .iter()
            .map(|d| d * per_unit)
            .collect();
        if let Some(k) = km.iter().position(|d| !(*d > 0.0)) {
            let (r, c) = (k / n + 1, k % n + 1);
            return Err(Error::data(
                &dist,
                format!(
                    "line {}, column {} (row {r}, column {c} of the matrix): {} must be > 0 (a location's own distance too)",
                    r + 1,
                    c + 1,
                    km[k] / per_unit
                ),
            ));
        }
        let least = km.iter().cloned().fold(f64::INFINITY, f64::min);
        // Rows are importers n: d_ni at [n * N + i]; the model takes [i * N + n].
        let trade_costs = (0..n * n)
            .map(|k| (km[(k % n) * n + k / n] / least).powf(psi))
            .collect();
        let (flows, commuting_cost) = match &self.commuting {
            Some(c) => {
                let path = file(ctx, "model.commuting", c, "the commuting flows (rows workplaces)")?;
                let by_work = square(&path, "commuting matrix", &ids, ctx.files)?;
                let flows: Vec<f64> = (0..n * n).map(|k| by_work[(k % n) * n + k / n]).collect();
                residents = (0..n).map(|r| flows[r * n..(r + 1) * n].iter().sum()).collect();
                workers = (0..n).map(|i| (0..n).map(|r| flows[r * n + i]).sum()).collect();
                if let Some(i) = (0..n).find(|&i| residents[i] == 0.0 || workers[i] == 0.0) {
                    return Err(Error::data(
                        &path,
                        format!("location \"{}\" has no commuters from or to it", ids[i]),
                    ));
                }
                (Some(flows), None)
            }
            None => (None, Some(km.iter().map(|d| d.powf(mu)).collect())),
        };
        let observed = Observed {
            workers,
            residents,
            wage,
            flows,
        };
        Ok(MrrhData::new(
            params,
            psi,
            mu,
            ids,
            land,
            km,
            trade_costs,
            observed,
            commuting_cost,
        ))
    }
}

/// The built model: the data (shared by the family's builds) at this build's parameters.
#[derive(Debug, Clone)]
struct Commuting {
    model: CommutingModel,
}

impl Built for Commuting {
    fn kind(&self) -> &'static str {
        "mrrh"
    }
    fn parameters(&self) -> String {
        let (p, data) = (self.model.params(), self.model.data());
        format!(
            "{} locations, commuting {}; alpha = {}, sigma = {}, epsilon = {}",
            data.len(),
            if data.has_flows() {
                "flows observed"
            } else {
                "costs from distance"
            },
            p.alpha,
            p.sigma,
            p.epsilon
        )
    }
    fn as_any(&self) -> &dyn Any {
        &self.model
    }
    fn commuting(&self) -> Option<&CommutingModel> {
        Some(&self.model)
    }
}
