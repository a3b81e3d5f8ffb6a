//! Krugman (1991, JPE) core–periphery model in the normalisation of Fujita, Krugman and
//! Venables (1999, *The Spatial Economy*, ch. 4–5, eqs 5.1–5.4), any number of regions.
//!
//! Manufacturing workers total mu and are shared lambda_r across regions; farmers total
//! 1 - mu, shared a_r, with farm wage 1. With freeness phi_rs = T_rs^(1-sigma):
//!
//! ```text
//! Y_r     = mu lambda_r w_r + (1 - mu) a_r                          (income)
//! G_r     = [ sum_s lambda_s w_s^(1-sigma) phi_sr ]^(1/(1-sigma))  (price index)
//! w_r     = [ sum_s Y_s phi_rs G_s^(sigma-1) ]^(1/sigma)          (wage equation)
//! omega_r = w_r G_r^(-mu)                                          (real wage)
//! ```
//!
//! The short run solves the wage equation for w given lambda (a fixed point in w, see
//! [`ShortRun`]); the long run moves workers (see `crate::long_run`).
//!
//! **Marshallian spillover** (optional, [`CorePeriphery::with_spillover`]): manufacturing
//! productivity A_r = exp(s lambda_r) (labour per unit of output 1/A_r, so p_r = w_r/(rho A_r);
//! an empty region keeps A = 1, so entry stays possible). Firms' number is still
//! proportional to lambda_r, and the equations above hold with a_r = A_r^(sigma-1) on the
//! exporter: H_r = sum_s lambda_s a_s w_s^(1-sigma) phi_sr, w_r^sigma = a_r sum_s Y_s phi_rs / H_s.
//! With s = 0 (the default) no factor is formed at all: results are bitwise those without it.

use nalgebra::DMatrix;

#[path = "core_periphery_response.rs"]
mod response;

use super::{shares, Freeness};
use crate::error::{Error, Result};
use crate::geography::Geography;
use crate::solve::{self, FixedPointMap, SolverSettings, Stats};

/// Parameters of the core–periphery model. `Default` is FKV's running example.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CorePeripheryParams {
    /// sigma: elasticity of substitution between manufactured varieties (> 1).
    pub sigma: f64,
    /// mu: expenditure share of manufactures, equal to the manufacturing labour force (0 < mu < 1).
    pub mu: f64,
}

impl Default for CorePeripheryParams {
    fn default() -> Self {
        CorePeripheryParams { sigma: 5.0, mu: 0.4 }
    }
}

impl CorePeripheryParams {
    /// rho = (sigma - 1) / sigma.
    pub fn rho(&self) -> f64 {
        (self.sigma - 1.0) / self.sigma
    }

    /// The no-black-hole condition mu < rho (FKV eq. 5.27): without it agglomeration
    /// forces win at every trade cost.
    pub fn no_black_hole(&self) -> bool {
        self.mu < self.rho()
    }

    /// Checks sigma > 1 and 0 < mu < 1 (both finite).
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
        Ok(())
    }
}

/// A validated core–periphery model on a geography.
#[derive(Debug, Clone)]
pub struct CorePeriphery {
    params: CorePeripheryParams,
    farmers: Vec<f64>,
    freeness: Freeness,
    /// s of A_r = exp(s lambda_r); 0: no spillover.
    spillover: f64,
}

/// Short-run outcomes per region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionOutcomes {
    pub wage: Vec<f64>,
    pub price_index: Vec<f64>,
    pub income: Vec<f64>,
    pub real_wage: Vec<f64>,
}

impl CorePeriphery {
    /// Validates the parameters and the farm distribution `farmers` (shares summing to 1).
    pub fn new(params: CorePeripheryParams, geography: &Geography, farmers: Vec<f64>) -> Result<Self> {
        params.validate()?;
        shares::validate("model.farmers", &farmers, geography.len())?;
        let freeness = Freeness::new(&geography.trade_costs, params.sigma);
        Ok(CorePeriphery {
            params,
            farmers,
            freeness,
            spillover: 0.0,
        })
    }

    /// The model on a freeness computed before for the same trade costs and sigma (a family
    /// varying only mu reuses it).
    pub fn with_freeness(params: CorePeripheryParams, freeness: Freeness, farmers: Vec<f64>) -> Result<Self> {
        params.validate()?;
        shares::validate("model.farmers", &farmers, freeness.len())?;
        Ok(CorePeriphery {
            params,
            farmers,
            freeness,
            spillover: 0.0,
        })
    }

    /// The model with a Marshallian productivity spillover A_r = exp(s lambda_r) (see the
    /// module docs); `s` must be finite and >= 0.
    pub fn with_spillover(mut self, s: f64) -> Result<Self> {
        if !(s.is_finite() && s >= 0.0) {
            return Err(Error::invalid(
                "model.spillover",
                s,
                "must be finite and >= 0 (productivity exp(spillover * lambda_r))",
            ));
        }
        self.spillover = s;
        Ok(self)
    }

    /// s of the productivity spillover A_r = exp(s lambda_r) (0: none).
    pub fn spillover(&self) -> f64 {
        self.spillover
    }

    /// a_r = A_r^(sigma-1) = exp(s (sigma-1) lambda_r), or `None` without a spillover.
    fn productivity_factor(&self, shares: &[f64]) -> Option<Vec<f64>> {
        if self.spillover == 0.0 {
            return None;
        }
        let k = self.spillover * (self.params.sigma - 1.0);
        Some(shares.iter().map(|l| (k * l).exp()).collect())
    }

    /// Warnings that do not stop a run (the no-black-hole condition).
    pub fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        if !self.params.no_black_hole() {
            w.push(format!(
                "mu = {} >= rho = (sigma-1)/sigma = {:.6}: the no-black-hole condition fails, so dispersion is never stable",
                self.params.mu,
                self.params.rho()
            ));
        }
        w
    }

    pub fn params(&self) -> &CorePeripheryParams {
        &self.params
    }

    pub fn farmers(&self) -> &[f64] {
        &self.farmers
    }

    pub fn freeness(&self) -> &Freeness {
        &self.freeness
    }

    /// Number of regions.
    pub fn regions(&self) -> usize {
        self.freeness.len()
    }

    /// The wage equation at given worker shares, as a fixed-point map in wages.
    pub fn short_run<'a>(&'a self, shares: &'a [f64]) -> ShortRun<'a> {
        ShortRun { model: self, shares }
    }

    /// Solves the short run at `shares` from `start` wages (1 if `None`). The solvers work
    /// on log wages (see [`ShortRun`]), so the residual is the relative wage error
    /// max_r |ln G(w)_r - ln w_r|.
    pub fn solve_short_run(
        &self,
        shares: &[f64],
        start: Option<&[f64]>,
        settings: &SolverSettings,
    ) -> Result<(Vec<f64>, Stats)> {
        let log_start: Vec<f64> = match start {
            Some(w) => w.iter().map(|w| w.ln()).collect(),
            None => vec![0.0; self.regions()],
        };
        let sol = solve::solve(&self.short_run(shares), &log_start, settings)?;
        Ok((sol.state.iter().map(|u| u.exp()).collect(), sol.stats))
    }

    /// Income, price index and real wage at `shares` and `wages`.
    pub fn outcomes(&self, shares: &[f64], wages: &[f64]) -> RegionOutcomes {
        let (h, income) = self.market_terms(shares, wages);
        let sigma = self.params.sigma;
        let price_index: Vec<f64> = h.iter().map(|h| h.powf(1.0 / (1.0 - sigma))).collect();
        let real_wage = wages
            .iter()
            .zip(&price_index)
            .map(|(w, g)| w * g.powf(-self.params.mu))
            .collect();
        RegionOutcomes {
            wage: wages.to_vec(),
            price_index,
            income,
            real_wage,
        }
    }

    /// H_r = G_r^(1-sigma) = sum_s lambda_s w_s^(1-sigma) phi_sr and Y_r.
    fn market_terms(&self, shares: &[f64], wages: &[f64]) -> (Vec<f64>, Vec<f64>) {
        self.market_terms_in(shares, wages, false)
    }

    /// [`Self::market_terms`], with the coarse (single-precision) product when `coarse`.
    fn market_terms_in(&self, shares: &[f64], wages: &[f64], coarse: bool) -> (Vec<f64>, Vec<f64>) {
        let CorePeripheryParams { sigma, mu } = self.params;
        let mut supply: Vec<f64> = shares.iter().zip(wages).map(|(l, w)| l * w.powf(1.0 - sigma)).collect();
        if let Some(a) = self.productivity_factor(shares) {
            supply.iter_mut().zip(&a).for_each(|(u, a)| *u *= a);
        }
        let mut h = vec![0.0; shares.len()];
        if coarse {
            self.freeness.mul_transpose_coarse(&supply, &mut h);
        } else {
            self.freeness.mul_transpose(&supply, &mut h);
        }
        let income = shares
            .iter()
            .zip(wages)
            .zip(&self.farmers)
            .map(|((l, w), a)| mu * l * w + (1.0 - mu) * a)
            .collect();
        (h, income)
    }

    /// Dense freeness matrix as nalgebra (for derivatives on small N).
    fn phi_matrix(&self) -> DMatrix<f64> {
        let n = self.regions();
        DMatrix::from_fn(n, n, |r, s| self.freeness.get(r, s))
    }

    /// Derivatives of the wage map G(w; lambda) with respect to w and lambda at a point:
    /// with S = Phi (Y/H) and A = Phi diag(Y/H^2) Phi',
    /// dS/dw = Phi diag(mu lambda/H) - A diag(lambda (1-sigma) w^(-sigma)),
    /// dS/dlambda = Phi diag(mu w/H) - A diag(w^(1-sigma)), and dG = (1/sigma) S^(1/sigma-1) dS.
    fn wage_map_derivatives(&self, shares: &[f64], wages: &[f64]) -> (DMatrix<f64>, DMatrix<f64>) {
        let CorePeripheryParams { sigma, mu } = self.params;
        let n = self.regions();
        let (h, income) = self.market_terms(shares, wages);
        let phi = self.phi_matrix();
        // (phi / h) (income / h): h^2 alone underflows when h ~ phi ~ 1e-200.
        let scaled = DMatrix::from_fn(n, n, |r, s| phi[(r, s)] / h[s] * (income[s] / h[s]));
        let a = &scaled * phi.transpose();
        let y_over_h: Vec<f64> = income.iter().zip(&h).map(|(y, h)| y / h).collect();
        let mut s_vec = vec![0.0; n];
        self.freeness.mul(&y_over_h, &mut s_vec);
        // Per-column and per-row powers computed once (N powers, not N^2): the same values
        // and the same operations per entry as written in the formulas above.
        let w_minus_sigma: Vec<f64> = wages.iter().map(|w| w.powf(-sigma)).collect();
        let w_one_minus_sigma: Vec<f64> = wages.iter().map(|w| w.powf(1.0 - sigma)).collect();
        match self.productivity_factor(shares) {
            None => {
                let scale: Vec<f64> = s_vec.iter().map(|s| s.powf(1.0 / sigma - 1.0) / sigma).collect();
                let dg_w = DMatrix::from_fn(n, n, |r, j| {
                    let ds =
                        phi[(r, j)] * mu * shares[j] / h[j] - a[(r, j)] * shares[j] * (1.0 - sigma) * w_minus_sigma[j];
                    scale[r] * ds
                });
                let dg_l = DMatrix::from_fn(n, n, |r, j| {
                    let ds = phi[(r, j)] * mu * wages[j] / h[j] - a[(r, j)] * w_one_minus_sigma[j];
                    scale[r] * ds
                });
                (dg_w, dg_l)
            }
            // With the spillover, G_r = (f_r S_r)^(1/sigma), f = a(lambda), supply
            // u_j = lambda_j f_j w_j^(1-sigma): du_j/dw_j = lambda_j f_j (1-sigma) w_j^(-sigma),
            // du_j/dlambda_j = f_j w_j^(1-sigma) (1 + lambda_j s (sigma-1)), and f_r's own
            // derivative adds delta_rj s (sigma-1) f_r S_r to d(f S)_r/dlambda_j.
            Some(f) => {
                let k = self.spillover * (sigma - 1.0);
                let scale: Vec<f64> = (0..n)
                    .map(|r| (f[r] * s_vec[r]).powf(1.0 / sigma - 1.0) / sigma)
                    .collect();
                let dg_w = DMatrix::from_fn(n, n, |r, j| {
                    let ds = phi[(r, j)] * mu * shares[j] / h[j]
                        - a[(r, j)] * shares[j] * f[j] * (1.0 - sigma) * w_minus_sigma[j];
                    scale[r] * f[r] * ds
                });
                let dg_l = DMatrix::from_fn(n, n, |r, j| {
                    let du = f[j] * w_one_minus_sigma[j] * (1.0 + shares[j] * k);
                    let ds = phi[(r, j)] * mu * wages[j] / h[j] - a[(r, j)] * du;
                    let own = if r == j { k * f[r] * s_vec[r] } else { 0.0 };
                    scale[r] * (f[r] * ds + own)
                });
                (dg_w, dg_l)
            }
        }
    }

    /// d omega / d lambda (N × N) at a short-run equilibrium (`wages` solve the wage equation
    /// at `shares`), by the implicit function theorem: dw/dlambda = (I - DG_w)^(-1) DG_lambda,
    /// d ln omega_r/d w_j = delta_rj/w_r - mu lambda_j w_j^(-sigma) phi_jr / H_r,
    /// d ln omega_r/d lambda_j = mu/(sigma-1) w_j^(1-sigma) phi_jr / H_r.
    pub fn real_wage_response(&self, shares: &[f64], wages: &[f64]) -> Result<DMatrix<f64>> {
        let CorePeripheryParams { sigma, mu } = self.params;
        let n = self.regions();
        let (dg_w, dg_l) = self.wage_map_derivatives(shares, wages);
        let dw_dl = (DMatrix::identity(n, n) - dg_w)
            .lu()
            .solve(&dg_l)
            .ok_or_else(|| Error::Numerical("the short-run wage system is singular".into()))?;
        let (h, _) = self.market_terms(shares, wages);
        let omega = self.outcomes(shares, wages).real_wage;
        let f = self.productivity_factor(shares);
        // Without a spillover f_j = 1 and (1 + lambda_j s (sigma-1)) = 1: the factors are left out.
        let supply_w = |j: usize| f.as_ref().map_or(1.0, |f| f[j]);
        let supply_l = |j: usize| {
            f.as_ref()
                .map_or(1.0, |f| f[j] * (1.0 + shares[j] * self.spillover * (sigma - 1.0)))
        };
        let dlnw = DMatrix::from_fn(n, n, |r, j| {
            let own = if r == j { 1.0 / wages[r] } else { 0.0 };
            let term = mu * shares[j] * wages[j].powf(-sigma) * self.freeness.get(j, r) / h[r];
            own - if f.is_some() { term * supply_w(j) } else { term }
        });
        let dlnl = DMatrix::from_fn(n, n, |r, j| {
            let term = mu / (sigma - 1.0) * wages[j].powf(1.0 - sigma) * self.freeness.get(j, r) / h[r];
            if f.is_some() {
                term * supply_l(j)
            } else {
                term
            }
        });
        let mut d = dlnw * dw_dl + dlnl;
        for r in 0..n {
            for j in 0..n {
                d[(r, j)] *= omega[r];
            }
        }
        Ok(d)
    }
}

/// The wage equation at fixed worker shares as a fixed-point map in log wages,
/// u -> ln G(exp(u)). Working in logs keeps wages positive whatever a solver's step, makes
/// the residual a relative wage error, and excludes the spurious limit w_r -> 0 that an
/// absolute residual cannot tell from a solution when regions are nearly isolated.
pub struct ShortRun<'a> {
    model: &'a CorePeriphery,
    shares: &'a [f64],
}

impl ShortRun<'_> {
    /// G(w)_r = [ sum_s phi_rs Y_s / H_s ]^(1/sigma) in levels (with the coarse products
    /// of a mixed-precision freeness when `coarse`).
    fn wage_map(&self, wages: &[f64], out: &mut [f64]) {
        self.wage_map_in(wages, out, false)
    }

    fn wage_map_in(&self, wages: &[f64], out: &mut [f64], coarse: bool) {
        let (h, income) = self.model.market_terms_in(self.shares, wages, coarse);
        let demand: Vec<f64> = income.iter().zip(&h).map(|(y, h)| y / h).collect();
        if coarse {
            self.model.freeness.mul_coarse(&demand, out);
        } else {
            self.model.freeness.mul(&demand, out);
        }
        if let Some(f) = self.model.productivity_factor(self.shares) {
            out.iter_mut().zip(&f).for_each(|(o, f)| *o *= f);
        }
        let inv_sigma = 1.0 / self.model.params.sigma;
        for o in out.iter_mut() {
            *o = o.powf(inv_sigma);
        }
    }
}

/// The switch from coarse to double-precision iterations, in units of the coarse map's
/// error bound (see `ShortRun::coarse_switch`).
const COARSE_SWITCH_MARGIN: f64 = 1.0;

impl ShortRun<'_> {
    fn apply_in(&self, log_wages: &[f64], out: &mut [f64], coarse: bool) {
        let wages: Vec<f64> = log_wages.iter().map(|u| u.exp()).collect();
        self.wage_map_in(&wages, out, coarse);
        for o in out.iter_mut() {
            *o = o.ln();
        }
    }
}

impl FixedPointMap for ShortRun<'_> {
    fn dim(&self) -> usize {
        self.model.regions()
    }

    /// ln G(exp(u)).
    fn apply(&self, log_wages: &[f64], out: &mut [f64]) {
        self.apply_in(log_wages, out, false)
    }

    /// With single-precision products (relative error at most 2^-24 per entry, all terms
    /// positive) S and H are off by at most 2^-24 relative each, so ln G = ln S / sigma by
    /// at most 2^-23 / sigma; the switch is at that bound: from there on the coarse map's error could be the
    /// residual's size.
    fn coarse_switch(&self) -> Option<f64> {
        self.model
            .freeness
            .has_coarse()
            .then(|| COARSE_SWITCH_MARGIN * f64::from(f32::EPSILON) / self.model.params.sigma)
    }

    fn apply_coarse(&self, log_wages: &[f64], out: &mut [f64]) {
        self.apply_in(log_wages, out, true)
    }

    /// d ln G_r / d u_j = DG_rj w_j / G_r.
    fn jacobian(&self, log_wages: &[f64]) -> Option<DMatrix<f64>> {
        let wages: Vec<f64> = log_wages.iter().map(|u| u.exp()).collect();
        let mut g = vec![0.0; wages.len()];
        self.wage_map(&wages, &mut g);
        let mut d = self.model.wage_map_derivatives(self.shares, &wages).0;
        for r in 0..wages.len() {
            for j in 0..wages.len() {
                d[(r, j)] *= wages[j] / g[r];
            }
        }
        Some(d)
    }
}
