//! `kind = "puga-venables"`: several industries, each with vertical linkages within itself
//! (Puga and Venables 1996), immobile labour shared by all of them; docs/puga-venables.md.
//! The state is the firms of each industry in each region, so the model offers the
//! industries capability (its own long run and path along a parameter), not the
//! mobile-factor long run.

use std::any::Any;

use serde::{Deserialize, Serialize};

use super::{data_file, typed, BuildContext, Built, ModelConfig, ModelKind, ModelSpec};
use crate::config::data_source::DataSource;
use crate::config::distribution::distribution;
use crate::config::fields::{Field, NumericFields};
use crate::config::raw::Distribution;
use crate::error::Result;
use crate::model::puga_venables::{Industry, PugaVenables, PugaVenablesParams};

const KIND: &str = "puga-venables";

/// One entry of `model.industries`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawIndustry {
    pub sigma: f64,
    pub mu: f64,
    pub alpha: f64,
}

/// `[model] kind = "puga-venables"`; `Default`: three industries (sigma = 5, mu = 0.15,
/// alpha = 0.3, 0.4, 0.5), L = 2, growth = 1.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawPugaVenables {
    pub industries: Vec<RawIndustry>,
    /// Total (immobile) labour L.
    pub labour: f64,
    /// Consumers spend growth x mu_j on industry j (the growth parameter).
    pub growth: f64,
    /// How labour is split across regions (every share > 0).
    pub labour_distribution: Distribution,
    /// Where each industry's firms start (the same shares for every industry).
    pub shares: Distribution,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

impl Default for RawPugaVenables {
    fn default() -> Self {
        let p = PugaVenablesParams::default();
        RawPugaVenables {
            industries: p
                .industries
                .iter()
                .map(|i| RawIndustry {
                    sigma: i.sigma,
                    mu: i.mu,
                    alpha: i.alpha,
                })
                .collect(),
            labour: p.labour,
            growth: p.growth,
            labour_distribution: Distribution::default(),
            shares: Distribution::default(),
            data: None,
        }
    }
}

crate::numeric_fields!(RawPugaVenables { "growth" => growth, "labour" => labour });

pub struct Kind;

impl ModelKind for Kind {
    fn name(&self) -> &'static str {
        KIND
    }
    fn parse(&self, table: toml::Table, origin: &str) -> Result<Box<dyn ModelConfig>> {
        Ok(Box::new(typed::<RawPugaVenables>(table, KIND, origin)?))
    }
}

impl ModelConfig for RawPugaVenables {
    fn kind(&self) -> &'static str {
        KIND
    }
    fn field(&mut self, name: &str) -> Option<Field<'_>> {
        NumericFields::field(self, name)
    }
    fn build(&self, ctx: &BuildContext) -> Result<ModelSpec> {
        let params = PugaVenablesParams {
            industries: self
                .industries
                .iter()
                .map(|i| Industry {
                    sigma: i.sigma,
                    mu: i.mu,
                    alpha: i.alpha,
                })
                .collect(),
            labour: self.labour,
            growth: self.growth,
        };
        params.validate()?;
        let mut source = DataSource::cached(data_file(ctx, self.data.as_deref()), ctx.files);
        let g = ctx.geography;
        let labour = distribution("model.labour-distribution", &self.labour_distribution, g, &mut source)?;
        let shares = distribution("model.shares", &self.shares, g, &mut source)?;
        // The last model of a family on the same geography lends its freeness (per sigma).
        let previous = ctx
            .previous
            .and_then(|p| p.industries())
            .filter(|(p, _)| p.regions() == g.len());
        let model = PugaVenables::reusing(params, g, labour, previous.map(|(m, _)| m))?;
        Ok(ModelSpec::new(Industries { model, shares }))
    }
}

/// The built model with the firm shares every industry starts from.
#[derive(Debug, Clone)]
pub struct Industries {
    model: PugaVenables,
    shares: Vec<f64>,
}

impl Built for Industries {
    fn kind(&self) -> &'static str {
        KIND
    }
    fn parameters(&self) -> String {
        let p = self.model.params();
        let each: Vec<String> = p
            .industries
            .iter()
            .map(|i| format!("(sigma {}, mu {}, alpha {})", i.sigma, i.mu, i.alpha))
            .collect();
        format!(
            "{} industries {}, L = {}, growth = {}",
            each.len(),
            each.join(" "),
            p.labour,
            p.growth
        )
    }
    fn warnings(&self) -> Vec<String> {
        self.model.warnings()
    }
    fn as_any(&self) -> &dyn Any {
        &self.model
    }
    fn industries(&self) -> Option<(&PugaVenables, &[f64])> {
        Some((&self.model, &self.shares))
    }
}
