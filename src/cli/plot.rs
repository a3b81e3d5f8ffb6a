//! `agglo plot FILE.h5 [MORE.h5...] [-o FIG.png|FIG.svg] [--kind ...] [--quantity NAME]`: a figure of a
//! results file.

use std::path::{Path, PathBuf};

use super::stdout::println;
use crate::plot::{self, Kind};

/// The figure `--kind` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlotKind {
    /// Branches against the continuation parameter (from `agglo bifurcate`).
    Bifurcation,
    /// Shares by region of each equilibrium (from `agglo solve`).
    Equilibria,
    /// Real-wage gap against region 1's share, a curve per trade cost (from `agglo wiggle`).
    Wiggle,
    /// A recorded quantity against the first swept key, a line per value of the second; on
    /// latin-hypercube and Sobol designs, points over the first two keys coloured by the
    /// quantity (from `agglo sweep`; choose the quantity with --quantity).
    Sweep,
    /// Locations coloured by share and wage (or the changes of a counterfactual, or an ARSW
    /// city's residents, workers and floor prices), a heat map on grids (from `agglo solve`
    /// or `agglo counterfactual`; choose the quantity with --quantity).
    Map,
    /// Fitted against observed values with the 45-degree line (from `agglo calibrate`).
    CalibrationFit,
}

pub fn run(
    file: &Path,
    more: &[PathBuf],
    output: Option<&Path>,
    kind: Option<PlotKind>,
    quantity: Option<&str>,
) -> anyhow::Result<()> {
    let output = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| plot::default_output(file));
    let kind = kind.map(|k| match k {
        PlotKind::Bifurcation => Kind::Bifurcation,
        PlotKind::Equilibria => Kind::Equilibria,
        PlotKind::Wiggle => Kind::Wiggle,
        PlotKind::Sweep => Kind::Sweep,
        PlotKind::Map => Kind::Map,
        PlotKind::CalibrationFit => Kind::CalibrationFit,
    });
    let inputs: Vec<&Path> = std::iter::once(file).chain(more.iter().map(PathBuf::as_path)).collect();
    let figure = plot::plot_panels(&inputs, &output, kind, quantity)?;
    let what = match figure.kind {
        Kind::Bifurcation => "bifurcation diagram",
        Kind::Equilibria => "equilibria",
        Kind::Wiggle => "wiggle diagram",
        Kind::Sweep => "comparative statics",
        Kind::Map => "map",
        Kind::CalibrationFit => "calibration fit",
    };
    println(&format!(
        "wrote {} ({what}: {})",
        figure.path.display(),
        figure.contents
    ))?;
    Ok(())
}
