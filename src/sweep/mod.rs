//! Parameter sweeps (comparative statics): a grid or a Latin-hypercube / Sobol sample over
//! config keys ([`grid`], [`sample`]), the quantities kept per point ([`record`]), solving the
//! points in parallel ([`run`]) and sharding them across processes ([`shard`]).
//!
//! The numerical side only: the config keys are applied by `config::sweep`, and the
//! incremental, resumable HDF5 file is `output::sweep`.

pub mod grid;
pub mod quantity;
pub mod record;
pub mod run;
pub mod sample;
pub mod shard;

pub use grid::{Axis, AxisValues, Design, Plan, Scale};
pub use record::{Kind, PointResult, Quantity};
pub use run::{decode_chunk, encode_chunk, run_chunks, solve_point, ChunkResult, Event, PointModel, PointSetup};
pub use shard::Shard;
