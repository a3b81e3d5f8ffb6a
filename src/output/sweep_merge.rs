//! Merging the shard files of one sweep into the file a single process writes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::sweep::{short, GeographySource, SweepFile, SweepLayout};
use super::sweep_read::{read_sweep, SweepData};
use super::writer::{h5err, RunInfo};
use crate::error::{Error, Result};
use crate::sweep::{PointResult, Shard};

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
