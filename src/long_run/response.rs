//! d omega / d lambda in the form the long run can afford at its size. Up to
//! [`DENSE_MAX_SUPPORT`] regions the model's dense N × N matrix; above it, for models with
//! matrix-free products ([`MobileFactorModel::real_wage_response_times`]), only the columns
//! of the occupied regions (one product each) when the support is small, or no matrix at
//! all: Newton steps by GMRES and stability by Arnoldi on products, or by one FFT at
//! symmetric states of racetracks and tori. No N × N matrix is formed above the threshold.

use std::cell::RefCell;

use nalgebra::{DMatrix, DVector};

use crate::error::{Error, Result};
use crate::model::MobileFactorModel;
use crate::stability::{self, arnoldi, gmres, Stability, DENSE_MAX_SUPPORT, RIGHTMOST_EIGENVALUES};

/// Relative residual of the GMRES Newton steps on large supports.
const NEWTON_STEP_TOLERANCE: f64 = 1e-10;
/// Relative residual of the Arnoldi Ritz pairs.
const EIGEN_TOLERANCE: f64 = 1e-9;
const MAX_PRODUCTS: usize = 5000;

/// Which form of [`Response`] to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Dense,
    Columns,
    Free,
}

/// d omega / d lambda at one state.
pub(crate) enum Response<'a> {
    /// The N × N matrix.
    Dense(DMatrix<f64>),
    /// Columns j of the support (column `index[j]`), every row.
    Columns { index: Vec<usize>, columns: DMatrix<f64> },
    /// Products only.
    Free {
        model: &'a dyn MobileFactorModel,
        shares: &'a [f64],
        wages: &'a [f64],
    },
}

impl<'a> Response<'a> {
    /// The response at (shares, wages) for the given support, in the cheapest form.
    pub(crate) fn new(
        model: &'a dyn MobileFactorModel,
        shares: &'a [f64],
        wages: &'a [f64],
        support: &[usize],
    ) -> Result<Self> {
        let n = model.regions();
        let limit = dense_limit();
        let free = n > limit && model.real_wage_response_times(shares, wages, &vec![0.0; n]).is_some();
        let form = match (free, support.len() > limit) {
            (false, _) => Form::Dense,
            (true, false) => Form::Columns,
            (true, true) => Form::Free,
        };
        Self::in_form(model, shares, wages, support, form)
    }

    /// The response in the given form (the matrix-free forms need a model with products).
    pub(crate) fn in_form(
        model: &'a dyn MobileFactorModel,
        shares: &'a [f64],
        wages: &'a [f64],
        support: &[usize],
        form: Form,
    ) -> Result<Self> {
        let n = model.regions();
        match form {
            Form::Dense => return Ok(Response::Dense(model.real_wage_response(shares, wages)?)),
            Form::Free => return Ok(Response::Free { model, shares, wages }),
            Form::Columns => {}
        }
        let mut index = vec![usize::MAX; n];
        let mut columns = DMatrix::zeros(n, support.len());
        let mut e = vec![0.0; n];
        for (c, &j) in support.iter().enumerate() {
            index[j] = c;
            e[j] = 1.0;
            let col = times(model, shares, wages, &e)?;
            e[j] = 0.0;
            columns.column_mut(c).copy_from_slice(&col);
        }
        Ok(Response::Columns { index, columns })
    }

    /// d omega_r / d lambda_j (j on the support for `Columns`); not for `Free`.
    fn get(&self, r: usize, j: usize) -> f64 {
        match self {
            Response::Dense(d) => d[(r, j)],
            Response::Columns { index, columns } => columns[(r, index[j])],
            Response::Free { .. } => unreachable!("no entries without a matrix"),
        }
    }

    /// The Newton step on the support: J s = gap with J the Jacobian of the real-wage gaps
    /// (`support::gap_jacobian`).
    pub(crate) fn newton_step(&self, support: &[usize], gap: &[f64]) -> Result<Vec<f64>> {
        let k = support.len();
        let s0 = support[k - 1];
        let singular = || {
            Error::Numerical(format!(
                "long run: singular real-wage Jacobian on support of {k} regions"
            ))
        };
        match self {
            Response::Free { model, shares, wages } => {
                let failure = RefCell::new(None);
                let apply = |u: &[f64]| -> Vec<f64> {
                    let mut v = vec![0.0; shares.len()];
                    for (a, &j) in support[..k - 1].iter().enumerate() {
                        v[j] = u[a];
                    }
                    v[s0] = -u.iter().sum::<f64>();
                    match times(*model, shares, wages, &v) {
                        Ok(dv) => support[..k - 1].iter().map(|&i| dv[i] - dv[s0]).collect(),
                        Err(e) => {
                            failure.borrow_mut().get_or_insert(e);
                            vec![0.0; k - 1]
                        }
                    }
                };
                let step = gmres::solve(apply, gap, NEWTON_STEP_TOLERANCE, 60, 600);
                if let Some(e) = failure.into_inner() {
                    return Err(e);
                }
                step.map_err(|(iterations, residual)| Error::NotConverged {
                    solver: "gmres",
                    iterations,
                    residual,
                    tolerance: NEWTON_STEP_TOLERANCE,
                    context: "the Newton step of the long run on a large support".into(),
                })
            }
            _ => {
                let d = |i: usize, j: usize| self.get(i, j);
                let jac = DMatrix::from_fn(k - 1, k - 1, |a, b| {
                    let (i, j) = (support[a], support[b]);
                    (d(i, j) - d(i, s0)) - (d(s0, j) - d(s0, s0))
                });
                jac.lu()
                    .solve(&DVector::from_column_slice(gap))
                    .filter(|s| s.iter().all(|v| v.is_finite()))
                    .map(|s| s.as_slice().to_vec())
                    .ok_or_else(singular)
            }
        }
    }

    /// Eigenvalues and verdict (see [`stability`]).
    pub(crate) fn classify(&self, shares: &[f64], real_wage: &[f64], support: &[usize]) -> Result<Stability> {
        match self {
            Response::Dense(d) => Ok(stability::classify(shares, real_wage, d, support)),
            Response::Columns { .. } => {
                let jac = stability::migration_jacobian_of(shares, |r, j| self.get(r, j), support);
                Ok(stability::classify_jacobian(shares, real_wage, &jac, support))
            }
            Response::Free { model, wages, .. } => {
                let n = shares.len();
                if support.len() == n {
                    if let Some((width, height)) = model.translation_symmetry(shares) {
                        let mut e = vec![0.0; n];
                        e[0] = 1.0;
                        let column = times(*model, shares, wages, &e)?;
                        let eigenvalues = stability::periodic_eigenvalues(width, height, &column, 1.0 / n as f64);
                        return Ok(stability::verdict(shares, real_wage, eigenvalues, support));
                    }
                }
                let dim = support.len() - 1;
                let failure = RefCell::new(None);
                let apply = |u: &[f64]| {
                    stability::migration_jacobian_times(
                        shares,
                        support,
                        |v| {
                            times(*model, shares, wages, v).unwrap_or_else(|e| {
                                failure.borrow_mut().get_or_insert(e);
                                vec![0.0; n]
                            })
                        },
                        u,
                    )
                };
                let mut nev = RIGHTMOST_EIGENVALUES;
                loop {
                    let found = arnoldi::rightmost(&apply, dim, nev, EIGEN_TOLERANCE, MAX_PRODUCTS);
                    if let Some(e) = failure.borrow_mut().take() {
                        return Err(e);
                    }
                    let eigenvalues = found.map_err(|(iterations, residual)| Error::NotConverged {
                        solver: "arnoldi",
                        iterations,
                        residual,
                        tolerance: EIGEN_TOLERANCE,
                        context: "the rightmost eigenvalues of the migration Jacobian".into(),
                    })?;
                    let all_unstable = eigenvalues.iter().all(|e| e.0 > stability::UNSTABLE_THRESHOLD);
                    if !all_unstable || eigenvalues.len() >= dim || nev >= 8 * RIGHTMOST_EIGENVALUES {
                        return Ok(stability::verdict(shares, real_wage, eigenvalues, support));
                    }
                    nev *= 2;
                }
            }
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Tests lower the dense threshold to run the matrix-free forms on small examples.
    static DENSE_LIMIT: std::cell::Cell<usize> = const { std::cell::Cell::new(DENSE_MAX_SUPPORT) };
}

/// Regions up to which the response is the dense matrix ([`DENSE_MAX_SUPPORT`]).
fn dense_limit() -> usize {
    #[cfg(test)]
    return DENSE_LIMIT.with(|c| c.get());
    #[cfg(not(test))]
    DENSE_MAX_SUPPORT
}

fn times(model: &dyn MobileFactorModel, shares: &[f64], wages: &[f64], v: &[f64]) -> Result<Vec<f64>> {
    model
        .real_wage_response_times(shares, wages, v)
        .expect("checked when the response was built")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geography::{layouts, CostFunction, Metric};
    use crate::model::{CorePeriphery, CorePeripheryParams};
    use crate::solve::SolverSettings;

    fn random_points(n: usize, rate: f64) -> crate::geography::Geography {
        let coords: Vec<[f64; 2]> = (0..n)
            .map(|i| {
                [
                    ((i * 7919) % 1009) as f64 / 1009.0,
                    ((i * 104_729) % 997) as f64 / 997.0,
                ]
            })
            .collect();
        layouts::points(
            (0..n).map(|i| i.to_string()).collect(),
            coords,
            Metric::Euclidean,
            CostFunction::Exp { rate },
            "t",
        )
        .unwrap()
    }

    /// The whole long-run search (migration, support Newton, stability) with the response
    /// dense and matrix-free (threshold lowered to 2 regions: GMRES Newton steps, Arnoldi
    /// or FFT stability) on racetracks and random points of up to 400 regions: the same
    /// equilibria (shares to 1e-7) with the same verdicts (stable, n_unstable).
    #[test]
    fn long_run_verdicts_are_the_same_dense_and_matrix_free() {
        use crate::long_run::{find_equilibria, SearchOptions};
        let cases = [
            (layouts::racetrack(24, 1.25).unwrap(), 5.0, 0.4),
            (layouts::racetrack(64, 1.05).unwrap(), 4.0, 0.5),
            (random_points(80, 2.5), 5.0, 0.4),
        ];
        for (geo, sigma, mu) in &cases {
            let n = geo.len();
            let model = CorePeriphery::new(
                CorePeripheryParams { sigma: *sigma, mu: *mu },
                geo,
                vec![1.0 / n as f64; n],
            )
            .unwrap();
            let start = vec![1.0 / n as f64; n];
            let options = SearchOptions {
                starts: 2,
                ..SearchOptions::default()
            };
            let run = |limit: usize| {
                DENSE_LIMIT.with(|c| c.set(limit));
                let found = find_equilibria(&model, &start, &SolverSettings::default(), &options).unwrap();
                DENSE_LIMIT.with(|c| c.set(DENSE_MAX_SUPPORT));
                found
            };
            let dense = run(DENSE_MAX_SUPPORT);
            let free = run(2);
            assert_eq!(dense.len(), free.len(), "n = {n}");
            for (a, b) in dense.iter().zip(&free) {
                assert!(crate::long_run::same_shares(&a.shares, &b.shares), "n = {n}");
                assert_eq!(a.stability.stable, b.stability.stable, "n = {n}");
                let cap = 8 * RIGHTMOST_EIGENVALUES;
                assert_eq!(
                    a.stability.n_unstable.min(cap),
                    b.stability.n_unstable.min(cap),
                    "n = {n}"
                );
                assert!(a.stats.converged && b.stats.converged, "n = {n}");
            }
            eprintln!(
                "n = {n}: {} equilibria, verdicts {:?}",
                dense.len(),
                dense
                    .iter()
                    .map(|e| (e.stability.stable, e.stability.n_unstable))
                    .collect::<Vec<_>>()
            );
        }
    }

    /// Dense, column and matrix-free forms give the same Newton step and the same stability
    /// verdict (and the same rightmost eigenvalues) on random points and racetracks of up to
    /// 400 regions, at uneven and symmetric states, for two parameter sets.
    #[test]
    fn matrix_free_forms_agree_with_the_dense_path() {
        let cases = [
            (random_points(150, 2.0), 5.0, 0.4, false),
            (random_points(400, 1.0), 4.0, 0.5, false),
            (layouts::racetrack(128, 1.1).unwrap(), 5.0, 0.4, true),
            (layouts::racetrack(90, 1.02).unwrap(), 3.0, 0.6, true),
        ];
        for (geo, sigma, mu, symmetric) in &cases {
            let n = geo.len();
            let model = CorePeriphery::new(
                CorePeripheryParams { sigma: *sigma, mu: *mu },
                geo,
                vec![1.0 / n as f64; n],
            )
            .unwrap();
            let shares: Vec<f64> = if *symmetric {
                vec![1.0 / n as f64; n]
            } else {
                let raw: Vec<f64> = (0..n).map(|i| 1.0 + (i % 5) as f64).collect();
                let t: f64 = raw.iter().sum();
                raw.iter().map(|x| x / t).collect()
            };
            let (w, _) = model
                .solve_short_run(&shares, None, &SolverSettings::default())
                .unwrap();
            let omega = model.outcomes(&shares, &w).real_wage;
            let support: Vec<usize> = (0..n).collect();
            let dense = Response::in_form(&model, &shares, &w, &support, Form::Dense).unwrap();
            let free = Response::in_form(&model, &shares, &w, &support, Form::Free).unwrap();
            let a = dense.classify(&shares, &omega, &support).unwrap();
            let b = free.classify(&shares, &omega, &support).unwrap();
            assert_eq!(a.stable, b.stable, "n = {n}");
            // The matrix-free path resolves at most 8 x RIGHTMOST_EIGENVALUES on the support.
            let cap = 8 * RIGHTMOST_EIGENVALUES;
            if a.n_unstable < cap {
                assert_eq!(a.n_unstable, b.n_unstable, "n = {n}");
            } else {
                assert!(
                    b.n_unstable >= cap,
                    "n = {n}: {} unstable, dense {}",
                    b.n_unstable,
                    a.n_unstable
                );
            }
            let scale = a.eigenvalues.iter().fold(0.0f64, |m, e| m.max(e.0.hypot(e.1)));
            for (x, y) in a
                .eigenvalues
                .iter()
                .zip(&b.eigenvalues)
                .take(if *symmetric { n - 1 } else { 4 })
            {
                assert!((x.0 - y.0).abs() <= 1e-7 * scale, "n = {n}: {x:?} vs {y:?}");
            }
            let gap: Vec<f64> = (0..n - 1).map(|i| ((i * 31) % 7) as f64 * 1e-3 - 3e-3).collect();
            let s_dense = dense.newton_step(&support, &gap).unwrap();
            let s_free = free.newton_step(&support, &gap).unwrap();
            let big = s_dense.iter().fold(0.0f64, |m, x| m.max(x.abs()));
            for (x, y) in s_dense.iter().zip(&s_free) {
                assert!((x - y).abs() <= 1e-7 * big, "n = {n}: step {x} vs {y}");
            }
            // Columns on a partial support.
            let part: Vec<usize> = (0..n).step_by(3).collect();
            let columns = Response::in_form(&model, &shares, &w, &part, Form::Columns).unwrap();
            let c = columns.classify(&shares, &omega, &part).unwrap();
            let d = dense.classify(&shares, &omega, &part).unwrap();
            assert_eq!((c.n_unstable, c.stable), (d.n_unstable, d.stable));
            for (x, y) in c.eigenvalues.iter().zip(&d.eigenvalues) {
                assert!((x.0 - y.0).abs() <= 1e-9 * scale.max(1e-300), "{x:?} vs {y:?}");
            }
        }
    }
}
