//! Sweep files: `/sweep` written chunk by chunk, resumable after a crash, and shards merged.
//!
//! **While running**, results go to `<OUT>.partial` (e.g. `results.h5.partial`), an HDF5
//! file whose root attribute `complete` is 0 and which holds every dataset at its final size
//! from the start (chunked, allocated at creation, NaN / 0 where nothing is written yet),
//! plus `/sweep/done [C]` (u8, attribute `chunk` = points per chunk): the chunks written.
//! Each chunk's rows are written and flushed to the OS before its `done` flag is set and
//! flushed; allocation happens only at creation, so later writes change raw data only and a
//! process killed at any moment (SIGKILL included) leaves a file whose `done` chunks are
//! intact. `agglo sweep --resume` reopens it, checks that it is the same sweep (config hash,
//! shard, points, keys, quantities) and solves the chunks not done. **When every chunk is
//! done**, `complete` is set to 1, `/sweep/done` is removed and the file is renamed to
//! `<OUT>`, like every other agglo file (whose temporary name differs only because it is
//! not resumable).
//!
//! The finished file: `/sweep/index [K]` (u64 global point index), `parameters [K, Q]` (f64,
//! attribute `names`: the keys), one dataset per recorded quantity (`[K]` or `[K, N]`, f64),
//! `converged [K]` u8, `residual [K]` f64, `iterations [K]` u64; attributes of `/sweep`:
//! `record`, `design`, `solved`, `points`, `shard`, `nshards`, `config_hash`.
//! A shard's file holds its own rows only (`index` says which); [`merge`] puts them together.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use hdf5::dataset::AllocTime;
use hdf5::types::VarLenUnicode;
use ndarray::{s as slice, Array1, Array2};

use super::annotate::{check_attr, describe};
use super::geography::{write_geography, GeographyOptions};
use super::schema as s;
use super::writer::{h5err, text, write_root_attrs, write_str_attr, write_u64_attr, write_u8_attr, RunInfo};
use crate::error::{Error, Result};
use crate::geography::Geography;
use crate::sweep::{PointResult, Shard};

/// Bytes per HDF5 chunk of a `[K, N]` dataset at most.
const MAX_CHUNK_BYTES: usize = 4 << 20;

/// What a sweep file holds, and for which sweep: the same in every shard of a sweep but the shard.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepLayout {
    /// The swept keys (columns of `parameters`).
    pub names: Vec<String>,
    /// Recorded quantities: dataset name and values per point (1 or N).
    pub record: Vec<(String, usize)>,
    /// K, the points of the whole sweep.
    pub points: usize,
    pub shard: Shard,
    /// "grid", "latin-hypercube", "sobol".
    pub design: String,
    /// "long-run", "short-run", "spatial".
    pub solved: String,
    /// SHA-256 of the agglo version and the root `config` attribute.
    pub config_hash: String,
}

impl SweepLayout {
    /// Rows in this shard's file.
    pub fn rows(&self) -> usize {
        self.shard.len(self.points)
    }

    fn width(&self) -> usize {
        self.record.iter().map(|r| r.1).sum()
    }
}

/// Where the `/geography` group comes from.
pub enum GeographySource<'a> {
    /// Written from the model's geography.
    Model(&'a Geography, &'a GeographyOptions),
    /// Copied from another agglo file (a shard, when merging).
    CopyFrom(&'a hdf5::File),
    /// A city's blocks.
    Blocks(super::BlockLayout<'a>),
}

/// `<OUT>.partial`: where an unfinished sweep is kept.
pub fn partial_path(target: &Path) -> PathBuf {
    let mut name = target
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "agglo-out.h5".into());
    name.push(".partial");
    target.with_file_name(name)
}

/// A sweep file being written (`<OUT>.partial`). Dropped unfinished, it stays on disk for
/// `--resume`.
pub struct SweepFile {
    target: PathBuf,
    partial: PathBuf,
    file: Option<hdf5::File>,
    layout: SweepLayout,
    chunk: usize,
    done: Vec<bool>,
}

fn out_err(path: &Path, message: impl Into<String>) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// A [rows] dataset of `T` in `group`, allocated at once with `fill` in every row.
fn column<T: hdf5::H5Type>(group: &hdf5::Group, name: &str, rows: usize, chunk: usize, fill: T) -> hdf5::Result<()> {
    group
        .new_dataset::<T>()
        .shape(rows)
        .chunk(chunk)
        .alloc_time(Some(AllocTime::Early))
        .fill_value(fill)
        .obj_track_times(false)
        .create(name)
        .and_then(|ds| describe(&ds))
}

/// HDF5 chunk shape of a `[rows, width]` dataset written `chunk` rows at a time.
fn chunk_shape(rows: usize, width: usize, chunk: usize) -> (usize, usize) {
    let per_row = (width * 8).max(1);
    let r = chunk.min(rows).min((MAX_CHUNK_BYTES / per_row).max(1)).max(1);
    let w = width.min((MAX_CHUNK_BYTES / 8).max(1)).max(1);
    (r, w)
}

fn string_list_attr(loc: &hdf5::Location, name: &str, values: &[String]) -> hdf5::Result<()> {
    check_attr::<VarLenUnicode>(loc, name, 1);
    let v: Vec<VarLenUnicode> = values.iter().map(|x| text(x)).collect();
    loc.new_attr::<VarLenUnicode>()
        .shape(v.len())
        .create(name)?
        .write_raw(&v)
}

fn read_string_list_attr(loc: &hdf5::Location, name: &str) -> hdf5::Result<Vec<String>> {
    Ok(loc
        .attr(name)?
        .read_raw::<VarLenUnicode>()?
        .iter()
        .map(|x| x.as_str().to_string())
        .collect())
}

fn read_str_attr(loc: &hdf5::Location, name: &str) -> hdf5::Result<String> {
    Ok(loc.attr(name)?.read_scalar::<VarLenUnicode>()?.as_str().to_string())
}

fn read_u64_attr(loc: &hdf5::Location, name: &str) -> hdf5::Result<u64> {
    let a = loc.attr(name)?;
    a.read_scalar::<u64>().or_else(|_| a.read_scalar::<u8>().map(u64::from))
}

impl SweepFile {
    /// Creates `<target>.partial` with every dataset of `layout`, the points' `index` and
    /// `parameters` (`rows × Q`, row-major) written, nothing solved yet.
    pub fn create(
        target: &Path,
        info: &RunInfo,
        geography: GeographySource<'_>,
        layout: &SweepLayout,
        chunk: usize,
        index: &[u64],
        parameters: &[f64],
    ) -> Result<SweepFile> {
        let rows = layout.rows();
        let q = layout.names.len();
        assert_eq!(index.len(), rows);
        assert_eq!(parameters.len(), rows * q);
        if rows == 0 {
            return Err(out_err(
                target,
                format!(
                    "shard {} of {} owns none of the {} points: use fewer shards",
                    layout.shard.index, layout.shard.count, layout.points
                ),
            ));
        }
        let chunk = chunk.clamp(1, rows);
        let partial = partial_path(target);
        let file = hdf5::File::create(&partial).map_err(|e| out_err(target, e.to_string()))?;
        let err = h5err(target);
        write_root_attrs(&file, target, info)?;
        write_u8_attr(&file, s::COMPLETE, 0).map_err(&err)?;
        match geography {
            GeographySource::Model(g, options) => write_geography(&file, target, g, &info.config_toml, options)?,
            GeographySource::Blocks(layout) => super::arsw::write_blocks(&file, target, &layout)?,
            GeographySource::CopyFrom(src) => {
                let g = src.group(s::GEOGRAPHY).map_err(&err)?;
                g.copy_to(&file, s::GEOGRAPHY).map_err(&err)?;
            }
        }
        let group = file.create_group(s::SWEEP).map_err(&err)?;
        string_list_attr(
            &group,
            s::RECORD,
            &layout.record.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
        )
        .map_err(&err)?;
        write_str_attr(&group, s::DESIGN, &layout.design).map_err(&err)?;
        write_str_attr(&group, s::SOLVED, &layout.solved).map_err(&err)?;
        write_u64_attr(&group, s::POINTS, layout.points as u64).map_err(&err)?;
        write_u64_attr(&group, s::SHARD, layout.shard.index as u64).map_err(&err)?;
        write_u64_attr(&group, s::NSHARDS, layout.shard.count as u64).map_err(&err)?;
        write_str_attr(&group, s::CONFIG_HASH, &layout.config_hash).map_err(&err)?;

        let (c1, _) = chunk_shape(rows, 1, chunk);
        let early = Some(AllocTime::Early);
        let ds = group
            .new_dataset::<u64>()
            .shape(rows)
            .chunk(c1)
            .alloc_time(early)
            .obj_track_times(false)
            .create(s::INDEX)
            .map_err(&err)?;
        describe(&ds).map_err(&err)?;
        ds.write_raw(index).map_err(&err)?;
        let (pr, pc) = chunk_shape(rows, q, chunk);
        let ds = group
            .new_dataset::<f64>()
            .shape((rows, q))
            .chunk((pr, pc))
            .alloc_time(early)
            .obj_track_times(false)
            .create(s::PARAMETERS)
            .map_err(&err)?;
        describe(&ds).map_err(&err)?;
        ds.write_raw(parameters).map_err(&err)?;
        string_list_attr(&ds, s::NAMES, &layout.names).map_err(&err)?;
        for (name, width) in &layout.record {
            let b = group
                .new_dataset::<f64>()
                .alloc_time(early)
                .fill_value(f64::NAN)
                .obj_track_times(false);
            let ds = if *width == 1 {
                b.shape(rows).chunk(c1).create(name.as_str()).map_err(&err)?
            } else {
                b.shape((rows, *width))
                    .chunk(chunk_shape(rows, *width, chunk))
                    .create(name.as_str())
                    .map_err(&err)?
            };
            describe(&ds).map_err(&err)?;
        }
        // One value per point, filled as chunks complete; unfilled rows read as not run.
        column(&group, s::CONVERGED, rows, c1, 0u8).map_err(&err)?;
        column(&group, s::RESIDUAL, rows, c1, f64::NAN).map_err(&err)?;
        column(&group, s::ITERATIONS, rows, c1, 0u64).map_err(&err)?;
        let chunks = rows.div_ceil(chunk);
        let done = group
            .new_dataset::<u8>()
            .shape(chunks)
            .alloc_time(early)
            .fill_value(0u8)
            .obj_track_times(false)
            .create(s::DONE)
            .map_err(&err)?;
        describe(&done).map_err(&err)?;
        write_u64_attr(&done, s::CHUNK, chunk as u64).map_err(&err)?;
        file.flush().map_err(&err)?;
        Ok(SweepFile {
            target: target.to_path_buf(),
            partial,
            file: Some(file),
            layout: layout.clone(),
            chunk,
            done: vec![false; chunks],
        })
    }

    /// Reopens `<target>.partial` left by an interrupted run of the same sweep; errors name
    /// the file and what differs.
    pub fn resume(target: &Path, layout: &SweepLayout) -> Result<SweepFile> {
        let partial = partial_path(target);
        let err = h5err(&partial);
        let file = hdf5::File::open_rw(&partial).map_err(&err)?;
        let group = file
            .group(s::SWEEP)
            .map_err(|_| Error::data(&partial, "no /sweep group: not an agglo sweep file"))?;
        let mismatch = |what: &str, theirs: String, ours: String| {
            Error::data(
                &partial,
                format!("was written for another sweep ({what} {theirs}, this run {ours}): delete it to start afresh, or resume with the config and shard that wrote it"),
            )
        };
        let hash = read_str_attr(&group, s::CONFIG_HASH).map_err(&err)?;
        if hash != layout.config_hash {
            return Err(mismatch("config hash", short(&hash), short(&layout.config_hash)));
        }
        let shard = (
            read_u64_attr(&group, s::SHARD).map_err(&err)?,
            read_u64_attr(&group, s::NSHARDS).map_err(&err)?,
        );
        let ours = (layout.shard.index as u64, layout.shard.count as u64);
        if shard != ours {
            return Err(mismatch(
                "shard",
                format!("{} of {}", shard.0, shard.1),
                format!("{} of {}", ours.0, ours.1),
            ));
        }
        let points = read_u64_attr(&group, s::POINTS).map_err(&err)?;
        if points != layout.points as u64 {
            return Err(mismatch("points", points.to_string(), layout.points.to_string()));
        }
        let params = group.dataset(s::PARAMETERS).map_err(&err)?;
        let names = read_string_list_attr(&params, s::NAMES).map_err(&err)?;
        if names != layout.names {
            return Err(mismatch("keys", names.join(", "), layout.names.join(", ")));
        }
        let record = read_string_list_attr(&group, s::RECORD).map_err(&err)?;
        let ours: Vec<String> = layout.record.iter().map(|r| r.0.clone()).collect();
        if record != ours {
            return Err(mismatch("record", record.join(", "), ours.join(", ")));
        }
        let done_ds = group
            .dataset(s::DONE)
            .map_err(|_| Error::data(&partial, "no /sweep/done: not an unfinished sweep file"))?;
        let chunk = read_u64_attr(&done_ds, s::CHUNK).map_err(&err)? as usize;
        let done: Vec<bool> = done_ds
            .read_raw::<u8>()
            .map_err(&err)?
            .iter()
            .map(|d| *d == 1)
            .collect();
        if chunk == 0 || done.len() != layout.rows().div_ceil(chunk) {
            return Err(Error::data(
                &partial,
                format!(
                    "/sweep/done has {} chunks of {chunk} for {} rows: the file is damaged, delete it",
                    done.len(),
                    layout.rows()
                ),
            ));
        }
        drop(group);
        drop(err);
        Ok(SweepFile {
            target: target.to_path_buf(),
            partial,
            file: Some(file),
            layout: layout.clone(),
            chunk,
            done,
        })
    }

    /// Points per chunk.
    pub fn chunk(&self) -> usize {
        self.chunk
    }

    /// Which chunks are written.
    pub fn done(&self) -> &[bool] {
        &self.done
    }

    /// The partial file's path.
    pub fn partial(&self) -> &Path {
        &self.partial
    }

    fn file(&self) -> &hdf5::File {
        self.file.as_ref().expect("open until finished")
    }

    /// Writes chunk `c` (its rows in order), flushes, then marks it done and flushes again.
    pub fn write_chunk(&mut self, c: usize, results: &[PointResult]) -> Result<()> {
        let rows = self.layout.rows();
        let lo = c * self.chunk;
        let hi = (lo + self.chunk).min(rows);
        assert_eq!(results.len(), hi - lo, "chunk {c}: rows {lo}..{hi}");
        let err = h5err(&self.partial);
        let group = self.file().group(s::SWEEP).map_err(&err)?;
        let width = self.layout.width();
        let mut offset = 0;
        for (name, w) in &self.layout.record {
            let ds = group.dataset(name).map_err(&err)?;
            if *w == 1 {
                let v: Array1<f64> = results.iter().map(|r| r.values[offset]).collect();
                ds.write_slice(&v, slice![lo..hi]).map_err(&err)?;
            } else {
                let v = Array2::from_shape_fn((hi - lo, *w), |(i, j)| results[i].values[offset + j]);
                ds.write_slice(&v, slice![lo..hi, ..]).map_err(&err)?;
            }
            offset += w;
        }
        debug_assert!(results.iter().all(|r| r.values.len() == width));
        let converged: Array1<u8> = results.iter().map(|r| r.converged as u8).collect();
        group
            .dataset(s::CONVERGED)
            .and_then(|d| d.write_slice(&converged, slice![lo..hi]))
            .map_err(&err)?;
        let residual: Array1<f64> = results.iter().map(|r| r.residual).collect();
        group
            .dataset(s::RESIDUAL)
            .and_then(|d| d.write_slice(&residual, slice![lo..hi]))
            .map_err(&err)?;
        let iterations: Array1<u64> = results.iter().map(|r| r.iterations).collect();
        group
            .dataset(s::ITERATIONS)
            .and_then(|d| d.write_slice(&iterations, slice![lo..hi]))
            .map_err(&err)?;
        self.file().flush().map_err(&err)?;
        group
            .dataset(s::DONE)
            .and_then(|d| d.write_slice(&Array1::from_elem(1, 1u8), slice![c..c + 1]))
            .map_err(&err)?;
        self.file().flush().map_err(&err)?;
        self.done[c] = true;
        Ok(())
    }

    /// Marks the file complete, removes the progress dataset and renames it to the target.
    pub fn finish(mut self) -> Result<PathBuf> {
        if let Some(c) = self.done.iter().position(|d| !d) {
            return Err(out_err(
                &self.target,
                format!("chunk {c} of {} is not written yet", self.done.len()),
            ));
        }
        let file = self.file.take().expect("open until finished");
        let err = h5err(&self.partial);
        file.group(s::SWEEP).and_then(|g| g.unlink(s::DONE)).map_err(&err)?;
        file.attr(s::COMPLETE)
            .and_then(|a| a.write_scalar(&1u8))
            .map_err(&err)?;
        file.close().map_err(&err)?;
        std::fs::rename(&self.partial, &self.target).map_err(|e| out_err(&self.target, e.to_string()))?;
        Ok(self.target.clone())
    }
}

fn short(hash: &str) -> String {
    hash.chars().take(12).collect()
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
#[derive(Debug, Clone)]
pub struct MergeSummary {
    pub shards: usize,
    pub points: usize,
    pub not_converged: usize,
}

/// Merges the shard files `parts` into `target`, after checking that they come from one
/// sweep (same config hash, points, keys, quantities and shard count), that each shard
/// appears once and none is missing, and that each holds exactly its points. The result is
/// the file a single process writes (same datasets, bit for bit; `command` and `created`
/// differ). Errors name the offending file.
pub fn merge(parts: &[PathBuf], target: &Path, command: &str) -> Result<MergeSummary> {
    if parts.is_empty() {
        return Err(Error::Config("agglo merge: no shard files given".into()));
    }
    let data: Vec<SweepData> = parts.iter().map(|p| read_sweep(p)).collect::<Result<_>>()?;
    let first = &data[0];
    let name = |d: &SweepData| d.path.display().to_string();
    for d in &data[1..] {
        let (a, b) = (&d.layout, &first.layout);
        let differs = |what: &str, x: String, y: String| {
            Error::data(
                &d.path,
                format!(
                    "{what} {x} differs from {}'s {y}: the shards come from different sweeps",
                    name(first)
                ),
            )
        };
        if a.config_hash != b.config_hash {
            return Err(differs("config hash", short(&a.config_hash), short(&b.config_hash)));
        }
        if a.shard.count != b.shard.count {
            return Err(differs(
                "shard count",
                a.shard.count.to_string(),
                b.shard.count.to_string(),
            ));
        }
        if a.points != b.points || a.names != b.names || a.design != b.design {
            return Err(differs(
                "grid",
                format!("({} points over {})", a.points, a.names.join(", ")),
                format!("({} points over {})", b.points, b.names.join(", ")),
            ));
        }
        if a.record != b.record || a.solved != b.solved {
            let q = |l: &SweepLayout| l.record.iter().map(|r| r.0.clone()).collect::<Vec<_>>().join(", ");
            return Err(differs("record", q(a), q(b)));
        }
    }
    let count = first.layout.shard.count;
    let mut by_shard: HashMap<usize, &SweepData> = HashMap::new();
    for d in &data {
        if let Some(other) = by_shard.insert(d.layout.shard.index, d) {
            return Err(Error::data(
                &d.path,
                format!(
                    "is shard {} of {count}, and so is {}: a shard is given twice",
                    d.layout.shard.index,
                    name(other)
                ),
            ));
        }
    }
    let missing: Vec<String> = (0..count)
        .filter(|i| !by_shard.contains_key(i))
        .map(|i| i.to_string())
        .collect();
    if !missing.is_empty() {
        let have: Vec<String> = (0..count)
            .filter_map(|i| by_shard.get(&i).map(|d| format!("{} = {i}", name(d))))
            .collect();
        return Err(Error::Config(format!(
            "agglo merge: shard{} {} of {count} missing (given: {})",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            have.join(", ")
        )));
    }
    let points = first.layout.points;
    let q = first.layout.names.len();
    let mut parameters = vec![0.0; points * q];
    let mut results: Vec<Option<PointResult>> = vec![None; points];
    for d in &data {
        let expected = d.layout.shard.rows(points);
        if d.index.len() != expected.len() || d.index.iter().zip(&expected).any(|(a, b)| *a as usize != *b) {
            return Err(Error::data(
                &d.path,
                format!(
                    "does not hold the points of shard {} of {count} (its /sweep/index differs)",
                    d.layout.shard.index
                ),
            ));
        }
        for (row, &k) in expected.iter().enumerate() {
            parameters[k * q..(k + 1) * q].copy_from_slice(&d.parameters[row * q..(row + 1) * q]);
            results[k] = Some(d.results[row].clone());
        }
    }
    let results: Vec<PointResult> = results
        .into_iter()
        .map(|r| r.expect("every point owned by one shard"))
        .collect();
    let layout = SweepLayout {
        shard: Shard::WHOLE,
        ..first.layout.clone()
    };
    let info = RunInfo {
        command: command.to_string(),
        config_toml: first.config.clone(),
    };
    let src = hdf5::File::open(&first.path).map_err(h5err(&first.path))?;
    let chunk = crate::sweep::shard::default_chunk(points);
    let index: Vec<u64> = (0..points as u64).collect();
    let mut out = SweepFile::create(
        target,
        &info,
        GeographySource::CopyFrom(&src),
        &layout,
        chunk,
        &index,
        &parameters,
    )?;
    let chunk = out.chunk();
    for (c, rows) in results.chunks(chunk).enumerate() {
        out.write_chunk(c, rows)?;
    }
    out.finish()?;
    Ok(MergeSummary {
        shards: count,
        points,
        not_converged: results.iter().filter(|r| !r.converged).count(),
    })
}

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
