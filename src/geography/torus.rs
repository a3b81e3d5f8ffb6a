//! A `width` × `height` grid of unit cells wrapped into a torus: no edges, so every cell
//! sees the same geography, and the trade costs depend only on the wrapped offset between
//! two cells. Stored as its kernel (the costs from cell (1,1)), O(N) memory: products with
//! the freeness are 2-D FFT convolutions (`crate::model::freeness`).

use super::{CostFunction, Geography, Metric, Structure, TradeCosts};
use crate::error::{Error, Result};

/// The torus: ids "x,y" (1-based, row by row: cell r = (y - 1) · width + x - 1),
/// coordinates (x - 1, y - 1), T = cost(d) with d the Euclidean distance between cell
/// centres taken the shorter way round in each direction ([`Metric::Torus`]).
pub fn torus(width: usize, height: usize, cost: CostFunction) -> Result<Geography> {
    for (key, v) in [("geography.width", width), ("geography.height", height)] {
        if v < 1 {
            return Err(Error::invalid(key, v, "must be an integer >= 1"));
        }
    }
    let n = width
        .checked_mul(height)
        .filter(|&n| n <= super::MAX_REGIONS)
        .ok_or_else(|| {
            Error::invalid(
                "geography.width",
                width,
                format!(
                    "width x height ({width} x {height}) is too large: at most {} regions",
                    super::MAX_REGIONS
                ),
            )
        })?;
    cost.validate("geography")?;
    let metric = Metric::Torus { width, height };
    let mut kernel = Vec::with_capacity(n);
    for dy in 0..height {
        for dx in 0..width {
            let d = metric.distance([0.0, 0.0], [dx as f64, dy as f64]);
            kernel.push(if dx == 0 && dy == 0 { 1.0 } else { cost.cost(d) });
        }
    }
    let trade_costs = TradeCosts::from_kernel(Structure::Torus { width, height }, kernel, "geography")?;
    let mut ids = Vec::with_capacity(n);
    let mut coordinates = Vec::with_capacity(n);
    for y in 0..height {
        for x in 0..width {
            ids.push(format!("{},{}", x + 1, y + 1));
            coordinates.push([x as f64, y as f64]);
        }
    }
    Ok(Geography {
        kind: "torus",
        ids,
        coordinates: Some(coordinates),
        metric,
        groups: None,
        trade_costs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_take_the_shorter_way_round() {
        let g = torus(5, 4, CostFunction::PerStep { trade_cost: 2.0 }).unwrap();
        assert_eq!(g.len(), 20);
        assert_eq!(g.ids[7], "3,2");
        // (1,1) -> (5,1) is one step west; (1,1) -> (1,4) one step north.
        assert_eq!(g.trade_costs.get(0, 4), 2.0);
        assert_eq!(g.trade_costs.get(0, 15), 2.0);
        // (2,1) -> (5,3): dx = 3 -> 2 the other way, dy = 2.
        let t = g.trade_costs.get(1, 14);
        assert!((t - 2f64.powf(8f64.sqrt())).abs() < 1e-14, "{t}");
        assert!(g.trade_costs.is_symmetric());
        assert!(g.trade_costs.kernel().is_some());
        for r in 0..20 {
            for s in 0..20 {
                let d = g
                    .metric
                    .distance(g.coordinates.as_ref().unwrap()[r], g.coordinates.as_ref().unwrap()[s]);
                let expected = if r == s { 1.0 } else { 2f64.powf(d) };
                assert_eq!(g.trade_costs.get(r, s), expected, "({r}, {s})");
            }
        }
    }

    #[test]
    fn zero_width_is_refused() {
        let e = torus(0, 3, CostFunction::Exp { rate: 0.1 }).unwrap_err().to_string();
        assert!(e.contains("geography.width"), "{e}");
    }
}
