//! The short runs of the vertical-linkages model (docs/vertical-linkages.md §2).
//!
//! Everything rests on one fixed point in y = ln x, x_r = G_r^(1-sigma):
//!
//! ```text
//! x_r = sum_s phi_sr n_s p_s^(1-sigma),   p_s = w_s^(1-alpha) G_s^alpha
//!     = sum_s phi_sr exp(e_s(y_s)),      e_s(y) = ln n_s + (1-alpha)(1-sigma) ln w_s + alpha y
//! ```
//!
//! solved by Newton (the Jacobian I - W diag(e'), W row-stochastic, is an M-matrix while
//! some slope e' is below 1). Two uses:
//!
//! - at given firms n ([`VerticalLinkages::market_at_firms`], the entry dynamics' short
//!   run): the wage is the labour-market complementarity in closed form given G,
//!   w_s = max(1, G_s ((1-alpha) n_s / L_s)^(1/alpha)); substituted, e_s has slope 1 where
//!   labour binds and alpha where food is produced;
//! - at given wages w and firm shares lambda ([`VerticalLinkages::market`]): solved once with
//!   n = lambda, then scaled: x is homogeneous of degree kappa = 1/(1-alpha) in the number of
//!   firms N, so aggregate free entry (total manufacturing revenue mu Y / (1-alpha), i.e.
//!   zero aggregate profit) gives N in closed form.

use super::VerticalLinkages;
use crate::error::{Error, Result};
use crate::model::freeness::Freeness;

/// Newton stops at this max |ln F(y) - y|.
const TOLERANCE: f64 = 1e-14;
const MAX_NEWTON: usize = 200;

/// Every quantity of the short run at some firms, wages and intermediates.
#[derive(Debug, Clone)]
pub struct Market {
    /// n_r: numbers of firms.
    pub firms: Vec<f64>,
    /// w_r.
    pub wage: Vec<f64>,
    /// y_r = ln G_r^(1-sigma).
    pub log_x: Vec<f64>,
    /// G_r.
    pub price_index: Vec<f64>,
    /// p_r = w_r^(1-alpha) G_r^alpha.
    pub mill_price: Vec<f64>,
    /// E_r = mu w_r L_r + alpha n_r p_r.
    pub expenditure: Vec<f64>,
    /// pi_r = p_r^(-sigma) sum_s phi_rs E_s G_s^(sigma-1) - 1.
    pub profit: Vec<f64>,
    /// Labour in manufacturing (1 - alpha) n_r p_r / w_r.
    pub labour_demand: Vec<f64>,
}

/// The fixed point x_r = sum_s phi_sr exp(e_s(y_s)) with
/// e_s(y) = base_s + alpha y + (1-alpha)(1-sigma) max(0, y/(1-sigma) + threshold_s).
struct Intermediates<'a> {
    freeness: &'a Freeness,
    alpha: f64,
    sigma: f64,
    /// ln n_s + (1-alpha)(1-sigma) ln w_s (-inf without firms).
    base: Vec<f64>,
    /// ln of the binding wage's factor: w_s = exp(y_s/(1-sigma) + threshold_s) where labour
    /// binds (-inf: never binds).
    threshold: Vec<f64>,
}

impl Intermediates<'_> {
    /// (e_s(y), de_s/dy).
    fn exponent(&self, s: usize, y: f64) -> (f64, f64) {
        let (a, sg) = (self.alpha, self.sigma);
        let binding = y / (1.0 - sg) + self.threshold[s];
        if binding > 0.0 {
            (self.base[s] + a * y + (1.0 - a) * (1.0 - sg) * binding, 1.0)
        } else {
            (self.base[s] + a * y, a)
        }
    }

    /// ln F(y) and the Jacobian of ln F, W_rs e'_s.
    fn evaluate(&self, y: &[f64], jacobian: bool) -> (Vec<f64>, Option<nalgebra::DMatrix<f64>>) {
        let n = y.len();
        let e: Vec<(f64, f64)> = (0..n).map(|s| self.exponent(s, y[s])).collect();
        let top = e.iter().map(|v| v.0).fold(f64::NEG_INFINITY, f64::max);
        let v: Vec<f64> = e.iter().map(|v| (v.0 - top).exp()).collect();
        let mut f = vec![0.0; n];
        self.freeness.mul_transpose(&v, &mut f);
        let log_f: Vec<f64> = f.iter().map(|x| x.ln() + top).collect();
        let jac =
            jacobian.then(|| nalgebra::DMatrix::from_fn(n, n, |r, s| self.freeness.get(s, r) * v[s] / f[r] * e[s].1));
        (log_f, jac)
    }

    /// Newton from `start` (a few fixed-point steps first), damped when the residual grows.
    fn solve(&self, start: Option<&[f64]>) -> Result<(Vec<f64>, usize)> {
        let n = self.base.len();
        let mut y = start.map(<[f64]>::to_vec).unwrap_or_else(|| vec![0.0; n]);
        if start.is_none() {
            for _ in 0..3 {
                y = self.evaluate(&y, false).0;
            }
        }
        let residual = |y: &[f64]| -> f64 {
            let (f, _) = self.evaluate(y, false);
            f.iter().zip(y).fold(0.0f64, |m, (a, b)| m.max((a - b).abs()))
        };
        let mut r = residual(&y);
        for iteration in 0..MAX_NEWTON {
            if r <= TOLERANCE {
                return Ok((y, iteration));
            }
            let (f, jac) = self.evaluate(&y, true);
            let jac = jac.unwrap_or_else(|| nalgebra::DMatrix::zeros(n, n));
            let m = nalgebra::DMatrix::identity(n, n) - jac;
            let rhs = nalgebra::DVector::from_iterator(n, f.iter().zip(&y).map(|(a, b)| a - b));
            let Some(step) = m.lu().solve(&rhs).filter(|d| d.iter().all(|v| v.is_finite())) else {
                break;
            };
            let mut t = 1.0;
            loop {
                let trial: Vec<f64> = y.iter().zip(step.iter()).map(|(a, d)| a + t * d).collect();
                let rt = residual(&trial);
                if rt < r || t < 1e-6 {
                    y = trial;
                    r = rt;
                    break;
                }
                t *= 0.5;
            }
            if !r.is_finite() {
                break;
            }
        }
        if r <= 1e3 * TOLERANCE {
            return Ok((y, MAX_NEWTON));
        }
        Err(Error::NotConverged {
            solver: "newton",
            iterations: MAX_NEWTON,
            residual: r,
            tolerance: TOLERANCE,
            context: "the manufacturing price indices of the vertical-linkages model (every region's labour fully employed in manufacturing has no solution)".into(),
        })
    }
}

impl VerticalLinkages {
    /// Profits and the rest at given firms, wages and y.
    fn assemble(&self, firms: Vec<f64>, wage: Vec<f64>, log_x: Vec<f64>) -> Market {
        let (sigma, mu, alpha) = (self.params.sigma, self.params.mu, self.params.alpha);
        let n = firms.len();
        let price_index: Vec<f64> = log_x.iter().map(|y| (y / (1.0 - sigma)).exp()).collect();
        let mill_price: Vec<f64> = (0..n)
            .map(|r| wage[r].powf(1.0 - alpha) * price_index[r].powf(alpha))
            .collect();
        let expenditure: Vec<f64> = (0..n)
            .map(|r| mu * wage[r] * self.labour[r] + alpha * firms[r] * mill_price[r])
            .collect();
        let demand: Vec<f64> = (0..n).map(|s| expenditure[s] * (-log_x[s]).exp()).collect();
        let mut sales = vec![0.0; n];
        self.freeness.mul(&demand, &mut sales);
        let profit = (0..n).map(|r| mill_price[r].powf(-sigma) * sales[r] - 1.0).collect();
        let labour_demand = (0..n)
            .map(|r| (1.0 - alpha) * firms[r] * mill_price[r] / wage[r])
            .collect();
        Market {
            firms,
            wage,
            log_x,
            price_index,
            mill_price,
            expenditure,
            profit,
            labour_demand,
        }
    }

    /// ln n_s + (1-alpha)(1-sigma) ln w_s, -inf without firms.
    fn base(&self, firms: &[f64], wage: &[f64]) -> Vec<f64> {
        let k = (1.0 - self.params.alpha) * (1.0 - self.params.sigma);
        firms
            .iter()
            .zip(wage)
            .map(|(n, w)| {
                if *n > 0.0 {
                    n.ln() + k * w.ln()
                } else {
                    f64::NEG_INFINITY
                }
            })
            .collect()
    }

    fn check_firms(&self, firms: &[f64]) -> Result<()> {
        if firms.len() != self.regions()
            || firms.iter().any(|n| !(n.is_finite() && *n >= 0.0))
            || firms.iter().all(|n| *n == 0.0)
        {
            return Err(Error::Numerical(format!(
                "vertical linkages: firms {firms:?} must be one finite value >= 0 per region ({}), not all 0",
                self.regions()
            )));
        }
        Ok(())
    }

    /// The short run at given numbers of firms n (the entry dynamics' state): intermediates,
    /// and wages from the labour-market complementarity. Warm-started from `start` (y).
    pub fn market_at_firms(&self, firms: &[f64], start: Option<&[f64]>) -> Result<(Market, usize)> {
        self.check_firms(firms)?;
        let alpha = self.params.alpha;
        let ones = vec![1.0; firms.len()];
        let threshold: Vec<f64> = (0..firms.len())
            .map(|s| {
                if alpha > 0.0 && firms[s] > 0.0 {
                    ((1.0 - alpha) * firms[s] / self.labour[s]).ln() / alpha
                } else {
                    f64::NEG_INFINITY
                }
            })
            .collect();
        let inner = Intermediates {
            freeness: &self.freeness,
            alpha,
            sigma: self.params.sigma,
            base: self.base(firms, &ones),
            threshold: threshold.clone(),
        };
        let (log_x, iterations) = inner.solve(start)?;
        let sigma = self.params.sigma;
        let wage = (0..firms.len())
            .map(|s| (log_x[s] / (1.0 - sigma) + threshold[s]).max(0.0).exp())
            .collect();
        let market = self.assemble(firms.to_vec(), wage, log_x);
        if alpha == 0.0 {
            if let Some(r) = (0..firms.len()).find(|&r| market.labour_demand[r] > self.labour[r] * (1.0 + 1e-12)) {
                return Err(Error::Numerical(format!(
                    "vertical linkages with alpha = 0: region {} needs {} workers for its {} firms but has {}; \
                     with no intermediate share the wage cannot clear its labour market",
                    r + 1,
                    market.labour_demand[r],
                    firms[r],
                    self.labour[r]
                )));
            }
        }
        Ok((market, iterations))
    }

    /// The price indices and profits at given firms n and given wages w (no labour market:
    /// the wages are the caller's), warm-started from `start` (y = ln G^(1-sigma)). What a
    /// several-industry model (`model::puga_venables`) solves for each industry, its wages
    /// cleared across industries. Returns the market and the Newton steps taken.
    pub fn market_at_firms_and_wages(
        &self,
        firms: &[f64],
        wage: &[f64],
        start: Option<&[f64]>,
    ) -> Result<(Market, usize)> {
        self.check_firms(firms)?;
        if wage.len() != firms.len() || wage.iter().any(|w| !(w.is_finite() && *w > 0.0)) {
            return Err(Error::Numerical(format!(
                "vertical linkages: wages {wage:?} must be positive"
            )));
        }
        let inner = Intermediates {
            freeness: &self.freeness,
            alpha: self.params.alpha,
            sigma: self.params.sigma,
            base: self.base(firms, wage),
            threshold: vec![f64::NEG_INFINITY; firms.len()],
        };
        let (log_x, iterations) = inner.solve(start)?;
        Ok((self.assemble(firms.to_vec(), wage.to_vec(), log_x), iterations))
    }

    /// The short run at firm shares `shares` and wages `wage`, the total number of firms N
    /// set by aggregate free entry: (1 - alpha) sum_r n_r p_r = mu sum_r w_r L_r. No
    /// complementarity here: `wage` is the state being checked or used.
    pub fn market(&self, shares: &[f64], wage: &[f64]) -> Result<Market> {
        self.check_firms(shares)?;
        let (sigma, mu, alpha) = (self.params.sigma, self.params.mu, self.params.alpha);
        if wage.len() != shares.len() || wage.iter().any(|w| !(w.is_finite() && *w > 0.0)) {
            return Err(Error::Numerical(format!(
                "vertical linkages: wages {wage:?} must be positive"
            )));
        }
        let inner = Intermediates {
            freeness: &self.freeness,
            alpha,
            sigma,
            base: self.base(shares, wage),
            threshold: vec![f64::NEG_INFINITY; shares.len()],
        };
        let (y0, _) = inner.solve(None)?;
        let revenue0: f64 = (0..shares.len())
            .map(|r| shares[r] * wage[r].powf(1.0 - alpha) * (alpha * y0[r] / (1.0 - sigma)).exp())
            .sum();
        let income: f64 = wage.iter().zip(&self.labour).map(|(w, l)| w * l).sum();
        // N^beta = mu Y / ((1 - alpha) sum lambda p0), beta = (sigma(1-alpha) - 1) / ((1-alpha)(sigma-1)).
        let kappa = 1.0 / (1.0 - alpha);
        let beta = kappa * (sigma * (1.0 - alpha) - 1.0) / (sigma - 1.0);
        let log_total = (mu * income / ((1.0 - alpha) * revenue0)).ln() / beta;
        let firms = shares.iter().map(|l| l * log_total.exp()).collect();
        let log_x = y0.iter().map(|y| y + kappa * log_total).collect();
        Ok(self.assemble(firms, wage.to_vec(), log_x))
    }

    /// The labour-market complementarity at firm shares and log wages u, from
    /// [`VerticalLinkages::market`]: F_r = min(u_r, ln L_r - ln D_r) for regions with firms
    /// (u_r >= 0, labour demand D_r <= L_r, one of them tight), F_r = u_r without firms.
    pub fn complementarity(&self, shares: &[f64], log_wage: &[f64]) -> Result<(Vec<f64>, Market)> {
        let wage: Vec<f64> = log_wage.iter().map(|u| u.exp()).collect();
        let m = self.market(shares, &wage)?;
        let f = (0..shares.len())
            .map(|r| {
                if shares[r] > 0.0 {
                    log_wage[r].min(self.labour[r].ln() - m.labour_demand[r].ln())
                } else {
                    log_wage[r]
                }
            })
            .collect();
        Ok((f, m))
    }

    /// The short run at firm shares: the wages solving the complementarity, N from
    /// aggregate free entry ([`VerticalLinkages::market`]). Semi-smooth Newton in log wages
    /// from `start` (else w = 1): rows of regions whose labour binds are differentiated
    /// (central differences of ln D), the others are u_r = 0. With food produced everywhere
    /// one step (none from w = 1). Returns the market and the Newton steps taken.
    pub fn solve_market(&self, shares: &[f64], start: Option<&[f64]>) -> Result<(Market, usize)> {
        let n = shares.len();
        let mut u: Vec<f64> = match start {
            Some(w) if w.len() == n && w.iter().all(|w| w.is_finite() && *w >= 1.0) => {
                w.iter().map(|w| w.ln()).collect()
            }
            _ => vec![0.0; n],
        };
        let norm = |f: &[f64]| f.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let (mut f, mut m) = self.complementarity(shares, &u)?;
        let mut r = norm(&f);
        for step in 0..MAX_NEWTON {
            if r <= TOLERANCE {
                return Ok((m, step));
            }
            let binding: Vec<usize> = (0..n)
                .filter(|&i| shares[i] > 0.0 && self.labour[i].ln() - m.labour_demand[i].ln() < u[i])
                .collect();
            // J: identity rows, and d(ln L - ln D)/du on the binding rows.
            let mut jac = nalgebra::DMatrix::identity(n, n);
            if !binding.is_empty() {
                let h = 1e-6;
                for j in 0..n {
                    let mut up = u.clone();
                    let mut down = u.clone();
                    up[j] += h;
                    down[j] -= h;
                    let d_up = self
                        .market(shares, &up.iter().map(|v| v.exp()).collect::<Vec<_>>())?
                        .labour_demand;
                    let d_down = self
                        .market(shares, &down.iter().map(|v| v.exp()).collect::<Vec<_>>())?
                        .labour_demand;
                    for &i in &binding {
                        jac[(i, j)] = -(d_up[i].ln() - d_down[i].ln()) / (2.0 * h);
                    }
                }
            }
            let rhs = nalgebra::DVector::from_iterator(n, f.iter().map(|v| -v));
            let Some(delta) = jac.lu().solve(&rhs).filter(|d| d.iter().all(|v| v.is_finite())) else {
                break;
            };
            let mut t = 1.0;
            loop {
                let trial: Vec<f64> = u.iter().zip(delta.iter()).map(|(a, d)| a + t * d).collect();
                if let Ok((ft, mt)) = self.complementarity(shares, &trial) {
                    let rt = norm(&ft);
                    if rt < r || t < 1e-4 {
                        (u, f, m, r) = (trial, ft, mt, rt);
                        break;
                    }
                }
                t *= 0.5;
                if t < 1e-8 {
                    break;
                }
            }
        }
        if r <= 1e3 * TOLERANCE {
            return Ok((m, MAX_NEWTON));
        }
        Err(Error::NotConverged {
            solver: "newton",
            iterations: MAX_NEWTON,
            residual: r,
            tolerance: TOLERANCE,
            context: "the labour markets of the vertical-linkages model".into(),
        })
    }
}
