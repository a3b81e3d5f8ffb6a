//! `kind = "arsw"`: the Ahlfeldt–Redding–Sturm–Wolf city. Its blocks come from
//! `[model.synthetic]` (an n × n grid) or a `model.blocks` CSV, with travel times from the
//! grid, from the blocks' coordinates at `model.speed-kmh`, or from `model.travel-times`
//! (CSV or HDF5). The blocks' residents, workers and floor prices are the observed data the
//! fundamentals are recovered from; `[geography]`, `[invert]`, `[solve]` and `[bifurcate]`
//! are not used (refused when present).
//!
//! The built model offers the city capability ([`CityModel`]): `agglo solve`, `invert`,
//! `counterfactual` run the city workflow, `sweep` and `calibrate` solve the city at the
//! family's parameters with the fundamentals recovered at the configured ones (see
//! `model::arsw::setup`). The family may vary the eight parameters and an open city's
//! `utility`; the blocks and their data are read and the kernels built once per run.

mod files;

use std::any::Any;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::{typed, BuildContext, Built, ModelConfig, ModelKind, ModelSpec};
use crate::config::budget;
use crate::config::fields::{Field, NumericFields};
use crate::config::resolve_path;
use crate::error::{Error, Result};
use crate::model::arsw::{
    ArswCity, ArswFundamentals, ArswParams, Blocks, CityData, CityModel, Closure, SyntheticCity, Travel, TravelTimes,
};
use files::{read_blocks, read_travel_times, synthetic_checks};

/// `[model] kind = "arsw"` (Ahlfeldt, Redding, Sturm and Wolf 2015): parameters (`Default`:
/// ARSW's estimates) and the blocks, either `[model.synthetic]` or a `blocks` CSV.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawArsw {
    pub epsilon: f64,
    pub kappa_epsilon: f64,
    pub lambda: f64,
    pub delta: f64,
    pub eta: f64,
    pub rho: f64,
    pub alpha: f64,
    pub beta: f64,
    /// "closed" (population fixed at the observed total) or "open" (utility fixed).
    pub city: String,
    /// Reservation utility of an open city.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utility: Option<f64>,
    /// Door-to-door speed for travel times from coordinates, km/h.
    pub speed_kmh: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synthetic: Option<RawArswSynthetic>,
    /// CSV of blocks: columns id, x, y (km), area (km²), residents, workers, floor_price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocks: Option<String>,
    /// N × N travel times in minutes (CSV, or HDF5 with `dataset`), rows = residence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub travel_times: Option<String>,
    pub dataset: String,
    /// The city as configured (set when parsed): what every model of a family shares.
    #[serde(skip)]
    configured: Option<Arc<Configured>>,
}

/// `[model.synthetic]`: an n × n grid city whose residents and workers decay from the centre.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawArswSynthetic {
    pub size: usize,
    pub block_km: f64,
    pub population: f64,
    pub resident_decay_km: f64,
    pub worker_decay_km: f64,
    pub price_decay_km: f64,
    /// Fraction of blocks without workers (the farthest from the centre).
    #[serde(skip_serializing_if = "is_zero")]
    pub residential_only: f64,
    /// Fraction of blocks without residents (the nearest to the centre).
    #[serde(skip_serializing_if = "is_zero")]
    pub commercial_only: f64,
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

impl Default for RawArsw {
    fn default() -> Self {
        let p = ArswParams::default();
        RawArsw {
            epsilon: p.epsilon,
            kappa_epsilon: p.kappa_epsilon,
            lambda: p.lambda,
            delta: p.delta,
            eta: p.eta,
            rho: p.rho,
            alpha: p.alpha,
            beta: p.beta,
            city: "closed".into(),
            utility: None,
            speed_kmh: SyntheticCity::default().speed_kmh,
            synthetic: None,
            blocks: None,
            travel_times: None,
            dataset: "minutes".into(),
            configured: None,
        }
    }
}

impl Default for RawArswSynthetic {
    fn default() -> Self {
        let s = SyntheticCity::default();
        RawArswSynthetic {
            size: s.size,
            block_km: s.block_km,
            population: s.population,
            resident_decay_km: s.resident_decay_km,
            worker_decay_km: s.worker_decay_km,
            price_decay_km: s.price_decay_km,
            residential_only: s.residential_only,
            commercial_only: s.commercial_only,
        }
    }
}

crate::numeric_fields!(RawArsw {
    "epsilon" => epsilon,
    "kappa-epsilon" => kappa_epsilon,
    "lambda" => lambda,
    "delta" => delta,
    "eta" => eta,
    "rho" => rho,
    "alpha" => alpha,
    "beta" => beta,
    "utility" => utility,
});

/// The parameters as parsed, and the city data built from them on first use.
#[derive(Debug)]
struct Configured {
    params: ArswParams,
    utility: Option<f64>,
    data: Mutex<Option<Arc<CityData>>>,
}

pub struct Kind;

/// Tables an ARSW config does not read, with why.
const UNUSED: &[(&str, &str)] = &[
    ("geography", "the blocks come from [model.synthetic] or model.blocks"),
    (
        "invert",
        "the observed residents, workers and floor prices are the blocks'",
    ),
    ("solve", "the equilibrium is solved from the uniform start"),
    ("bifurcate", "continuation is not available for this model"),
];

impl ModelKind for Kind {
    fn name(&self) -> &'static str {
        "arsw"
    }
    fn parse(&self, table: toml::Table, origin: &str) -> Result<Box<dyn ModelConfig>> {
        let mut raw: RawArsw = typed(table, self.name(), origin)?;
        raw.configured = Some(Arc::new(Configured {
            params: raw.params(),
            utility: raw.utility,
            data: Mutex::new(None),
        }));
        Ok(Box::new(raw))
    }
    fn unused_sections(&self) -> &'static [(&'static str, &'static str)] {
        UNUSED
    }
}

impl RawArsw {
    fn params(&self) -> ArswParams {
        ArswParams {
            epsilon: self.epsilon,
            kappa_epsilon: self.kappa_epsilon,
            lambda: self.lambda,
            delta: self.delta,
            eta: self.eta,
            rho: self.rho,
            alpha: self.alpha,
            beta: self.beta,
        }
    }

    /// The reservation utility of an open city, `None` for a closed one; errors name the key.
    fn closure_utility(&self) -> Result<Option<f64>> {
        match (self.city.as_str(), self.utility) {
            ("closed", None) => Ok(None),
            ("closed", Some(_)) => Err(Error::Config(
                "model.utility is the reservation utility of an open city: set model.city = \"open\" or remove it"
                    .into(),
            )),
            ("open", Some(u)) if u.is_finite() && u > 0.0 => Ok(Some(u)),
            ("open", Some(u)) => Err(Error::invalid("model.utility", u, "must be finite and > 0")),
            ("open", None) => Err(Error::Config(
                "model.city = \"open\" needs model.utility = <reservation utility> (> 0)".into(),
            )),
            (other, _) => Err(Error::invalid(
                "model.city",
                format!("\"{other}\""),
                "one of \"closed\", \"open\"",
            )),
        }
    }

    /// The blocks, their data and travel times, and the city at `params` with placeholder
    /// fundamentals.
    fn city_data(&self, params: ArswParams, utility: Option<f64>, ctx: &BuildContext) -> Result<CityData> {
        params.validate()?;
        if !(self.speed_kmh.is_finite() && self.speed_kmh > 0.0) {
            return Err(Error::invalid(
                "model.speed-kmh",
                self.speed_kmh,
                "must be finite and > 0",
            ));
        }
        let (travel, area, observed, ids, coordinates, layout, description) = match (&self.synthetic, &self.blocks) {
            (Some(s), None) => {
                if self.travel_times.is_some() {
                    return Err(Error::Config(
                        "model.travel-times is for model.blocks; a synthetic city's times come from its grid at model.speed-kmh".into(),
                    ));
                }
                let city = SyntheticCity {
                    size: s.size,
                    block_km: s.block_km,
                    speed_kmh: self.speed_kmh,
                    population: s.population,
                    resident_decay_km: s.resident_decay_km,
                    worker_decay_km: s.worker_decay_km,
                    price_decay_km: s.price_decay_km,
                    residential_only: s.residential_only,
                    commercial_only: s.commercial_only,
                };
                synthetic_checks(&city)?;
                budget::require(
                    "model.synthetic.size",
                    &format!("the FFT kernels and vectors of a {0} x {0} city", s.size),
                    budget::arsw_bytes(s.size.saturating_mul(s.size), true),
                )?;
                let g = city.grid();
                let ids = (0..g.len()).map(|i| format!("{}-{}", i % s.size, i / s.size)).collect();
                let coordinates = (0..g.len()).map(|i| g.centre(i)).collect();
                (
                    city.travel()?,
                    city.area(),
                    city.observed(),
                    ids,
                    coordinates,
                    "arsw-grid",
                    format!(
                        "a {0} x {0} grid of {1} km blocks at {2} km/h",
                        s.size, s.block_km, self.speed_kmh
                    ),
                )
            }
            (None, Some(file)) => {
                let path = resolve_path(ctx.base_dir, file);
                let blocks = read_blocks(&path, ctx.files)?;
                let n = blocks.ids.len();
                budget::require(
                    "model.blocks",
                    &format!("the dense {n} x {n} travel times and kernels of {n} blocks"),
                    budget::arsw_bytes(n, false),
                )?;
                let travel = match &self.travel_times {
                    Some(t) => read_travel_times(&resolve_path(ctx.base_dir, t), &self.dataset, &blocks.ids, ctx.files)?,
                    None => straight_line_times(&blocks.coordinates, self.speed_kmh)?,
                };
                (
                    travel,
                    blocks.area,
                    blocks.observed,
                    blocks.ids,
                    blocks.coordinates,
                    "arsw-blocks",
                    format!("the blocks of {}", path.display()),
                )
            }
            (Some(_), Some(_)) => {
                return Err(Error::Config(
                    "give either [model.synthetic] or model.blocks = \"<CSV>\", not both".into(),
                ))
            }
            (None, None) => {
                return Err(Error::Config(
                    "model.kind = \"arsw\" needs its blocks: [model.synthetic] (size = 30, ...) or model.blocks = \"<CSV with id, x, y, area, residents, workers, floor_price>\"".into(),
                ))
            }
        };
        let n = area.len();
        let closure = match utility {
            None => Closure::Closed {
                population: observed.residents.iter().sum(),
            },
            Some(u) => Closure::Open { utility: u },
        };
        let placeholder = ArswFundamentals {
            productivity: vec![1.0; n],
            amenity: vec![1.0; n],
            floor_space: vec![1.0; n],
        };
        let city = ArswCity::new(params, travel, area, placeholder, closure)?;
        let blocks = Blocks {
            layout,
            ids,
            coordinates,
            description,
        };
        Ok(CityData::new(city, observed, utility, blocks))
    }
}

/// Times at `speed_kmh` along straight lines between the blocks' centres.
fn straight_line_times(c: &[[f64; 2]], speed_kmh: f64) -> Result<Travel> {
    let n = c.len();
    let per_km = 60.0 / speed_kmh;
    let minutes = (0..n * n)
        .map(|k| {
            let (a, b) = (c[k / n], c[k % n]);
            per_km * ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
        })
        .collect();
    Travel::new(TravelTimes::Matrix { n, minutes })
}

impl ModelConfig for RawArsw {
    fn kind(&self) -> &'static str {
        "arsw"
    }
    fn field(&mut self, name: &str) -> Option<Field<'_>> {
        NumericFields::field(self, name)
    }
    fn build(&self, ctx: &BuildContext) -> Result<ModelSpec> {
        let (params, utility) = (self.params(), self.closure_utility()?);
        let data = match &self.configured {
            Some(c) => {
                let mut slot = c.data.lock().expect("city data");
                match slot.as_ref() {
                    Some(d) => Arc::clone(d),
                    None => {
                        let d = Arc::new(self.city_data(c.params, c.utility, ctx)?);
                        *slot = Some(Arc::clone(&d));
                        d
                    }
                }
            }
            None => Arc::new(self.city_data(params, utility, ctx)?),
        };
        Ok(ModelSpec::new(City {
            model: CityModel::new(data, params, utility)?,
        }))
    }
}

#[derive(Debug, Clone)]
struct City {
    model: CityModel,
}

impl Built for City {
    fn kind(&self) -> &'static str {
        "arsw"
    }
    /// E.g. "closed city, 900 blocks: a 30 x 30 grid of 0.5 km blocks at 15 km/h; epsilon = ...".
    fn parameters(&self) -> String {
        let p = self.model.params();
        let data = self.model.data();
        format!(
            "{} city, {} blocks: {}; epsilon = {}, kappa epsilon = {}/min, lambda = {}, delta = {}, eta = {}, rho = {}, alpha = {}, beta = {}",
            if self.model.utility().is_some() { "open" } else { "closed" },
            self.model.blocks(),
            data.blocks().description,
            p.epsilon,
            p.kappa_epsilon,
            p.lambda,
            p.delta,
            p.eta,
            p.rho,
            p.alpha,
            p.beta
        )
    }
    fn as_any(&self) -> &dyn Any {
        &self.model
    }
    fn city(&self) -> Option<&CityModel> {
        Some(&self.model)
    }
}
