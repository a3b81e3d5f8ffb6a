//! What the bifurcation diagram plots: the plotted share of a branch point, runs of equal
//! stability, where a special point sits, axis padding.

use crate::output::{BranchRecord, SpecialPointRecord};

/// The plotted value at point `p`: lambda_1 for two regions, else the largest share.
pub fn y_value(branch: &BranchRecord, p: usize) -> f64 {
    let shares = branch.shares(p);
    match shares.len() {
        0 => f64::NAN,
        2 => shares[0],
        _ => shares.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    }
}

/// Runs of equal stability as (stable, first, last) point indices, inclusive. Each run after
/// the first starts at the last point of the one before, so the curve stays connected; the
/// segment across a change of stability is drawn in the style of the later run.
pub fn stability_runs(stable: &[bool]) -> Vec<(bool, usize, usize)> {
    let mut runs = Vec::new();
    let Some(&first) = stable.first() else { return runs };
    let (mut flag, mut start) = (first, 0);
    for (i, &s) in stable.iter().enumerate().skip(1) {
        if s != flag {
            if i - 1 > start {
                runs.push((flag, start, i - 1));
            }
            flag = s;
            start = i - 1;
        }
    }
    runs.push((flag, start, stable.len() - 1));
    runs
}

pub(super) fn y_label(regions: usize, ids: &[String]) -> String {
    if regions == 2 {
        match ids.first() {
            Some(id) if id.parse::<f64>().is_err() => format!("share of {id}, λ₁"),
            Some(id) => format!("share of region {id}, λ₁"),
            None => "share of region 1, λ₁".into(),
        }
    } else {
        format!("largest regional share, max λ (uniform = 1/{regions})")
    }
}

/// The y value at which to mark a special point: its `value`, else the point of its branch.
pub(super) fn special_y(sp: &SpecialPointRecord, branches: &[BranchRecord]) -> Option<f64> {
    if sp.value.is_finite() {
        return Some(sp.value);
    }
    let b = branches.iter().find(|b| b.name == sp.branch.to_string())?;
    let i = sp.index as usize;
    (i < b.len()).then(|| y_value(b, i)).filter(|y| y.is_finite())
}

pub(super) fn padded(lo: f64, hi: f64, fraction: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        let d = if lo == 0.0 { 0.5 } else { 0.05 * lo.abs() };
        return (lo - d, hi + d);
    }
    let pad = (hi - lo) * fraction;
    (lo - pad, hi + pad)
}

/// A branch as runs of equal stability: (stable, points), in data or pixel coordinates.
pub(super) type Runs<P> = Vec<(bool, Vec<P>)>;

/// Whether branch `b` is at the uniform state (all shares equal) at point `p`.
pub(super) fn uniform_at(b: &BranchRecord, p: usize) -> bool {
    let shares = b.shares(p);
    let (lo, hi) = shares.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
        (lo.min(v), hi.max(v))
    });
    shares.len() > 1 && hi - lo <= 1e-6
}

#[cfg(test)]
mod tests {
    use super::stability_runs;

    #[test]
    fn runs_share_their_boundary_points() {
        assert_eq!(stability_runs(&[]), vec![]);
        assert_eq!(stability_runs(&[true, true]), vec![(true, 0, 1)]);
        assert_eq!(
            stability_runs(&[false, false, true, true, true]),
            vec![(false, 0, 1), (true, 1, 4)]
        );
        assert_eq!(stability_runs(&[true, false, true]), vec![(false, 0, 1), (true, 1, 2)]);
    }
}
