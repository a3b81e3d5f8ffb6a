//! Bifurcation diagrams against the closed forms: two-region tomahawk (REFERENCE.md §1),
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
        Ok(Box::new(CorePeriphery::new(CorePeripheryParams { sigma, mu }, &g, vec![0.5, 0.5])?))
    };
    let options = Options { from: 2.5, to: 1.0, circulant: true, ..Options::default() };
    continuation::trace_diagram(&family, 2, "geography.trade-cost", &tight(NEWTON), &SearchOptions::default(), &options).unwrap()
}

fn located(d: &Diagram, kind: SpecialKind) -> Vec<f64> {
    d.special_points.iter().filter(|s| s.kind == kind).map(|s| s.parameter).collect()
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
        for s in &d.special_points { eprintln!("  special {:?} at {} branch {} index {} bracket {:?}", s.kind, s.parameter, s.branch, s.index, s.bracket); }
        eprintln!("sigma {sigma} mu {mu}: {} branches, breaks {breaks:?}, sustains {sustains:?}, notes {:?}", d.branches.len(), d.notes);
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
