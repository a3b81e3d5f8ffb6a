//! Reading `/calibration` back: the estimate table of `agglo inspect` and the fitted and
//! observed values that `agglo plot` draws.

use std::fmt::Write;
use std::path::Path;

use hdf5::types::VarLenUnicode;

use super::schema as s;
use super::writer::h5err;
use crate::error::{Error, Result};

/// A distinct optimum: parameters, objective, starts that reached it.
pub type OptimumRecord = (Vec<f64>, f64, u64);
/// Bootstrap standard deviation, (2.5%, 97.5%) interval per parameter, replicates.
pub type BootstrapRecord = (Vec<f64>, Vec<(f64, f64)>, u64);

/// `/calibration` of a results file.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationRecord {
    pub names: Vec<String>,
    pub estimate: Vec<f64>,
    pub std_error: Vec<f64>,
    pub optimum: Vec<f64>,
    pub identified: Vec<bool>,
    pub objective: f64,
    pub status: String,
    pub target: String,
    pub method: String,
    pub condition_number: f64,
    pub labels: Vec<String>,
    pub fitted: Vec<f64>,
    pub observed: Vec<f64>,
    /// Distinct optima: (parameters, objective, starts that reached it).
    pub optima: Vec<OptimumRecord>,
    /// Bootstrap standard deviation and (2.5%, 97.5%) interval per parameter.
    pub bootstrap: Option<BootstrapRecord>,
}

fn strings(g: &hdf5::Group, name: &str) -> hdf5::Result<Vec<String>> {
    let v: Vec<VarLenUnicode> = g.dataset(name)?.read_raw()?;
    Ok(v.iter().map(|x| x.as_str().to_string()).collect())
}

fn floats(g: &hdf5::Group, name: &str) -> hdf5::Result<Vec<f64>> {
    g.dataset(name)?.read_raw()
}

fn attr_str(g: &hdf5::Group, name: &str) -> hdf5::Result<String> {
    Ok(g.attr(name)?.read_scalar::<VarLenUnicode>()?.as_str().to_string())
}

/// Reads `/calibration` of `path` (a complete agglo file).
pub fn read_calibration(path: &Path) -> Result<CalibrationRecord> {
    let err = h5err(path);
    let file = hdf5::File::open(path).map_err(&err)?;
    let complete = file.attr(s::COMPLETE).and_then(|a| a.read_scalar::<u8>()).unwrap_or(0);
    if complete != 1 {
        return Err(Error::data(
            path,
            "incomplete file (no 'complete' mark): the run that wrote it did not finish",
        ));
    }
    let g = file
        .group(s::CALIBRATION)
        .map_err(|_| Error::data(path, "no /calibration group (not written by agglo calibrate)"))?;
    let identified: Vec<u8> = g.dataset(s::IDENTIFIED).and_then(|d| d.read_raw()).map_err(&err)?;
    let o = g.group(s::OPTIMA).map_err(&err)?;
    let params = o
        .dataset(s::PARAMETERS)
        .and_then(|d| d.read_2d::<f64>())
        .map_err(&err)?;
    let objective = floats(&o, s::OBJECTIVE).map_err(&err)?;
    let reached: Vec<u64> = o.dataset(s::REACHED).and_then(|d| d.read_raw()).map_err(&err)?;
    let optima = (0..objective.len())
        .map(|k| (params.row(k).to_vec(), objective[k], reached[k]))
        .collect();
    let bootstrap = match g.group(s::BOOTSTRAP) {
        Ok(b) => {
            let sd = floats(&b, s::STD_DEV).map_err(&err)?;
            let iv = b.dataset(s::INTERVAL).and_then(|d| d.read_2d::<f64>()).map_err(&err)?;
            let replicates = b
                .attr(s::REPLICATES)
                .and_then(|a| a.read_scalar::<u64>())
                .map_err(&err)?;
            Some((
                sd,
                (0..iv.nrows()).map(|i| (iv[(i, 0)], iv[(i, 1)])).collect(),
                replicates,
            ))
        }
        Err(_) => None,
    };
    Ok(CalibrationRecord {
        names: strings(&g, s::NAMES).map_err(&err)?,
        estimate: floats(&g, s::ESTIMATE).map_err(&err)?,
        std_error: floats(&g, s::STD_ERROR).map_err(&err)?,
        optimum: floats(&g, s::OPTIMUM).map_err(&err)?,
        identified: identified.iter().map(|&b| b == 1).collect(),
        objective: g.attr(s::OBJECTIVE).and_then(|a| a.read_scalar()).map_err(&err)?,
        status: attr_str(&g, s::CALIBRATION_STATUS).map_err(&err)?,
        target: attr_str(&g, s::CALIBRATION_TARGET).map_err(&err)?,
        method: attr_str(&g, s::CALIBRATION_METHOD).map_err(&err)?,
        condition_number: g
            .attr(s::CONDITION_NUMBER)
            .and_then(|a| a.read_scalar())
            .map_err(&err)?,
        labels: strings(&g, s::LABELS).map_err(&err)?,
        fitted: floats(&g, s::FITTED).map_err(&err)?,
        observed: floats(&g, s::OBSERVED).map_err(&err)?,
        optima,
        bootstrap,
    })
}

/// The estimate table (as `agglo calibrate` prints it and `agglo inspect` shows it).
pub fn calibration_table(c: &CalibrationRecord) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "calibration: target {}, method {}, objective {:.6e}, status: {}",
        c.target, c.method, c.objective, c.status
    );
    let width = c.names.iter().map(String::len).max().unwrap_or(9).max(9);
    let boot = c.bootstrap.is_some();
    let _ = write!(
        out,
        "  {:<width$}  {:>16}  {:>12}",
        "parameter", "estimate", "std. error"
    );
    if boot {
        let _ = write!(out, "  {:>12}  {:>29}", "bootstrap sd", "bootstrap 95% interval");
    }
    let _ = writeln!(out);
    for i in 0..c.names.len() {
        let est = if c.identified[i] {
            format!("{:>16.10}", c.estimate[i])
        } else {
            format!("{:>16}", "not identified")
        };
        let se = if c.std_error[i].is_finite() {
            format!("{:>12.4e}", c.std_error[i])
        } else {
            format!("{:>12}", "-")
        };
        let _ = write!(out, "  {:<width$}  {est}  {se}", c.names[i]);
        if let Some((sd, iv, _)) = &c.bootstrap {
            let _ = write!(out, "  {:>12.4e}  [{:>13.8}, {:>13.8}]", sd[i], iv[i].0, iv[i].1);
        }
        if !c.identified[i] {
            let _ = write!(out, "  (stopped at {:.10})", c.optimum[i]);
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "  condition number of the scaled Jacobian: {:.3e}",
        c.condition_number
    );
    if let Some((_, _, b)) = &c.bootstrap {
        let _ = writeln!(out, "  bootstrap over locations: {b} replicates");
    }
    let _ = writeln!(out, "  distinct local optima: {}", c.optima.len());
    for (k, (theta, f, n)) in c.optima.iter().enumerate().take(10) {
        let t: Vec<String> = theta.iter().map(|v| format!("{v:.8}")).collect();
        let _ = writeln!(
            out,
            "    {k}  objective {f:.6e}  reached by {n} start(s)  [{}]",
            t.join(", ")
        );
    }
    out
}

/// The table of the file's `/calibration`.
pub fn summary(path: &Path) -> Result<String> {
    Ok(calibration_table(&read_calibration(path)?))
}
