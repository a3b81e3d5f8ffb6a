//! Vertical linkages: Krugman and Venables (1995, "Globalization and the inequality of
//! nations", *QJE* 110: 857–880) in the form of Fujita, Krugman and Venables (1999, *The
//! Spatial Economy*, ch. 14), any number of regions; derivations in
//! docs/vertical-linkages.md.
//!
//! Labour is immobile, L_r = L a_r. Agriculture turns one unit of labour into one unit of
//! food, traded freely: the numeraire, so w_r = 1 wherever food is produced. Manufacturing
//! firms (elasticity sigma, iceberg costs T_rs, phi_rs = T_rs^(1-sigma)) use labour (share
//! 1 - alpha) and the manufacturing composite (share alpha): mill price
//! p_r = w_r^(1-alpha) G_r^alpha. With n_r firms in region r:
//!
//! ```text
//! G_r^(1-sigma) = sum_s n_s (p_s T_sr)^(1-sigma)
//! E_r           = mu w_r L_r + alpha n_r p_r                 (consumers and firms buying inputs)
//! pi_r          = p_r^(-sigma) sum_s E_s T_rs^(1-sigma) G_s^(sigma-1) - 1   (profit ratio)
//! labour        (1 - alpha) n_r p_r / w_r <= L_r, w_r >= 1, one of them with equality
//! entry         dn_r/dt = n_r pi_r
//! ```
//!
//! **How the long run sees it.** The state of the entry dynamics is n in the positive
//! orthant, not shares on a simplex. agglo's long run, stability and continuation work on
//! shares, so the model presents the firm shares lambda_r = n_r / N and lets the total N
//! adjust in the short run to aggregate free entry (total manufacturing revenue
//! mu Y / (1 - alpha), i.e. revenue-weighted profits sum to zero). The real return is
//! omega_r = 1 + pi_r (a firm's sales over break-even sales, > 0). An equilibrium of these
//! share dynamics (omega equal on the support, lower elsewhere) has pi_r equal on the
//! support, hence 0 there by the aggregate condition, and pi_r < 0 in empty regions: exactly
//! the long-run equilibria of the entry dynamics. Their stability is not the shares'
//! (N is not fast): [`MobileFactorModel::own_stability`] gives the eigenvalues of the
//! Jacobian of n pi in n on the support, and the entry conditions pi_r of the empty
//! regions. The short-run state is the wage vector w (what `wage` reports); the price
//! indices and N follow from it in closed form up to one fixed point ([`short_run`]).
//!
//! Outcomes: wage w_r, price_index G_r, income w_r L_r, real_wage 1 + pi_r.

mod entry;
pub mod short_run;
pub mod two_region;

use std::time::Instant;

use nalgebra::DMatrix;

use super::{shares, Freeness, MobileFactorModel, RegionOutcomes};
use crate::error::{Error, Result};
use crate::geography::Geography;
use crate::solve::{SolverSettings, Stats};
use crate::stability::Stability;
pub use short_run::Market;

/// Parameters of the vertical-linkages model. `Default`: sigma = 5, mu = 0.4, alpha = 0.4,
/// L = 2 (one worker per region of two).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VerticalLinkagesParams {
    /// sigma: elasticity of substitution between varieties (> 1).
    pub sigma: f64,
    /// mu: consumers' expenditure share of manufactures (0 < mu < 1).
    pub mu: f64,
    /// alpha: the share of intermediates in manufacturing costs, 0 <= alpha < (sigma-1)/sigma.
    pub alpha: f64,
    /// L: total (immobile) labour (> 0).
    pub labour: f64,
}

impl Default for VerticalLinkagesParams {
    fn default() -> Self {
        VerticalLinkagesParams {
            sigma: 5.0,
            mu: 0.4,
            alpha: 0.4,
            labour: 2.0,
        }
    }
}

impl VerticalLinkagesParams {
    /// rho = (sigma - 1)/sigma.
    pub fn rho(&self) -> f64 {
        (self.sigma - 1.0) / self.sigma
    }

    /// Checks sigma > 1, 0 < mu < 1, L > 0 and 0 <= alpha < rho. With alpha >= rho the
    /// aggregate entry mode is explosive: each entrant lowers G by enough to raise every
    /// firm's profit (its eigenvalue at a symmetric equilibrium is
    /// -(sigma (1 - alpha) - 1)/(sigma - 1)), so there is no long run.
    pub fn validate(&self) -> Result<()> {
        if !(self.sigma.is_finite() && self.sigma > 1.0) {
            return Err(Error::invalid(
                "model.sigma",
                self.sigma,
                "sigma must be finite and > 1",
            ));
        }
        if !(self.mu > 0.0 && self.mu < 1.0) {
            return Err(Error::invalid("model.mu", self.mu, "mu must be in (0, 1)"));
        }
        if !(self.labour.is_finite() && self.labour > 0.0) {
            return Err(Error::invalid(
                "model.labour",
                self.labour,
                "labour L must be finite and > 0",
            ));
        }
        if !(self.alpha >= 0.0 && self.alpha < self.rho()) {
            return Err(Error::invalid(
                "model.alpha",
                self.alpha,
                format!(
                    "alpha must be in [0, (sigma-1)/sigma) = [0, {:.6}): at or above it entry never stops",
                    self.rho()
                ),
            ));
        }
        Ok(())
    }
}

/// A validated vertical-linkages model on a geography.
#[derive(Debug, Clone)]
pub struct VerticalLinkages {
    params: VerticalLinkagesParams,
    labour_distribution: Vec<f64>,
    /// L_r = L a_r.
    labour: Vec<f64>,
    freeness: Freeness,
}

impl VerticalLinkages {
    /// Validates the parameters and the labour distribution a_r (shares summing to 1).
    pub fn new(params: VerticalLinkagesParams, geography: &Geography, labour_distribution: Vec<f64>) -> Result<Self> {
        params.validate()?;
        let freeness = Freeness::new(&geography.trade_costs, params.sigma);
        Self::with_freeness(params, freeness, labour_distribution)
    }

    /// The model on a freeness computed before for the same trade costs and sigma.
    pub fn with_freeness(
        params: VerticalLinkagesParams,
        freeness: Freeness,
        labour_distribution: Vec<f64>,
    ) -> Result<Self> {
        params.validate()?;
        shares::validate("model.labour-distribution", &labour_distribution, freeness.len())?;
        if let Some(i) = labour_distribution.iter().position(|a| *a <= 0.0) {
            return Err(Error::invalid(
                format!("model.labour-distribution[{}]", i + 1),
                labour_distribution[i],
                "every region needs labour (> 0): it makes the food and the firms' labour input",
            ));
        }
        let labour = labour_distribution.iter().map(|a| params.labour * a).collect();
        Ok(VerticalLinkages {
            params,
            labour_distribution,
            labour,
            freeness,
        })
    }

    pub fn params(&self) -> &VerticalLinkagesParams {
        &self.params
    }

    pub fn labour_distribution(&self) -> &[f64] {
        &self.labour_distribution
    }

    /// L_r.
    pub fn labour(&self) -> &[f64] {
        &self.labour
    }

    pub fn freeness(&self) -> &Freeness {
        &self.freeness
    }

    pub fn regions(&self) -> usize {
        self.freeness.len()
    }

    /// Warnings that do not stop a run.
    pub fn warnings(&self) -> Vec<String> {
        if self.params.alpha == 0.0 {
            return vec![
                "alpha = 0: no input–output linkage, so nothing draws firms together; dispersion is stable at every trade cost (no break or sustain point)".into(),
            ];
        }
        Vec::new()
    }

    /// The short run at firm shares, warm-started from wages `start`: wages (the state)
    /// and statistics.
    pub fn solve_short_run(&self, shares: &[f64], start: Option<&[f64]>) -> Result<(Vec<f64>, Stats)> {
        let clock = Instant::now();
        let (market, iterations) = self.solve_market(shares, start)?;
        let residual = self.short_run_residual(shares, &market.wage);
        Ok((
            market.wage,
            Stats {
                converged: residual <= 1e-12,
                iterations: iterations.max(1),
                residual,
                solver: "newton (labour markets)",
                seconds: clock.elapsed().as_secs_f64(),
            },
        ))
    }

    /// The complementarity residual at (shares, w): max_r |min(ln w_r, ln L_r - ln D_r)|
    /// over regions with firms, |ln w_r| elsewhere, the market computed from w
    /// ([`VerticalLinkages::complementarity`]). +inf when it cannot be evaluated.
    pub fn short_run_residual(&self, shares: &[f64], wage: &[f64]) -> f64 {
        if wage.iter().any(|w| !(w.is_finite() && *w > 0.0)) {
            return f64::INFINITY;
        }
        let u: Vec<f64> = wage.iter().map(|w| w.ln()).collect();
        match self.complementarity(shares, &u) {
            Ok((f, _)) => {
                let r = f.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                if r.is_nan() {
                    f64::INFINITY
                } else {
                    r
                }
            }
            Err(_) => f64::INFINITY,
        }
    }

    /// Outcomes at firm shares and wages: wage w, price_index G, income w L,
    /// real_wage 1 + pi.
    pub fn outcomes(&self, shares: &[f64], wage: &[f64]) -> RegionOutcomes {
        let n = shares.len();
        match self.market(shares, wage) {
            Ok(m) => RegionOutcomes {
                wage: wage.to_vec(),
                price_index: m.price_index,
                income: (0..n).map(|r| wage[r] * self.labour[r]).collect(),
                real_wage: m.profit.iter().map(|p| 1.0 + p).collect(),
            },
            Err(_) => RegionOutcomes {
                wage: wage.to_vec(),
                price_index: vec![f64::NAN; n],
                income: vec![f64::NAN; n],
                real_wage: vec![f64::NAN; n],
            },
        }
    }

    /// The numbers of firms n_r at firm shares and wages.
    pub fn firms(&self, shares: &[f64], wage: &[f64]) -> Result<Vec<f64>> {
        Ok(self.market(shares, wage)?.firms)
    }
}

impl MobileFactorModel for VerticalLinkages {
    fn regions(&self) -> usize {
        VerticalLinkages::regions(self)
    }
    /// Solved to machine precision whatever `settings` (the configured method is not used).
    fn solve_short_run(
        &self,
        shares: &[f64],
        start: Option<&[f64]>,
        _settings: &SolverSettings,
    ) -> Result<(Vec<f64>, Stats)> {
        VerticalLinkages::solve_short_run(self, shares, start)
    }
    fn outcomes(&self, shares: &[f64], state: &[f64]) -> RegionOutcomes {
        VerticalLinkages::outcomes(self, shares, state)
    }
    fn real_wage_response(&self, shares: &[f64], _state: &[f64]) -> Result<DMatrix<f64>> {
        self.share_response(shares)
    }
    fn short_run_residual(&self, shares: &[f64], state: &[f64]) -> f64 {
        VerticalLinkages::short_run_residual(self, shares, state)
    }
    /// Profits fall steeply with a region's firm share where its labour binds.
    fn stiff_migration(&self) -> bool {
        true
    }
    /// The entry dynamics' stability, except where every region with firms has all its
    /// labour in manufacturing ([`VerticalLinkages::entry_stability`]).
    fn own_stability(&self, shares: &[f64], state: &[f64], support: &[usize]) -> Option<Result<Stability>> {
        self.entry_stability(shares, state, support).transpose()
    }
}
