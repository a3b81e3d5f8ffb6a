//! Several industries (Puga–Venables 1996; docs/puga-venables.md): with one industry the
//! model is the vertical-linkages model (short run at given firms and long-run equilibria
//! to 1e-10, four parameter sets); the symmetric equilibrium of J different industries in
//! closed form (profits 0 to 1e-12); the agglomerated core's wage w_1 = m L_2 / ((1 - m) L_1)
//! to 1e-10; identical industries end with the same shares; and the headline: along the
//! growth parameter three industries enter the periphery one at a time, the count a
//! non-decreasing step function with each step located to 1e-8 where the entering
//! industry's profit in the periphery crosses 0.

mod common;

use agglo::geography::layouts;
use agglo::long_run::{self, SearchOptions};
use agglo::model::puga_venables::{path, EntryOptions, Industry, PathOptions, PugaVenables, PugaVenablesParams};
use agglo::model::vertical_linkages::{VerticalLinkages, VerticalLinkagesParams};
use common::*;

fn model(industries: &[(f64, f64, f64)], growth: f64, trade_cost: f64, labour: &[f64]) -> PugaVenables {
    let params = PugaVenablesParams {
        industries: industries
            .iter()
            .map(|&(sigma, mu, alpha)| Industry { sigma, mu, alpha })
            .collect(),
        labour: 2.0,
        growth,
    };
    PugaVenables::new(params, &layouts::two_region(trade_cost).unwrap(), labour.to_vec()).unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    (a / b - 1.0).abs()
}

/// (sigma, mu, alpha, T, labour split): mu > 1/2 in the third (the core's labour binds).
const ONE_INDUSTRY: [(f64, f64, f64, f64, [f64; 2]); 4] = [
    (5.0, 0.4, 0.4, 1.5, [0.5, 0.5]),
    (4.0, 0.3, 0.3, 2.0, [0.4, 0.6]),
    (5.0, 0.6, 0.4, 1.3, [0.5, 0.5]),
    (6.0, 0.5, 0.5, 1.8, [0.55, 0.45]),
];

#[test]
fn one_industry_is_the_vertical_linkages_model() {
    for (sigma, mu, alpha, t, labour) in ONE_INDUSTRY {
        let pv = model(&[(sigma, mu, alpha)], 1.0, t, &labour);
        let p = VerticalLinkagesParams {
            sigma,
            mu,
            alpha,
            labour: 2.0,
        };
        let vl = VerticalLinkages::new(p, &layouts::two_region(t).unwrap(), labour.to_vec()).unwrap();
        // The short run at given firms: wages cleared numerically here, in closed form there.
        for firms in [[0.3, 0.2], [0.05, 0.6], [0.9, 0.01]] {
            let Ok((m, _)) = vl.market_at_firms(&firms, None) else {
                continue;
            };
            let e = pv.economy(&firms, None).unwrap();
            for r in 0..2 {
                assert!(
                    rel(e.wage[r], m.wage[r]) < 1e-10,
                    "{sigma} {mu} {alpha} {firms:?}: wage {r}"
                );
                assert!((e.profits()[r] - m.profit[r]).abs() < 1e-10, "{firms:?}: profit {r}");
            }
        }
        // The long run: the equilibrium the entry dynamics reach is one of the
        // vertical-linkages model's, with the same firms, wages and stability.
        let start = [0.6, 0.4];
        let mine = pv.settle(&start, &EntryOptions::default()).unwrap();
        let theirs = long_run::find_equilibria(&vl, &start, &tight(NEWTON), &SearchOptions::default()).unwrap();
        let nearest = theirs
            .iter()
            .min_by(|a, b| {
                let d = |e: &long_run::Equilibrium| (e.shares[0] - mine.shares(2)[0]).abs();
                d(a).total_cmp(&d(b))
            })
            .unwrap();
        let firms = vl.firms(&nearest.shares, &nearest.outcomes.wage).unwrap();
        for r in 0..2 {
            let scale = firms[0].max(firms[1]);
            assert!(
                (mine.firms[r] - firms[r]).abs() < 1e-10 * scale,
                "{sigma} {mu} {alpha}: {mine:?} vs {firms:?}"
            );
            assert!(rel(mine.wage[r], nearest.outcomes.wage[r]) < 1e-10);
        }
        assert_eq!(
            mine.n_unstable == 0,
            nearest.stability.stable,
            "{sigma} {mu} {alpha} T = {t}"
        );
        assert!(mine.residual < 1e-12);
    }
}

/// Three different industries (sigma_j, mu_j, alpha_j), sum of mu <= 1/2.
const INDUSTRY_SETS: [[(f64, f64, f64); 3]; 3] = [
    [(4.0, 0.1, 0.3), (5.0, 0.1, 0.4), (6.0, 0.25, 0.5)],
    [(5.0, 0.15, 0.2), (5.0, 0.15, 0.4), (3.0, 0.1, 0.3)],
    [(8.0, 0.05, 0.6), (2.5, 0.2, 0.25), (4.0, 0.2, 0.5)],
];

#[test]
fn the_symmetric_equilibrium_in_closed_form() {
    for set in INDUSTRY_SETS {
        for t in [1.3, 2.0] {
            let pv = model(&set, 1.0, t, &[0.5, 0.5]);
            // Each industry as on its own (docs/vertical-linkages.md §3, its mu the industry's):
            // G = [(1 + phi) mu L / (2 (1 - alpha))]^(-1/(sigma (1 - alpha) - 1)),
            // n = mu L / (2 (1 - alpha)) G^(-alpha), with w = 1 in both regions.
            let firms: Vec<f64> = set
                .iter()
                .flat_map(|&(sigma, mu, alpha)| {
                    let phi = t.powf(1.0 - sigma);
                    let revenue = mu * 2.0 / (2.0 * (1.0 - alpha));
                    let g = ((1.0 + phi) * revenue).powf(-1.0 / (sigma * (1.0 - alpha) - 1.0));
                    let n = revenue * g.powf(-alpha);
                    [n, n]
                })
                .collect();
            let e = pv.economy(&firms, None).unwrap();
            assert_eq!(e.wage, vec![1.0, 1.0]);
            let worst = e.profits().iter().fold(0.0f64, |m, p| m.max(p.abs()));
            assert!(worst < 1e-12, "{set:?} T = {t}: profits {:?}", e.profits());
        }
    }
}

#[test]
fn the_agglomerated_core_pays_the_closed_form_wage() {
    // All industries in region 1 with m = g sum mu > L_1 / L: its labour is all in
    // manufacturing and w_1 = m L_2 / ((1 - m) L_1) (each industry's revenue g mu_j Y / (1 - alpha_j)).
    for set in INDUSTRY_SETS {
        for (growth, labour) in [(1.3, [0.5, 0.5]), (1.6, [0.45, 0.55]), (1.1, [0.3, 0.7])] {
            let pv = model(&set, growth, 1.5, &labour);
            let m = pv.params().manufacturing_share();
            if m <= labour[0] || m >= 1.0 {
                continue;
            }
            let start: Vec<f64> = pv.start(&[1.0, 0.0]);
            let support: Vec<usize> = (0..3).map(|j| 2 * j).collect();
            let polished = pv.polish(&start, &support, None).unwrap();
            let w = m * labour[1] / ((1.0 - m) * labour[0]);
            assert!(
                rel(polished.economy.wage[0], w) < 1e-10,
                "{set:?} g = {growth}: {} vs {w}",
                polished.economy.wage[0]
            );
            assert_eq!(polished.economy.wage[1], 1.0);
            let pi = polished.economy.profits();
            assert!(support.iter().all(|&c| pi[c].abs() < 1e-12), "{pi:?}");
        }
    }
}

#[test]
fn identical_industries_end_with_the_same_shares() {
    let same = [(5.0, 0.12, 0.4); 3];
    for (t, growth) in [(1.7, 1.0), (2.2, 1.5), (1.4, 0.8)] {
        let pv = model(&same, growth, t, &[0.5, 0.5]);
        // Different starts per industry.
        let e = pv
            .settle(&[0.7, 0.3, 0.65, 0.35, 0.6, 0.4], &EntryOptions::default())
            .unwrap();
        let s = e.shares(2);
        for j in 1..3 {
            assert!((s[2 * j] - s[0]).abs() < 1e-9, "T = {t}: shares {s:?}");
        }
        assert_eq!(e.n_unstable, 0, "T = {t}: {e:?}");
    }
}

/// The gallery's waves (configs/gallery/pv-waves.toml): sigma 4, 5, 6 and alpha 0.3, 0.4,
/// 0.5, consumer shares 0.1, 0.1, 0.25, T = 1.7, two regions of equal labour, every
/// industry starting in region 1.
const WAVES: [(f64, f64, f64); 3] = [(4.0, 0.1, 0.3), (5.0, 0.1, 0.4), (6.0, 0.25, 0.5)];

#[test]
fn industries_spread_to_the_periphery_one_at_a_time() {
    for t in [1.7, 1.72] {
        let family = |g: f64| -> agglo::Result<PugaVenables> {
            let params = PugaVenablesParams {
                industries: WAVES
                    .iter()
                    .map(|&(sigma, mu, alpha)| Industry { sigma, mu, alpha })
                    .collect(),
                labour: 2.0,
                growth: g,
            };
            PugaVenables::new(params, &layouts::two_region(t).unwrap(), vec![0.5, 0.5])
        };
        let options = PathOptions {
            from: 0.8,
            to: 2.15,
            points: 46,
            tolerance: 1e-10,
            entry: EntryOptions::default(),
        };
        let start = family(0.8).unwrap().start(&[1.0, 0.0]);
        let traced = path::trace(&family, &start, &options).unwrap();
        // The count of industries in the periphery never falls and ends at 3.
        let count: Vec<usize> = traced.equilibria.iter().map(|e| e.industries_in(1, 2)).collect();
        assert!(count.windows(2).all(|w| w[1] >= w[0]), "T = {t}: {count:?}");
        assert_eq!((count[0], *count.last().unwrap()), (0, 3), "T = {t}: {count:?}");
        // Before the first entry the core's labour binds and its wage rises.
        let entries: Vec<_> = traced
            .steps
            .iter()
            .filter(|s| s.kind == path::StepKind::Entry && s.region == 1)
            .collect();
        assert_eq!(entries.len(), 3, "T = {t}: {:?}", traced.steps);
        let mut industries: Vec<usize> = entries.iter().map(|s| s.industry).collect();
        industries.sort();
        assert_eq!(industries, vec![0, 1, 2], "one step per industry");
        let before: Vec<f64> = traced
            .parameter
            .iter()
            .zip(&traced.equilibria)
            .filter(|(p, _)| **p < entries[0].parameter)
            .map(|(_, e)| e.wage[0])
            .collect();
        assert_eq!(before[0], 1.0, "{before:?}");
        assert!(before.windows(2).all(|w| w[1] >= w[0] - 1e-12), "{before:?}");
        for s in &entries {
            // Located to 1e-8 in the parameter, the entering industry's profit in the
            // periphery crossing 0 inside the bracket, on the earlier cells' equilibrium.
            assert!(s.bracket_high - s.bracket_low < 1e-8, "{s:?}");
            assert!(s.value_low < 0.0 && s.value_high > 0.0, "{s:?}");
            assert!(s.value_low.abs() < 1e-8 && s.value_high.abs() < 1e-8, "{s:?}");
            // The grid equilibria on both sides: absent below, present above.
            let k = traced.parameter.iter().position(|p| *p > s.parameter).unwrap();
            assert_eq!(traced.equilibria[k - 1].firms[2 * s.industry + 1], 0.0);
            assert!(traced.equilibria[k].firms[2 * s.industry + 1] > 0.0);
            // Independently: the entry dynamics started from the earlier equilibrium just
            // below the step keep the periphery free of that industry.
            let below = family(s.bracket_low - 1e-6).unwrap();
            let e = below
                .settle(&traced.equilibria[k - 1].shares(2), &EntryOptions::default())
                .unwrap();
            assert_eq!(e.firms[2 * s.industry + 1], 0.0, "{s:?}");
            assert!(e.profit[2 * s.industry + 1] < 0.0);
            // There the core's labour is all in manufacturing: its wage has risen.
            assert!(e.wage[0] > 1.0 + 1e-4 && e.wage[1] == 1.0, "{s:?}: wages {:?}", e.wage);
        }
        let p: Vec<f64> = entries.iter().map(|s| s.parameter).collect();
        assert!(p[0] < p[1] && p[1] < p[2], "{p:?}");
    }
}
