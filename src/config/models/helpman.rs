//! `kind = "helpman"`: Helpman (1998) in the form of Redding and Rossi-Hansberg (2017):
//! countries of locations, housing in fixed supply, labour mobile within a country.

use std::any::Any;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::allen_arkolakis::constant;
use super::{data_file, typed, BuildContext, Built, ModelConfig, ModelKind, ModelSpec};
use crate::config::data_source::DataSource;
use crate::config::fields::{Field, NumericFields};
use crate::config::quantity::quantity_in;
use crate::config::raw::Quantity;
use crate::error::{Error, Result};
use crate::geography::Geography;
use crate::model::helpman::{Helpman, HelpmanParams, HelpmanRegions};
use crate::model::{Fundamentals, SpatialModel};

/// `[model] kind = "helpman"`; `Default`: sigma = 5, goods share alpha = 0.75, fixed cost 1,
/// labour 1, uniform housing and fundamentals, one country.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawHelpman {
    pub sigma: f64,
    /// Goods share alpha (housing share 1 - alpha).
    pub alpha: f64,
    pub fixed_cost: f64,
    /// Total labour, split across countries by their number of locations.
    pub labour: f64,
    pub housing: Quantity,
    pub productivity: Quantity,
    pub amenity: Quantity,
    /// `"none"` or `"country"` (productivity scaled to geometric mean 1 within each country).
    pub normalise_productivity: String,
    /// CSV column of country labels (else the border grid's countries, else one country).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub countries: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

impl Default for RawHelpman {
    fn default() -> Self {
        let p = HelpmanParams::default();
        RawHelpman {
            sigma: p.sigma,
            alpha: p.alpha,
            fixed_cost: p.fixed_cost,
            labour: 1.0,
            housing: Quantity::default(),
            productivity: Quantity::default(),
            amenity: Quantity::default(),
            normalise_productivity: "none".into(),
            countries: None,
            data: None,
        }
    }
}

crate::numeric_fields!(RawHelpman {
    "sigma" => sigma,
    "alpha" => alpha,
    "fixed-cost" => fixed_cost,
    "labour" => labour,
});

pub struct Kind;

impl ModelKind for Kind {
    fn name(&self) -> &'static str {
        "helpman"
    }
    fn parse(&self, table: toml::Table, origin: &str) -> Result<Box<dyn ModelConfig>> {
        Ok(Box::new(typed::<RawHelpman>(table, self.name(), origin)?))
    }
}

impl ModelConfig for RawHelpman {
    fn kind(&self) -> &'static str {
        "helpman"
    }
    fn field(&mut self, name: &str) -> Option<Field<'_>> {
        match name {
            "productivity" => constant(&mut self.productivity),
            "amenity" => constant(&mut self.amenity),
            "housing" => constant(&mut self.housing),
            _ => NumericFields::field(self, name),
        }
    }
    fn build(&self, ctx: &BuildContext) -> Result<ModelSpec> {
        let raw = self;
        let params = HelpmanParams {
            sigma: raw.sigma,
            alpha: raw.alpha,
            fixed_cost: raw.fixed_cost,
        };
        params.validate()?;
        if !(raw.labour.is_finite() && raw.labour > 0.0) {
            return Err(Error::invalid(
                "model.labour",
                raw.labour,
                "labour must be finite and > 0",
            ));
        }
        let mut source = DataSource::cached(data_file(ctx, raw.data.as_deref()), ctx.files);
        let (geography, base, files) = (ctx.geography, ctx.base_dir, ctx.files.as_ref());
        let country = countries(raw, geography, &mut source)?;
        let mut productivity = quantity_in(
            "model.productivity",
            &raw.productivity,
            geography,
            &mut source,
            base,
            files,
        )?;
        match raw.normalise_productivity.as_str() {
            "none" => {}
            "country" => normalise_within(&mut productivity, &country),
            other => {
                return Err(Error::invalid(
                    "model.normalise-productivity",
                    format!("\"{other}\""),
                    "one of \"none\", \"country\"",
                ))
            }
        }
        let regions = HelpmanRegions {
            housing: quantity_in("model.housing", &raw.housing, geography, &mut source, base, files)?,
            fundamentals: Fundamentals {
                productivity,
                amenity: quantity_in("model.amenity", &raw.amenity, geography, &mut source, base, files)?,
            },
            labour: HelpmanRegions::labour_by_area(raw.labour, &country),
            country,
        };
        let model = Arc::new(Helpman::new(params, geography, regions)?);
        Ok(ModelSpec::new(Spatial {
            dynamic: model.clone(),
            model,
        }))
    }
}

#[derive(Debug, Clone)]
struct Spatial {
    model: Arc<Helpman>,
    dynamic: Arc<dyn SpatialModel>,
}

impl Built for Spatial {
    fn kind(&self) -> &'static str {
        "helpman"
    }
    fn parameters(&self) -> String {
        let p = self.model.params();
        format!("sigma = {}, goods share alpha = {}", p.sigma, p.alpha)
    }
    fn warnings(&self) -> Vec<String> {
        uniqueness_warning(self.dynamic.as_ref())
    }
    fn as_any(&self) -> &dyn Any {
        self.model.as_ref()
    }
    fn spatial(&self) -> Option<&Arc<dyn SpatialModel>> {
        Some(&self.dynamic)
    }
}

/// The warning of a spatial model whose equilibrium may not be unique.
pub(super) fn uniqueness_warning(model: &dyn SpatialModel) -> Vec<String> {
    let u = model.uniqueness();
    if u.unique {
        Vec::new()
    } else {
        vec![format!(
            "{}: equilibria may be many; agglo solve searches seeded starts ([solve] starts, seed)",
            u.statement
        )]
    }
}

/// Country labels 0..C: a CSV column (any labels, numbered in order of appearance), the
/// countries of a border grid, or one country.
fn countries(raw: &RawHelpman, geography: &Geography, source: &mut DataSource) -> Result<Vec<usize>> {
    if let Some(column) = &raw.countries {
        let labels = source.column("model.countries", column, geography, |_| None)?;
        let mut seen: Vec<u64> = Vec::new();
        return Ok(labels
            .iter()
            .map(|l| {
                let bits = l.to_bits();
                seen.iter().position(|s| *s == bits).unwrap_or_else(|| {
                    seen.push(bits);
                    seen.len() - 1
                })
            })
            .collect());
    }
    Ok(match &geography.groups {
        Some(groups) => groups.clone(),
        None => vec![0; geography.len()],
    })
}

/// Scales `values` to geometric mean 1 within each country.
fn normalise_within(values: &mut [f64], country: &[usize]) {
    let c = country.iter().max().map_or(0, |m| m + 1);
    for k in 0..c {
        let members: Vec<usize> = (0..values.len()).filter(|&i| country[i] == k).collect();
        let mean = members.iter().map(|&i| values[i].ln()).sum::<f64>() / members.len() as f64;
        for i in members {
            values[i] /= mean.exp();
        }
    }
}
