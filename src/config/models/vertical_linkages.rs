//! `kind = "vertical-linkages"`: Krugman and Venables (1995) / Fujita, Krugman and Venables
//! (1999, ch. 14) on N regions: immobile labour, firms linked by intermediate inputs.

use std::any::Any;

use serde::{Deserialize, Serialize};

use super::{data_file, typed, BuildContext, Built, ModelConfig, ModelKind, ModelSpec};
use crate::config::data_source::DataSource;
use crate::config::distribution::distribution;
use crate::config::fields::{Field, NumericFields};
use crate::config::raw::Distribution;
use crate::error::Result;
use crate::geography::Geography;
use crate::model::vertical_linkages::{two_region as vl, VerticalLinkages, VerticalLinkagesParams};
use crate::model::MobileFactorModel;
use crate::output::ClosedForm;

const KIND: &str = "vertical-linkages";

/// `[model] kind = "vertical-linkages"`; `Default`: sigma = 5, mu = 0.4, alpha = 0.4, L = 2.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RawVerticalLinkages {
    pub sigma: f64,
    pub mu: f64,
    /// Share of intermediates in manufacturing costs.
    pub alpha: f64,
    /// Total (immobile) labour L.
    pub labour: f64,
    /// How labour is split across regions (every share > 0).
    pub labour_distribution: Distribution,
    /// Firm shares n_r / N (the short run's shares, the long run's start).
    pub shares: Distribution,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

impl Default for RawVerticalLinkages {
    fn default() -> Self {
        let p = VerticalLinkagesParams::default();
        RawVerticalLinkages {
            sigma: p.sigma,
            mu: p.mu,
            alpha: p.alpha,
            labour: p.labour,
            labour_distribution: Distribution::default(),
            shares: Distribution::default(),
            data: None,
        }
    }
}

crate::numeric_fields!(RawVerticalLinkages { "sigma" => sigma, "mu" => mu, "alpha" => alpha, "labour" => labour });

pub struct Kind;

impl ModelKind for Kind {
    fn name(&self) -> &'static str {
        KIND
    }
    fn parse(&self, table: toml::Table, origin: &str) -> Result<Box<dyn ModelConfig>> {
        Ok(Box::new(typed::<RawVerticalLinkages>(table, KIND, origin)?))
    }
}

impl ModelConfig for RawVerticalLinkages {
    fn kind(&self) -> &'static str {
        KIND
    }
    fn field(&mut self, name: &str) -> Option<Field<'_>> {
        NumericFields::field(self, name)
    }
    fn build(&self, ctx: &BuildContext) -> Result<ModelSpec> {
        let params = VerticalLinkagesParams {
            sigma: self.sigma,
            mu: self.mu,
            alpha: self.alpha,
            labour: self.labour,
        };
        params.validate()?;
        let mut source = DataSource::cached(data_file(ctx, self.data.as_deref()), ctx.files);
        let g = ctx.geography;
        let labour = distribution("model.labour-distribution", &self.labour_distribution, g, &mut source)?;
        let firm_shares = distribution("model.shares", &self.shares, g, &mut source)?;
        let reuse = ctx
            .previous
            .and_then(|p| p.downcast_ref::<VerticalLinkages>())
            .filter(|p| p.params().sigma == params.sigma);
        let model = match reuse {
            Some(p) => VerticalLinkages::with_freeness(params, p.freeness().clone(), labour)?,
            None => VerticalLinkages::new(params, g, labour)?,
        };
        Ok(ModelSpec::new(Mobile {
            model,
            shares: firm_shares,
        }))
    }
}

/// The built model with its firm shares.
#[derive(Debug, Clone)]
pub struct Mobile {
    model: VerticalLinkages,
    shares: Vec<f64>,
}

impl Built for Mobile {
    fn kind(&self) -> &'static str {
        KIND
    }
    fn parameters(&self) -> String {
        let p = self.model.params();
        format!(
            "sigma = {}, mu = {}, alpha = {}, L = {}",
            p.sigma, p.mu, p.alpha, p.labour
        )
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
    /// Break and sustain points (Robert-Nicoud 2005: the core–periphery model's with alpha
    /// for mu; docs/vertical-linkages.md) for two regions with symmetric costs, labour split
    /// equally and mu <= 1/2.
    fn closed_form(&self, geography: &Geography) -> Option<(ClosedForm, String)> {
        let a = self.model.labour_distribution();
        let p = self.model.params();
        if geography.len() != 2 || !geography.trade_costs.is_symmetric() || a[0] != a[1] || !vl::applies(p) {
            return None;
        }
        let closed = ClosedForm {
            break_freeness: vl::break_point_freeness(p),
            break_trade_cost: vl::break_point_trade_cost(p).unwrap_or(f64::NAN),
            sustain_freeness: vl::sustain_point_freeness(p).unwrap_or(f64::NAN),
            sustain_trade_cost: vl::sustain_point_trade_cost(p).unwrap_or(f64::NAN),
            no_black_hole: true,
        };
        let condition = if p.alpha > 0.0 {
            format!("alpha = {} < rho = (sigma-1)/sigma = {:.6}", p.alpha, p.rho())
        } else {
            "alpha = 0 (no linkage: no break or sustain point, dispersion stable at every trade cost)".to_string()
        };
        Some((closed, condition))
    }
}
