//! `/wiggle` of `agglo wiggle`: the real-wage gap omega_1 - omega_2 against region 1's share,
//! one row per parameter value, and the located zeros of the gap (interior equilibria).

use std::path::Path;

use ndarray::Array2;

use super::annotate::put;
use super::reader::{attr_string, open_complete, read_f64s};
use super::schema as s;
use super::writer::{h5err, write_str_attr, OutputFile};
use crate::error::{Error, Result};
use crate::long_run::wiggle::{GapZero, Wiggle};

impl OutputFile {
    /// `/wiggle`: `share [P]`, `parameter [C]` (attribute `parameter_name`),
    /// `real_wage_gap [C, P]`, `zero_parameter`, `zero_share`, `zero_unstable [Z]`.
    pub fn write_wiggle(&self, w: &Wiggle, parameter_name: &str) -> Result<()> {
        let err = h5err(&self.target);
        let g = self.file().create_group(s::WIGGLE).map_err(&err)?;
        put(&g, s::SHARE, w.shares.as_slice()).map_err(&err)?;
        let p = put(&g, s::PARAMETER, w.values.as_slice()).map_err(&err)?;
        write_str_attr(&p, s::PARAMETER_NAME, parameter_name).map_err(&err)?;
        write_str_attr(&g, s::PARAMETER_NAME, parameter_name).map_err(&err)?;
        let gap = Array2::from_shape_vec((w.values.len(), w.shares.len()), w.gap.clone()).expect("C*P values");
        put(&g, s::REAL_WAGE_GAP, &gap).map_err(&err)?;
        let zp: Vec<f64> = w.zeros.iter().map(|z| z.parameter).collect();
        let zs: Vec<f64> = w.zeros.iter().map(|z| z.share).collect();
        let zu: Vec<u8> = w.zeros.iter().map(|z| z.unstable as u8).collect();
        put(&g, s::ZERO_PARAMETER, zp.as_slice()).map_err(&err)?;
        put(&g, s::ZERO_SHARE, zs.as_slice()).map_err(&err)?;
        put(&g, s::ZERO_UNSTABLE, zu.as_slice()).map_err(&err)?;
        Ok(())
    }
}

/// A wiggle diagram read back.
#[derive(Debug, Clone)]
pub struct WiggleRecord {
    pub wiggle: Wiggle,
    /// The dotted key of the curves' parameter.
    pub parameter_name: String,
    pub config_toml: Option<String>,
}

/// Reads `/wiggle`; `Ok(None)` when the file has none.
pub fn read_wiggle(path: &Path) -> Result<Option<WiggleRecord>> {
    let file = open_complete(path)?;
    let Ok(g) = file.group(s::WIGGLE) else {
        return Ok(None);
    };
    let at = format!("/{}", s::WIGGLE);
    let shares = read_f64s(&g, s::SHARE, path, &at)?;
    let values = read_f64s(&g, s::PARAMETER, path, &at)?;
    let gap = read_f64s(&g, s::REAL_WAGE_GAP, path, &at)?;
    if gap.len() != shares.len() * values.len() {
        return Err(Error::data(
            path,
            format!(
                "{at}/{} has {} values, expected {} parameter values × {} shares",
                s::REAL_WAGE_GAP,
                gap.len(),
                values.len(),
                shares.len()
            ),
        ));
    }
    let zp = read_f64s(&g, s::ZERO_PARAMETER, path, &at)?;
    let zs = read_f64s(&g, s::ZERO_SHARE, path, &at)?;
    let zu: Vec<u8> = g
        .dataset(s::ZERO_UNSTABLE)
        .and_then(|d| d.read_raw())
        .map_err(|_| Error::data(path, format!("{at}/{} is missing", s::ZERO_UNSTABLE)))?;
    if zs.len() != zp.len() || zu.len() != zp.len() {
        return Err(Error::data(path, format!("{at}: the zero_* datasets differ in length")));
    }
    let zeros = (0..zp.len())
        .map(|i| GapZero {
            parameter: zp[i],
            share: zs[i],
            unstable: zu[i] != 0,
        })
        .collect();
    Ok(Some(WiggleRecord {
        wiggle: Wiggle {
            shares,
            values,
            gap,
            zeros,
        },
        parameter_name: attr_string(&g, s::PARAMETER_NAME).unwrap_or_else(|| "parameter".into()),
        config_toml: attr_string(&file, s::CONFIG),
    }))
}
