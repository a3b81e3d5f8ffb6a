//! Forslid and Ottaviano (2003, *J. Econ. Geography* 3: 229–240) footloose-entrepreneur
//! model, any number of regions, in the form of Baldwin, Forslid, Martin, Ottaviano and
//! Robert-Nicoud (2003, *Economic Geography and Public Policy*, ch. 4).
//!
//! Two factors: mobile entrepreneurs, H = 1 in total, shared lambda_r across regions
//! (docs/reference.md §3 normalisation), and immobile workers, L in total (`workers`), shared
//! a_r (the worker distribution given to [`FootlooseEntrepreneur::new`]), so L_r = L a_r.
//! A firm needs one entrepreneur (the fixed cost), so region r has n_r = lambda_r H firms.
//! Workers produce the traded, homogeneous good one for one and are the numeraire (wage 1);
//! a firm's marginal cost is (sigma-1)/sigma units of labour, so the mill price is 1 and a
//! variety shipped from r to s costs T_rs there. Utility is Cobb–Douglas, share mu on the CES
//! manufactures aggregate (elasticity sigma). With freeness phi_rs = T_rs^(1-sigma):
//!
//! ```text
//! Delta_s = sum_k n_k phi_ks                              (market crowding, n_k = lambda_k H)
//! E_s     = L_s + lambda_s H pi_s                         (income = expenditure)
//! pi_r    = (mu/sigma) sum_s phi_rs E_s / Delta_s         (operating profit = reward)
//! P_r     = Delta_r^(1/(1-sigma))                         (manufactures price index)
//! omega_r = pi_r P_r^(-mu) = pi_r Delta_r^(mu/(sigma-1))  (real reward; the traded good costs 1)
//! migration: dlambda_r/dt = (omega_r - sum_s lambda_s omega_s) lambda_r
//! ```
//!
//! Unlike the core–periphery model the short run is linear in the rewards pi:
//! (I - A) pi = b with A_rj = (mu/sigma) phi_rj n_j / Delta_j and
//! b_r = (mu/sigma) sum_s phi_rs L_s / Delta_s. Total profits are fixed whatever lambda:
//! H sum_r lambda_r pi_r = mu L / (sigma - mu) (aggregate operating profit is a share
//! mu/sigma of aggregate expenditure L + profits), and the spectral radius of A is at most
//! mu/sigma < 1, so the solution exists, is unique and positive, and the fixed-point iteration
//! pi <- A pi + b contracts at rate mu/sigma. [`FootlooseEntrepreneur::solve_short_run`] runs
//! the configured solver on that map in log rewards (as the core–periphery model does in log
//! wages, so the residual is a relative error); [`FootlooseEntrepreneur::solve_short_run_direct`]
//! solves the linear system by LU.
//!
//! Closed forms for two regions are in [`super::footloose_two_region`].

use std::time::Instant;

use nalgebra::{DMatrix, DVector};

use super::{shares, Freeness, MobileFactorModel, RegionOutcomes};
use crate::error::{Error, Result};
use crate::geography::Geography;
use crate::solve::{self, FixedPointMap, SolverSettings, Stats};

/// H: the total number of mobile entrepreneurs (= firms), normalised to 1 (docs/reference.md §3).
pub const ENTREPRENEURS: f64 = 1.0;

/// Parameters of the footloose-entrepreneur model. `Default`: sigma = 5, mu = 0.4 (the
/// running example of docs/reference.md §3) and L = 2 immobile workers (L/2 = 1 per region when
/// split equally, the normalisation of the Pflüger row of docs/reference.md §3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FootlooseParams {
    /// sigma: elasticity of substitution between manufactured varieties (> 1).
    pub sigma: f64,
    /// mu: expenditure share of manufactures (0 < mu < 1).
    pub mu: f64,
    /// L: total immobile workers (> 0), against H = 1 mobile entrepreneurs. L scales every
    /// reward and income proportionally and moves no break or sustain point.
    pub workers: f64,
}

impl Default for FootlooseParams {
    fn default() -> Self {
        FootlooseParams {
            sigma: 5.0,
            mu: 0.4,
            workers: 2.0,
        }
    }
}

impl FootlooseParams {
    /// The no-black-hole condition mu < sigma - 1 (equivalently phi_B > 0): without it
    /// dispersion is unstable at every trade cost.
    pub fn no_black_hole(&self) -> bool {
        self.mu < self.sigma - 1.0
    }

    /// Total operating profit H pi-bar = mu L / (sigma - mu), the same at every lambda;
    /// with H = 1 it is the average reward sum_r lambda_r pi_r.
    pub fn total_profit(&self) -> f64 {
        self.mu * self.workers / (self.sigma - self.mu)
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

/// A validated footloose-entrepreneur model on a geography.
#[derive(Debug, Clone)]
pub struct FootlooseEntrepreneur {
    params: FootlooseParams,
    worker_distribution: Vec<f64>,
    /// L_r = L a_r.
    workers: Vec<f64>,
    freeness: Freeness,
}

impl FootlooseEntrepreneur {
    /// Validates the parameters and the distribution of immobile workers a_r (shares summing
    /// to 1; L_r = L a_r).
    pub fn new(params: FootlooseParams, geography: &Geography, worker_distribution: Vec<f64>) -> Result<Self> {
        params.validate()?;
        shares::validate("model.worker-distribution", &worker_distribution, geography.len())?;
        let workers = worker_distribution.iter().map(|a| params.workers * a).collect();
        let freeness = Freeness::new(&geography.trade_costs, params.sigma);
        Ok(FootlooseEntrepreneur {
            params,
            worker_distribution,
            workers,
            freeness,
        })
    }

    /// The model on a freeness computed before for the same trade costs and sigma.
    pub fn with_freeness(params: FootlooseParams, freeness: Freeness, worker_distribution: Vec<f64>) -> Result<Self> {
        params.validate()?;
        shares::validate("model.worker-distribution", &worker_distribution, freeness.len())?;
        let workers = worker_distribution.iter().map(|a| params.workers * a).collect();
        Ok(FootlooseEntrepreneur {
            params,
            worker_distribution,
            workers,
            freeness,
        })
    }

    /// Warnings that do not stop a run (the no-black-hole condition).
    pub fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        if !self.params.no_black_hole() {
            w.push(format!(
                "mu = {} >= sigma - 1 = {}: the no-black-hole condition of the footloose-entrepreneur model fails, so dispersion is never stable",
                self.params.mu,
                self.params.sigma - 1.0
            ));
        }
        w
    }

    pub fn params(&self) -> &FootlooseParams {
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

    /// Number of regions.
    pub fn regions(&self) -> usize {
        self.freeness.len()
    }

    /// Delta_s = H sum_k lambda_k phi_ks; errors unless every entry is positive and finite
    /// (some region must host entrepreneurs).
    fn crowding(&self, shares: &[f64]) -> Result<Vec<f64>> {
        let firms: Vec<f64> = shares.iter().map(|l| ENTREPRENEURS * l).collect();
        let mut delta = vec![0.0; shares.len()];
        self.freeness.mul_transpose(&firms, &mut delta);
        if let Some(d) = delta.iter().find(|d| !(d.is_finite() && **d > 0.0)) {
            return Err(Error::Numerical(format!(
                "footloose entrepreneur: market crowding Delta = {d} at entrepreneur shares {shares:?}; shares must be >= 0 and not all 0"
            )));
        }
        Ok(delta)
    }

    /// E_s = L_s + lambda_s H pi_s.
    fn income(&self, shares: &[f64], rewards: &[f64]) -> Vec<f64> {
        self.workers
            .iter()
            .zip(shares)
            .zip(rewards)
            .map(|((l, s), p)| l + s * ENTREPRENEURS * p)
            .collect()
    }

    /// The reward equation at given entrepreneur shares, as a fixed-point map in log rewards.
    pub fn short_run<'a>(&'a self, shares: &'a [f64]) -> Result<ShortRun<'a>> {
        let delta = self.crowding(shares)?;
        Ok(ShortRun {
            model: self,
            shares,
            delta,
        })
    }

    /// Solves the short run at `shares` from `start` rewards (the average reward
    /// mu L/(sigma - mu) if `None`) with the configured solver, in log rewards: the residual
    /// is the relative error max_r |ln G(pi)_r - ln pi_r|.
    pub fn solve_short_run(
        &self,
        shares: &[f64],
        start: Option<&[f64]>,
        settings: &SolverSettings,
    ) -> Result<(Vec<f64>, Stats)> {
        let map = self.short_run(shares)?;
        let log_start: Vec<f64> = match start {
            Some(p) if p.iter().all(|p| p.is_finite() && *p > 0.0) => p.iter().map(|p| p.ln()).collect(),
            _ => vec![self.params.total_profit().ln(); self.regions()],
        };
        let sol = solve::solve(&map, &log_start, settings)?;
        Ok((sol.state.iter().map(|u| u.exp()).collect(), sol.stats))
    }

    /// The exact short run: (I - A) pi = b solved by dense LU (O(N^3); small N). The stats
    /// report one iteration, solver "lu", and the relative residual of the log map.
    pub fn solve_short_run_direct(&self, shares: &[f64]) -> Result<(Vec<f64>, Stats)> {
        let clock = Instant::now();
        let map = self.short_run(shares)?;
        let n = self.regions();
        let k = self.params.mu / self.params.sigma;
        let i_minus_a = DMatrix::from_fn(n, n, |r, j| {
            let own = if r == j { 1.0 } else { 0.0 };
            own - k * self.freeness.get(r, j) * ENTREPRENEURS * shares[j] / map.delta[j]
        });
        let demand: Vec<f64> = self.workers.iter().zip(&map.delta).map(|(l, d)| l / d).collect();
        let mut b = vec![0.0; n];
        self.freeness.mul(&demand, &mut b);
        let b = DVector::from_iterator(n, b.iter().map(|v| k * v));
        let pi = i_minus_a
            .lu()
            .solve(&b)
            .filter(|p| p.iter().all(|v| v.is_finite() && *v > 0.0))
            .ok_or_else(|| {
                Error::Numerical("footloose entrepreneur: the short-run linear system is singular".into())
            })?;
        let pi: Vec<f64> = pi.iter().copied().collect();
        let log_pi: Vec<f64> = pi.iter().map(|p| p.ln()).collect();
        let mut g = vec![0.0; n];
        map.apply(&log_pi, &mut g);
        let residual = log_pi.iter().zip(&g).fold(0.0f64, |m, (u, g)| m.max((g - u).abs()));
        let stats = Stats {
            converged: true,
            iterations: 1,
            residual,
            solver: "lu",
            seconds: clock.elapsed().as_secs_f64(),
        };
        Ok((pi, stats))
    }

    /// Outcomes at `shares` and `rewards` pi: wage = pi (the entrepreneurs' reward),
    /// price_index = P, income = E, real_wage = omega.
    pub fn outcomes(&self, shares: &[f64], rewards: &[f64]) -> RegionOutcomes {
        let sigma = self.params.sigma;
        // Delta is positive for any shares a short run was solved at.
        let delta = self.crowding(shares).unwrap_or_else(|_| vec![f64::NAN; shares.len()]);
        let price_index: Vec<f64> = delta.iter().map(|d| d.powf(1.0 / (1.0 - sigma))).collect();
        let real_wage = rewards
            .iter()
            .zip(&price_index)
            .map(|(p, g)| p * g.powf(-self.params.mu))
            .collect();
        RegionOutcomes {
            wage: rewards.to_vec(),
            price_index,
            income: self.income(shares, rewards),
            real_wage,
        }
    }

    /// d omega / d lambda (N × N) at a short-run equilibrium (`rewards` solve the short run at
    /// `shares`), by implicit differentiation of the linear system
    /// F(pi, lambda) = pi - (mu/sigma) Phi (E/Delta) = 0:
    ///
    /// ```text
    /// dpi/dlambda = (I - A)^(-1) B,  A = (mu/sigma) H Phi diag(lambda/Delta),
    ///              B = (mu/sigma) H [ Phi diag(pi/Delta) - Phi diag(E/Delta^2) Phi' ]
    /// d omega_r/d lambda_j = Delta_r^(mu/(sigma-1)) dpi_r/dlambda_j
    ///                        + omega_r mu/(sigma-1) H phi_jr / Delta_r
    /// ```
    pub fn real_wage_response(&self, shares: &[f64], rewards: &[f64]) -> Result<DMatrix<f64>> {
        let FootlooseParams { sigma, mu, .. } = self.params;
        let n = self.regions();
        let k = mu / sigma;
        let h = ENTREPRENEURS;
        let delta = self.crowding(shares)?;
        let income = self.income(shares, rewards);
        let phi = DMatrix::from_fn(n, n, |r, s| self.freeness.get(r, s));
        let i_minus_a = DMatrix::from_fn(n, n, |r, j| {
            let own = if r == j { 1.0 } else { 0.0 };
            own - k * h * phi[(r, j)] * shares[j] / delta[j]
        });
        // (phi / Delta) (income / Delta): Delta^2 alone underflows when Delta ~ phi ~ 1e-200.
        let scaled = DMatrix::from_fn(n, n, |r, s| phi[(r, s)] / delta[s] * (income[s] / delta[s]));
        let cross = &scaled * phi.transpose();
        let b = DMatrix::from_fn(n, n, |r, j| {
            k * h * (phi[(r, j)] * rewards[j] / delta[j] - cross[(r, j)])
        });
        let dpi = i_minus_a
            .lu()
            .solve(&b)
            .filter(|m| m.iter().all(|v| v.is_finite()))
            .ok_or_else(|| {
                Error::Numerical("footloose entrepreneur: the short-run linear system is singular".into())
            })?;
        let a = mu / (sigma - 1.0);
        Ok(DMatrix::from_fn(n, n, |r, j| {
            let scale = delta[r].powf(a);
            scale * dpi[(r, j)] + rewards[r] * scale * a * h * phi[(j, r)] / delta[r]
        }))
    }
}

impl MobileFactorModel for FootlooseEntrepreneur {
    fn regions(&self) -> usize {
        FootlooseEntrepreneur::regions(self)
    }
    fn solve_short_run(
        &self,
        shares: &[f64],
        start: Option<&[f64]>,
        settings: &SolverSettings,
    ) -> Result<(Vec<f64>, Stats)> {
        FootlooseEntrepreneur::solve_short_run(self, shares, start, settings)
    }
    fn outcomes(&self, shares: &[f64], state: &[f64]) -> RegionOutcomes {
        FootlooseEntrepreneur::outcomes(self, shares, state)
    }
    fn real_wage_response(&self, shares: &[f64], state: &[f64]) -> Result<DMatrix<f64>> {
        FootlooseEntrepreneur::real_wage_response(self, shares, state)
    }
    fn short_run_residual(&self, shares: &[f64], state: &[f64]) -> f64 {
        match (super::mobile::log_state(state), self.short_run(shares)) {
            (Some(u), Ok(map)) if shares.len() == u.len() => crate::solve::residual_at(&map, &u),
            _ => f64::INFINITY,
        }
    }
}

/// The reward equation at fixed entrepreneur shares as a fixed-point map in log rewards,
/// u -> ln G(exp(u)) with G(pi) = A pi + b = (mu/sigma) Phi (E(pi)/Delta). Delta depends
/// on the shares only and is computed once; each application is one matrix–vector product.
pub struct ShortRun<'a> {
    model: &'a FootlooseEntrepreneur,
    shares: &'a [f64],
    delta: Vec<f64>,
}

impl ShortRun<'_> {
    /// G(pi) in levels.
    fn reward_map(&self, rewards: &[f64], out: &mut [f64]) {
        let income = self.model.income(self.shares, rewards);
        let demand: Vec<f64> = income.iter().zip(&self.delta).map(|(e, d)| e / d).collect();
        self.model.freeness.mul(&demand, out);
        let k = self.model.params.mu / self.model.params.sigma;
        out.iter_mut().for_each(|o| *o *= k);
    }
}

impl FixedPointMap for ShortRun<'_> {
    fn dim(&self) -> usize {
        self.model.regions()
    }

    /// ln G(exp(u)).
    fn apply(&self, log_rewards: &[f64], out: &mut [f64]) {
        let rewards: Vec<f64> = log_rewards.iter().map(|u| u.exp()).collect();
        self.reward_map(&rewards, out);
        out.iter_mut().for_each(|o| *o = o.ln());
    }

    /// d ln G_r / d u_j = A_rj pi_j / G_r, A_rj = (mu/sigma) phi_rj H lambda_j / Delta_j.
    fn jacobian(&self, log_rewards: &[f64]) -> Option<DMatrix<f64>> {
        let rewards: Vec<f64> = log_rewards.iter().map(|u| u.exp()).collect();
        let n = rewards.len();
        let mut g = vec![0.0; n];
        self.reward_map(&rewards, &mut g);
        let k = self.model.params.mu / self.model.params.sigma;
        Some(DMatrix::from_fn(n, n, |r, j| {
            k * self.model.freeness.get(r, j) * ENTREPRENEURS * self.shares[j] / self.delta[j] * rewards[j] / g[r]
        }))
    }
}
