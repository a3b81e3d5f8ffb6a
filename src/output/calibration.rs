//! Writing `/calibration` (layout in README.md): names, estimate, std_error, trace with the
//! objective and status, plus the fit per residual, identification, every distinct local
//! optimum and the bootstrap. NaN appears only where flagged: `estimate` where `identified`
//! is 0, `std_error` where no standard error applies (the status says why).

use hdf5::types::VarLenUnicode;
use ndarray::Array2;

use super::annotate::put;
use super::schema as s;
use super::writer::{h5err, write_f64_attr, write_str_attr, write_u64_attr, OutputFile};
use crate::calibration::Calibration;
use crate::error::Result;

fn strings(v: &[String]) -> Vec<VarLenUnicode> {
    v.iter().map(|x| x.parse().unwrap_or_default()).collect()
}

impl OutputFile {
    pub fn write_calibration(&self, c: &Calibration) -> Result<()> {
        let err = h5err(&self.target);
        let g = self.file().create_group(s::CALIBRATION).map_err(&err)?;
        let q = c.names.len();
        put(&g, s::NAMES, strings(&c.names).as_slice()).map_err(&err)?;
        let lower: Vec<f64> = c.parameters.iter().map(|p| p.lower).collect();
        let upper: Vec<f64> = c.parameters.iter().map(|p| p.upper).collect();
        let start: Vec<f64> = c.parameters.iter().map(|p| p.start).collect();
        for (name, data) in [
            (s::ESTIMATE, &c.estimate[..]),
            (s::STD_ERROR, &c.std_error[..]),
            (s::OPTIMUM, &c.optimum[..]),
            (s::CALIBRATION_LOWER, &lower[..]),
            (s::CALIBRATION_UPPER, &upper[..]),
            (s::CALIBRATION_START, &start[..]),
            (s::SINGULAR_VALUES, &c.identification.singular_values[..]),
            (s::WEAKEST_DIRECTION, &c.identification.weakest_direction[..]),
            (s::FITTED, &c.fitted[..]),
            (s::OBSERVED, &c.observed[..]),
        ] {
            put(&g, name, data).map_err(&err)?;
        }
        let identified: Vec<u8> = c.identification.identified.iter().map(|&b| b as u8).collect();
        put(&g, s::IDENTIFIED, identified.as_slice()).map_err(&err)?;
        put(&g, s::LABELS, strings(&c.labels).as_slice()).map_err(&err)?;
        let trace = Array2::from_shape_fn((c.trace.len(), q + 1), |(i, k)| {
            if k < q {
                c.trace[i].theta[k]
            } else {
                c.trace[i].objective
            }
        });
        put(&g, s::TRACE, &trace).map_err(&err)?;
        write_f64_attr(&g, s::OBJECTIVE, c.objective).map_err(&err)?;
        write_str_attr(&g, s::CALIBRATION_STATUS, &c.status).map_err(&err)?;
        write_str_attr(&g, s::CALIBRATION_TARGET, c.target).map_err(&err)?;
        write_str_attr(&g, s::CALIBRATION_METHOD, &c.method).map_err(&err)?;
        write_f64_attr(&g, s::CONDITION_NUMBER, c.identification.condition_number).map_err(&err)?;
        write_f64_attr(&g, s::RESIDUAL_VARIANCE, c.residual_variance).map_err(&err)?;
        write_u64_attr(&g, s::FAILED_EVALUATIONS, c.failed_evaluations as u64).map_err(&err)?;

        let o = g.create_group(s::OPTIMA).map_err(&err)?;
        let k = c.optima.len();
        let params = Array2::from_shape_fn((k, q), |(i, j)| c.optima[i].theta[j]);
        put(&o, s::PARAMETERS, &params).map_err(&err)?;
        let objective: Vec<f64> = c.optima.iter().map(|o| o.objective).collect();
        put(&o, s::OBJECTIVE, objective.as_slice()).map_err(&err)?;
        let reached: Vec<u64> = c.optima.iter().map(|o| o.starts.len() as u64).collect();
        put(&o, s::REACHED, reached.as_slice()).map_err(&err)?;

        if let Some(b) = &c.bootstrap {
            let bg = g.create_group(s::BOOTSTRAP).map_err(&err)?;
            let draws = Array2::from_shape_fn((b.draws.len(), q), |(i, j)| b.draws[i][j]);
            put(&bg, s::DRAWS, &draws).map_err(&err)?;
            put(&bg, s::STD_DEV, b.std_dev.as_slice()).map_err(&err)?;
            let interval =
                Array2::from_shape_fn((q, 2), |(i, j)| if j == 0 { b.interval[i].0 } else { b.interval[i].1 });
            put(&bg, s::INTERVAL, &interval).map_err(&err)?;
            write_u64_attr(&bg, s::REPLICATES, (b.draws.len() + b.failed) as u64).map_err(&err)?;
            write_u64_attr(&bg, s::FAILED, b.failed as u64).map_err(&err)?;
        }
        Ok(())
    }
}
