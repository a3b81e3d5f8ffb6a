//! Model inversion (QSE §3.6): the productivities A_n and amenities u_n that make observed
//! populations L_n and wages w_n an equilibrium, given sigma, alpha, F, housing H_n and the
//! trade costs.
//!
//! ```text
//! productivity:  A_i^(sigma-1) = w_i^sigma / sum_n phi_ni w_n L_n / D_n(A),
//!                D_n(A) = sum_i phi_ni L_i w_i^(1-sigma) A_i^(sigma-1)   (market clearing, eq. 9)
//! amenity:       u_n = alpha Vbar_c P_n^alpha r_n^(1-alpha) / w_n        (mobility, eq. 13)
//! ```
//!
//! The first line is homogeneous of degree one in A^(sigma-1): productivity is identified up
//! to one scale for the whole economy (trade balance pins relative productivity across
//! countries) and is normalised to a geometric mean of 1 over all locations. It is solved as a
//! fixed point in ln A^(sigma-1). Amenities are identified up to one scale per country (each
//! country's welfare level Vbar_c absorbs it) and are normalised to a geometric mean of 1
//! within each country. QSE's quality-adjusted land is H_n u_n^(1/(1-alpha)).

use super::{params::positive_vector, Helpman};
use crate::error::{Error, Result};
use crate::model::spatial::Fundamentals;
use crate::solve::{self, FixedPointMap, SolverSettings};

/// Relative tolerance on a country's observed population against its labour total.
pub const LABOUR_TOLERANCE: f64 = 1e-8;

/// Fundamentals that rationalise `population` and `wage` (normalised as in the module docs).
pub fn invert(model: &Helpman, population: &[f64], wage: &[f64], settings: &SolverSettings) -> Result<Fundamentals> {
    check_observables(model, population, wage)?;
    let productivity = productivity(model, population, wage, settings)?;
    let amenity = amenity(model, population, wage, &productivity)?;
    Ok(Fundamentals { productivity, amenity })
}

/// Checks lengths, positivity and that each country's population adds up to its labour.
pub(super) fn check_observables(model: &Helpman, population: &[f64], wage: &[f64]) -> Result<()> {
    let n = model.len();
    positive_vector("population", population, n)?;
    positive_vector("wage", wage, n)?;
    for (c, m) in model.countries().iter().enumerate() {
        let total: f64 = m.iter().map(|&i| population[i]).sum();
        let labour = model.regions().labour[c];
        if ((total - labour) / labour).abs() > LABOUR_TOLERANCE {
            return Err(Error::invalid(
                "population",
                format!("a total of {total} in country {c}"),
                format!(
                    "must add up to model.labour[{}] = {labour} (relative tolerance {LABOUR_TOLERANCE:.0e})",
                    c + 1
                ),
            ));
        }
    }
    Ok(())
}

/// A_n from market clearing, geometric mean 1 over all locations.
pub fn productivity(model: &Helpman, population: &[f64], wage: &[f64], settings: &SolverSettings) -> Result<Vec<f64>> {
    let n = model.len();
    let map = ProductivityMap {
        model,
        log_w: wage.iter().map(|w| w.ln()).collect(),
        log_l: population.iter().map(|l| l.ln()).collect(),
        income: (0..n).map(|i| wage[i] * population[i]).collect(),
    };
    let sol = solve::solve(&map, &vec![0.0; n], settings)
        .map_err(|e| e.while_solving("the Helpman inversion (productivity)"))?;
    let sigma = model.params().sigma;
    Ok(sol.state.iter().map(|v| (v / (sigma - 1.0)).exp()).collect())
}

/// u_n from equal welfare within each country given A, geometric mean 1 per country.
fn amenity(model: &Helpman, population: &[f64], wage: &[f64], productivity: &[f64]) -> Result<Vec<f64>> {
    let n = model.len();
    let sigma = model.params().sigma;
    let log_a: Vec<f64> = productivity.iter().map(|a| (sigma - 1.0) * a.ln()).collect();
    let o = model.outcomes_with(population, wage, &log_a, &vec![1.0; n]);
    // With u = 1, welfare is V_n / u_n: u_n is proportional to 1 / that within a country.
    let mut log_u: Vec<f64> = o.welfare.iter().map(|v| -v.ln()).collect();
    for m in model.countries() {
        let mean = m.iter().map(|&i| log_u[i]).sum::<f64>() / m.len() as f64;
        for &i in m {
            log_u[i] -= mean;
        }
    }
    let u: Vec<f64> = log_u.iter().map(|v| v.exp()).collect();
    if u.iter().any(|v| !(v.is_finite() && *v > 0.0)) {
        return Err(Error::Numerical(
            "the Helpman inversion produced non-finite amenities".into(),
        ));
    }
    Ok(u)
}

/// ln A^(sigma-1) <- sigma ln w - ln sum_n phi_ni Y_n / D_n(A), then mean zero.
struct ProductivityMap<'a> {
    model: &'a Helpman,
    log_w: Vec<f64>,
    log_l: Vec<f64>,
    income: Vec<f64>,
}

impl FixedPointMap for ProductivityMap<'_> {
    fn dim(&self) -> usize {
        self.model.len()
    }

    fn apply(&self, log_a: &[f64], out: &mut [f64]) {
        let n = self.model.len();
        let sigma = self.model.params().sigma;
        let supply: Vec<f64> = (0..n)
            .map(|i| (self.log_l[i] + (1.0 - sigma) * self.log_w[i] + log_a[i]).exp())
            .collect();
        let mut d = vec![0.0; n];
        self.model.freeness().mul_transpose(&supply, &mut d);
        let demand: Vec<f64> = (0..n).map(|k| self.income[k] / d[k]).collect();
        self.model.freeness().mul(&demand, out);
        for (o, lw) in out.iter_mut().zip(&self.log_w) {
            *o = sigma * lw - o.ln();
        }
        let mean = out.iter().sum::<f64>() / n as f64;
        for o in out.iter_mut() {
            *o -= mean;
        }
    }
}
