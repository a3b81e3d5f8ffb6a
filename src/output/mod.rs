//! HDF5 output (the contract is in [`schema`]): files are written to a temporary name in
//! the target folder and renamed into place only when complete.

mod annotate;
mod arsw;
mod calibration;
mod calibration_reader;
mod city_maps;
mod counterfactual;
mod diagram;
mod geography;
mod industries;
mod maps;
mod mrrh;
mod reader;
pub mod schema;
mod spatial;
mod summary;
pub mod sweep;
mod sweep_merge;
mod sweep_read;
mod wiggle;
mod writer;

pub use arsw::BlockLayout;
pub use calibration_reader::{calibration_table, read_calibration, CalibrationRecord};
pub use geography::{file_sha256, metric_name, read_trade_costs, GeographyOptions, StoredTradeCosts, TradeCostRecipe};
pub use maps::{read_map, CoordinateSystem, MapLayer, MapRecord};
pub use reader::{
    read_bifurcation, read_equilibria, read_matrix, BifurcationRecord, BranchRecord, EquilibriumRecord, EquilibriumSet,
    SpecialPointRecord,
};
pub use summary::summarize;
pub use wiggle::{read_wiggle, WiggleRecord};
pub use writer::{check_writable, ClosedForm, OutputFile, RunInfo};
pub mod cleanup;
