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
//! Reading back is in `sweep_read.rs`, merging in `sweep_merge.rs`.

use std::path::{Path, PathBuf};

use hdf5::dataset::AllocTime;
use hdf5::types::VarLenUnicode;
use ndarray::{s as slice, Array1, Array2};

use super::annotate::{check_attr, describe};
use super::geography::{write_geography, GeographyOptions};
use super::schema as s;
use super::sweep_read::{read_str_attr, read_string_list_attr, read_u64_attr};
use super::writer::{h5err, text, write_root_attrs, write_str_attr, write_u64_attr, write_u8_attr, RunInfo};
use crate::error::{Error, Result};
use crate::geography::Geography;
use crate::sweep::{PointResult, Shard};

pub use super::sweep_merge::{merge, MergeSummary};
pub use super::sweep_read::{read_sweep, SweepData};

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
    /// Commuting locations (MRRH): their ids.
    Locations(&'a [String]),
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
            GeographySource::Locations(ids) => super::mrrh::write_locations(&file, target, ids)?,
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

/// The first 12 hex digits of a hash, for messages.
pub(super) fn short(hash: &str) -> String {
    hash.chars().take(12).collect()
}
