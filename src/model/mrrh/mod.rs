//! Monte, Redding and Rossi-Hansberg (2018, *AER* 108(12), "Commuting, Migration, and Local
//! Employment Elasticities", "MRRH"): locations where people live (n) and work (i) differ.
//! Equations with the paper's numbers are in `docs/mrrh.md`; in short
//!
//! ```text
//! pi_ni     = L_i (d_ni w_i / A_i)^(1-sigma) / sum_k L_k (d_nk w_k / A_k)^(1-sigma)   (6)
//! w_i L_i   = sum_n pi_ni vbar_n R_n                                                (7)
//! P_n       = sigma/(sigma-1) (1/(sigma F))^(1/(1-sigma)) [sum_i L_i (d_ni w_i/A_i)^(1-sigma)]^(1/(1-sigma))  (8)
//! Q_n       = (1 - alpha) vbar_n R_n / H_n                                          (5)
//! lambda_ni = E_ni (P_n^alpha Q_n^(1-alpha))^(-eps) w_i^eps / Phi,  E_ni = B_ni kappa_ni^(-eps)  (10)
//! R_n = Lbar sum_i lambda_ni,  L_i = Lbar sum_n lambda_ni                          (11)
//! vbar_n    = sum_i lambda_ni|n w_i,  lambda_ni|n = E_ni w_i^eps / sum_s E_ns w_s^eps (12), (14)
//! Ubar      = Gamma((eps-1)/eps) Phi^(1/eps)                                        (15)
//! ```
//!
//! The share matrices are never formed in the iteration: lambda = diag(a) E diag(b) / Phi with
//! a_n = (P_n^alpha Q_n^(1-alpha))^(-eps), b_i = w_i^eps, and pi = diag(1 / (K c)) K diag(c)
//! with K_ni = d_ni^(1-sigma), c_i = L_i (w_i/A_i)^(1-sigma): every step is a product of a
//! fixed dense kernel with a vector ([`Kernel`], rows in parallel, fixed summation order).
//! The numeraire is the geometric mean of wages (= 1).

mod data;
mod equilibrium;
mod hat;
mod inversion;
mod outcomes;
mod setup;

pub use data::MrrhData;
pub use equilibrium::MrrhEquilibrium;
pub use hat::MrrhShock;
pub use inversion::{invert_with_commuting, invert_without_commuting, Observed};
pub use outcomes::CommutingStatistic;
pub use setup::CommutingModel;

use rayon::prelude::*;

use crate::error::{Error, Result};

/// Structural parameters; `Default` is the toolkit's German calibration (alpha = 0.7 goods
/// share, sigma = 4, eps = 4.6, F = 1; MRRH's own are alpha 0.6, sigma 4, eps 3.3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MrrhParams {
    /// Goods share of expenditure (1 - alpha on land).
    pub alpha: f64,
    /// Elasticity of substitution between varieties, > 1.
    pub sigma: f64,
    /// Fréchet shape of idiosyncratic amenities, > 1.
    pub epsilon: f64,
    /// Fixed cost in units of labour, > 0.
    pub fixed_cost: f64,
}

impl Default for MrrhParams {
    fn default() -> Self {
        MrrhParams {
            alpha: 0.7,
            sigma: 4.0,
            epsilon: 4.6,
            fixed_cost: 1.0,
        }
    }
}

impl MrrhParams {
    /// Checks the ranges, naming the `model.*` key.
    pub fn validate(&self) -> Result<()> {
        if !(self.alpha > 0.0 && self.alpha <= 1.0) {
            return Err(Error::invalid(
                "model.alpha",
                self.alpha,
                "the goods share must be in (0, 1]",
            ));
        }
        if !(self.sigma.is_finite() && self.sigma > 1.0) {
            return Err(Error::invalid("model.sigma", self.sigma, "must be finite and > 1"));
        }
        if !(self.epsilon.is_finite() && self.epsilon > 1.0) {
            return Err(Error::invalid(
                "model.epsilon",
                self.epsilon,
                "must be finite and > 1 (Fréchet shape)",
            ));
        }
        if !(self.fixed_cost.is_finite() && self.fixed_cost > 0.0) {
            return Err(Error::invalid(
                "model.fixed-cost",
                self.fixed_cost,
                "must be finite and > 0",
            ));
        }
        Ok(())
    }

    /// Gamma((eps - 1) / eps), the constant of expected utility (15).
    pub fn delta(&self) -> f64 {
        crate::model::arsw::params::gamma_function((self.epsilon - 1.0) / self.epsilon)
    }
}

/// A dense N × N kernel, row-major: `(K x)_n = sum_i K[n][i] x_i`.
#[derive(Debug, Clone, PartialEq)]
pub struct Kernel {
    pub n: usize,
    pub values: Vec<f64>,
}

impl Kernel {
    pub fn new(n: usize, values: Vec<f64>) -> Self {
        assert_eq!(values.len(), n * n);
        Kernel { n, values }
    }

    /// K x.
    pub fn mul(&self, x: &[f64]) -> Vec<f64> {
        self.values
            .par_chunks(self.n)
            .map(|row| row.iter().zip(x).map(|(k, v)| k * v).sum())
            .collect()
    }

    /// K^T y, column by column (each output summed over n in order).
    pub fn mul_transpose(&self, y: &[f64]) -> Vec<f64> {
        let n = self.n;
        (0..n)
            .into_par_iter()
            .map(|i| (0..n).map(|r| self.values[r * n + i] * y[r]).sum())
            .collect()
    }

    /// Entry-wise product with `other` (a shock).
    pub fn times(&self, other: &[f64]) -> Kernel {
        Kernel::new(self.n, self.values.iter().zip(other).map(|(a, b)| a * b).collect())
    }
}

/// The model: parameters, productivity A_i, land H_n, total labour, the trade kernel
/// K_ni = d_ni^(1-sigma) (n buys from i) and the ease of commuting E_ni = B_ni kappa_ni^(-eps).
#[derive(Debug, Clone)]
pub struct Mrrh {
    pub params: MrrhParams,
    pub productivity: Vec<f64>,
    pub land: Vec<f64>,
    pub labour: f64,
    pub trade: Kernel,
    pub ease: Kernel,
}

impl Mrrh {
    /// Checks sizes and positivity; `trade_costs[i * N + n]` = d from i to n (the geography's
    /// T[i][n]), `ease[n * N + i]` >= 0 with a positive entry in every row and column.
    pub fn new(
        params: MrrhParams,
        productivity: Vec<f64>,
        land: Vec<f64>,
        labour: f64,
        trade_costs: &[f64],
        ease: Vec<f64>,
    ) -> Result<Self> {
        params.validate()?;
        let n = productivity.len();
        let positive = |key: &str, v: &[f64]| -> Result<()> {
            match v.iter().position(|x| !(x.is_finite() && *x > 0.0)) {
                Some(i) => Err(Error::invalid(
                    key,
                    v[i],
                    format!("must be finite and > 0 (location {})", i + 1),
                )),
                None => Ok(()),
            }
        };
        positive("model.productivity", &productivity)?;
        positive("model.land", &land)?;
        if !(labour.is_finite() && labour > 0.0) {
            return Err(Error::invalid("model.labour", labour, "must be finite and > 0"));
        }
        if land.len() != n || trade_costs.len() != n * n || ease.len() != n * n {
            return Err(Error::Config(format!("mrrh: {n} locations but inputs of other sizes")));
        }
        if ease.iter().any(|e| !(e.is_finite() && *e >= 0.0)) {
            return Err(Error::invalid(
                "model.commuting",
                "a negative or non-finite entry",
                "ease of commuting must be >= 0",
            ));
        }
        for r in 0..n {
            if (0..n).all(|s| ease[r * n + s] == 0.0) || (0..n).all(|s| ease[s * n + r] == 0.0) {
                return Err(Error::invalid(
                    "model.commuting",
                    format!("location {}", r + 1),
                    "every location needs a positive commute from and to it",
                ));
            }
        }
        let one_minus_sigma = 1.0 - params.sigma;
        let mut k = vec![0.0; n * n];
        for c in 0..n {
            for i in 0..n {
                k[c * n + i] = trade_costs[i * n + c].powf(one_minus_sigma);
            }
        }
        Ok(Mrrh {
            params,
            productivity,
            land,
            labour,
            trade: Kernel::new(n, k),
            ease: Kernel::new(n, ease),
        })
    }

    /// Number of locations.
    pub fn len(&self) -> usize {
        self.productivity.len()
    }

    /// True without locations (never after `new`).
    pub fn is_empty(&self) -> bool {
        self.productivity.is_empty()
    }
}

/// The system shared by the levels solve and the hat algebra: a commuting kernel C (levels:
/// E; hats: lambda o E-hat), a trade kernel K (levels: d^(1-sigma); hats: pi o d-hat^(1-sigma)),
/// and what turns wages into the trade vector c and the price index.
pub(crate) struct System<'a> {
    pub params: MrrhParams,
    pub labour: f64,
    pub commuting: &'a Kernel,
    pub trade: &'a Kernel,
    /// Land H_n (levels) or (1 - alpha) vbar_n R_n (hats: then the land price is
    /// Q-hat = vbar' R' / (vbar R)).
    pub land: &'a [f64],
    /// c_i = L_i (w_i / A_i)^(1-sigma) / scale_i: levels scale 1 with A; hats the baseline L_i
    /// and w_i / A-hat_i.
    pub productivity: &'a [f64],
    pub labour_scale: &'a [f64],
    /// P^(1-sigma) = price_constant (K c)_n.
    pub price_constant: f64,
    /// The wage level the state multiplies: levels 1, hats the baseline w.
    pub wage_level: &'a [f64],
}

/// Every outcome of the system at a state (w, P): the state's wages are `wage_level` x the state.
pub(crate) struct Outcomes {
    pub wage: Vec<f64>,
    pub price: Vec<f64>,
    pub residents: Vec<f64>,
    pub workers: Vec<f64>,
    pub residential_income: Vec<f64>,
    pub land_price: Vec<f64>,
    pub phi: f64,
    /// Updated (ln w, ln P) before the numeraire shift.
    pub next: Vec<f64>,
}

impl System<'_> {
    /// Outcomes at x = (ln of the state's wages, ln of its price index), N each.
    pub fn outcomes(&self, x: &[f64]) -> Outcomes {
        let n = x.len() / 2;
        let p = &self.params;
        let (eps, alpha, sigma) = (p.epsilon, p.alpha, p.sigma);
        let state_w: Vec<f64> = x[..n].iter().map(|v| v.exp()).collect();
        let price: Vec<f64> = x[n..].iter().map(|v| v.exp()).collect();
        let wage: Vec<f64> = state_w.iter().zip(self.wage_level).map(|(s, l)| s * l).collect();
        // (12), (14): conditional commuting and residential income.
        let b: Vec<f64> = state_w.iter().map(|w| w.powf(eps)).collect();
        let s1 = self.commuting.mul(&b);
        let bw: Vec<f64> = b.iter().zip(&wage).map(|(b, w)| b * w).collect();
        let vbar: Vec<f64> = self.commuting.mul(&bw).iter().zip(&s1).map(|(a, s)| a / s).collect();
        // (10), (11) with (5): R_n^(1 + (1-alpha) eps) ∝ P_n^(-alpha eps) (vbar_n / H_n)^(-(1-alpha) eps) s1_n.
        let power = 1.0 / (1.0 + (1.0 - alpha) * eps);
        let raw: Vec<f64> = (0..n)
            .map(|r| {
                ((-alpha * eps) * price[r].ln() - (1.0 - alpha) * eps * (vbar[r] / self.land[r]).ln() + s1[r].ln())
                    * power
            })
            .collect();
        let top = raw.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let weights: Vec<f64> = raw.iter().map(|v| (v - top).exp()).collect();
        let total: f64 = weights.iter().sum();
        let residents: Vec<f64> = weights.iter().map(|v| self.labour * v / total).collect();
        let land_price: Vec<f64> = (0..n)
            .map(|r| (1.0 - alpha) * vbar[r] * residents[r] / self.land[r])
            .collect();
        let a: Vec<f64> = (0..n)
            .map(|r| (-eps * (alpha * price[r].ln() + (1.0 - alpha) * land_price[r].ln())).exp())
            .collect();
        let phi: f64 = a.iter().zip(&s1).map(|(a, s)| a * s).sum();
        let cta = self.commuting.mul_transpose(&a);
        let workers: Vec<f64> = (0..n).map(|i| self.labour * b[i] * cta[i] / phi).collect();
        // (6), (8): trade shares and the price index through K c.
        let c: Vec<f64> = (0..n)
            .map(|i| workers[i] / self.labour_scale[i] * (state_w[i] / self.productivity[i]).powf(1.0 - sigma))
            .collect();
        let kc = self.trade.mul(&c);
        let next_price: Vec<f64> = kc
            .iter()
            .map(|v| (self.price_constant * v).powf(1.0 / (1.0 - sigma)))
            .collect();
        // (7): expenditure on i's goods against its wage bill.
        let spend: Vec<f64> = (0..n).map(|r| vbar[r] * residents[r] / kc[r]).collect();
        let kts = self.trade.mul_transpose(&spend);
        let mut next = Vec::with_capacity(2 * n);
        for i in 0..n {
            let expenditure = c[i] * kts[i];
            next.push(x[i] + (expenditure / (wage[i] * workers[i])).ln() / sigma);
        }
        next.extend(next_price.iter().map(|v| v.ln()));
        Outcomes {
            wage,
            price,
            residents,
            workers,
            residential_income: vbar,
            land_price,
            phi,
            next,
        }
    }
}

#[cfg(test)]
mod tests;
