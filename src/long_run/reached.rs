//! The equilibrium reached from a start: the one definition behind the sweep's recorded
//! quantities and the moments target of calibration.
//!
//! Of the long-run equilibria found from the start shares (`model.shares`, uniform by
//! default), the reached one is where the migration dynamics d lambda_r/dt =
//! (omega_r - omega_bar) lambda_r (FKV eq. 5.6) settle:
//!
//! - two regions: every equilibrium is known (sorted by lambda_1). If the start is itself a
//!   stable equilibrium it is reached; if it is an unstable one (the symmetric state inside
//!   the tomahawk), the dynamics leave it from the start perturbed as `[solve]` perturbs
//!   starts (`perturbation`, `seed`; with perturbation 0 the start is kept). From a start that
//!   is not an equilibrium workers move towards the higher real wage: the reached equilibrium
//!   is the nearest one above lambda_1 when omega_1 > omega_2 there, the nearest one below
//!   when omega_1 < omega_2.
//! - three or more regions: the first stable equilibrium in the order the search found them
//!   (the dispersed state near the start when it is stable, else where the dynamics from the
//!   first perturbed start settled), else the first one found.

use super::{migration, support, two_region, Equilibrium, SearchOptions};
use crate::model::MobileFactorModel;
use crate::solve::SolverSettings;

/// The equilibrium reached from `start` among `equilibria` (as found by
/// [`super::find_equilibria`] from that start), if any.
pub fn reached<'a>(
    model: &dyn MobileFactorModel,
    start: &[f64],
    equilibria: &'a [Equilibrium],
    settings: &SolverSettings,
    search: &SearchOptions,
) -> Option<&'a Equilibrium> {
    if equilibria.is_empty() {
        return None;
    }
    if model.regions() != 2 {
        return equilibria.iter().find(|e| e.stability.stable).or(equilibria.first());
    }
    let near = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-7);
    let mut from = start.to_vec();
    if let Some(e) = equilibria.iter().find(|e| near(&e.shares, start)) {
        if e.stability.stable || search.perturbation == 0.0 {
            return Some(e);
        }
        from = migration::perturb(start, search.perturbation, search.seed);
    }
    let lambda = from[0];
    let inner = support::inner_settings(settings);
    let gap = two_region::real_wage_gap(model, lambda, None, &inner)
        .map(|(g, _)| g)
        .unwrap_or(f64::NAN);
    // Sorted by lambda_1 (two_region::enumerate).
    let above = equilibria.iter().find(|e| e.shares[0] > lambda);
    let below = equilibria.iter().rev().find(|e| e.shares[0] < lambda);
    let nearest = || {
        equilibria
            .iter()
            .min_by(|a, b| (a.shares[0] - lambda).abs().total_cmp(&(b.shares[0] - lambda).abs()))
    };
    if gap > 0.0 {
        above.or_else(nearest)
    } else if gap < 0.0 {
        below.or_else(nearest)
    } else {
        nearest()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geography::layouts;
    use crate::model::{CorePeriphery, CorePeripheryParams};

    fn reached_share(trade_cost: f64, start: f64) -> (f64, usize) {
        let g = layouts::two_region(trade_cost).unwrap();
        let m = CorePeriphery::new(CorePeripheryParams::default(), &g, vec![0.5, 0.5]).unwrap();
        let settings = SolverSettings::default();
        let search = SearchOptions::default();
        let start = [start, 1.0 - start];
        let eqs = crate::long_run::find_equilibria(&m, &start, &settings, &search).unwrap();
        let e = reached(&m, &start, &eqs, &settings, &search).unwrap();
        assert!(
            e.stability.stable,
            "T = {trade_cost}: reached an unstable equilibrium {:?}",
            e.shares
        );
        // Roots are located to about 1e-10: round for the comparisons.
        ((e.shares[0] * 1e6).round() / 1e6, eqs.len())
    }

    #[test]
    fn the_dynamics_pick_the_reached_equilibrium() {
        // Dispersion only: the symmetric state.
        assert_eq!(reached_share(2.2, 0.5), (0.5, 1));
        // Inside the tomahawk (five equilibria, lambda* = 0.8349): the symmetric state is
        // stable, starts above lambda* agglomerate, starts below it disperse.
        assert_eq!(reached_share(1.7, 0.5), (0.5, 5));
        assert_eq!(reached_share(1.7, 0.9).0, 1.0);
        assert_eq!(reached_share(1.7, 0.7).0, 0.5);
        assert_eq!(reached_share(1.7, 0.1).0, 0.0);
        // Agglomeration only: the unstable symmetric start is left by the seeded perturbation.
        let (share, n) = reached_share(1.5, 0.5);
        assert!(n == 3 && (share == 0.0 || share == 1.0), "{share}");
        assert_eq!(reached_share(1.5, 0.6).0, 1.0);
    }
}
