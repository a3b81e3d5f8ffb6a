//! Axes of a sweep and the designs that turn them into points: the Cartesian product of the
//! axes' values (a grid), or a Latin-hypercube or Sobol sample of their ranges
//! ([`super::sample`]).

use super::sample;
use crate::error::{Error, Result};

/// How values are spaced between the ends of a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Equal differences.
    Linear,
    /// Equal ratios (both ends must be > 0).
    Log,
}

impl Scale {
    pub fn name(self) -> &'static str {
        match self {
            Scale::Linear => "linear",
            Scale::Log => "log",
        }
    }
}

/// The values of one axis.
#[derive(Debug, Clone, PartialEq)]
pub enum AxisValues {
    /// Explicit values, in the order given (grids only).
    List(Vec<f64>),
    /// From `from` to `to`, both included: `steps` values on a grid; a sample draws from the
    /// range (then `steps` is `None`).
    Range {
        from: f64,
        to: f64,
        scale: Scale,
        steps: Option<usize>,
    },
}

/// One swept config key.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Dotted config key, e.g. `geography.trade-cost`.
    pub key: String,
    pub values: AxisValues,
}

impl Axis {
    /// The axis's values on a grid (the ends exactly as given).
    pub fn grid_values(&self) -> Vec<f64> {
        match &self.values {
            AxisValues::List(v) => v.clone(),
            AxisValues::Range { from, to, scale, steps } => {
                let n = steps.unwrap_or(1);
                (0..n)
                    .map(|i| match i {
                        0 => *from,
                        i if i + 1 == n => *to,
                        i => along(*from, *to, *scale, i as f64 / (n - 1) as f64),
                    })
                    .collect()
            }
        }
    }

    /// The value at fraction `u` in [0, 1) of the range (samples).
    pub fn at_fraction(&self, u: f64) -> f64 {
        match &self.values {
            AxisValues::Range { from, to, scale, .. } => along(*from, *to, *scale, u),
            AxisValues::List(v) => v[((u * v.len() as f64) as usize).min(v.len() - 1)],
        }
    }
}

/// The point at fraction `t` of the way from `from` to `to`.
fn along(from: f64, to: f64, scale: Scale, t: f64) -> f64 {
    if t == 0.0 {
        return from;
    }
    match scale {
        Scale::Linear => from + (to - from) * t,
        Scale::Log => (from.ln() + (to.ln() - from.ln()) * t).exp(),
    }
}

/// How the axes become points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Design {
    /// Every combination of the axes' values; the last axis varies fastest.
    Grid,
    /// `points` points, one in each of `points` equal strata of every axis (seeded).
    LatinHypercube { points: usize, seed: u64 },
    /// The first `points` points of an Owen-scrambled Sobol sequence (seeded).
    Sobol { points: usize, seed: u64 },
}

impl Design {
    pub fn name(&self) -> &'static str {
        match self {
            Design::Grid => "grid",
            Design::LatinHypercube { .. } => "latin-hypercube",
            Design::Sobol { .. } => "sobol",
        }
    }
}

/// The checked axes and design: point k (0-based) has one value per axis.
#[derive(Debug, Clone)]
pub struct Plan {
    pub axes: Vec<Axis>,
    pub design: Design,
    /// Grid: each axis's values. Latin hypercube: each axis's stratum permutation.
    grid: Vec<Vec<f64>>,
    strata: Vec<Vec<u32>>,
    points: usize,
}

impl Plan {
    /// Checks the axes against the design; errors name `sweep.axis[i]` and the key.
    pub fn new(axes: Vec<Axis>, design: Design) -> Result<Plan> {
        if axes.is_empty() {
            return Err(Error::Config(
                "[sweep] has no axis: add one, e.g. [[sweep.axis]] key = \"geography.trade-cost\", from = 1.2, to = 2.2, steps = 11".into(),
            ));
        }
        for (i, a) in axes.iter().enumerate() {
            let name = |field: &str| format!("sweep.axis[{}].{field} ({})", i + 1, a.key);
            if axes[..i].iter().any(|b| b.key == a.key) {
                return Err(Error::invalid(
                    format!("sweep.axis[{}].key", i + 1),
                    format!("\"{}\"", a.key),
                    "each key may be swept by one axis only",
                ));
            }
            match (&a.values, design) {
                (AxisValues::List(v), Design::Grid) => {
                    if v.is_empty() {
                        return Err(Error::invalid(name("values"), "[]", "must hold at least one value"));
                    }
                    if let Some(x) = v.iter().find(|x| !x.is_finite()) {
                        return Err(Error::invalid(name("values"), x, "values must be finite"));
                    }
                }
                (AxisValues::List(_), _) => {
                    return Err(Error::invalid(
                        name("values"),
                        "a list",
                        format!(
                            "a {} design samples ranges: give from and to (and no steps or values)",
                            design.name()
                        ),
                    ))
                }
                (AxisValues::Range { from, to, scale, steps }, _) => {
                    for (field, v) in [("from", from), ("to", to)] {
                        if !v.is_finite() {
                            return Err(Error::invalid(name(field), v, "must be finite"));
                        }
                        if *scale == Scale::Log && *v <= 0.0 {
                            return Err(Error::invalid(name(field), v, "must be > 0 on a log scale"));
                        }
                    }
                    match (design, steps) {
                        (Design::Grid, None) => {
                            return Err(Error::Config(format!(
                                "{}: a grid axis needs steps (or a list of values)",
                                name("steps")
                            )))
                        }
                        (Design::Grid, Some(0)) => return Err(Error::invalid(name("steps"), 0, "must be >= 1")),
                        (Design::Grid, Some(1)) if from != to => {
                            return Err(Error::invalid(name("steps"), 1, "must be >= 2 when from and to differ"))
                        }
                        (Design::Grid, _) => {}
                        (_, Some(_)) => {
                            return Err(Error::invalid(
                                name("steps"),
                                steps.unwrap_or(0),
                                format!(
                                    "a {} design sets the number of points with sweep.points, not per axis",
                                    design.name()
                                ),
                            ))
                        }
                        (_, None) => {}
                    }
                }
            }
        }
        let (grid, strata, points) = match design {
            Design::Grid => {
                let grid: Vec<Vec<f64>> = axes.iter().map(Axis::grid_values).collect();
                let points = grid.iter().try_fold(1usize, |acc, v| acc.checked_mul(v.len()));
                let points = points.filter(|p| *p <= u32::MAX as usize).ok_or_else(|| {
                    Error::Config(
                        "[sweep]: the grid has more than 2^32 points: split the sweep into several configs".into(),
                    )
                })?;
                (grid, Vec::new(), points)
            }
            Design::LatinHypercube { points, seed } => {
                check_points(points, u32::MAX as usize, "latin-hypercube")?;
                (Vec::new(), sample::lhs_strata(points, axes.len(), seed), points)
            }
            Design::Sobol { points, .. } => {
                check_points(
                    points,
                    sample::SOBOL_MAX_POINTS,
                    "sobol (an Owen-scrambled Sobol sequence of at most 2^16 points; use latin-hypercube for more)",
                )?;
                if axes.len() > sample::SOBOL_MAX_DIMENSIONS {
                    return Err(Error::Config(format!(
                        "[sweep]: a sobol design has at most {} axes",
                        sample::SOBOL_MAX_DIMENSIONS
                    )));
                }
                (Vec::new(), Vec::new(), points)
            }
        };
        Ok(Plan {
            axes,
            design,
            grid,
            strata,
            points,
        })
    }

    /// Number of points K.
    pub fn len(&self) -> usize {
        self.points
    }

    pub fn is_empty(&self) -> bool {
        self.points == 0
    }

    /// The axes' keys, in order (the columns of the parameters).
    pub fn names(&self) -> Vec<String> {
        self.axes.iter().map(|a| a.key.clone()).collect()
    }

    /// The parameter values of point `k` (one per axis).
    pub fn point(&self, k: usize) -> Vec<f64> {
        assert!(k < self.points, "point {k} of {}", self.points);
        match self.design {
            Design::Grid => {
                let mut rest = k;
                let mut values = vec![0.0; self.axes.len()];
                for (q, v) in self.grid.iter().enumerate().rev() {
                    values[q] = v[rest % v.len()];
                    rest /= v.len();
                }
                values
            }
            Design::LatinHypercube { points, seed } => (0..self.axes.len())
                .map(|q| self.axes[q].at_fraction(sample::lhs_fraction(&self.strata[q], points, seed, q, k)))
                .collect(),
            Design::Sobol { seed, .. } => (0..self.axes.len())
                .map(|q| self.axes[q].at_fraction(sample::sobol_fraction(k, q, seed)))
                .collect(),
        }
    }
}

fn check_points(points: usize, max: usize, what: &str) -> Result<()> {
    if points == 0 {
        return Err(Error::invalid("sweep.points", 0, "must be >= 1"));
    }
    if points > max {
        return Err(Error::invalid(
            "sweep.points",
            points,
            format!("must be <= {max} for {what}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(key: &str, from: f64, to: f64, steps: Option<usize>, scale: Scale) -> Axis {
        Axis {
            key: key.into(),
            values: AxisValues::Range { from, to, scale, steps },
        }
    }

    #[test]
    fn grid_is_the_cartesian_product_with_the_last_axis_fastest() {
        let axes = vec![
            range("a", 1.0, 2.0, Some(3), Scale::Linear),
            Axis {
                key: "b".into(),
                values: AxisValues::List(vec![10.0, 20.0]),
            },
        ];
        let plan = Plan::new(axes, Design::Grid).unwrap();
        assert_eq!(plan.len(), 6);
        let points: Vec<Vec<f64>> = (0..6).map(|k| plan.point(k)).collect();
        assert_eq!(
            points,
            [
                [1.0, 10.0],
                [1.0, 20.0],
                [1.5, 10.0],
                [1.5, 20.0],
                [2.0, 10.0],
                [2.0, 20.0]
            ]
        );
    }

    #[test]
    fn log_ranges_hit_both_ends_exactly() {
        let a = range("x", 0.01, 100.0, Some(5), Scale::Log);
        let v = a.grid_values();
        assert_eq!(v[0], 0.01);
        assert_eq!(v[4], 100.0);
        assert!((v[2] - 1.0).abs() < 1e-12 && (v[1] - 0.1).abs() < 1e-13, "{v:?}");
    }

    #[test]
    fn bad_axes_are_named() {
        let e = Plan::new(vec![range("model.mu", 0.1, 0.5, None, Scale::Linear)], Design::Grid)
            .unwrap_err()
            .to_string();
        assert!(e.contains("sweep.axis[1].steps (model.mu)"), "{e}");
        let e = Plan::new(vec![range("model.mu", -1.0, 0.5, Some(3), Scale::Log)], Design::Grid)
            .unwrap_err()
            .to_string();
        assert!(e.contains("sweep.axis[1].from (model.mu) = -1"), "{e}");
        let lhs = Design::LatinHypercube { points: 10, seed: 1 };
        let e = Plan::new(vec![range("model.mu", 0.1, 0.5, Some(3), Scale::Linear)], lhs)
            .unwrap_err()
            .to_string();
        assert!(e.contains("sweep.points"), "{e}");
        let twice = vec![
            range("a", 1.0, 2.0, Some(2), Scale::Linear),
            range("a", 1.0, 2.0, Some(2), Scale::Linear),
        ];
        assert!(Plan::new(twice, Design::Grid).is_err());
        assert!(Plan::new(Vec::new(), Design::Grid).is_err());
    }
}
