//! Figures from results files (`agglo plot`): a bifurcation diagram from `/branches` and
//! `/special_points`, or the equilibria of `agglo solve` from `/equilibria`, as PNG
//! (1200×800) or SVG. Text uses an embedded DejaVu Sans, so no system fonts are needed.
//! The figure is written to a temporary name next to the target and renamed when complete.

mod bifurcation;
mod bifurcation_data;
mod bifurcation_labels;
mod calibration_fit;
mod colour_bar;
mod colour_scale;
mod curves;
mod equilibria;
mod font;
mod labels;
mod legend;
mod maps;
mod output_file;
mod panels;
mod placement;
mod style;
mod sweep_curves;
mod sweep_scatter;
mod wiggle;

use output_file::{check_writable, temp_path};

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};
use plotters::style::WHITE;

use crate::error::{Error, Result};
use crate::output::{self, BifurcationRecord, EquilibriumSet};

pub use bifurcation_data::{stability_runs, y_value};
pub use labels::{parameter as parameter_label, ParameterLabel};

/// Which figure to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Branches against the continuation parameter (needs `/branches`).
    Bifurcation,
    /// Shares by region of each equilibrium (needs `/equilibria`).
    Equilibria,
    /// omega_1 - omega_2 against region 1's share, one curve per trade cost (needs `/wiggle`).
    Wiggle,
    /// A recorded quantity against the first swept key, one line per value of the second
    /// (needs `/sweep`).
    Sweep,
    /// Locations coloured by a quantity per location: share and wage, counterfactual changes,
    /// an ARSW city's residents, workers and floor prices (heat map on lattices; needs
    /// `/equilibria` or `/city`).
    Map,
    /// Model against data at the estimate, with the 45-degree line (needs `/calibration`).
    CalibrationFit,
}

/// Image format, from the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    /// `.png` or `.svg` (any case); anything else is an error naming the extension.
    pub fn from_path(path: &Path) -> Result<Format> {
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("png") => Ok(Format::Png),
            Some("svg") => Ok(Format::Svg),
            Some(other) => Err(Error::Output {
                path: path.into(),
                message: format!("unknown figure format \".{other}\": use a .png or .svg file name"),
            }),
            None => Err(Error::Output {
                path: path.into(),
                message: "no file extension: use a .png or .svg file name".into(),
            }),
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

/// The default figure name: the input with its extension replaced by `.png`.
pub fn default_output(input: &Path) -> PathBuf {
    input.with_extension("png")
}

/// What was drawn, for the command's report.
#[derive(Debug, Clone)]
pub struct Figure {
    pub path: PathBuf,
    pub kind: Kind,
    /// e.g. "5 branches, 3 special points".
    pub contents: String,
}

/// A drawing failure (backend or font) as text; [`plot`] reports it naming the figure.
#[derive(Debug)]
pub struct PlotError(String);

impl PlotError {
    fn draw<E: std::fmt::Display>(e: E) -> Self {
        PlotError(e.to_string())
    }
}

enum Data {
    /// The diagram, and the Fourier mode of each special point (0 when none or not written).
    Bifurcation(BifurcationRecord, Vec<u64>),
    Equilibria(EquilibriumSet),
    Wiggle(output::WiggleRecord),
    Sweep(curves::LineChart),
    /// A sweep whose design is not a grid: points coloured by the quantity.
    SweepScatter(Box<sweep_scatter::Scatter>),
    Map(output::MapRecord),
    Calibration(Box<output::CalibrationRecord>),
}

/// Draws `input` (a results file) into `output` (`.png` or `.svg`). `kind` `None` picks the
/// bifurcation diagram when the file has branches, else the equilibria.
pub fn plot(input: &Path, output: &Path, kind: Option<Kind>) -> Result<Figure> {
    plot_panels(&[input], output, kind, None)
}

/// Draws each of `inputs` as a panel, side by side, into `output`; `quantity` picks the
/// recorded quantity of a sweep figure (default: the first recorded).
pub fn plot_panels(inputs: &[&Path], output: &Path, kind: Option<Kind>, quantity: Option<&str>) -> Result<Figure> {
    if inputs.is_empty() {
        return Err(Error::Config("agglo plot needs at least one results file".into()));
    }
    for input in inputs {
        check_input(input)?;
    }
    check_writable(output)?;
    let format = Format::from_path(output)?;
    let panels = inputs
        .iter()
        .map(|input| read_any(input, kind, quantity))
        .collect::<Result<Vec<_>>>()?;
    let (kind, mut contents) = describe(&panels[0]);
    if panels.len() > 1 {
        contents = format!("{} panels; {contents}", panels.len());
    }
    let (w, h) = match &panels[0] {
        Data::Map(m) => maps::size(m.layers.len()),
        _ => style::SIZE,
    };
    font::register();
    let temp = temp_path(output, format);
    crate::output::cleanup::register(&temp);
    let drawn = if panels.len() == 1 {
        match format {
            Format::Png => render(BitMapBackend::new(&temp, (w, h)).into_drawing_area(), &panels[0]),
            Format::Svg => render(SVGBackend::new(&temp, (w, h)).into_drawing_area(), &panels[0]),
        }
    } else {
        // Closures, not `render` itself: the backends' lifetimes must stay generic.
        #[allow(clippy::redundant_closure)]
        panels::compose(
            &temp,
            format == Format::Png,
            (w, h),
            &panels,
            |a, d| render(a, d),
            |a, d| render(a, d),
        )
    };
    let fail = |message: String| {
        let _ = std::fs::remove_file(&temp);
        crate::output::cleanup::unregister(&temp);
        Error::Output {
            path: output.into(),
            message,
        }
    };
    drawn.map_err(|e| fail(e.0))?;
    crate::output::cleanup::commit(&temp, output).map_err(|e| fail(e.to_string()))?;
    Ok(Figure {
        path: output.to_path_buf(),
        kind,
        contents,
    })
}

fn check_input(input: &Path) -> Result<()> {
    if !input.is_file() {
        let what = if input.exists() {
            "is not a file"
        } else {
            "no such file"
        };
        return Err(Error::data(
            input,
            format!("{what} (expected an HDF5 file written by agglo)"),
        ));
    }
    Ok(())
}

/// The figure's kind and a few words on what it holds.
fn describe(data: &Data) -> (Kind, String) {
    match data {
        Data::Bifurcation(b, _) => {
            let s = b.special_points.len();
            let n = b.branches.len();
            (
                Kind::Bifurcation,
                format!("{n} branch{}, {s} special point{}", plural(n, "es"), plural(s, "s")),
            )
        }
        Data::Equilibria(e) => {
            let k = e.equilibria.len();
            (
                Kind::Equilibria,
                format!("{k} equilibri{}", if k == 1 { "um" } else { "a" }),
            )
        }
        Data::Wiggle(w) => {
            let (c, z) = (w.wiggle.values.len(), w.wiggle.zeros.len());
            (
                Kind::Wiggle,
                format!(
                    "{c} curve{}, {z} interior equilibri{}",
                    plural(c, "s"),
                    if z == 1 { "um" } else { "a" }
                ),
            )
        }
        Data::Sweep(c) => (
            Kind::Sweep,
            format!("{} line{}", c.curves.len(), plural(c.curves.len(), "s")),
        ),
        Data::SweepScatter(s) => (
            Kind::Sweep,
            format!("{} point{}", s.points.len(), plural(s.points.len(), "s")),
        ),
        Data::Map(m) => (
            Kind::Map,
            format!(
                "{} locations, {} panel{}",
                m.ids.len(),
                m.layers.len(),
                plural(m.layers.len(), "s")
            ),
        ),
        Data::Calibration(c) => (
            Kind::CalibrationFit,
            format!("{} fitted against observed values", c.fitted.len()),
        ),
    }
}

/// Reads what `kind` needs; without a kind: branches, else a wiggle, else a sweep, else
/// equilibria (a map for grid, torus and border-grid geographies, else bars).
fn read_any(input: &Path, kind: Option<Kind>, quantity: Option<&str>) -> Result<Data> {
    let sweep = |input: &Path| -> Result<Data> {
        let data = output::sweep::read_sweep(input)?;
        if sweep_scatter::wanted(&data) {
            return sweep_scatter::scatter(&data, quantity)
                .map(|s| Data::SweepScatter(Box::new(s)))
                .map_err(|m| Error::data(input, m));
        }
        sweep_curves::chart(&data, quantity)
            .map(Data::Sweep)
            .map_err(|m| Error::data(input, m))
    };
    let map = |input: &Path| -> Result<Option<Data>> {
        match output::read_map(input)? {
            Some(m) => maps::select(m, quantity)
                .map(|m| Some(Data::Map(m)))
                .map_err(|e| Error::data(input, e)),
            None => Ok(None),
        }
    };
    let has = |group: &str| -> bool { hdf5::File::open(input).map(|f| f.link_exists(group)).unwrap_or(false) };
    match kind {
        Some(Kind::Wiggle) => output::read_wiggle(input)?.map(Data::Wiggle).ok_or_else(|| {
            Error::data(
                input,
                "no /wiggle group: nothing for a wiggle diagram (agglo wiggle writes one)",
            )
        }),
        Some(Kind::Sweep) => {
            if !has(output::schema::SWEEP) {
                return Err(Error::data(
                    input,
                    "no /sweep group: nothing for comparative statics (agglo sweep writes one)",
                ));
            }
            sweep(input)
        }
        Some(Kind::Map) => map(input)?.ok_or_else(|| {
            Error::data(
                input,
                "neither /equilibria nor /city: nothing to map (agglo solve and agglo counterfactual write them)",
            )
        }),
        Some(k) => read(input, Some(k)),
        None => {
            if has(output::schema::BRANCHES) {
                read(input, None)
            } else if has(output::schema::WIGGLE) {
                read_any(input, Some(Kind::Wiggle), quantity)
            } else if has(output::schema::SWEEP) {
                sweep(input)
            } else {
                match map(input)? {
                    Some(Data::Map(m)) if maps::is_lattice(&m.kind) || has(output::schema::CITY) => Ok(Data::Map(m)),
                    _ => read(input, None),
                }
            }
        }
    }
}

fn render<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, data: &Data) -> Result<(), PlotError> {
    root.fill(&WHITE).map_err(PlotError::draw)?;
    draw_one(&root, data)?;
    root.present().map_err(PlotError::draw)
}

fn draw_one<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &Data) -> Result<(), PlotError> {
    match data {
        Data::Bifurcation(b, modes) => bifurcation::draw(area, b, modes),
        Data::Equilibria(e) => equilibria::draw(area, e),
        Data::Wiggle(w) => wiggle::draw(area, w),
        Data::Sweep(c) => sweep_curves::draw(area, c),
        Data::SweepScatter(s) => sweep_scatter::draw(area, s),
        Data::Map(m) => maps::draw(area, m),
        Data::Calibration(c) => calibration_fit::draw(area, c),
    }
}

fn plural(n: usize, suffix: &str) -> &str {
    if n == 1 {
        ""
    } else {
        suffix
    }
}

fn read(input: &Path, kind: Option<Kind>) -> Result<Data> {
    let calibration = || hdf5::File::open(input).is_ok_and(|f| f.link_exists(output::schema::CALIBRATION));
    if kind.is_none() && calibration() {
        return Ok(Data::Calibration(Box::new(output::read_calibration(input)?)));
    }
    let no_branches = "no /branches group: nothing for a bifurcation diagram (agglo bifurcate writes one)";
    let no_equilibria = "no /equilibria group: no equilibria to plot (agglo solve writes them)";
    let data = match kind {
        Some(Kind::Bifurcation) => output::read_bifurcation(input)?
            .map(bifurcation_data(input))
            .ok_or_else(|| Error::data(input, no_branches))?,
        Some(Kind::CalibrationFit) => Data::Calibration(Box::new(output::read_calibration(input)?)),
        Some(Kind::Equilibria) => output::read_equilibria(input)?
            .map(Data::Equilibria)
            .ok_or_else(|| Error::data(input, no_equilibria))?,
        Some(other) => return read_any(input, Some(other), None),
        None => match output::read_bifurcation(input)? {
            Some(b) => bifurcation_data(input)(b),
            None => output::read_equilibria(input)?.map(Data::Equilibria).ok_or_else(|| {
                Error::data(
                    input,
                    "neither /branches nor /equilibria: nothing to plot (agglo bifurcate and agglo solve write them)",
                )
            })?,
        },
    };
    match &data {
        Data::Bifurcation(b, _) if b.branches.iter().all(|b| b.is_empty()) => {
            Err(Error::data(input, "/branches holds no points: nothing to plot"))
        }
        Data::Equilibria(e) if e.equilibria.is_empty() => {
            Err(Error::data(input, "/equilibria is empty: nothing to plot"))
        }
        _ => Ok(data),
    }
}

fn bifurcation_data(input: &Path) -> impl Fn(BifurcationRecord) -> Data + '_ {
    move |b| {
        let modes = read_modes(input, b.special_points.len());
        Data::Bifurcation(b, modes)
    }
}

/// `/special_points/mode`, when the file has it with one entry per special point; else
/// zeros (older files, and files of other writers, have no modes: labels then show none).
fn read_modes(input: &Path, n: usize) -> Vec<u64> {
    let read = || -> Option<Vec<u64>> {
        let file = hdf5::File::open(input).ok()?;
        let group = file.group(output::schema::SPECIAL_POINTS).ok()?;
        if !group.link_exists(output::schema::MODE) {
            return None;
        }
        group.dataset(output::schema::MODE).ok()?.read_raw::<u64>().ok()
    };
    read().filter(|m| m.len() == n).unwrap_or_else(|| vec![0; n])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_comes_from_the_extension() {
        assert_eq!(Format::from_path(Path::new("a/b.PNG")).unwrap(), Format::Png);
        assert_eq!(Format::from_path(Path::new("b.svg")).unwrap(), Format::Svg);
        let e = Format::from_path(Path::new("fig.pdf")).unwrap_err().to_string();
        assert!(e.contains("fig.pdf") && e.contains(".pdf"), "{e}");
        assert!(Format::from_path(Path::new("fig")).is_err());
    }

    #[test]
    fn default_output_replaces_the_extension() {
        assert_eq!(default_output(Path::new("runs/out.h5")), PathBuf::from("runs/out.png"));
    }
}
