//! Counterfactuals: in levels (the model with shocked fundamentals, solved again) and by exact
//! hat algebra (MRRH §V; toolkit codebook A.2): the hats (w-hat, P-hat) solve the same system
//! with the baseline shares as kernels, lambda_ni E-hat_ni for commuting and
//! pi_ni d-hat_ni^(1-sigma) for trade, so that no fundamental level is needed:
//!
//! ```text
//! lambda'_ni = lambda_ni E-hat_ni (P-hat_n^alpha Q-hat_n^(1-alpha))^(-eps) w-hat_i^eps / Phi-hat
//! pi'_ni     = pi_ni (d-hat_ni w-hat_i / A-hat_i)^(1-sigma) L-hat_i / P-hat_n^(1-sigma)
//! Q-hat_n    = vbar'_n R'_n / (vbar_n R_n),   Ubar' / Ubar = Phi-hat^(1/eps)
//! ```
//!
//! with E-hat = B-hat kappa-hat^(-eps).

use super::equilibrium::solve_system;
use super::{Mrrh, MrrhEquilibrium, System};
use crate::error::{Error, Result};
use crate::solve::SolverSettings;

/// Changes of the fundamentals: factors on A_i, on the commuting costs kappa_ni (n lives, i
/// works, row-major) and on the trade costs d (the geography's orientation: from i to n at
/// `[i * N + n]`).
#[derive(Debug, Clone, Default)]
pub struct MrrhShock {
    pub productivity: Option<Vec<f64>>,
    pub commuting_cost: Option<Vec<f64>>,
    pub trade_cost: Option<Vec<f64>>,
}

impl MrrhShock {
    fn check(&self, n: usize) -> Result<()> {
        for (key, v, len) in [
            ("counterfactual.productivity-factors", &self.productivity, n),
            ("counterfactual.commuting-cost-factors", &self.commuting_cost, n * n),
            ("counterfactual.trade-cost-factors", &self.trade_cost, n * n),
        ] {
            if let Some(v) = v {
                if v.len() != len || v.iter().any(|f| !(f.is_finite() && *f > 0.0)) {
                    return Err(Error::invalid(
                        key,
                        format!("{} factors", v.len()),
                        format!("{len} factors, each finite and > 0"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// E-hat = kappa-hat^(-eps), row-major (n, i).
    fn ease_factor(&self, n: usize, eps: f64) -> Vec<f64> {
        match &self.commuting_cost {
            Some(k) => k.iter().map(|f| f.powf(-eps)).collect(),
            None => vec![1.0; n * n],
        }
    }

    /// d-hat^(1-sigma) in the kernel's orientation (n buys from i).
    fn trade_factor(&self, n: usize, sigma: f64) -> Vec<f64> {
        let mut f = vec![1.0; n * n];
        if let Some(d) = &self.trade_cost {
            for c in 0..n {
                for i in 0..n {
                    f[c * n + i] = d[i * n + c].powf(1.0 - sigma);
                }
            }
        }
        f
    }
}

impl Mrrh {
    /// The model with the shocked fundamentals (the counterfactual in levels).
    pub fn shocked(&self, shock: &MrrhShock) -> Result<Mrrh> {
        let n = self.len();
        shock.check(n)?;
        let mut m = self.clone();
        if let Some(a) = &shock.productivity {
            m.productivity = m.productivity.iter().zip(a).map(|(x, f)| x * f).collect();
        }
        m.ease = self.ease.times(&shock.ease_factor(n, self.params.epsilon));
        m.trade = self.trade.times(&shock.trade_factor(n, self.params.sigma));
        Ok(m)
    }

    /// The counterfactual equilibrium by exact hat algebra from the baseline `base`, in levels
    /// (w' = w w-hat, ...; welfare Ubar' = Ubar Phi-hat^(1/eps)).
    pub fn hat_algebra(
        &self,
        base: &MrrhEquilibrium,
        shock: &MrrhShock,
        settings: &SolverSettings,
    ) -> Result<MrrhEquilibrium> {
        let n = self.len();
        shock.check(n)?;
        let p = self.params;
        let commuting = self.commuting_shares(base).times(&shock.ease_factor(n, p.epsilon));
        let trade = self.trade_shares(base).times(&shock.trade_factor(n, p.sigma));
        let bill: Vec<f64> = (0..n)
            .map(|r| (1.0 - p.alpha) * base.residential_income[r] * base.residents[r])
            .collect();
        let a_hat = shock.productivity.clone().unwrap_or_else(|| vec![1.0; n]);
        let system = System {
            params: p,
            labour: self.labour,
            commuting: &commuting,
            trade: &trade,
            land: &bill,
            productivity: &a_hat,
            labour_scale: &base.workers,
            price_constant: 1.0,
            wage_level: &base.wage,
        };
        let (_, mut e) = solve_system(system, None, settings, "solving the MRRH hat algebra")?;
        // The system's prices and land prices are hats, its Phi is Phi-hat.
        for r in 0..n {
            e.price[r] *= base.price[r];
            e.land_price[r] *= base.land_price[r];
        }
        e.welfare = base.welfare * e.phi.powf(1.0 / p.epsilon);
        e.phi *= base.phi;
        Ok(e)
    }
}
