use super::*;
use crate::solve::{Method, SolverSettings, Tolerance};

fn tight() -> SolverSettings {
    SolverSettings {
        method: Method::Anderson {
            depth: 10,
            damping: 1.0,
        },
        tolerance: Tolerance {
            residual: 1e-14,
            max_iterations: 20_000,
        },
    }
}

/// 12 locations on a line: d = exp(0.1 |i - n|), kappa = exp(0.3 |n - i|) (0.5 within),
/// uneven productivity, amenities and land.
fn example(params: MrrhParams) -> (Mrrh, Vec<f64>, Vec<f64>) {
    let n = 12;
    let dist = |a: usize, b: usize| a.abs_diff(b) as f64;
    let trade: Vec<f64> = (0..n * n).map(|k| (0.1 * dist(k / n, k % n)).exp()).collect();
    let kappa: Vec<f64> = (0..n * n)
        .map(|k| {
            if k / n == k % n {
                0.5f64.exp()
            } else {
                (0.3 * dist(k / n, k % n)).exp()
            }
        })
        .collect();
    let a: Vec<f64> = (0..n).map(|i| 1.0 + 0.5 * ((i * 7) % 5) as f64 / 4.0).collect();
    let br: Vec<f64> = (0..n).map(|i| 1.0 + ((i * 3) % 4) as f64 / 3.0).collect();
    let bl: Vec<f64> = (0..n).map(|i| 0.5 + ((i * 5) % 7) as f64 / 6.0).collect();
    let land: Vec<f64> = (0..n).map(|i| 1.0 + (i % 3) as f64).collect();
    let ease: Vec<f64> = (0..n * n)
        .map(|k| br[k / n] * bl[k % n] * kappa[k].powf(-params.epsilon))
        .collect();
    (Mrrh::new(params, a, land, 1000.0, &trade, ease).unwrap(), trade, kappa)
}

fn max_rel(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x / y - 1.0).abs()).fold(0.0, f64::max)
}

#[test]
fn the_equilibrium_satisfies_every_market_clearing_condition() {
    for params in [
        MrrhParams::default(),
        MrrhParams {
            alpha: 0.6,
            sigma: 4.0,
            epsilon: 3.3,
            fixed_cost: 1.0,
        },
    ] {
        let (m, _, _) = example(params);
        let e = m.solve(&tight()).unwrap();
        let n = m.len();
        let lambda = m.commuting_shares(&e);
        let pi = m.trade_shares(&e);
        // (11): residents and workers are the margins of lambda; both sum to Lbar.
        for r in 0..n {
            let row: f64 = (0..n).map(|i| lambda.values[r * n + i]).sum();
            let col: f64 = (0..n).map(|s| lambda.values[s * n + r]).sum();
            assert!((m.labour * row / e.residents[r] - 1.0).abs() < 1e-12);
            assert!((m.labour * col / e.workers[r] - 1.0).abs() < 1e-12);
        }
        assert!((e.residents.iter().sum::<f64>() / m.labour - 1.0).abs() < 1e-13);
        // (7): income equals expenditure.
        for i in 0..n {
            let spent: f64 = (0..n)
                .map(|r| pi.values[r * n + i] * e.residential_income[r] * e.residents[r])
                .sum();
            assert!((spent / (e.wage[i] * e.workers[i]) - 1.0).abs() < 1e-12, "{i}");
        }
        // (8), second form: P_n = sigma/(sigma-1) (L_n / (sigma F pi_nn))^(1/(1-sigma)) w_n / A_n.
        let p = &m.params;
        for r in 0..n {
            let own = pi.values[r * n + r];
            let price = p.sigma / (p.sigma - 1.0)
                * (e.workers[r] / (p.sigma * p.fixed_cost * own)).powf(1.0 / (1.0 - p.sigma))
                * e.wage[r]
                / m.productivity[r];
            assert!((price / e.price[r] - 1.0).abs() < 1e-12);
        }
        // Geometric mean of wages 1.
        assert!(e.wage.iter().map(|w| w.ln()).sum::<f64>().abs() < 1e-12);
    }
}

#[test]
fn inversion_with_commuting_flows_round_trips_to_1e_10() {
    let (m, trade, _) = example(MrrhParams::default());
    let e = m.solve(&tight()).unwrap();
    let flows: Vec<f64> = m.commuting_shares(&e).values.iter().map(|l| l * m.labour).collect();
    let observed = Observed {
        workers: e.workers.clone(),
        residents: e.residents.clone(),
        wage: e.wage.clone(),
        flows: Some(flows),
    };
    let recovered = invert_with_commuting(m.params, m.land.clone(), &trade, &observed, &tight()).unwrap();
    let again = recovered.solve(&tight()).unwrap();
    for (name, a, b) in [
        ("workers", &again.workers, &e.workers),
        ("residents", &again.residents, &e.residents),
        ("wage", &again.wage, &e.wage),
    ] {
        let err = max_rel(a, b);
        assert!(err < 1e-10, "{name}: {err:e}");
    }
    // Productivity back up to its geometric mean.
    let gm = (m.productivity.iter().map(|a| a.ln()).sum::<f64>() / m.len() as f64).exp();
    let truth: Vec<f64> = m.productivity.iter().map(|a| a / gm).collect();
    assert!(max_rel(&recovered.productivity, &truth) < 1e-10);
}

#[test]
fn inversion_without_commuting_data_round_trips_to_1e_10() {
    let (m, trade, kappa) = example(MrrhParams::default());
    let e = m.solve(&tight()).unwrap();
    let observed = Observed {
        workers: e.workers.clone(),
        residents: e.residents.clone(),
        wage: e.wage.clone(),
        flows: None,
    };
    let recovered = invert_without_commuting(m.params, m.land.clone(), &trade, &kappa, &observed, &tight()).unwrap();
    let again = recovered.solve(&tight()).unwrap();
    for (a, b) in [
        (&again.workers, &e.workers),
        (&again.residents, &e.residents),
        (&again.wage, &e.wage),
    ] {
        assert!(max_rel(a, b) < 1e-10, "{:e}", max_rel(a, b));
    }
    // The true amenities are residence x workplace components: the recovered ease of
    // commuting is the true one up to a constant.
    let ratio = recovered.ease.values[0] / m.ease.values[0];
    assert!(recovered
        .ease
        .values
        .iter()
        .zip(&m.ease.values)
        .all(|(r, t)| (r / (t * ratio) - 1.0).abs() < 1e-9));
}

#[test]
fn a_zero_shock_leaves_every_hat_at_one() {
    let (m, _, _) = example(MrrhParams::default());
    let e = m.solve(&tight()).unwrap();
    let h = m.hat_algebra(&e, &MrrhShock::default(), &tight()).unwrap();
    for (a, b) in [
        (&h.wage, &e.wage),
        (&h.workers, &e.workers),
        (&h.residents, &e.residents),
        (&h.price, &e.price),
        (&h.land_price, &e.land_price),
    ] {
        assert!(max_rel(a, b) < 1e-12, "{:e}", max_rel(a, b));
    }
    assert!((h.welfare / e.welfare - 1.0).abs() < 1e-12);
}

#[test]
fn levels_and_hat_algebra_agree_to_1e_8() {
    let (m, _, _) = example(MrrhParams::default());
    let n = m.len();
    let e = m.solve(&tight()).unwrap();
    let mut productivity = vec![1.0; n];
    productivity[3] = 1.2;
    let commuting: Vec<f64> = (0..n * n)
        .map(|k| if (k / n).abs_diff(k % n) == 1 { 0.8 } else { 1.0 })
        .collect();
    let trade: Vec<f64> = (0..n * n)
        .map(|k| if k / n < 6 && k % n >= 6 { 1.3 } else { 1.0 })
        .collect();
    for shock in [
        MrrhShock {
            productivity: Some(productivity),
            ..MrrhShock::default()
        },
        MrrhShock {
            commuting_cost: Some(commuting),
            trade_cost: Some(trade),
            ..MrrhShock::default()
        },
    ] {
        let levels = m.shocked(&shock).unwrap().solve(&tight()).unwrap();
        let hat = m.hat_algebra(&e, &shock, &tight()).unwrap();
        for (a, b) in [
            (&hat.wage, &levels.wage),
            (&hat.workers, &levels.workers),
            (&hat.residents, &levels.residents),
            (&hat.price, &levels.price),
        ] {
            assert!(max_rel(a, b) < 1e-8, "{:e}", max_rel(a, b));
        }
        assert!((hat.welfare / levels.welfare - 1.0).abs() < 1e-8);
        assert!(max_rel(&levels.workers, &e.workers) > 1e-3, "the shock moves workers");
    }
}

/// docs/mrrh.md: kappa-hat uniform leaves every share unchanged and Ubar-hat = 1 / kappa-hat;
/// A-hat uniform gives P-hat = 1 / A-hat and Ubar-hat = A-hat^alpha.
#[test]
fn uniform_shocks_give_the_closed_form_welfare_changes() {
    for params in [
        MrrhParams::default(),
        MrrhParams {
            alpha: 0.6,
            sigma: 5.0,
            epsilon: 3.3,
            fixed_cost: 2.0,
        },
    ] {
        let (m, _, _) = example(params);
        let n = m.len();
        let e = m.solve(&tight()).unwrap();
        for kappa_hat in [0.9, 1.25] {
            let shock = MrrhShock {
                commuting_cost: Some(vec![kappa_hat; n * n]),
                ..MrrhShock::default()
            };
            for c in [
                m.shocked(&shock).unwrap().solve(&tight()).unwrap(),
                m.hat_algebra(&e, &shock, &tight()).unwrap(),
            ] {
                assert!((c.welfare / e.welfare * kappa_hat - 1.0).abs() < 1e-12);
                assert!(max_rel(&c.workers, &e.workers) < 1e-12 && max_rel(&c.wage, &e.wage) < 1e-12);
            }
        }
        let a_hat = 1.1;
        let shock = MrrhShock {
            productivity: Some(vec![a_hat; n]),
            ..MrrhShock::default()
        };
        for c in [
            m.shocked(&shock).unwrap().solve(&tight()).unwrap(),
            m.hat_algebra(&e, &shock, &tight()).unwrap(),
        ] {
            assert!((c.welfare / e.welfare / a_hat.powf(params.alpha) - 1.0).abs() < 1e-12);
            assert!(c
                .price
                .iter()
                .zip(&e.price)
                .all(|(p, q)| (p / q * a_hat - 1.0).abs() < 1e-12));
        }
    }
}
