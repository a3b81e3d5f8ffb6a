//! Reading a finished sweep file back (`agglo merge`, `agglo inspect`, `agglo plot`).

use std::path::{Path, PathBuf};

use hdf5::types::VarLenUnicode;

use super::schema as s;
use super::sweep::SweepLayout;
use super::writer::h5err;
use crate::error::{Error, Result};
use crate::sweep::{PointResult, Shard};

pub(super) fn read_string_list_attr(loc: &hdf5::Location, name: &str) -> hdf5::Result<Vec<String>> {
    Ok(loc
        .attr(name)?
        .read_raw::<VarLenUnicode>()?
        .iter()
        .map(|x| x.as_str().to_string())
        .collect())
}

pub(super) fn read_str_attr(loc: &hdf5::Location, name: &str) -> hdf5::Result<String> {
    Ok(loc.attr(name)?.read_scalar::<VarLenUnicode>()?.as_str().to_string())
}

pub(super) fn read_u64_attr(loc: &hdf5::Location, name: &str) -> hdf5::Result<u64> {
    let a = loc.attr(name)?;
    a.read_scalar::<u64>().or_else(|_| a.read_scalar::<u8>().map(u64::from))
}

/// One finished shard (or whole sweep) read back.
#[derive(Debug, Clone)]
pub struct SweepData {
    pub path: PathBuf,
    /// Root attribute `config`.
    pub config: String,
    pub layout: SweepLayout,
    pub index: Vec<u64>,
    /// `rows × Q`, row-major.
    pub parameters: Vec<f64>,
    /// One row per point, in file order.
    pub results: Vec<PointResult>,
}

/// Reads a finished sweep file; errors name the file.
pub fn read_sweep(path: &Path) -> Result<SweepData> {
    let err = h5err(path);
    let file = hdf5::File::open(path).map_err(&err)?;
    let complete = read_u64_attr(&file, s::COMPLETE).unwrap_or(0);
    let group = file
        .group(s::SWEEP)
        .map_err(|_| Error::data(path, "no /sweep group: not written by agglo sweep"))?;
    if complete != 1 || group.link_exists(s::DONE) {
        return Err(Error::data(
            path,
            "is an unfinished sweep (attribute complete = 0): finish it with agglo sweep --resume",
        ));
    }
    let config = read_str_attr(&file, s::CONFIG).map_err(&err)?;
    let params = group.dataset(s::PARAMETERS).map_err(&err)?;
    let names = read_string_list_attr(&params, s::NAMES).map_err(&err)?;
    let record_names = read_string_list_attr(&group, s::RECORD).map_err(&err)?;
    let shard = Shard::new(
        read_u64_attr(&group, s::SHARD).map_err(&err)? as usize,
        read_u64_attr(&group, s::NSHARDS).map_err(&err)? as usize,
    )
    .map_err(|e| Error::data(path, e.to_string()))?;
    let index: Vec<u64> = group.dataset(s::INDEX).and_then(|d| d.read_raw()).map_err(&err)?;
    let rows = index.len();
    let parameters: Vec<f64> = params.read_raw().map_err(&err)?;
    let mut record = Vec::new();
    let mut columns = Vec::new();
    for name in &record_names {
        let ds = group.dataset(name).map_err(&err)?;
        let shape = ds.shape();
        let width = if shape.len() == 2 { shape[1] } else { 1 };
        record.push((name.clone(), width));
        columns.push(ds.read_raw::<f64>().map_err(&err)?);
    }
    let converged: Vec<u8> = group.dataset(s::CONVERGED).and_then(|d| d.read_raw()).map_err(&err)?;
    let residual: Vec<f64> = group.dataset(s::RESIDUAL).and_then(|d| d.read_raw()).map_err(&err)?;
    let iterations: Vec<u64> = group.dataset(s::ITERATIONS).and_then(|d| d.read_raw()).map_err(&err)?;
    if parameters.len() != rows * names.len()
        || converged.len() != rows
        || residual.len() != rows
        || iterations.len() != rows
    {
        return Err(Error::data(
            path,
            format!("/sweep datasets disagree on the number of points ({rows} indices)"),
        ));
    }
    let results = (0..rows)
        .map(|i| {
            let mut values = Vec::new();
            for (col, (_, w)) in columns.iter().zip(&record) {
                values.extend_from_slice(&col[i * w..(i + 1) * w]);
            }
            PointResult {
                values,
                converged: converged[i] == 1,
                residual: residual[i],
                iterations: iterations[i],
            }
        })
        .collect();
    let layout = SweepLayout {
        names,
        record,
        points: read_u64_attr(&group, s::POINTS).map_err(&err)? as usize,
        shard,
        design: read_str_attr(&group, s::DESIGN).map_err(&err)?,
        solved: read_str_attr(&group, s::SOLVED).map_err(&err)?,
        config_hash: read_str_attr(&group, s::CONFIG_HASH).map_err(&err)?,
    };
    Ok(SweepData {
        path: path.to_path_buf(),
        config,
        layout,
        index,
        parameters,
        results,
    })
}

/// What [`merge`] did.
/// Lines for `agglo inspect` about `/sweep` of the file at `path`.
pub(super) fn summary(path: &Path) -> Result<String> {
    let d = read_sweep(path)?;
    let l = &d.layout;
    let q = l.names.len();
    let ranges: Vec<String> = (0..q)
        .map(|j| {
            let (lo, hi) = d
                .parameters
                .iter()
                .skip(j)
                .step_by(q.max(1))
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(*v), b.max(*v)));
            format!("{} [{lo}, {hi}]", l.names[j])
        })
        .collect();
    let part = if l.shard.is_whole() {
        String::new()
    } else {
        format!(
            " (shard {} of {}: {} points)",
            l.shard.index,
            l.shard.count,
            d.index.len()
        )
    };
    let converged = d.results.iter().filter(|r| r.converged).count();
    let residual = d
        .results
        .iter()
        .filter(|r| r.converged)
        .map(|r| r.residual)
        .fold(0.0f64, f64::max);
    let record: Vec<String> = l
        .record
        .iter()
        .map(|(n, w)| if *w == 1 { n.clone() } else { format!("{n} [{w}]") })
        .collect();
    Ok(format!(
        "sweep     {} of {} points{part} over {}\n          {} each; {converged}/{} converged (max residual {residual:.2e}); recorded {}\n",
        l.design,
        l.points,
        ranges.join(", "),
        l.solved,
        d.results.len(),
        record.join(", ")
    ))
}
