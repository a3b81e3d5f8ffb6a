//! Bounds by a smooth transform, so that the optimisers run unconstrained: a parameter
//! theta in (lower, upper) is searched as z in R with
//!
//! ```text
//! theta = lower + (upper - lower) / (1 + exp(-z))        (logistic)
//! z     = ln((theta - lower) / (upper - theta))          (its inverse, the logit)
//! ```
//!
//! The map is smooth and monotone, so a local optimum in z is one in theta (inside the
//! bounds), and finite differences in z never step outside the bounds.

use crate::error::{Error, Result};

/// One estimated parameter: a dotted config key with its bounds and start.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Dotted config key, e.g. "model.sigma".
    pub key: String,
    pub lower: f64,
    pub upper: f64,
    pub start: f64,
}

impl Parameter {
    /// Checks lower < start < upper, all finite; errors name `field` (e.g. "calibrate.parameter[1]").
    pub fn validate(&self, field: &str) -> Result<()> {
        if !(self.lower.is_finite() && self.upper.is_finite() && self.lower < self.upper) {
            return Err(Error::invalid(
                format!("{field}.upper ({})", self.key),
                self.upper,
                format!("must be finite and > lower = {}", self.lower),
            ));
        }
        if !(self.start > self.lower && self.start < self.upper) {
            return Err(Error::invalid(
                format!("{field}.start ({})", self.key),
                self.start,
                format!(
                    "must lie strictly inside (lower, upper) = ({}, {})",
                    self.lower, self.upper
                ),
            ));
        }
        Ok(())
    }
}

/// The logistic transform of every parameter.
#[derive(Debug, Clone)]
pub struct Transform {
    bounds: Vec<(f64, f64)>,
}

impl Transform {
    pub fn new(parameters: &[Parameter]) -> Self {
        Transform {
            bounds: parameters.iter().map(|p| (p.lower, p.upper)).collect(),
        }
    }

    /// theta(z).
    pub fn to_theta(&self, z: &[f64]) -> Vec<f64> {
        z.iter()
            .zip(&self.bounds)
            .map(|(z, (l, u))| l + (u - l) / (1.0 + (-z).exp()))
            .collect()
    }

    /// z(theta); theta must lie strictly inside the bounds.
    pub fn to_z(&self, theta: &[f64]) -> Vec<f64> {
        theta
            .iter()
            .zip(&self.bounds)
            .map(|(t, (l, u))| ((t - l) / (u - t)).ln())
            .collect()
    }

    /// d theta / d z at z: (theta - lower)(upper - theta)/(upper - lower).
    pub fn derivative(&self, z: &[f64]) -> Vec<f64> {
        self.to_theta(z)
            .iter()
            .zip(&self.bounds)
            .map(|(t, (l, u))| (t - l) * (u - t) / (u - l))
            .collect()
    }

    /// True when theta_i is within `fraction` of the interval's width from a bound.
    pub fn near_bound(&self, theta: &[f64], fraction: f64) -> Vec<bool> {
        theta
            .iter()
            .zip(&self.bounds)
            .map(|(t, (l, u))| (t - l).min(u - t) < fraction * (u - l))
            .collect()
    }

    pub fn bounds(&self) -> &[(f64, f64)] {
        &self.bounds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logistic_round_trip_and_derivative() {
        let p = vec![
            Parameter {
                key: "a".into(),
                lower: 1.0,
                upper: 10.0,
                start: 4.0,
            },
            Parameter {
                key: "b".into(),
                lower: -2.0,
                upper: 0.5,
                start: 0.1,
            },
        ];
        let t = Transform::new(&p);
        let theta = [4.0, 0.1];
        let z = t.to_z(&theta);
        let back = t.to_theta(&z);
        for (a, b) in back.iter().zip(theta) {
            assert!((a - b).abs() < 1e-14, "{a} vs {b}");
        }
        let h = 1e-6;
        let d = t.derivative(&z);
        for i in 0..2 {
            let mut zp = z.clone();
            zp[i] += h;
            let mut zm = z.clone();
            zm[i] -= h;
            let fd = (t.to_theta(&zp)[i] - t.to_theta(&zm)[i]) / (2.0 * h);
            assert!((fd - d[i]).abs() < 1e-8, "{fd} vs {}", d[i]);
        }
        assert!(p[0].validate("calibrate.parameter[1]").is_ok());
        let bad = Parameter {
            start: 10.0,
            ..p[0].clone()
        };
        let e = bad.validate("calibrate.parameter[1]").unwrap_err().to_string();
        assert!(e.contains("calibrate.parameter[1].start (a)"), "{e}");
    }
}
