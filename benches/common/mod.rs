//! The default FKV tomahawk (docs/reference.md §1), shared by `benches/tomahawk.rs` and
//! `examples/tomahawk_time.rs` (which includes this file by path). Lives in a subdirectory so
//! that cargo does not take it for a bench target of its own.
#![allow(dead_code)]

use agglo::continuation::{self, Diagram, Options, SpecialKind};
use agglo::geography::layouts;
use agglo::long_run::SearchOptions;
use agglo::model::{CorePeriphery, CorePeripheryParams, MobileFactorModel};
use agglo::solve::{JacobianSource, Method, SolverSettings, Tolerance};
use agglo::Result;

/// Closed forms for sigma = 5, mu = 0.4 (docs/reference.md §1).
pub const T_BREAK: f64 = 1.626576561698;
pub const T_SUSTAIN: f64 = 1.807312719931;

/// Two regions, sigma = 5, mu = 0.4, trade cost traced from 2.5 down to 1.0, analytic Newton
/// with the default tolerance (1e-10): every branch with its break and sustain points.
pub fn tomahawk() -> Diagram {
    let params = CorePeripheryParams { sigma: 5.0, mu: 0.4 };
    let family = move |t: f64| -> Result<Box<dyn MobileFactorModel>> {
        let g = layouts::two_region(t)?;
        Ok(Box::new(CorePeriphery::new(params, &g, vec![0.5, 0.5])?))
    };
    let settings = SolverSettings {
        method: Method::Newton {
            jacobian: JacobianSource::Analytic,
        },
        tolerance: Tolerance::default(),
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
        &settings,
        &SearchOptions::default(),
        &options,
    )
    .expect("tomahawk diagram")
}

/// Located parameters of one kind.
pub fn located(d: &Diagram, kind: SpecialKind) -> Vec<f64> {
    d.special_points
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| s.parameter)
        .collect()
}

/// Panics unless the diagram is the full tomahawk: 1 break, 2 sustain points, 5 branches,
/// all at the closed forms (relative 1e-8).
pub fn check(d: &Diagram) {
    let breaks = located(d, SpecialKind::Break);
    let sustains = located(d, SpecialKind::Sustain);
    assert_eq!(breaks.len(), 1, "breaks {breaks:?}");
    assert_eq!(sustains.len(), 2, "sustains {sustains:?}");
    assert_eq!(d.branches.len(), 5, "symmetric, two interior, two core–periphery");
    assert!(
        ((breaks[0] - T_BREAK) / T_BREAK).abs() < 1e-8,
        "break {} vs {T_BREAK}",
        breaks[0]
    );
    for s in sustains {
        assert!(((s - T_SUSTAIN) / T_SUSTAIN).abs() < 1e-8, "sustain {s} vs {T_SUSTAIN}");
    }
}
