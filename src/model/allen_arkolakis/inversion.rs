//! Inversion: the fundamentals (Abar, ubar) that make observed population and wages an
//! equilibrium under the model's parameters and trade costs (AA 2014 Sec. V; Allen,
//! Arkolakis and Takahashi 2020 for uniqueness of the composite productivities).
//!
//! 1. Composite productivities `A_i` from goods market clearing given `Y = w L`: with
//!    `k_i = ln A_i^(s-1)`, iterate
//!    `k_i <- ln Y_i + (s-1) ln w_i - ln sum_j phi_ij Y_j / P_j^(1-s)`,
//!    `P_j^(1-s) = sum_k phi_kj e^(k_k) w_k^(1-s)`, normalising mean k = 0 each step (the
//!    map is homogeneous of degree 1 in e^k, so the scale is free).
//! 2. `Abar_i = A_i / L_i^alpha`.
//! 3. Amenities from welfare equalisation, `u_i = W P_i / w_i` (any W), `ubar_i = u_i / L_i^beta`.
//! 4. Normalisation: geometric mean 1 for Abar and for ubar separately. The scales are
//!    free: Abar -> c Abar or ubar -> c ubar leaves L and w unchanged and multiplies W by c.
//!
//! The result does not depend on the units of `population` or `wage` (uniform rescaling of
//! either changes the fundamentals by a common factor that the normalisation removes), so
//! data in persons and dollars can be inverted directly; a re-solve returns the population
//! rescaled to sum Lbar and the wages rescaled to geometric mean 1.

use super::equilibrium::max;
use super::{validate_positive, AllenArkolakis};
use crate::error::Result;
use crate::model::{Freeness, Fundamentals};
use crate::solve::{self, FixedPointMap, Method, SolverSettings, Tolerance};

/// Settings of step 1 used by [`AllenArkolakis::invert`]: Anderson(5), residual 1e-13 on
/// ln A^(s-1), at most 100 000 iterations.
pub fn inversion_settings() -> SolverSettings {
    SolverSettings {
        method: Method::Anderson { depth: 5, damping: 1.0 },
        tolerance: Tolerance {
            residual: 1e-13,
            max_iterations: 100_000,
        },
    }
}

/// Step 1 as a fixed-point map in k = ln A^(s-1).
pub struct GoodsMarketInversion<'a> {
    freeness: &'a Freeness,
    /// ln Y_i + (s-1) ln w_i.
    log_target: Vec<f64>,
    /// (1-s) ln w_k.
    log_cost: Vec<f64>,
    /// ln Y_j.
    log_income: Vec<f64>,
}

impl FixedPointMap for GoodsMarketInversion<'_> {
    fn dim(&self) -> usize {
        self.log_target.len()
    }

    fn apply(&self, k: &[f64], out: &mut [f64]) {
        let n = k.len();
        // ln P_j^(1-s) = ln sum_k phi_kj exp(k_k + (1-s) ln w_k).
        let e: Vec<f64> = k.iter().zip(&self.log_cost).map(|(k, c)| k + c).collect();
        let e_max = max(&e);
        let x: Vec<f64> = e.iter().map(|e| (e - e_max).exp()).collect();
        let mut h = vec![0.0; n];
        self.freeness.mul_transpose(&x, &mut h);
        // ln (Y_j / P_j^(1-s)).
        let d: Vec<f64> = (0..n).map(|j| self.log_income[j] - h[j].ln() - e_max).collect();
        let d_max = max(&d);
        let y: Vec<f64> = d.iter().map(|d| (d - d_max).exp()).collect();
        let mut m = vec![0.0; n];
        self.freeness.mul(&y, &mut m);
        for i in 0..n {
            out[i] = self.log_target[i] - m[i].ln() - d_max;
        }
        let mean = out.iter().sum::<f64>() / n as f64;
        out.iter_mut().for_each(|o| *o -= mean);
    }
}

impl AllenArkolakis {
    /// Fundamentals that make `population` and `wage` an equilibrium (see the module docs),
    /// normalised to geometric mean 1 each, with [`inversion_settings`].
    pub fn invert(&self, population: &[f64], wage: &[f64]) -> Result<Fundamentals> {
        self.invert_with(population, wage, &inversion_settings())
    }

    /// [`AllenArkolakis::invert`] with chosen settings for step 1.
    pub fn invert_with(&self, population: &[f64], wage: &[f64], settings: &SolverSettings) -> Result<Fundamentals> {
        let n = self.regions();
        validate_positive("population", population, n)?;
        validate_positive("wage", wage, n)?;
        let p = *self.params();
        let s = p.sigma;
        let log_l: Vec<f64> = population.iter().map(|l| l.ln()).collect();
        let log_w: Vec<f64> = wage.iter().map(|w| w.ln()).collect();
        let log_income: Vec<f64> = (0..n).map(|i| log_l[i] + log_w[i]).collect();
        let map = GoodsMarketInversion {
            freeness: self.freeness(),
            log_target: (0..n).map(|i| log_income[i] + (s - 1.0) * log_w[i]).collect(),
            log_cost: log_w.iter().map(|w| (1.0 - s) * w).collect(),
            log_income,
        };
        let sol = solve::solve(&map, &vec![0.0; n], settings)
            .map_err(|e| e.while_solving("recovering productivities from population and wages"))?;
        let log_a: Vec<f64> = sol.state.iter().map(|k| k / (s - 1.0)).collect();
        // ln P_i = ln [sum_j phi_ji (w_j / A_j)^(1-s)] / (1-s).
        let e: Vec<f64> = (0..n).map(|j| (1.0 - s) * (log_w[j] - log_a[j])).collect();
        let e_max = max(&e);
        let x: Vec<f64> = e.iter().map(|e| (e - e_max).exp()).collect();
        let mut h = vec![0.0; n];
        self.freeness().mul_transpose(&x, &mut h);
        let mut log_abar: Vec<f64> = (0..n).map(|i| log_a[i] - p.alpha * log_l[i]).collect();
        let mut log_ubar: Vec<f64> = (0..n)
            .map(|i| (h[i].ln() + e_max) / (1.0 - s) - log_w[i] - p.beta * log_l[i])
            .collect();
        for v in [&mut log_abar, &mut log_ubar] {
            let mean = v.iter().sum::<f64>() / n as f64;
            v.iter_mut().for_each(|x| *x -= mean);
        }
        Ok(Fundamentals {
            productivity: log_abar.iter().map(|x| x.exp()).collect(),
            amenity: log_ubar.iter().map(|x| x.exp()).collect(),
        })
    }
}
