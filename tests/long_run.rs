//! Multi-region long run on the racetrack against docs/reference.md §2 (Akamatsu, Takayama and
//! Ikeda 2012): the uniform distribution's unstable eigenvalues are the Fourier modes whose
//! normalised spatial-discounting eigenvalue chi_k has fallen below Z_B.

mod common;

use agglo::geography::layouts;
use agglo::long_run::{self, SearchOptions};
use agglo::model::{two_region::bisect, CorePeriphery, CorePeripheryParams};
use common::*;

fn racetrack(k: usize, per_step_cost: f64) -> CorePeriphery {
    let g = layouts::racetrack(k, per_step_cost).unwrap();
    CorePeriphery::new(CorePeripheryParams::default(), &g, vec![1.0 / k as f64; k]).unwrap()
}

/// Stability of the uniform distribution: (n_unstable, largest real part).
fn uniform_stability(k: usize, per_step_cost: f64) -> (usize, f64) {
    let m = racetrack(k, per_step_cost);
    let uniform = vec![1.0 / k as f64; k];
    let (w, _) = m.solve_short_run(&uniform, None, &tight(NEWTON)).unwrap();
    let o = m.outcomes(&uniform, &w);
    let d = m.real_wage_response(&uniform, &w).unwrap();
    let all: Vec<usize> = (0..k).collect();
    let s = agglo::stability::classify(&uniform, &o.real_wage, &d, &all);
    (s.n_unstable, s.eigenvalues[0].0)
}

/// chi_k(r) of docs/reference.md §2 (even K).
fn chi(k: usize, regions: usize, r: f64) -> f64 {
    let f = |k: usize| {
        let c = (2.0 * std::f64::consts::PI * k as f64 / regions as f64).cos();
        let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
        (1.0 - r * r) * (1.0 - sign * r.powi(regions as i32 / 2)) / (1.0 - 2.0 * r * c + r * r)
    };
    f(k) / f(0)
}

#[test]
fn racetrack12_break_points_match_reference() {
    // Per-step freeness r at which each mode breaks (docs/reference.md §2, sigma = 5, mu = 0.4).
    let reference = [
        (6, 0.071797),
        (5, 0.076220),
        (4, 0.091673),
        (3, 0.127020),
        (2, 0.208712),
        (1, 0.427621),
    ];
    let p = CorePeripheryParams::default();
    let z_b = p.mu * (1.0 + p.rho()) / (p.rho() + p.mu * p.mu);
    for (mode, r_ref) in reference {
        let r = bisect(|r| chi(mode, 12, r) - z_b, 1e-6, 0.999);
        assert!(
            (r - r_ref).abs() < 1e-6,
            "mode {mode}: closed form {r} vs reference {r_ref}"
        );
    }
    // The model's eigenvalues: the first break (mode 6) where the largest eigenvalue of the
    // uniform distribution crosses zero, at per-step T = 1.931852.
    let t_break = bisect(|t| uniform_stability(12, t).1, 1.5, 2.5);
    assert!((t_break - 1.931852).abs() < 2e-6, "{t_break}");
    let r_break = t_break.powf(1.0 - p.sigma);
    assert!((r_break - 0.071797).abs() < 1e-6);
}

#[test]
fn racetrack12_unstable_mode_count_matches_the_closed_form() {
    // Between successive break points the number of unstable eigenvalues at the uniform
    // distribution counts the broken modes: mode 6 once, modes 1..5 twice (cos/sin pairs).
    let sigma = 5.0;
    let cases = [
        (0.06, 0),
        (0.074, 1),
        (0.08, 3),
        (0.1, 5),
        (0.15, 7),
        (0.3, 9),
        (0.5, 11),
    ];
    for (r, expected) in cases {
        let t = f64::powf(r, 1.0 / (1.0 - sigma));
        assert_eq!(uniform_stability(12, t).0, expected, "r = {r}");
    }
}

#[test]
fn racetrack12_migration_reaches_a_stable_agglomeration() {
    let m = racetrack(12, 1.5);
    let eqs = long_run::find_equilibria(&m, &[1.0 / 12.0; 12], &tight(ANDERSON), &SearchOptions::default()).unwrap();
    assert!(eqs.len() >= 2);
    let uniform = &eqs[0];
    assert!(uniform.shares.iter().all(|s| (s - 1.0 / 12.0).abs() < 1e-12));
    assert!(!uniform.stability.stable);
    let agglomerated: Vec<_> = eqs[1..].iter().filter(|e| e.stability.stable).collect();
    assert!(!agglomerated.is_empty());
    for e in agglomerated {
        let occupied = e.shares.iter().filter(|&&s| s > 0.0).count();
        assert!((1..12).contains(&occupied));
        assert!(e.stats.converged);
    }
}

#[test]
fn racetrack_stable_when_trade_costs_are_high() {
    // Above the first break the uniform distribution is stable and the dynamics return to it.
    let m = racetrack(8, 2.5);
    let eqs = long_run::find_equilibria(&m, &[0.125; 8], &tight(NEWTON), &SearchOptions::default()).unwrap();
    assert_eq!(eqs.len(), 1);
    assert!(eqs[0].stability.stable);
}
