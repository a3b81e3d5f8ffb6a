//! How the core–periphery short-run wages respond to the model's parameters: the exact
//! derivatives d ln w / d p that calibration needs (its Jacobian and standard errors), by
//! the implicit-function theorem on the wage equation (Fujita, Krugman and Venables 1999,
//! eqs 5.1–5.4; see [`super::core_periphery`]).
//!
//! In log wages u = ln w the short run is the fixed point u = F(u; p) with
//!
//! ```text
//! F_r = (1/sigma) ln S_r,   S_r = sum_s phi_rs Y_s / H_s,   H_s = sum_k phi_ks v_k,
//! v_k = lambda_k w_k^(1-sigma),   Y_s = mu lambda_s w_s + (1 - mu) a_s.
//! ```
//!
//! Differentiating u(p) = F(u(p); p) gives one linear system with one right-hand side per
//! parameter (the same LU factor for all):
//!
//! ```text
//! (I - dF/du) du/dp = dF/dp,     dF_r/dp = (dS_r/dp) / (sigma S_r)   (+ the explicit 1/sigma term)
//! ```
//!
//! dF/du is the short run's own Jacobian ([`super::core_periphery::ShortRun`]). The
//! freeness phi = T^(1-sigma) depends on sigma at fixed iceberg costs T, and on a trade-cost
//! parameter through T. With Psi_rs = phi_rs ln phi_rs:
//!
//! ```text
//! d phi / d sigma = -ln(T) phi = Psi / (sigma - 1)
//! d phi / d p     = (1 - sigma) phi d ln(T)/d p = c Psi      when d ln T / d p = c ln T
//! ```
//!
//! Every cost function of the geography has that form: T = exp(rate d) gives
//! d ln T / d rate = d = ln T / rate (c = 1/rate); T = max(1, d^elasticity) gives
//! c = 1/elasticity (ln T = 0 where d <= 1, and so is its derivative); T = t^d gives
//! d ln T / d t = d / t = ln T / (t ln t). The partials at fixed u are then
//!
//! ```text
//! dS_r/dmu    = sum_s phi_rs (lambda_s w_s - a_s) / H_s
//! dS_r/dsigma = [Psi (Y/H)]_r / (sigma-1) - [Phi ((Y/H) (Psi' v)/H)]_r / (sigma-1)
//!               + [Phi ((Y/H) (Phi' (v ln w))/H)]_r,           dF_r/dsigma = -F_r/sigma + dS_r/dsigma / (sigma S_r)
//! dS_r/dp     = c ([Psi (Y/H)]_r - [Phi ((Y/H) (Psi' v)/H)]_r)
//! ```
//!
//! (using dv_k/dsigma = -v_k ln w_k and dH/dsigma = Psi' v/(sigma-1) - Phi' (v ln w)).
//! Quotients are formed as (Y/H)(X/H), never over H^2, which underflows for isolated regions.

use nalgebra::DMatrix;

use super::CorePeriphery;
use crate::error::{Error, Result};
use crate::solve::FixedPointMap;

/// A parameter of the short run whose derivative [`CorePeriphery::log_wage_sensitivity`]
/// gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ShortRunParameter {
    /// sigma, at fixed iceberg costs T.
    Sigma,
    /// mu.
    Mu,
    /// A parameter p of the iceberg costs with d ln T_rs / d p = `log_scale` ln T_rs for
    /// every pair (1/rate for exp(rate d), 1/elasticity for d^elasticity, 1/(t ln t) for t^d).
    TradeCost { log_scale: f64 },
}

impl CorePeriphery {
    /// d ln w_r / d p_i (N × q) at a short-run equilibrium (`wages` solve the wage equation at
    /// `shares`), by the implicit-function theorem (module docs). `None` with a productivity
    /// spillover, whose factor depends on sigma as well (not derived here).
    pub fn log_wage_sensitivity(
        &self,
        shares: &[f64],
        wages: &[f64],
        parameters: &[ShortRunParameter],
    ) -> Option<Result<DMatrix<f64>>> {
        if self.spillover() != 0.0 {
            return None;
        }
        Some(self.sensitivity(shares, wages, parameters))
    }

    fn sensitivity(&self, shares: &[f64], wages: &[f64], parameters: &[ShortRunParameter]) -> Result<DMatrix<f64>> {
        let (sigma, mu) = (self.params().sigma, self.params().mu);
        let n = self.regions();
        let phi = self.freeness();
        let farmers = self.farmers();
        let v: Vec<f64> = shares.iter().zip(wages).map(|(l, w)| l * w.powf(1.0 - sigma)).collect();
        let mut h = vec![0.0; n];
        phi.mul_transpose(&v, &mut h);
        let income: Vec<f64> = (0..n)
            .map(|s| mu * shares[s] * wages[s] + (1.0 - mu) * farmers[s])
            .collect();
        let y_over_h: Vec<f64> = income.iter().zip(&h).map(|(y, h)| y / h).collect();
        let mut s_vec = vec![0.0; n];
        phi.mul(&y_over_h, &mut s_vec);

        // Psi terms, shared by sigma and the trade-cost parameters: Psi (Y/H) - Phi((Y/H)(Psi'v)/H).
        let needs_psi = parameters.iter().any(|p| !matches!(p, ShortRunParameter::Mu));
        let psi_part = if needs_psi {
            let psi = PhiLogPhi::new(self);
            let mut direct = vec![0.0; n];
            psi.mul(&y_over_h, &mut direct);
            let mut dh = vec![0.0; n];
            psi.mul_transpose(&v, &mut dh);
            let weighted: Vec<f64> = (0..n).map(|s| y_over_h[s] * (dh[s] / h[s])).collect();
            let mut through_h = vec![0.0; n];
            phi.mul(&weighted, &mut through_h);
            direct.iter().zip(&through_h).map(|(a, b)| a - b).collect()
        } else {
            Vec::new()
        };

        let mut rhs = DMatrix::zeros(n, parameters.len());
        for (i, p) in parameters.iter().enumerate() {
            let ds: Vec<f64> = match *p {
                ShortRunParameter::Mu => {
                    let x: Vec<f64> = (0..n).map(|s| (shares[s] * wages[s] - farmers[s]) / h[s]).collect();
                    let mut out = vec![0.0; n];
                    phi.mul(&x, &mut out);
                    out
                }
                ShortRunParameter::Sigma => {
                    let vlnw: Vec<f64> = v.iter().zip(wages).map(|(v, w)| v * w.ln()).collect();
                    let mut dh = vec![0.0; n];
                    phi.mul_transpose(&vlnw, &mut dh);
                    let weighted: Vec<f64> = (0..n).map(|s| y_over_h[s] * (dh[s] / h[s])).collect();
                    let mut through_w = vec![0.0; n];
                    phi.mul(&weighted, &mut through_w);
                    (0..n).map(|r| psi_part[r] / (sigma - 1.0) + through_w[r]).collect()
                }
                ShortRunParameter::TradeCost { log_scale } => psi_part.iter().map(|x| log_scale * x).collect(),
            };
            for r in 0..n {
                let mut d = ds[r] / (sigma * s_vec[r]);
                if *p == ShortRunParameter::Sigma {
                    d -= s_vec[r].ln() / (sigma * sigma);
                }
                rhs[(r, i)] = d;
            }
        }

        let log_wages: Vec<f64> = wages.iter().map(|w| w.ln()).collect();
        let f_u = self
            .short_run(shares)
            .jacobian(&log_wages)
            .ok_or_else(|| Error::Numerical("the short-run Jacobian is not available".into()))?;
        let system = DMatrix::identity(n, n) - f_u;
        system.lu().solve(&rhs).ok_or_else(|| {
            Error::Numerical(
                "the short-run wage system I - dF/du is singular: the parameters' effect on wages is not defined here"
                    .into(),
            )
        })
    }
}

/// Psi_rs = phi_rs ln phi_rs, dense (0 where phi underflows to 0, its limit).
struct PhiLogPhi {
    n: usize,
    values: Vec<f64>,
}

impl PhiLogPhi {
    fn new(model: &CorePeriphery) -> Self {
        let n = model.regions();
        let phi = model.freeness();
        let mut values = Vec::with_capacity(n * n);
        for r in 0..n {
            for s in 0..n {
                let f = phi.get(r, s);
                values.push(if f > 0.0 { f * f.ln() } else { 0.0 });
            }
        }
        PhiLogPhi { n, values }
    }

    /// out_r = sum_s Psi_rs x_s.
    fn mul(&self, x: &[f64], out: &mut [f64]) {
        for (r, o) in out.iter_mut().enumerate() {
            let row = &self.values[r * self.n..(r + 1) * self.n];
            *o = row.iter().zip(x).map(|(a, b)| a * b).sum();
        }
    }

    /// out_s = sum_k Psi_ks x_k.
    fn mul_transpose(&self, x: &[f64], out: &mut [f64]) {
        out.iter_mut().for_each(|o| *o = 0.0);
        for (k, xk) in x.iter().enumerate() {
            let row = &self.values[k * self.n..(k + 1) * self.n];
            for (o, a) in out.iter_mut().zip(row) {
                *o += a * xk;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geography::{layouts, CostFunction, Metric};
    use crate::solve::SolverSettings;

    /// A 7-point planar geography with T = exp(rate d) and uneven shares and farmers.
    fn model(sigma: f64, mu: f64, rate: f64) -> (CorePeriphery, Vec<f64>) {
        let coords: Vec<[f64; 2]> = (0..7)
            .map(|i| {
                let t = i as f64;
                [(1.3 * t).sin() * 3.0 + t, (0.7 * t).cos() * 2.0]
            })
            .collect();
        let g = layouts::points(
            (0..7).map(|i| format!("p{i}")).collect(),
            coords,
            Metric::Euclidean,
            CostFunction::Exp { rate },
            "test points",
        )
        .unwrap();
        let farmers: Vec<f64> = (0..7).map(|i| (1.0 + 0.2 * i as f64) / 11.2).collect();
        let raw: Vec<f64> = (0..7).map(|i| 1.0 + ((i * 3) % 5) as f64).collect();
        let total: f64 = raw.iter().sum();
        let shares = raw.iter().map(|x| x / total).collect();
        (
            CorePeriphery::new(crate::model::CorePeripheryParams { sigma, mu }, &g, farmers).unwrap(),
            shares,
        )
    }

    fn log_wages(sigma: f64, mu: f64, rate: f64) -> Vec<f64> {
        let (m, shares) = model(sigma, mu, rate);
        let settings = SolverSettings {
            tolerance: crate::solve::Tolerance {
                residual: 1e-14,
                max_iterations: 10_000,
            },
            ..SolverSettings::default()
        };
        let (w, _) = m.solve_short_run(&shares, None, &settings).unwrap();
        w.iter().map(|w| w.ln()).collect()
    }

    /// Exact d ln w / d (sigma, mu, rate) against central differences of re-solved short
    /// runs (step 1e-5 relative; truncation ~1e-10, solve noise ~1e-14/1e-5 = 1e-9): agreement
    /// to 1e-6 relative to each column's largest entry, at three parameter sets.
    #[test]
    fn sensitivity_matches_central_differences() {
        for (sigma, mu, rate) in [(5.0, 0.4, 0.3), (3.2, 0.15, 0.8), (8.0, 0.6, 0.1)] {
            let (m, shares) = model(sigma, mu, rate);
            let w: Vec<f64> = log_wages(sigma, mu, rate).iter().map(|u| u.exp()).collect();
            let params = [
                ShortRunParameter::Sigma,
                ShortRunParameter::Mu,
                ShortRunParameter::TradeCost { log_scale: 1.0 / rate },
            ];
            let exact = m.log_wage_sensitivity(&shares, &w, &params).unwrap().unwrap();
            let theta = [sigma, mu, rate];
            for i in 0..3 {
                let h = 1e-5 * theta[i];
                let mut up = theta;
                up[i] += h;
                let mut down = theta;
                down[i] -= h;
                let (a, b) = (log_wages(up[0], up[1], up[2]), log_wages(down[0], down[1], down[2]));
                let fd: Vec<f64> = a.iter().zip(&b).map(|(a, b)| (a - b) / (2.0 * h)).collect();
                let scale = fd.iter().fold(0.0f64, |m, x| m.max(x.abs()));
                for r in 0..7 {
                    let err = (exact[(r, i)] - fd[r]).abs() / scale;
                    assert!(
                        err < 1e-6,
                        "({sigma}, {mu}, {rate}) parameter {i} region {r}: exact {} vs fd {} ({err:e})",
                        exact[(r, i)],
                        fd[r]
                    );
                }
            }
        }
    }
}
