//! The quantitative illustration of Redding and Rossi-Hansberg (2017, QSE §3.9, Table 1),
//! set up as in their replication files: a 30 × 30 grid ([`BorderGrid::default`]), West =
//! columns 1–15 and East = columns 16–30, sigma = 5, goods share alpha = 0.75, F = 1,
//! housing H_n = 100 in every cell, labour 153,889 split by country area,
//! A_n = exp(a_n) normalised to a geometric mean of 1 within each country, u_n = 1.
//!
//! The log productivities a_n (a standard-normal draw, 900 cells in column-major order) are
//! data: the caller reads them (the core does no I/O). Table 1 reports the welfare gains
//! V'/V - 1 of removing the border tax ("external liberalization": West 0.2%, East 0.3%) and
//! of removing the internal tax on trade between distinct cells, including cross-border trade
//! ("internal liberalization": West 1.4%, East 2.3%).

use super::{Helpman, HelpmanParams, HelpmanRegions};
use crate::error::{Error, Result};
use crate::geography::BorderGrid;
use crate::model::spatial::{Fundamentals, Shock};

/// Total labour: the US civilian labour force in 2010, thousands (the replication's LL).
pub const LABOUR: f64 = 153_889.0;
/// Housing (quality-adjusted land) per cell.
pub const HOUSING: f64 = 100.0;
/// Table 1 as printed (V'/V - 1, rounded to 0.1%): rows external, internal; columns West, East.
pub const TABLE_1: [[f64; 2]; 2] = [[0.002, 0.003], [0.014, 0.023]];

/// The QSE §3.9 economy with its two counterfactuals.
#[derive(Debug, Clone)]
pub struct Rrh2017 {
    pub grid: BorderGrid,
    pub model: Helpman,
}

impl Rrh2017 {
    /// The paper's set-up from its 900 log productivities.
    pub fn new(log_productivity: &[f64]) -> Result<Self> {
        Self::with(BorderGrid::default(), HelpmanParams::default(), log_productivity)
    }

    /// The same construction on another grid or with other parameters.
    pub fn with(grid: BorderGrid, params: HelpmanParams, log_productivity: &[f64]) -> Result<Self> {
        let geography = grid.geography()?;
        let n = geography.len();
        if log_productivity.len() != n {
            return Err(Error::invalid(
                "model.log-productivity",
                format!("a list of {} values", log_productivity.len()),
                format!("must have one value per cell ({n}, column-major)"),
            ));
        }
        if let Some(i) = log_productivity.iter().position(|v| !v.is_finite()) {
            return Err(Error::invalid(
                format!("model.log-productivity[{}]", i + 1),
                log_productivity[i],
                "must be finite",
            ));
        }
        let country = grid.countries();
        let labour = HelpmanRegions::labour_by_area(LABOUR, &country);
        let mut log_a = log_productivity.to_vec();
        for c in 0..labour.len() {
            let members: Vec<usize> = (0..n).filter(|&i| country[i] == c).collect();
            let mean = members.iter().map(|&i| log_a[i]).sum::<f64>() / members.len() as f64;
            for i in members {
                log_a[i] -= mean;
            }
        }
        let regions = HelpmanRegions {
            housing: vec![HOUSING; n],
            fundamentals: Fundamentals {
                productivity: log_a.iter().map(|v| v.exp()).collect(),
                amenity: vec![1.0; n],
            },
            country,
            labour,
        };
        Ok(Rrh2017 {
            grid,
            model: Helpman::new(params, &geography, regions)?,
        })
    }

    /// Removal of the border tax (Table 1, first row).
    pub fn external_liberalisation(&self) -> Shock {
        Shock {
            trade_cost: Some(self.grid.border_tax_removal()),
            ..Shock::default()
        }
    }

    /// Removal of the internal tax between distinct cells (Table 1, second row).
    pub fn internal_liberalisation(&self) -> Shock {
        Shock {
            trade_cost: Some(self.grid.internal_tax_removal()),
            ..Shock::default()
        }
    }
}
