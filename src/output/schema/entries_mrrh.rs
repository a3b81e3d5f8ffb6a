//! Rows of the schema table: an MRRH model's results (`model.kind = "mrrh"`), under `/mrrh`.

use super::names::*;
use super::table::commands as by;
use super::table::{attribute as a, dataset as d, group as g, Dtype::*, Entry};

const MODEL: &str = "model units (wages: geometric mean 1)";

#[rustfmt::skip]
pub(super) const ROWS: &[Entry] = &[
    g("/", MRRH, "an MRRH model's results (model.kind = \"mrrh\")", by::MRRH),
    d("/mrrh", IDS, Str, &["N"], "1", "location ids, in model.locations' order", by::MRRH),
    a("/mrrh", ROUND_TRIP_ERROR, F64, &[], "1", "max relative error of workers, residents and wages of the equilibrium solved with the recovered fundamentals against the data", by::MRRH),
    g("/mrrh", FUNDAMENTALS, "the fundamentals recovered from the data", by::MRRH),
    d("/mrrh/fundamentals", PRODUCTIVITY, F64, &["N"], "1", "productivity A_i (geometric mean 1)", by::MRRH),
    d("/mrrh/fundamentals", LAND, F64, &["N"], "the areas' units", "land H_n", by::MRRH),
    g("/mrrh", OBSERVED, "the observed data (workers and residents: the flows' margins when flows are given)", by::MRRH),
    d("/mrrh/observed", WORKERS, F64, &["N"], "people", "employment by workplace L_i", by::MRRH),
    d("/mrrh/observed", RESIDENTS, F64, &["N"], "people", "employment by residence R_n", by::MRRH),
    d("/mrrh/observed", WAGE, F64, &["N"], "data units", "workplace wage w_i as observed", by::MRRH),
    g("/mrrh", EQUILIBRIUM, "the equilibrium with the recovered fundamentals (solved from w = P = 1)", by::MRRH),
    g("/mrrh", COUNTERFACTUAL, "the equilibrium after the shock, in levels and by exact hat algebra", by::COUNTERFACTUAL),
    a("/mrrh/counterfactual", SHOCK, Str, &[], "1", "the shock, in words", by::COUNTERFACTUAL),
    a("/mrrh/counterfactual", WELFARE_RATIO, F64, &[], "1", "expected utility after / before (levels)", by::COUNTERFACTUAL),
    a("/mrrh/counterfactual", LEVELS_VS_HAT, F64, &[], "1", "max relative difference of the levels and hat-algebra equilibria", by::COUNTERFACTUAL),
    g("/mrrh/counterfactual", LEVELS, "solved again with the shocked fundamentals", by::COUNTERFACTUAL),
    g("/mrrh/counterfactual", HAT, "by exact hat algebra from the baseline shares", by::COUNTERFACTUAL),
];

/// An MRRH equilibrium's rows, the same in `/mrrh/equilibrium` and each
/// `/mrrh/counterfactual/<method>`.
macro_rules! mrrh_equilibrium {
    ($($parent:literal, $commands:expr;)*) => {
        #[rustfmt::skip]
        pub(super) const EQUILIBRIUM_ROWS: &[Entry] = &[$(
            d($parent, WAGE, F64, &["N"], MODEL, "workplace wage w_i", $commands),
            d($parent, WORKERS, F64, &["N"], "people", "employment by workplace L_i", $commands),
            d($parent, RESIDENTS, F64, &["N"], "people", "employment by residence R_n", $commands),
            d($parent, PRICE_INDEX, F64, &["N"], MODEL, "goods price index P_n", $commands),
            d($parent, LAND_PRICE, F64, &["N"], MODEL, "land price Q_n", $commands),
            d($parent, RESIDENT_INCOME, F64, &["N"], MODEL, "expected income of residents vbar_n", $commands),
            a($parent, WELFARE, F64, &[], MODEL, "expected utility Ubar = Gamma((eps-1)/eps) Phi^(1/eps)", $commands),
            a($parent, CONVERGED, U8, &[], "1", "1 if the solver met its tolerance", $commands),
            a($parent, ITERATIONS, U64, &[], "1", "solver iterations used", $commands),
            a($parent, RESIDUAL, F64, &[], "1", "final residual of the solver", $commands),
            a($parent, SOLVER, Str, &[], "1", "solver name", $commands),
            a($parent, SECONDS, F64, &[], "s", "time spent solving", $commands),
        )*];
    };
}

mrrh_equilibrium! {
    "/mrrh/equilibrium", by::MRRH;
    "/mrrh/counterfactual/<method>", by::COUNTERFACTUAL;
}
