//! `kind = "core-periphery"`: Krugman's model on N regions (Fujita, Krugman and Venables
//! 1999, ch. 4–5), optionally with a Marshallian productivity spillover.

use std::any::Any;

use serde::{Deserialize, Serialize};

use super::{data_file, typed, BuildContext, Built, ModelConfig, ModelKind, ModelSpec};
use crate::config::data_source::DataSource;
use crate::config::distribution::distribution;
use crate::config::fields::{Field, NumericFields};
use crate::config::raw::Distribution;
use crate::error::Result;
use crate::geography::Geography;
use crate::model::{shares, two_region as cp, CorePeriphery, CorePeripheryParams, MobileFactorModel};
use crate::output::ClosedForm;

/// `[model] kind = "core-periphery"`; `Default` is the textbook case (FKV: sigma = 5, mu = 0.4).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawCorePeriphery {
    pub sigma: f64,
    pub mu: f64,
    /// Farm shares a_r.
    pub farmers: Distribution,
    /// Manufacturing worker shares lambda_r (the short run's shares, the long run's start).
    pub shares: Distribution,
    /// CSV with an `id` column holding the columns named by `farmers`/`shares`
    /// (defaults to the points file of a `points` geography).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Marshallian productivity spillover s: A_r = exp(s lambda_r) (0: none).
    #[serde(skip_serializing_if = "is_zero")]
    pub spillover: f64,
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

impl Default for RawCorePeriphery {
    fn default() -> Self {
        let p = CorePeripheryParams::default();
        RawCorePeriphery {
            sigma: p.sigma,
            mu: p.mu,
            farmers: Distribution::default(),
            shares: Distribution::default(),
            data: None,
            spillover: 0.0,
        }
    }
}

crate::numeric_fields!(RawCorePeriphery { "sigma" => sigma, "mu" => mu, "spillover" => spillover });

pub struct Kind;

impl ModelKind for Kind {
    fn name(&self) -> &'static str {
        "core-periphery"
    }
    fn parse(&self, table: toml::Table, origin: &str) -> Result<Box<dyn ModelConfig>> {
        Ok(Box::new(typed::<RawCorePeriphery>(table, self.name(), origin)?))
    }
}

impl ModelConfig for RawCorePeriphery {
    fn kind(&self) -> &'static str {
        "core-periphery"
    }
    fn field(&mut self, name: &str) -> Option<Field<'_>> {
        NumericFields::field(self, name)
    }
    fn build(&self, ctx: &BuildContext) -> Result<ModelSpec> {
        let params = CorePeripheryParams {
            sigma: self.sigma,
            mu: self.mu,
        };
        params.validate()?;
        let mut source = DataSource::cached(data_file(ctx, self.data.as_deref()), ctx.files);
        let g = ctx.geography;
        let farmers = distribution("model.farmers", &self.farmers, g, &mut source)?;
        let worker_shares = distribution("model.shares", &self.shares, g, &mut source)?;
        shares::validate("model.shares", &worker_shares, g.len())?;
        let reuse = ctx
            .previous
            .and_then(|p| p.downcast_ref::<CorePeriphery>())
            .filter(|p| p.params().sigma == params.sigma);
        let mut model = match reuse {
            Some(p) => CorePeriphery::with_freeness(params, p.freeness().clone(), farmers)?,
            None => CorePeriphery::new(params, g, farmers)?,
        };
        if self.spillover != 0.0 {
            model = model.with_spillover(self.spillover)?;
        }
        Ok(ModelSpec::new(Mobile {
            model,
            shares: worker_shares,
        }))
    }
}

/// The built model with its worker shares.
#[derive(Debug, Clone)]
pub struct Mobile {
    model: CorePeriphery,
    shares: Vec<f64>,
}

impl Built for Mobile {
    fn kind(&self) -> &'static str {
        "core-periphery"
    }
    fn parameters(&self) -> String {
        let spillover = match self.model.spillover() {
            0.0 => String::new(),
            s => format!(", spillover = {s}"),
        };
        let p = self.model.params();
        format!("sigma = {}, mu = {}{spillover}", p.sigma, p.mu)
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
    /// Break and sustain points and the no-black-hole condition (FKV ch. 5), for two
    /// regions with symmetric costs, farmers split equally and no spillover.
    fn closed_form(&self, geography: &Geography) -> Option<(ClosedForm, String)> {
        let f = self.model.farmers();
        if geography.len() != 2
            || !geography.trade_costs.is_symmetric()
            || f[0] != f[1]
            || self.model.spillover() != 0.0
        {
            return None;
        }
        let p = self.model.params();
        // NaN only where the point does not exist (no black hole fails), flagged by
        // no_black_hole = 0; otherwise computed in log freeness, finite at any sigma, mu.
        let closed = ClosedForm {
            break_freeness: cp::break_point_freeness(p),
            break_trade_cost: cp::break_point_trade_cost(p).unwrap_or(f64::NAN),
            sustain_freeness: cp::sustain_point_freeness(p).unwrap_or(f64::NAN),
            sustain_trade_cost: cp::sustain_point_trade_cost(p).unwrap_or(f64::NAN),
            no_black_hole: p.no_black_hole(),
        };
        let relation = if p.no_black_hole() { "<" } else { ">=" };
        Some((
            closed,
            format!("mu = {} {relation} rho = (sigma-1)/sigma = {:.6}", p.mu, p.rho()),
        ))
    }
}
