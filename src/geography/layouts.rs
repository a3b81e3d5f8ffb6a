//! The standard layouts: two regions, racetrack, line, grid and points.

use super::{
    check_region_count, CostFunction, Geography, Metric, Structure, TradeCosts, MAX_DENSE_REGIONS, MAX_REGIONS,
};
use crate::error::{Error, Result};

/// Two regions at distance 1: T = \[\[1, t\], \[t, 1\]\] (FKV ch. 4–5).
pub fn two_region(trade_cost: f64) -> Result<Geography> {
    let cost = CostFunction::PerStep { trade_cost };
    cost.validate("geography")?;
    Ok(Geography {
        kind: "two-region",
        ids: vec!["1".into(), "2".into()],
        coordinates: Some(vec![[0.0, 0.0], [1.0, 0.0]]),
        metric: Metric::Euclidean,
        groups: None,
        trade_costs: TradeCosts::from_kernel(Structure::Circulant, vec![1.0, trade_cost], "geography")?,
    })
}

/// `regions` equally spaced on a circle; T_rs = t^m_rs with m_rs = min(|r-s|, K-|r-s|)
/// steps (FKV ch. 6, ATI 2012).
pub fn racetrack(regions: usize, trade_cost: f64) -> Result<Geography> {
    check_regions("geography.regions", regions, 1)?;
    check_region_count("geography.regions", regions, MAX_REGIONS)?;
    let cost = CostFunction::PerStep { trade_cost };
    cost.validate("geography")?;
    let k = regions;
    // The costs from region 1: d steps one way, k - d the other (stored as this row only).
    let kernel = (0..k)
        .map(|d| if d == 0 { 1.0 } else { cost.cost(d.min(k - d) as f64) })
        .collect();
    let angle = |r: usize| 2.0 * std::f64::consts::PI * r as f64 / k as f64;
    Ok(Geography {
        kind: "racetrack",
        ids: (1..=k).map(|i| i.to_string()).collect(),
        coordinates: Some((0..k).map(|r| [angle(r).cos(), angle(r).sin()]).collect()),
        metric: Metric::Euclidean,
        groups: None,
        trade_costs: TradeCosts::from_kernel(Structure::Circulant, kernel, "geography")?,
    })
}

/// `regions` on a line one step apart; T_rs = t^|r-s|.
pub fn line(regions: usize, trade_cost: f64) -> Result<Geography> {
    check_regions("geography.regions", regions, 1)?;
    check_region_count("geography.regions", regions, MAX_DENSE_REGIONS)?;
    let cost = CostFunction::PerStep { trade_cost };
    cost.validate("geography")?;
    let coordinates: Vec<[f64; 2]> = (0..regions).map(|r| [r as f64, 0.0]).collect();
    points_geography(
        "line",
        ids_1_based(regions),
        coordinates,
        Metric::Euclidean,
        cost,
        "geography",
    )
}

/// A `width` × `height` grid of unit cells (ids "x,y", 1-based, row by row); T = cost(d)
/// with d the chosen metric between cell centres.
pub fn grid(width: usize, height: usize, metric: Metric, cost: CostFunction) -> Result<Geography> {
    check_regions("geography.width", width, 1)?;
    check_regions("geography.height", height, 1)?;
    check_region_count("geography.width", width.saturating_mul(height), MAX_DENSE_REGIONS)?;
    cost.validate("geography")?;
    let mut ids = Vec::with_capacity(width * height);
    let mut coordinates = Vec::with_capacity(width * height);
    for y in 0..height {
        for x in 0..width {
            ids.push(format!("{},{}", x + 1, y + 1));
            coordinates.push([x as f64, y as f64]);
        }
    }
    points_geography("grid", ids, coordinates, metric, cost, "geography")
}

/// Arbitrary points with T_rs = cost(distance(r, s)). `source` names the points' origin.
pub fn points(
    ids: Vec<String>,
    coordinates: Vec<[f64; 2]>,
    metric: Metric,
    cost: CostFunction,
    source: &str,
) -> Result<Geography> {
    cost.validate("geography")?;
    points_geography("points", ids, coordinates, metric, cost, source)
}

fn points_geography(
    kind: &'static str,
    ids: Vec<String>,
    coordinates: Vec<[f64; 2]>,
    metric: Metric,
    cost: CostFunction,
    source: &str,
) -> Result<Geography> {
    let n = ids.len();
    debug_assert_eq!(n, coordinates.len());
    let trade_costs = TradeCosts::from_distances(coordinates.clone(), metric, cost, source)?;
    Ok(Geography {
        kind,
        ids,
        coordinates: Some(coordinates),
        metric,
        groups: None,
        trade_costs,
    })
}

fn ids_1_based(n: usize) -> Vec<String> {
    (1..=n).map(|i| i.to_string()).collect()
}

fn check_regions(key: &str, n: usize, min: usize) -> Result<()> {
    if n < min {
        return Err(Error::invalid(key, n, format!("must be an integer >= {min}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn racetrack_costs_use_the_shorter_way_round() {
        let g = racetrack(6, 2.0).unwrap();
        assert_eq!(g.trade_costs.get(0, 1), 2.0);
        assert_eq!(g.trade_costs.get(0, 5), 2.0);
        assert_eq!(g.trade_costs.get(0, 3), 8.0);
        assert!(g.trade_costs.is_symmetric());
    }

    #[test]
    fn grid_ids_and_diagonal_distance() {
        let g = grid(3, 2, Metric::Euclidean, CostFunction::PerStep { trade_cost: 2.0 }).unwrap();
        assert_eq!(g.ids[4], "2,2");
        assert!((g.trade_costs.get(0, 4) - 2f64.powf(2f64.sqrt())).abs() < 1e-15);
    }

    #[test]
    fn trade_cost_below_one_is_refused() {
        let e = two_region(0.9).unwrap_err().to_string();
        assert!(e.contains("geography.trade-cost") && e.contains(">= 1"), "{e}");
    }
}
