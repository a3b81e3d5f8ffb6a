//! The interior equilibria of a spatial model (Allen–Arkolakis, ...) as a continuation
//! problem. The state is `u_i = ln(L_i / L_N) / UNIT`, i = 1..N-1 (every location occupied;
//! shares `l = softmax(UNIT u, 0)`, levels `L = Lbar l`; in units of [`LOG_RATIO_UNIT`] log
//! points, so that the arclength weighs a factor e^10 in relative population like the
//! whole parameter range, see [`super::scale`]), and the equations are the welfare gaps
//!
//! ```text
//! F_i(u, p) = ln W_i(L) - ln W_N(L) = 0,     W at L from the model's short run
//! ```
//!
//! ([`PopulationAdjustment::welfare_at`]: wages clear the goods markets at L). A solution
//! is a spatial equilibrium of the model at parameter p.
//!
//! **Stability** is that of the adjustment dynamics of population towards higher welfare,
//! `du/dt = F(u, p)` (the replicator dynamics of FKV 1999 ch. 5 in log ratios, see
//! [`crate::model::adjustment`]): a solution is stable when every eigenvalue of dF/du has
//! a negative real part, and `n_unstable` counts those with a positive one. dF/du and dF/dp
//! are central differences of F with the short run solved to 1e-13 (steps of 1e-5 log
//! points in u, 1e-6 max(|p|, 1) in p).

use std::sync::Arc;

use nalgebra::DMatrix;

use super::problem::{Problem, Solution};
use super::Point;
use crate::error::{Error, Result};
use crate::model::adjustment::PopulationAdjustment;
use crate::model::SpatialModel;
use crate::solve::{SolverSettings, Tolerance};

/// A spatial model for each value of the parameter.
pub type SpatialFamily<'a> = dyn Fn(f64) -> Result<Arc<dyn SpatialModel>> + Sync + 'a;

/// Log points of relative population per unit of the state.
pub const LOG_RATIO_UNIT: f64 = 10.0;

/// Log ratios beyond this are outside the domain (a location with less than e^-200 of the
/// population: concentration, where the interior formulation ends).
pub const MAX_LOG_RATIO: f64 = 200.0;

/// Real parts above this count as unstable (dF/du is a difference quotient).
pub const UNSTABLE_THRESHOLD: f64 = 1e-9;

/// One solution (u, p) with what is known there.
#[derive(Debug, Clone)]
pub struct SpatialPoint {
    pub p: f64,
    pub u: Vec<f64>,
    pub shares: Vec<f64>,
    /// Short-run wages (the warm start of neighbours).
    pub wages: Vec<f64>,
    pub gaps: Vec<f64>,
    pub jacobian: DMatrix<f64>,
    /// Eigenvalues (re, im) of dF/du.
    pub eigenvalues: Vec<(f64, f64)>,
    pub n_unstable: usize,
}

impl Solution for SpatialPoint {
    fn parameter(&self) -> f64 {
        self.p
    }
    fn u(&self) -> &[f64] {
        &self.u
    }
    fn residual(&self) -> &[f64] {
        &self.gaps
    }
    fn jacobian(&self) -> &DMatrix<f64> {
        &self.jacobian
    }
    fn n_unstable(&self) -> usize {
        self.n_unstable
    }
    fn record(&self) -> Point {
        Point {
            parameter: self.p,
            shares: self.shares.clone(),
            n_unstable: self.n_unstable,
            stable: self.n_unstable == 0,
        }
    }
}

/// The welfare-gap system of a family of spatial models on `regions` locations.
pub struct SpatialProblem<'a> {
    pub family: &'a SpatialFamily<'a>,
    pub regions: usize,
    /// Settings of the continuation (its tolerance is the corrector's).
    pub settings: SolverSettings,
}

/// Shares softmax(UNIT u, 0).
pub fn shares_of(u: &[f64]) -> Vec<f64> {
    let m = u.iter().copied().fold(0.0, f64::max) * LOG_RATIO_UNIT;
    let e: Vec<f64> = u
        .iter()
        .map(|x| (x * LOG_RATIO_UNIT - m).exp())
        .chain(std::iter::once((-m).exp()))
        .collect();
    let total: f64 = e.iter().sum();
    e.iter().map(|x| x / total).collect()
}

/// u = ln(l_i / l_N) / UNIT from shares or levels.
pub fn log_ratios(population: &[f64]) -> Vec<f64> {
    let n = population.len();
    let last = population[n - 1].ln();
    population[..n - 1]
        .iter()
        .map(|l| (l.ln() - last) / LOG_RATIO_UNIT)
        .collect()
}

impl<'a> SpatialProblem<'a> {
    pub fn new(family: &'a SpatialFamily<'a>, regions: usize, settings: SolverSettings) -> Self {
        SpatialProblem {
            family,
            regions,
            settings,
        }
    }

    /// The short run to 1e-13 (the difference quotients need it).
    fn inner(&self) -> SolverSettings {
        SolverSettings {
            tolerance: Tolerance {
                residual: 1e-13,
                ..self.settings.tolerance
            },
            ..self.settings
        }
    }

    fn model(&self, p: f64) -> Result<Arc<dyn SpatialModel>> {
        (self.family)(p)
    }

    /// Welfare gaps and wages at u for one model.
    fn gaps_with(
        &self,
        adj: &dyn PopulationAdjustment,
        u: &[f64],
        warm: Option<&[f64]>,
    ) -> Result<(Vec<f64>, Vec<f64>)> {
        let lbar = adj.total_population();
        let population: Vec<f64> = shares_of(u).iter().map(|l| lbar * l).collect();
        let (welfare, wages) = adj.welfare_at(&population, warm, &self.inner())?;
        let n = welfare.len();
        let last = welfare[n - 1].ln();
        let gaps = welfare[..n - 1].iter().map(|w| w.ln() - last).collect();
        Ok((gaps, wages))
    }

    /// Gaps at (u, p) only.
    fn gaps_at(&self, u: &[f64], p: f64, warm: Option<&[f64]>) -> Result<Vec<f64>> {
        let model = self.model(p)?;
        Ok(self.gaps_with(adjustment(model.as_ref())?, u, warm)?.0)
    }
}

/// The model's short run, or an error saying the model has none.
pub fn adjustment(model: &dyn SpatialModel) -> Result<&dyn PopulationAdjustment> {
    model.adjustment().ok_or_else(|| {
        Error::Config(
            "this spatial model has no short run at given population, so its equilibria cannot be continued".into(),
        )
    })
}

impl Problem for SpatialProblem<'_> {
    type Solution = SpatialPoint;
    type Warm = Vec<f64>;

    fn dim(&self) -> usize {
        self.regions - 1
    }

    fn tolerance(&self) -> f64 {
        self.settings.tolerance.residual
    }

    fn in_domain(&self, u: &[f64]) -> bool {
        u.iter()
            .all(|x| x.is_finite() && (x * LOG_RATIO_UNIT).abs() < MAX_LOG_RATIO)
    }

    fn evaluate(&self, u: &[f64], p: f64, warm: Option<&Vec<f64>>) -> Result<SpatialPoint> {
        let model = self.model(p)?;
        let adj = adjustment(model.as_ref())?;
        let (gaps, wages) = self.gaps_with(adj, u, warm.map(Vec::as_slice))?;
        let k = u.len();
        let h = 1e-5 / LOG_RATIO_UNIT;
        let mut jacobian = DMatrix::zeros(k, k);
        for j in 0..k {
            let mut up = u.to_vec();
            up[j] += h;
            let mut down = u.to_vec();
            down[j] -= h;
            let (g_up, _) = self.gaps_with(adj, &up, Some(&wages))?;
            let (g_down, _) = self.gaps_with(adj, &down, Some(&wages))?;
            for i in 0..k {
                jacobian[(i, j)] = (g_up[i] - g_down[i]) / (2.0 * h);
            }
        }
        let eigenvalues: Vec<(f64, f64)> = if k > 0 {
            jacobian.complex_eigenvalues().iter().map(|z| (z.re, z.im)).collect()
        } else {
            Vec::new()
        };
        let n_unstable = eigenvalues.iter().filter(|e| e.0 > UNSTABLE_THRESHOLD).count();
        Ok(SpatialPoint {
            p,
            u: u.to_vec(),
            shares: shares_of(u),
            wages,
            gaps,
            jacobian,
            eigenvalues,
            n_unstable,
        })
    }

    fn warm(&self, s: &SpatialPoint) -> Vec<f64> {
        s.wages.clone()
    }

    fn parameter_derivative(&self, s: &SpatialPoint) -> Result<Vec<f64>> {
        let h = 1e-6 * s.p.abs().max(1.0);
        let up = self.gaps_at(&s.u, s.p + h, Some(&s.wages))?;
        let down = self.gaps_at(&s.u, s.p - h, Some(&s.wages))?;
        Ok(up.iter().zip(&down).map(|(a, b)| (a - b) / (2.0 * h)).collect())
    }
}
