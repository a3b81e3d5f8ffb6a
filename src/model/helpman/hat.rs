//! Exact hat algebra (QSE §3.7, eqs. 18–20): the counterfactual as changes xhat = x'/x from
//! the baseline's observables (populations L, wages w, trade shares pi) and the shock alone
//! (trade-cost factors dhat_ni, productivity factors Ahat, amenity factors uhat), with
//! mobility within countries only.
//!
//! ```text
//! pihat_ni = (dhat_ni what_i / Ahat_i)^(1-sigma) Lhat_i / Dhat_n,
//!     Dhat_n = sum_k pi_nk (dhat_nk what_k / Ahat_k)^(1-sigma) Lhat_k               (eq. 19)
//! what_i Lhat_i w_i L_i = sum_n pihat_ni pi_ni what_n Lhat_n w_n L_n                (eq. 18)
//! Lhat_n = [uhat_n Ahat_n^alpha pihat_nn^(-alpha/(sigma-1))]^k
//!          / sum_{j in c} lambda_j [...]^k,   k = (sigma-1)/(sigma(1-alpha)-1),
//!          lambda_j = L_j / sum_{j' in c} L_j'                                      (eq. 20)
//! Phat_n = Dhat_n^(-1/(sigma-1)),
//! Vhat_n = uhat_n what_n^alpha Lhat_n^(-(1-alpha)) Phat_n^(-alpha)
//!        = uhat_n Ahat_n^alpha pihat_nn^(-alpha/(sigma-1)) Lhat_n^(-(sigma(1-alpha)-1)/(sigma-1))   (eq. 21)
//! ```
//!
//! As in levels, eq. 20 is solved in the equivalent form
//! ln Lhat_n = const_c + [ln uhat_n + alpha ln what_n + alpha/(sigma-1) ln Dhat_n] / (1-alpha),
//! and eq. 18 for what_i; the state is (ln what, ln Lhat). Wage changes are normalised so
//! that their geometric mean over country 0 is 1: a baseline that meets the levels'
//! normalisation keeps meeting it.
//!
//! Trade shares are rarely observed; [`Helpman::baseline_trade_shares`] builds them from
//! (L, w) and the trade costs with the productivities of the inversion, as QSE §3.6 does.

use std::time::Instant;

use super::equilibrium::log_sum_exp;
use super::{inversion, DenseMatrix, Helpman};
use crate::error::{Error, Result};
use crate::model::spatial::{Shock, SpatialEquilibrium};
use crate::solve::{self, FixedPointMap, SolverSettings, Stats};

/// Tolerance on the row sums of given trade shares.
pub const SHARE_SUM_TOLERANCE: f64 = 1e-8;

/// Changes x'/x in the counterfactual.
#[derive(Debug, Clone)]
pub struct HatOutcome {
    pub wage: Vec<f64>,
    pub population: Vec<f64>,
    pub price_index: Vec<f64>,
    pub domestic_share: Vec<f64>,
    /// Vhat_n (equal within a country up to the solver's tolerance).
    pub welfare: Vec<f64>,
    pub stats: Stats,
}

impl Helpman {
    /// Baseline trade shares pi_ni (row n = destination) implied by observed populations and
    /// wages under the model's trade costs, through the inverted productivities (eq. 9).
    pub fn baseline_trade_shares(
        &self,
        population: &[f64],
        wage: &[f64],
        settings: &SolverSettings,
    ) -> Result<DenseMatrix> {
        inversion::check_observables(self, population, wage)?;
        let productivity = inversion::productivity(self, population, wage, settings)?;
        Ok(self.trade_share_matrix(population, wage, &productivity))
    }

    /// Exact hat algebra from baseline `population`, `wage` and `trade_shares` (rows sum to 1).
    pub fn exact_hat_algebra(
        &self,
        population: &[f64],
        wage: &[f64],
        trade_shares: &DenseMatrix,
        shock: &Shock,
        settings: &SolverSettings,
    ) -> Result<HatOutcome> {
        let clock = Instant::now();
        let n = self.len();
        let shock = self.check_shock(shock)?;
        inversion::check_observables(self, population, wage)?;
        check_trade_shares(trade_shares, n)?;
        let sigma = self.params.sigma;
        let alpha = self.params.alpha;
        let b = match &shock.trade_cost {
            Some(f) => {
                // B_ni = pi_ni dhat_ni^(1-sigma); dhat_ni is the factor on shipping i -> n, f[i][n].
                let mut v = trade_shares.values().to_vec();
                for dest in 0..n {
                    for origin in 0..n {
                        v[dest * n + origin] *= f[origin * n + dest].powf(1.0 - sigma);
                    }
                }
                DenseMatrix::from_row_major(n, v)
            }
            None => trade_shares.clone(),
        };
        let logs = |f: &Option<Vec<f64>>, scale: f64| match f {
            Some(f) => f.iter().map(|v| scale * v.ln()).collect(),
            None => vec![0.0; n],
        };
        let income: Vec<f64> = (0..n).map(|i| wage[i] * population[i]).collect();
        let map = HatMap {
            model: self,
            b,
            log_income: income.iter().map(|y| y.ln()).collect(),
            income,
            log_a_hat: logs(&shock.productivity, sigma - 1.0),
            log_u_hat: logs(&shock.amenity, 1.0),
            log_pop: population.iter().map(|l| l.ln()).collect(),
        };
        let sol = solve::solve(&map, &vec![0.0; 2 * n], settings)
            .map_err(|e| e.while_solving("the Helpman exact hat algebra"))?;
        let (lw, ll) = sol.state.split_at(n);
        let s_hat = map.supply_hat(lw, ll);
        let d_hat = map.market_access_hat(&s_hat);
        let wage_hat: Vec<f64> = lw.iter().map(|v| v.exp()).collect();
        let population_hat: Vec<f64> = ll.iter().map(|v| v.exp()).collect();
        let price_index = d_hat.iter().map(|d| d.powf(-1.0 / (sigma - 1.0))).collect();
        let domestic_share = (0..n).map(|i| s_hat[i] / d_hat[i]).collect();
        let welfare = (0..n)
            .map(|i| {
                (map.log_u_hat[i] + alpha * lw[i] - (1.0 - alpha) * ll[i] + alpha / (sigma - 1.0) * d_hat[i].ln()).exp()
            })
            .collect();
        let stats = Stats {
            seconds: clock.elapsed().as_secs_f64(),
            ..sol.stats
        };
        Ok(HatOutcome {
            wage: wage_hat,
            population: population_hat,
            price_index,
            domestic_share,
            welfare,
            stats,
        })
    }
}

/// The trait's `hat_algebra`: trade shares from the baseline's (L, w), hats, then levels.
pub(super) fn counterfactual_levels(
    model: &Helpman,
    baseline: &SpatialEquilibrium,
    shock: &Shock,
    settings: &SolverSettings,
) -> Result<SpatialEquilibrium> {
    let clock = Instant::now();
    let n = model.len();
    if baseline.price_index.len() != n || baseline.welfare.len() != n {
        return Err(Error::invalid(
            "baseline",
            format!(
                "{} price indices and {} welfare values",
                baseline.price_index.len(),
                baseline.welfare.len()
            ),
            format!("needs one per location ({n})"),
        ));
    }
    let pi = model.baseline_trade_shares(&baseline.population, &baseline.wage, &Helpman::inversion_settings())?;
    let hat = model.exact_hat_algebra(&baseline.population, &baseline.wage, &pi, shock, settings)?;
    let times = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).collect::<Vec<f64>>();
    Ok(SpatialEquilibrium {
        population: times(&baseline.population, &hat.population),
        wage: times(&baseline.wage, &hat.wage),
        price_index: times(&baseline.price_index, &hat.price_index),
        welfare: times(&baseline.welfare, &hat.welfare),
        stats: Stats {
            seconds: clock.elapsed().as_secs_f64(),
            ..hat.stats
        },
    })
}

fn check_trade_shares(pi: &DenseMatrix, n: usize) -> Result<()> {
    if pi.len() != n {
        return Err(Error::invalid(
            "trade-shares",
            format!("a {0} x {0} matrix", pi.len()),
            format!("must be {n} x {n}"),
        ));
    }
    for r in 0..n {
        let row = &pi.values()[r * n..(r + 1) * n];
        if let Some(s) = row.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
            return Err(Error::invalid(
                format!("trade-shares[{},{}]", r + 1, s + 1),
                row[s],
                "shares must be finite and >= 0",
            ));
        }
        let sum: f64 = row.iter().sum();
        if (sum - 1.0).abs() > SHARE_SUM_TOLERANCE || row[r] <= 0.0 {
            return Err(Error::invalid(
                format!("trade-shares row {}", r + 1),
                format!("a sum of {sum:.12} and domestic share {}", row[r]),
                "each destination's shares must sum to 1 (tolerance 1e-8) with a positive domestic share",
            ));
        }
    }
    Ok(())
}

/// Eqs. 18–20 as a fixed point in (ln what, ln Lhat).
struct HatMap<'a> {
    model: &'a Helpman,
    /// B_ni = pi_ni dhat_ni^(1-sigma).
    b: DenseMatrix,
    income: Vec<f64>,
    log_income: Vec<f64>,
    /// (sigma-1) ln Ahat.
    log_a_hat: Vec<f64>,
    log_u_hat: Vec<f64>,
    log_pop: Vec<f64>,
}

impl HatMap<'_> {
    /// shat_k = what_k^(1-sigma) Ahat_k^(sigma-1) Lhat_k.
    fn supply_hat(&self, lw: &[f64], ll: &[f64]) -> Vec<f64> {
        let sigma = self.model.params.sigma;
        (0..lw.len())
            .map(|k| ((1.0 - sigma) * lw[k] + self.log_a_hat[k] + ll[k]).exp())
            .collect()
    }

    /// Dhat = B shat.
    fn market_access_hat(&self, s_hat: &[f64]) -> Vec<f64> {
        let mut d = vec![0.0; s_hat.len()];
        self.b.mul(s_hat, &mut d);
        d
    }
}

impl FixedPointMap for HatMap<'_> {
    fn dim(&self) -> usize {
        2 * self.model.len()
    }

    fn apply(&self, x: &[f64], out: &mut [f64]) {
        let n = self.model.len();
        let (sigma, alpha) = (self.model.params.sigma, self.model.params.alpha);
        let (lw, ll) = x.split_at(n);
        let (out_w, out_l) = out.split_at_mut(n);
        let d_hat = self.market_access_hat(&self.supply_hat(lw, ll));
        let demand: Vec<f64> = (0..n)
            .map(|k| self.income[k] * (lw[k] + ll[k]).exp() / d_hat[k])
            .collect();
        self.b.mul_transpose(&demand, out_w);
        for ((o, la), ly) in out_w.iter_mut().zip(&self.log_a_hat).zip(&self.log_income) {
            *o = (la + o.ln() - ly) / sigma;
        }
        self.model.normalise_log_wages(out_w);
        let z: Vec<f64> = (0..n)
            .map(|k| (self.log_u_hat[k] + alpha * lw[k] + alpha / (sigma - 1.0) * d_hat[k].ln()) / (1.0 - alpha))
            .collect();
        for m in self.model.countries() {
            let log_total = log_sum_exp(m.iter().map(|&k| self.log_pop[k]));
            let lse = log_sum_exp(m.iter().map(|&k| z[k] + self.log_pop[k]));
            for &k in m {
                out_l[k] = z[k] + log_total - lse;
            }
        }
    }
}
