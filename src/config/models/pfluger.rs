//! `kind = "pfluger"`: Pflüger (2004) on N regions (quasi-linear utility, mobile
//! entrepreneurs, immobile workers).

use std::any::Any;

use serde::{Deserialize, Serialize};

use super::{data_file, typed, BuildContext, Built, ModelConfig, ModelKind, ModelSpec};
use crate::config::data_source::DataSource;
use crate::config::distribution::distribution;
use crate::config::fields::{Field, NumericFields};
use crate::config::raw::Distribution;
use crate::error::Result;
use crate::geography::Geography;
use crate::model::pfluger::{two_region as pf, Pfluger, PflugerParams};
use crate::model::MobileFactorModel;
use crate::output::ClosedForm;

const KIND: &str = "pfluger";

/// `[model] kind = "pfluger"`; `Default`: sigma = 5, mu = 0.4, L = 2 (H = 1).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawPfluger {
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

impl Default for RawPfluger {
    fn default() -> Self {
        let p = PflugerParams::default();
        RawPfluger {
            sigma: p.sigma,
            mu: p.mu,
            workers: p.workers,
            worker_distribution: Distribution::default(),
            shares: Distribution::default(),
            data: None,
        }
    }
}

crate::numeric_fields!(RawPfluger { "sigma" => sigma, "mu" => mu, "workers" => workers });

pub struct Kind;

impl ModelKind for Kind {
    fn name(&self) -> &'static str {
        KIND
    }
    fn parse(&self, table: toml::Table, origin: &str) -> Result<Box<dyn ModelConfig>> {
        Ok(Box::new(typed::<RawPfluger>(table, KIND, origin)?))
    }
}

impl ModelConfig for RawPfluger {
    fn kind(&self) -> &'static str {
        KIND
    }
    fn field(&mut self, name: &str) -> Option<Field<'_>> {
        NumericFields::field(self, name)
    }
    fn build(&self, ctx: &BuildContext) -> Result<ModelSpec> {
        let params = PflugerParams {
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
            .and_then(|p| p.downcast_ref::<Pfluger>())
            .filter(|p| p.params().sigma == params.sigma);
        let model = match reuse {
            Some(p) => Pfluger::with_freeness(params, p.freeness().clone(), workers)?,
            None => Pfluger::new(params, g, workers)?,
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
    model: Pfluger,
    shares: Vec<f64>,
}

impl Built for Mobile {
    fn kind(&self) -> &'static str {
        KIND
    }
    fn parameters(&self) -> String {
        let p = self.model.params();
        format!("sigma = {}, mu = {}, L = {}", p.sigma, p.mu, p.workers)
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
    /// Break and sustain points (Pflüger 2004; docs/pfluger.md) for two regions with
    /// symmetric costs and workers split equally; the condition is (sigma - 1) L > sigma.
    fn closed_form(&self, geography: &Geography) -> Option<(ClosedForm, String)> {
        let w = self.model.worker_distribution();
        if geography.len() != 2 || !geography.trade_costs.is_symmetric() || w[0] != w[1] {
            return None;
        }
        let p = self.model.params();
        let closed = ClosedForm {
            break_freeness: pf::break_point_freeness(p),
            break_trade_cost: pf::break_point_trade_cost(p).unwrap_or(f64::NAN),
            sustain_freeness: pf::sustain_point_freeness(p).unwrap_or(f64::NAN),
            sustain_trade_cost: pf::sustain_point_trade_cost(p).unwrap_or(f64::NAN),
            no_black_hole: p.no_black_hole(),
        };
        let a = (p.sigma - 1.0) * p.workers;
        let relation = if p.no_black_hole() { ">" } else { "<=" };
        Some((closed, format!("(sigma - 1) L = {a} {relation} sigma = {}", p.sigma)))
    }
}
