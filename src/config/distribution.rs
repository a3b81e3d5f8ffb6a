//! Distributions over regions in `[model]`: `"uniform"`, explicit values, or a column of the
//! data file matched to the regions by `id` (shares: finite, >= 0, sum 1).

use super::data_source::DataSource;
use super::raw::Distribution;
use crate::error::{Error, Result};
use crate::geography::Geography;
use crate::model::shares;

/// `"uniform"`, explicit values, or a column of the data file matched to the regions by `id`.
pub fn distribution(key: &str, d: &Distribution, geography: &Geography, source: &mut DataSource) -> Result<Vec<f64>> {
    let n = geography.len();
    let values = match d {
        Distribution::Values(v) => v.clone(),
        Distribution::Name(name) if name == "uniform" => shares::uniform(n),
        Distribution::Name(column) => {
            let values = source.column(key, column, geography, |v| {
                (v < 0.0).then_some("is negative: shares must be >= 0")
            })?;
            let sum: f64 = values.iter().sum();
            if (sum - 1.0).abs() > shares::SHARE_SUM_TOLERANCE {
                let file = source.path().map(|p| p.display().to_string()).unwrap_or_default();
                return Err(Error::Config(format!(
                    "{file}: column \"{column}\" ({key}) sums to {sum}: shares must sum to 1 (tolerance 1e-9)"
                )));
            }
            values
        }
    };
    shares::validate(key, &values, n)?;
    Ok(values)
}
