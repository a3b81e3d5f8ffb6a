//! Tests of `trade_costs.rs`: validation and kernel storage.

use super::*;

#[test]
fn rejects_costs_below_one_naming_the_entry() {
    let e = TradeCosts::from_row_major(2, vec![1.0, 0.5, 1.0, 1.0], Structure::Dense, "m.csv", None).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("m.csv") && msg.contains("row 1, column 2") && msg.contains(">= 1"),
        "{msg}"
    );
}

#[test]
fn rejects_non_unit_diagonal_and_non_square() {
    assert!(TradeCosts::from_row_major(2, vec![2.0, 1.5, 1.5, 1.0], Structure::Dense, "x", None).is_err());
    let e = TradeCosts::from_row_major(2, vec![1.0, 1.5, 1.5], Structure::Dense, "x", None).unwrap_err();
    assert!(e.to_string().contains("square"));
}

#[test]
fn kernel_storage_matches_the_dense_matrix() {
    // A 3 x 2 torus with an asymmetric kernel.
    let kernel = vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let t = TradeCosts::from_kernel(Structure::Torus { width: 3, height: 2 }, kernel, "k").unwrap();
    assert!(!t.is_symmetric());
    // From (x, y) = (2, 0) to (0, 1): offset (1, 1) -> kernel[4].
    assert_eq!(t.get(2, 3), 5.0);
    let d = t.densified();
    assert_eq!(d.structure(), Structure::Dense);
    assert_eq!(d.values(), t.values());
    assert_eq!(d.values()[2 * 6 + 3], 5.0);
    // Equality is by entries and structure, however stored.
    let same = TradeCosts::from_row_major(6, t.values().to_vec(), t.structure(), "k", None).unwrap();
    assert!(same == t && d != t);
    let c = TradeCosts::from_kernel(Structure::Circulant, vec![1.0, 2.0, 3.0, 2.0], "c").unwrap();
    assert!(c.is_symmetric());
    assert_eq!(c.get(3, 1), 3.0);
    assert_eq!(c.get(1, 0), 2.0);
}

#[test]
fn kernel_is_validated() {
    let e = TradeCosts::from_kernel(Structure::Circulant, vec![1.0, 0.5], "k")
        .unwrap_err()
        .to_string();
    assert!(e.contains("column 2") && e.contains(">= 1"), "{e}");
    assert!(TradeCosts::from_kernel(Structure::Circulant, vec![2.0, 1.5], "k").is_err());
    assert!(TradeCosts::from_kernel(Structure::Torus { width: 2, height: 2 }, vec![1.0; 3], "k").is_err());
    assert!(TradeCosts::from_kernel(Structure::Dense, vec![1.0; 4], "k").is_err());
}
