//! Trade costs from networks: the least-cost distance between regions along a network, then
//! the cost function of distance as for points (`T = cost(d)`, [`CostFunction`]).
//!
//! Two networks:
//!
//! - an **edge list**: nodes 0..N_nodes and edges (a, b, w), w >= 0 the cost (or travel time)
//!   of moving along the edge; undirected (each edge both ways) or directed (a to b only).
//!   Regions are some of the nodes (every node, or a listed subset).
//! - a **raster** of per-cell crossing costs c >= 0 on a `width` × `height` grid, cells
//!   numbered column by column (MATLAB's order, as the RRH 2017 grid of [`super::rrh_grid`]):
//!   cell `col * height + row`. Every cell is joined to its 8 neighbours, the move between
//!   neighbours p and q costing
//!
//!   ```text
//!   w_pq = (c_p + c_q) / 2 × (1 for an orthogonal step, sqrt(2) for a diagonal one)
//!   ```
//!
//!   which is the geodesic time of MATLAB's `graydist(c, seed, 'quasi-euclidean')` (Soille
//!   1994): a path's cost is half its end cells' costs plus its inner cells' costs, each
//!   weighted by the step length. On a uniform raster of cost 1 the least cost is the
//!   king-move ("octile") distance `max(|dx|, |dy|) + (sqrt(2) - 1) min(|dx|, |dy|)`.
//!   Regions are the cells.
//!
//! All-pairs least costs are one Dijkstra (`petgraph`) from each region, in parallel over
//! the sources (rayon), each source's row written by one task: the result does not depend on
//! the thread count. Undirected networks give a symmetric matrix: entry (r, s) and (s, r) are
//! both the smaller of the two searches' sums (they can differ in the last bit, summing the
//! same path in the opposite order), so the costs are symmetric in floating point.

use petgraph::algo::dijkstra;
use petgraph::graph::{Graph, NodeIndex};
use petgraph::{Directed, EdgeType, Undirected};
use rayon::prelude::*;

use super::{CostFunction, Geography, Metric, Structure, TradeCosts};
use crate::error::Result;

/// A network: `nodes` nodes and weighted edges (from, to, cost >= 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    pub nodes: usize,
    pub edges: Vec<(usize, usize, f64)>,
    /// Each edge one way only (from -> to).
    pub directed: bool,
}

/// Regions that cannot be reached: `to` (region indices) from region `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreachable {
    pub from: usize,
    pub to: Vec<usize>,
}

impl Unreachable {
    /// "\"c\", \"d\" cannot be reached from \"a\"" with the region ids (at most 10 named).
    pub fn message(&self, ids: &[String]) -> String {
        const SHOWN: usize = 10;
        let mut names: Vec<String> = self.to.iter().take(SHOWN).map(|&i| format!("\"{}\"", ids[i])).collect();
        if self.to.len() > SHOWN {
            names.push(format!("and {} more", self.to.len() - SHOWN));
        }
        let verb = if self.to.len() == 1 { "is" } else { "are" };
        format!(
            "region{} {} {verb} not reachable from \"{}\" along the network: every region must be reachable from every other",
            if self.to.len() == 1 { "" } else { "s" },
            names.join(", "),
            ids[self.from]
        )
    }
}

impl Network {
    /// The 8-neighbour network of a raster of crossing costs, `costs[col * height + row]`.
    ///
    /// # Panics
    /// When `costs.len() != width * height`.
    pub fn raster(width: usize, height: usize, costs: &[f64]) -> Network {
        assert_eq!(costs.len(), width * height, "one cost per cell");
        let at = |c: usize, r: usize| c * height + r;
        let mut edges = Vec::with_capacity(4 * width * height);
        let diagonal = std::f64::consts::SQRT_2;
        for c in 0..width {
            for r in 0..height {
                let p = at(c, r);
                let mut join = |q: usize, step: f64| edges.push((p, q, 0.5 * (costs[p] + costs[q]) * step));
                // Each undirected edge once: to the next row, the next column, and both
                // diagonals into the next column.
                if r + 1 < height {
                    join(at(c, r + 1), 1.0);
                }
                if c + 1 < width {
                    join(at(c + 1, r), 1.0);
                    if r + 1 < height {
                        join(at(c + 1, r + 1), diagonal);
                    }
                    if r > 0 {
                        join(at(c + 1, r - 1), diagonal);
                    }
                }
            }
        }
        Network {
            nodes: width * height,
            edges,
            directed: false,
        }
    }

    /// Least costs between the `regions` (node indices), row-major `regions.len()` squared:
    /// entry (r, s) is the least cost from region r to region s, 0 on the diagonal.
    pub fn least_costs(&self, regions: &[usize]) -> std::result::Result<Vec<f64>, Unreachable> {
        if self.directed {
            least_costs(&self.graph::<Directed>(), regions, false)
        } else {
            least_costs(&self.graph::<Undirected>(), regions, true)
        }
    }

    fn graph<Ty: EdgeType>(&self) -> Graph<(), f64, Ty, u32> {
        let mut g = Graph::with_capacity(self.nodes, self.edges.len());
        for _ in 0..self.nodes {
            g.add_node(());
        }
        for &(a, b, w) in &self.edges {
            g.add_edge(NodeIndex::new(a), NodeIndex::new(b), w);
        }
        g
    }
}

fn least_costs<Ty: EdgeType + Sync>(
    graph: &Graph<(), f64, Ty, u32>,
    regions: &[usize],
    symmetric: bool,
) -> std::result::Result<Vec<f64>, Unreachable> {
    let m = regions.len();
    let rows: Vec<std::result::Result<Vec<f64>, Unreachable>> = regions
        .par_iter()
        .enumerate()
        .map(|(r, &source)| {
            let scores = dijkstra(graph, NodeIndex::new(source), None, |e| *e.weight());
            let mut row = Vec::with_capacity(m);
            let mut missing = Vec::new();
            for (s, &target) in regions.iter().enumerate() {
                match scores.get(&NodeIndex::new(target)) {
                    Some(&d) => row.push(if r == s { 0.0 } else { d }),
                    None => {
                        missing.push(s);
                        row.push(f64::INFINITY);
                    }
                }
            }
            if missing.is_empty() {
                Ok(row)
            } else {
                Err(Unreachable { from: r, to: missing })
            }
        })
        .collect();
    let mut d = Vec::with_capacity(m * m);
    for row in rows {
        d.extend(row?);
    }
    if symmetric {
        for r in 0..m {
            for s in r + 1..m {
                let v = d[r * m + s].min(d[s * m + r]);
                d[r * m + s] = v;
                d[s * m + r] = v;
            }
        }
    }
    Ok(d)
}

/// What multiplies the cost of distance between two distinct regions: a factor on every
/// pair (RRH 2017's "internal tax") and one on pairs of different groups ("border tax").
#[derive(Debug, Clone, PartialEq)]
pub struct Taxes {
    pub internal: f64,
    /// Group of each region and the factor between groups.
    pub border: Option<(Vec<usize>, f64)>,
}

impl Default for Taxes {
    fn default() -> Self {
        Taxes {
            internal: 1.0,
            border: None,
        }
    }
}

/// Regions of a network: ids and optional coordinates (with what they are: planar or (lat, lon)).
#[derive(Debug, Clone)]
pub struct NetworkRegions {
    pub ids: Vec<String>,
    pub coordinates: Option<Vec<[f64; 2]>>,
    pub metric: Metric,
}

/// The geography of least-cost `distances` (row-major, N × N, as [`Network::least_costs`]
/// gives): T_rs = cost(d_rs) × internal tax × (border tax across groups), T_rr = 1.
/// `source` names the network in error messages.
pub fn geography(
    regions: NetworkRegions,
    distances: &[f64],
    cost: CostFunction,
    taxes: &Taxes,
    source: &str,
) -> Result<Geography> {
    cost.validate("geography")?;
    let n = regions.ids.len();
    debug_assert_eq!(distances.len(), n * n);
    let groups = taxes.border.as_ref().map(|(g, _)| g.clone());
    let mut values = vec![1.0; n * n];
    values.par_chunks_mut(n.max(1)).enumerate().for_each(|(r, row)| {
        for (s, t) in row.iter_mut().enumerate() {
            if r != s {
                let border = match &taxes.border {
                    Some((g, factor)) if g[r] != g[s] => *factor,
                    _ => 1.0,
                };
                *t = cost.cost(distances[r * n + s]) * taxes.internal * border;
            }
        }
    });
    let trade_costs = TradeCosts::from_row_major(n, values, Structure::Dense, source, Some(&regions.ids))?;
    Ok(Geography {
        kind: "network",
        ids: regions.ids,
        coordinates: regions.coordinates,
        metric: regions.metric,
        groups,
        trade_costs,
    })
}

#[cfg(test)]
#[path = "network_tests.rs"]
mod tests;
