//! Writing a bifurcation diagram: `/branches/<b>/{parameter, state, stable, n_unstable}` and
//! `/special_points/{kind, parameter, branch, index, bracket_low, bracket_high, value, mode}`.

use hdf5::types::VarLenUnicode;
use ndarray::Array2;

use super::annotate::put;
use super::schema as s;
use super::writer::{h5err, text, write_str_attr, OutputFile};
use crate::continuation::Diagram;
use crate::error::Result;

/// The plotted share: lambda_1 for two regions, the largest share otherwise.
pub fn plotted_share(shares: &[f64]) -> f64 {
    if shares.len() == 2 {
        shares[0]
    } else {
        shares.iter().copied().fold(0.0, f64::max)
    }
}

impl OutputFile {
    /// `/branches` and `/special_points` of a traced diagram.
    pub fn write_diagram(&self, d: &Diagram) -> Result<()> {
        let err = h5err(&self.target);
        let top = self.file().create_group(s::BRANCHES).map_err(&err)?;
        write_str_attr(&top, s::PARAMETER_NAME, &d.parameter_name).map_err(&err)?;
        for (b, branch) in d.branches.iter().enumerate() {
            let g = top.create_group(&b.to_string()).map_err(&err)?;
            write_str_attr(&g, s::PARAMETER_NAME, &d.parameter_name).map_err(&err)?;
            let support: Vec<String> = branch.support.iter().map(|r| (r + 1).to_string()).collect();
            write_str_attr(&g, s::SUPPORT, &support.join(",")).map_err(&err)?;
            write_str_attr(&g, s::END, &branch.end).map_err(&err)?;
            let p: Vec<f64> = branch.points.iter().map(|p| p.parameter).collect();
            let n = branch.points.first().map_or(0, |p| p.shares.len());
            let state = Array2::from_shape_fn((p.len(), n), |(i, j)| branch.points[i].shares[j]);
            let stable: Vec<u8> = branch.points.iter().map(|p| p.stable as u8).collect();
            let n_unstable: Vec<u64> = branch.points.iter().map(|p| p.n_unstable as u64).collect();
            put(&g, s::PARAMETER, p.as_slice()).map_err(&err)?;
            put(&g, s::STATE, &state).map_err(&err)?;
            put(&g, s::STABLE, stable.as_slice()).map_err(&err)?;
            put(&g, s::N_UNSTABLE, n_unstable.as_slice()).map_err(&err)?;
        }
        let sp = self.file().create_group(s::SPECIAL_POINTS).map_err(&err)?;
        let points = &d.special_points;
        let kinds: Vec<VarLenUnicode> = points.iter().map(|p| text(p.kind.name())).collect();
        let value: Vec<f64> = points
            .iter()
            .map(|p| plotted_share(&d.branches[p.branch].points[p.index].shares))
            .collect();
        put(&sp, s::KIND, kinds.as_slice()).map_err(&err)?;
        let f64s: [(&str, Vec<f64>); 4] = [
            (s::PARAMETER, points.iter().map(|p| p.parameter).collect()),
            (s::BRACKET_LOW, points.iter().map(|p| p.bracket.0).collect()),
            (s::BRACKET_HIGH, points.iter().map(|p| p.bracket.1).collect()),
            (s::VALUE, value),
        ];
        for (name, v) in f64s {
            put(&sp, name, v.as_slice()).map_err(&err)?;
        }
        let u64s: [(&str, Vec<u64>); 3] = [
            (s::BRANCH, points.iter().map(|p| p.branch as u64).collect()),
            (s::INDEX, points.iter().map(|p| p.index as u64).collect()),
            (s::MODE, points.iter().map(|p| p.mode as u64).collect()),
        ];
        for (name, v) in u64s {
            put(&sp, name, v.as_slice()).map_err(&err)?;
        }
        Ok(())
    }
}
