//! Guards run before any command touches a file: the output is never one of the inputs and
//! has the right extension; the memory budget and the thread count are set from the command
//! line and the machine.

use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::config::budget;

/// Extensions an HDF5 results file may have.
pub const HDF5_EXTENSIONS: &[&str] = &["h5"];

/// Extensions a figure may have.
pub const FIGURE_EXTENSIONS: &[&str] = &["png", "svg"];

/// Refuses an output whose extension is not one of `allowed`, or that is the same file
/// (same device and inode: hard links and symbolic links included) as one of `inputs`.
/// Nothing is created or changed.
pub fn output(out: &Path, allowed: &[&str], inputs: &[PathBuf]) -> anyhow::Result<()> {
    if out.is_dir() {
        bail!(
            "cannot write {}: it is a folder: give a file name, e.g. -o {}",
            out.display(),
            out.join(format!("results.{}", allowed[0])).display()
        );
    }
    for input in inputs {
        if same_file(out, input) {
            bail!(
                "-o {} is the input {}: refusing to overwrite an input; choose another output file",
                out.display(),
                input.display()
            );
        }
    }
    let ext = out.extension().and_then(|e| e.to_str()).unwrap_or("");
    if !allowed.iter().any(|a| ext.eq_ignore_ascii_case(a)) {
        let list = allowed.iter().map(|a| format!(".{a}")).collect::<Vec<_>>().join(" or ");
        bail!(
            "-o {}: the output must end in {list}{}",
            out.display(),
            if ext.is_empty() {
                String::new()
            } else {
                format!(" (not .{ext})")
            }
        );
    }
    Ok(())
}

/// Whether `a` and `b` name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(ma), Ok(mb)) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                ma.dev() == mb.dev() && ma.ino() == mb.ino()
            }
            #[cfg(not(unix))]
            {
                let _ = (ma, mb);
                matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
            }
        }
        _ => false,
    }
}

/// The files a config reads: the config itself and every string value of its tables (and
/// of the `--set` overrides) that names an existing file, relative to the config's folder.
/// Over-inclusive on purpose: a string that happens to name a file is protected too.
pub fn config_inputs(config: Option<&Path>, set: &[String]) -> Vec<PathBuf> {
    let mut inputs = Vec::new();
    let base = config
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut strings = Vec::new();
    if let Some(c) = config {
        inputs.push(c.to_path_buf());
        if let Ok(table) = std::fs::read_to_string(c).map(|t| t.parse::<toml::Table>()) {
            if let Ok(table) = table {
                collect_strings(&toml::Value::Table(table), &mut strings);
            }
        }
    }
    for s in set {
        if let Some((_, v)) = s.split_once('=') {
            strings.push(v.trim().trim_matches('"').trim_matches('\'').to_string());
        }
    }
    for s in strings {
        let p = Path::new(&s);
        let p = if p.is_absolute() { p.to_path_buf() } else { base.join(p) };
        if p.is_file() {
            inputs.push(p);
        }
    }
    inputs
}

fn collect_strings(v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::String(s) if !s.is_empty() && s.len() < 4096 => out.push(s.clone()),
        toml::Value::Table(t) => t.values().for_each(|x| collect_strings(x, out)),
        toml::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

/// Parses `--max-memory` ("8GB", "512MiB", "2e9", plain bytes).
pub fn parse_size(text: &str) -> anyhow::Result<u64> {
    let t = text.trim();
    // The unit is the trailing run of letters, so that the exponent of "2e9" stays with
    // the number.
    let split = t.rfind(|c: char| !c.is_ascii_alphabetic()).map_or(0, |i| i + 1);
    let (number, unit) = t.split_at(split);
    let value: f64 = number.trim().parse().map_err(|_| size_error(text))?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        "tib" => 1024f64.powi(4),
        _ => return Err(size_error(text)),
    };
    let bytes = value * factor;
    if !(bytes.is_finite() && bytes >= 1.0) {
        return Err(size_error(text));
    }
    Ok(bytes.min(u64::MAX as f64 / 2.0) as u64)
}

fn size_error(text: &str) -> anyhow::Error {
    anyhow::anyhow!("--max-memory {text}: expected a size such as 8GB, 512MiB or 2e9 (bytes), at least 1 byte")
}

/// Fraction of the physical memory the default budget allows.
pub const DEFAULT_BUDGET_FRACTION: f64 = 0.5;

/// Budget when the physical memory cannot be read (no /proc/meminfo).
pub const FALLBACK_BUDGET: u64 = 4_000_000_000;

/// The physical memory from /proc/meminfo (MemTotal), if readable.
fn physical_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Sets the memory budget: `--max-memory`, else half the physical memory.
pub fn set_memory_budget(flag: Option<&str>) -> anyhow::Result<()> {
    let bytes = match flag {
        Some(f) => parse_size(f)?,
        None => physical_memory()
            .map(|m| (m as f64 * DEFAULT_BUDGET_FRACTION) as u64)
            .unwrap_or(FALLBACK_BUDGET),
    };
    budget::set_budget(bytes);
    Ok(())
}

/// `--threads N` capped at the number of cores, with a warning when capped.
pub fn threads(requested: usize, quiet: bool) -> anyhow::Result<usize> {
    if requested == 0 {
        bail!("--threads must be >= 1");
    }
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    if requested > cores {
        if !quiet {
            eprintln!("warning: --threads {requested} is more than the {cores} cores here: using {cores}");
        }
        return Ok(cores);
    }
    Ok(requested)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("8GB").unwrap(), 8_000_000_000);
        assert_eq!(parse_size("512MiB").unwrap(), 512 * 1024 * 1024);
        assert_eq!(parse_size("2e9").unwrap(), 2_000_000_000);
        assert_eq!(parse_size(" 1.5 kb ").unwrap(), 1500);
        assert_eq!(parse_size("1e3kB").unwrap(), 1_000_000);
        for bad in ["", "GB", "-1GB", "1 parsec", "nan", "0", "2e", "inf"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn extensions_and_same_files() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.toml");
        std::fs::write(&input, "x").unwrap();
        assert!(output(&dir.path().join("a.h5"), HDF5_EXTENSIONS, &[input.clone()]).is_ok());
        assert!(output(&dir.path().join("a.H5"), HDF5_EXTENSIONS, &[]).is_ok());
        let e = output(&dir.path().join("a.csv"), HDF5_EXTENSIONS, &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("must end in .h5 (not .csv)"), "{e}");
        assert!(output(&dir.path().join("a"), HDF5_EXTENSIONS, &[]).is_err());
        // the same file by another spelling, or through a link
        let other = dir.path().join(".").join("in.toml");
        std::fs::hard_link(&input, dir.path().join("link.h5")).unwrap();
        assert!(same_file(&other, &input));
        let e = output(&dir.path().join("link.h5"), HDF5_EXTENSIONS, &[input.clone()]).unwrap_err();
        assert!(e.to_string().contains("refusing to overwrite an input"), "{e}");
    }
}
