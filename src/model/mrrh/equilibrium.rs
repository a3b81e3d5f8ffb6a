//! The equilibrium in levels: (ln w, ln P) -> the updates of [`System::outcomes`], solved by
//! the configured fixed-point method (residual max |G(x) - x| in logs), wages normalised to
//! geometric mean 1.

use super::{Kernel, Mrrh, MrrhParams, System};
use crate::error::Result;
use crate::solve::{self, FixedPointMap, SolverSettings, Stats};

/// An equilibrium: the six vectors of MRRH (w, vbar, Q, L, R, P) and expected utility.
#[derive(Debug, Clone)]
pub struct MrrhEquilibrium {
    pub wage: Vec<f64>,
    pub residential_income: Vec<f64>,
    pub land_price: Vec<f64>,
    pub workers: Vec<f64>,
    pub residents: Vec<f64>,
    pub price: Vec<f64>,
    /// Phi, the denominator of (10).
    pub phi: f64,
    /// Ubar = Gamma((eps-1)/eps) Phi^(1/eps) (15).
    pub welfare: f64,
    pub stats: Stats,
}

/// The fixed-point map of a [`System`], with the numeraire shift: mean ln(wage) = 0.
pub(crate) struct Map<'a> {
    pub system: System<'a>,
    /// mean of ln of the system's wage level.
    pub level_mean: f64,
}

impl FixedPointMap for Map<'_> {
    fn dim(&self) -> usize {
        2 * self.system.land.len()
    }
    fn apply(&self, x: &[f64], out: &mut [f64]) {
        let n = x.len() / 2;
        let o = self.system.outcomes(x);
        let shift = o.next[..n].iter().sum::<f64>() / n as f64 + self.level_mean;
        for (k, v) in o.next.iter().enumerate() {
            out[k] = v - shift;
        }
    }
}

/// Solves the map from `start` (or wages and prices of 1) and collects the outcomes.
pub(crate) fn solve_system(
    system: System<'_>,
    start: Option<&[f64]>,
    settings: &SolverSettings,
    what: &str,
) -> Result<(Vec<f64>, MrrhEquilibrium)> {
    let n = system.land.len();
    let level_mean = system.wage_level.iter().map(|w| w.ln()).sum::<f64>() / n as f64;
    let params: MrrhParams = system.params;
    let map = Map { system, level_mean };
    let zero = vec![0.0; 2 * n];
    let solution = solve::solve(&map, start.unwrap_or(&zero), settings).map_err(|e| in_context(e, what))?;
    let o = map.system.outcomes(&solution.state);
    let welfare = params.delta() * o.phi.powf(1.0 / params.epsilon);
    Ok((
        solution.state,
        MrrhEquilibrium {
            wage: o.wage,
            residential_income: o.residential_income,
            land_price: o.land_price,
            workers: o.workers,
            residents: o.residents,
            price: o.price,
            phi: o.phi,
            welfare,
            stats: solution.stats,
        },
    ))
}

fn in_context(e: crate::error::Error, what: &str) -> crate::error::Error {
    match e {
        crate::error::Error::NotConverged {
            solver,
            iterations,
            residual,
            tolerance,
            ..
        } => crate::error::Error::NotConverged {
            solver,
            iterations,
            residual,
            tolerance,
            context: what.to_string(),
        },
        other => other,
    }
}

impl Mrrh {
    /// (sigma/(sigma-1))^(1-sigma) / (sigma F): the constant of the price index (8).
    pub(crate) fn price_constant(&self) -> f64 {
        let p = &self.params;
        (p.sigma / (p.sigma - 1.0)).powf(1.0 - p.sigma) / (p.sigma * p.fixed_cost)
    }

    /// The equilibrium in levels.
    pub fn solve(&self, settings: &SolverSettings) -> Result<MrrhEquilibrium> {
        let n = self.len();
        let ones = vec![1.0; n];
        let system = System {
            params: self.params,
            labour: self.labour,
            commuting: &self.ease,
            trade: &self.trade,
            land: &self.land,
            productivity: &self.productivity,
            labour_scale: &ones,
            price_constant: self.price_constant(),
            wage_level: &ones,
        };
        Ok(solve_system(system, None, settings, "solving the MRRH equilibrium")?.1)
    }

    /// Unconditional commuting shares lambda_ni (row-major, n lives, i works) at `e` (10):
    /// the N × N matrix, formed for the hat algebra's baseline only.
    pub fn commuting_shares(&self, e: &MrrhEquilibrium) -> Kernel {
        let n = self.len();
        let (eps, alpha) = (self.params.epsilon, self.params.alpha);
        let a: Vec<f64> = (0..n)
            .map(|r| (-eps * (alpha * e.price[r].ln() + (1.0 - alpha) * e.land_price[r].ln())).exp() / e.phi)
            .collect();
        let b: Vec<f64> = e.wage.iter().map(|w| w.powf(eps)).collect();
        let mut v = self.ease.values.clone();
        for r in 0..n {
            for i in 0..n {
                v[r * n + i] *= a[r] * b[i];
            }
        }
        Kernel::new(n, v)
    }

    /// Trade shares pi_ni (row-major, n buys from i) at `e` (6).
    pub fn trade_shares(&self, e: &MrrhEquilibrium) -> Kernel {
        let n = self.len();
        let c: Vec<f64> = (0..n)
            .map(|i| e.workers[i] * (e.wage[i] / self.productivity[i]).powf(1.0 - self.params.sigma))
            .collect();
        let kc = self.trade.mul(&c);
        let mut v = self.trade.values.clone();
        for r in 0..n {
            for i in 0..n {
                v[r * n + i] *= c[i] / kc[r];
            }
        }
        Kernel::new(n, v)
    }
}
