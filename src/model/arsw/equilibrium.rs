//! The ARSW equilibrium as a fixed point in logs of (w, Q, H_R, H_M[, H]), solved by the
//! crate's methods (Anderson by default). The absolute residual in logs is the maximum
//! relative change, the stopping rule of the other models.
//!
//! One application of the map, from (w, Q, H_R, H_M, H):
//!
//! ```text
//! Upsilon = K_delta (H_M / area),  Omega = K_rho (H_R / area)     (ARSW eqs 21, 23)
//! A = a Upsilon^lambda,  B = b Omega^eta                           (eqs 20, 22)
//! X = (B Q^(beta-1))^eps,  Y = w^eps,  S = X · (K Y)               (eq. 6)
//! H_R' = H X (K Y) / S,  H_M' = H Y (K^T X) / S,  v = K(Y w) / K Y (eqs 8, 9, 16)
//! Q' = ((1-beta) v H_R' + ((1-alpha)/alpha) w H_M') / L            (eq. 17)
//! w' = alpha (A ((1-alpha) / Q')^(1-alpha))^(1/alpha)              (eq. 13, solved for w)
//! open city: ln H' = ln H + (ln U - ln Ubar) / (1 - beta),  U = gamma S^(1/eps)
//! ```
//!
//! The open city's update moves population towards the reservation utility: a city that
//! offers more than Ubar gains residents (ARSW §3, free mobility with the wider economy).
//! With floor prices proportional to H and U proportional to Q^(beta-1) (eq. 6), the step
//! (ln U - ln Ubar) / (1 - beta) is the population change that would bring U to Ubar at
//! given wages, so every method (damped Picard included) converges as for the closed city.
//!
//! Four kernel products per application on a grid are three FFT convolutions (products are
//! paired); X and Y are scaled by their maxima (S keeps the scale for U).
//!
//! Blocks without production (a_i = 0) have w_i = 0 and no workers, blocks without
//! residents (b_n = 0) have X_n = 0 and H_Rn = 0: their ln w, ln H_M (resp. ln H_R) have no
//! value, and the map sends those coordinates to 0 (a constant, so every method, Newton
//! included, leaves them at 0 with zero residual).

use super::{ArswCity, Closure};
use crate::error::Result;
use crate::solve::{self, FixedPointMap, SolverSettings, Stats};

/// An equilibrium of the city.
#[derive(Debug, Clone)]
pub struct ArswEquilibrium {
    /// H_Rn: residents.
    pub residents: Vec<f64>,
    /// H_Mi: workers (employment by workplace).
    pub workers: Vec<f64>,
    /// w_i: wage by workplace.
    pub wage: Vec<f64>,
    /// Q_n: floor-space price.
    pub floor_price: Vec<f64>,
    /// v_n: expected wage of the residents of n.
    pub resident_income: Vec<f64>,
    /// A_i = a_i Upsilon_i^lambda.
    pub productivity: Vec<f64>,
    /// B_n = b_n Omega_n^eta.
    pub amenity: Vec<f64>,
    /// H: population.
    pub population: f64,
    /// U = gamma S^(1/eps): expected utility.
    pub utility: f64,
    pub stats: Stats,
}

/// Everything one application of the map computes.
struct Evaluation {
    residents: Vec<f64>,
    workers: Vec<f64>,
    resident_income: Vec<f64>,
    floor_price: Vec<f64>,
    wage: Vec<f64>,
    productivity: Vec<f64>,
    amenity: Vec<f64>,
    /// ln U at the input state.
    ln_utility: f64,
}

/// The fixed-point map of one city.
pub(super) struct EquilibriumMap<'a> {
    pub city: &'a ArswCity,
}

impl EquilibriumMap<'_> {
    fn open(&self) -> bool {
        matches!(self.city.closure, Closure::Open { .. })
    }

    /// Applies the map to the state in logs.
    fn evaluate(&self, x: &[f64]) -> Evaluation {
        let c = self.city;
        let p = &c.params;
        let n = c.blocks();
        let f = &c.fundamentals;
        let (ln_w, rest) = x.split_at(n);
        let (ln_q, rest) = rest.split_at(n);
        let (ln_hr, rest) = rest.split_at(n);
        let ln_hm = &rest[..n];
        let population = match c.closure {
            Closure::Closed { population } => population,
            Closure::Open { .. } => rest[n].exp(),
        };
        let (producing, residential) = c.uses();
        // exp(ln v) where the block has that use, else 0.
        let level = |use_: &[bool], ln_v: &[f64]| -> Vec<f64> {
            ln_v.iter()
                .zip(use_)
                .map(|(v, u)| if *u { v.exp() } else { 0.0 })
                .collect()
        };
        let w = level(&producing, ln_w);
        // Spillovers (skipped when their elasticity is 0). ln A = -inf where a = 0.
        let mut ln_a: Vec<f64> = f.productivity.iter().map(|v| v.ln()).collect();
        let mut ln_b: Vec<f64> = f.amenity.iter().map(|v| v.ln()).collect();
        if p.lambda != 0.0 || p.eta != 0.0 {
            let density_m: Vec<f64> = level(&producing, ln_hm)
                .iter()
                .zip(&c.area)
                .map(|(h, k)| h / k)
                .collect();
            let density_r: Vec<f64> = level(&residential, ln_hr)
                .iter()
                .zip(&c.area)
                .map(|(h, k)| h / k)
                .collect();
            let mut upsilon = vec![0.0; n];
            let mut omega = vec![0.0; n];
            c.kernels.production.mul(&density_m, &mut upsilon);
            c.kernels.residential.mul(&density_r, &mut omega);
            for i in 0..n {
                if producing[i] {
                    ln_a[i] += p.lambda * upsilon[i].ln();
                }
                if residential[i] {
                    ln_b[i] += p.eta * omega[i].ln();
                }
            }
        }
        let eps = p.epsilon;
        let ln_x: Vec<f64> = (0..n).map(|i| eps * (ln_b[i] + (p.beta - 1.0) * ln_q[i])).collect();
        let ln_y: Vec<f64> = (0..n)
            .map(|i| if producing[i] { eps * ln_w[i] } else { f64::NEG_INFINITY })
            .collect();
        let (mx, my) = (max(&ln_x), max(&ln_y));
        // exp(-inf) = 0: no residents where b = 0, no workers where a = 0.
        let xs: Vec<f64> = ln_x.iter().map(|v| (v - mx).exp()).collect();
        let ys: Vec<f64> = ln_y.iter().map(|v| (v - my).exp()).collect();
        let (mut ky, mut ktx) = (vec![0.0; n], vec![0.0; n]);
        c.kernels.commuting.mul_and_transpose(&ys, &xs, &mut ky, &mut ktx);
        let yw: Vec<f64> = ys.iter().zip(&w).map(|(a, b)| a * b).collect();
        let mut kyw = vec![0.0; n];
        c.kernels.commuting.mul(&yw, &mut kyw);
        let s: f64 = xs.iter().zip(&ky).map(|(a, b)| a * b).sum();
        let ln_utility = p.gamma().ln() + (s.ln() + mx + my) / eps;
        let residents: Vec<f64> = (0..n).map(|i| population * xs[i] * ky[i] / s).collect();
        let workers: Vec<f64> = (0..n).map(|i| population * ys[i] * ktx[i] / s).collect();
        let resident_income: Vec<f64> = (0..n).map(|i| kyw[i] / ky[i]).collect();
        let commercial = (1.0 - p.alpha) / p.alpha;
        let floor_price: Vec<f64> = (0..n)
            .map(|i| {
                ((1.0 - p.beta) * resident_income[i] * residents[i] + commercial * w[i] * workers[i]) / f.floor_space[i]
            })
            .collect();
        // exp(-inf) = 0 where a = 0.
        let wage: Vec<f64> = (0..n)
            .map(|i| {
                (p.alpha.ln() + (ln_a[i] + (1.0 - p.alpha) * ((1.0 - p.alpha).ln() - floor_price[i].ln())) / p.alpha)
                    .exp()
            })
            .collect();
        Evaluation {
            residents,
            workers,
            resident_income,
            floor_price,
            wage,
            productivity: ln_a.iter().map(|v| v.exp()).collect(),
            amenity: ln_b.iter().map(|v| v.exp()).collect(),
            ln_utility,
        }
    }
}

fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

impl FixedPointMap for EquilibriumMap<'_> {
    fn dim(&self) -> usize {
        4 * self.city.blocks() + usize::from(self.open())
    }

    fn apply(&self, x: &[f64], out: &mut [f64]) {
        let n = self.city.blocks();
        let e = self.evaluate(x);
        let (producing, residential) = self.city.uses();
        let ln_or_zero = |v: f64, u: bool| if u { v.ln() } else { 0.0 };
        for i in 0..n {
            out[i] = ln_or_zero(e.wage[i], producing[i]);
            out[n + i] = e.floor_price[i].ln();
            out[2 * n + i] = ln_or_zero(e.residents[i], residential[i]);
            out[3 * n + i] = ln_or_zero(e.workers[i], producing[i]);
        }
        if let Closure::Open { utility } = self.city.closure {
            out[4 * n] = x[4 * n] + (e.ln_utility - utility.ln()) / (1.0 - self.city.params.beta);
        }
    }
}

impl ArswCity {
    /// The state in logs of an allocation.
    fn state(
        &self,
        wage: &[f64],
        floor_price: &[f64],
        residents: &[f64],
        workers: &[f64],
        population: f64,
    ) -> Vec<f64> {
        let (producing, residential) = self.uses();
        let all = vec![true; self.blocks()];
        // ln of each value where the block has that use, else 0 (what the map returns there).
        let mut x: Vec<f64> = [
            (wage, &producing),
            (floor_price, &all),
            (residents, &residential),
            (workers, &producing),
        ]
        .iter()
        .flat_map(|(v, u)| v.iter().zip(u.iter()).map(|(v, u)| if *u { v.ln() } else { 0.0 }))
        .collect();
        if matches!(self.closure, Closure::Open { .. }) {
            x.push(population.ln());
        }
        x
    }

    /// The default start: residents and workers spread in proportion to floor space, wages
    /// 1, floor prices from floor-market clearing at those values; an open city starts at
    /// one resident per unit of floor space. (Blocks without residents or workers start at
    /// the same values; their residents or workers and wages are not part of the state.)
    pub fn uniform_start(&self) -> ArswEquilibrium {
        let p = &self.params;
        let l = &self.fundamentals.floor_space;
        let total: f64 = l.iter().sum();
        let population = match self.closure {
            Closure::Closed { population } => population,
            Closure::Open { .. } => total,
        };
        let h: Vec<f64> = l.iter().map(|v| population * v / total).collect();
        let q: Vec<f64> = h
            .iter()
            .zip(l)
            .map(|(h, l)| ((1.0 - p.beta) + (1.0 - p.alpha) / p.alpha) * h / l)
            .collect();
        let n = self.blocks();
        ArswEquilibrium {
            residents: h.clone(),
            workers: h,
            wage: vec![1.0; n],
            floor_price: q,
            resident_income: vec![1.0; n],
            productivity: self.fundamentals.productivity.clone(),
            amenity: self.fundamentals.amenity.clone(),
            population,
            utility: f64::NAN,
            stats: Stats {
                converged: false,
                iterations: 0,
                residual: f64::NAN,
                solver: "start",
                seconds: 0.0,
            },
        }
    }

    /// The equilibrium reached from `start` (`None`: [`ArswCity::uniform_start`]); only its
    /// wages, floor prices, residents, workers and population are used.
    pub fn solve(&self, start: Option<&ArswEquilibrium>, settings: &SolverSettings) -> Result<ArswEquilibrium> {
        let default;
        let start = match start {
            Some(s) => s,
            None => {
                default = self.uniform_start();
                &default
            }
        };
        let x0 = self.state(
            &start.wage,
            &start.floor_price,
            &start.residents,
            &start.workers,
            start.population,
        );
        let map = EquilibriumMap { city: self };
        let solution = solve::solve(&map, &x0, settings).map_err(|e| e.while_solving("solving the ARSW city"))?;
        Ok(self.equilibrium_at(&solution.state, solution.stats))
    }

    /// The equilibrium quantities at a converged state: the map's outputs at that state
    /// (which equal the state to the tolerance), with the state's wages.
    fn equilibrium_at(&self, x: &[f64], stats: Stats) -> ArswEquilibrium {
        let map = EquilibriumMap { city: self };
        let e = map.evaluate(x);
        let population = match self.closure {
            Closure::Closed { population } => population,
            Closure::Open { .. } => x[4 * self.blocks()].exp(),
        };
        // The state's wages, with which v, Q and the floor market were computed: floor-market
        // clearing then holds exactly, zero profit to the solver's tolerance.
        let producing = self.uses().0;
        ArswEquilibrium {
            residents: e.residents,
            workers: e.workers,
            wage: x[..self.blocks()]
                .iter()
                .zip(&producing)
                .map(|(v, u)| if *u { v.exp() } else { 0.0 })
                .collect(),
            floor_price: e.floor_price,
            resident_income: e.resident_income,
            productivity: e.productivity,
            amenity: e.amenity,
            population,
            utility: e.ln_utility.exp(),
            stats,
        }
    }

    /// max over blocks of the relative differences of residents, workers, wages and floor
    /// prices between two allocations (where b's value is 0, the absolute difference: 0
    /// when both are 0, as in blocks without residents or workers).
    pub fn max_relative_difference(a: &ArswEquilibrium, b: &ArswEquilibrium) -> f64 {
        [
            (&a.residents, &b.residents),
            (&a.workers, &b.workers),
            (&a.wage, &b.wage),
            (&a.floor_price, &b.floor_price),
        ]
        .iter()
        .flat_map(|(x, y)| {
            x.iter()
                .zip(y.iter())
                .map(|(u, v)| if *v == 0.0 { (u - v).abs() } else { ((u - v) / v).abs() })
        })
        .fold(0.0, f64::max)
    }
}
