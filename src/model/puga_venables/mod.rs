//! Several industries with vertical linkages within each: Puga and Venables (1996), "The
//! spread of industry: spatial agglomeration in economic development", *Journal of the
//! Japanese and International Economies* 10: 440–464; equations and sources in
//! docs/puga-venables.md.
//!
//! Industries j = 1..J, each the vertical-linkages model of Krugman and Venables (1995) on
//! its own ([`crate::model::vertical_linkages`]): elasticity sigma_j, consumers' share
//! g mu_j (g the growth parameter), intermediate share alpha_j, firms of industry j buying
//! the composite of industry j only. They share the regions' immobile labour L_r and the
//! wage: agriculture (one unit of labour per unit of food, traded freely) is the numeraire,
//! so w_r = 1 where food is produced, and otherwise all labour is in manufacturing and
//! w_r >= 1 clears the labour market:
//!
//! ```text
//! G_jr^(1-sigma_j) = sum_s n_js (p_js T_sr)^(1-sigma_j),   p_js = w_s^(1-alpha_j) G_js^alpha_j
//! E_jr             = g mu_j w_r L_r + alpha_j n_jr p_jr
//! pi_jr            = p_jr^(-sigma_j) sum_s E_js T_rs^(1-sigma_j) G_js^(sigma_j-1) - 1
//! D_r              = sum_j (1 - alpha_j) n_jr p_jr / w_r,   D_r <= L_r, w_r >= 1, (L_r - D_r)(w_r - 1) = 0
//! dn_jr/dt         = n_jr pi_jr
//! ```
//!
//! The state is n_jr (J x R, the positive orthant), which the mobile-factor long run (one
//! simplex of shares) cannot carry: the model has its own long run ([`entry`]: the entry
//! dynamics integrated to rest, Newton on the occupied cells, the entry Jacobian's
//! eigenvalues and the entry conditions of empty cells) and its own path along a parameter
//! ([`path`]: equilibria on a grid, warm-started, and every change of the occupied cells
//! located by bisection). With one industry it is the vertical-linkages model exactly.

pub mod entry;
pub mod path;
pub mod short_run;

use super::freeness::Freeness;
use super::vertical_linkages::{VerticalLinkages, VerticalLinkagesParams};
use crate::error::{Error, Result};
use crate::geography::Geography;
pub use entry::{EntryOptions, Equilibrium};
pub use path::{IndustryPath, PathOptions, StepPoint};
pub use short_run::Economy;

/// One industry: sigma_j, mu_j (consumers' share before growth), alpha_j.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Industry {
    pub sigma: f64,
    pub mu: f64,
    pub alpha: f64,
}

/// Parameters of the several-industry model. `Default`: three industries with
/// sigma = 5, mu = 0.15 each and alpha = 0.3, 0.4, 0.5; L = 2; growth g = 1.
#[derive(Debug, Clone, PartialEq)]
pub struct PugaVenablesParams {
    pub industries: Vec<Industry>,
    /// L: total immobile labour (> 0).
    pub labour: f64,
    /// g: consumers spend g mu_j on industry j (the growth parameter: Engel's law).
    pub growth: f64,
}

impl Default for PugaVenablesParams {
    fn default() -> Self {
        PugaVenablesParams {
            industries: [0.3, 0.4, 0.5]
                .iter()
                .map(|&alpha| Industry {
                    sigma: 5.0,
                    mu: 0.15,
                    alpha,
                })
                .collect(),
            labour: 2.0,
            growth: 1.0,
        }
    }
}

impl PugaVenablesParams {
    /// The consumers' share of all manufactures, g sum_j mu_j.
    pub fn manufacturing_share(&self) -> f64 {
        self.growth * self.industries.iter().map(|i| i.mu).sum::<f64>()
    }

    /// Industry j as a vertical-linkages model's parameters (mu_j scaled by g).
    pub fn industry(&self, j: usize) -> VerticalLinkagesParams {
        let i = self.industries[j];
        VerticalLinkagesParams {
            sigma: i.sigma,
            mu: self.growth * i.mu,
            alpha: i.alpha,
            labour: self.labour,
        }
    }

    /// At least one industry, each valid as a vertical-linkages model (errors name
    /// `model.industries[j].key`), g > 0 and g sum_j mu_j < 1 (food is consumed).
    pub fn validate(&self) -> Result<()> {
        if self.industries.is_empty() {
            return Err(Error::invalid("model.industries", "[]", "at least one industry"));
        }
        if !(self.growth.is_finite() && self.growth > 0.0) {
            return Err(Error::invalid("model.growth", self.growth, "must be finite and > 0"));
        }
        for j in 0..self.industries.len() {
            self.industry(j).validate().map_err(|e| match e {
                Error::InvalidParameter { key, value, allowed } => Error::InvalidParameter {
                    key: key.replace("model.", &format!("model.industries[{}].", j + 1)),
                    value,
                    allowed,
                },
                other => other,
            })?;
        }
        let m = self.manufacturing_share();
        if m >= 1.0 {
            return Err(Error::invalid(
                "model.growth",
                self.growth,
                format!(
                    "growth x sum of industries' mu must be < 1 (consumers buy food), here {m}: growth < {}",
                    1.0 / (m / self.growth)
                ),
            ));
        }
        Ok(())
    }
}

/// A validated several-industry model on a geography.
#[derive(Debug, Clone)]
pub struct PugaVenables {
    params: PugaVenablesParams,
    /// One vertical-linkages model per industry (its own freeness, the shared labour).
    industries: Vec<VerticalLinkages>,
    /// L_r.
    labour: Vec<f64>,
}

impl PugaVenables {
    /// Validates the parameters and the labour distribution a_r (> 0, summing to 1).
    pub fn new(params: PugaVenablesParams, geography: &Geography, labour_distribution: Vec<f64>) -> Result<Self> {
        Self::reusing(params, geography, labour_distribution, None)
    }

    /// As [`PugaVenables::new`], reusing the freeness of `previous`'s industries where sigma
    /// and the trade costs did not change (`same_costs`).
    pub fn reusing(
        params: PugaVenablesParams,
        geography: &Geography,
        labour_distribution: Vec<f64>,
        previous: Option<&PugaVenables>,
    ) -> Result<Self> {
        params.validate()?;
        let mut industries = Vec::with_capacity(params.industries.len());
        for j in 0..params.industries.len() {
            let p = params.industry(j);
            let reuse = previous
                .and_then(|m| m.industries.iter().find(|i| i.params().sigma == p.sigma))
                .map(|i| i.freeness().clone());
            let freeness = reuse.unwrap_or_else(|| Freeness::new(&geography.trade_costs, p.sigma));
            let model =
                VerticalLinkages::with_freeness(p, freeness, labour_distribution.clone()).map_err(|e| match e {
                    Error::InvalidParameter { key, value, allowed } => Error::InvalidParameter {
                        key: key.replace("model.", &format!("model.industries[{}].", j + 1)),
                        value,
                        allowed,
                    },
                    other => other,
                })?;
            industries.push(model);
        }
        let labour = industries[0].labour().to_vec();
        Ok(PugaVenables {
            params,
            industries,
            labour,
        })
    }

    pub fn params(&self) -> &PugaVenablesParams {
        &self.params
    }

    /// J.
    pub fn industries(&self) -> usize {
        self.industries.len()
    }

    /// R.
    pub fn regions(&self) -> usize {
        self.labour.len()
    }

    /// L_r.
    pub fn labour(&self) -> &[f64] {
        &self.labour
    }

    /// Industry j as a vertical-linkages model.
    pub fn industry(&self, j: usize) -> &VerticalLinkages {
        &self.industries[j]
    }

    /// Firm shares to start the entry dynamics from: `shares` for every industry.
    pub fn start(&self, shares: &[f64]) -> Vec<f64> {
        (0..self.industries()).flat_map(|_| shares.iter().copied()).collect()
    }

    /// Warnings that do not stop a run.
    pub fn warnings(&self) -> Vec<String> {
        self.params
            .industries
            .iter()
            .enumerate()
            .filter(|(_, i)| i.alpha == 0.0)
            .map(|(j, _)| {
                format!(
                    "model.industries[{}].alpha = 0: that industry has no input–output linkage and never agglomerates",
                    j + 1
                )
            })
            .collect()
    }
}
