//! `kind = "footloose-entrepreneur"`: Forslid and Ottaviano (2003) on N regions.

use std::any::Any;

use serde::{Deserialize, Serialize};

use super::{data_file, typed, BuildContext, Built, ModelConfig, ModelKind, ModelSpec};
use crate::config::data_source::DataSource;
use crate::config::distribution::distribution;
use crate::config::fields::{Field, NumericFields};
use crate::config::raw::Distribution;
use crate::error::Result;
use crate::geography::Geography;
use crate::model::{footloose_two_region as fe, FootlooseEntrepreneur, FootlooseParams, MobileFactorModel};
use crate::output::ClosedForm;

/// `[model] kind = "footloose-entrepreneur"`; `Default`: sigma = 5, mu = 0.4, L = 2 (H = 1).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawFootloose {
    pub sigma: f64,
    pub mu: f64,
    /// Immobile workers L in total (entrepreneurs H = 1).
    pub workers: f64,
    /// How the immobile workers are split across regions.
    pub worker_distribution: Distribution,
    /// Entrepreneur shares lambda_r (the short run's shares, the long run's start).
    pub shares: Distribution,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

impl Default for RawFootloose {
    fn default() -> Self {
        let p = FootlooseParams::default();
        RawFootloose {
            sigma: p.sigma,
            mu: p.mu,
            workers: p.workers,
            worker_distribution: Distribution::default(),
            shares: Distribution::default(),
            data: None,
        }
    }
}

crate::numeric_fields!(RawFootloose { "sigma" => sigma, "mu" => mu, "workers" => workers });

pub struct Kind;

impl ModelKind for Kind {
    fn name(&self) -> &'static str {
        "footloose-entrepreneur"
    }
    fn parse(&self, table: toml::Table, origin: &str) -> Result<Box<dyn ModelConfig>> {
        Ok(Box::new(typed::<RawFootloose>(table, self.name(), origin)?))
    }
}

impl ModelConfig for RawFootloose {
    fn kind(&self) -> &'static str {
        "footloose-entrepreneur"
    }
    fn field(&mut self, name: &str) -> Option<Field<'_>> {
        NumericFields::field(self, name)
    }
    fn build(&self, ctx: &BuildContext) -> Result<ModelSpec> {
        let params = FootlooseParams {
            sigma: self.sigma,
            mu: self.mu,
            workers: self.workers,
        };
        params.validate()?;
        let mut source = DataSource::cached(data_file(ctx, self.data.as_deref()), ctx.files);
        let g = ctx.geography;
        let workers = distribution("model.worker-distribution", &self.worker_distribution, g, &mut source)?;
        let entrepreneur_shares = distribution("model.shares", &self.shares, g, &mut source)?;
        let reuse = ctx
            .previous
            .and_then(|p| p.downcast_ref::<FootlooseEntrepreneur>())
            .filter(|p| p.params().sigma == params.sigma);
        let model = match reuse {
            Some(p) => FootlooseEntrepreneur::with_freeness(params, p.freeness().clone(), workers)?,
            None => FootlooseEntrepreneur::new(params, g, workers)?,
        };
        Ok(ModelSpec::new(Mobile {
            model,
            shares: entrepreneur_shares,
        }))
    }
}

/// The built model with its entrepreneur shares.
#[derive(Debug, Clone)]
pub struct Mobile {
    model: FootlooseEntrepreneur,
    shares: Vec<f64>,
}

impl Built for Mobile {
    fn kind(&self) -> &'static str {
        "footloose-entrepreneur"
    }
    fn parameters(&self) -> String {
        let p = self.model.params();
        format!("sigma = {}, mu = {}", p.sigma, p.mu)
    }
    fn warnings(&self) -> Vec<String> {
        self.model.warnings()
    }
    fn as_any(&self) -> &dyn Any {
        &self.model
    }
    fn mobile(&self) -> Option<(&dyn MobileFactorModel, &[f64])> {
        Some((&self.model, &self.shares))
    }
    fn into_mobile(self: Box<Self>) -> Option<(Box<dyn MobileFactorModel>, Vec<f64>)> {
        Some((Box::new(self.model), self.shares))
    }
    /// Break and sustain points and the no-black-hole condition (Forslid and Ottaviano
    /// 2003), for two regions with symmetric costs and workers split equally.
    fn closed_form(&self, geography: &Geography) -> Option<(ClosedForm, String)> {
        let w = self.model.worker_distribution();
        if geography.len() != 2 || !geography.trade_costs.is_symmetric() || w[0] != w[1] {
            return None;
        }
        let p = self.model.params();
        // NaN only where the point does not exist (no black hole fails), flagged by
        // no_black_hole = 0; otherwise computed in log freeness, finite at any sigma, mu.
        let closed = ClosedForm {
            break_freeness: fe::break_point_freeness(p),
            break_trade_cost: fe::break_point_trade_cost(p).unwrap_or(f64::NAN),
            sustain_freeness: fe::sustain_point_freeness(p).unwrap_or(f64::NAN),
            sustain_trade_cost: fe::sustain_point_trade_cost(p).unwrap_or(f64::NAN),
            no_black_hole: p.no_black_hole(),
        };
        let relation = if p.no_black_hole() { "<" } else { ">=" };
        Some((
            closed,
            format!("mu = {} {relation} sigma - 1 = {}", p.mu, p.sigma - 1.0),
        ))
    }
}
