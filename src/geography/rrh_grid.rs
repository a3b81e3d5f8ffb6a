//! The two-country grid of Redding and Rossi-Hansberg (2017, *Annual Review of Economics*,
//! "QSE", §3.9): square cells on a `width` × `height` grid, a border between two columns,
//! and iceberg costs made of a geographic part and two proportional taxes.
//!
//! ```text
//! dist_ni = lowest-cost-route distance with orthogonal steps 1 and diagonal steps sqrt(2)
//!         = max(|dx|, |dy|) + (sqrt(2) - 1) min(|dx|, |dy|)        (king moves, "octile")
//! T_ni    = max(1, dist_ni)^phi                                    (geographic cost)
//!         * internal_tax   if n != i                               (tau_in, "internal tax")
//!         * border_tax     if n and i are in different countries   (tau_out, "external tax")
//! ```
//!
//! With every cell's weight equal to one, the paper's effective distance (Donaldson 2016;
//! MATLAB's `graydist(..., 'quasi-euclidean')` in the replication files) is the shortest
//! king-move path above. Cells are numbered column by column (MATLAB's column-major order,
//! the order of the replication's productivity draw): cell `col * height + row`, 0-based,
//! with id `"col,row"` (1-based) and coordinates `[col, row]`. Columns `0..border_column`
//! form country 0 (West), the others country 1 (East).

use super::{CostFunction, Geography, Structure, TradeCosts};
use crate::error::{Error, Result};

/// Length of the shortest path between two cells `dx` columns and `dy` rows apart when
/// orthogonal steps cost 1 and diagonal steps sqrt(2).
pub fn octile_distance(dx: usize, dy: usize) -> f64 {
    let (long, short) = if dx >= dy { (dx, dy) } else { (dy, dx) };
    long as f64 + (std::f64::consts::SQRT_2 - 1.0) * short as f64
}

/// The QSE §3.9 grid. `Default` is the paper's: 30 × 30, border after column 15,
/// distance elasticity 0.33 (the replication files' value; the text says 0.375),
/// internal and border taxes of 100% (factor 2 each).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BorderGrid {
    /// Number of columns (longitude).
    pub width: usize,
    /// Number of rows (latitude).
    pub height: usize,
    /// Columns `0..border_column` are country 0; `0` or `width` gives a single country.
    pub border_column: usize,
    /// phi: elasticity of trade costs with respect to effective distance.
    pub distance_elasticity: f64,
    /// tau_in >= 1: factor on every trade between distinct cells.
    pub internal_tax: f64,
    /// tau_out >= 1: factor on every trade across the border.
    pub border_tax: f64,
}

impl Default for BorderGrid {
    fn default() -> Self {
        BorderGrid {
            width: 30,
            height: 30,
            border_column: 15,
            distance_elasticity: 0.33,
            internal_tax: 2.0,
            border_tax: 2.0,
        }
    }
}

impl BorderGrid {
    /// Number of cells.
    pub fn len(&self) -> usize {
        self.width * self.height
    }

    /// True for a grid without cells (refused by [`BorderGrid::validate`]).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Checks sizes, the border column, the elasticity (finite, >= 0) and the taxes (finite, >= 1).
    pub fn validate(&self) -> Result<()> {
        if self.width == 0 {
            return Err(Error::invalid("geography.width", self.width, "must be an integer >= 1"));
        }
        if self.height == 0 {
            return Err(Error::invalid(
                "geography.height",
                self.height,
                "must be an integer >= 1",
            ));
        }
        super::check_region_count(
            "geography.width",
            self.width.saturating_mul(self.height),
            super::MAX_DENSE_REGIONS,
        )?;
        if self.border_column > self.width {
            return Err(Error::invalid(
                "geography.border-column",
                self.border_column,
                format!("must be between 0 and the width ({})", self.width),
            ));
        }
        CostFunction::Power {
            elasticity: self.distance_elasticity,
        }
        .validate("geography")?;
        for (key, v) in [
            ("geography.internal-tax", self.internal_tax),
            ("geography.border-tax", self.border_tax),
        ] {
            if !(v.is_finite() && v >= 1.0) {
                return Err(Error::invalid(key, v, "a tax factor must be finite and >= 1"));
            }
        }
        Ok(())
    }

    /// Cell index of (column, row), 0-based, column-major.
    pub fn index(&self, column: usize, row: usize) -> usize {
        column * self.height + row
    }

    /// (column, row) of a cell index.
    pub fn cell(&self, index: usize) -> (usize, usize) {
        (index / self.height, index % self.height)
    }

    /// Country of every cell: 0 west of the border, 1 east of it (0 everywhere when the
    /// border is at the edge).
    pub fn countries(&self) -> Vec<usize> {
        let single = self.border_column == 0 || self.border_column == self.width;
        (0..self.len())
            .map(|i| usize::from(!single && self.cell(i).0 >= self.border_column))
            .collect()
    }

    /// Effective distance between two cells.
    pub fn distance(&self, a: usize, b: usize) -> f64 {
        let (ca, ra) = self.cell(a);
        let (cb, rb) = self.cell(b);
        octile_distance(ca.abs_diff(cb), ra.abs_diff(rb))
    }

    /// The geography: ids, coordinates and T with both taxes.
    pub fn geography(&self) -> Result<Geography> {
        self.validate()?;
        let n = self.len();
        let country = self.countries();
        let cost = CostFunction::Power {
            elasticity: self.distance_elasticity,
        };
        let trade_costs = TradeCosts::from_fn(n, Structure::Dense, "geography", |r, s| {
            let border = if country[r] != country[s] { self.border_tax } else { 1.0 };
            cost.cost(self.distance(r, s)) * self.internal_tax * border
        })?;
        let cells: Vec<(usize, usize)> = (0..n).map(|i| self.cell(i)).collect();
        Ok(Geography {
            kind: "border-grid",
            ids: cells.iter().map(|(c, r)| format!("{},{}", c + 1, r + 1)).collect(),
            coordinates: Some(cells.iter().map(|&(c, r)| [c as f64, r as f64]).collect()),
            metric: super::Metric::Euclidean,
            groups: Some(country),
            trade_costs,
        })
    }

    /// Row-major factors on T that remove the border tax (1 / border_tax across the border,
    /// 1 elsewhere): QSE's "external liberalization".
    pub fn border_tax_removal(&self) -> Vec<f64> {
        let country = self.countries();
        let n = self.len();
        let mut f = vec![1.0; n * n];
        for r in 0..n {
            for s in 0..n {
                if country[r] != country[s] {
                    f[r * n + s] = 1.0 / self.border_tax;
                }
            }
        }
        f
    }

    /// Row-major factors on T that remove the internal tax (1 / internal_tax between
    /// distinct cells, including across the border, whose border tax stays): QSE's
    /// "internal liberalization".
    pub fn internal_tax_removal(&self) -> Vec<f64> {
        let n = self.len();
        let mut f = vec![1.0 / self.internal_tax; n * n];
        for r in 0..n {
            f[r * n + r] = 1.0;
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octile_distance_is_the_king_move_path() {
        assert_eq!(octile_distance(0, 0), 0.0);
        assert_eq!(octile_distance(3, 0), 3.0);
        assert!((octile_distance(2, 2) - 2.0 * std::f64::consts::SQRT_2).abs() < 1e-15);
        assert!((octile_distance(1, 4) - (3.0 + std::f64::consts::SQRT_2)).abs() < 1e-15);
    }

    #[test]
    fn costs_countries_and_order() {
        let g = BorderGrid {
            width: 4,
            height: 3,
            border_column: 2,
            ..BorderGrid::default()
        };
        let geo = g.geography().unwrap();
        assert_eq!(geo.len(), 12);
        assert_eq!(geo.ids[4], "2,2"); // column-major: index 4 = column 1, row 1
        assert_eq!(g.countries(), vec![0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
        // Neighbours in the same country: 1^0.33 * 2.
        assert!((geo.trade_costs.get(0, 1) - 2.0).abs() < 1e-15);
        // Across the border, 2 columns apart: 2^0.33 * 2 * 2.
        assert!((geo.trade_costs.get(0, 6) - 4.0 * 2f64.powf(0.33)).abs() < 1e-14);
        assert!(geo.trade_costs.is_symmetric());
        let b = g.border_tax_removal();
        assert_eq!((b[6], b[1], b[0]), (0.5, 1.0, 1.0));
        let i = g.internal_tax_removal();
        assert_eq!((i[6], i[1], i[0]), (0.5, 0.5, 1.0));
    }

    #[test]
    fn invalid_taxes_and_border_are_refused() {
        let e = BorderGrid {
            border_tax: 0.5,
            ..BorderGrid::default()
        }
        .validate()
        .unwrap_err()
        .to_string();
        assert!(e.contains("geography.border-tax"), "{e}");
        let e = BorderGrid {
            border_column: 31,
            ..BorderGrid::default()
        }
        .validate()
        .unwrap_err()
        .to_string();
        assert!(e.contains("geography.border-column"), "{e}");
    }
}
