//! Writing results: [`OutputFile`] creates `<dir>/.<name>.tmp-<pid>`, the caller writes the
//! groups, and [`OutputFile::finish`] marks the file complete and renames it over the target.
//! Dropped unfinished, the temporary file is removed.

use std::path::{Path, PathBuf};

use hdf5::types::VarLenUnicode;
use ndarray::Array2;

use super::annotate::{check_attr, put};
use super::geography::GeographyOptions;
use super::schema as s;
use crate::error::{Error, Result};
use crate::geography::Geography;
use crate::long_run::Equilibrium;
use crate::model::RegionOutcomes;
use crate::solve::Stats;

/// Provenance written to the root attributes.
#[derive(Debug, Clone)]
pub struct RunInfo {
    pub command: String,
    pub config_toml: String,
}

/// Two-region closed forms written to `/closed_form`.
#[derive(Debug, Clone, Copy)]
pub struct ClosedForm {
    pub break_freeness: f64,
    pub break_trade_cost: f64,
    pub sustain_freeness: f64,
    pub sustain_trade_cost: f64,
    pub no_black_hole: bool,
}

/// An HDF5 file being written under a temporary name.
pub struct OutputFile {
    pub(super) target: PathBuf,
    temp: PathBuf,
    file: Option<hdf5::File>,
    /// The root `config` attribute: its `[geography]` table is the trade costs' recipe.
    config_toml: String,
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out.h5".into());
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    dir.join(format!(".{name}.tmp-{}", std::process::id()))
}

/// Fails early, naming the path, when `target` cannot be created (missing folder, a file
/// where a folder should be, no permission).
pub fn check_writable(target: &Path) -> Result<()> {
    let fail = |message: String| {
        Err(Error::Output {
            path: target.into(),
            message,
        })
    };
    if target.is_dir() {
        return fail("it is a folder: give a file name, e.g. -o results.h5".into());
    }
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(blocking) = dir
        .ancestors()
        .find(|a| !a.as_os_str().is_empty() && a.exists() && !a.is_dir())
    {
        return fail(format!("{} is a file, not a folder", blocking.display()));
    }
    if !dir.exists() {
        return fail(format!("the folder {} does not exist (create it first)", dir.display()));
    }
    let probe = temp_path(target);
    if let Err(e) = std::fs::write(&probe, b"") {
        return fail(match e.kind() {
            std::io::ErrorKind::PermissionDenied => format!("no permission to create files in {}", dir.display()),
            _ => e.to_string(),
        });
    }
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

pub(super) fn h5err(path: &Path) -> impl Fn(hdf5::Error) -> Error + '_ {
    move |source| Error::Hdf5 {
        path: path.to_path_buf(),
        source,
    }
}

pub(super) fn text(value: &str) -> VarLenUnicode {
    // Interior NULs cannot be stored in an HDF5 string; they never occur in our text.
    value.replace('\0', " ").parse().expect("strings without NUL convert")
}

impl OutputFile {
    /// Creates the temporary file next to `target` and writes the root attributes.
    pub fn create(target: &Path, info: &RunInfo) -> Result<Self> {
        let temp = temp_path(target);
        super::cleanup::register(&temp);
        let file = hdf5::File::create(&temp).map_err(|e| {
            super::cleanup::unregister(&temp);
            Error::Output {
                path: target.into(),
                message: e.to_string(),
            }
        })?;
        let out = OutputFile {
            target: target.to_path_buf(),
            temp,
            file: Some(file),
            config_toml: info.config_toml.clone(),
        };
        out.write_root_attrs(info)?;
        Ok(out)
    }

    fn write_root_attrs(&self, info: &RunInfo) -> Result<()> {
        write_root_attrs(self.file(), &self.target, info)
    }

    pub(super) fn file(&self) -> &hdf5::File {
        self.file.as_ref().expect("open until finished")
    }

    /// `/geography`: ids, coordinates, the recipe of the trade costs, and the N × N matrix
    /// itself only when `options.trade_costs` asks for it.
    pub fn write_geography(&self, g: &Geography, options: &GeographyOptions) -> Result<()> {
        super::geography::write_geography(self.file(), &self.target, g, &self.config_toml, options)
    }

    /// `/closed_form` attributes (two-region runs).
    pub fn write_closed_form(&self, c: &ClosedForm) -> Result<()> {
        let err = h5err(&self.target);
        let group = self.file().create_group(s::CLOSED_FORM).map_err(&err)?;
        for (name, v) in [
            (s::BREAK_FREENESS, c.break_freeness),
            (s::BREAK_TRADE_COST, c.break_trade_cost),
            (s::SUSTAIN_FREENESS, c.sustain_freeness),
            (s::SUSTAIN_TRADE_COST, c.sustain_trade_cost),
        ] {
            write_f64_attr(&group, name, v).map_err(&err)?;
        }
        write_u8_attr(&group, s::NO_BLACK_HOLE, c.no_black_hole as u8).map_err(&err)?;
        Ok(())
    }

    /// `/equilibria/<k>` for long-run equilibria, with eigenvalues and stability.
    pub fn write_long_run(&self, equilibria: &[Equilibrium]) -> Result<()> {
        let err = h5err(&self.target);
        let top = self.equilibria_group("long-run", equilibria.len())?;
        let continuum = crate::long_run::is_continuum(equilibria);
        write_u8_attr(&top, s::CONTINUUM, continuum as u8).map_err(&err)?;
        for (k, eq) in equilibria.iter().enumerate() {
            let group = top.create_group(&k.to_string()).map_err(&err)?;
            write_outcomes(&group, &eq.shares, &eq.outcomes).map_err(&err)?;
            let ev = &eq.stability.eigenvalues;
            let arr = Array2::from_shape_fn((ev.len(), 2), |(i, j)| if j == 0 { ev[i].0 } else { ev[i].1 });
            put(&group, s::EIGENVALUES, &arr).map_err(&err)?;
            write_u8_attr(&group, s::STABLE, eq.stability.stable as u8).map_err(&err)?;
            write_u64_attr(&group, s::N_UNSTABLE, eq.stability.n_unstable as u64).map_err(&err)?;
            write_stats(&group, &eq.stats).map_err(&err)?;
        }
        Ok(())
    }

    /// `/equilibria/0` for a short-run solve at given shares.
    pub fn write_short_run(&self, shares: &[f64], outcomes: &RegionOutcomes, stats: &Stats) -> Result<()> {
        let err = h5err(&self.target);
        let top = self.equilibria_group("short-run", 1)?;
        let group = top.create_group("0").map_err(&err)?;
        write_outcomes(&group, shares, outcomes).map_err(&err)?;
        write_stats(&group, stats).map_err(&err)?;
        Ok(())
    }

    fn equilibria_group(&self, horizon: &str, count: usize) -> Result<hdf5::Group> {
        let err = h5err(&self.target);
        let top = self.file().create_group(s::EQUILIBRIA).map_err(&err)?;
        write_str_attr(&top, s::HORIZON, horizon).map_err(&err)?;
        write_u64_attr(&top, s::COUNT, count as u64).map_err(&err)?;
        Ok(top)
    }

    /// Marks the file complete, closes it and renames it over the target.
    pub fn finish(mut self) -> Result<PathBuf> {
        let file = self.file.take().expect("open until finished");
        // Past this point Drop no longer removes the temporary file: errors (disk full when
        // HDF5 flushes on close) remove it here.
        let closed = write_u8_attr(&file, s::COMPLETE, 1)
            .and_then(|_| file.close())
            .map_err(h5err(&self.target));
        if let Err(e) = closed {
            let _ = std::fs::remove_file(&self.temp);
            return Err(e);
        }
        super::cleanup::commit(&self.temp, &self.target).map_err(|e| {
            let _ = std::fs::remove_file(&self.temp);
            Error::Output {
                path: self.target.clone(),
                message: e.to_string(),
            }
        })?;
        Ok(self.target.clone())
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            drop(file);
            let _ = std::fs::remove_file(&self.temp);
        }
        super::cleanup::unregister(&self.temp);
    }
}

fn write_outcomes(group: &hdf5::Group, shares: &[f64], o: &RegionOutcomes) -> hdf5::Result<()> {
    for (name, data) in [
        (s::SHARE, shares),
        (s::WAGE, &o.wage[..]),
        (s::PRICE_INDEX, &o.price_index[..]),
        (s::REAL_WAGE, &o.real_wage[..]),
        (s::INCOME, &o.income[..]),
    ] {
        put(group, name, data)?;
    }
    Ok(())
}

pub(super) fn write_stats(group: &hdf5::Group, stats: &Stats) -> hdf5::Result<()> {
    write_u8_attr(group, s::CONVERGED, stats.converged as u8)?;
    write_u64_attr(group, s::ITERATIONS, stats.iterations as u64)?;
    write_f64_attr(group, s::RESIDUAL, stats.residual)?;
    write_f64_attr(group, s::SECONDS, stats.seconds)?;
    write_str_attr(group, s::SOLVER, stats.solver)
}

pub(super) fn write_f64_attr(loc: &hdf5::Location, name: &str, v: f64) -> hdf5::Result<()> {
    check_attr::<f64>(loc, name, 0);
    loc.new_attr::<f64>().create(name)?.write_scalar(&v)
}

pub(super) fn write_u64_attr(loc: &hdf5::Location, name: &str, v: u64) -> hdf5::Result<()> {
    check_attr::<u64>(loc, name, 0);
    loc.new_attr::<u64>().create(name)?.write_scalar(&v)
}

pub(super) fn write_u8_attr(loc: &hdf5::Location, name: &str, v: u8) -> hdf5::Result<()> {
    check_attr::<u8>(loc, name, 0);
    loc.new_attr::<u8>().create(name)?.write_scalar(&v)
}

pub(super) fn write_str_attr(loc: &hdf5::Location, name: &str, v: &str) -> hdf5::Result<()> {
    check_attr::<VarLenUnicode>(loc, name, 0);
    loc.new_attr::<VarLenUnicode>().create(name)?.write_scalar(&text(v))
}

/// The root attributes (version, command, creation time, config) of a file for `target`.
pub(super) fn write_root_attrs(root: &hdf5::File, target: &Path, info: &RunInfo) -> Result<()> {
    let created = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    for (name, value) in [
        (s::AGGLO_VERSION, env!("CARGO_PKG_VERSION")),
        (s::COMMAND, info.command.as_str()),
        (s::CREATED, created.as_str()),
        (s::CONFIG, info.config_toml.as_str()),
    ] {
        write_str_attr(root, name, value).map_err(h5err(target))?;
    }
    Ok(())
}
