//! d omega / d lambda of the core–periphery model applied to a vector, without the N × N
//! matrix: the implicit-function theorem of `CorePeriphery::real_wage_response` written as
//! products with the freeness (FKV ch. 5 equations, differentiated).
//!
//! With S = Phi (Y / H), H = Phi' (lambda w^(1-sigma)), Y = mu lambda w + (1 - mu) a and
//! G = S^(1/sigma), a change (dw, dlambda) gives
//!
//! ```text
//! dH = Phi' ((1-sigma) lambda w^(-sigma) dw + w^(1-sigma) dlambda)
//! dY = mu (lambda dw + w dlambda)
//! dS = Phi (dY / H - (Y / H) (dH / H)),     dG = (1/sigma) S^(1/sigma - 1) dS
//! ```
//!
//! The wage response solves (I - G_w) dw = G_lambda v by GMRES (each step two products);
//! then d ln omega = dw / w - (mu / H) Phi' (lambda w^(-sigma) dw)
//! + mu / ((sigma - 1) H) Phi' (w^(1-sigma) v), and d omega = omega d ln omega.
//! Cost: a few tens of products per vector instead of O(N^3) for the matrix.

use super::CorePeriphery;
use crate::error::{Error, Result};
use crate::model::freeness::Representation;
use crate::stability::gmres;

/// Relative residual of the GMRES solve for the wage response.
const WAGE_RESPONSE_TOLERANCE: f64 = 1e-13;

impl CorePeriphery {
    /// d omega / d lambda times `v` at a short-run equilibrium (`wages` solve the wage
    /// equation at `shares`). `None` with a productivity spillover (use the matrix there).
    pub fn real_wage_response_times(&self, shares: &[f64], wages: &[f64], v: &[f64]) -> Option<Result<Vec<f64>>> {
        if self.spillover() != 0.0 {
            return None;
        }
        Some(self.response_times(shares, wages, v))
    }

    /// (width, height) when the model at `shares` is invariant under the translations of
    /// its racetrack or torus: FFT-represented periodic freeness, equal farmers, and shares
    /// equal to 1e-13 (relative).
    pub fn translation_symmetry(&self, shares: &[f64]) -> Option<(usize, usize)> {
        let grid = match self.freeness().representation() {
            Representation::Circulant => (self.regions(), 1),
            Representation::Torus { width, height } => (width, height),
            _ => return None,
        };
        let a0 = self.farmers()[0];
        let mean = 1.0 / shares.len() as f64;
        let equal = self.farmers().iter().all(|&a| a == a0) && shares.iter().all(|&l| (l - mean).abs() <= 1e-13 * mean);
        equal.then_some(grid)
    }

    fn response_times(&self, shares: &[f64], wages: &[f64], v: &[f64]) -> Result<Vec<f64>> {
        let sigma = self.params().sigma;
        let mu = self.params().mu;
        let n = self.regions();
        let (h, income) = self.market_terms(shares, wages);
        let y_over_h: Vec<f64> = income.iter().zip(&h).map(|(y, h)| y / h).collect();
        let mut s = vec![0.0; n];
        self.freeness().mul(&y_over_h, &mut s);
        let scale: Vec<f64> = s.iter().map(|s| s.powf(1.0 / sigma - 1.0) / sigma).collect();
        // dG for a change (dw, dl) of wages and shares.
        let d_wage_map = |dw: &[f64], dl: &[f64]| -> Vec<f64> {
            let supply: Vec<f64> = (0..n)
                .map(|j| (1.0 - sigma) * shares[j] * wages[j].powf(-sigma) * dw[j] + wages[j].powf(1.0 - sigma) * dl[j])
                .collect();
            let mut dh = vec![0.0; n];
            self.freeness().mul_transpose(&supply, &mut dh);
            let inner: Vec<f64> = (0..n)
                .map(|j| {
                    let dy = mu * (shares[j] * dw[j] + wages[j] * dl[j]);
                    dy / h[j] - y_over_h[j] * (dh[j] / h[j])
                })
                .collect();
            let mut ds = vec![0.0; n];
            self.freeness().mul(&inner, &mut ds);
            ds.iter().zip(&scale).map(|(d, c)| d * c).collect()
        };
        let zeros = vec![0.0; n];
        let rhs = d_wage_map(&zeros, v);
        let apply = |u: &[f64]| -> Vec<f64> {
            let g = d_wage_map(u, &zeros);
            u.iter().zip(&g).map(|(u, g)| u - g).collect()
        };
        let dw =
            gmres::solve(apply, &rhs, WAGE_RESPONSE_TOLERANCE, 60, 2000).map_err(|(it, res)| Error::NotConverged {
                solver: "gmres",
                iterations: it,
                residual: res,
                tolerance: WAGE_RESPONSE_TOLERANCE,
                context: "the wage response to a change of worker shares".into(),
            })?;
        let omega = self.outcomes(shares, wages).real_wage;
        let x: Vec<f64> = (0..n).map(|j| shares[j] * wages[j].powf(-sigma) * dw[j]).collect();
        let z: Vec<f64> = (0..n).map(|j| wages[j].powf(1.0 - sigma) * v[j]).collect();
        let (mut px, mut pz) = (vec![0.0; n], vec![0.0; n]);
        self.freeness().mul_transpose(&x, &mut px);
        self.freeness().mul_transpose(&z, &mut pz);
        Ok((0..n)
            .map(|r| omega[r] * (dw[r] / wages[r] - mu * px[r] / h[r] + mu / (sigma - 1.0) * pz[r] / h[r]))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::geography::{layouts, CostFunction, Metric};
    use crate::model::{CorePeriphery, CorePeripheryParams};
    use crate::solve::SolverSettings;

    /// The matrix-free product equals the dense d omega / d lambda times v, on asymmetric
    /// shares of random points and on a racetrack, for two parameter sets.
    #[test]
    fn product_matches_the_dense_response() {
        let n = 30;
        let coords: Vec<[f64; 2]> = (0..n)
            .map(|i| [((i * 37) % 101) as f64 / 101.0, ((i * 59) % 97) as f64 / 97.0])
            .collect();
        let points = layouts::points(
            (0..n).map(|i| i.to_string()).collect(),
            coords,
            Metric::Euclidean,
            CostFunction::Exp { rate: 1.5 },
            "t",
        )
        .unwrap();
        let track = layouts::racetrack(n, 1.3).unwrap();
        for (geo, sigma, mu) in [(&points, 5.0, 0.4), (&track, 3.0, 0.3), (&points, 8.0, 0.6)] {
            let params = CorePeripheryParams { sigma, mu };
            let model = CorePeriphery::new(params, geo, vec![1.0 / n as f64; n]).unwrap();
            let raw: Vec<f64> = (0..n).map(|i| 1.0 + (i % 7) as f64).collect();
            let total: f64 = raw.iter().sum();
            let shares: Vec<f64> = raw.iter().map(|x| x / total).collect();
            let (w, _) = model
                .solve_short_run(&shares, None, &SolverSettings::default())
                .unwrap();
            let dense = model.real_wage_response(&shares, &w).unwrap();
            let v: Vec<f64> = (0..n).map(|i| ((i * 13) % 5) as f64 - 2.0).collect();
            let fast = model.real_wage_response_times(&shares, &w, &v).unwrap().unwrap();
            let exact = &dense * nalgebra::DVector::from_column_slice(&v);
            let scale = exact.amax();
            for r in 0..n {
                assert!(
                    (fast[r] - exact[r]).abs() <= 1e-10 * scale,
                    "sigma {sigma}, row {r}: {} vs {}",
                    fast[r],
                    exact[r]
                );
            }
        }
    }
}
