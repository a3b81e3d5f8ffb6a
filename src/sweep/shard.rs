//! Shards: shard I of N owns the points k with k mod N = I (a strided share, so that every
//! shard gets a similar mix of easy and hard regions of the grid), solved in chunks of
//! consecutive owned points, the unit of writing and of resuming.

use crate::error::{Error, Result};

/// Shard `index` of `count` (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// The whole sweep in one process.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Checks 0 <= index < count.
    pub fn new(index: usize, count: usize) -> Result<Shard> {
        if count == 0 {
            return Err(Error::invalid("--nshards", 0, "must be >= 1"));
        }
        if index >= count {
            return Err(Error::invalid(
                "--shard",
                index,
                format!("must be in 0..{count} (0-based, below --nshards {count})"),
            ));
        }
        Ok(Shard { index, count })
    }

    /// The shard of a SLURM array task from `SLURM_ARRAY_TASK_ID`, `_COUNT`, `_MIN` and
    /// `_STEP` (as strings; `None` when unset): task IDs `min, min + step, ...` are shards
    /// 0, 1, ..., so `--array=1-4` and `--array=0-6:2` both give shards 0..4.
    pub fn from_slurm(id: &str, count: &str, min: Option<&str>, step: Option<&str>) -> Result<Shard> {
        let parse = |name: &str, v: &str| {
            v.trim()
                .parse::<usize>()
                .map_err(|_| Error::invalid(name, format!("\"{v}\""), "must be a whole number >= 0"))
        };
        let id = parse("SLURM_ARRAY_TASK_ID", id)?;
        let count = parse("SLURM_ARRAY_TASK_COUNT", count)?;
        let min = min.map(|m| parse("SLURM_ARRAY_TASK_MIN", m)).transpose()?.unwrap_or(0);
        let step = step
            .map(|s| parse("SLURM_ARRAY_TASK_STEP", s))
            .transpose()?
            .unwrap_or(1)
            .max(1);
        if id < min || (id - min) % step != 0 {
            return Err(Error::Config(format!(
                "SLURM_ARRAY_TASK_ID = {id} is not min + a multiple of step (SLURM_ARRAY_TASK_MIN = {min}, _STEP = {step})"
            )));
        }
        let index = (id - min) / step;
        if index >= count {
            return Err(Error::Config(format!(
                "SLURM_ARRAY_TASK_ID = {id} is task {index} of an array of SLURM_ARRAY_TASK_COUNT = {count}: \
                 use a contiguous --array (e.g. --array=0-{}) or pass --shard and --nshards",
                count.saturating_sub(1)
            )));
        }
        Shard::new(index, count)
    }

    /// The global indices of the points this shard owns, of `total`.
    pub fn rows(&self, total: usize) -> Vec<usize> {
        (self.index..total).step_by(self.count).collect()
    }

    /// Number of points this shard owns, of `total`.
    pub fn len(&self, total: usize) -> usize {
        total.saturating_sub(self.index).div_ceil(self.count)
    }

    pub fn is_whole(&self) -> bool {
        self.count == 1
    }
}

/// Points per chunk when not given: about 64 chunks, between 1 and 1024 points each.
pub fn default_chunk(rows: usize) -> usize {
    rows.div_ceil(64).clamp(1, 1024)
}

/// Number of chunks of `chunk` points in `rows` points.
pub fn chunks(rows: usize, chunk: usize) -> usize {
    rows.div_ceil(chunk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_points() {
        let total = 10;
        let mut all: Vec<usize> = (0..3).flat_map(|i| Shard::new(i, 3).unwrap().rows(total)).collect();
        all.sort_unstable();
        assert_eq!(all, (0..total).collect::<Vec<_>>());
        assert_eq!(Shard::new(1, 3).unwrap().rows(total), [1, 4, 7]);
        for i in 0..3 {
            let s = Shard::new(i, 3).unwrap();
            assert_eq!(s.len(total), s.rows(total).len());
        }
        assert_eq!(Shard::new(4, 5).unwrap().len(3), 0);
        assert!(Shard::new(3, 3).is_err() && Shard::new(0, 0).is_err());
    }

    #[test]
    fn slurm_task_ids_map_to_shards() {
        assert_eq!(
            Shard::from_slurm("3", "4", Some("0"), None).unwrap(),
            Shard { index: 3, count: 4 }
        );
        assert_eq!(
            Shard::from_slurm("4", "4", Some("1"), Some("1")).unwrap(),
            Shard { index: 3, count: 4 }
        );
        assert_eq!(
            Shard::from_slurm("6", "4", Some("0"), Some("2")).unwrap(),
            Shard { index: 3, count: 4 }
        );
        assert!(Shard::from_slurm("8", "4", Some("0"), None).is_err());
        assert!(Shard::from_slurm("x", "4", None, None)
            .unwrap_err()
            .to_string()
            .contains("SLURM_ARRAY_TASK_ID"));
    }
}
