//! The equilibrium as a fixed point, two ways.
//!
//! - [`Contraction`] (symmetric tau): the map (C) of the module docs in `x = ln l`,
//!   `T(x)_i = (ln c_i + ln sum_j phi_ij d_j exp(p2 x_j)) / p1`, followed by the
//!   normalisation `x <- T(x) - ln sum_i exp(T(x)_i)` (so `sum l = 1`), with
//!   `ln c_i = (s-1)st ln Abar_i + s st ln ubar_i` and `ln d_j = (s-1)st ln ubar_j + s st ln Abar_j`.
//!   Wages then follow from `w_i ∝ (Abar_i/ubar_i)^st L_i^(-(1+(beta-alpha)(s-1))/(2s-1))`.
//! - [`TwoEquationSystem`] (any tau): (E1)–(E2) as a map in `z = (ln w, ln L)`: evaluate both
//!   right-hand sums at z, solve the 2 × 2 exponent system on the left for (ln w, ln L) with
//!   `W = 1`, then impose the normalisations (`sum L = Lbar`, mean ln w = 0), which absorbs W.
//!
//! Both work in logs: positivity is automatic, the residual `max |G(x) - x|` is a relative
//! error, and sums are taken as `max + ln sum exp(. - max)` so nothing under- or overflows.
//! One iteration is one (contraction) or two (system) mat-vecs with the precomputed freeness
//! and O(N) `exp`/`ln`; no `powf` on N² entries.

use nalgebra::DMatrix;

use super::hat_algebra::HatKernels;
use super::{validate_positive, AllenArkolakis};
use crate::error::{Error, Result};
use crate::model::{Freeness, SpatialEquilibrium};
use crate::solve::{self, FixedPointMap, SolverSettings, Stats};

/// The contraction (C) in x = ln l for symmetric tau (see the module docs).
pub struct Contraction<'a> {
    freeness: &'a Freeness,
    log_c: Vec<f64>,
    log_d: Vec<f64>,
    p1: f64,
    p2: f64,
}

impl<'a> Contraction<'a> {
    fn new(model: &'a AllenArkolakis) -> Self {
        let p = model.params();
        let st = p.sigma_tilde();
        let (s1, s2) = ((p.sigma - 1.0) * st, p.sigma * st);
        let (la, lu) = model.log_fundamentals();
        Contraction {
            freeness: model.freeness(),
            log_c: la.iter().zip(lu).map(|(a, u)| s1 * a + s2 * u).collect(),
            log_d: la.iter().zip(lu).map(|(a, u)| s1 * u + s2 * a).collect(),
            p1: p.p1(),
            p2: p.p2(),
        }
    }

    /// T(x) before normalisation into `t`; returns (z, S) with z_j = d_j e^(p2 x_j) / max
    /// and S = phi z (for the Jacobian).
    fn raw(&self, x: &[f64], t: &mut [f64]) -> (Vec<f64>, Vec<f64>) {
        self.raw_in(x, t, false)
    }

    /// [`Self::raw`], with the coarse (single-precision) product when `coarse`.
    fn raw_in(&self, x: &[f64], t: &mut [f64], coarse: bool) -> (Vec<f64>, Vec<f64>) {
        let y: Vec<f64> = self.log_d.iter().zip(x).map(|(d, x)| d + self.p2 * x).collect();
        let y_max = max(&y);
        let z: Vec<f64> = y.iter().map(|y| (y - y_max).exp()).collect();
        let mut s = vec![0.0; z.len()];
        if coarse {
            self.freeness.mul_coarse(&z, &mut s);
        } else {
            self.freeness.mul(&z, &mut s);
        }
        for ((t, c), s) in t.iter_mut().zip(&self.log_c).zip(&s) {
            *t = (c + s.ln() + y_max) / self.p1;
        }
        (z, s)
    }
}

impl FixedPointMap for Contraction<'_> {
    fn dim(&self) -> usize {
        self.log_c.len()
    }

    fn apply(&self, x: &[f64], out: &mut [f64]) {
        self.raw(x, out);
        let norm = log_sum_exp(out);
        out.iter_mut().for_each(|o| *o -= norm);
    }

    /// With single-precision products (relative error at most 2^-24, positive terms), ln S
    /// is off by at most 2^-24, T by 2^-24 / |p1| and the normalised G by twice that; the
    /// switch is at this bound.
    fn coarse_switch(&self) -> Option<f64> {
        self.freeness
            .has_coarse()
            .then(|| COARSE_SWITCH_MARGIN * f64::from(f32::EPSILON) / self.p1.abs())
    }

    fn apply_coarse(&self, x: &[f64], out: &mut [f64]) {
        self.raw_in(x, out, true);
        let norm = log_sum_exp(out);
        out.iter_mut().for_each(|o| *o -= norm);
    }

    /// With R_ij = phi_ij z_j / S_i and softmax weights q = exp(G(x)):
    /// DT = (p2/p1) R and DG = (I - 1 q') DT.
    fn jacobian(&self, x: &[f64]) -> Option<DMatrix<f64>> {
        let n = x.len();
        let mut t = vec![0.0; n];
        let (z, s) = self.raw(x, &mut t);
        let norm = log_sum_exp(&t);
        let q: Vec<f64> = t.iter().map(|t| (t - norm).exp()).collect();
        let ratio = self.p2 / self.p1;
        let dt = DMatrix::from_fn(n, n, |i, j| ratio * self.freeness.get(i, j) * z[j] / s[i]);
        let mean_row = DMatrix::from_fn(1, n, |_, j| (0..n).map(|k| q[k] * dt[(k, j)]).sum::<f64>());
        Some(DMatrix::from_fn(n, n, |i, j| dt[(i, j)] - mean_row[(0, j)]))
    }
}

/// The switch from coarse to double-precision iterations, in units of the coarse map's
/// error bound (see `Contraction::coarse_switch`).
const COARSE_SWITCH_MARGIN: f64 = 1.0;

/// The kernels of the two sums in (E1)–(E2): tau^(1-s) in levels, trade-share weighted in
/// hat algebra.
pub(crate) enum Kernels<'a> {
    Levels(&'a Freeness),
    Hats(&'a HatKernels),
}

impl Kernels<'_> {
    /// out_i = sum_j K1_ij x_j, the sum in (E1).
    fn goods(&self, x: &[f64], out: &mut [f64]) {
        match self {
            Kernels::Levels(phi) => phi.mul(x, out),
            Kernels::Hats(h) => h.goods(x, out),
        }
    }

    /// out_i = sum_j K2_ij x_j, the sum in (E2).
    fn prices(&self, x: &[f64], out: &mut [f64]) {
        match self {
            Kernels::Levels(phi) => phi.mul_transpose(x, out),
            Kernels::Hats(h) => h.prices(x, out),
        }
    }
}

/// (E1)–(E2) as a fixed-point map in z = (ln w, ln L) (2N entries; see the module docs).
/// In hat algebra the same map runs on hats with trade-share kernels.
pub struct TwoEquationSystem<'a> {
    kernels: Kernels<'a>,
    sigma: f64,
    alpha: f64,
    beta: f64,
    log_a: Vec<f64>,
    log_u: Vec<f64>,
    /// The population constraint is sum_i weights_i exp(m_i) = exp(log_total).
    weights: Vec<f64>,
    log_total: f64,
    /// The mean of ln w imposed.
    wage_mean: f64,
}

impl<'a> TwoEquationSystem<'a> {
    pub(crate) fn new(
        kernels: Kernels<'a>,
        params: &super::AllenArkolakisParams,
        log_a: Vec<f64>,
        log_u: Vec<f64>,
        weights: Vec<f64>,
        total: f64,
        wage_mean: f64,
    ) -> Self {
        TwoEquationSystem {
            kernels,
            sigma: params.sigma,
            alpha: params.alpha,
            beta: params.beta,
            log_a,
            log_u,
            weights,
            log_total: total.ln(),
            wage_mean,
        }
    }

    fn n(&self) -> usize {
        self.log_a.len()
    }
}

impl FixedPointMap for TwoEquationSystem<'_> {
    fn dim(&self) -> usize {
        2 * self.n()
    }

    fn apply(&self, z: &[f64], out: &mut [f64]) {
        let n = self.n();
        let (s, a, b) = (self.sigma, self.alpha, self.beta);
        let (v, m) = z.split_at(n);
        // Summands of (E1) and (E2) in logs.
        let f: Vec<f64> = (0..n)
            .map(|j| s * v[j] + (1.0 + b * (s - 1.0)) * m[j] + (s - 1.0) * self.log_u[j])
            .collect();
        let g: Vec<f64> = (0..n)
            .map(|j| (1.0 - s) * v[j] + a * (s - 1.0) * m[j] + (s - 1.0) * self.log_a[j])
            .collect();
        let (f_max, g_max) = (max(&f), max(&g));
        let ef: Vec<f64> = f.iter().map(|f| (f - f_max).exp()).collect();
        let eg: Vec<f64> = g.iter().map(|g| (g - g_max).exp()).collect();
        let mut s1 = vec![0.0; n];
        let mut s2 = vec![0.0; n];
        self.kernels.goods(&ef, &mut s1);
        self.kernels.prices(&eg, &mut s2);
        // Left-hand sides at W = 1: [s, 1-a(s-1); 1-s, -b(s-1)] (ln w, ln L) = (R1, R2).
        let det = (s - 1.0) * (1.0 - a * (s - 1.0) - b * s);
        let (v_out, m_out) = out.split_at_mut(n);
        for i in 0..n {
            let r1 = (s - 1.0) * self.log_a[i] + s1[i].ln() + f_max;
            let r2 = (s - 1.0) * self.log_u[i] + s2[i].ln() + g_max;
            v_out[i] = (-b * (s - 1.0) * r1 - (1.0 - a * (s - 1.0)) * r2) / det;
            m_out[i] = ((s - 1.0) * r1 + s * r2) / det;
        }
        let shift = self.log_total - weighted_log_sum_exp(m_out, &self.weights);
        m_out.iter_mut().for_each(|m| *m += shift);
        let mean = v_out.iter().sum::<f64>() / n as f64;
        v_out.iter_mut().for_each(|v| *v += self.wage_mean - mean);
    }
}

impl AllenArkolakis {
    /// The contraction (C); an error unless tau is symmetric.
    pub fn contraction(&self) -> Result<Contraction<'_>> {
        if !self.is_symmetric() {
            return Err(Error::Config(
                "the Allen–Arkolakis contraction needs symmetric trade costs (tau_ij = tau_ji); \
                 the two-equation system solves asymmetric ones"
                    .into(),
            ));
        }
        Ok(Contraction::new(self))
    }

    /// (E1)–(E2) in levels with sum L = Lbar and geometric-mean-1 wages.
    pub fn two_equation_system(&self) -> TwoEquationSystem<'_> {
        let (la, lu) = self.log_fundamentals();
        let n = self.regions();
        TwoEquationSystem::new(
            Kernels::Levels(self.freeness()),
            self.params(),
            la.to_vec(),
            lu.to_vec(),
            vec![1.0; n],
            self.params().population,
            0.0,
        )
    }

    /// Solves the contraction (C) (symmetric tau only) from `start` population (`None`:
    /// uniform); the solver's residual is max |Δ ln l|.
    pub fn solve_contraction(&self, start: Option<&[f64]>, settings: &SolverSettings) -> Result<SpatialEquilibrium> {
        let map = self.contraction()?;
        let x0 = self.log_shares(start)?;
        let sol = solve::solve(&map, &x0, settings).map_err(|e| e.while_solving("the Allen–Arkolakis contraction"))?;
        let population = self.levels(&sol.state);
        let wage = self.symmetric_wages(&population);
        Ok(self.outcomes(population, wage, sol.stats))
    }

    /// Solves (E1)–(E2) as a fixed point in (ln w, ln L) from `start` population (`None`:
    /// uniform), wages started from the symmetric-tau relation; any tau. The residual is
    /// max |Δ ln w|, |Δ ln L|.
    pub fn solve_system(&self, start: Option<&[f64]>, settings: &SolverSettings) -> Result<SpatialEquilibrium> {
        let map = self.two_equation_system();
        let population = self.levels(&self.log_shares(start)?);
        let wage = self.symmetric_wages(&population);
        let z0: Vec<f64> = wage.iter().chain(&population).map(|v| v.ln()).collect();
        let sol =
            solve::solve(&map, &z0, settings).map_err(|e| e.while_solving("the Allen–Arkolakis equilibrium system"))?;
        let n = self.regions();
        let wage = sol.state[..n].iter().map(|v| v.exp()).collect();
        let population = sol.state[n..].iter().map(|m| m.exp()).collect();
        Ok(self.outcomes(population, wage, sol.stats))
    }

    /// Outcomes at `population` and `wage`: `P_i = [sum_j phi_ji (w_j / (Abar_j
    /// L_j^alpha))^(1-s)]^(1/(1-s))` and welfare `W_i = w_i ubar_i L_i^beta / P_i`.
    pub fn outcomes(&self, population: Vec<f64>, wage: Vec<f64>, stats: Stats) -> SpatialEquilibrium {
        let price_index = self.price_index(&population, &wage);
        let (_, lu) = self.log_fundamentals();
        let beta = self.params().beta;
        let welfare = (0..population.len())
            .map(|i| (wage[i].ln() + lu[i] + beta * population[i].ln() - price_index[i].ln()).exp())
            .collect();
        SpatialEquilibrium {
            population,
            wage,
            price_index,
            welfare,
            stats,
        }
    }

    /// The CES price index P_i at `population` and `wage` (see [`AllenArkolakis::outcomes`]).
    pub fn price_index(&self, population: &[f64], wage: &[f64]) -> Vec<f64> {
        let s = self.params().sigma;
        let e = self.log_unit_costs(population, wage);
        let e_max = max(&e);
        let x: Vec<f64> = e.iter().map(|e| (e - e_max).exp()).collect();
        let mut h = vec![0.0; x.len()];
        self.freeness().mul_transpose(&x, &mut h);
        h.iter().map(|h| ((h.ln() + e_max) / (1.0 - s)).exp()).collect()
    }

    /// (1-s) ln(w_j / A_j) with A_j = Abar_j L_j^alpha.
    pub(crate) fn log_unit_costs(&self, population: &[f64], wage: &[f64]) -> Vec<f64> {
        let (la, _) = self.log_fundamentals();
        let p = self.params();
        (0..wage.len())
            .map(|j| (1.0 - p.sigma) * (wage[j].ln() - la[j] - p.alpha * population[j].ln()))
            .collect()
    }

    /// Wages from population under symmetric tau:
    /// `ln w_i = st (ln Abar_i - ln ubar_i) - (1+(beta-alpha)(s-1))/(2s-1) ln L_i + const`,
    /// const making the geometric mean 1.
    pub fn symmetric_wages(&self, population: &[f64]) -> Vec<f64> {
        let p = self.params();
        let (s, st) = (p.sigma, p.sigma_tilde());
        let e = -(1.0 + (p.beta - p.alpha) * (s - 1.0)) / (2.0 * s - 1.0);
        let (la, lu) = self.log_fundamentals();
        let mut v: Vec<f64> = (0..population.len())
            .map(|i| st * (la[i] - lu[i]) + e * population[i].ln())
            .collect();
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        v.iter_mut().for_each(|v| *v = (*v - mean).exp());
        v
    }

    /// ln of the population shares of `start` (uniform when `None`), validated.
    fn log_shares(&self, start: Option<&[f64]>) -> Result<Vec<f64>> {
        let n = self.regions();
        match start {
            None => Ok(vec![-(n as f64).ln(); n]),
            Some(l) => {
                validate_positive("start", l, n)?;
                let total: f64 = l.iter().sum();
                Ok(l.iter().map(|l| (l / total).ln()).collect())
            }
        }
    }

    /// Population levels L = Lbar l from x = ln l, renormalised exactly.
    fn levels(&self, x: &[f64]) -> Vec<f64> {
        let l: Vec<f64> = x.iter().map(|x| x.exp()).collect();
        let total: f64 = l.iter().sum();
        let lbar = self.params().population;
        l.iter().map(|l| lbar * l / total).collect()
    }
}

pub(crate) fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// ln sum_i exp(v_i), computed as max + ln sum exp(v - max).
pub(crate) fn log_sum_exp(v: &[f64]) -> f64 {
    let m = max(v);
    if !m.is_finite() {
        return m;
    }
    m + v.iter().map(|v| (v - m).exp()).sum::<f64>().ln()
}

/// ln sum_i w_i exp(v_i).
fn weighted_log_sum_exp(v: &[f64], w: &[f64]) -> f64 {
    let m = max(v);
    if !m.is_finite() {
        return m;
    }
    m + v.iter().zip(w).map(|(v, w)| w * (v - m).exp()).sum::<f64>().ln()
}
