//! Exact hat algebra (Redding and Rossi-Hansberg 2017, "Quantitative Spatial Economics",
//! eqs 18–20, adapted to Allen–Arkolakis with spillovers). With x-hat = x'/x, baseline
//! trade shares `pi_ni` (share of n's spending on goods from i), incomes `Y_i = w_i L_i`,
//! and a shock (tau-hat, Abar-hat, ubar-hat):
//!
//! ```text
//! A-hat_i = Abar-hat_i L-hat_i^alpha,   u-hat_i = ubar-hat_i L-hat_i^beta
//! P-hat_n^(1-s) = sum_i pi_ni (tau-hat_in w-hat_i / A-hat_i)^(1-s)                    (19)
//! w-hat_i L-hat_i Y_i = sum_n pi_ni (tau-hat_in w-hat_i / A-hat_i)^(1-s) P-hat_n^(s-1) w-hat_n L-hat_n Y_n   (18)
//! W-hat = w-hat_n u-hat_n / P-hat_n for every n;  sum_i L_i L-hat_i = sum_i L_i      (20)
//! ```
//!
//! Eliminating P-hat gives (E1)–(E2) of the module docs in hats, with kernels
//! `K1_in = pi_ni tau-hat_in^(1-s) Y_n / Y_i` and `K2_ni = pi_ni tau-hat_in^(1-s)`
//! (both with rows summing to 1 at a baseline equilibrium when tau-hat = 1), so the same
//! [`TwoEquationSystem`] solves them. Wages are normalised so the counterfactual wages
//! `w w-hat` have geometric mean 1, like every level solve. Only the baseline observables
//! (population, wages, trade shares) and the shock enter; tau and fundamentals do not.

use rayon::prelude::*;

use super::equilibrium::{max, Kernels, TwoEquationSystem};
use super::{validate_positive, validate_shock, AllenArkolakis, AllenArkolakisParams};
use crate::error::{Error, Result};
use crate::model::freeness::PARALLEL_ROWS;
use crate::model::{Shock, SpatialEquilibrium};
use crate::solve::{self, SolverSettings, Stats};

/// Baseline observables for exact hat algebra.
#[derive(Debug, Clone, PartialEq)]
pub struct Observables {
    /// Population L_i (levels).
    pub population: Vec<f64>,
    /// Wages w_i.
    pub wage: Vec<f64>,
    /// N × N row-major: `trade_shares[n * N + i]` = pi_ni, the share of destination n's
    /// spending on goods from origin i (rows sum to 1).
    pub trade_shares: Vec<f64>,
}

/// The counterfactual as ratios to the baseline (x-hat = x'/x).
#[derive(Debug, Clone)]
pub struct Hats {
    pub population: Vec<f64>,
    pub wage: Vec<f64>,
    pub price_index: Vec<f64>,
    /// W-hat_n = w-hat_n u-hat_n / P-hat_n (equal across n at the solution).
    pub welfare: Vec<f64>,
    pub stats: Stats,
}

/// Dense kernels of the hat system: Q_ni = pi_ni tau-hat_in^(1-s) and its transpose, with
/// baseline incomes (products parallel over rows above [`PARALLEL_ROWS`], fixed order).
pub(crate) struct HatKernels {
    n: usize,
    q: Vec<f64>,
    q_transposed: Vec<f64>,
    income: Vec<f64>,
}

impl HatKernels {
    /// out_i = sum_n Q_ni Y_n x_n / Y_i (the sum in (18)).
    pub(crate) fn goods(&self, x: &[f64], out: &mut [f64]) {
        let yx: Vec<f64> = self.income.iter().zip(x).map(|(y, x)| y * x).collect();
        mat_vec(&self.q_transposed, self.n, &yx, out);
        out.iter_mut().zip(&self.income).for_each(|(o, y)| *o /= y);
    }

    /// out_n = sum_i Q_ni x_i (the sum in (19)).
    pub(crate) fn prices(&self, x: &[f64], out: &mut [f64]) {
        mat_vec(&self.q, self.n, x, out);
    }
}

/// Exact hat algebra from data: only `data` and `shock` are used (see the module docs).
/// Solves the hat system with `settings` from hats of 1; residual max |Δ ln w-hat|, |Δ ln L-hat|.
pub fn hat_algebra_from_data(
    params: &AllenArkolakisParams,
    data: &Observables,
    shock: &Shock,
    settings: &SolverSettings,
) -> Result<Hats> {
    params.validate()?;
    let n = data.population.len();
    validate_positive("population", &data.population, n)?;
    validate_positive("wage", &data.wage, n)?;
    if data.trade_shares.len() != n * n || data.trade_shares.iter().any(|p| !(p.is_finite() && *p >= 0.0)) {
        return Err(Error::invalid(
            "trade-shares",
            format!("{} values", data.trade_shares.len()),
            format!("must be an N x N matrix ({} values) of finite shares >= 0", n * n),
        ));
    }
    validate_shock(shock, n)?;
    let s = params.sigma;
    let mut q = data.trade_shares.clone();
    if let Some(t) = &shock.trade_cost {
        // Q_ni = pi_ni tau-hat_in^(1-s): the only powf on N² entries, once per shock.
        for dest in 0..n {
            for orig in 0..n {
                q[dest * n + orig] *= t[orig * n + dest].powf(1.0 - s);
            }
        }
    }
    let mut q_transposed = vec![0.0; n * n];
    for r in 0..n {
        for c in 0..n {
            q_transposed[c * n + r] = q[r * n + c];
        }
    }
    let income: Vec<f64> = data.population.iter().zip(&data.wage).map(|(l, w)| l * w).collect();
    let kernels = HatKernels {
        n,
        q,
        q_transposed,
        income,
    };
    let logs = |f: &Option<Vec<f64>>| f.as_ref().map_or(vec![0.0; n], |f| f.iter().map(|x| x.ln()).collect());
    let (log_a, log_u) = (logs(&shock.productivity), logs(&shock.amenity));
    let wage_mean = -data.wage.iter().map(|w| w.ln()).sum::<f64>() / n as f64;
    let total: f64 = data.population.iter().sum();
    let map = TwoEquationSystem::new(
        Kernels::Hats(&kernels),
        params,
        log_a.clone(),
        log_u.clone(),
        data.population.clone(),
        total,
        wage_mean,
    );
    let z0: Vec<f64> = (0..2 * n).map(|k| if k < n { wage_mean } else { 0.0 }).collect();
    let sol = solve::solve(&map, &z0, settings).map_err(|e| e.while_solving("the hat-algebra counterfactual"))?;
    let (v, m) = sol.state.split_at(n);
    // ln P-hat_n = ln sum_i Q_ni exp((1-s)(ln w-hat_i - ln Abar-hat_i - alpha ln L-hat_i)) / (1-s).
    let e: Vec<f64> = (0..n)
        .map(|i| (1.0 - s) * (v[i] - log_a[i] - params.alpha * m[i]))
        .collect();
    let e_max = max(&e);
    let x: Vec<f64> = e.iter().map(|e| (e - e_max).exp()).collect();
    let mut h = vec![0.0; n];
    kernels.prices(&x, &mut h);
    let log_p: Vec<f64> = h.iter().map(|h| (h.ln() + e_max) / (1.0 - s)).collect();
    Ok(Hats {
        population: m.iter().map(|m| m.exp()).collect(),
        wage: v.iter().map(|v| v.exp()).collect(),
        price_index: log_p.iter().map(|p| p.exp()).collect(),
        welfare: (0..n)
            .map(|i| (v[i] + log_u[i] + params.beta * m[i] - log_p[i]).exp())
            .collect(),
        stats: sol.stats,
    })
}

impl AllenArkolakis {
    /// Trade shares pi_ni = phi_in (w_i/A_i)^(1-s) / P_n^(1-s) at `population` and `wage`
    /// (N × N row-major, row n = destination), A_i = Abar_i L_i^alpha.
    pub fn trade_shares(&self, population: &[f64], wage: &[f64]) -> Vec<f64> {
        let n = self.regions();
        let e = self.log_unit_costs(population, wage);
        let e_max = max(&e);
        let x: Vec<f64> = e.iter().map(|e| (e - e_max).exp()).collect();
        let mut h = vec![0.0; n];
        self.freeness().mul_transpose(&x, &mut h);
        let phi = self.freeness();
        let mut pi = vec![0.0; n * n];
        for dest in 0..n {
            for orig in 0..n {
                pi[dest * n + orig] = phi.get(orig, dest) * x[orig] / h[dest];
            }
        }
        pi
    }

    /// The counterfactual by exact hat algebra from `baseline` (an equilibrium of this model):
    /// trade shares are computed from its population and wages, then
    /// [`hat_algebra_from_data`]; levels are the baseline's times the hats.
    pub fn hat_algebra(
        &self,
        baseline: &SpatialEquilibrium,
        shock: &Shock,
        settings: &SolverSettings,
    ) -> Result<SpatialEquilibrium> {
        let n = self.regions();
        validate_positive("baseline.population", &baseline.population, n)?;
        validate_positive("baseline.wage", &baseline.wage, n)?;
        let data = Observables {
            population: baseline.population.clone(),
            wage: baseline.wage.clone(),
            trade_shares: self.trade_shares(&baseline.population, &baseline.wage),
        };
        let hats = hat_algebra_from_data(self.params(), &data, shock, settings)?;
        let times = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(a, b)| a * b).collect::<Vec<f64>>();
        let price_index = if baseline.price_index.len() == n {
            baseline.price_index.clone()
        } else {
            self.price_index(&baseline.population, &baseline.wage)
        };
        let welfare = if baseline.welfare.len() == n {
            baseline.welfare.clone()
        } else {
            self.outcomes(baseline.population.clone(), baseline.wage.clone(), hats.stats.clone())
                .welfare
        };
        Ok(SpatialEquilibrium {
            population: times(&baseline.population, &hats.population),
            wage: times(&baseline.wage, &hats.wage),
            price_index: times(&price_index, &hats.price_index),
            welfare: times(&welfare, &hats.welfare),
            stats: hats.stats,
        })
    }
}

fn mat_vec(matrix: &[f64], n: usize, x: &[f64], out: &mut [f64]) {
    let row = |r: usize| {
        matrix[r * n..(r + 1) * n]
            .iter()
            .zip(x)
            .fold(0.0, |acc, (a, b)| acc + a * b)
    };
    if n >= PARALLEL_ROWS {
        out.par_iter_mut().enumerate().for_each(|(r, o)| *o = row(r));
    } else {
        out.iter_mut().enumerate().for_each(|(r, o)| *o = row(r));
    }
}
