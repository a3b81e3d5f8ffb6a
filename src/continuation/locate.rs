//! Locating special points between two points of a branch by bisection: stability changes
//! (break, branch and Hopf points) and entry events in the parameter, folds in arclength,
//! and the point where shares reach zero on the neighbouring smaller support. Each result
//! keeps its bracket.

use super::problem::{self, y_of, Problem, Solution};
use super::system::{Evaluation, SupportSystem};
use super::Options;
use crate::error::{Error, Result};

/// Linear interpolation of u between two solutions at parameter `p`.
pub fn interpolate<S: Solution>(a: &S, b: &S, p: f64) -> Vec<f64> {
    let (pa, pb) = (a.parameter(), b.parameter());
    let w = if pb != pa { (p - pa) / (pb - pa) } else { 0.0 };
    a.u().iter().zip(b.u()).map(|(x, y)| x + w * (y - x)).collect()
}

/// A located parameter and its bracket [low, high].
#[derive(Debug, Clone, Copy)]
pub struct Crossing {
    pub parameter: f64,
    pub bracket: (f64, f64),
    /// n_unstable at the two ends of the bracket (first: the side traced from).
    pub sides: (usize, usize),
}

/// A located special point with the solution there.
pub struct Located<S = Evaluation> {
    pub crossing: Crossing,
    pub evaluation: S,
}

impl<S> Located<S> {
    /// n_unstable on the two sides of the bracket.
    pub fn sides(&self) -> (usize, usize) {
        self.crossing.sides
    }
}

/// Bisection in the parameter between `a` and `b` (solutions of `problem`) for the point
/// where `same_as_a` stops holding.
fn bisect_parameter<P: Problem>(
    problem: &P,
    a: &P::Solution,
    b: &P::Solution,
    options: &Options,
    same_as_a: impl Fn(&P::Solution) -> bool,
) -> Result<Located<P::Solution>> {
    let mut lo = problem.solve_at(a.u(), a.parameter(), Some(&problem.warm(a)))?;
    let mut hi = problem.solve_at(b.u(), b.parameter(), Some(&problem.warm(b)))?;
    // n_unstable across the point: at the outer ends, where the changing quantity is O(step).
    let sides = (lo.n_unstable(), hi.n_unstable());
    let tol = options.location_tolerance * a.parameter().abs().max(1.0);
    while (hi.parameter() - lo.parameter()).abs() > tol {
        let mid = 0.5 * (lo.parameter() + hi.parameter());
        let u = interpolate(&lo, &hi, mid);
        let e = problem.solve_at(&u, mid, Some(&problem.warm(&lo)))?;
        if same_as_a(&e) {
            lo = e;
        } else {
            hi = e;
        }
    }
    let mid = 0.5 * (lo.parameter() + hi.parameter());
    let evaluation = problem.solve_at(&interpolate(&lo, &hi, mid), mid, Some(&problem.warm(&lo)))?;
    let (pl, ph) = (lo.parameter(), hi.parameter());
    Ok(Located {
        crossing: Crossing {
            parameter: mid,
            bracket: (pl.min(ph), pl.max(ph)),
            sides,
        },
        evaluation,
    })
}

/// Where the number of unstable eigenvalues changes between `a` and `b`.
pub fn stability_change<P: Problem>(
    problem: &P,
    a: &P::Solution,
    b: &P::Solution,
    options: &Options,
) -> Result<Located<P::Solution>> {
    let n = a.n_unstable();
    bisect_parameter(problem, a, b, options, |e| e.n_unstable() == n)
}

/// Where the entry eigenvalue of one of `regions` (empty) turns positive between `a` and `b`.
pub fn entry(
    system: &SupportSystem,
    a: &Evaluation,
    b: &Evaluation,
    regions: &[usize],
    options: &Options,
) -> Result<Located> {
    bisect_parameter(system, a, b, options, |e| regions.iter().all(|&r| e.entry[r] <= 0.0))
}

/// Arclength to the simplex's boundary along `tangent` from `e` (linear), and the regions
/// that get there first (together, to relative 1e-6).
pub fn steps_to_boundary(system: &SupportSystem, e: &Evaluation, tangent: &[f64]) -> (f64, Vec<usize>) {
    let k = system.dim();
    let mut rate = vec![0.0; system.regions];
    for (a, &r) in system.support[..k].iter().enumerate() {
        rate[r] = tangent[a];
    }
    rate[system.support[k]] = -tangent[..k].iter().sum::<f64>();
    let steps: Vec<(usize, f64)> = system
        .support
        .iter()
        .filter(|&&r| rate[r] < 0.0)
        .map(|&r| (r, e.shares[r] / -rate[r]))
        .collect();
    let s_min = steps.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
    let leaving = steps
        .iter()
        .filter(|s| s.1 <= s_min * (1.0 + 1e-6) + 1e-14)
        .map(|s| s.0)
        .collect();
    (s_min, leaving)
}

/// The meeting point with the branch on `smaller` (the support without `leaving`): where
/// the entry eigenvalue of the leaving regions, on the smaller support, changes sign. The
/// bracket starts at `last` and is widened past `estimate` until the sign changes.
pub fn boundary(
    system: &SupportSystem,
    smaller: &[usize],
    last: &Evaluation,
    estimate: f64,
    leaving: &[usize],
    options: &Options,
) -> Result<Located> {
    let sub = SupportSystem::new(system.family, smaller.to_vec(), system.regions, system.settings);
    let entry_of = |e: &Evaluation| leaving.iter().map(|&r| e.entry[r]).fold(f64::MIN, f64::max);
    let a = sub.solve_at(&sub.coordinates(&last.shares), last.p, Some(&last.state))?;
    let sign_a = entry_of(&a) > 0.0;
    let span = (options.to - options.from).abs();
    let (lo, hi) = (options.from.min(options.to), options.from.max(options.to));
    let mut width = (estimate - last.p).abs().max(1e-6 * span);
    let direction = if estimate >= last.p { 1.0 } else { -1.0 };
    for _ in 0..20 {
        let p = (last.p + direction * 2.0 * width).clamp(lo, hi);
        let b = sub.solve_at(&a.u, p, Some(&a.state))?;
        if (entry_of(&b) > 0.0) != sign_a {
            return bisect_parameter(&sub, &a, &b, options, |e| (entry_of(e) > 0.0) == sign_a);
        }
        if p == lo || p == hi {
            break;
        }
        width *= 2.0;
    }
    Err(Error::Numerical(format!(
        "no sign change of the entry condition near parameter {estimate}"
    )))
}

/// A fold between `last` and the next point `ds` along `tangent`: bisection in arclength on
/// the sign of the tangent's parameter component, to `1e-7` of `scale` in arclength (so
/// to about `1e-14` of it in the parameter, which is quadratic in arclength at a fold).
pub fn fold<P: Problem>(
    problem: &P,
    last: &P::Solution,
    tangent: &[f64],
    ds: f64,
    scale: f64,
) -> Result<Located<P::Solution>> {
    let k = problem.dim();
    let y = y_of(last);
    let warm = problem.warm(last);
    let at = |s: f64| -> Result<(P::Solution, f64)> {
        let predicted: Vec<f64> = y.iter().zip(tangent).map(|(a, t)| a + s * t).collect();
        let e = problem::correct(problem, &predicted, tangent, Some(&warm))?;
        let t = problem::tangent(problem, &e, tangent)?;
        Ok((e, t[k]))
    };
    let (mut s_lo, mut s_hi) = (0.0, ds);
    let (mut e_lo, mut e_hi) = (problem.solve_at(last.u(), last.parameter(), Some(&warm))?, at(ds)?.0);
    while s_hi - s_lo > 1e-7 * scale {
        let s = 0.5 * (s_lo + s_hi);
        let (e, tp) = at(s)?;
        if tp * tangent[k] > 0.0 {
            s_lo = s;
            e_lo = e;
        } else {
            s_hi = s;
            e_hi = e;
        }
    }
    let (evaluation, _) = at(0.5 * (s_lo + s_hi))?;
    // Near the fold the critical eigenvalue grows like the arclength from it: the bracket's
    // ends (1e-7 of the scale apart) show it on either side, free of other crossings.
    let sides = (e_lo.n_unstable(), e_hi.n_unstable());
    let ps = [e_lo.parameter(), e_hi.parameter(), evaluation.parameter()];
    let bracket = (
        ps.iter().copied().fold(f64::MAX, f64::min),
        ps.iter().copied().fold(f64::MIN, f64::max),
    );
    Ok(Located {
        crossing: Crossing {
            parameter: evaluation.parameter(),
            bracket,
            sides,
        },
        evaluation,
    })
}
