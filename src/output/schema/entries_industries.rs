//! Rows of the schema table: a several-industry model's equilibria along a parameter
//! (`model.kind = "puga-venables"`), under `/industries`.

use super::names::*;
use super::table::commands as by;
use super::table::{attribute as a, dataset as d, group as g, Dtype::*, Entry};

const MODEL: &str = "model units (food costs 1)";

#[rustfmt::skip]
pub(super) const ROWS: &[Entry] = &[
    g("/", INDUSTRIES, "a several-industry model's long-run equilibria along a parameter (model.kind = \"puga-venables\"; one point for solve)", by::INDUSTRIES),
    a("/industries", PARAMETER_NAME, Str, &[], "1", "the dotted config key varied (bifurcate.parameter; the growth key for solve)", by::INDUSTRIES),
    d("/industries", SIGMA, F64, &["J"], "1", "each industry's elasticity of substitution sigma_j", by::INDUSTRIES),
    d("/industries", MU, F64, &["J"], "1", "each industry's consumer share mu_j before growth (consumers spend growth x mu_j)", by::INDUSTRIES),
    d("/industries", ALPHA, F64, &["J"], "1", "each industry's intermediate share alpha_j (bought from its own industry)", by::INDUSTRIES),
    d("/industries", PARAMETER, F64, &["P"], "the parameter's units", "the parameter at each point of the grid", by::INDUSTRIES),
    d("/industries", FIRMS, F64, &["P", "J", "N"], MODEL, "numbers of firms n_jr of the equilibrium reached by the entry dynamics", by::INDUSTRIES),
    d("/industries", INDUSTRY_SHARE, F64, &["P", "J", "N"], "1", "n_jr / sum_s n_js: each industry's share of its firms in each region", by::INDUSTRIES),
    d("/industries", PRESENT, U64, &["P", "N"], "1", "how many industries have firms in each region", by::INDUSTRIES),
    d("/industries", WAGE, F64, &["P", "N"], MODEL, "wage w_r (1 where food is produced)", by::INDUSTRIES),
    d("/industries", PRICE_INDEX, F64, &["P", "J", "N"], MODEL, "each industry's price index G_jr", by::INDUSTRIES),
    d("/industries", N_UNSTABLE, U64, &["P"], "1", "unstable eigenvalues of the entry dynamics (occupied cells) plus empty cells with positive profit", by::INDUSTRIES),
    d("/industries", RESIDUAL, F64, &["P"], "1", "max |pi_jr| over the occupied cells", by::INDUSTRIES),
    g("/industries", STEPS, "every change of the occupied cells between grid points, located by bisection (entry: the cell's profit crosses 0; exit: the earlier support ends)", by::INDUSTRIES),
    d("/industries/steps", KIND, Str, &["S"], "1", "entry, exit, or displaced (emptied by a jump while the earlier equilibrium still exists; bracket = the grid interval)", by::INDUSTRIES),
    d("/industries/steps", INDUSTRY, U64, &["S"], "1", "the industry j (1-based)", by::INDUSTRIES),
    d("/industries/steps", REGION, U64, &["S"], "1", "the region r (1-based, /geography/ids order)", by::INDUSTRIES),
    d("/industries/steps", PARAMETER, F64, &["S"], "the parameter's units", "the bracket's midpoint", by::INDUSTRIES),
    d("/industries/steps", BRACKET_LOW, F64, &["S"], "the parameter's units", "the end of the bracket on the earlier side (the earlier cells occupied)", by::INDUSTRIES),
    d("/industries/steps", BRACKET_HIGH, F64, &["S"], "the parameter's units", "the other end of the bracket", by::INDUSTRIES),
    d("/industries/steps", VALUE_LOW, F64, &["S"], "1", "at bracket_low: the entering cell's profit pi_jr (< 0), or the exiting cell's share", by::INDUSTRIES),
    d("/industries/steps", VALUE_HIGH, F64, &["S"], "1", "at bracket_high: the entering cell's profit (> 0) on the earlier cells' equilibrium, NaN where that no longer exists", by::INDUSTRIES),
];
