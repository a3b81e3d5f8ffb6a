//! Every group, dataset and attribute name agglo writes, each defined once. The table in
//! [`super::table`] says what each one holds (type, shape, units, description, commands).
//! Readers (h5py, MATLAB, Julia) may rely on these names.

/// Defines one `pub const NAME: &str` per line and [`ALL_NAMES`], the list of (identifier,
/// value) pairs that `agglo schema --json` prints so that scripts need not repeat them.
macro_rules! names {
    ($($(#[$meta:meta])* $id:ident = $value:literal;)*) => {
        $($(#[$meta])* pub const $id: &str = $value;)*
        /// Every name above as (Rust identifier, value), in definition order.
        pub const ALL_NAMES: &[(&str, &str)] = &[$((stringify!($id), $id)),*];
    };
}

names! {
    /// Attribute of every dataset: its units ("1" when dimensionless).
    UNITS = "units";
    /// Attribute of every dataset: what it holds, in one line.
    DESCRIPTION = "description";

    /// Root attribute: the agglo version that wrote the file.
    AGGLO_VERSION = "agglo_version";
    /// Root attribute: the command line that produced the file.
    COMMAND = "command";
    /// Root attribute: creation time, RFC 3339 UTC.
    CREATED = "created";
    /// Root attribute: the resolved configuration as TOML.
    CONFIG = "config";
    /// Root attribute: 1 once every dataset has been written (files are also renamed into place
    /// only when complete).
    COMPLETE = "complete";

    /// Group of the geography.
    GEOGRAPHY = "geography";
    /// `[N]` strings: region ids.
    IDS = "ids";
    /// `[N, 2]` coordinates where the layout has them.
    COORDINATES = "coordinates";
    /// `[N, N]` iceberg trade costs actually used: written only on request
    /// (`--write-trade-costs`); otherwise [`TRADE_COST_RECIPE`] and the coordinates rebuild them.
    TRADE_COST = "trade_cost";
    /// Attribute of `/geography`: how distance is measured ("euclidean", "great-circle", ...).
    METRIC = "metric";
    /// Attribute of `/geography`: the resolved `[geography]` table (TOML) that built the costs.
    TRADE_COST_RECIPE = "trade_cost_recipe";
    /// Attribute of `/geography`: the input file the geography was read from, as configured.
    SOURCE_FILE = "source_file";
    /// Attribute of `/geography`: SHA-256 (hex) of that input file's bytes.
    SOURCE_SHA256 = "source_sha256";
    /// Attribute of `/geography`: the layout kind.
    KIND = "kind";

    /// Group holding one subgroup per equilibrium, `/equilibria/<k>`.
    EQUILIBRIA = "equilibria";
    /// Attribute of `/equilibria`: `"long-run"` or `"short-run"`.
    HORIZON = "horizon";
    /// Attribute of `/equilibria`: number of equilibria.
    COUNT = "count";
    /// u8 attribute of a long-run `/equilibria`: 1 when the equilibria are a continuum (every
    /// split of the mobile factor an equilibrium, as at T = 1): the subgroups are points of
    /// it and `count` is not the number of equilibria.
    CONTINUUM = "continuum";
    /// `[N]` worker shares lambda.
    SHARE = "share";
    /// `[N]` nominal wages.
    WAGE = "wage";
    /// `[N]` manufacturing price indices G.
    PRICE_INDEX = "price_index";
    /// `[N]` real wages omega.
    REAL_WAGE = "real_wage";
    /// `[N]` incomes Y.
    INCOME = "income";
    /// `[M, 2]` eigenvalues (re, im) of the migration dynamics (long run only).
    EIGENVALUES = "eigenvalues";
    /// Equilibrium attribute: 1 if stable (long run only).
    STABLE = "stable";
    /// Equilibrium attribute: number of unstable eigenvalues (long run only).
    N_UNSTABLE = "n_unstable";
    /// Equilibrium attribute: 1 if the tolerance was met.
    CONVERGED = "converged";
    /// Equilibrium attribute: iterations used.
    ITERATIONS = "iterations";
    /// Equilibrium attribute: final residual.
    RESIDUAL = "residual";
    /// Equilibrium attribute: solver name.
    SOLVER = "solver";
    /// Equilibrium attribute: seconds spent.
    SECONDS = "seconds";

    /// Group of closed-form results of the two-region model (attributes only).
    CLOSED_FORM = "closed_form";
    /// Attributes of `/closed_form`.
    BREAK_TRADE_COST = "break_trade_cost";
    SUSTAIN_TRADE_COST = "sustain_trade_cost";
    BREAK_FREENESS = "break_freeness";
    SUSTAIN_FREENESS = "sustain_freeness";
    NO_BLACK_HOLE = "no_black_hole";

    /// Group holding one subgroup per continuation branch, `/branches/<b>` (b = 0, 1, ...).
    BRANCHES = "branches";
    /// `[P]` f64: the continuation parameter at each point of a branch.
    PARAMETER = "parameter";
    /// `[P, N]` f64: shares of the mobile factor at each point of a branch.
    STATE = "state";
    // A branch's `stable [P]` u8 (0/1) and `n_unstable [P]` u64 reuse [`STABLE`] and [`N_UNSTABLE`].
    /// Branch attribute: the dotted config key continued along, e.g. `"geography.trade-cost"`.
    PARAMETER_NAME = "parameter_name";
    /// Branch attribute (optional): the support, the occupied regions (1-based), e.g. `"1,2"`.
    SUPPORT = "support";

    /// Group of the special points found along the branches (one entry per point, `[S]` each).
    /// `kind` ([`KIND`]) holds strings: "break", "sustain", "fold", "branch-point", "hopf".
    SPECIAL_POINTS = "special_points";
    /// `[S]` u64: the branch (the `<b>` of `/branches/<b>`) a special point lies on.
    BRANCH = "branch";
    /// `[S]` u64: index of the branch point nearest the special point.
    INDEX = "index";
    /// `[S]` f64: lower end of the parameter bracket the special point was located in.
    BRACKET_LOW = "bracket_low";
    /// `[S]` f64: upper end of that bracket.
    BRACKET_HIGH = "bracket_high";
    /// `[S]` f64: the y value (the plotted share) to mark the special point at.
    VALUE = "value";
    /// `[S]` u64: Fourier mode of the critical direction (racetracks), 0 when none.
    MODE = "mode";
    /// Branch attribute: why tracing stopped.
    END = "end";

    /// Group of location fundamentals (spatial models).
    FUNDAMENTALS = "fundamentals";
    /// `[N]` productivity Abar (spatial models).
    PRODUCTIVITY = "productivity";
    /// `[N]` amenity ubar (spatial models).
    AMENITY = "amenity";
    /// `[N]` population in levels (spatial models).
    POPULATION = "population";
    /// `[N]` welfare of each location's residents; also an attribute (the first location's).
    WELFARE = "welfare";
    /// Attribute of `/equilibria` (spatial models): 1 when the equilibrium is known to be unique.
    UNIQUE = "unique";
    /// Attribute of `/equilibria` (spatial models): the uniqueness condition as a sentence.
    UNIQUENESS = "uniqueness";

    /// Group of the inversion's check (attributes only).
    INVERSION = "inversion";
    /// Attribute of `/inversion`: max relative error of the forward solve's population shares.
    POPULATION_ERROR = "population_error";
    /// Attribute of `/inversion`: max relative error of the forward solve's relative wages.
    WAGE_ERROR = "wage_error";
    /// Group of a counterfactual, with subgroups [`LEVELS`] and [`HAT`].
    COUNTERFACTUAL = "counterfactual";
    /// Attribute of `/counterfactual`: the shock, in words.
    SHOCK = "shock";
    /// Subgroup: the counterfactual re-solved in levels.
    LEVELS = "levels";
    /// Subgroup: the counterfactual by exact hat algebra.
    HAT = "hat";
    /// `[N]` new population / baseline population.
    POPULATION_CHANGE = "population_change";
    /// `[N]` new wage / baseline wage.
    WAGE_CHANGE = "wage_change";
    /// Attribute: welfare after / welfare before.
    WELFARE_RATIO = "welfare_ratio";

    /// Group of a parameter sweep (`agglo sweep`, `agglo merge`): one row per point k.
    SWEEP = "sweep";
    /// `[K, Q]` f64: the swept keys' values at each point; attribute [`NAMES`] gives the keys.
    /// (`/sweep/index [K]` u64, the point's global index, reuses [`INDEX`]; `converged [K]` u8,
    /// `residual [K]` f64 and `iterations [K]` u64 reuse [`CONVERGED`], [`RESIDUAL`], [`ITERATIONS`].)
    PARAMETERS = "parameters";
    /// Attribute of `/sweep/parameters`: `[Q]` strings, the dotted config keys of its columns.
    NAMES = "names";
    /// Attribute of `/sweep`: `[R]` strings, the recorded quantities (`/sweep/<quantity>`) in order.
    RECORD = "record";
    /// Attribute of `/sweep`: "grid", "latin-hypercube" or "sobol".
    DESIGN = "design";
    /// Attribute of `/sweep`: "long-run", "short-run" or "spatial" (what each point solves).
    SOLVED = "solved";
    /// Attribute of `/sweep`: K, the number of points of the whole sweep (all shards).
    POINTS = "points";
    /// Attribute of `/sweep`: this file's shard (0-based; 0 for a whole sweep or a merge).
    SHARD = "shard";
    /// Attribute of `/sweep`: the number of shards (1 for a whole sweep or a merge).
    NSHARDS = "nshards";
    /// Attribute of `/sweep`: SHA-256 (hex) of "agglo VERSION\n" followed by the root `config`
    /// attribute: the same in every shard of a sweep.
    CONFIG_HASH = "config_hash";
    /// `[K]` f64 quantity: sum of squared shares of the reached equilibrium.
    HERFINDAHL = "herfindahl";
    /// `[K]` f64 quantity: number of long-run equilibria found.
    N_EQUILIBRIA = "n_equilibria";
    /// `[K]` f64 quantity: number of stable long-run equilibria found.
    N_STABLE = "n_stable";
    /// `[C]` u8, in unfinished sweep files (`<OUT>.partial`) only: 1 for each chunk written.
    /// Its attribute [`CHUNK`] is the number of points per chunk.
    DONE = "done";
    /// Attribute of `/sweep/done`: points per chunk.
    CHUNK = "chunk";

    /// Group of a wiggle diagram (`agglo wiggle`): `share [P]` (region 1's share, reusing
    /// [`SHARE`]), `parameter [C]` (one value per curve, reusing [`PARAMETER`], with attribute
    /// [`PARAMETER_NAME`]), [`REAL_WAGE_GAP`] `[C, P]`, and the located zeros of the gap.
    WIGGLE = "wiggle";
    /// `[C, P]` f64: omega_1 - omega_2 at each parameter value and share.
    REAL_WAGE_GAP = "real_wage_gap";
    /// `[Z]` f64: the parameter value of each located zero of the gap (an interior equilibrium).
    ZERO_PARAMETER = "zero_parameter";
    /// `[Z]` f64: region 1's share at each zero.
    ZERO_SHARE = "zero_share";
    /// `[Z]` u8: 1 when the gap rises through the zero (an unstable equilibrium).
    ZERO_UNSTABLE = "zero_unstable";
    /// Group of a calibration (`agglo calibrate`); Q parameters, M residuals.
    CALIBRATION = "calibration";
    // `/calibration/names [Q]` strings, the dotted config keys, reuse [`NAMES`].
    /// `[Q]` f64: the estimates; NaN where the parameter is not identified (see [`IDENTIFIED`]).
    ESTIMATE = "estimate";
    /// `[Q]` f64: Gauss–Newton standard errors; NaN where not identified or not a least-squares target.
    STD_ERROR = "std_error";
    /// `[I, Q+1]` f64: per iteration of the best start, the parameters and the best objective.
    TRACE = "trace";
    /// Attribute of `/calibration` (f64): the objective at the optimum; also `/calibration/optima/objective [K]`.
    OBJECTIVE = "objective";
    /// Attribute of `/calibration`: "converged", or what is wrong ("not identified: ...", ...).
    CALIBRATION_STATUS = "status";
    /// Attribute of `/calibration`: "wages", "trade-flows" or "moments".
    CALIBRATION_TARGET = "target";
    /// Attribute of `/calibration`: the optimiser, e.g. "nelder-mead".
    CALIBRATION_METHOD = "method";
    /// `[Q]` f64: where the best run stopped, identified or not.
    OPTIMUM = "optimum";
    /// `[Q]` u8: 1 when the parameter is identified (no flat direction of the objective loads on it).
    IDENTIFIED = "identified";
    /// `[Q]` f64: the bounds and the configured start.
    CALIBRATION_LOWER = "lower";
    CALIBRATION_UPPER = "upper";
    CALIBRATION_START = "start";
    /// `[Q]` f64: singular values of the scaled Jacobian of the residuals, largest first.
    SINGULAR_VALUES = "singular_values";
    /// `[Q]` f64: the right singular vector of the smallest singular value (scaled units).
    WEAKEST_DIRECTION = "weakest_direction";
    /// Attribute of `/calibration` (f64): largest over smallest singular value (inf if singular).
    CONDITION_NUMBER = "condition_number";
    /// Attribute of `/calibration` (f64): s^2 of the Gauss–Newton variance (NaN if not applicable).
    RESIDUAL_VARIANCE = "residual_variance";
    /// Attribute of `/calibration` (u64): objective evaluations where the model failed (counted as +inf).
    FAILED_EVALUATIONS = "failed_evaluations";
    /// `[M]` strings: what each residual compares (a location id, "origin->destination", a moment).
    LABELS = "labels";
    /// `[M]` f64: the model's value at the optimum, in the units the objective compares.
    FITTED = "fitted";
    /// `[M]` f64 in `/calibration`: the data's value, in the same units. Also the subgroup of
    /// `/city` holding an ARSW city's observed data (`residents`, `workers`, `floor_price`).
    OBSERVED = "observed";
    /// Group of the distinct local optima, best first: `parameters [K, Q]`, `objective [K]`, `reached [K]`.
    OPTIMA = "optima";
    /// `[K]` u64: how many starts reached each optimum.
    REACHED = "reached";
    /// Group of the bootstrap over locations: `draws [B, Q]`, `std_dev [Q]`, `interval [Q, 2]`;
    /// attributes `replicates` (requested) and `failed`.
    BOOTSTRAP = "bootstrap";
    DRAWS = "draws";
    STD_DEV = "std_dev";
    /// `[Q, 2]` f64: the 2.5% and 97.5% percentiles of the draws.
    INTERVAL = "interval";
    REPLICATES = "replicates";
    FAILED = "failed";
    // The ARSW city (`model.kind = "arsw"`): everything under `/city`; `/geography` has kind
    // "arsw-grid" or "arsw-blocks", ids, coordinates (km) and `area`, no trade costs.
    /// Group of an ARSW city's results.
    CITY = "city";
    /// `[N]` block area (km²) in `/geography` of an ARSW city.
    AREA = "area";
    /// Attribute of `/city`: "closed" or "open".
    CLOSURE = "closure";
    /// `[N]` floor space L (in `/city/fundamentals`, with `productivity` a and `amenity` b).
    FLOOR_SPACE = "floor_space";
    /// Subgroup of `/city`: the equilibrium solved with the recovered fundamentals.
    EQUILIBRIUM = "equilibrium";
    /// `[N]` residents H_R.
    RESIDENTS = "residents";
    /// `[N]` workers by workplace H_M.
    WORKERS = "workers";
    /// `[N]` floor-space price Q.
    FLOOR_PRICE = "floor_price";
    /// `[N]` expected wage of a block's residents v.
    RESIDENT_INCOME = "resident_income";
    /// Attribute: expected utility U.
    UTILITY = "utility";
    /// Attribute: the city's population H.
    TOTAL_POPULATION = "total_population";
    /// `[N]` commercial share of a block's floor space theta = L_M / L.
    COMMERCIAL_SHARE = "commercial_share";
    /// `[N]` mean commuting minutes of a block's residents.
    COMMUTING_TIME = "commuting_time";
    /// Attribute: output of the final good, sum w H_M / alpha.
    GDP = "gdp";
    /// Attribute: total floor-space rent, sum Q L.
    LAND_RENT = "land_rent";
    /// Attribute: floor-space-weighted mean floor price, sum Q L / sum L.
    MEAN_FLOOR_PRICE = "mean_floor_price";
    /// Attribute: mean commuting minutes over the city's workers.
    MEAN_COMMUTING_TIME = "mean_commuting_time";
    /// Attribute of `/city/equilibrium`: max relative distance of the equilibrium from the data.
    DATA_ERROR = "data_error";
    /// Attribute of `/city/inversion` (group, attributes only): max relative error of a forward
    /// solve started at the data with the recovered fundamentals.
    ROUND_TRIP_ERROR = "round_trip_error";
    /// Subgroups of `/city/counterfactual` (which has attribute `shock`).
    WITH_SPILLOVERS = "with_spillovers";
    WITHOUT_SPILLOVERS = "without_spillovers";
    /// `[N]` new / baseline residents, workers and floor prices (wages: `wage_change`).
    RESIDENTS_CHANGE = "residents_change";
    WORKERS_CHANGE = "workers_change";
    FLOOR_PRICE_CHANGE = "floor_price_change";
    /// Attribute: new / baseline population (open city; 1 when closed).
    POPULATION_RATIO = "population_ratio";
    // MRRH (`model.kind = "mrrh"`): everything under `/mrrh`.
    /// Group of an MRRH model's results.
    MRRH = "mrrh";
    /// `[N]` land area H_n (in `/mrrh/fundamentals`).
    LAND = "land";
    /// `[N]` price of land Q_n.
    LAND_PRICE = "land_price";
    /// Attribute of `/mrrh/counterfactual`: max relative difference of levels and hat algebra.
    LEVELS_VS_HAT = "levels_vs_hat";
    /// `[K]` of `/sweep`: share of workers commuting out of their location (MRRH).
    COMMUTER_SHARE = "commuter_share";
    /// `[K]` of `/sweep`: Ubar'/Ubar of the `[counterfactual]` at each point (MRRH).
    WELFARE_CHANGE = "welfare_change";
    // Several industries (`model.kind = "puga-venables"`): everything under `/industries`.
    /// Group of a several-industry model's equilibria along a parameter (its `parameter [P]`
    /// reuses [`PARAMETER`], its `wage`, `price_index`, `n_unstable`, `residual` the usual names).
    INDUSTRIES = "industries";
    /// `[J]` f64: each industry's sigma_j, mu_j and alpha_j.
    SIGMA = "sigma";
    MU = "mu";
    ALPHA = "alpha";
    /// `[P, J, N]` f64: numbers of firms n_jr.
    FIRMS = "firms";
    /// `[P, J, N]` f64: n_jr / sum_s n_js, each industry's share of its firms in each region.
    INDUSTRY_SHARE = "industry_share";
    /// `[P, N]` u64: how many industries have firms in each region.
    PRESENT = "present";
    /// Subgroup of `/industries`: the located changes of the occupied cells, `[S]` each.
    STEPS = "steps";
    /// `[S]` u64: the industry (1-based) of a step point.
    INDUSTRY = "industry";
    /// `[S]` u64: the region (1-based) of a step point.
    REGION = "region";
    /// `[S]` f64: the event value at the bracket's ends (entry: the cell's profit; exit: its share).
    VALUE_LOW = "value_low";
    VALUE_HIGH = "value_high";
}
