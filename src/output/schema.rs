//! The HDF5 contract: every group, dataset and attribute name agglo writes, in one place.
//! See DESIGN.md §3. Readers (h5py, MATLAB, Julia) may rely on these names.

/// Root attribute: the agglo version that wrote the file.
pub const AGGLO_VERSION: &str = "agglo_version";
/// Root attribute: the command line that produced the file.
pub const COMMAND: &str = "command";
/// Root attribute: creation time, RFC 3339 UTC.
pub const CREATED: &str = "created";
/// Root attribute: the resolved configuration as TOML.
pub const CONFIG: &str = "config";
/// Root attribute: 1 once every dataset has been written (files are also renamed into place
/// only when complete).
pub const COMPLETE: &str = "complete";

/// Group of the geography.
pub const GEOGRAPHY: &str = "geography";
/// `[N]` strings: region ids.
pub const IDS: &str = "ids";
/// `[N, 2]` coordinates where the layout has them.
pub const COORDINATES: &str = "coordinates";
/// `[N, N]` iceberg trade costs actually used, when N <= [`TRADE_COST_MAX_REGIONS`].
pub const TRADE_COST: &str = "trade_cost";
/// Attribute of `/geography`: the layout kind.
pub const KIND: &str = "kind";
/// Largest N for which the trade-cost matrix is stored.
pub const TRADE_COST_MAX_REGIONS: usize = 5000;

/// Group holding one subgroup per equilibrium, `/equilibria/<k>`.
pub const EQUILIBRIA: &str = "equilibria";
/// Attribute of `/equilibria`: `"long-run"` or `"short-run"`.
pub const HORIZON: &str = "horizon";
/// Attribute of `/equilibria`: number of equilibria.
pub const COUNT: &str = "count";
/// u8 attribute of a long-run `/equilibria`: 1 when the equilibria are a continuum (every
/// split of the mobile factor an equilibrium, as at T = 1): the subgroups are points of it
/// and `count` is not the number of equilibria.
pub const CONTINUUM: &str = "continuum";
/// `[N]` worker shares lambda.
pub const SHARE: &str = "share";
/// `[N]` nominal wages.
pub const WAGE: &str = "wage";
/// `[N]` manufacturing price indices G.
pub const PRICE_INDEX: &str = "price_index";
/// `[N]` real wages omega.
pub const REAL_WAGE: &str = "real_wage";
/// `[N]` incomes Y.
pub const INCOME: &str = "income";
/// `[M, 2]` eigenvalues (re, im) of the migration dynamics (long run only).
pub const EIGENVALUES: &str = "eigenvalues";
/// Equilibrium attribute: 1 if stable (long run only).
pub const STABLE: &str = "stable";
/// Equilibrium attribute: number of unstable eigenvalues (long run only).
pub const N_UNSTABLE: &str = "n_unstable";
/// Equilibrium attribute: 1 if the tolerance was met.
pub const CONVERGED: &str = "converged";
/// Equilibrium attribute: iterations used.
pub const ITERATIONS: &str = "iterations";
/// Equilibrium attribute: final residual.
pub const RESIDUAL: &str = "residual";
/// Equilibrium attribute: solver name.
pub const SOLVER: &str = "solver";
/// Equilibrium attribute: seconds spent.
pub const SECONDS: &str = "seconds";

/// Group of closed-form results of the two-region model (attributes only).
pub const CLOSED_FORM: &str = "closed_form";
/// Attributes of `/closed_form`.
pub const BREAK_TRADE_COST: &str = "break_trade_cost";
pub const SUSTAIN_TRADE_COST: &str = "sustain_trade_cost";
pub const BREAK_FREENESS: &str = "break_freeness";
pub const SUSTAIN_FREENESS: &str = "sustain_freeness";
pub const NO_BLACK_HOLE: &str = "no_black_hole";

/// Group holding one subgroup per continuation branch, `/branches/<b>` (b = 0, 1, ...).
pub const BRANCHES: &str = "branches";
/// `[P]` f64: the continuation parameter at each point of a branch.
pub const PARAMETER: &str = "parameter";
/// `[P, N]` f64: shares of the mobile factor at each point of a branch.
pub const STATE: &str = "state";
// A branch's `stable [P]` u8 (0/1) and `n_unstable [P]` u64 reuse [`STABLE`] and [`N_UNSTABLE`].
/// Branch attribute: the dotted config key continued along, e.g. `"geography.trade-cost"`.
pub const PARAMETER_NAME: &str = "parameter_name";
/// Branch attribute (optional): the support, the occupied regions (1-based), e.g. `"1,2"`.
pub const SUPPORT: &str = "support";

/// Group of the special points found along the branches (one entry per point, `[S]` each).
/// `kind` ([`KIND`]) holds strings: "break", "sustain", "fold", "branch-point", "hopf".
pub const SPECIAL_POINTS: &str = "special_points";
/// `[S]` u64: the branch (the `<b>` of `/branches/<b>`) a special point lies on.
pub const BRANCH: &str = "branch";
/// `[S]` u64: index of the branch point nearest the special point.
pub const INDEX: &str = "index";
/// `[S]` f64: lower end of the parameter bracket the special point was located in.
pub const BRACKET_LOW: &str = "bracket_low";
/// `[S]` f64: upper end of that bracket.
pub const BRACKET_HIGH: &str = "bracket_high";
/// `[S]` f64: the y value (the plotted share) to mark the special point at.
pub const VALUE: &str = "value";
/// `[S]` u64: Fourier mode of the critical direction (racetracks), 0 when none.
pub const MODE: &str = "mode";
/// Branch attribute: why tracing stopped.
pub const END: &str = "end";

/// Group of location fundamentals (spatial models).
pub const FUNDAMENTALS: &str = "fundamentals";
/// `[N]` productivity Abar (spatial models).
pub const PRODUCTIVITY: &str = "productivity";
/// `[N]` amenity ubar (spatial models).
pub const AMENITY: &str = "amenity";
/// `[N]` population in levels (spatial models).
pub const POPULATION: &str = "population";
/// `[N]` welfare of each location's residents; also an attribute (the first location's).
pub const WELFARE: &str = "welfare";
/// Attribute of `/equilibria` (spatial models): 1 when the equilibrium is known to be unique.
pub const UNIQUE: &str = "unique";
/// Attribute of `/equilibria` (spatial models): the uniqueness condition as a sentence.
pub const UNIQUENESS: &str = "uniqueness";

/// Group of the inversion's check (attributes only).
pub const INVERSION: &str = "inversion";
/// Attribute of `/inversion`: max relative error of the forward solve's population shares.
pub const POPULATION_ERROR: &str = "population_error";
/// Attribute of `/inversion`: max relative error of the forward solve's relative wages.
pub const WAGE_ERROR: &str = "wage_error";
/// Group of a counterfactual, with subgroups [`LEVELS`] and [`HAT`].
pub const COUNTERFACTUAL: &str = "counterfactual";
/// Attribute of `/counterfactual`: the shock, in words.
pub const SHOCK: &str = "shock";
/// Subgroup: the counterfactual re-solved in levels.
pub const LEVELS: &str = "levels";
/// Subgroup: the counterfactual by exact hat algebra.
pub const HAT: &str = "hat";
/// `[N]` new population / baseline population.
pub const POPULATION_CHANGE: &str = "population_change";
/// `[N]` new wage / baseline wage.
pub const WAGE_CHANGE: &str = "wage_change";
/// Attribute: welfare after / welfare before.
pub const WELFARE_RATIO: &str = "welfare_ratio";

/// Group of a parameter sweep (`agglo sweep`, `agglo merge`): one row per point k.
pub const SWEEP: &str = "sweep";
/// `[K, Q]` f64: the swept keys' values at each point; attribute [`NAMES`] gives the keys.
/// (`/sweep/index [K]` u64, the point's global index, reuses [`INDEX`]; `converged [K]` u8,
/// `residual [K]` f64 and `iterations [K]` u64 reuse [`CONVERGED`], [`RESIDUAL`], [`ITERATIONS`].)
pub const PARAMETERS: &str = "parameters";
/// Attribute of `/sweep/parameters`: `[Q]` strings, the dotted config keys of its columns.
pub const NAMES: &str = "names";
/// Attribute of `/sweep`: `[R]` strings, the recorded quantities (`/sweep/<quantity>`) in order.
pub const RECORD: &str = "record";
/// Attribute of `/sweep`: "grid", "latin-hypercube" or "sobol".
pub const DESIGN: &str = "design";
/// Attribute of `/sweep`: "long-run", "short-run" or "spatial" (what each point solves).
pub const SOLVED: &str = "solved";
/// Attribute of `/sweep`: K, the number of points of the whole sweep (all shards).
pub const POINTS: &str = "points";
/// Attribute of `/sweep`: this file's shard (0-based; 0 for a whole sweep or a merge).
pub const SHARD: &str = "shard";
/// Attribute of `/sweep`: the number of shards (1 for a whole sweep or a merge).
pub const NSHARDS: &str = "nshards";
/// Attribute of `/sweep`: SHA-256 (hex) of "agglo VERSION\n" followed by the root `config`
/// attribute: the same in every shard of a sweep.
pub const CONFIG_HASH: &str = "config_hash";
/// `[K]` f64 quantity: sum of squared shares of the reached equilibrium.
pub const HERFINDAHL: &str = "herfindahl";
/// `[K]` f64 quantity: number of long-run equilibria found.
pub const N_EQUILIBRIA: &str = "n_equilibria";
/// `[K]` f64 quantity: number of stable long-run equilibria found.
pub const N_STABLE: &str = "n_stable";
/// `[C]` u8, in unfinished sweep files (`<OUT>.partial`) only: 1 for each chunk written.
/// Its attribute [`CHUNK`] is the number of points per chunk.
pub const DONE: &str = "done";
/// Attribute of `/sweep/done`: points per chunk.
pub const CHUNK: &str = "chunk";

/// Group of a wiggle diagram (`agglo wiggle`): `share [P]` (region 1's share, reusing
/// [`SHARE`]), `parameter [C]` (one value per curve, reusing [`PARAMETER`], with attribute
/// [`PARAMETER_NAME`]), [`REAL_WAGE_GAP`] `[C, P]`, and the located zeros of the gap.
pub const WIGGLE: &str = "wiggle";
/// `[C, P]` f64: omega_1 - omega_2 at each parameter value and share.
pub const REAL_WAGE_GAP: &str = "real_wage_gap";
/// `[Z]` f64: the parameter value of each located zero of the gap (an interior equilibrium).
pub const ZERO_PARAMETER: &str = "zero_parameter";
/// `[Z]` f64: region 1's share at each zero.
pub const ZERO_SHARE: &str = "zero_share";
/// `[Z]` u8: 1 when the gap rises through the zero (an unstable equilibrium).
pub const ZERO_UNSTABLE: &str = "zero_unstable";
/// Group of a calibration (`agglo calibrate`); Q parameters, M residuals.
pub const CALIBRATION: &str = "calibration";
// `/calibration/names [Q]` strings, the dotted config keys, reuse [`NAMES`].
/// `[Q]` f64: the estimates; NaN where the parameter is not identified (see [`IDENTIFIED`]).
pub const ESTIMATE: &str = "estimate";
/// `[Q]` f64: Gauss–Newton standard errors; NaN where not identified or not a least-squares target.
pub const STD_ERROR: &str = "std_error";
/// `[I, Q+1]` f64: per iteration of the best start, the parameters and the best objective.
pub const TRACE: &str = "trace";
/// Attribute of `/calibration` (f64): the objective at the optimum; also `/calibration/optima/objective [K]`.
pub const OBJECTIVE: &str = "objective";
/// Attribute of `/calibration`: "converged", or what is wrong ("not identified: ...", ...).
pub const CALIBRATION_STATUS: &str = "status";
/// Attribute of `/calibration`: "wages", "trade-flows" or "moments".
pub const CALIBRATION_TARGET: &str = "target";
/// Attribute of `/calibration`: the optimiser, e.g. "nelder-mead".
pub const CALIBRATION_METHOD: &str = "method";
/// `[Q]` f64: where the best run stopped, identified or not.
pub const OPTIMUM: &str = "optimum";
/// `[Q]` u8: 1 when the parameter is identified (no flat direction of the objective loads on it).
pub const IDENTIFIED: &str = "identified";
/// `[Q]` f64: the bounds and the configured start.
pub const CALIBRATION_LOWER: &str = "lower";
pub const CALIBRATION_UPPER: &str = "upper";
pub const CALIBRATION_START: &str = "start";
/// `[Q]` f64: singular values of the scaled Jacobian of the residuals, largest first.
pub const SINGULAR_VALUES: &str = "singular_values";
/// `[Q]` f64: the right singular vector of the smallest singular value (scaled units).
pub const WEAKEST_DIRECTION: &str = "weakest_direction";
/// Attribute of `/calibration` (f64): largest over smallest singular value (inf if singular).
pub const CONDITION_NUMBER: &str = "condition_number";
/// Attribute of `/calibration` (f64): s^2 of the Gauss–Newton variance (NaN if not applicable).
pub const RESIDUAL_VARIANCE: &str = "residual_variance";
/// Attribute of `/calibration` (u64): objective evaluations where the model failed (counted as +inf).
pub const FAILED_EVALUATIONS: &str = "failed_evaluations";
/// `[M]` strings: what each residual compares (a location id, "origin->destination", a moment).
pub const LABELS: &str = "labels";
/// `[M]` f64: the model's value at the optimum, in the units the objective compares.
pub const FITTED: &str = "fitted";
/// `[M]` f64 in `/calibration`: the data's value, in the same units. Also the subgroup of
/// `/city` holding an ARSW city's observed data (`residents`, `workers`, `floor_price`).
pub const OBSERVED: &str = "observed";
/// Group of the distinct local optima, best first: `parameters [K, Q]`, `objective [K]`, `reached [K]`.
pub const OPTIMA: &str = "optima";
/// `[K]` u64: how many starts reached each optimum.
pub const REACHED: &str = "reached";
/// Group of the bootstrap over locations: `draws [B, Q]`, `std_dev [Q]`, `interval [Q, 2]`;
/// attributes `replicates` (requested) and `failed`.
pub const BOOTSTRAP: &str = "bootstrap";
pub const DRAWS: &str = "draws";
pub const STD_DEV: &str = "std_dev";
/// `[Q, 2]` f64: the 2.5% and 97.5% percentiles of the draws.
pub const INTERVAL: &str = "interval";
pub const REPLICATES: &str = "replicates";
pub const FAILED: &str = "failed";
// The ARSW city (`model.kind = "arsw"`): everything under `/city`; `/geography` has kind
// "arsw-grid" or "arsw-blocks", ids, coordinates (km) and `area`, no trade costs.
/// Group of an ARSW city's results.
pub const CITY: &str = "city";
/// `[N]` block area (km²) in `/geography` of an ARSW city.
pub const AREA: &str = "area";
/// Attribute of `/city`: "closed" or "open".
pub const CLOSURE: &str = "closure";
/// `[N]` floor space L (in `/city/fundamentals`, with `productivity` a and `amenity` b).
pub const FLOOR_SPACE: &str = "floor_space";
/// Subgroup of `/city`: the equilibrium solved with the recovered fundamentals.
pub const EQUILIBRIUM: &str = "equilibrium";
/// `[N]` residents H_R.
pub const RESIDENTS: &str = "residents";
/// `[N]` workers by workplace H_M.
pub const WORKERS: &str = "workers";
/// `[N]` floor-space price Q.
pub const FLOOR_PRICE: &str = "floor_price";
/// `[N]` expected wage of a block's residents v.
pub const RESIDENT_INCOME: &str = "resident_income";
/// Attribute: expected utility U.
pub const UTILITY: &str = "utility";
/// Attribute: the city's population H.
pub const TOTAL_POPULATION: &str = "total_population";
/// Attribute of `/city/equilibrium`: max relative distance of the equilibrium from the data.
pub const DATA_ERROR: &str = "data_error";
/// Attribute of `/city/inversion` (group, attributes only): max relative error of a forward
/// solve started at the data with the recovered fundamentals.
pub const ROUND_TRIP_ERROR: &str = "round_trip_error";
/// Subgroups of `/city/counterfactual` (which has attribute `shock`).
pub const WITH_SPILLOVERS: &str = "with_spillovers";
pub const WITHOUT_SPILLOVERS: &str = "without_spillovers";
/// `[N]` new / baseline residents, workers and floor prices (wages: `wage_change`).
pub const RESIDENTS_CHANGE: &str = "residents_change";
pub const WORKERS_CHANGE: &str = "workers_change";
pub const FLOOR_PRICE_CHANGE: &str = "floor_price_change";
/// Attribute: new / baseline population (open city; 1 when closed).
pub const POPULATION_RATIO: &str = "population_ratio";
