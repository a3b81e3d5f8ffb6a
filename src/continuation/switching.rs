//! Directions into the branches that cross at a branch point: the null vectors of the gap
//! Jacobian dF/du there. On a circulant geography at the uniform distribution the null
//! space is spanned by Fourier modes (ATI 2012), so the critical mode m is identified
//! directly and the switch is made along cos(2 pi m r / K), the direction with reflection
//! symmetry along which the bifurcating branch exists.

use nalgebra::DVector;

use super::system::{Evaluation, SupportSystem};

/// Directions (in (u, p) space) to start new branches from a branch point, and the Fourier
/// mode (0 when not on a circulant uniform state).
pub fn directions(system: &SupportSystem, e: &Evaluation, circulant: bool) -> (Vec<Vec<f64>>, usize) {
    let k = system.dim();
    if k == 0 {
        return (Vec::new(), 0);
    }
    let n = system.regions;
    let uniform = system.support.len() == n && e.shares.iter().all(|s| (s - 1.0 / n as f64).abs() < 1e-9);
    if circulant && uniform {
        let (mode, full) = critical_mode(system, e);
        let v = normalise(&full[..k]);
        let mut out = vec![with_parameter(&v, 0.0)];
        if n == 2 || !is_rotation_of_negative(&full) {
            out.push(with_parameter(&v, -1.0));
        }
        return (out, mode);
    }
    let svd = e.jacobian.clone().svd(false, true);
    let v_t = match svd.v_t {
        Some(v) => v,
        None => return (Vec::new(), 0),
    };
    let (i_min, _) = svd
        .singular_values
        .iter()
        .enumerate()
        .fold((0, f64::MAX), |m, (i, s)| if *s < m.1 { (i, *s) } else { m });
    let v: Vec<f64> = normalise(&v_t.row(i_min).iter().copied().collect::<Vec<_>>());
    (vec![with_parameter(&v, 0.0), with_parameter(&v, -1.0)], 0)
}

/// The Fourier mode m in 1..=K/2 whose cosine vector the gap Jacobian annihilates best.
fn critical_mode(system: &SupportSystem, e: &Evaluation) -> (usize, Vec<f64>) {
    let n = system.regions;
    let k = system.dim();
    let mut best = (1, Vec::new(), f64::MAX);
    for m in 1..=n / 2 {
        let full: Vec<f64> = (0..n)
            .map(|r| (2.0 * std::f64::consts::PI * (m * r) as f64 / n as f64).cos())
            .collect();
        let v = DVector::from_iterator(k, system.support[..k].iter().map(|&r| full[r]));
        let residual = (&e.jacobian * &v).norm() / v.norm();
        if residual < best.2 {
            best = (m, full, residual);
        }
    }
    (best.0, best.1)
}

/// True when -v is v rotated by some shift (then both directions give the same branch up to symmetry).
fn is_rotation_of_negative(v: &[f64]) -> bool {
    let n = v.len();
    (1..n).any(|s| (0..n).all(|r| (v[(r + s) % n] + v[r]).abs() < 1e-9))
}

fn normalise(v: &[f64]) -> Vec<f64> {
    let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
    v.iter().map(|x| x / norm).collect()
}

/// (sign * v, 0): a step in shares at fixed parameter.
fn with_parameter(v: &[f64], sign: f64) -> Vec<f64> {
    let s = if sign < 0.0 { -1.0 } else { 1.0 };
    v.iter().map(|x| s * x).chain(std::iter::once(0.0)).collect()
}
