//! The iceberg trade-cost matrix T (ship T units so that one arrives).

use crate::error::{Error, Result};

/// What is known about the matrix's structure, so that products can exploit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Structure {
    /// A general dense matrix.
    Dense,
    /// T\[r\]\[s\] depends only on (s - r) mod N (racetrack): eigenvectors are Fourier modes.
    Circulant,
}

/// N × N iceberg costs, row-major: `get(r, s)` is the cost of shipping from r to s.
#[derive(Debug, Clone, PartialEq)]
pub struct TradeCosts {
    n: usize,
    values: Vec<f64>,
    symmetric: bool,
    structure: Structure,
}

impl TradeCosts {
    /// Builds the matrix from a function of (r, s) and validates it. `source` names where the
    /// numbers came from (a file or a config key) for error messages.
    pub fn from_fn(n: usize, structure: Structure, source: &str, f: impl Fn(usize, usize) -> f64) -> Result<Self> {
        let mut values = Vec::with_capacity(n * n);
        for r in 0..n {
            for s in 0..n {
                values.push(if r == s { 1.0 } else { f(r, s) });
            }
        }
        Self::from_row_major(n, values, structure, source, None)
    }

    /// Wraps a row-major matrix after checking: square, finite, entries >= 1, diagonal 1.
    /// `ids` (when given) name the offending regions in messages.
    pub fn from_row_major(
        n: usize,
        values: Vec<f64>,
        structure: Structure,
        source: &str,
        ids: Option<&[String]>,
    ) -> Result<Self> {
        if n == 0 {
            return Err(Error::Config(format!("{source}: the trade-cost matrix has no regions")));
        }
        if values.len() != n * n {
            return Err(Error::Config(format!(
                "{source}: the trade-cost matrix must be square: {} entries for {n} regions",
                values.len()
            )));
        }
        let name = |i: usize| match ids {
            Some(ids) => format!("{} (\"{}\")", i + 1, ids[i]),
            None => format!("{}", i + 1),
        };
        for r in 0..n {
            for s in 0..n {
                let t = values[r * n + s];
                let at = || format!("{source}: entry (row {}, column {})", name(r), name(s));
                if !t.is_finite() {
                    return Err(Error::Config(format!("{} = {t}: trade costs must be finite", at())));
                }
                if r == s && t != 1.0 {
                    return Err(Error::Config(format!("{} = {t}: the diagonal must be 1", at())));
                }
                if t < 1.0 {
                    return Err(Error::Config(format!("{} = {t}: trade costs must be >= 1", at())));
                }
            }
        }
        let symmetric = (0..n).all(|r| (0..r).all(|s| values[r * n + s] == values[s * n + r]));
        Ok(TradeCosts { n, values, symmetric, structure })
    }

    /// Number of regions.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True for an empty matrix (never after construction).
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Cost of shipping from `r` to `s`.
    pub fn get(&self, r: usize, s: usize) -> f64 {
        self.values[r * self.n + s]
    }

    /// The row-major entries.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// True when T\[r\]\[s\] = T\[s\]\[r\] exactly.
    pub fn is_symmetric(&self) -> bool {
        self.symmetric
    }

    /// Known structure of the matrix.
    pub fn structure(&self) -> Structure {
        self.structure
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_costs_below_one_naming_the_entry() {
        let e = TradeCosts::from_row_major(2, vec![1.0, 0.5, 1.0, 1.0], Structure::Dense, "m.csv", None).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("m.csv") && msg.contains("row 1, column 2") && msg.contains(">= 1"), "{msg}");
    }

    #[test]
    fn rejects_non_unit_diagonal_and_non_square() {
        assert!(TradeCosts::from_row_major(2, vec![2.0, 1.5, 1.5, 1.0], Structure::Dense, "x", None).is_err());
        let e = TradeCosts::from_row_major(2, vec![1.0, 1.5, 1.5], Structure::Dense, "x", None).unwrap_err();
        assert!(e.to_string().contains("square"));
    }
}
