//! Pflüger (2004, "A simple, analytically solvable, Chamberlinian agglomeration model",
//! *Regional Science and Urban Economics* 34: 565–573) on any number of regions: the
//! footloose-entrepreneur structure with quasi-linear utility (derivation: docs/pfluger.md).
//!
//! Mobile entrepreneurs, H = 1 in total ([`ENTREPRENEURS`]), shares lambda_r; immobile
//! workers, L in total (`workers`), shares a_r (L_r = L a_r). A firm needs one entrepreneur,
//! so n_r = lambda_r H. Workers make the traded, homogeneous good one for one (the
//! numeraire, wage 1); a firm's marginal cost is (sigma-1)/sigma units of labour, so its mill
//! price is 1. Every consumer has U = mu ln C_M + C_A (C_M the CES aggregate of
//! manufactures, elasticity sigma) and spends exactly mu on manufactures whatever their
//! income (consumers hold enough of the traditional good, as Pflüger assumes, that C_A > 0;
//! the endowment adds the same constant to everyone's utility and moves nothing). With
//! freeness phi_rs = T_rs^(1-sigma):
//!
//! ```text
//! Delta_s = H sum_k lambda_k phi_ks                    (market crowding; P_s = Delta_s^(1/(1-sigma)))
//! E_s     = mu (L_s + H lambda_s)                      (spending on manufactures: mu per head)
//! pi_r    = (1/sigma) sum_s phi_rs E_s / Delta_s       (operating profit = reward)
//! v_r     = pi_r - mu ln P_r + mu ln mu - mu           (indirect utility of an entrepreneur)
//! omega_r = exp(v_r)                                   (the real return the long run sees)
//! ```
//!
//! The short run is explicit: spending does not depend on rewards (no income effect on
//! manufactures), so pi is a closed-form function of lambda; there is no fixed point to
//! solve. The long run compares omega_r = exp(v_r) = mu^mu e^(-mu) e^(pi_r) P_r^(-mu), the
//! maximum of the ordinally equivalent utility exp(U) = C_M^mu e^(C_A): positive (as the
//! migration search needs), with the same equilibria, the same stability verdicts (at an
//! equilibrium omega is equal on the support, so d omega = omega dv scales the migration
//! Jacobian by a positive number) and the same break and sustain points as v itself.
//!
//! Closed forms for two regions are in [`two_region`].

pub mod two_region;

use std::time::Instant;

use nalgebra::DMatrix;

use super::freeness::Representation;
use super::{shares, Freeness, MobileFactorModel, RegionOutcomes};
use crate::error::{Error, Result};
use crate::geography::Geography;
use crate::solve::{SolverSettings, Stats};

/// H: the total number of mobile entrepreneurs (= firms), normalised to 1.
pub const ENTREPRENEURS: f64 = 1.0;

/// Parameters of Pflüger's model. `Default`: sigma = 5, mu = 0.4, L = 2 (L/2 = 1 worker per
/// region when split equally; docs/reference.md §3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PflugerParams {
    /// sigma: elasticity of substitution between manufactured varieties (> 1).
    pub sigma: f64,
    /// mu: the weight of manufactures in utility, each consumer's spending on them (0 < mu < 1).
    pub mu: f64,
    /// L: total immobile workers (> 0), against H = 1 mobile entrepreneurs.
    pub workers: f64,
}

impl Default for PflugerParams {
    fn default() -> Self {
        PflugerParams {
            sigma: 5.0,
            mu: 0.4,
            workers: 2.0,
        }
    }
}

impl PflugerParams {
    /// (sigma - 1) L > sigma (equivalently phi_B > 0): without it dispersion is unstable at
    /// every trade cost (the analogue of the no-black-hole condition).
    pub fn no_black_hole(&self) -> bool {
        (self.sigma - 1.0) * self.workers > self.sigma
    }

    /// Checks sigma > 1, 0 < mu < 1 and L > 0 (all finite).
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
        if !(self.workers.is_finite() && self.workers > 0.0) {
            return Err(Error::invalid(
                "model.workers",
                self.workers,
                "the number of immobile workers L must be finite and > 0",
            ));
        }
        Ok(())
    }
}

/// A validated Pflüger model on a geography.
#[derive(Debug, Clone)]
pub struct Pfluger {
    params: PflugerParams,
    worker_distribution: Vec<f64>,
    /// L_r = L a_r.
    workers: Vec<f64>,
    freeness: Freeness,
}

/// Delta, E and pi at some shares.
struct Market {
    delta: Vec<f64>,
    spending: Vec<f64>,
    rewards: Vec<f64>,
}

impl Pfluger {
    /// Validates the parameters and the distribution of immobile workers a_r (shares summing
    /// to 1; L_r = L a_r).
    pub fn new(params: PflugerParams, geography: &Geography, worker_distribution: Vec<f64>) -> Result<Self> {
        let freeness = Freeness::new(&geography.trade_costs, params.sigma);
        Self::with_freeness(params, freeness, worker_distribution)
    }

    /// The model on a freeness computed before for the same trade costs and sigma.
    pub fn with_freeness(params: PflugerParams, freeness: Freeness, worker_distribution: Vec<f64>) -> Result<Self> {
        params.validate()?;
        shares::validate("model.worker-distribution", &worker_distribution, freeness.len())?;
        let workers = worker_distribution.iter().map(|a| params.workers * a).collect();
        Ok(Pfluger {
            params,
            worker_distribution,
            workers,
            freeness,
        })
    }

    /// Warnings that do not stop a run ((sigma - 1) L <= sigma).
    pub fn warnings(&self) -> Vec<String> {
        let p = &self.params;
        if p.no_black_hole() {
            return Vec::new();
        }
        vec![format!(
            "(sigma - 1) L = {} <= sigma = {}: too few immobile workers for Pflüger's dispersion force, so dispersion is never stable",
            (p.sigma - 1.0) * p.workers,
            p.sigma
        )]
    }

    pub fn params(&self) -> &PflugerParams {
        &self.params
    }

    /// The distribution a_r of immobile workers (sums to 1).
    pub fn worker_distribution(&self) -> &[f64] {
        &self.worker_distribution
    }

    /// Immobile workers per region, L_r = L a_r.
    pub fn workers(&self) -> &[f64] {
        &self.workers
    }

    pub fn freeness(&self) -> &Freeness {
        &self.freeness
    }

    pub fn regions(&self) -> usize {
        self.freeness.len()
    }

    /// Delta_s = H sum_k lambda_k phi_ks, E_s and pi_r at `shares`; errors unless every
    /// Delta is positive and finite (some region must host entrepreneurs).
    fn market(&self, shares: &[f64]) -> Result<Market> {
        let n = self.regions();
        if shares.len() != n {
            return Err(Error::Numerical(format!(
                "pfluger: {} shares for {n} regions",
                shares.len()
            )));
        }
        let firms: Vec<f64> = shares.iter().map(|l| ENTREPRENEURS * l).collect();
        let mut delta = vec![0.0; n];
        self.freeness.mul_transpose(&firms, &mut delta);
        if let Some(d) = delta.iter().find(|d| !(d.is_finite() && **d > 0.0)) {
            return Err(Error::Numerical(format!(
                "pfluger: market crowding Delta = {d} at entrepreneur shares {shares:?}; shares must be >= 0 and not all 0"
            )));
        }
        let mu = self.params.mu;
        let spending: Vec<f64> = self.workers.iter().zip(&firms).map(|(l, h)| mu * (l + h)).collect();
        let demand: Vec<f64> = spending.iter().zip(&delta).map(|(e, d)| e / d).collect();
        let mut rewards = vec![0.0; n];
        self.freeness.mul(&demand, &mut rewards);
        let sigma = self.params.sigma;
        rewards.iter_mut().for_each(|p| *p /= sigma);
        Ok(Market {
            delta,
            spending,
            rewards,
        })
    }

    /// The rewards pi at `shares` (the short run, in closed form).
    pub fn rewards(&self, shares: &[f64]) -> Result<Vec<f64>> {
        Ok(self.market(shares)?.rewards)
    }

    /// The short run at `shares`: the closed-form rewards, one evaluation (solver
    /// "closed-form", residual the relative error of a second evaluation, i.e. 0).
    pub fn solve_short_run(&self, shares: &[f64]) -> Result<(Vec<f64>, Stats)> {
        let clock = Instant::now();
        let rewards = self.rewards(shares)?;
        let stats = Stats {
            converged: true,
            iterations: 1,
            residual: self.short_run_residual(shares, &rewards),
            solver: "closed-form",
            seconds: clock.elapsed().as_secs_f64(),
        };
        Ok((rewards, stats))
    }

    /// max_r |ln pi_r(shares) - ln state_r|: how far `state` is from the rewards at `shares`
    /// (+inf when it cannot be evaluated).
    pub fn short_run_residual(&self, shares: &[f64], state: &[f64]) -> f64 {
        let Ok(rewards) = self.rewards(shares) else {
            return f64::INFINITY;
        };
        if state.len() != rewards.len() || state.iter().any(|s| !(s.is_finite() && *s > 0.0)) {
            return f64::INFINITY;
        }
        rewards
            .iter()
            .zip(state)
            .fold(0.0f64, |m, (a, b)| m.max((a.ln() - b.ln()).abs()))
    }

    /// v_r = pi_r - mu ln P_r + mu ln mu - mu with ln P_r = ln Delta_r / (1 - sigma).
    fn utility(&self, delta: &[f64], rewards: &[f64]) -> Vec<f64> {
        let PflugerParams { sigma, mu, .. } = self.params;
        let constant = mu * mu.ln() - mu;
        rewards
            .iter()
            .zip(delta)
            .map(|(p, d)| p + mu / (sigma - 1.0) * d.ln() + constant)
            .collect()
    }

    /// An entrepreneur's indirect utility v_r at `shares` and `rewards` (omega = exp(v)).
    pub fn indirect_utility(&self, shares: &[f64], rewards: &[f64]) -> Result<Vec<f64>> {
        let m = self.market(shares)?;
        Ok(self.utility(&m.delta, rewards))
    }

    /// Outcomes at `shares` and `rewards` pi: wage = pi (the entrepreneurs' reward),
    /// price_index = P, income = L_r + H lambda_r pi_r, real_wage = omega = exp(v).
    pub fn outcomes(&self, shares: &[f64], rewards: &[f64]) -> RegionOutcomes {
        let n = shares.len();
        let sigma = self.params.sigma;
        // Delta is positive for any shares a short run was solved at.
        let delta = self
            .market(shares)
            .map(|m| m.delta)
            .unwrap_or_else(|_| vec![f64::NAN; n]);
        let price_index = delta.iter().map(|d| d.powf(1.0 / (1.0 - sigma))).collect();
        let real_wage = self.utility(&delta, rewards).iter().map(|v| v.exp()).collect();
        let income = (0..n)
            .map(|r| self.workers.get(r).copied().unwrap_or(f64::NAN) + ENTREPRENEURS * shares[r] * rewards[r])
            .collect();
        RegionOutcomes {
            wage: rewards.to_vec(),
            price_index,
            income,
            real_wage,
        }
    }

    /// d omega / d lambda (N × N) at the rewards of `shares`: with A = mu/(sigma - 1),
    ///
    /// ```text
    /// d pi_r / d lambda_j = (H/sigma) [ mu phi_rj / Delta_j - sum_s phi_rs E_s phi_js / Delta_s^2 ]
    /// d v_r / d lambda_j  = d pi_r / d lambda_j + A H phi_jr / Delta_r,      d omega = omega dv
    /// ```
    ///
    /// (the first term is the spending mu an extra entrepreneur brings to region j, the second
    /// the crowding of every market, the third the cheaper varieties where the entrant sells).
    pub fn real_wage_response(&self, shares: &[f64], rewards: &[f64]) -> Result<DMatrix<f64>> {
        let PflugerParams { sigma, mu, .. } = self.params;
        let n = self.regions();
        let h = ENTREPRENEURS;
        let m = self.market(shares)?;
        let v = self.utility(&m.delta, rewards);
        let phi = DMatrix::from_fn(n, n, |r, s| self.freeness.get(r, s));
        // (phi / Delta) (E / Delta): Delta^2 alone underflows when Delta ~ phi ~ 1e-200.
        let scaled = DMatrix::from_fn(n, n, |r, s| phi[(r, s)] / m.delta[s] * (m.spending[s] / m.delta[s]));
        let cross = &scaled * phi.transpose();
        let a = mu / (sigma - 1.0);
        Ok(DMatrix::from_fn(n, n, |r, j| {
            let d_pi = h / sigma * (mu * phi[(r, j)] / m.delta[j] - cross[(r, j)]);
            v[r].exp() * (d_pi + a * h * phi[(j, r)] / m.delta[r])
        }))
    }

    /// d omega / d lambda times `x` by products with the freeness (no N × N matrix).
    pub fn real_wage_response_times(&self, shares: &[f64], rewards: &[f64], x: &[f64]) -> Result<Vec<f64>> {
        let PflugerParams { sigma, mu, .. } = self.params;
        let n = self.regions();
        let h = ENTREPRENEURS;
        let m = self.market(shares)?;
        let v = self.utility(&m.delta, rewards);
        // d Delta_s = H sum_j phi_js x_j.
        let mut d_delta = vec![0.0; n];
        self.freeness.mul_transpose(x, &mut d_delta);
        d_delta.iter_mut().for_each(|d| *d *= h);
        // d (E_s / Delta_s) = mu H x_s / Delta_s - (E_s / Delta_s) d Delta_s / Delta_s.
        let d_demand: Vec<f64> = (0..n)
            .map(|s| (mu * h * x[s] - m.spending[s] / m.delta[s] * d_delta[s]) / m.delta[s])
            .collect();
        let mut d_pi = vec![0.0; n];
        self.freeness.mul(&d_demand, &mut d_pi);
        let a = mu / (sigma - 1.0);
        Ok((0..n)
            .map(|r| v[r].exp() * (d_pi[r] / sigma + a * d_delta[r] / m.delta[r]))
            .collect())
    }

    /// (width, height) when the model at `shares` is invariant under the translations of
    /// its racetrack or torus: FFT-represented periodic freeness, equal workers, and shares
    /// equal to 1e-13 (relative).
    pub fn translation_symmetry(&self, shares: &[f64]) -> Option<(usize, usize)> {
        let grid = match self.freeness.representation() {
            Representation::Circulant => (self.regions(), 1),
            Representation::Torus { width, height } => (width, height),
            _ => return None,
        };
        let a0 = self.worker_distribution[0];
        let mean = 1.0 / shares.len() as f64;
        let equal = self.worker_distribution.iter().all(|&a| a == a0)
            && shares.iter().all(|&l| (l - mean).abs() <= 1e-13 * mean);
        equal.then_some(grid)
    }
}

impl MobileFactorModel for Pfluger {
    fn regions(&self) -> usize {
        Pfluger::regions(self)
    }
    /// The closed-form rewards; `start` and `settings` are not needed.
    fn solve_short_run(
        &self,
        shares: &[f64],
        _start: Option<&[f64]>,
        _settings: &SolverSettings,
    ) -> Result<(Vec<f64>, Stats)> {
        Pfluger::solve_short_run(self, shares)
    }
    fn outcomes(&self, shares: &[f64], state: &[f64]) -> RegionOutcomes {
        Pfluger::outcomes(self, shares, state)
    }
    fn real_wage_response(&self, shares: &[f64], state: &[f64]) -> Result<DMatrix<f64>> {
        Pfluger::real_wage_response(self, shares, state)
    }
    fn short_run_residual(&self, shares: &[f64], state: &[f64]) -> f64 {
        Pfluger::short_run_residual(self, shares, state)
    }
    fn real_wage_response_times(&self, shares: &[f64], state: &[f64], v: &[f64]) -> Option<Result<Vec<f64>>> {
        Some(Pfluger::real_wage_response_times(self, shares, state, v))
    }
    fn translation_symmetry(&self, shares: &[f64]) -> Option<(usize, usize)> {
        Pfluger::translation_symmetry(self, shares)
    }
    fn has_response_products(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geography::layouts;

    fn model(n: usize, t: f64) -> Pfluger {
        let g = layouts::racetrack(n, t).unwrap();
        Pfluger::new(PflugerParams::default(), &g, shares::uniform(n)).unwrap()
    }

    /// The analytic d omega / d lambda (matrix and products) against central differences.
    #[test]
    fn real_wage_response_matches_finite_differences() {
        let m = model(5, 1.4);
        let shares = [0.3, 0.1, 0.25, 0.05, 0.3];
        let pi = m.rewards(&shares).unwrap();
        let d = m.real_wage_response(&shares, &pi).unwrap();
        let h = 1e-6;
        for j in 0..5 {
            let mut up = shares;
            let mut down = shares;
            up[j] += h;
            down[j] -= h;
            let o_up = m.outcomes(&up, &m.rewards(&up).unwrap()).real_wage;
            let o_down = m.outcomes(&down, &m.rewards(&down).unwrap()).real_wage;
            let mut e = vec![0.0; 5];
            e[j] = 1.0;
            let times = m.real_wage_response_times(&shares, &pi, &e).unwrap();
            for r in 0..5 {
                let fd = (o_up[r] - o_down[r]) / (2.0 * h);
                assert!(
                    (d[(r, j)] - fd).abs() < 1e-7 * (1.0 + fd.abs()),
                    "{r},{j}: {} vs {fd}",
                    d[(r, j)]
                );
                assert!((times[r] - d[(r, j)]).abs() < 1e-12 * (1.0 + fd.abs()));
            }
        }
    }

    /// Total operating profit is (mu/sigma)(L + H): a share 1/sigma of all spending.
    #[test]
    fn total_profit_is_a_share_of_spending() {
        let m = model(4, 1.3);
        let shares = [0.4, 0.3, 0.2, 0.1];
        let pi = m.rewards(&shares).unwrap();
        let total: f64 = shares.iter().zip(&pi).map(|(l, p)| l * p).sum();
        let p = m.params();
        assert!((total - p.mu * (p.workers + ENTREPRENEURS) / p.sigma).abs() < 1e-14);
    }
}
