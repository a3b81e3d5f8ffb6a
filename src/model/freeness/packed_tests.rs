//! Tests of the packed symmetric freeness products ([`super`]).

use super::*;
use crate::geography::layouts;

fn symmetric_costs(n: usize) -> TradeCosts {
    let points: Vec<[f64; 2]> = (0..n)
        .map(|i| [((i * 37) % 101) as f64 / 101.0, ((i * 59) % 97) as f64 / 97.0])
        .collect();
    let ids = (0..n).map(|i| i.to_string()).collect();
    layouts::points(
        ids,
        points,
        crate::geography::Metric::Euclidean,
        crate::geography::CostFunction::Exp { rate: 2.0 },
        "t",
    )
    .unwrap()
    .trade_costs
}

/// Packed products equal the full matrix's to roundoff, for sizes around the four-row
/// groups and the block threshold, in both precisions; entries read back exactly.
#[test]
fn packed_product_matches_the_full_matrix() {
    for n in [1, 2, 3, 4, 5, 7, 8, 13, 255, 256, 261, 700] {
        let costs = symmetric_costs(n);
        let values = costs.values();
        let x: Vec<f64> = (0..n).map(|i| 0.3 + ((i * 7) % 11) as f64 / 5.0).collect();
        let packed = Packed::<f64>::new(&costs, -4.0);
        let mut out = vec![0.0; n];
        packed.mul(&x, &mut out);
        for r in 0..n {
            let exact: f64 = (0..n).map(|s| values[r * n + s].powf(-4.0) * x[s]).sum();
            assert!(
                (out[r] - exact).abs() <= 1e-13 * exact,
                "n = {n}, row {r}: {} vs {exact}",
                out[r]
            );
            for s in 0..n {
                // One exponential of the distance, against the power of the cost.
                let t = values[r * n + s].powf(-4.0);
                assert!((packed.get(r, s) - t).abs() <= 1e-14 * t, "({r}, {s})");
            }
        }
        let single = Packed::<f32>::new(&costs, -4.0);
        let mut out32 = vec![0.0; n];
        single.mul(&x, &mut out32);
        for (a, b) in out32.iter().zip(&out) {
            assert!((a - b).abs() <= 1e-6 * b, "n = {n}: f32 {a} vs f64 {b}");
        }
    }
}

/// Same bits with one thread and with several, and from the portable and AVX2 builds.
#[test]
fn packed_product_is_deterministic() {
    let n = 4100;
    let costs = symmetric_costs(n);
    let packed = Packed::<f64>::new(&costs, -4.0);
    let x: Vec<f64> = (0..n).map(|i| 1.0 + (i % 13) as f64).collect();
    let mut many = vec![0.0; n];
    packed.mul(&x, &mut many);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let mut one = vec![0.0; n];
    pool.install(|| packed.mul(&x, &mut one));
    assert_eq!(one, many);
    // The portable kernel, block by block, combined in the same order.
    let mut portable = vec![0.0; n];
    let mut column_sums = Vec::new();
    for &(start, end) in &packed.blocks {
        let mut cols = vec![0.0; n];
        block::<f64, false, false>(&packed, &x, start, end, &mut portable[start..end], &mut cols);
        column_sums.push(cols);
    }
    for (j, y) in portable.iter_mut().enumerate() {
        for cols in &column_sums {
            *y += cols[j];
        }
    }
    assert_eq!(portable, many);
    // A split matrix (high + low in f32, `split.rs`): the AVX2 and portable kernels give the
    // same bits, 1 or 2 threads alike, and the double-precision product to 1e-14.
    let data = packed.clone().into_data();
    let high: Vec<f32> = data.iter().map(|&p| p as f32).collect();
    let low: Vec<f32> = data.iter().zip(&high).map(|(&p, &h)| (p - h as f64) as f32).collect();
    let split = Packed::from_data(n, high, Some(low));
    let mut fused = vec![0.0; n];
    split.mul(&x, &mut fused);
    let mut fused_one = vec![0.0; n];
    pool.install(|| split.mul(&x, &mut fused_one));
    assert_eq!(fused, fused_one);
    let mut portable = vec![0.0; n];
    let mut column_sums = Vec::new();
    for &(start, end) in &split.blocks {
        let mut cols = vec![0.0; n];
        block::<f32, false, true>(&split, &x, start, end, &mut portable[start..end], &mut cols);
        column_sums.push(cols);
    }
    for (j, y) in portable.iter_mut().enumerate() {
        for cols in &column_sums {
            *y += cols[j];
        }
    }
    assert_eq!(portable, fused);
    for (a, b) in fused.iter().zip(&many) {
        assert!((a - b).abs() <= 1e-14 * b.abs(), "{a} vs {b}");
    }
    let mut high_only = vec![0.0; n];
    split.mul_high(&x, &mut high_only);
    for (a, b) in high_only.iter().zip(&many) {
        assert!((a - b).abs() <= 6e-8 * b.abs() && a != b, "{a} vs {b}");
    }
    assert_eq!(blocks(n).len(), BLOCKS);
    assert_eq!(blocks(n).first().unwrap().0, 0);
    assert_eq!(blocks(n).last().unwrap().1, n);
}
