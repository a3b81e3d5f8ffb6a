//! Figures from results files (`agglo plot`): a bifurcation diagram from `/branches` and
//! `/special_points`, or the equilibria of `agglo solve` from `/equilibria`, as PNG
//! (1200×800) or SVG. Text uses an embedded DejaVu Sans, so no system fonts are needed.
//! The figure is written to a temporary name next to the target and renamed when complete.

mod bifurcation;
mod equilibria;
mod font;
mod labels;
mod legend;
mod placement;
mod style;

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};
use plotters::style::WHITE;

use crate::error::{Error, Result};
use crate::output::{self, BifurcationRecord, EquilibriumSet};

pub use bifurcation::{stability_runs, y_value};
pub use labels::{parameter as parameter_label, ParameterLabel};

/// Which figure to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Branches against the continuation parameter (needs `/branches`).
    Bifurcation,
    /// Shares by region of each equilibrium (needs `/equilibria`).
    Equilibria,
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
}

/// Draws `input` (a results file) into `output` (`.png` or `.svg`). `kind` `None` picks the
/// bifurcation diagram when the file has branches, else the equilibria.
pub fn plot(input: &Path, output: &Path, kind: Option<Kind>) -> Result<Figure> {
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
    check_writable(output)?;
    let format = Format::from_path(output)?;
    let data = read(input, kind)?;
    let (kind, contents) = match &data {
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
    };
    font::register();
    let temp = temp_path(output, format);
    crate::output::cleanup::register(&temp);
    let drawn = match format {
        Format::Png => render(BitMapBackend::new(&temp, style::SIZE).into_drawing_area(), &data),
        Format::Svg => render(SVGBackend::new(&temp, style::SIZE).into_drawing_area(), &data),
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

fn plural(n: usize, suffix: &str) -> &str {
    if n == 1 {
        ""
    } else {
        suffix
    }
}

fn read(input: &Path, kind: Option<Kind>) -> Result<Data> {
    let no_branches = "no /branches group: nothing for a bifurcation diagram (agglo bifurcate writes one)";
    let no_equilibria = "no /equilibria group: no equilibria to plot (agglo solve writes them)";
    let data = match kind {
        Some(Kind::Bifurcation) => output::read_bifurcation(input)?
            .map(bifurcation_data(input))
            .ok_or_else(|| Error::data(input, no_branches))?,
        Some(Kind::Equilibria) => output::read_equilibria(input)?
            .map(Data::Equilibria)
            .ok_or_else(|| Error::data(input, no_equilibria))?,
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

fn render<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, data: &Data) -> Result<(), PlotError> {
    root.fill(&WHITE).map_err(PlotError::draw)?;
    match data {
        Data::Bifurcation(b, modes) => bifurcation::draw(&root, b, modes)?,
        Data::Equilibria(e) => equilibria::draw(&root, e)?,
    }
    root.present().map_err(PlotError::draw)
}

fn folder(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// `<dir>/.<name>.tmp-<pid>.<ext>`: the image encoder picks the format from the extension.
fn temp_path(target: &Path, format: Format) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "figure".into());
    folder(target).join(format!(".{name}.tmp-{}.{}", std::process::id(), format.extension()))
}

/// Fails early, naming the path, when the figure cannot be created.
fn check_writable(target: &Path) -> Result<()> {
    let fail = |message: String| {
        Err(Error::Output {
            path: target.into(),
            message,
        })
    };
    if target.is_dir() {
        return fail("it is a folder: give a file name, e.g. -o figure.png".into());
    }
    let dir = folder(target);
    if let Some(blocking) = dir
        .ancestors()
        .find(|a| !a.as_os_str().is_empty() && a.exists() && !a.is_dir())
    {
        return fail(format!("{} is a file, not a folder", blocking.display()));
    }
    if !dir.exists() {
        return fail(format!("the folder {} does not exist (create it first)", dir.display()));
    }
    let probe = temp_path(target, Format::Png);
    if let Err(e) = std::fs::write(&probe, b"") {
        return fail(match e.kind() {
            std::io::ErrorKind::PermissionDenied => format!("no permission to create files in {}", dir.display()),
            _ => e.to_string(),
        });
    }
    let _ = std::fs::remove_file(&probe);
    Ok(())
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
