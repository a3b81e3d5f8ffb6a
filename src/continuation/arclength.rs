//! The pseudo-arclength algorithm as an iterator of steps along a solution curve of a
//! [`Problem`]: Euler predictor along the unit tangent, corrector on the plane orthogonal to
//! it ([`problem::correct`]), step halved when the corrector or the tangent fails or the
//! curve turns by more than ~18° (cos < 0.95), grown by 1.3 after a success up to
//! [`StepControl::max_at`] (Allgower and Georg 1990, ch. 6). What to do at the domain's edge,
//! at events and at the range's end is the caller's (see [`super::branch`],
//! [`super::spatial_diagram`]).

use super::problem::{self, y_of, Problem, Solution};

/// Step lengths in arclength.
#[derive(Debug, Clone, Copy)]
pub struct StepControl {
    /// The first step.
    pub initial: f64,
    /// The largest step anywhere (a fraction of the parameter range).
    pub max: f64,
    /// The largest step relative to the parameter's scale: at p, `max_relative * max(|p|, 1)`,
    /// so that a wide range (trade costs from 1e3 to 1) is crossed in geometric steps and
    /// special points at the small end are not stepped over.
    pub max_relative: f64,
    /// Below this the curve is abandoned.
    pub min: f64,
}

impl StepControl {
    /// The largest step at parameter `p`.
    pub fn max_at(&self, p: f64) -> f64 {
        self.max.min(self.max_relative * p.abs().max(1.0))
    }
}

/// One accepted step from `from` to `to`.
#[derive(Debug, Clone)]
pub struct Step<S> {
    pub from: S,
    pub to: S,
    /// Unit tangents at `from` and at `to` (oriented alike).
    pub tangent_from: Vec<f64>,
    pub tangent_to: Vec<f64>,
    /// The arclength of the step.
    pub ds: f64,
}

/// What one call of the iterator gives.
#[derive(Debug, Clone)]
pub enum Advance<S> {
    Step(Step<S>),
    /// The predicted point lies outside the problem's domain; nothing was accepted. The
    /// caller may shorten [`Arclength::ds`] and go on, or end the curve.
    OutOfDomain,
    /// The step fell below the minimum (corrector or tangent failing): why.
    Stuck(String),
}

/// Pseudo-arclength continuation from a solution along a tangent.
pub struct Arclength<'a, P: Problem> {
    problem: &'a P,
    /// The last accepted solution and its unit tangent.
    pub last: P::Solution,
    pub tangent: Vec<f64>,
    /// The next step's length.
    pub ds: f64,
    pub control: StepControl,
}

impl<'a, P: Problem> Arclength<'a, P> {
    pub fn new(problem: &'a P, first: P::Solution, tangent: Vec<f64>, control: StepControl) -> Self {
        let ds = control.initial.min(control.max_at(first.parameter()));
        Arclength {
            problem,
            last: first,
            tangent,
            ds,
            control,
        }
    }

    /// The predicted point ds along the tangent from the last solution.
    pub fn predicted(&self) -> Vec<f64> {
        y_of(&self.last)
            .iter()
            .zip(&self.tangent)
            .map(|(a, t)| a + self.ds * t)
            .collect()
    }

    /// One step (see [`Advance`]).
    pub fn advance(&mut self) -> Advance<P::Solution> {
        let k = self.problem.dim();
        loop {
            let predicted = self.predicted();
            if !self.problem.in_domain(&predicted[..k]) {
                return Advance::OutOfDomain;
            }
            let warm = self.problem.warm(&self.last);
            let next = match problem::correct(self.problem, &predicted, &self.tangent, Some(&warm)) {
                Ok(e) => e,
                Err(e) => {
                    self.ds *= 0.5;
                    if self.ds < self.control.min {
                        return Advance::Stuck(format!("corrector failed at parameter {}: {e}", self.last.parameter()));
                    }
                    continue;
                }
            };
            let new_tangent = match problem::tangent(self.problem, &next, &self.tangent) {
                Ok(t) => t,
                Err(_) => {
                    self.ds *= 0.5;
                    if self.ds < self.control.min {
                        return Advance::Stuck(format!("singular tangent at parameter {}", next.parameter()));
                    }
                    continue;
                }
            };
            let turn: f64 = self.tangent.iter().zip(&new_tangent).map(|(a, b)| a * b).sum();
            if turn < 0.95 && self.ds > 10.0 * self.control.min {
                self.ds *= 0.5;
                continue;
            }
            let step = Step {
                from: std::mem::replace(&mut self.last, next.clone()),
                to: next,
                tangent_from: std::mem::replace(&mut self.tangent, new_tangent.clone()),
                tangent_to: new_tangent,
                ds: self.ds,
            };
            self.ds = (self.ds * 1.3).min(self.control.max_at(step.to.parameter()));
            return Advance::Step(step);
        }
    }
}

impl<P: Problem> Iterator for Arclength<'_, P> {
    type Item = Advance<P::Solution>;

    /// Never `None`: a curve ends where its caller decides.
    fn next(&mut self) -> Option<Self::Item> {
        Some(self.advance())
    }
}
