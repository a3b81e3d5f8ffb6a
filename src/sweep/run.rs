//! Solving the points of a sweep: one point ([`solve_point`]), and many in parallel with the
//! results handed, chunk by chunk, to one writer thread ([`run_chunks`]).
//!
//! Every point is solved independently from the same start (no warm start from a
//! neighbour): a point's result does not depend on which thread, shard or run solved it, nor
//! in which order, which is what makes 1 and 2 threads, shards merged and resumed runs give
//! bitwise-identical files.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use rayon::prelude::*;

use super::record::{self, Kind, PointResult, Quantity};
use crate::error::Result;
use crate::long_run::{self, SearchOptions};
use crate::model::arsw::CityModel;
use crate::model::mrrh::{CommutingModel, MrrhShock};
use crate::model::{MobileFactorModel, SpatialModel};
use crate::solve::SolverSettings;

/// The model of one point, ready to solve.
pub enum PointModel {
    /// A mobile-factor model and the shares the long run starts from (or the short run is solved at).
    Mobile {
        model: Box<dyn MobileFactorModel>,
        shares: Vec<f64>,
        long_run: bool,
    },
    /// A quantitative spatial model.
    Spatial(Arc<dyn SpatialModel>),
    /// A city of blocks.
    City(CityModel),
    /// Locations linked by commuting, and the `[counterfactual]` shock solved at each point
    /// (in levels) when one is given.
    Commuting {
        model: CommutingModel,
        shock: Option<Arc<MrrhShock>>,
    },
}

/// A point's model with the settings it is solved with.
pub struct PointSetup {
    pub model: PointModel,
    pub solver: SolverSettings,
    pub search: SearchOptions,
}

impl PointSetup {
    /// What is solved.
    pub fn kind(&self) -> Kind {
        match &self.model {
            PointModel::Mobile { long_run: true, .. } => Kind::LongRun,
            PointModel::Mobile { long_run: false, .. } => Kind::ShortRun,
            PointModel::Spatial(_) => Kind::Spatial,
            PointModel::City(_) => Kind::City,
            PointModel::Commuting { .. } => Kind::Commuting,
        }
    }

    /// Number of regions.
    pub fn regions(&self) -> usize {
        match &self.model {
            PointModel::Mobile { model, .. } => model.regions(),
            PointModel::Spatial(m) => m.regions(),
            PointModel::City(c) => c.blocks(),
            PointModel::Commuting { model, .. } => model.locations(),
        }
    }
}

/// Solves one point and keeps `record`; failures become a flagged row (see
/// [`PointResult::failed`]) with the error returned beside it for reporting.
pub fn solve_point(setup: &PointSetup, record: &[Quantity]) -> (PointResult, Option<String>) {
    let n = setup.regions();
    let outcome = match &setup.model {
        PointModel::Mobile {
            model,
            shares,
            long_run: true,
        } => long_run::find_equilibria(model.as_ref(), shares, &setup.solver, &setup.search)
            .map(|eqs| record::long_run(model.as_ref(), shares, &eqs, &setup.solver, &setup.search, record)),
        PointModel::Mobile {
            model,
            shares,
            long_run: false,
        } => model.solve_short_run(shares, None, &setup.solver).map(|(w, stats)| {
            let outcomes = model.outcomes(shares, &w);
            record::short_run(shares, &outcomes, stats.residual, stats.iterations, record)
        }),
        PointModel::Spatial(model) => model.solve(None, &setup.solver).map(|eq| record::spatial(&eq, record)),
        PointModel::City(model) => model
            .solve(&setup.solver)
            .map(|(city, e)| record::city(&e, &city.outcomes(&e), record)),
        PointModel::Commuting { model, shock } => model.solve(&setup.solver).and_then(|(m, e)| {
            // The shock is solved only when a recorded quantity needs it.
            let wanted = record
                .iter()
                .any(|q| matches!(q, Quantity::Commuting(s) if s.needs_shock()));
            let shocked = match shock {
                Some(s) if wanted => Some(m.shocked(s)?.solve(&setup.solver.for_inversion())?),
                _ => None,
            };
            Ok(record::commuting(&m, &e, shocked.as_ref(), record))
        }),
    };
    match outcome {
        Ok(r) => (r, None),
        Err(e) => (PointResult::failed(record, n, &e), Some(format!("{e:#}"))),
    }
}

/// The points of one chunk, solved: (chunk, rows in order, first error message if any).
pub type ChunkResult = (usize, Vec<PointResult>, Option<String>);

/// What [`run_chunks`] reports to the calling thread.
pub enum Event {
    /// A chunk is solved.
    Chunk(ChunkResult),
    /// About every 100 ms: points solved so far.
    Tick(usize),
}

/// Solves the chunks `todo` of `rows` (global point indices, `chunk` per chunk) on the rayon
/// pool and reports each finished chunk, in completion order, and a tick about every 100 ms
/// to `on`, always on the calling thread (which alone writes files or sends messages).
/// `solve` maps a global point index to its result. Stops early, returning the error, when
/// `on` fails.
pub fn run_chunks<S, E>(rows: &[usize], chunk: usize, todo: &[usize], solve: S, mut on: E) -> Result<()>
where
    S: Fn(usize) -> (PointResult, Option<String>) + Sync,
    E: FnMut(Event) -> Result<()>,
{
    let solved = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<ChunkResult>();
    std::thread::scope(|scope| {
        let (solved, stop, solve) = (&solved, &stop, &solve);
        scope.spawn(move || {
            todo.par_iter().for_each_with(tx, |tx, &c| {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                let lo = c * chunk;
                let hi = (lo + chunk).min(rows.len());
                let results: Vec<(PointResult, Option<String>)> = rows[lo..hi]
                    .par_iter()
                    .map(|&k| {
                        let r = solve(k);
                        solved.fetch_add(1, Ordering::Relaxed);
                        r
                    })
                    .collect();
                let error = results.iter().find_map(|r| r.1.clone());
                let _ = tx.send((c, results.into_iter().map(|r| r.0).collect(), error));
            });
        });
        let mut outcome = Ok(());
        let mut handle = |event: Event, outcome: &mut Result<()>| {
            if outcome.is_ok() {
                *outcome = on(event);
                if outcome.is_err() {
                    stop.store(true, Ordering::Relaxed);
                }
            }
        };
        loop {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(done) => handle(Event::Chunk(done), &mut outcome),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            handle(Event::Tick(solved.load(Ordering::Relaxed)), &mut outcome);
            if crate::error::interrupt_requested() && outcome.is_ok() {
                outcome = Err(crate::error::Error::Interrupted);
                stop.store(true, Ordering::Relaxed);
            }
        }
        outcome
    })
}

/// A solved chunk as one message of f64: chunk index, rows, then per row its values, then
/// converged (0/1), residual and iterations (exact below 2^53). For sending between
/// processes (MPI ranks); [`decode_chunk`] reverses it bit for bit.
pub fn encode_chunk(chunk: usize, results: &[PointResult]) -> Vec<f64> {
    let mut out = vec![chunk as f64, results.len() as f64];
    for r in results {
        out.extend_from_slice(&r.values);
        out.extend_from_slice(&[r.converged as u8 as f64, r.residual, r.iterations as f64]);
    }
    out
}

/// The chunk index and rows of an [`encode_chunk`] message whose rows hold `width` values.
pub fn decode_chunk(message: &[f64], width: usize) -> Option<(usize, Vec<PointResult>)> {
    let (&chunk, rest) = message.split_first()?;
    let (&rows, body) = rest.split_first()?;
    let rows = rows as usize;
    if body.len() != rows * (width + 3) {
        return None;
    }
    let results = body
        .chunks_exact(width + 3)
        .map(|row| PointResult {
            values: row[..width].to_vec(),
            converged: row[width] == 1.0,
            residual: row[width + 1],
            iterations: row[width + 2] as u64,
        })
        .collect();
    Some((chunk as usize, results))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_survive_encoding_bit_for_bit() {
        let rows = vec![
            PointResult {
                values: vec![0.1, f64::NAN, -0.0],
                converged: false,
                residual: f64::NAN,
                iterations: 7,
            },
            PointResult {
                values: vec![1.0 / 3.0, 2.0, 1e-300],
                converged: true,
                residual: 3e-12,
                iterations: (1 << 52) + 1,
            },
        ];
        let (c, back) = decode_chunk(&encode_chunk(5, &rows), 3).unwrap();
        assert_eq!(c, 5);
        for (a, b) in rows.iter().zip(&back) {
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&a.values), bits(&b.values));
            assert_eq!(
                (a.converged, a.residual.to_bits(), a.iterations),
                (b.converged, b.residual.to_bits(), b.iterations)
            );
        }
        assert!(decode_chunk(&encode_chunk(5, &rows), 4).is_none());
    }

    #[test]
    fn every_chunk_is_reported_once_whatever_the_order() {
        let rows: Vec<usize> = (0..50).collect();
        let todo = [0, 2, 3, 4];
        let mut seen = Vec::new();
        run_chunks(
            &rows,
            10,
            &todo,
            |k| {
                (
                    PointResult {
                        values: vec![k as f64],
                        converged: true,
                        residual: 0.0,
                        iterations: 1,
                    },
                    None,
                )
            },
            |e| {
                if let Event::Chunk((c, results, _)) = e {
                    assert_eq!(
                        results.iter().map(|r| r.values[0] as usize).collect::<Vec<_>>(),
                        (c * 10..c * 10 + 10).collect::<Vec<_>>()
                    );
                    seen.push(c);
                }
                Ok(())
            },
        )
        .unwrap();
        seen.sort_unstable();
        assert_eq!(seen, todo);
    }
}
