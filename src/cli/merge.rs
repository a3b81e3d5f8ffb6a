//! `agglo merge PART.h5... -o OUT.h5`: the shard files of one sweep put back together, after
//! checking that they come from the same config and grid and that every shard is there once.

use std::path::{Path, PathBuf};

use super::stdout::println;
use crate::output;

pub fn run(parts: &[PathBuf], out: &Path, command_line: &str) -> anyhow::Result<()> {
    output::check_writable(out)?;
    let summary = output::sweep::merge(parts, out, command_line)?;
    println(&format!(
        "merged {} shards: {} points{}",
        summary.shards,
        summary.points,
        if summary.not_converged > 0 {
            format!(", {} not converged", summary.not_converged)
        } else {
            String::new()
        }
    ))?;
    println(&format!("wrote {}", out.display()))?;
    Ok(())
}
