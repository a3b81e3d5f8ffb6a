//! `moments` of locations linked by commuting (a model with the commuting capability, MRRH):
//! economy-wide statistics of the equilibrium against target values. The statistics are
//! `model::mrrh::CommutingStatistic`, the ones a sweep of the model records: expected utility,
//! the share of workers commuting out of their location, the welfare change of the configured
//! `[counterfactual]`. The equilibrium at theta is the model with the fundamentals recovered
//! at the configured parameters, solved at theta (`model::mrrh::setup`), so the same theta
//! always gives the same value.
//!
//! ```text
//! f(theta) = sum_k weight_k (m_k(theta) - target_k)^2
//! ```

use std::sync::Arc;

use crate::calibration::Target;
use crate::error::{Error, Result};
use crate::model::mrrh::{CommutingModel, CommutingStatistic, MrrhShock};
use crate::solve::SolverSettings;

/// The commuting model at theta.
pub type CommutingAt = Box<dyn Fn(&[f64]) -> Result<CommutingModel> + Sync + Send>;

/// A statistic with its target value and weight.
#[derive(Debug, Clone, PartialEq)]
pub struct CommutingMoment {
    pub statistic: CommutingStatistic,
    pub target: f64,
    pub weight: f64,
}

pub struct CommutingMomentsTarget {
    model_at: CommutingAt,
    moments: Vec<CommutingMoment>,
    /// The `[counterfactual]` shock (needed by the welfare change).
    shock: Option<Arc<MrrhShock>>,
    settings: SolverSettings,
}

impl CommutingMomentsTarget {
    /// Errors when a moment needs a shock and none is given.
    pub fn new(
        model_at: CommutingAt,
        moments: Vec<CommutingMoment>,
        shock: Option<Arc<MrrhShock>>,
        settings: SolverSettings,
    ) -> Result<Self> {
        if shock.is_none() && moments.iter().any(|m| m.statistic.needs_shock()) {
            return Err(Error::Config(
                "the moment \"welfare_change\" needs a [counterfactual] table: the shock solved at each theta".into(),
            ));
        }
        Ok(CommutingMomentsTarget {
            model_at,
            moments,
            shock,
            settings,
        })
    }

    /// The statistics at theta, in order.
    pub fn values(&self, theta: &[f64]) -> Result<Vec<f64>> {
        let what = "the MRRH model of the moments target";
        let (model, e) = (self.model_at)(theta)?
            .solve(&self.settings)
            .map_err(|e| e.while_solving(what))?;
        let shocked = match &self.shock {
            Some(s) if self.moments.iter().any(|m| m.statistic.needs_shock()) => Some(
                model
                    .shocked(s)?
                    .solve(&self.settings.for_inversion())
                    .map_err(|e| e.while_solving(what))?,
            ),
            _ => None,
        };
        Ok(self
            .moments
            .iter()
            .map(|m| m.statistic.value(&model, &e, shocked.as_ref()))
            .collect())
    }
}

impl Target for CommutingMomentsTarget {
    fn name(&self) -> &'static str {
        "moments"
    }

    fn labels(&self) -> Vec<String> {
        self.moments.iter().map(|m| m.statistic.name().to_string()).collect()
    }

    fn locations(&self) -> usize {
        0
    }

    fn residuals(&self, theta: &[f64], _counts: &[f64]) -> Result<Vec<f64>> {
        let v = self.values(theta)?;
        Ok(v.iter()
            .zip(&self.moments)
            .map(|(v, m)| m.weight.sqrt() * (v - m.target))
            .collect())
    }

    fn fit(&self, theta: &[f64]) -> Result<(Vec<f64>, Vec<f64>)> {
        Ok((self.values(theta)?, self.moments.iter().map(|m| m.target).collect()))
    }

    fn least_squares(&self) -> bool {
        false
    }
}
