//! `moments` of a city (a model with the city capability, ARSW): city-wide statistics of the
//! equilibrium against target values. The statistics are `model::arsw::CityStatistic`, the
//! ones a sweep of the city records: utility, population, mean floor price, GDP, land rent,
//! mean commuting time. The equilibrium at theta is the one from the uniform start with the
//! fundamentals recovered at the configured parameters (`model::arsw::setup`), so the same
//! theta always gives the same value.
//!
//! ```text
//! f(theta) = sum_k weight_k (m_k(theta) - target_k)^2
//! ```
//!
//! The statistics are smooth in the parameters (one equilibrium, solved to the tolerance):
//! Levenberg–Marquardt on central differences works; give `[solver] tolerance` well below
//! the precision wanted of the estimate.

use crate::calibration::Target;
use crate::error::Result;
use crate::model::arsw::{CityModel, CityStatistic};
use crate::solve::SolverSettings;

/// The city at theta.
pub type CityAt = Box<dyn Fn(&[f64]) -> Result<CityModel> + Sync + Send>;

/// A statistic with its target value and weight.
#[derive(Debug, Clone, PartialEq)]
pub struct CityMoment {
    pub statistic: CityStatistic,
    pub target: f64,
    pub weight: f64,
}

pub struct CityMomentsTarget {
    model_at: CityAt,
    moments: Vec<CityMoment>,
    settings: SolverSettings,
}

impl CityMomentsTarget {
    pub fn new(model_at: CityAt, moments: Vec<CityMoment>, settings: SolverSettings) -> Self {
        CityMomentsTarget {
            model_at,
            moments,
            settings,
        }
    }

    /// The statistics at theta, in order.
    pub fn values(&self, theta: &[f64]) -> Result<Vec<f64>> {
        let (city, e) = (self.model_at)(theta)?
            .solve(&self.settings)
            .map_err(|e| e.while_solving("the city of the moments target"))?;
        let outcomes = city.outcomes(&e);
        Ok(self.moments.iter().map(|m| m.statistic.value(&e, &outcomes)).collect())
    }
}

impl Target for CityMomentsTarget {
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
