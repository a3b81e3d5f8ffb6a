//! Reading agglo's files back: a readable summary for `agglo inspect`, and trade-cost
//! matrices from HDF5 for the `matrix` geography.

use std::fmt::Write as _;
use std::path::Path;

use hdf5::types::VarLenUnicode;

use super::schema as s;
use crate::error::{Error, Result};

fn h5err(path: &Path) -> impl Fn(hdf5::Error) -> Error + '_ {
    move |source| Error::Hdf5 { path: path.to_path_buf(), source }
}

/// Reads the 2-D dataset `dataset` of `path` as a row-major matrix, with ids from a sibling
/// dataset `ids` (strings) when there is one, else "1".."N".
pub fn read_matrix(path: &Path, dataset: &str) -> Result<(Vec<String>, usize, Vec<f64>)> {
    let err = h5err(path);
    let file = hdf5::File::open(path).map_err(&err)?;
    let ds = file
        .dataset(dataset)
        .map_err(|_| Error::data(path, format!("no dataset \"{dataset}\" (set geography.dataset)")))?;
    let shape = ds.shape();
    if shape.len() != 2 || shape[0] != shape[1] {
        return Err(Error::data(path, format!("dataset \"{dataset}\" has shape {shape:?}: a trade-cost matrix must be square")));
    }
    let n = shape[0];
    let values: Vec<f64> = ds.read_raw().map_err(&err)?;
    let ids = match file.dataset("ids").and_then(|d| d.read_raw::<VarLenUnicode>()) {
        Ok(v) if v.len() == n => v.iter().map(|s| s.as_str().to_string()).collect(),
        _ => (1..=n).map(|i| i.to_string()).collect(),
    };
    Ok((ids, n, values))
}

fn attr_string(loc: &hdf5::Location, name: &str) -> Option<String> {
    loc.attr(name).ok()?.read_scalar::<VarLenUnicode>().ok().map(|s| s.as_str().to_string())
}

fn attr_f64(loc: &hdf5::Location, name: &str) -> Option<f64> {
    loc.attr(name).ok()?.read_scalar::<f64>().ok()
}

fn attr_u64(loc: &hdf5::Location, name: &str) -> Option<u64> {
    let a = loc.attr(name).ok()?;
    a.read_scalar::<u64>().ok().or_else(|| a.read_scalar::<u8>().ok().map(u64::from))
}

/// A readable summary of a results file: provenance, geography, equilibria with stability
/// and residuals. Refuses files not marked complete.
pub fn summarize(path: &Path) -> Result<String> {
    let err = h5err(path);
    let file = hdf5::File::open(path).map_err(&err)?;
    if attr_u64(&file, s::COMPLETE) != Some(1) {
        return Err(Error::data(path, "incomplete file (no 'complete' mark): the run that wrote it did not finish"));
    }
    let mut out = String::new();
    let _ = writeln!(out, "file      {}", path.display());
    let _ = writeln!(
        out,
        "written   by agglo {} on {}",
        attr_string(&file, s::AGGLO_VERSION).unwrap_or_default(),
        attr_string(&file, s::CREATED).unwrap_or_default()
    );
    let _ = writeln!(out, "command   {}", attr_string(&file, s::COMMAND).unwrap_or_default());
    if let Ok(g) = file.group(s::GEOGRAPHY) {
        let n = g.dataset(s::IDS).map(|d| d.size()).unwrap_or(0);
        let _ = writeln!(out, "geography {} with {n} regions", attr_string(&g, s::KIND).unwrap_or_default());
    }
    if let Ok(c) = file.group(s::CLOSED_FORM) {
        let _ = writeln!(
            out,
            "closed    break T_B = {:.10}, sustain T_S = {:.10}, no-black-hole {}",
            attr_f64(&c, s::BREAK_TRADE_COST).unwrap_or(f64::NAN),
            attr_f64(&c, s::SUSTAIN_TRADE_COST).unwrap_or(f64::NAN),
            if attr_u64(&c, s::NO_BLACK_HOLE) == Some(1) { "holds" } else { "fails" }
        );
    }
    if let Ok(eq) = file.group(s::EQUILIBRIA) {
        let horizon = attr_string(&eq, s::HORIZON).unwrap_or_default();
        let mut names = eq.member_names().map_err(&err)?;
        names.sort_by_key(|n| n.parse::<usize>().unwrap_or(usize::MAX));
        let _ = writeln!(out, "{horizon} equilibria: {}", names.len());
        let _ = writeln!(out, "  {:>3}  {:<10} {:>10}  {:>9}  {:>5}  {:>10}  {:<8}  shares", "k", "stability", "n_unstable", "converged", "iters", "residual", "solver");
        for name in names {
            let g = eq.group(&name).map_err(&err)?;
            let shares: Vec<f64> = g.dataset(s::SHARE).and_then(|d| d.read_raw()).map_err(&err)?;
            let stability = match attr_u64(&g, s::STABLE) {
                Some(1) => "stable",
                Some(_) => "unstable",
                None => "-",
            };
            let n_unstable = attr_u64(&g, s::N_UNSTABLE).map(|v| v.to_string()).unwrap_or_else(|| "-".into());
            let shown: Vec<String> = shares.iter().take(8).map(|v| format!("{v:.6}")).collect();
            let more = if shares.len() > 8 { format!(" ... ({} regions)", shares.len()) } else { String::new() };
            let _ = writeln!(
                out,
                "  {:>3}  {:<10} {:>10}  {:>9}  {:>5}  {:>10.3e}  {:<8}  [{}]{}",
                name,
                stability,
                n_unstable,
                if attr_u64(&g, s::CONVERGED) == Some(1) { "yes" } else { "NO" },
                attr_u64(&g, s::ITERATIONS).unwrap_or(0),
                attr_f64(&g, s::RESIDUAL).unwrap_or(f64::NAN),
                attr_string(&g, s::SOLVER).unwrap_or_default(),
                shown.join(", "),
                more
            );
        }
    }
    Ok(out)
}
