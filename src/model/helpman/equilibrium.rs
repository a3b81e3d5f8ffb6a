//! Equilibrium in levels: the fixed-point map in (ln w, ln L), the short run at given
//! populations (wages only), and the outcomes that follow from (L, w) (QSE eqs. 8–13).

use std::time::Instant;

use super::{params::positive_vector, DenseMatrix, Helpman};
use crate::error::{Error, Result};
use crate::model::spatial::SpatialEquilibrium;
use crate::solve::{self, FixedPointMap, SolverSettings, Stats};

/// Everything that follows from populations and wages.
#[derive(Debug, Clone, PartialEq)]
pub struct HelpmanOutcomes {
    /// P_n, price index of traded goods (QSE eq. 8).
    pub price_index: Vec<f64>,
    /// v_n = w_n / alpha, income per head including redistributed rents (eq. 11).
    pub income: Vec<f64>,
    /// r_n = (1-alpha)/alpha w_n L_n / H_n, housing rent (eq. 12).
    pub land_rent: Vec<f64>,
    /// pi_nn, the share of n's spending on its own goods (eq. 9).
    pub domestic_share: Vec<f64>,
    /// V_n = u_n v_n / (P_n^alpha r_n^(1-alpha)), welfare of n's residents (eq. 13).
    pub welfare: Vec<f64>,
}

impl Helpman {
    /// D_n = sum_i phi_ni L_i w_i^(1-sigma) A_i^(sigma-1) from log wages and log populations
    /// (P_n^(1-sigma) up to the constant of eq. 8).
    pub(super) fn market_access(&self, log_w: &[f64], log_l: &[f64]) -> Vec<f64> {
        self.market_access_with(log_w, log_l, &self.log_a)
    }

    /// [`Helpman::market_access`] with other productivities, given as (sigma-1) ln A.
    fn market_access_with(&self, log_w: &[f64], log_l: &[f64], log_a: &[f64]) -> Vec<f64> {
        let sigma = self.params.sigma;
        let supply: Vec<f64> = (0..self.len())
            .map(|i| (log_l[i] + (1.0 - sigma) * log_w[i] + log_a[i]).exp())
            .collect();
        let mut d = vec![0.0; self.len()];
        self.freeness.mul_transpose(&supply, &mut d);
        d
    }

    /// Goods market clearing solved for wages: writes
    /// ln w_i = [(sigma-1) ln A_i + ln sum_n phi_ni w_n L_n / D_n] / sigma, normalised.
    fn wage_update(&self, log_w: &[f64], log_l: &[f64], d: &[f64], out: &mut [f64]) {
        let demand: Vec<f64> = (0..self.len()).map(|n| (log_w[n] + log_l[n]).exp() / d[n]).collect();
        self.freeness.mul(&demand, out);
        let sigma = self.params.sigma;
        for (o, la) in out.iter_mut().zip(&self.log_a) {
            *o = (la + o.ln()) / sigma;
        }
        self.normalise_log_wages(out);
    }

    /// Subtracts the mean log wage of country 0 (geometric-mean wage of country 0 = 1).
    pub(super) fn normalise_log_wages(&self, log_w: &mut [f64]) {
        let first = &self.members[0];
        let mean = first.iter().map(|&i| log_w[i]).sum::<f64>() / first.len() as f64;
        for v in log_w.iter_mut() {
            *v -= mean;
        }
    }

    /// Mobility (eq. 13 with eq. 8) solved for populations: writes ln L_n.
    fn population_update(&self, log_w: &[f64], d: &[f64], out: &mut [f64]) {
        let (sigma, alpha) = (self.params.sigma, self.params.alpha);
        let z: Vec<f64> = (0..self.len())
            .map(|n| {
                self.log_h[n] + (self.log_u[n] + alpha * log_w[n] + alpha / (sigma - 1.0) * d[n].ln()) / (1.0 - alpha)
            })
            .collect();
        for (c, m) in self.members.iter().enumerate() {
            let lse = log_sum_exp(m.iter().map(|&n| z[n]));
            let level = self.regions.labour[c].ln();
            for &n in m {
                out[n] = level + z[n] - lse;
            }
        }
    }

    /// Solves for the equilibrium from `start` populations and wages 1, or, when `None`, from
    /// the free-trade limit ([`Helpman::free_trade_start`]: about half the iterations of an
    /// even spread on the QSE grid).
    pub fn solve_equilibrium(&self, start: Option<&[f64]>, settings: &SolverSettings) -> Result<SpatialEquilibrium> {
        let clock = Instant::now();
        let n = self.len();
        let x = match start {
            Some(l) => {
                positive_vector("start population", l, n)?;
                let mut x = vec![0.0; 2 * n];
                for i in 0..n {
                    x[n + i] = l[i].ln();
                }
                x
            }
            None => self.free_trade_start(),
        };
        let sol = solve::solve(&LevelMap { model: self }, &x, settings)
            .map_err(|e| e.while_solving("the Helpman equilibrium"))?;
        let (log_w, log_l) = sol.state.split_at(n);
        let wage: Vec<f64> = log_w.iter().map(|v| v.exp()).collect();
        let population: Vec<f64> = log_l.iter().map(|v| v.exp()).collect();
        let o = self.outcomes(&population, &wage);
        let stats = Stats {
            seconds: clock.elapsed().as_secs_f64(),
            ..sol.stats
        };
        Ok(SpatialEquilibrium {
            population,
            wage,
            price_index: o.price_index,
            welfare: o.welfare,
            stats,
        })
    }

    /// The free-trade limit (phi = 1) as a start x = (ln w, ln L): w_i ∝ A_i^((sigma-1)/sigma) clears goods
    /// markets when every location faces the same price index, and
    /// L_n ∝ H_n (u_n w_n^alpha)^(1/(1-alpha)) equalises welfare within each country.
    pub fn free_trade_start(&self) -> Vec<f64> {
        let n = self.len();
        let (sigma, alpha) = (self.params.sigma, self.params.alpha);
        let mut x = vec![0.0; 2 * n];
        for (xi, la) in x.iter_mut().zip(&self.log_a) {
            *xi = la / sigma;
        }
        self.normalise_log_wages(&mut x[..n]);
        let z: Vec<f64> = (0..n)
            .map(|i| self.log_h[i] + (self.log_u[i] + alpha * x[i]) / (1.0 - alpha))
            .collect();
        for (c, m) in self.members.iter().enumerate() {
            let lse = log_sum_exp(m.iter().map(|&i| z[i]));
            for &i in m {
                x[n + i] = self.regions.labour[c].ln() + z[i] - lse;
            }
        }
        x
    }

    /// The short run: wages that clear goods markets at fixed `population` (normalised like
    /// the equilibrium), from `start` wages (1 when `None`).
    pub fn short_run(
        &self,
        population: &[f64],
        start: Option<&[f64]>,
        settings: &SolverSettings,
    ) -> Result<(Vec<f64>, Stats)> {
        let n = self.len();
        positive_vector("population", population, n)?;
        let log_l: Vec<f64> = population.iter().map(|l| l.ln()).collect();
        let x: Vec<f64> = match start {
            Some(w) => {
                positive_vector("start wage", w, n)?;
                w.iter().map(|w| w.ln()).collect()
            }
            None => vec![0.0; n],
        };
        let sol = solve::solve(
            &WageMap {
                model: self,
                log_l: &log_l,
            },
            &x,
            settings,
        )
        .map_err(|e| e.while_solving("the Helpman short run (wages at given populations)"))?;
        Ok((sol.state.iter().map(|v| v.exp()).collect(), sol.stats))
    }

    /// Price index, income, rent, domestic share and welfare at `population` and `wage`.
    pub fn outcomes(&self, population: &[f64], wage: &[f64]) -> HelpmanOutcomes {
        self.outcomes_with(population, wage, &self.log_a, &self.regions.fundamentals.amenity)
    }

    /// [`Helpman::outcomes`] with other fundamentals: `log_a` = (sigma-1) ln A and `amenity` = u.
    pub(super) fn outcomes_with(
        &self,
        population: &[f64],
        wage: &[f64],
        log_a: &[f64],
        amenity: &[f64],
    ) -> HelpmanOutcomes {
        let (sigma, alpha, f) = (self.params.sigma, self.params.alpha, self.params.fixed_cost);
        let n = self.len();
        let log_w: Vec<f64> = wage.iter().map(|w| w.ln()).collect();
        let log_l: Vec<f64> = population.iter().map(|l| l.ln()).collect();
        let d = self.market_access_with(&log_w, &log_l, log_a);
        let markup = sigma / (sigma - 1.0) * (sigma * f).powf(1.0 / (sigma - 1.0));
        let price_index: Vec<f64> = d.iter().map(|d| markup * d.powf(1.0 / (1.0 - sigma))).collect();
        let income: Vec<f64> = wage.iter().map(|w| w / alpha).collect();
        let land_rent: Vec<f64> = (0..n)
            .map(|i| (1.0 - alpha) / alpha * wage[i] * population[i] / self.regions.housing[i])
            .collect();
        let domestic_share: Vec<f64> = (0..n)
            .map(|i| (log_l[i] + (1.0 - sigma) * log_w[i] + log_a[i]).exp() / d[i])
            .collect();
        let welfare = (0..n)
            .map(|i| amenity[i] * income[i] / (price_index[i].powf(alpha) * land_rent[i].powf(1.0 - alpha)))
            .collect();
        HelpmanOutcomes {
            price_index,
            income,
            land_rent,
            domestic_share,
            welfare,
        }
    }

    /// Trade shares pi_ni (row n = destination, column i = origin; rows sum to 1) at
    /// `population`, `wage` and `productivity` (eq. 9).
    pub fn trade_share_matrix(&self, population: &[f64], wage: &[f64], productivity: &[f64]) -> DenseMatrix {
        let sigma = self.params.sigma;
        let n = self.len();
        let supply: Vec<f64> = (0..n)
            .map(|i| population[i] * wage[i].powf(1.0 - sigma) * productivity[i].powf(sigma - 1.0))
            .collect();
        let mut d = vec![0.0; n];
        self.freeness.mul_transpose(&supply, &mut d);
        let mut pi = vec![0.0; n * n];
        for dest in 0..n {
            for origin in 0..n {
                pi[dest * n + origin] = self.freeness.get(origin, dest) * supply[origin] / d[dest];
            }
        }
        DenseMatrix::from_row_major(n, pi)
    }

    /// Welfare of each country: the mean of V_n over its locations (V is equal within a
    /// country at an equilibrium, up to the solver's tolerance).
    pub fn country_welfare(&self, welfare: &[f64]) -> Vec<f64> {
        self.members
            .iter()
            .map(|m| m.iter().map(|&i| welfare[i]).sum::<f64>() / m.len() as f64)
            .collect()
    }

    /// V'/V per country between two equilibria of models with the same countries.
    pub fn welfare_gains(
        &self,
        baseline: &SpatialEquilibrium,
        counterfactual: &SpatialEquilibrium,
    ) -> Result<Vec<f64>> {
        if baseline.welfare.len() != self.len() || counterfactual.welfare.len() != self.len() {
            return Err(Error::Numerical(format!(
                "welfare gains need {} locations in both equilibria, got {} and {}",
                self.len(),
                baseline.welfare.len(),
                counterfactual.welfare.len()
            )));
        }
        let ratio: Vec<f64> = counterfactual
            .welfare
            .iter()
            .zip(&baseline.welfare)
            .map(|(a, b)| a / b)
            .collect();
        Ok(self.country_welfare(&ratio))
    }
}

/// ln sum exp(z), shifted by the maximum.
pub(super) fn log_sum_exp(z: impl Iterator<Item = f64> + Clone) -> f64 {
    let max = z.clone().fold(f64::NEG_INFINITY, f64::max);
    max + z.map(|v| (v - max).exp()).sum::<f64>().ln()
}

/// The equilibrium as a fixed point in x = (ln w, ln L) (see the module docs of
/// [`super`]); the residual is a relative error in wages and populations.
pub struct LevelMap<'a> {
    pub model: &'a Helpman,
}

impl FixedPointMap for LevelMap<'_> {
    fn dim(&self) -> usize {
        2 * self.model.len()
    }

    fn apply(&self, x: &[f64], out: &mut [f64]) {
        let n = self.model.len();
        let (log_w, log_l) = x.split_at(n);
        let (out_w, out_l) = out.split_at_mut(n);
        let d = self.model.market_access(log_w, log_l);
        self.model.wage_update(log_w, log_l, &d, out_w);
        // Gauss–Seidel: populations see the updated wages. D_n from the old wages differs from
        // D_n at the new ones by a common factor only when wages are rescaled, which the
        // per-country normalisation absorbs; elsewhere it is the usual Gauss–Seidel gain.
        self.model.population_update(out_w, &d, out_l);
    }
}

/// Goods market clearing at fixed populations as a fixed point in ln w.
pub struct WageMap<'a> {
    pub model: &'a Helpman,
    pub log_l: &'a [f64],
}

impl FixedPointMap for WageMap<'_> {
    fn dim(&self) -> usize {
        self.model.len()
    }

    fn apply(&self, log_w: &[f64], out: &mut [f64]) {
        let d = self.model.market_access(log_w, self.log_l);
        self.model.wage_update(log_w, self.log_l, &d, out);
    }
}
