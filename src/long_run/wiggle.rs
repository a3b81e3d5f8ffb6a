//! The "wiggle diagram" of the two-region model (FKV 1999, fig. 5.2; Krugman 1991, fig. 2):
//! the real-wage gap omega_1 - omega_2 of the short-run equilibrium against region 1's share
//! lambda of the mobile factor, one curve per value of a parameter (usually the trade cost).
//!
//! Where the gap is positive workers move into region 1, so a zero crossing with a negative
//! slope is a stable interior equilibrium and one with a positive slope an unstable one; at
//! lambda = 1 a positive gap means the core–periphery pattern is sustainable. The zero
//! crossings are located by bisection between grid points where the gap changes sign.

use crate::error::{Error, Result};
use crate::model::MobileFactorModel;
use crate::solve::SolverSettings;

/// What to compute: the shares grid and the parameter values.
#[derive(Debug, Clone, PartialEq)]
pub struct WiggleOptions {
    /// Region 1's shares, increasing, each in [0, 1].
    pub shares: Vec<f64>,
    /// Parameter values, one curve each.
    pub values: Vec<f64>,
}

/// A zero of the gap between two grid points: an interior (or symmetric) equilibrium.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GapZero {
    /// The curve's parameter value.
    pub parameter: f64,
    /// Region 1's share where omega_1 = omega_2 (bisection to ~1e-12).
    pub share: f64,
    /// d(omega_1 - omega_2)/d lambda's sign there: true (positive slope) means unstable.
    pub unstable: bool,
}

/// The wiggle data.
#[derive(Debug, Clone, PartialEq)]
pub struct Wiggle {
    pub shares: Vec<f64>,
    pub values: Vec<f64>,
    /// `values.len() × shares.len()`, row-major: omega_1 - omega_2.
    pub gap: Vec<f64>,
    /// Every sign change of a curve, located.
    pub zeros: Vec<GapZero>,
}

/// omega_1 - omega_2 at region 1's share `lambda`, warm-started from and updating `wages`.
pub fn real_wage_gap(
    model: &dyn MobileFactorModel,
    lambda: f64,
    wages: &mut Option<Vec<f64>>,
    settings: &SolverSettings,
) -> Result<f64> {
    let shares = [lambda, 1.0 - lambda];
    let (w, _) = model.solve_short_run(&shares, wages.as_deref(), settings)?;
    let omega = model.outcomes(&shares, &w).real_wage;
    *wages = Some(w);
    Ok(omega[0] - omega[1])
}

/// Computes the wiggle diagram; `at(p)` gives the validated two-region model at parameter p.
pub fn wiggle(
    at: &dyn Fn(f64) -> Result<Box<dyn MobileFactorModel>>,
    options: &WiggleOptions,
    settings: &SolverSettings,
) -> Result<Wiggle> {
    let mut gap = Vec::with_capacity(options.values.len() * options.shares.len());
    let mut zeros = Vec::new();
    for &p in &options.values {
        let model = at(p)?;
        if model.regions() != 2 {
            return Err(Error::Config(format!(
                "agglo wiggle needs a two-region geography, the config has {} regions",
                model.regions()
            )));
        }
        let mut wages = None;
        let row: Vec<f64> = options
            .shares
            .iter()
            .map(|&l| real_wage_gap(model.as_ref(), l, &mut wages, settings))
            .collect::<Result<_>>()?;
        for (i, pair) in row.windows(2).enumerate() {
            let (a, b) = (options.shares[i], options.shares[i + 1]);
            if pair[0] == 0.0 {
                zeros.push(GapZero {
                    parameter: p,
                    share: a,
                    unstable: pair[1] > 0.0,
                });
            } else if pair[0] * pair[1] < 0.0 {
                let share = bisect(model.as_ref(), a, b, pair[0], settings)?;
                zeros.push(GapZero {
                    parameter: p,
                    share,
                    unstable: pair[1] > pair[0],
                });
            }
        }
        if let (Some(&last), Some(&l)) = (row.last(), options.shares.last()) {
            if last == 0.0 && row.len() >= 2 {
                zeros.push(GapZero {
                    parameter: p,
                    share: l,
                    unstable: row[row.len() - 2] < 0.0,
                });
            }
        }
        gap.extend(row);
    }
    Ok(Wiggle {
        shares: options.shares.clone(),
        values: options.values.clone(),
        gap,
        zeros,
    })
}

/// Bisection for the sign change of the gap in [a, b] (gap `fa` at a).
fn bisect(
    model: &dyn MobileFactorModel,
    mut a: f64,
    mut b: f64,
    mut fa: f64,
    settings: &SolverSettings,
) -> Result<f64> {
    let mut wages = None;
    for _ in 0..200 {
        if b - a <= 1e-13 * b.abs().max(1.0) {
            break;
        }
        let m = 0.5 * (a + b);
        let fm = real_wage_gap(model, m, &mut wages, settings)?;
        if fm == 0.0 {
            return Ok(m);
        }
        if (fm < 0.0) == (fa < 0.0) {
            a = m;
            fa = fm;
        } else {
            b = m;
        }
    }
    Ok(0.5 * (a + b))
}
