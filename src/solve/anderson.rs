//! Anderson acceleration, type II (Walker and Ni 2011, SIAM J. Numer. Anal. 49(4)).
//!
//! With residuals f_k = G(x_k) - x_k and the last m differences ΔF, ΔG:
//! gamma = argmin ||f_k - ΔF gamma||, x_{k+1} = G(x_k) - ΔG gamma - (1 - beta)(f_k - ΔF gamma).
//! Safeguards: columns that make the least-squares problem ill-conditioned are dropped;
//! when the residual grows past `RESTART_GROWTH` times the best seen, or the step leaves the
//! map's domain, the history is cleared and iteration restarts from the best iterate.
//!
//! Mixed precision: a map with a coarse G ([`FixedPointMap::coarse_switch`]) is iterated on
//! it until the residual falls below the switch level (or stops falling for
//! [`COARSE_STALL`] iterations), then on G itself from the same iterate. The history is
//! kept: its differences of the coarse G equal those of G to the coarse map's relative
//! accuracy, while the bias of the coarse map cancels in them; only the difference across
//! the switch, which would carry that bias, is dropped. Every residual checked against the
//! tolerance, and the one reported, is of G.

use std::collections::VecDeque;

use nalgebra::{DMatrix, DVector};

use super::{residual_norm, FixedPointMap, Outcome, Tolerance};

const RESTART_GROWTH: f64 = 1e3;
const CONDITION_LIMIT: f64 = 1e-11;
/// Coarse iterations without a new best residual after which the coarse phase ends.
const COARSE_STALL: usize = 4;

pub(super) fn run<M: FixedPointMap + ?Sized>(
    map: &M,
    start: &[f64],
    depth: usize,
    beta: f64,
    tol: Tolerance,
) -> Outcome {
    let n = start.len();
    let depth = depth.min(n).max(1);
    let mut x = start.to_vec();
    let mut g = vec![0.0; n];
    let mut f = vec![0.0; n];
    let mut prev: Option<(Vec<f64>, Vec<f64>)> = None; // (f, g) of the previous iterate
    let mut delta_f: VecDeque<Vec<f64>> = VecDeque::new();
    let mut delta_g: VecDeque<Vec<f64>> = VecDeque::new();
    let mut best = (x.clone(), f64::INFINITY);
    let mut iterations = 0;
    // The coarse phase: the switch level while it lasts, and its iterations since a new best.
    let mut coarse = map.coarse_switch().filter(|&s| s > tol.residual);
    let mut stalled = 0;
    loop {
        let mut residual;
        if let Some(switch) = coarse {
            map.apply_coarse(&x, &mut g);
            residual = residual_norm(&x, &g);
            stalled = if residual < best.1 { 0 } else { stalled + 1 };
            if residual <= switch || stalled >= COARSE_STALL || iterations >= tol.max_iterations {
                coarse = None;
                prev = None;
                if stalled >= COARSE_STALL {
                    x.clone_from(&best.0);
                }
                best = (x.clone(), f64::INFINITY);
                map.apply(&x, &mut g);
                residual = residual_norm(&x, &g);
            }
        } else {
            map.apply(&x, &mut g);
            residual = residual_norm(&x, &g);
        }
        if residual < best.1 {
            best = (x.clone(), residual);
        }
        if residual <= tol.residual {
            return Outcome {
                state: x,
                iterations,
                residual,
            };
        }
        if iterations >= tol.max_iterations || crate::error::interrupt_requested() {
            return Outcome {
                state: best.0,
                iterations,
                residual: best.1,
            };
        }
        iterations += 1;
        if !residual.is_finite() || residual > RESTART_GROWTH * best.1 {
            x.clone_from(&best.0);
            prev = None;
            delta_f.clear();
            delta_g.clear();
            continue;
        }
        for i in 0..n {
            f[i] = g[i] - x[i];
        }
        if let Some((f_prev, g_prev)) = prev.take() {
            delta_f.push_back(f.iter().zip(&f_prev).map(|(a, b)| a - b).collect());
            delta_g.push_back(g.iter().zip(&g_prev).map(|(a, b)| a - b).collect());
            if delta_f.len() > depth {
                delta_f.pop_front();
                delta_g.pop_front();
            }
        }
        prev = Some((f.clone(), g.clone()));
        let gamma = least_squares(&mut delta_f, &mut delta_g, &f);
        let mut next = vec![0.0; n];
        for i in 0..n {
            let mut gi = g[i];
            let mut fi = f[i];
            for (j, c) in gamma.iter().enumerate() {
                gi -= c * delta_g[j][i];
                fi -= c * delta_f[j][i];
            }
            next[i] = gi - (1.0 - beta) * fi;
        }
        if !map.in_domain(&next) {
            delta_f.clear();
            delta_g.clear();
            for i in 0..n {
                next[i] = x[i] + beta * f[i];
            }
        }
        x = next;
    }
}

/// Solves min ||f - ΔF gamma|| by QR, dropping the oldest columns while R is ill-conditioned.
fn least_squares(delta_f: &mut VecDeque<Vec<f64>>, delta_g: &mut VecDeque<Vec<f64>>, f: &[f64]) -> Vec<f64> {
    let n = f.len();
    while !delta_f.is_empty() {
        let m = delta_f.len();
        let a = DMatrix::from_fn(n, m, |i, j| delta_f[j][i]);
        let qr = a.qr();
        let r = qr.r();
        let diag_max = (0..m).map(|j| r[(j, j)].abs()).fold(0.0, f64::max);
        let well_conditioned = diag_max > 0.0 && (0..m).all(|j| r[(j, j)].abs() > CONDITION_LIMIT * diag_max);
        if well_conditioned {
            let mut rhs = DVector::from_column_slice(f);
            qr.q_tr_mul(&mut rhs);
            let top = rhs.rows(0, m).into_owned();
            if let Some(gamma) = r.solve_upper_triangular(&top) {
                if gamma.iter().all(|v| v.is_finite()) {
                    return gamma.iter().copied().collect();
                }
            }
        }
        delta_f.pop_front();
        delta_g.pop_front();
    }
    Vec::new()
}
