//! Bifurcation diagrams against the closed forms: two-region tomahawk (docs/reference.md §1),
//! racetrack breaks (§2); invariants: n_unstable changes across every special point and
//! every located parameter lies inside its bracket.

mod common;

use agglo::continuation::{self, Diagram, Options, SpecialKind};
use agglo::geography::layouts;
use agglo::long_run::SearchOptions;
use agglo::model::{two_region as cf, CorePeriphery, CorePeripheryParams, MobileFactorModel};
use agglo::Result;
use common::*;

fn two_region_diagram(sigma: f64, mu: f64) -> Diagram {
    let family = move |t: f64| -> Result<Box<dyn MobileFactorModel>> {
        let g = layouts::two_region(t)?;
        Ok(Box::new(CorePeriphery::new(
            CorePeripheryParams { sigma, mu },
            &g,
            vec![0.5, 0.5],
        )?))
    };
    let options = Options {
        from: 2.5,
        to: 1.0,
        circulant: true,
        ..Options::default()
    };
    continuation::trace_diagram(
        &family,
        2,
        "geography.trade-cost",
        &tight(NEWTON),
        &SearchOptions::default(),
        &options,
    )
    .unwrap()
}

fn located(d: &Diagram, kind: SpecialKind) -> Vec<f64> {
    d.special_points
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| s.parameter)
        .collect()
}

#[test]
fn tomahawk_break_and_sustain_points_match_closed_forms() {
    for (sigma, mu) in [(5.0, 0.4), (4.0, 0.3), (6.0, 0.5), (3.0, 0.2), (8.0, 0.6)] {
        let d = two_region_diagram(sigma, mu);
        let p = CorePeripheryParams { sigma, mu };
        let t_b = cf::trade_cost_from_freeness(&p, cf::break_point_freeness(&p));
        let t_s = cf::trade_cost_from_freeness(&p, cf::sustain_point_freeness(&p).unwrap());
        let breaks = located(&d, SpecialKind::Break);
        let sustains = located(&d, SpecialKind::Sustain);
        for s in &d.special_points {
            eprintln!(
                "  special {:?} at {} branch {} index {} bracket {:?}",
                s.kind, s.parameter, s.branch, s.index, s.bracket
            );
        }
        eprintln!(
            "sigma {sigma} mu {mu}: {} branches, breaks {breaks:?}, sustains {sustains:?}, notes {:?}",
            d.branches.len(),
            d.notes
        );
        for b in &d.branches {
            eprintln!("  support {:?}: {} points, {}", b.support, b.points.len(), b.end);
        }
        assert_eq!(breaks.len(), 1);
        assert!(rel(breaks[0], t_b) < 1e-8, "{} vs {t_b}", breaks[0]);
        assert_eq!(sustains.len(), 2);
        for s in sustains {
            assert!(rel(s, t_s) < 1e-8, "{s} vs {t_s}");
        }
        assert_eq!(d.branches.len(), 5, "symmetric, two interior, two core–periphery");
    }
}

fn racetrack_diagram(k: usize, sigma: f64, mu: f64, from: f64, to: f64) -> Diagram {
    let family = move |t: f64| -> Result<Box<dyn MobileFactorModel>> {
        let g = layouts::racetrack(k, t)?;
        Ok(Box::new(CorePeriphery::new(
            CorePeripheryParams { sigma, mu },
            &g,
            vec![1.0 / k as f64; k],
        )?))
    };
    let options = Options {
        from,
        to,
        circulant: true,
        max_branches: 24,
        ..Options::default()
    };
    continuation::trace_diagram(
        &family,
        k,
        "geography.trade-cost",
        &tight(NEWTON),
        &SearchOptions::default(),
        &options,
    )
    .unwrap()
}

/// chi_k(r) of docs/reference.md §2 (even K).
fn chi(m: usize, k: usize, r: f64) -> f64 {
    let f = |m: usize| {
        let c = (2.0 * std::f64::consts::PI * m as f64 / k as f64).cos();
        let sign = if m % 2 == 0 { 1.0 } else { -1.0 };
        (1.0 - r * r) * (1.0 - sign * r.powi(k as i32 / 2)) / (1.0 - 2.0 * r * c + r * r)
    };
    f(m) / f(0)
}

#[test]
fn racetrack_first_break_is_mode_k_over_2_and_leads_to_k_over_2_cities() {
    for (sigma, mu) in [(5.0, 0.4), (4.0, 0.3), (6.0, 0.5)] {
        let p = CorePeripheryParams { sigma, mu };
        let z_b = mu * (1.0 + p.rho()) / (p.rho() + mu * mu);
        for k in [4usize, 8, 12, 16] {
            let r_break = cf::bisect(|r| chi(k / 2, k, r) - z_b, 1e-9, 0.999);
            let t_break = r_break.powf(1.0 / (1.0 - sigma));
            let start = std::time::Instant::now();
            let d = racetrack_diagram(k, sigma, mu, t_break * 1.5, 1.0 + 0.3 * (t_break - 1.0));
            eprintln!(
                "K = {k}, sigma {sigma}, mu {mu}: {} branches in {:?}; notes {:?}",
                d.branches.len(),
                start.elapsed(),
                d.notes
            );
            for (i, b) in d.branches.iter().enumerate() {
                eprintln!("  {i} support {:?}: {} points, {}", b.support, b.points.len(), b.end);
            }
            for s in &d.special_points {
                eprintln!(
                    "  special {:?} at {} (r = {:.6}) branch {} index {} mode {}",
                    s.kind,
                    s.parameter,
                    s.parameter.powf(1.0 - sigma),
                    s.branch,
                    s.index,
                    s.mode
                );
            }
            // The first break on the uniform branch (branch 0).
            let first = d
                .special_points
                .iter()
                .filter(|s| s.branch == 0)
                .max_by(|a, b| a.parameter.total_cmp(&b.parameter))
                .unwrap();
            assert_eq!(first.kind, SpecialKind::Break);
            assert_eq!(first.mode, k / 2, "K = {k}");
            let r = first.parameter.powf(1.0 - sigma);
            assert!((r - r_break).abs() < 1e-6, "K = {k}: r = {r} vs {r_break}");
            if k == 12 && sigma == 5.0 {
                assert!((r - 0.071797).abs() < 1e-6);
            }
            // The branch switched into at that break reaches K/2 equal cities.
            let cities = d
                .branches
                .iter()
                .find(|b| b.support.len() == k / 2)
                .expect("a branch with K/2 occupied regions");
            for pt in &cities.points {
                let occupied: Vec<f64> = pt.shares.iter().copied().filter(|s| *s > 0.0).collect();
                assert!(occupied.iter().all(|s| (s - 2.0 / k as f64).abs() < 1e-9));
            }
        }
    }
}

/// Every special point: its parameter lies inside its bracket (of width <= 1e-10) and
/// n_unstable differs on the two sides of the bracket.
fn check_invariants(d: &Diagram) {
    assert!(!d.special_points.is_empty());
    for s in &d.special_points {
        assert!(s.bracket.0 <= s.parameter && s.parameter <= s.bracket.1, "{s:?}");
        if s.kind != SpecialKind::Fold {
            assert!(s.bracket.1 - s.bracket.0 <= 1e-10 * s.parameter.abs().max(1.0), "{s:?}");
        }
        assert_ne!(s.sides.0, s.sides.1, "n_unstable must change across {s:?}");
        let b = &d.branches[s.branch];
        assert!(s.index < b.points.len());
        assert!((b.points[s.index].parameter - s.parameter).abs() < 1e-9);
    }
}

#[test]
fn invariants_hold_on_tomahawks_and_racetracks() {
    for (sigma, mu) in [(5.0, 0.4), (3.0, 0.2)] {
        check_invariants(&two_region_diagram(sigma, mu));
    }
    check_invariants(&racetrack_diagram(8, 5.0, 0.4, 3.0, 1.3));
}

#[test]
fn no_break_point_when_the_no_black_hole_condition_fails() {
    // sigma = 2, mu = 0.6 >= rho = 0.5: dispersion is unstable at every trade cost.
    let d = two_region_diagram(2.0, 0.6);
    assert!(located(&d, SpecialKind::Break).is_empty());
    let symmetric = d
        .branches
        .iter()
        .find(|b| (b.points[0].shares[0] - 0.5).abs() < 1e-12)
        .expect("symmetric branch");
    assert!(symmetric.points.iter().all(|p| (p.shares[0] - 0.5).abs() < 1e-12));
    assert!(symmetric.points.iter().filter(|p| p.parameter > 1.0).all(|p| !p.stable));
}
