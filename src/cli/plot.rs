//! `agglo plot FILE.h5 [-o FIG.png|FIG.svg] [--kind bifurcation|equilibria]`: a figure of a
//! results file.

use std::path::Path;

use super::stdout::println;
use crate::plot::{self, Kind};

/// The figure `--kind` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlotKind {
    /// Branches against the continuation parameter (from `agglo bifurcate`).
    Bifurcation,
    /// Shares by region of each equilibrium (from `agglo solve`).
    Equilibria,
    /// Fitted against observed values with the 45-degree line (from `agglo calibrate`).
    CalibrationFit,
}

pub fn run(file: &Path, output: Option<&Path>, kind: Option<PlotKind>) -> anyhow::Result<()> {
    let output = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| plot::default_output(file));
    let kind = kind.map(|k| match k {
        PlotKind::Bifurcation => Kind::Bifurcation,
        PlotKind::Equilibria => Kind::Equilibria,
        PlotKind::CalibrationFit => Kind::CalibrationFit,
    });
    let figure = plot::plot(file, &output, kind)?;
    let what = match figure.kind {
        Kind::Bifurcation => "bifurcation diagram",
        Kind::Equilibria => "equilibria",
        Kind::CalibrationFit => "calibration fit",
    };
    println(&format!(
        "wrote {} ({what}: {})",
        figure.path.display(),
        figure.contents
    ))?;
    Ok(())
}
