//! The memory budget: what a run will allocate, estimated from the validated config before
//! anything is allocated or any file created, and refused over the budget with an error
//! naming the config key that sets the size, the estimate and the budget.
//!
//! The budget is set once per process by the command line (`--max-memory`, default half of
//! the physical memory, see `cli::guard`); a library user that never sets it gets no limit.
//! The estimates count the large objects only (dense N × N matrices, design tables, per-point
//! vectors) with the number of copies the code keeps alive at once; they are meant to be
//! right within a factor of about two, which is what a refusal needs.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};

/// No budget set (library use): nothing is refused.
const UNSET: u64 = u64::MAX;

static BUDGET: AtomicU64 = AtomicU64::new(UNSET);

/// The option that changes the budget, named in every refusal.
pub const BUDGET_OPTION: &str = "--max-memory";

/// Sets the process's memory budget in bytes.
pub fn set_budget(bytes: u64) {
    BUDGET.store(bytes, Ordering::Relaxed);
}

/// The process's memory budget in bytes, if one is set.
pub fn budget() -> Option<u64> {
    match BUDGET.load(Ordering::Relaxed) {
        UNSET => None,
        b => Some(b),
    }
}

/// Bytes as "80.0 GB" (decimal units, as `--max-memory` reads them).
pub fn human(bytes: f64) -> String {
    const UNITS: [&str; 6] = ["B", "kB", "MB", "GB", "TB", "PB"];
    let mut v = bytes;
    let mut u = 0;
    while v >= 1000.0 && u + 1 < UNITS.len() {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{v:.0} B")
    } else if v >= 1e3 {
        format!("{v:.3e} {}", UNITS[u])
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// Refuses an estimate (bytes, as f64 so that products of huge counts cannot overflow) over
/// the budget. `key` is the config key that sets the size, `what` says what is allocated.
pub fn require(key: &str, what: &str, estimate: f64) -> Result<()> {
    let Some(budget) = budget() else {
        return Ok(());
    };
    if estimate <= budget as f64 {
        return Ok(());
    }
    Err(Error::OverBudget {
        key: key.to_string(),
        what: what.to_string(),
        estimate: human(estimate),
        budget: human(budget as f64),
        option: BUDGET_OPTION,
    })
}

/// Bytes of one f64.
const F64: f64 = 8.0;

/// Dense N × N matrices alive at once where d omega / d lambda is formed (a long run of a
/// model without matrix-free products or on at most `stability::DENSE_MAX_SUPPORT` regions,
/// every continuation step): in `CorePeriphery::real_wage_response` the two wage-map
/// derivatives, the LU factors and the solved response (4), then d ln omega / d w, / d lambda
/// and their product (3) while the derivatives are dropped; the stability check's migration
/// Jacobian and its eigen-decomposition (Schur form and workspace, 3) next to the response.
const DENSE_LONG_RUN_COPIES: f64 = 7.0;

/// Vectors of N regions alive at once in a matrix-free long run (`long_run/response.rs`):
/// the support's columns of d omega / d lambda (at most `DENSE_MAX_SUPPORT` = 400), the
/// wage response's GMRES basis (61) inside the Newton step's GMRES (61) or the Arnoldi basis
/// (at most 116), and the short run's Anderson history and work vectors (about 40).
const MATRIX_FREE_LONG_RUN_VECTORS: f64 = 400.0 + 61.0 + 116.0 + 40.0;

/// How the long run meets d omega / d lambda, for its memory estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LongRunForm {
    /// The dense N × N matrix (and the stability check's dense Jacobian).
    Dense,
    /// Products only: columns of the support, Krylov bases (`long_run/response.rs`).
    MatrixFree,
}

/// Memory of the long run (and of stability, continuation) on `n` regions, per thread.
pub fn long_run_bytes(n: usize, form: LongRunForm) -> f64 {
    let n = n as f64;
    match form {
        LongRunForm::Dense => DENSE_LONG_RUN_COPIES * n * n * F64,
        LongRunForm::MatrixFree => MATRIX_FREE_LONG_RUN_VECTORS * n * F64,
    }
}

/// Vectors of N kept per start of a multi-start search (start, iterate, outcomes, result).
const VECTORS_PER_START: f64 = 8.0;

/// Memory of `starts` kept results on `n` regions.
pub fn starts_bytes(starts: usize, n: usize) -> f64 {
    VECTORS_PER_START * starts as f64 * n as f64 * F64
}

/// Checks a long-run run on `n` regions with `threads` solving at once; `key` names the size.
pub fn require_long_run(key: &str, n: usize, form: LongRunForm, threads: usize) -> Result<()> {
    let per = match form {
        LongRunForm::Dense => format!("the long run's dense {n} x {n} matrices ({DENSE_LONG_RUN_COPIES} of them"),
        LongRunForm::MatrixFree => format!(
            "the matrix-free long run's {MATRIX_FREE_LONG_RUN_VECTORS} vectors of {n} regions (support columns, Krylov bases"
        ),
    };
    let what = if threads > 1 {
        format!("{per} per thread, {threads} threads)")
    } else {
        format!("{per})")
    };
    require(key, &what, long_run_bytes(n, form) * threads.max(1) as f64)
}

/// Checks `solve.starts` starts on `n` regions.
pub fn require_starts(starts: usize, n: usize) -> Result<()> {
    require(
        "solve.starts",
        &format!("{starts} starts of {n} regions each"),
        starts_bytes(starts, n),
    )
}

/// Per-point bytes of a sweep's design: the shard's row index and, on a latin hypercube, a
/// stratum per axis (u32).
pub fn sweep_design_bytes(points: f64, axes: usize, axis_values: f64, latin_hypercube: bool) -> f64 {
    let strata = if latin_hypercube { 4.0 * axes as f64 } else { 0.0 };
    points * (F64 + strata) + axis_values * F64
}

/// Bytes of an ARSW city of `blocks` blocks: on a grid the FFT kernels (four zero-padded 2-D
/// transforms of (2n)² complex values per kernel, three kernels) and about 40 vectors of
/// blocks; with a travel-time matrix the dense N × N minutes and two dense kernels.
pub fn arsw_bytes(blocks: usize, grid: bool) -> f64 {
    let n = blocks as f64;
    if grid {
        let padded = 4.0 * n;
        3.0 * padded * 16.0 * 2.0 + 40.0 * n * F64
    } else {
        3.0 * n * n * F64 + 40.0 * n * F64
    }
}

/// The config key that sets the number of regions of the `[geography]` in `table`.
pub fn regions_key(table: &toml::Table) -> &'static str {
    let kind = table
        .get("geography")
        .and_then(|g| g.get("kind"))
        .and_then(|k| k.as_str())
        .unwrap_or("two-region");
    match kind {
        "racetrack" | "line" => "geography.regions",
        "grid" | "torus" | "border-grid" => "geography.width x geography.height",
        "points" | "matrix" | "network" => "geography.file",
        _ => "geography",
    }
}

/// Checks the design of `[sweep]` before it is built: the grid's axis values and the
/// per-point tables (latin hypercube strata, the shard's row index). Errors name the axis
/// (or `sweep.points`) that makes it large.
pub fn require_sweep_design(raw: &super::raw::RawSweep) -> Result<()> {
    let grid = raw.design == "grid";
    let (points, axis_values, key) = if grid {
        let sizes: Vec<f64> = raw
            .axis
            .iter()
            .map(|a| match (&a.values, a.steps) {
                (Some(v), _) => v.len() as f64,
                (None, Some(s)) => s as f64,
                (None, None) => 1.0,
            })
            .collect();
        let largest = (0..sizes.len()).max_by(|&a, &b| sizes[a].total_cmp(&sizes[b]));
        let key = match largest {
            Some(i) if raw.axis[i].values.is_some() => format!("sweep.axis[{}].values", i + 1),
            Some(i) => format!("sweep.axis[{}].steps", i + 1),
            None => "sweep.axis".to_string(),
        };
        (sizes.iter().product::<f64>(), sizes.iter().sum::<f64>(), key)
    } else {
        (raw.points.unwrap_or(0) as f64, 0.0, "sweep.points".to_string())
    };
    let lhs = raw.design == "latin-hypercube";
    require(
        &key,
        &format!("the {} design's tables for {points:.3e} points", raw.design),
        sweep_design_bytes(points, raw.axis.len(), axis_values, lhs),
    )
}

/// Checks a run of the model of `spec`: the long run's matrices when `long_run` (the
/// config's horizon for `solve`), `threads` of them at once, and the kept results of
/// `solve.starts` starts. The long run is matrix-free above `DENSE_MAX_SUPPORT` regions for
/// models with products ([`crate::model::MobileFactorModel::has_response_products`]).
pub fn require_run(spec: &super::RunSpec, long_run: bool, threads: usize) -> Result<()> {
    let n = spec.geography.len();
    if let (true, Some(model)) = (long_run, spec.model.mobile()) {
        let form = if n > crate::stability::DENSE_MAX_SUPPORT && model.has_response_products() {
            LongRunForm::MatrixFree
        } else {
            LongRunForm::Dense
        };
        require_long_run(regions_key(&spec.table), n, form, threads)?;
    }
    require_starts(spec.search.starts, n)
}

/// Checks a continuation (`agglo bifurcate`) of the model of `spec`: every step forms the
/// dense d omega / d lambda (`continuation/system.rs`), and the starts at `from`.
pub fn require_continuation(spec: &super::RunSpec) -> Result<()> {
    let n = spec.geography.len();
    if spec.model.mobile().is_some() {
        require_long_run(regions_key(&spec.table), n, LongRunForm::Dense, 1)?;
    }
    require_starts(spec.search.starts, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_units() {
        assert_eq!(human(512.0), "512 B");
        assert_eq!(human(8e10), "80.0 GB");
        // 2.4e22 B = 2.4e7 PB: past the largest unit the mantissa goes to scientific notation.
        assert_eq!(human(2.4e22), "2.400e7 PB");
        assert_eq!(human(999.0), "999 B");
        assert_eq!(human(1000.0), "1.0 kB");
    }

    #[test]
    fn the_dense_long_run_of_100000_regions_is_560_gb_the_matrix_free_one_under_1_gb() {
        // 7 dense matrices of 1e10 f64; 617 vectors of 1e5 f64.
        assert_eq!(long_run_bytes(100_000, LongRunForm::Dense), 5.6e11);
        assert_eq!(long_run_bytes(100_000, LongRunForm::MatrixFree), 617.0 * 8e5);
        assert!(long_run_bytes(12, LongRunForm::Dense) < 1e4);
    }
}
