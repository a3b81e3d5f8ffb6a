//! The long-run system on a support S as a function of (u, p): u are the shares lambda_j of
//! the occupied regions but the last one (s0), whose share is 1 - sum u; p is the
//! continuation parameter. F(u, p) = omega_j - omega_s0, j in S \ {s0}.

use nalgebra::DMatrix;

use super::problem::{self, Problem, Solution};
use super::Point;
use crate::error::Result;
use crate::long_run::support::{self, gap_jacobian, gaps};
use crate::model::MobileFactorModel;
use crate::solve::SolverSettings;
use crate::stability::{self, Stability};

/// A model for each value of the parameter.
pub type Family<'a> = dyn Fn(f64) -> Result<Box<dyn MobileFactorModel>> + Sync + 'a;

/// Everything known at one solution (u, p) of the system on a support.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub p: f64,
    pub u: Vec<f64>,
    pub shares: Vec<f64>,
    /// The short-run state (wages).
    pub state: Vec<f64>,
    /// F(u, p).
    pub gaps: Vec<f64>,
    /// dF/du.
    pub jacobian: DMatrix<f64>,
    pub stability: Stability,
    /// Entry eigenvalues omega_r - omega_bar of the empty regions, indexed by region (0 on S).
    pub entry: Vec<f64>,
}

/// The system on one support.
pub struct SupportSystem<'a> {
    pub family: &'a Family<'a>,
    pub support: Vec<usize>,
    pub regions: usize,
    pub settings: SolverSettings,
}

impl<'a> SupportSystem<'a> {
    pub fn new(family: &'a Family<'a>, support: Vec<usize>, regions: usize, settings: SolverSettings) -> Self {
        SupportSystem {
            family,
            support,
            regions,
            settings,
        }
    }

    /// Number of unknowns u.
    pub fn dim(&self) -> usize {
        self.support.len() - 1
    }

    /// Full share vector from u.
    pub fn shares(&self, u: &[f64]) -> Vec<f64> {
        let mut shares = vec![0.0; self.regions];
        let k = self.support.len();
        for (a, &r) in self.support[..k - 1].iter().enumerate() {
            shares[r] = u[a];
        }
        shares[self.support[k - 1]] = 1.0 - u.iter().sum::<f64>();
        shares
    }

    /// u from a full share vector.
    pub fn coordinates(&self, shares: &[f64]) -> Vec<f64> {
        self.support[..self.support.len() - 1]
            .iter()
            .map(|&r| shares[r])
            .collect()
    }

    /// True when every occupied region has a positive share.
    pub fn feasible(&self, u: &[f64]) -> bool {
        let shares = self.shares(u);
        self.support.iter().all(|&r| shares[r] > 0.0)
    }

    /// Evaluates F, dF/du, stability and entry eigenvalues at (u, p).
    pub fn evaluate(&self, u: &[f64], p: f64, warm: Option<&[f64]>) -> Result<Evaluation> {
        let model = (self.family)(p)?;
        let shares = self.shares(u);
        let inner = support::inner_settings(&self.settings);
        let (state, _) = model.solve_short_run(&shares, warm, &inner)?;
        let outcomes = model.outcomes(&shares, &state);
        let d_omega = model.real_wage_response(&shares, &state)?;
        let stability = match model.own_stability(&shares, &state, &self.support) {
            Some(own) => own?,
            None => stability::classify(&shares, &outcomes.real_wage, &d_omega, &self.support),
        };
        let omega_bar: f64 = shares.iter().zip(&outcomes.real_wage).map(|(l, w)| l * w).sum();
        let entry = (0..self.regions)
            .map(|r| {
                if self.support.contains(&r) {
                    0.0
                } else {
                    outcomes.real_wage[r] - omega_bar
                }
            })
            .collect();
        Ok(Evaluation {
            p,
            u: u.to_vec(),
            gaps: gaps(&outcomes.real_wage, &self.support),
            jacobian: if self.dim() > 0 {
                gap_jacobian(&d_omega, &self.support)
            } else {
                DMatrix::zeros(0, 0)
            },
            shares,
            state,
            stability,
            entry,
        })
    }

    /// F(u, p) only.
    fn gaps_at(&self, u: &[f64], p: f64, warm: Option<&[f64]>) -> Result<Vec<f64>> {
        let model = (self.family)(p)?;
        let shares = self.shares(u);
        let (state, _) = model.solve_short_run(&shares, warm, &support::inner_settings(&self.settings))?;
        Ok(gaps(&model.outcomes(&shares, &state).real_wage, &self.support))
    }

    /// dF/dp by central differences.
    pub fn parameter_derivative(&self, e: &Evaluation) -> Result<Vec<f64>> {
        let h = 1e-6 * e.p.abs().max(1.0);
        let up = self.gaps_at(&e.u, e.p + h, Some(&e.state))?;
        let down = self.gaps_at(&e.u, e.p - h, Some(&e.state))?;
        Ok(up.iter().zip(&down).map(|(a, b)| (a - b) / (2.0 * h)).collect())
    }

    /// The unit tangent of the solution curve at `e`: the null vector of [dF/du | dF/dp],
    /// oriented to have a positive inner product with `reference`.
    pub fn tangent(&self, e: &Evaluation, reference: &[f64]) -> Result<Vec<f64>> {
        problem::tangent(self, e, reference)
    }

    /// Solves F(u, p) = 0 at fixed p from `u0` (Newton on the support).
    pub fn solve_at(&self, u0: &[f64], p: f64, warm: Option<&[f64]>) -> Result<Evaluation> {
        let model = (self.family)(p)?;
        let start = self.shares(u0);
        let sol = support::solve_on_support(model.as_ref(), &start, &self.support, warm, &self.settings)?;
        let u = self.coordinates(&sol.shares);
        self.evaluate(&u, p, Some(&sol.wages))
    }

    /// Pseudo-arclength corrector: Newton on [F(y); t·(y - y_pred)] = 0 from y_pred = (u, p).
    pub fn correct(&self, predicted: &[f64], tangent: &[f64], warm: Option<&[f64]>) -> Result<Evaluation> {
        problem::correct(self, predicted, tangent, warm.map(<[f64]>::to_vec).as_ref())
    }
}

impl Solution for Evaluation {
    fn parameter(&self) -> f64 {
        self.p
    }
    fn u(&self) -> &[f64] {
        &self.u
    }
    fn residual(&self) -> &[f64] {
        &self.gaps
    }
    fn jacobian(&self) -> &DMatrix<f64> {
        &self.jacobian
    }
    fn n_unstable(&self) -> usize {
        self.stability.n_unstable
    }
    fn record(&self) -> Point {
        Point {
            parameter: self.p,
            shares: self.shares.clone(),
            n_unstable: self.stability.n_unstable,
            stable: self.stability.stable,
        }
    }
}

impl Problem for SupportSystem<'_> {
    type Solution = Evaluation;
    type Warm = Vec<f64>;

    fn dim(&self) -> usize {
        SupportSystem::dim(self)
    }
    fn tolerance(&self) -> f64 {
        self.settings.tolerance.residual
    }
    fn in_domain(&self, u: &[f64]) -> bool {
        self.feasible(u)
    }
    fn evaluate(&self, u: &[f64], p: f64, warm: Option<&Vec<f64>>) -> Result<Evaluation> {
        SupportSystem::evaluate(self, u, p, warm.map(Vec::as_slice))
    }
    fn warm(&self, s: &Evaluation) -> Vec<f64> {
        s.state.clone()
    }
    fn parameter_derivative(&self, s: &Evaluation) -> Result<Vec<f64>> {
        SupportSystem::parameter_derivative(self, s)
    }
    /// Newton on the support ([`support::solve_on_support`]).
    fn solve_at(&self, u0: &[f64], p: f64, warm: Option<&Vec<f64>>) -> Result<Evaluation> {
        SupportSystem::solve_at(self, u0, p, warm.map(Vec::as_slice))
    }
}
