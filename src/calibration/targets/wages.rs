//! `wages`: the wage equation of the core–periphery short run fitted to observed wages.
//!
//! At observed worker shares lambda_r (the model's `shares`) the short run gives the wage
//! w_r(theta) that makes firms in r break even (FKV eq. 5.3, w_r = [sum_s Y_s phi_rs
//! G_s^(sigma-1)]^(1/sigma)): the nominal-wage / market-access equation that Hanson (2005,
//! JIE 67: 1–24, eq. 5) and Redding and Venables (2004, JIE 62: 53–82, eq. 6) estimate. Wages
//! are compared in logs up to a common constant (the data's units and the model's
//! numeraire differ):
//!
//! ```text
//! d_r  = ln w_r(theta) - ln w_r^obs
//! f(theta) = min_c sum_r W_r (d_r - c)^2 = sum_r W_r (d_r - dbar)^2,  dbar = sum W_r d_r / sum W_r
//! ```
//!
//! with W_r the optional weight column (1 by default) times the bootstrap count of r. The
//! residuals are sqrt(W_r) (d_r - dbar); the demeaning absorbs one degree of freedom.
//!
//! **Exact Jacobian.** With S_ri = d ln w_r / d theta_i from the implicit-function theorem
//! on the short run (`model::core_periphery_sensitivity`: one LU factor of I - dF/du, one
//! solve per parameter),
//!
//! ```text
//! d r_r / d theta_i = sqrt(W_r) (S_ri - sum_s W_s S_si / sum_s W_s)
//! ```
//!
//! given for sigma, mu and the trade-cost parameter of the geography's cost function (see
//! [`ParameterRole`]); with any other parameter, or a model that does not derive its
//! sensitivity, callers fall back to central differences. Each evaluation warm-starts the
//! short run from the wages of the previous one of the same run (and retries from w = 1
//! if that fails).

use nalgebra::DMatrix;

use super::MobileAt;
use crate::calibration::{Target, WarmStart};
use crate::error::Result;
use crate::model::{MobileFactorModel, ShortRunParameter};
use crate::solve::SolverSettings;

/// What a calibrated parameter is to the short run, for its exact derivative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterRole {
    Sigma,
    Mu,
    /// A parameter p with ln T proportional to p (the rate of T = exp(rate d), the
    /// elasticity of T = max(1, d^elasticity)): d ln T / d p = ln T / p.
    CostProportional,
    /// The base t of T = t^d: d ln T / d t = ln T / (t ln t).
    CostBase,
    /// Anything else: no exact derivative.
    Other,
}

impl ParameterRole {
    fn at(self, value: f64) -> Option<ShortRunParameter> {
        match self {
            ParameterRole::Sigma => Some(ShortRunParameter::Sigma),
            ParameterRole::Mu => Some(ShortRunParameter::Mu),
            ParameterRole::CostProportional => Some(ShortRunParameter::TradeCost { log_scale: 1.0 / value }),
            ParameterRole::CostBase => Some(ShortRunParameter::TradeCost {
                log_scale: 1.0 / (value * value.ln()),
            }),
            ParameterRole::Other => None,
        }
    }
}

pub struct WagesTarget {
    model_at: MobileAt,
    ids: Vec<String>,
    log_observed: Vec<f64>,
    weights: Vec<f64>,
    settings: SolverSettings,
    /// One per parameter; empty: no exact Jacobian.
    roles: Vec<ParameterRole>,
}

impl WagesTarget {
    /// `observed` wages (> 0) and `weights` (>= 0) per location, in the geography's order.
    pub fn new(
        model_at: MobileAt,
        ids: Vec<String>,
        observed: &[f64],
        weights: Vec<f64>,
        settings: SolverSettings,
    ) -> Self {
        WagesTarget {
            model_at,
            ids,
            log_observed: observed.iter().map(|w| w.ln()).collect(),
            weights,
            settings,
            roles: Vec::new(),
        }
    }

    /// The target with exact Jacobians for parameters of these roles (one per parameter, in order).
    pub fn with_roles(mut self, roles: Vec<ParameterRole>) -> Self {
        self.roles = roles;
        self
    }

    /// The model at theta, its shares and the short-run wages there, started from `warm`
    /// (then from w = 1 if that fails), which is left at the wages found.
    fn solve(&self, theta: &[f64], warm: &mut WarmStart) -> Result<(Box<dyn MobileFactorModel>, Vec<f64>, Vec<f64>)> {
        let (model, shares) = (self.model_at)(theta)?;
        let start = warm.as_deref().filter(|w| w.len() == shares.len());
        let solved = match start {
            Some(w) => model
                .solve_short_run(&shares, Some(w), &self.settings)
                .or_else(|_| model.solve_short_run(&shares, None, &self.settings)),
            None => model.solve_short_run(&shares, None, &self.settings),
        };
        let (wages, _) = solved.map_err(|e| e.while_solving("the short run of the wages target"))?;
        *warm = Some(wages.clone());
        Ok((model, shares, wages))
    }

    /// sqrt(W) (d - dbar) with W = weights x counts.
    fn demeaned(&self, log_wages: &[f64], counts: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let d: Vec<f64> = log_wages.iter().zip(&self.log_observed).map(|(m, o)| m - o).collect();
        let w: Vec<f64> = self.weights.iter().zip(counts).map(|(w, c)| w * c).collect();
        let mean = weighted_mean(&d, &w);
        (d.iter().zip(&w).map(|(d, w)| w.sqrt() * (d - mean)).collect(), w)
    }

    /// ln w_r(theta) at the observed shares.
    pub fn model_log_wages(&self, theta: &[f64]) -> Result<Vec<f64>> {
        let (_, _, wages) = self.solve(theta, &mut None)?;
        Ok(wages.iter().map(|w| w.ln()).collect())
    }
}

/// sum W x / sum W.
fn weighted_mean(x: &[f64], w: &[f64]) -> f64 {
    let total: f64 = w.iter().sum();
    x.iter().zip(w).map(|(x, w)| x * w).sum::<f64>() / total
}

impl Target for WagesTarget {
    fn name(&self) -> &'static str {
        "wages"
    }

    fn labels(&self) -> Vec<String> {
        self.ids.clone()
    }

    fn locations(&self) -> usize {
        self.ids.len()
    }

    fn residuals(&self, theta: &[f64], counts: &[f64]) -> Result<Vec<f64>> {
        self.residuals_warm(theta, counts, &mut None)
    }

    fn residuals_warm(&self, theta: &[f64], counts: &[f64], warm: &mut WarmStart) -> Result<Vec<f64>> {
        let (_, _, wages) = self.solve(theta, warm)?;
        let log_wages: Vec<f64> = wages.iter().map(|w| w.ln()).collect();
        Ok(self.demeaned(&log_wages, counts).0)
    }

    fn residuals_and_jacobian(
        &self,
        theta: &[f64],
        counts: &[f64],
        warm: &mut WarmStart,
    ) -> Result<Option<(Vec<f64>, DMatrix<f64>)>> {
        let Some(parameters) = self
            .roles
            .iter()
            .zip(theta)
            .map(|(role, v)| role.at(*v))
            .collect::<Option<Vec<ShortRunParameter>>>()
            .filter(|p| p.len() == theta.len())
        else {
            return Ok(None);
        };
        let (model, shares, wages) = self.solve(theta, warm)?;
        let Some(sensitivity) = model.log_state_sensitivity(&shares, &wages, &parameters) else {
            return Ok(None);
        };
        let s = sensitivity?;
        let log_wages: Vec<f64> = wages.iter().map(|w| w.ln()).collect();
        let (r, w) = self.demeaned(&log_wages, counts);
        let total: f64 = w.iter().sum();
        let mut j = DMatrix::zeros(r.len(), theta.len());
        for i in 0..theta.len() {
            let mean = (0..r.len()).map(|k| w[k] * s[(k, i)]).sum::<f64>() / total;
            for k in 0..r.len() {
                j[(k, i)] = w[k].sqrt() * (s[(k, i)] - mean);
            }
        }
        Ok(Some((r, j)))
    }

    fn fit(&self, theta: &[f64]) -> Result<(Vec<f64>, Vec<f64>)> {
        let m = self.model_log_wages(theta)?;
        let (mm, mo) = (
            weighted_mean(&m, &self.weights),
            weighted_mean(&self.log_observed, &self.weights),
        );
        Ok((
            m.iter().map(|x| x - mm).collect(),
            self.log_observed.iter().map(|x| x - mo).collect(),
        ))
    }

    fn absorbed(&self) -> usize {
        1
    }
}
