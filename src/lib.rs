//! # agglo: equilibria of spatial-economics models
//!
//! agglo finds the equilibria of agglomeration models (Krugman's core–periphery model and
//! its relatives), classifies their stability, traces them along a parameter into
//! bifurcation diagrams, and writes them to HDF5 (and figures).
//!
//! | type | what it is |
//! |---|---|
//! | [`geography::Geography`] | regions, coordinates and the iceberg [`geography::TradeCosts`] |
//! | [`model::CorePeripheryParams`] | sigma, mu (FKV defaults 5, 0.4) |
//! | [`model::CorePeriphery`] | validated model: short-run wage map, outcomes, d omega/d lambda |
//! | [`model::FootlooseParams`] | sigma, mu, immobile workers L (defaults 5, 0.4, 2; H = 1) |
//! | [`model::FootlooseEntrepreneur`] | Forslid–Ottaviano footloose entrepreneur: linear short run in rewards, d omega/d lambda |
//! | [`model::MobileFactorModel`] | what long run, stability and continuation need from a model (both models implement it) |
//! | [`solve::FixedPointMap`] | the trait solvers need: x -> G(x), optional Jacobian |
//! | [`solve::Method`] | Picard (damped), Anderson, Newton |
//! | [`solve::Stats`] | converged, iterations, residual, solver, seconds |
//! | [`long_run::Equilibrium`] | long-run equilibrium with [`stability::Stability`] |
//! | [`continuation::Diagram`] | branches ([`continuation::Branch`], each on a support) and special points, from [`continuation::trace_diagram`] |
//! | [`continuation::SpecialPoint`] | break, branch point, fold, Hopf or sustain point ([`continuation::SpecialKind`]) with its bisection bracket |
//! | [`continuation::Options`] | range, steps and limits of a diagram (the checked `[bifurcate]` table, [`config::Bifurcation`]) |
//! | [`config::RunSpec`] | a resolved, validated configuration |
//! | [`config::ModelFamily`] | p -> model: the configuration rebuilt with the bifurcation parameter set to p |
//! | [`sweep::Plan`] | the points of a sweep: a grid, Latin hypercube or Sobol sample over config keys ([`config::SweepSpec`]) |
//! | [`config::PointFamily`] | point -> model: the configuration rebuilt with every swept key set |
//! | [`sweep::Quantity`] | what a sweep records per point (shares of the reached equilibrium, counts, Herfindahl, ...) |
//! | [`output::sweep::SweepFile`] | `/sweep` written chunk by chunk to `OUT.partial`, resumable; [`output::sweep::merge`] joins shards |
//! | [`output`] | the HDF5 contract (schema, writer, reader) |
//! | [`plot::plot`] | a results file drawn as PNG or SVG (bifurcation diagram or equilibria) |
//! | [`calibration::calibrate`] | parameters estimated against a [`calibration::Target`] (wages, trade flows, moments) with argmin, multi-start, standard errors, bootstrap, identification ([`calibration::Calibration`]) |
//! | [`config::calibrate::ParameterFamily`] | theta -> model: the configuration rebuilt with the calibrated keys set |
//! | [`error::Error`] | typed errors carrying their numbers |
//!
//! Dependencies run one way (ARCHITECTURE.md, "Dependency order"): error → stability →
//! geography → solve → model → long_run → continuation → calibration → sweep → output → plot →
//! config → cli. Only output, plot, config and cli touch files.

pub mod calibration;
pub mod cli;
pub mod config;
pub mod continuation;
pub mod error;
pub mod geography;
pub mod long_run;
pub mod model;
pub mod output;
pub mod plot;
pub mod solve;
pub mod stability;
pub mod sweep;

pub use error::{Error, Result};
