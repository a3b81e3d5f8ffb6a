//! Fundamentals from data (MRRH §IV; toolkit codebook A.3.1, Algorithms 1 and 2):
//!
//! 1. with commuting flows L_ni: lambda_ni = L_ni / Lbar, R and L their margins (11),
//!    vbar_n = sum_i lambda_ni|n w_i (14), Q_n from land market clearing (5);
//! 2. without them (Algorithm 1): workplace amenities B_i such that the conditional shares
//!    lambda_ni|n ∝ B_i (w_i / kappa_ni)^eps give back the observed L_i = sum_n lambda_ni|n R_n
//!    (13), then lambda_ni = lambda_ni|n R_n / Lbar;
//! 3. productivity A (Algorithm 2): the c_i = L_i (w_i / A_i)^(1-sigma) that clear the goods
//!    markets (7) given the trade kernel, A_i = w_i (c_i / L_i)^(1/(sigma-1)) scaled to
//!    geometric mean 1; the price index from (8);
//! 4. the ease of commuting E_ni = lambda_ni / (a_n b_i) from (10) with Phi = 1.
//!
//! Wages are first scaled to geometric mean 1 (the numeraire of the forward solve).

use super::{Kernel, Mrrh, MrrhParams};
use crate::error::{Error, Result};
use crate::solve::{self, FixedPointMap, SolverSettings};

/// Observed employment by workplace, residents, workplace wages and, optionally, commuting
/// flows (row-major, n lives, i works).
#[derive(Debug, Clone)]
pub struct Observed {
    pub workers: Vec<f64>,
    pub residents: Vec<f64>,
    pub wage: Vec<f64>,
    pub flows: Option<Vec<f64>>,
}

/// Fundamentals from observed flows, wages, land and trade costs (`trade_costs[i * N + n]`).
pub fn invert_with_commuting(
    params: MrrhParams,
    land: Vec<f64>,
    trade_costs: &[f64],
    observed: &Observed,
    settings: &SolverSettings,
) -> Result<Mrrh> {
    let n = land.len();
    let flows = observed
        .flows
        .as_ref()
        .ok_or_else(|| Error::Config("invert_with_commuting needs commuting flows".into()))?;
    if flows.len() != n * n || flows.iter().any(|f| !(f.is_finite() && *f >= 0.0)) {
        return Err(Error::invalid(
            "invert.commuting",
            "the flows",
            format!("{n} x {n} flows, each finite and >= 0"),
        ));
    }
    let total: f64 = flows.iter().sum();
    let lambda: Vec<f64> = flows.iter().map(|f| f / total).collect();
    let residents: Vec<f64> = (0..n)
        .map(|r| total * lambda[r * n..(r + 1) * n].iter().sum::<f64>())
        .collect();
    let workers: Vec<f64> = (0..n)
        .map(|i| total * (0..n).map(|r| lambda[r * n + i]).sum::<f64>())
        .collect();
    recover(
        params,
        land,
        trade_costs,
        total,
        &lambda,
        &residents,
        &workers,
        &observed.wage,
        settings,
    )
}

/// Fundamentals without commuting data: the toolkit's Algorithm 1 on the commuting costs
/// `kappa` (row-major, n lives, i works), then as with flows.
pub fn invert_without_commuting(
    params: MrrhParams,
    land: Vec<f64>,
    trade_costs: &[f64],
    kappa: &[f64],
    observed: &Observed,
    settings: &SolverSettings,
) -> Result<Mrrh> {
    params.validate()?;
    let n = land.len();
    let total: f64 = observed.residents.iter().sum();
    let wage = geometric_normalised(&observed.wage);
    let eps = params.epsilon;
    // Kernel of the conditional shares without B: (w_i / kappa_ni)^eps.
    let base = Kernel::new(n, (0..n * n).map(|k| (wage[k % n] / kappa[k]).powf(eps)).collect());
    let map = Workplace {
        base: &base,
        residents: &observed.residents,
        workers: &observed.workers,
    };
    let solution = solve::solve(&map, &vec![0.0; n], settings)?;
    let b: Vec<f64> = solution.state.iter().map(|v| v.exp()).collect();
    let denominators = base.mul(&b);
    let mut lambda = base.values.clone();
    for r in 0..n {
        for i in 0..n {
            lambda[r * n + i] *= b[i] / denominators[r] * observed.residents[r] / total;
        }
    }
    let workers: Vec<f64> = (0..n)
        .map(|i| total * (0..n).map(|r| lambda[r * n + i]).sum::<f64>())
        .collect();
    recover(
        params,
        land,
        trade_costs,
        total,
        &lambda,
        &observed.residents,
        &workers,
        &wage,
        settings,
    )
}

/// ln B -> ln B + ln(L_observed / L_predicted) (Algorithm 1), mean ln B = 0.
struct Workplace<'a> {
    base: &'a Kernel,
    residents: &'a [f64],
    workers: &'a [f64],
}

impl FixedPointMap for Workplace<'_> {
    fn dim(&self) -> usize {
        self.residents.len()
    }
    fn apply(&self, x: &[f64], out: &mut [f64]) {
        let b: Vec<f64> = x.iter().map(|v| v.exp()).collect();
        let d = self.base.mul(&b);
        let weights: Vec<f64> = self.residents.iter().zip(&d).map(|(r, d)| r / d).collect();
        let predicted = self.base.mul_transpose(&weights);
        for i in 0..x.len() {
            out[i] = x[i] + (self.workers[i] / (b[i] * predicted[i])).ln();
        }
        let mean = out.iter().sum::<f64>() / out.len() as f64;
        out.iter_mut().for_each(|v| *v -= mean);
    }
}

/// ln c -> ln c + ln(w L / expenditure(c)) (Algorithm 2), mean ln c = 0.
struct Goods<'a> {
    trade: &'a Kernel,
    income: &'a [f64],
    spending: &'a [f64],
}

impl FixedPointMap for Goods<'_> {
    fn dim(&self) -> usize {
        self.income.len()
    }
    fn apply(&self, x: &[f64], out: &mut [f64]) {
        let c: Vec<f64> = x.iter().map(|v| v.exp()).collect();
        let kc = self.trade.mul(&c);
        let ratio: Vec<f64> = self.spending.iter().zip(&kc).map(|(s, k)| s / k).collect();
        let kt = self.trade.mul_transpose(&ratio);
        for i in 0..x.len() {
            out[i] = x[i] + (self.income[i] / (c[i] * kt[i])).ln();
        }
        let mean = out.iter().sum::<f64>() / out.len() as f64;
        out.iter_mut().for_each(|v| *v -= mean);
    }
}

fn geometric_normalised(v: &[f64]) -> Vec<f64> {
    let mean = v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64;
    v.iter().map(|x| x / mean.exp()).collect()
}

#[allow(clippy::too_many_arguments)]
fn recover(
    params: MrrhParams,
    land: Vec<f64>,
    trade_costs: &[f64],
    total: f64,
    lambda: &[f64],
    residents: &[f64],
    workers: &[f64],
    wage: &[f64],
    settings: &SolverSettings,
) -> Result<Mrrh> {
    let n = land.len();
    let wage = geometric_normalised(wage);
    let (eps, alpha, sigma) = (params.epsilon, params.alpha, params.sigma);
    let vbar: Vec<f64> = (0..n)
        .map(|r| {
            let row = &lambda[r * n..(r + 1) * n];
            row.iter().zip(&wage).map(|(l, w)| l * w).sum::<f64>() / row.iter().sum::<f64>()
        })
        .collect();
    let land_price: Vec<f64> = (0..n)
        .map(|r| (1.0 - alpha) * vbar[r] * residents[r] / land[r])
        .collect();
    // A from goods market clearing, through a model with placeholder fundamentals (its trade kernel).
    let placeholder = Mrrh::new(params, vec![1.0; n], land.clone(), total, trade_costs, vec![1.0; n * n])?;
    let income: Vec<f64> = (0..n).map(|i| wage[i] * workers[i]).collect();
    let spending: Vec<f64> = (0..n).map(|r| vbar[r] * residents[r]).collect();
    let goods = Goods {
        trade: &placeholder.trade,
        income: &income,
        spending: &spending,
    };
    let c: Vec<f64> = solve::solve(&goods, &vec![0.0; n], settings)?
        .state
        .iter()
        .map(|v| v.exp())
        .collect();
    let raw: Vec<f64> = (0..n)
        .map(|i| wage[i] * (c[i] / workers[i]).powf(1.0 / (sigma - 1.0)))
        .collect();
    let productivity = geometric_normalised(&raw);
    let cs: Vec<f64> = (0..n)
        .map(|i| workers[i] * (wage[i] / productivity[i]).powf(1.0 - sigma))
        .collect();
    let kc = placeholder.trade.mul(&cs);
    let constant = placeholder.price_constant();
    let price: Vec<f64> = kc.iter().map(|v| (constant * v).powf(1.0 / (1.0 - sigma))).collect();
    let mut ease = lambda.to_vec();
    for r in 0..n {
        let a = (-eps * (alpha * price[r].ln() + (1.0 - alpha) * land_price[r].ln())).exp();
        for i in 0..n {
            ease[r * n + i] /= a * wage[i].powf(eps);
        }
    }
    Mrrh::new(params, productivity, land, total, trade_costs, ease)
}
