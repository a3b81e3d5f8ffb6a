//! Distributions over regions (worker shares lambda, farm shares a): validation and helpers.

use crate::error::{Error, Result};

/// Absolute tolerance on sum(shares) = 1.
pub const SHARE_SUM_TOLERANCE: f64 = 1e-9;

/// Checks that `shares` has `n` entries, each finite and >= 0, summing to 1 within
/// [`SHARE_SUM_TOLERANCE`]. `key` names the config key in messages.
pub fn validate(key: &str, shares: &[f64], n: usize) -> Result<()> {
    if shares.len() != n {
        let given = if shares.len() == 1 {
            "a list of 1 value".to_string()
        } else {
            format!("a list of {} values", shares.len())
        };
        return Err(Error::invalid(
            key,
            given,
            format!("must have one value per region ({n})"),
        ));
    }
    for (i, &v) in shares.iter().enumerate() {
        if !(v.is_finite() && v >= 0.0) {
            return Err(Error::invalid(
                format!("{key}[{}]", i + 1),
                v,
                "shares must be finite and >= 0",
            ));
        }
    }
    let sum: f64 = shares.iter().sum();
    if (sum - 1.0).abs() > SHARE_SUM_TOLERANCE {
        return Err(Error::invalid(
            key,
            format!("values summing to {sum:.12}"),
            "shares must sum to 1 (tolerance 1e-9)",
        ));
    }
    Ok(())
}

/// 1/n everywhere.
pub fn uniform(n: usize) -> Vec<f64> {
    vec![1.0 / n as f64; n]
}
