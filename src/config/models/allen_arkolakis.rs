//! `kind = "allen-arkolakis"`: Allen and Arkolakis (2014), a gravity economy with
//! productivity and amenity spillovers (alpha, beta) and free labour mobility.

use std::any::Any;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{data_file, typed, BuildContext, Built, ModelConfig, ModelKind, ModelSpec};
use crate::config::data_source::DataSource;
use crate::config::fields::{Field, NumericFields};
use crate::config::quantity::quantity_in;
use crate::config::raw::Quantity;
use crate::error::Result;
use crate::model::allen_arkolakis::{AllenArkolakis, AllenArkolakisParams};
use crate::model::{Fundamentals, SpatialModel};

/// `[model] kind = "allen-arkolakis"`; `Default`: sigma = 9, alpha = 0.1, beta = -0.3,
/// population 1, uniform fundamentals.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawAllenArkolakis {
    pub sigma: f64,
    pub alpha: f64,
    pub beta: f64,
    /// Total population Lbar.
    pub population: f64,
    pub productivity: Quantity,
    pub amenity: Quantity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

impl Default for RawAllenArkolakis {
    fn default() -> Self {
        let p = AllenArkolakisParams::default();
        RawAllenArkolakis {
            sigma: p.sigma,
            alpha: p.alpha,
            beta: p.beta,
            population: p.population,
            productivity: Quantity::default(),
            amenity: Quantity::default(),
            data: None,
        }
    }
}

crate::numeric_fields!(RawAllenArkolakis {
    "sigma" => sigma,
    "alpha" => alpha,
    "beta" => beta,
    "population" => population,
});

pub struct Kind;

impl ModelKind for Kind {
    fn name(&self) -> &'static str {
        "allen-arkolakis"
    }
    fn parse(&self, table: toml::Table, origin: &str) -> Result<Box<dyn ModelConfig>> {
        Ok(Box::new(typed::<RawAllenArkolakis>(table, self.name(), origin)?))
    }
}

impl ModelConfig for RawAllenArkolakis {
    fn kind(&self) -> &'static str {
        "allen-arkolakis"
    }
    fn field(&mut self, name: &str) -> Option<Field<'_>> {
        match name {
            "productivity" | "amenity" => constant(if name == "amenity" {
                &mut self.amenity
            } else {
                &mut self.productivity
            }),
            _ => NumericFields::field(self, name),
        }
    }
    fn build(&self, ctx: &BuildContext) -> Result<ModelSpec> {
        let params = AllenArkolakisParams {
            sigma: self.sigma,
            alpha: self.alpha,
            beta: self.beta,
            population: self.population,
        };
        params.validate()?;
        let mut source = DataSource::cached(data_file(ctx, self.data.as_deref()), ctx.files);
        let (g, base, files) = (ctx.geography, ctx.base_dir, ctx.files.as_ref());
        let fundamentals = Fundamentals {
            productivity: quantity_in("model.productivity", &self.productivity, g, &mut source, base, files)?,
            amenity: quantity_in("model.amenity", &self.amenity, g, &mut source, base, files)?,
        };
        let model = Arc::new(AllenArkolakis::new(params, g, fundamentals)?);
        Ok(ModelSpec::new(Spatial {
            dynamic: model.clone(),
            model,
        }))
    }
}

/// A quantity given as one number: the number, as a setting to vary.
pub(super) fn constant(q: &mut Quantity) -> Option<Field<'_>> {
    match q {
        Quantity::Constant(v) => Some(Field::Real(v)),
        _ => None,
    }
}

#[derive(Debug, Clone)]
struct Spatial {
    model: Arc<AllenArkolakis>,
    dynamic: Arc<dyn SpatialModel>,
}

impl Built for Spatial {
    fn kind(&self) -> &'static str {
        "allen-arkolakis"
    }
    fn parameters(&self) -> String {
        let p = self.model.params();
        format!("sigma = {}, alpha = {}, beta = {}", p.sigma, p.alpha, p.beta)
    }
    fn warnings(&self) -> Vec<String> {
        super::helpman::uniqueness_warning(self.dynamic.as_ref())
    }
    fn as_any(&self) -> &dyn Any {
        self.model.as_ref()
    }
    fn spatial(&self) -> Option<&Arc<dyn SpatialModel>> {
        Some(&self.dynamic)
    }
    fn has_trade_shares(&self) -> bool {
        true
    }
}
