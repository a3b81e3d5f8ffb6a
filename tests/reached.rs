//! "The equilibrium reached from the start" has one definition (`long_run::reached`): the
//! sweep's recorded shares and the moments target of calibration report the same
//! equilibrium, on two regions (inside and outside the FKV tomahawk, several starts) and on
//! a racetrack of six regions.

use agglo::calibration::targets::moments::{Moment, MomentTarget, MomentsTarget};
use agglo::geography::layouts;
use agglo::long_run::{self, SearchOptions};
use agglo::model::{CorePeriphery, CorePeripheryParams, MobileFactorModel};
use agglo::solve::SolverSettings;
use agglo::sweep::record::{self, Quantity};

/// Core–periphery (sigma 5, mu 0.4) on two regions at trade cost theta[0], or on a
/// racetrack of `regions` at that cost per step.
fn model(regions: usize, t: f64) -> CorePeriphery {
    let g = if regions == 2 {
        layouts::two_region(t).unwrap()
    } else {
        layouts::racetrack(regions, t).unwrap()
    };
    CorePeriphery::new(CorePeripheryParams::default(), &g, vec![1.0 / regions as f64; regions]).unwrap()
}

/// (sweep's shares of the reached equilibrium, the moments' largest share and Herfindahl).
fn both(regions: usize, t: f64, start: Vec<f64>) -> (Vec<f64>, f64, f64) {
    let settings = SolverSettings::default();
    let search = SearchOptions::default();
    let m = model(regions, t);
    let eqs = long_run::find_equilibria(&m, &start, &settings, &search).unwrap();
    let row = record::long_run(&m, &start, &eqs, &settings, &search, &[Quantity::Share]);
    assert!(row.converged, "T = {t}, start {start:?}");
    let s = start.clone();
    let target = MomentsTarget::new(
        Box::new(move |theta: &[f64]| {
            let m: Box<dyn MobileFactorModel> = Box::new(model(regions, theta[0]));
            Ok((m, s.clone()))
        }),
        [Moment::LargestShare, Moment::Herfindahl]
            .into_iter()
            .map(|moment| MomentTarget {
                moment,
                target: 0.0,
                weight: 1.0,
            })
            .collect(),
        settings,
        search,
    );
    let v = target.values(&[t]).unwrap();
    (row.values, v[0], v[1])
}

fn assert_agree(regions: usize, t: f64, start: Vec<f64>) -> Vec<f64> {
    let (shares, largest, herfindahl) = both(regions, t, start.clone());
    let l = shares.iter().cloned().fold(0.0, f64::max);
    let h: f64 = shares.iter().map(|x| x * x).sum();
    assert_eq!(l, largest, "largest share, T = {t}, start {start:?}");
    assert_eq!(h, herfindahl, "Herfindahl, T = {t}, start {start:?}");
    shares
}

#[test]
fn sweep_and_moments_report_the_same_reached_equilibrium() {
    // Inside the tomahawk (T_B = 1.6266 < T < T_S = 1.8073 at sigma 5, mu 0.4): the stable
    // symmetric state is reached from 1/2 (the moments target took the first stable
    // equilibrium by lambda_1, the empty corner, before the two agreed), the corners from
    // starts beyond the unstable interior equilibria.
    let s = assert_agree(2, 1.7, vec![0.5, 0.5]);
    assert!((s[0] - 0.5).abs() < 1e-9, "{s:?}");
    let s = assert_agree(2, 1.7, vec![0.9, 0.1]);
    assert!((s[0] - 1.0).abs() < 1e-12, "{s:?}");
    let s = assert_agree(2, 1.7, vec![0.1, 0.9]);
    assert!(s[0].abs() < 1e-12, "{s:?}");
    // Agglomeration only (T < T_B): from 1/2 the seeded perturbation decides the corner.
    let s = assert_agree(2, 1.5, vec![0.5, 0.5]);
    assert!(s[0] == 0.0 || s[0] == 1.0, "{s:?}");
    assert_agree(2, 1.5, vec![0.3, 0.7]);
    // Dispersion only (T > T_S).
    let s = assert_agree(2, 2.2, vec![0.8, 0.2]);
    assert!((s[0] - 0.5).abs() < 1e-9, "{s:?}");
    // Six regions on a racetrack.
    assert_agree(6, 1.25, vec![1.0 / 6.0; 6]);
    assert_agree(6, 1.05, vec![1.0 / 6.0; 6]);
}
