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

use super::MobileAt;
use crate::calibration::Target;
use crate::error::Result;
use crate::solve::SolverSettings;

pub struct WagesTarget {
    model_at: MobileAt,
    ids: Vec<String>,
    log_observed: Vec<f64>,
    weights: Vec<f64>,
    settings: SolverSettings,
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
        }
    }

    /// ln w_r(theta) - ln w_r^obs.
    fn log_gaps(&self, theta: &[f64]) -> Result<Vec<f64>> {
        let model_wages = self.model_log_wages(theta)?;
        Ok(model_wages.iter().zip(&self.log_observed).map(|(m, o)| m - o).collect())
    }

    /// ln w_r(theta) at the observed shares.
    pub fn model_log_wages(&self, theta: &[f64]) -> Result<Vec<f64>> {
        let (model, shares) = (self.model_at)(theta)?;
        let (wages, _) = model
            .solve_short_run(&shares, None, &self.settings)
            .map_err(|e| e.while_solving("the short run of the wages target"))?;
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
        let d = self.log_gaps(theta)?;
        let w: Vec<f64> = self.weights.iter().zip(counts).map(|(w, c)| w * c).collect();
        let mean = weighted_mean(&d, &w);
        Ok(d.iter().zip(&w).map(|(d, w)| w.sqrt() * (d - mean)).collect())
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
