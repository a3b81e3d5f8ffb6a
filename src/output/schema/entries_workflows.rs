//! Rows of the schema table: parameter sweeps, calibrations and ARSW cities.

use super::names::*;
use super::table::commands as by;
use super::table::{attribute as a, dataset as d, group as g, Dtype::*, Entry};

const MODEL: &str = "model units";
const PARAM: &str = "the parameters' units";

#[rustfmt::skip]
pub(super) const ROWS: &[Entry] = &[
    g("/", SWEEP, "a parameter sweep: one row per point", by::SWEEP),
    a("/sweep", RECORD, Str, &["R"], "1", "the recorded quantities (/sweep/<quantity>), in order", by::SWEEP),
    a("/sweep", DESIGN, Str, &[], "1", "grid, latin-hypercube or sobol", by::SWEEP),
    a("/sweep", SOLVED, Str, &[], "1", "what each point solves: long-run, short-run, spatial, city or commuting", by::SWEEP),
    a("/sweep", POINTS, U64, &[], "1", "points of the whole sweep (all shards)", by::SWEEP),
    a("/sweep", SHARD, U64, &[], "1", "this file's shard, 0-based (0 for a whole sweep or a merge)", by::SWEEP),
    a("/sweep", NSHARDS, U64, &[], "1", "number of shards (1 for a whole sweep or a merge)", by::SWEEP),
    a("/sweep", CONFIG_HASH, Str, &[], "1", "SHA-256 (hex) of \"agglo VERSION\\n\" and the root config attribute", by::SWEEP),
    d("/sweep", INDEX, U64, &["K"], "1", "each row's global point index", by::SWEEP),
    d("/sweep", PARAMETERS, F64, &["K", "Q"], PARAM, "the swept keys' values at each point", by::SWEEP),
    a("/sweep/parameters", NAMES, Str, &["Q"], "1", "the dotted config keys of the columns", by::SWEEP),
    d("/sweep", CONVERGED, U8, &["K"], "1", "1 where the point's solve met its tolerance", by::SWEEP),
    d("/sweep", RESIDUAL, F64, &["K"], "1", "final residual of each point's solve", by::SWEEP),
    d("/sweep", ITERATIONS, U64, &["K"], "1", "solver iterations of each point", by::SWEEP),
    d("/sweep", SHARE, F64, &["K", "N"], "1", "recorded: shares of the reached equilibrium", by::SWEEP),
    d("/sweep", WAGE, F64, &["K", "N"], MODEL, "recorded: nominal wages (MRRH: workplace wages)", by::SWEEP),
    d("/sweep", REAL_WAGE, F64, &["K", "N"], MODEL, "recorded: real wages", by::SWEEP),
    d("/sweep", PRICE_INDEX, F64, &["K", "N"], MODEL, "recorded: price indices (MRRH: P_n)", by::SWEEP),
    d("/sweep", INCOME, F64, &["K", "N"], MODEL, "recorded: incomes", by::SWEEP),
    d("/sweep", POPULATION, F64, &["K", "N"], "people (model units)", "recorded: population in levels (spatial models)", by::SWEEP),
    d("/sweep", WELFARE, F64, &["K", "N"], MODEL, "recorded: welfare by location (spatial models)", by::SWEEP),
    d("/sweep", HERFINDAHL, F64, &["K"], "1", "recorded: sum of squared shares", by::SWEEP),
    d("/sweep", N_EQUILIBRIA, F64, &["K"], "1", "recorded: number of long-run equilibria found", by::SWEEP),
    d("/sweep", N_STABLE, F64, &["K"], "1", "recorded: number of stable long-run equilibria found", by::SWEEP),
    d("/sweep", RESIDENTS, F64, &["K", "N"], "people", "recorded: residents H_R by block (cities), R_n by location (MRRH)", by::SWEEP),
    d("/sweep", WORKERS, F64, &["K", "N"], "people", "recorded: workers H_M by block of work (cities), L_i by workplace (MRRH)", by::SWEEP),
    d("/sweep", FLOOR_PRICE, F64, &["K", "N"], MODEL, "recorded: floor-space price Q by block (cities)", by::SWEEP),
    d("/sweep", COMMERCIAL_SHARE, F64, &["K", "N"], "1", "recorded: commercial share of each block's floor space (cities)", by::SWEEP),
    d("/sweep", UTILITY, F64, &["K"], MODEL, "recorded: expected utility U (cities), Ubar (MRRH)", by::SWEEP),
    d("/sweep", TOTAL_POPULATION, F64, &["K"], "people", "recorded: the city's population H (cities)", by::SWEEP),
    d("/sweep", MEAN_FLOOR_PRICE, F64, &["K"], MODEL, "recorded: floor-space-weighted mean floor price (cities)", by::SWEEP),
    d("/sweep", GDP, F64, &["K"], MODEL, "recorded: GDP, sum of w H_M / alpha (cities)", by::SWEEP),
    d("/sweep", LAND_RENT, F64, &["K"], MODEL, "recorded: land rent, sum of Q L (cities)", by::SWEEP),
    d("/sweep", LAND_PRICE, F64, &["K", "N"], MODEL, "recorded: land price Q_n by location (MRRH)", by::SWEEP),
    d("/sweep", COMMUTER_SHARE, F64, &["K"], "1", "recorded: share of workers commuting out of their location, 1 - sum_n lambda_nn (MRRH)", by::SWEEP),
    d("/sweep", WELFARE_CHANGE, F64, &["K"], "1", "recorded: Ubar'/Ubar of the [counterfactual] solved in levels at each point (MRRH)", by::SWEEP),
    d("/sweep", MEAN_COMMUTING_TIME, F64, &["K"], "minutes", "recorded: mean commuting time over workers (cities)", by::SWEEP),
    d("/sweep", DONE, U8, &["C"], "1", "unfinished <OUT>.partial files only: 1 for each chunk written", by::SWEEP_PARTIAL),
    a("/sweep/done", CHUNK, U64, &[], "1", "points per chunk", by::SWEEP_PARTIAL),

    g("/", CALIBRATION, "a calibration: Q parameters, M residuals", by::CALIBRATE),
    d("/calibration", NAMES, Str, &["Q"], "1", "the calibrated dotted config keys", by::CALIBRATE),
    d("/calibration", ESTIMATE, F64, &["Q"], PARAM, "the estimates; NaN where not identified", by::CALIBRATE),
    d("/calibration", STD_ERROR, F64, &["Q"], PARAM, "Gauss-Newton standard errors; NaN where none applies", by::CALIBRATE),
    d("/calibration", OPTIMUM, F64, &["Q"], PARAM, "where the best run stopped, identified or not", by::CALIBRATE),
    d("/calibration", CALIBRATION_LOWER, F64, &["Q"], PARAM, "lower bounds", by::CALIBRATE),
    d("/calibration", CALIBRATION_UPPER, F64, &["Q"], PARAM, "upper bounds", by::CALIBRATE),
    d("/calibration", CALIBRATION_START, F64, &["Q"], PARAM, "the configured start", by::CALIBRATE),
    d("/calibration", SINGULAR_VALUES, F64, &["Q"], "1", "singular values of the scaled residual Jacobian, largest first", by::CALIBRATE),
    d("/calibration", WEAKEST_DIRECTION, F64, &["Q"], "1", "right singular vector of the smallest singular value (scaled units)", by::CALIBRATE),
    d("/calibration", IDENTIFIED, U8, &["Q"], "1", "1 when no flat direction of the objective loads on the parameter", by::CALIBRATE),
    d("/calibration", LABELS, Str, &["M"], "1", "what each residual compares (a location id, origin->destination, a moment)", by::CALIBRATE),
    d("/calibration", FITTED, F64, &["M"], "the target's units", "the model's value at the optimum", by::CALIBRATE),
    d("/calibration", OBSERVED, F64, &["M"], "the target's units", "the data's value", by::CALIBRATE),
    d("/calibration", TRACE, F64, &["I", "Q+1"], PARAM, "per iteration of the best start: the parameters, then the best objective", by::CALIBRATE),
    a("/calibration", OBJECTIVE, F64, &[], "the target's units squared", "the objective at the optimum", by::CALIBRATE),
    a("/calibration", CALIBRATION_STATUS, Str, &[], "1", "converged, or what is wrong (not identified: ...)", by::CALIBRATE),
    a("/calibration", CALIBRATION_TARGET, Str, &[], "1", "wages, trade-flows or moments", by::CALIBRATE),
    a("/calibration", CALIBRATION_METHOD, Str, &[], "1", "the optimiser", by::CALIBRATE),
    a("/calibration", CONDITION_NUMBER, F64, &[], "1", "largest over smallest singular value (inf if singular)", by::CALIBRATE),
    a("/calibration", RESIDUAL_VARIANCE, F64, &[], "the target's units squared", "s^2 of the Gauss-Newton variance (NaN if not applicable)", by::CALIBRATE),
    a("/calibration", FAILED_EVALUATIONS, U64, &[], "1", "objective evaluations where the model failed (counted as +inf)", by::CALIBRATE),
    g("/calibration", OPTIMA, "the distinct local optima, best first", by::CALIBRATE),
    d("/calibration/optima", PARAMETERS, F64, &["K", "Q"], PARAM, "each optimum's parameters", by::CALIBRATE),
    d("/calibration/optima", OBJECTIVE, F64, &["K"], "the target's units squared", "each optimum's objective", by::CALIBRATE),
    d("/calibration/optima", REACHED, U64, &["K"], "1", "how many starts reached each optimum", by::CALIBRATE),
    g("/calibration", BOOTSTRAP, "the bootstrap over locations", by::CALIBRATE),
    d("/calibration/bootstrap", DRAWS, F64, &["B", "Q"], PARAM, "the estimates of each successful replicate", by::CALIBRATE),
    d("/calibration/bootstrap", STD_DEV, F64, &["Q"], PARAM, "standard deviation of the draws", by::CALIBRATE),
    d("/calibration/bootstrap", INTERVAL, F64, &["Q", "2"], PARAM, "the 2.5% and 97.5% percentiles of the draws", by::CALIBRATE),
    a("/calibration/bootstrap", REPLICATES, U64, &[], "1", "replicates requested", by::CALIBRATE),
    a("/calibration/bootstrap", FAILED, U64, &[], "1", "replicates whose calibration failed", by::CALIBRATE),

    d("/geography", AREA, F64, &["N"], "km²", "block area (ARSW cities)", by::CITY_BLOCKS),
    g("/", CITY, "an ARSW city's results (model.kind = \"arsw\")", by::CITY),
    a("/city", CLOSURE, Str, &[], "1", "closed or open", by::CITY),
    a("/city", TOTAL_POPULATION, F64, &[], "people", "the city's population H (closed city)", by::CITY),
    a("/city", UTILITY, F64, &[], MODEL, "the reservation utility (open city)", by::CITY),
    g("/city", FUNDAMENTALS, "the fundamentals recovered from the data", by::CITY),
    d("/city/fundamentals", PRODUCTIVITY, F64, &["N"], MODEL, "final-good productivity a", by::CITY),
    d("/city/fundamentals", AMENITY, F64, &["N"], MODEL, "residential amenity b", by::CITY),
    d("/city/fundamentals", FLOOR_SPACE, F64, &["N"], "floor-space units", "floor space L", by::CITY),
    g("/city", OBSERVED, "the city's observed data", by::CITY),
    d("/city/observed", RESIDENTS, F64, &["N"], "people", "observed residents H_R", by::CITY),
    d("/city/observed", WORKERS, F64, &["N"], "people", "observed workers by workplace H_M", by::CITY),
    d("/city/observed", FLOOR_PRICE, F64, &["N"], MODEL, "observed floor-space price Q", by::CITY),
    g("/city", EQUILIBRIUM, "the equilibrium solved with the recovered fundamentals", by::CITY),
    g("/city", INVERSION, "the inversion's round trip (attributes only)", by::CITY_INVERSION),
    a("/city/inversion", ROUND_TRIP_ERROR, F64, &[], "1", "max relative error of a forward solve started at the data", by::CITY_INVERSION),
    a("/city/equilibrium", DATA_ERROR, F64, &[], "1", "max relative distance of the equilibrium from the data", by::CITY),
    g("/city", COUNTERFACTUAL, "equilibria after the shock (travel times, productivity, amenities)", by::COUNTERFACTUAL),
    a("/city/counterfactual", SHOCK, Str, &[], "1", "the shock, in words", by::COUNTERFACTUAL),
    g("/city/counterfactual", WITH_SPILLOVERS, "with production and residential spillovers", by::COUNTERFACTUAL),
    g("/city/counterfactual", WITHOUT_SPILLOVERS, "with the fundamentals held fixed", by::COUNTERFACTUAL),
    d("/city/counterfactual/<case>", RESIDENTS_CHANGE, F64, &["N"], "1", "new / baseline residents", by::COUNTERFACTUAL),
    d("/city/counterfactual/<case>", WORKERS_CHANGE, F64, &["N"], "1", "new / baseline workers", by::COUNTERFACTUAL),
    d("/city/counterfactual/<case>", WAGE_CHANGE, F64, &["N"], "1", "new / baseline wage", by::COUNTERFACTUAL),
    d("/city/counterfactual/<case>", FLOOR_PRICE_CHANGE, F64, &["N"], "1", "new / baseline floor price", by::COUNTERFACTUAL),
    a("/city/counterfactual/<case>", WELFARE_RATIO, F64, &[], "1", "welfare after / welfare before", by::COUNTERFACTUAL),
    a("/city/counterfactual/<case>", POPULATION_RATIO, F64, &[], "1", "new / baseline population (1 in a closed city)", by::COUNTERFACTUAL),
];

/// An ARSW equilibrium's rows, the same in `/city/equilibrium` and each
/// `/city/counterfactual/<case>`.
macro_rules! city_equilibrium {
    ($($parent:literal, $commands:expr;)*) => {
        #[rustfmt::skip]
        pub(super) const CITY_EQUILIBRIUM_ROWS: &[Entry] = &[$(
            d($parent, RESIDENTS, F64, &["N"], "people", "residents H_R", $commands),
            d($parent, WORKERS, F64, &["N"], "people", "workers by workplace H_M", $commands),
            d($parent, WAGE, F64, &["N"], MODEL, "wage w", $commands),
            d($parent, FLOOR_PRICE, F64, &["N"], MODEL, "floor-space price Q", $commands),
            d($parent, RESIDENT_INCOME, F64, &["N"], MODEL, "expected wage of a block's residents v", $commands),
            d($parent, PRODUCTIVITY, F64, &["N"], MODEL, "productivity A (with spillovers)", $commands),
            d($parent, AMENITY, F64, &["N"], MODEL, "amenity B (with spillovers)", $commands),
            d($parent, COMMERCIAL_SHARE, F64, &["N"], "1", "commercial share of the block's floor space, theta = L_M / L (0: residential only, 1: commercial only)", $commands),
            d($parent, COMMUTING_TIME, F64, &["N"], "minutes", "mean commuting time of the block's residents", $commands),
            a($parent, UTILITY, F64, &[], MODEL, "expected utility U", $commands),
            a($parent, TOTAL_POPULATION, F64, &[], "people", "the city's population H", $commands),
            a($parent, GDP, F64, &[], MODEL, "GDP: output of the final good, sum of w H_M / alpha", $commands),
            a($parent, LAND_RENT, F64, &[], MODEL, "land rent: floor-space rent sum of Q L", $commands),
            a($parent, MEAN_FLOOR_PRICE, F64, &[], MODEL, "floor-space-weighted mean floor price, sum of Q L / sum of L", $commands),
            a($parent, MEAN_COMMUTING_TIME, F64, &[], "minutes", "mean commuting time over the city's workers", $commands),
            a($parent, CONVERGED, U8, &[], "1", "1 if the solver met its tolerance", $commands),
            a($parent, ITERATIONS, U64, &[], "1", "solver iterations used", $commands),
            a($parent, RESIDUAL, F64, &[], "1", "final residual of the solver", $commands),
            a($parent, SOLVER, Str, &[], "1", "solver name", $commands),
            a($parent, SECONDS, F64, &[], "s", "time spent solving", $commands),
        )*];
    };
}

city_equilibrium! {
    "/city/equilibrium", by::CITY;
    "/city/counterfactual/<case>", by::COUNTERFACTUAL;
}
