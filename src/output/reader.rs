//! Reading agglo's files back: bifurcation diagrams and equilibria for `agglo plot`, and
//! trade-cost matrices from HDF5 for the `matrix` geography (the summary of `agglo inspect`
//! is in `summary.rs`).

use std::path::Path;

use hdf5::types::VarLenUnicode;

use super::schema as s;
use crate::error::{Error, Result};

pub(super) fn h5err(path: &Path) -> impl Fn(hdf5::Error) -> Error + '_ {
    move |source| Error::Hdf5 {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads the 2-D dataset `dataset` of `path` as a row-major matrix, with ids from a sibling
/// dataset `ids` (strings) when there is one, else "1".."N".
pub fn read_matrix(path: &Path, dataset: &str) -> Result<(Vec<String>, usize, Vec<f64>)> {
    let err = h5err(path);
    let file = hdf5::File::open(path).map_err(&err)?;
    let ds = file
        .dataset(dataset)
        .map_err(|_| Error::data(path, format!("no dataset \"{dataset}\" (set geography.dataset)")))?;
    let shape = ds.shape();
    if shape.len() != 2 || shape[0] != shape[1] {
        return Err(Error::data(
            path,
            format!("dataset \"{dataset}\" has shape {shape:?}: a trade-cost matrix must be square"),
        ));
    }
    let n = shape[0];
    let values: Vec<f64> = ds.read_raw().map_err(&err)?;
    let ids = match file.dataset("ids").and_then(|d| d.read_raw::<VarLenUnicode>()) {
        Ok(v) if v.len() == n => v.iter().map(|s| s.as_str().to_string()).collect(),
        _ => (1..=n).map(|i| i.to_string()).collect(),
    };
    Ok((ids, n, values))
}

pub(super) fn attr_string(loc: &hdf5::Location, name: &str) -> Option<String> {
    loc.attr(name)
        .ok()?
        .read_scalar::<VarLenUnicode>()
        .ok()
        .map(|s| s.as_str().to_string())
}

pub(super) fn attr_f64(loc: &hdf5::Location, name: &str) -> Option<f64> {
    loc.attr(name).ok()?.read_scalar::<f64>().ok()
}

pub(super) fn attr_u64(loc: &hdf5::Location, name: &str) -> Option<u64> {
    let a = loc.attr(name).ok()?;
    a.read_scalar::<u64>()
        .ok()
        .or_else(|| a.read_scalar::<u8>().ok().map(u64::from))
}

/// One continuation branch read from `/branches/<b>`.
#[derive(Debug, Clone)]
pub struct BranchRecord {
    /// The group name `<b>` (a number when agglo wrote the file).
    pub name: String,
    /// Dotted config key continued along (attribute `parameter_name`).
    pub parameter_name: String,
    /// Occupied regions, e.g. "1,2" (attribute `support`), when written.
    pub support: Option<String>,
    /// `[P]` parameter values.
    pub parameter: Vec<f64>,
    /// Number of regions N.
    pub regions: usize,
    /// `[P, N]` shares, row-major: point p is `state[p * regions..(p + 1) * regions]`.
    pub state: Vec<f64>,
    /// `[P]` stability of each point.
    pub stable: Vec<bool>,
    /// `[P]` number of unstable eigenvalues (empty when the file has none).
    pub n_unstable: Vec<u64>,
}

impl BranchRecord {
    /// Number of points P.
    pub fn len(&self) -> usize {
        self.parameter.len()
    }

    /// True when the branch has no points.
    pub fn is_empty(&self) -> bool {
        self.parameter.is_empty()
    }

    /// The shares at point `p`.
    pub fn shares(&self, p: usize) -> &[f64] {
        &self.state[p * self.regions..(p + 1) * self.regions]
    }
}

/// One entry of `/special_points`.
#[derive(Debug, Clone)]
pub struct SpecialPointRecord {
    /// "break", "sustain", "fold", "branch-point" or "hopf".
    pub kind: String,
    pub parameter: f64,
    /// BranchRecord number (the `<b>` of `/branches/<b>`).
    pub branch: u64,
    /// Index of the nearest point on that branch.
    pub index: u64,
    pub bracket_low: f64,
    pub bracket_high: f64,
    /// The y value to mark the point at (NaN when the file has none).
    pub value: f64,
}

/// Everything a bifurcation diagram needs from a results file.
#[derive(Debug, Clone)]
pub struct BifurcationRecord {
    /// Branches sorted by group name (numerically when numbers).
    pub branches: Vec<BranchRecord>,
    pub special_points: Vec<SpecialPointRecord>,
    /// `/geography/ids`, when written.
    pub region_ids: Vec<String>,
    /// The root `config` attribute (resolved TOML), when written.
    pub config_toml: Option<String>,
}

/// One equilibrium read from `/equilibria/<k>`.
#[derive(Debug, Clone)]
pub struct EquilibriumRecord {
    /// The group name `<k>`.
    pub name: String,
    pub share: Vec<f64>,
    /// `None` for short-run results (stability not computed).
    pub stable: Option<bool>,
    pub n_unstable: Option<u64>,
    pub converged: Option<bool>,
}

/// Everything an equilibria plot needs from a results file.
#[derive(Debug, Clone)]
pub struct EquilibriumSet {
    /// "long-run" or "short-run" (attribute `horizon`), empty when missing.
    pub horizon: String,
    /// Equilibria sorted by group name (numerically when numbers).
    pub equilibria: Vec<EquilibriumRecord>,
    pub region_ids: Vec<String>,
    pub config_toml: Option<String>,
}

/// True when `path` carries the HDF5 signature (at byte 0, or after a user block of
/// 512, 1024, 2048, ... bytes).
fn has_hdf5_signature(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    const SIGNATURE: &[u8; 8] = b"\x89HDF\r\n\x1a\n";
    let Ok(mut f) = std::fs::File::open(path) else {
        return true;
    };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut offset = 0u64;
    while offset + 8 <= len {
        let mut buf = [0u8; 8];
        if f.seek(SeekFrom::Start(offset))
            .and_then(|_| f.read_exact(&mut buf))
            .is_err()
        {
            return true; // let the HDF5 library report it
        }
        if &buf == SIGNATURE {
            return true;
        }
        offset = if offset == 0 { 512 } else { offset * 2 };
    }
    false
}

/// Opens a results file for reading, refusing files not marked complete.
pub(super) fn open_complete(path: &Path) -> Result<hdf5::File> {
    if !has_hdf5_signature(path) {
        return Err(Error::data(
            path,
            "not an HDF5 file (expected a results file written by agglo)",
        ));
    }
    let file = hdf5::File::open(path).map_err(h5err(path))?;
    if attr_u64(&file, s::COMPLETE) != Some(1) {
        return Err(Error::data(
            path,
            "incomplete file (no 'complete' mark): the run that wrote it did not finish",
        ));
    }
    Ok(file)
}

pub(super) fn sorted_members(group: &hdf5::Group, path: &Path) -> Result<Vec<String>> {
    let mut names = group.member_names().map_err(h5err(path))?;
    names.sort_by(|a, b| match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    });
    Ok(names)
}

pub(super) fn region_ids(file: &hdf5::File) -> Vec<String> {
    file.dataset(&format!("{}/{}", s::GEOGRAPHY, s::IDS))
        .and_then(|d| d.read_raw::<VarLenUnicode>())
        .map(|v| v.iter().map(|s| s.as_str().to_string()).collect())
        .unwrap_or_default()
}

pub(super) fn read_f64s(group: &hdf5::Group, name: &str, path: &Path, at: &str) -> Result<Vec<f64>> {
    let ds = group
        .dataset(name)
        .map_err(|_| Error::data(path, format!("{at}/{name} is missing")))?;
    ds.read_raw::<f64>()
        .map_err(|e| Error::data(path, format!("{at}/{name}: {e}")))
}

fn read_u64s(group: &hdf5::Group, name: &str, path: &Path, at: &str) -> Result<Vec<u64>> {
    let ds = group
        .dataset(name)
        .map_err(|_| Error::data(path, format!("{at}/{name} is missing")))?;
    ds.read_raw::<u64>()
        .or_else(|_| ds.read_raw::<u8>().map(|v| v.into_iter().map(u64::from).collect()))
        .map_err(|e| Error::data(path, format!("{at}/{name}: {e}")))
}

fn read_strings(group: &hdf5::Group, name: &str, path: &Path, at: &str) -> Result<Vec<String>> {
    use hdf5::types::VarLenAscii;
    let ds = group
        .dataset(name)
        .map_err(|_| Error::data(path, format!("{at}/{name} is missing")))?;
    if let Ok(v) = ds.read_raw::<VarLenUnicode>() {
        return Ok(v.iter().map(|s| s.as_str().to_string()).collect());
    }
    ds.read_raw::<VarLenAscii>()
        .map(|v| v.iter().map(|s| s.as_str().to_string()).collect())
        .map_err(|e| Error::data(path, format!("{at}/{name}: {e} (expected variable-length strings)")))
}

fn check_len(path: &Path, at: &str, name: &str, got: usize, want: usize) -> Result<()> {
    if got != want {
        return Err(Error::data(
            path,
            format!("{at}/{name} has {got} entries but {at}/{} has {want}", s::PARAMETER),
        ));
    }
    Ok(())
}

fn read_branch(group: &hdf5::Group, name: &str, default_parameter: &str, path: &Path) -> Result<BranchRecord> {
    let at = format!("/{}/{name}", s::BRANCHES);
    let parameter = read_f64s(group, s::PARAMETER, path, &at)?;
    let p = parameter.len();
    let state_ds = group
        .dataset(s::STATE)
        .map_err(|_| Error::data(path, format!("{at}/{} is missing", s::STATE)))?;
    let shape = state_ds.shape();
    let regions = match shape.as_slice() {
        [rows, n] if *rows == p => *n,
        [n] if p == 1 => *n,
        _ => {
            return Err(Error::data(
                path,
                format!(
                    "{at}/{} has shape {shape:?}: expected [{p}, N] (one row per parameter value)",
                    s::STATE
                ),
            ))
        }
    };
    let state: Vec<f64> = state_ds
        .read_raw()
        .map_err(|e| Error::data(path, format!("{at}/{}: {e}", s::STATE)))?;
    let stable: Vec<bool> = read_u64s(group, s::STABLE, path, &at)?
        .into_iter()
        .map(|v| v != 0)
        .collect();
    check_len(path, &at, s::STABLE, stable.len(), p)?;
    let n_unstable = if group.link_exists(s::N_UNSTABLE) {
        read_u64s(group, s::N_UNSTABLE, path, &at)?
    } else {
        Vec::new()
    };
    if !n_unstable.is_empty() {
        check_len(path, &at, s::N_UNSTABLE, n_unstable.len(), p)?;
    }
    Ok(BranchRecord {
        name: name.to_string(),
        parameter_name: attr_string(group, s::PARAMETER_NAME).unwrap_or_else(|| default_parameter.to_string()),
        support: attr_string(group, s::SUPPORT),
        parameter,
        regions,
        state,
        stable,
        n_unstable,
    })
}

fn read_special_points(file: &hdf5::File, path: &Path) -> Result<Vec<SpecialPointRecord>> {
    let Ok(group) = file.group(s::SPECIAL_POINTS) else {
        return Ok(Vec::new());
    };
    let at = format!("/{}", s::SPECIAL_POINTS);
    let kind = read_strings(&group, s::KIND, path, &at)?;
    let n = kind.len();
    let parameter = read_f64s(&group, s::PARAMETER, path, &at)?;
    let branch = read_u64s(&group, s::BRANCH, path, &at)?;
    let index = read_u64s(&group, s::INDEX, path, &at)?;
    let optional = |name: &str| -> Result<Vec<f64>> {
        if group.link_exists(name) {
            read_f64s(&group, name, path, &at)
        } else {
            Ok(vec![f64::NAN; n])
        }
    };
    let (low, high, value) = (
        optional(s::BRACKET_LOW)?,
        optional(s::BRACKET_HIGH)?,
        optional(s::VALUE)?,
    );
    for (name, len) in [
        (s::PARAMETER, parameter.len()),
        (s::BRANCH, branch.len()),
        (s::INDEX, index.len()),
        (s::BRACKET_LOW, low.len()),
        (s::BRACKET_HIGH, high.len()),
        (s::VALUE, value.len()),
    ] {
        if len != n {
            return Err(Error::data(
                path,
                format!("{at}/{name} has {len} entries but {at}/{} has {n}", s::KIND),
            ));
        }
    }
    Ok((0..n)
        .map(|i| SpecialPointRecord {
            kind: kind[i].clone(),
            parameter: parameter[i],
            branch: branch[i],
            index: index[i],
            bracket_low: low[i],
            bracket_high: high[i],
            value: value[i],
        })
        .collect())
}

/// Reads `/branches` and `/special_points`; `Ok(None)` when the file has no `/branches`.
pub fn read_bifurcation(path: &Path) -> Result<Option<BifurcationRecord>> {
    let file = open_complete(path)?;
    let Ok(top) = file.group(s::BRANCHES) else {
        return Ok(None);
    };
    let default_parameter = attr_string(&top, s::PARAMETER_NAME).unwrap_or_else(|| "parameter".into());
    let mut branches = Vec::new();
    for name in sorted_members(&top, path)? {
        let group = top.group(&name).map_err(h5err(path))?;
        branches.push(read_branch(&group, &name, &default_parameter, path)?);
    }
    Ok(Some(BifurcationRecord {
        branches,
        special_points: read_special_points(&file, path)?,
        region_ids: region_ids(&file),
        config_toml: attr_string(&file, s::CONFIG),
    }))
}

/// Reads `/equilibria/<k>` (shares and stability); `Ok(None)` when the file has none.
pub fn read_equilibria(path: &Path) -> Result<Option<EquilibriumSet>> {
    let file = open_complete(path)?;
    let Ok(top) = file.group(s::EQUILIBRIA) else {
        return Ok(None);
    };
    let mut equilibria = Vec::new();
    for name in sorted_members(&top, path)? {
        let group = top.group(&name).map_err(h5err(path))?;
        let at = format!("/{}/{name}", s::EQUILIBRIA);
        equilibria.push(EquilibriumRecord {
            share: read_f64s(&group, s::SHARE, path, &at)?,
            stable: attr_u64(&group, s::STABLE).map(|v| v != 0),
            n_unstable: attr_u64(&group, s::N_UNSTABLE),
            converged: attr_u64(&group, s::CONVERGED).map(|v| v != 0),
            name,
        });
    }
    Ok(Some(EquilibriumSet {
        horizon: attr_string(&top, s::HORIZON).unwrap_or_default(),
        equilibria,
        region_ids: region_ids(&file),
        config_toml: attr_string(&file, s::CONFIG),
    }))
}
