//! HDF5 output (the contract is in [`schema`]): files are written to a temporary name in
//! the target folder and renamed into place only when complete.

mod counterfactual;
mod diagram;
mod reader;
pub mod schema;
mod spatial;
pub mod sweep;
mod writer;

pub use reader::{
    read_bifurcation, read_equilibria, read_matrix, summarize, BifurcationRecord, BranchRecord, EquilibriumRecord,
    EquilibriumSet, SpecialPointRecord,
};
pub use writer::{check_writable, ClosedForm, OutputFile, RunInfo};
pub mod cleanup;
