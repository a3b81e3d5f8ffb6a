//! The short run at a given population: wages that clear the goods markets, and welfare
//! there (what the adjustment dynamics of [`crate::model::adjustment`] need).
//!
//! With `c_j = (1-s) ln(w_j / A_j)`, `A_j = Abar_j L_j^alpha`, the price index
//! `P_n^(1-s) = H_n = sum_j phi_jn e^(c_j)` and incomes `y_n = w_n L_n`, the demand for
//! location i's goods is (AA 2014, Sec. II.A)
//!
//! ```text
//! D_i = e^(c_i) sum_n phi_in y_n / H_n,      goods markets clear where D_i = y_i.
//! ```
//!
//! The map in `v = ln w`, `v_i <- v_i + (ln D_i - ln y_i) / s` followed by mean(v) = 0, has
//! exactly these clearing wages as fixed points (D is homogeneous of degree 1 in w, so only
//! relative wages are determined; the geometric mean 1 is the normalisation of the module).
//! Since `D_i / y_i` falls like `w_i^(-s)` in the own wage, the step is a Newton step on the
//! own-wage term. Welfare is `W_i = w_i ubar_i L_i^beta / P_i`, as in
//! [`AllenArkolakis::outcomes`].

use super::equilibrium::max;
use super::AllenArkolakis;
use crate::error::{Error, Result};
use crate::model::adjustment::PopulationAdjustment;
use crate::model::SpatialEquilibrium;
use crate::solve::{self, FixedPointMap, SolverSettings, Stats};

/// Goods-market clearing at fixed population, as a fixed-point map in ln w.
pub struct GoodsMarkets<'a> {
    model: &'a AllenArkolakis,
    population: &'a [f64],
}

impl FixedPointMap for GoodsMarkets<'_> {
    fn dim(&self) -> usize {
        self.population.len()
    }

    fn apply(&self, v: &[f64], out: &mut [f64]) {
        let n = v.len();
        let s = self.model.params().sigma;
        let wage: Vec<f64> = v.iter().map(|v| v.exp()).collect();
        let c = self.model.log_unit_costs(self.population, &wage);
        let c_max = max(&c);
        let x: Vec<f64> = c.iter().map(|c| (c - c_max).exp()).collect();
        let mut h = vec![0.0; n];
        self.model.freeness().mul_transpose(&x, &mut h);
        let ratio: Vec<f64> = (0..n).map(|j| self.population[j] * wage[j] / h[j]).collect();
        let mut d = vec![0.0; n];
        self.model.freeness().mul(&ratio, &mut d);
        for i in 0..n {
            let log_demand = x[i].ln() + d[i].ln();
            let log_income = v[i] + self.population[i].ln();
            out[i] = v[i] + (log_demand - log_income) / s;
        }
        let mean = out.iter().sum::<f64>() / n as f64;
        out.iter_mut().for_each(|o| *o -= mean);
    }
}

impl AllenArkolakis {
    /// Wages clearing the goods markets at `population` (levels, all > 0), geometric mean 1,
    /// warm-started from `start` wages.
    pub fn clearing_wages(
        &self,
        population: &[f64],
        start: Option<&[f64]>,
        settings: &SolverSettings,
    ) -> Result<(Vec<f64>, Stats)> {
        if population.len() != self.regions() || !population.iter().all(|l| l.is_finite() && *l > 0.0) {
            return Err(Error::Numerical(format!(
                "Allen–Arkolakis short run: population must be {} finite values > 0",
                self.regions()
            )));
        }
        let map = GoodsMarkets {
            model: self,
            population,
        };
        let v0: Vec<f64> = match start {
            Some(w) if w.len() == population.len() && w.iter().all(|w| *w > 0.0) => w.iter().map(|w| w.ln()).collect(),
            _ => self.symmetric_wages(population).iter().map(|w| w.ln()).collect(),
        };
        let sol =
            solve::solve(&map, &v0, settings).map_err(|e| e.while_solving("the Allen–Arkolakis goods markets"))?;
        Ok((sol.state.iter().map(|v| v.exp()).collect(), sol.stats))
    }
}

impl PopulationAdjustment for AllenArkolakis {
    fn regions(&self) -> usize {
        AllenArkolakis::regions(self)
    }

    fn welfare_at(
        &self,
        population: &[f64],
        start: Option<&[f64]>,
        settings: &SolverSettings,
    ) -> Result<(Vec<f64>, Vec<f64>)> {
        let (wage, stats) = self.clearing_wages(population, start, settings)?;
        let eq: SpatialEquilibrium = self.outcomes(population.to_vec(), wage.clone(), stats);
        Ok((eq.welfare, wage))
    }

    fn total_population(&self) -> f64 {
        self.params().population
    }
}
