use super::*;
use crate::geography::rrh_grid::octile_distance;

/// a - b 1, b - c 2, a - c 5, c - d 1, b - d 4, d - e 3 (nodes 0..5).
fn small() -> Network {
    Network {
        nodes: 5,
        edges: vec![
            (0, 1, 1.0),
            (1, 2, 2.0),
            (0, 2, 5.0),
            (2, 3, 1.0),
            (1, 3, 4.0),
            (3, 4, 3.0),
        ],
        directed: false,
    }
}

#[test]
fn least_costs_of_a_small_graph_are_the_hand_computed_ones() {
    let d = small().least_costs(&[0, 1, 2, 3, 4]).unwrap();
    // By hand: a-c via b (3, not 5), a-d via b, c (4, not 5), b-d via c (3, not 4).
    #[rustfmt::skip]
    let expected = [
        0.0, 1.0, 3.0, 4.0, 7.0,
        1.0, 0.0, 2.0, 3.0, 6.0,
        3.0, 2.0, 0.0, 1.0, 4.0,
        4.0, 3.0, 1.0, 0.0, 3.0,
        7.0, 6.0, 4.0, 3.0, 0.0,
    ];
    assert_eq!(d, expected);
    // A subset of the nodes as regions: paths still run through the others.
    assert_eq!(small().least_costs(&[4, 0]).unwrap(), vec![0.0, 7.0, 7.0, 0.0]);
}

#[test]
fn directed_edges_run_one_way() {
    // a -> b 1, b -> c 2, c -> a 1, a -> c 5: a cycle.
    let g = Network {
        nodes: 3,
        edges: vec![(0, 1, 1.0), (1, 2, 2.0), (2, 0, 1.0), (0, 2, 5.0)],
        directed: true,
    };
    let d = g.least_costs(&[0, 1, 2]).unwrap();
    assert_eq!(d, vec![0.0, 1.0, 3.0, 3.0, 0.0, 2.0, 1.0, 2.0, 0.0]);
}

#[test]
fn unreachable_regions_are_named() {
    let mut g = small();
    g.nodes = 7;
    g.edges.push((5, 6, 1.0));
    let e = g.least_costs(&[0, 1, 5, 6]).unwrap_err();
    assert_eq!(
        e,
        Unreachable {
            from: 0,
            to: vec![2, 3]
        }
    );
    let ids: Vec<String> = ["a", "b", "f", "g"].iter().map(|s| s.to_string()).collect();
    let m = e.message(&ids);
    assert!(m.contains("\"f\", \"g\" are not reachable from \"a\""), "{m}");
    // Directed: reachable one way only.
    let one_way = Network {
        nodes: 2,
        edges: vec![(0, 1, 1.0)],
        directed: true,
    };
    assert_eq!(
        one_way.least_costs(&[0, 1]).unwrap_err(),
        Unreachable { from: 1, to: vec![0] }
    );
}

#[test]
fn a_uniform_raster_gives_the_quasi_euclidean_distance() {
    let (w, h) = (7, 5);
    for cost in [1.0, 2.5] {
        let d = Network::raster(w, h, &vec![cost; w * h])
            .least_costs(&(0..w * h).collect::<Vec<_>>())
            .unwrap();
        for a in 0..w * h {
            for b in 0..w * h {
                let (ca, ra) = (a / h, a % h);
                let (cb, rb) = (b / h, b % h);
                let exact = cost * octile_distance(ca.abs_diff(cb), ra.abs_diff(rb));
                assert!((d[a * w * h + b] - exact).abs() <= 1e-12 * exact.max(1.0), "{a} {b}");
                assert_eq!(d[a * w * h + b], d[b * w * h + a]);
            }
        }
    }
}

#[test]
fn raster_moves_cost_the_mean_of_the_two_cells_times_the_step() {
    // 2 x 2, column-major: (c0,r0) = 1, (c0,r1) = 4, (c1,r0) = 2, (c1,r1) = 8.
    let d = Network::raster(2, 2, &[1.0, 4.0, 2.0, 8.0])
        .least_costs(&[0, 1, 2, 3])
        .unwrap();
    let s2 = std::f64::consts::SQRT_2;
    // (c0,r0) -> (c1,r1): the diagonal (1 + 8) / 2 * sqrt 2 = 6.364 beats 1.5 + 5 = 6.5.
    assert!((d[3] - 4.5 * s2).abs() < 1e-15);
    // (c0,r1) -> (c1,r0): round by (c0,r0), 2.5 + 1.5 = 4, beats the diagonal 3 sqrt 2 = 4.24.
    assert_eq!(d[4 + 2], 4.0);
    assert_eq!((d[1], d[2]), (2.5, 1.5));
}

#[test]
fn least_costs_do_not_depend_on_the_thread_count() {
    let (w, h) = (9, 8);
    let costs: Vec<f64> = (0..w * h).map(|i| 1.0 + ((i * 7919) % 13) as f64 / 3.0).collect();
    let net = Network::raster(w, h, &costs);
    let regions: Vec<usize> = (0..w * h).collect();
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| net.least_costs(&regions).unwrap())
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(3));
}

#[test]
fn costs_are_the_distance_function_times_the_taxes() {
    let d = small().least_costs(&[0, 1, 2]).unwrap();
    let regions = NetworkRegions {
        ids: vec!["a".into(), "b".into(), "c".into()],
        coordinates: None,
        metric: Metric::Euclidean,
    };
    let taxes = Taxes {
        internal: 2.0,
        border: Some((vec![0, 0, 1], 3.0)),
    };
    let g = geography(regions, &d, CostFunction::Power { elasticity: 0.5 }, &taxes, "test").unwrap();
    assert_eq!(g.trade_costs.get(0, 0), 1.0);
    assert_eq!(g.trade_costs.get(0, 1), 2.0); // max(1, 1^0.5) * 2
    assert!((g.trade_costs.get(0, 2) - 3f64.sqrt() * 2.0 * 3.0).abs() < 1e-15);
    assert!(g.trade_costs.is_symmetric());
    assert_eq!(g.groups, Some(vec![0, 0, 1]));
}
