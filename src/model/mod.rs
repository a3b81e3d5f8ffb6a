//! Models: one file per model, each a params struct (`Default` = textbook values) validated
//! into a model type that past validation may assume valid.

pub mod adjustment;
pub mod allen_arkolakis;
pub mod arsw;
pub mod core_periphery;
pub mod core_periphery_sensitivity;
pub mod footloose;
pub mod footloose_two_region;
pub mod freeness;
pub mod helpman;
pub mod log_freeness;
pub mod mobile;
pub mod mrrh;
pub mod pfluger;
pub mod puga_venables;
pub mod shares;
pub mod spatial;
pub mod two_region;
pub mod vertical_linkages;

pub use allen_arkolakis::{search_equilibria, AllenArkolakis, AllenArkolakisParams};
pub use core_periphery::{CorePeriphery, CorePeripheryParams, RegionOutcomes};
pub use core_periphery_sensitivity::ShortRunParameter;
pub use footloose::{FootlooseEntrepreneur, FootlooseParams};
pub use freeness::Freeness;
pub use helpman::{Helpman, HelpmanOutcomes, HelpmanParams, HelpmanRegions};
pub use mobile::MobileFactorModel;
pub use spatial::{Fundamentals, Shock, SpatialEquilibrium, SpatialModel, Uniqueness};
