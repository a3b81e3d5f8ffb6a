#!/usr/bin/env python3
"""Check an agglo results file from Python, read with h5py, against agglo's schema table.

    python3 scripts/check_h5.py [--agglo BINARY | --schema SCHEMA.json] agglo-out.h5 [MORE.h5 ...]

The names, types and shapes come from `agglo schema --json` (BINARY: --agglo, else $AGGLO,
else target/debug or target/release of this repository, else `agglo` on the PATH): every
group, dataset and attribute of the file must be a row of that table, of its type and rank,
and every dataset must carry `units` and `description`. Then the contents are checked: `agglo solve`'s equilibria (long run, short run, or a spatial model's
with `/fundamentals`), `/branches` and `/special_points` of `agglo bifurcate`, `/sweep` of `agglo sweep` and
`agglo merge` (rows of every dataset, NaN only where not converged), `/inversion` of
`agglo invert`, `/calibration` of `agglo calibrate` and `/counterfactual/{levels,hat}` of `agglo counterfactual`, when present.
ARSW city files (model.kind = "arsw") hold `/city` instead of `/equilibria`: fundamentals,
observed data, the equilibrium (floor market clearing checked against the config's alpha,
beta), the inversion's round trip and `/city/counterfactual/{with,without}_spillovers` (changes
against the baseline, welfare ratio = utility ratio in a closed city).
Checks shapes ([N] vectors with N = len(/geography/ids), trade_cost [N,N], eigenvalues
[M,2]), finiteness, shares summing to 1, stability flags agreeing with the eigenvalues,
derived quantities agreeing with what they derive from (share = population / total,
income = population * wage, changes and welfare ratios against the baseline), the
counterfactual's two methods (levels, hat algebra) agreeing to a relative 1e-6, and that the
`config` attribute is valid TOML. Prints a short summary per file; on any problem prints
every problem found and exits with status 1 (status 2: bad usage, or h5py/numpy missing).
"""

import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import tomllib
from datetime import datetime

try:
    import h5py
    import numpy as np
except ImportError as exc:  # pragma: no cover - depends on the machine
    print(f"check_h5.py: cannot import h5py/numpy ({exc}); run scripts/setup.sh", file=sys.stderr)
    sys.exit(2)

# Names (SHARE = "share", ...), types and shapes come from the binary's schema table
# (`agglo schema --json`, src/output/schema/): use_schema() makes each name a module constant.
SCHEMA = None
SPECIAL_KINDS = ("break", "sustain", "fold", "branch-point", "hopf")
ARSW_LAYOUTS = ("arsw-grid", "arsw-blocks")
SWEEP_DESIGNS = ("grid", "latin-hypercube", "sobol")
CALIBRATION_TARGETS = ("wages", "trade-flows", "moments")
SHARE_SUM_TOLERANCE = 1e-9  # src/model/shares.rs
UNSTABLE_THRESHOLD = 1e-11  # src/stability.rs: eigenvalues with re above this are unstable
SPATIAL = "spatial"  # the horizon attribute of a spatial model's /equilibria
HORIZONS = ("long-run", "short-run", SPATIAL)
DERIVED_TOLERANCE = 1e-12  # relative: values the writer derives from others (share, income, changes)
METHODS_TOLERANCE = 1e-6  # relative: counterfactual in levels vs by hat algebra


def load_schema(agglo=None, schema_file=None):
    """The schema table: from a JSON file, or by running `AGGLO schema --json` (AGGLO: the
    argument, else $AGGLO, else target/debug/agglo or target/release/agglo of this repository,
    else `agglo` on the PATH)."""
    if schema_file is not None:
        with open(schema_file, encoding="utf-8") as fh:
            return json.load(fh)
    if agglo is None:
        agglo = os.environ.get("AGGLO")
    if agglo is None:
        repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        built = [os.path.join(repo, "target", kind, "agglo") for kind in ("debug", "release")]
        built = [b for b in built if os.path.isfile(b)]
        agglo = max(built, key=os.path.getmtime) if built else shutil.which("agglo")
    if agglo is None:
        raise SystemExit("check_h5.py: no agglo binary to read the schema from: pass --agglo PATH or set AGGLO")
    out = subprocess.run([agglo, "schema", "--json"], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"check_h5.py: {agglo} schema --json failed: {out.stderr.strip()}")
    return json.loads(out.stdout)


def use_schema(schema):
    """Makes every schema name a module constant (SHARE = "share", ...) and derives the
    lists of names the checks use."""
    g = globals()
    g.update(schema["names"])
    g["SCHEMA"] = schema
    g["LONG_RUN_ONLY"] = (EIGENVALUES, STABLE, N_UNSTABLE)
    g["SPATIAL_ONLY"] = (POPULATION, WELFARE)  # datasets of a spatial equilibrium only
    g["COUNTERFACTUAL_DATASETS"] = (POPULATION, WAGE, WELFARE, POPULATION_CHANGE, WAGE_CHANGE)
    g["SWEEP_SCALARS"] = tuple(
        e["name"] for e in schema["entries"]
        if e["kind"] == "dataset" and e["parent"] == f"/{SWEEP}" and e["shape"] == ["K"]
    )


def pattern_matches(pattern, path):
    a = [s for s in pattern.split("/") if s]
    b = [s for s in path.split("/") if s]
    return len(a) == len(b) and all((p.startswith("<") and p.endswith(">")) or p == s for p, s in zip(a, b))


def schema_row(kind, parent, name):
    """The schema row of the `kind` named `name` in the object at `parent` (a row named
    `<k>` stands for any group name), or None."""
    rows = [e for e in SCHEMA["entries"] if e["kind"] == kind and pattern_matches(e["parent"], parent)]
    for e in rows:
        if e["name"] == name:
            return e
    for e in rows:
        if e["name"].startswith("<") and e["name"].endswith(">"):
            return e
    return None


def dtype_matches(want, dtype):
    if want == "string":
        info = h5py.check_string_dtype(dtype)
        return info is not None and info.encoding == "utf-8"
    return dtype == {"f64": np.float64, "u64": np.uint64, "u8": np.uint8}[want]


def check_layout(c, f, n):
    """Every group, dataset and attribute of the file is a row of the schema table, with
    its type and rank; literal dimensions and N (= len(/geography/ids)) hold, and a symbol
    has one length within a group; every dataset carries non-empty `units` and
    `description` strings."""
    bound = {}

    def attrs_of(obj, is_dataset):
        for name in obj.attrs:
            where = f"{obj.name}@{name}" if obj.name != "/" else f"/@{name}"
            aid = obj.attrs.get_id(name)
            if is_dataset and name in SCHEMA["dataset_attributes"]:
                if h5py.check_string_dtype(aid.dtype) is None or aid.shape != ():
                    c.fail(where, "expected a string")
                continue
            row = schema_row("attribute", obj.name, name)
            if row is None:
                c.fail(where, "not in agglo's schema table (agglo schema)")
            elif not dtype_matches(row["type"], aid.dtype) or len(aid.shape) != len(row["shape"]):
                c.fail(where, f"{aid.dtype} of shape {list(aid.shape)}, the schema says {row['type']} {row['shape']}")

    def visit(_, obj):
        parent, last = obj.name.rsplit("/", 1)
        parent = parent or "/"
        is_dataset = isinstance(obj, h5py.Dataset)
        row = schema_row("dataset" if is_dataset else "group", parent, last)
        if row is None:
            c.fail(obj.name, f"a {'dataset' if is_dataset else 'group'} not in agglo's schema table (agglo schema)")
            return
        attrs_of(obj, is_dataset)
        if not is_dataset:
            return
        if not dtype_matches(row["type"], obj.dtype) or len(obj.shape) != len(row["shape"]):
            c.fail(obj.name, f"{obj.dtype} of shape {list(obj.shape)}, the schema says {row['type']} {row['shape']}")
            return
        for symbol, length in zip(row["shape"], obj.shape):
            if symbol.isdigit() and int(symbol) != length:
                c.fail(obj.name, f"shape {list(obj.shape)}, the schema says {row['shape']}")
            elif symbol == "N" and n is not None and length != n:
                c.fail(obj.name, f"shape {list(obj.shape)}: N = {length}, but /{GEOGRAPHY}/{IDS} has {n} regions")
            elif symbol.isalpha() and symbol != "N":
                seen = bound.setdefault((parent, symbol), (length, obj.name))
                if seen[0] != length:
                    c.fail(obj.name, f"{symbol} = {length} here but {seen[0]} in {seen[1]}")
        for name in SCHEMA["dataset_attributes"]:
            if name not in obj.attrs:
                c.fail(obj.name, f"missing attribute '{name}'")
            elif name == DESCRIPTION and not str(obj.attrs[name]):
                c.fail(f"{obj.name}@{name}", "empty string")

    attrs_of(f, False)
    f.visititems(visit)


class Check:
    """Collects problems as (location, message) instead of stopping at the first."""

    def __init__(self):
        self.problems = []

    def fail(self, where, message):
        self.problems.append(f"{where}: {message}")
        return None

    # -- attributes -------------------------------------------------------------------

    def attr(self, obj, name):
        if name not in obj.attrs:
            return self.fail(obj.name, f"missing attribute '{name}'")
        return obj.attrs[name]

    def str_attr(self, obj, name, allow_empty=False):
        v = self.attr(obj, name)
        if v is None:
            return None
        if isinstance(v, (bytes, np.bytes_)):
            v = v.decode("utf-8")
        if not isinstance(v, str):
            return self.fail(f"{obj.name}@{name}", f"expected a string, found {type(v).__name__}")
        if not v and not allow_empty:
            return self.fail(f"{obj.name}@{name}", "empty string")
        return v

    def int_attr(self, obj, name, minimum=0):
        v = self.attr(obj, name)
        if v is None:
            return None
        if not isinstance(v, (int, np.integer, np.bool_)):
            return self.fail(f"{obj.name}@{name}", f"expected an integer, found {v!r}")
        v = int(v)
        if v < minimum:
            return self.fail(f"{obj.name}@{name}", f"{v} < {minimum}")
        return v

    def flag_attr(self, obj, name):
        v = self.int_attr(obj, name)
        if v is not None and v not in (0, 1):
            return self.fail(f"{obj.name}@{name}", f"expected 0 or 1, found {v}")
        return v

    def float_attr(self, obj, name, finite=True, minimum=None):
        v = self.attr(obj, name)
        if v is None:
            return None
        if not isinstance(v, (float, int, np.floating, np.integer)):
            return self.fail(f"{obj.name}@{name}", f"expected a number, found {v!r}")
        v = float(v)
        if finite and not math.isfinite(v):
            return self.fail(f"{obj.name}@{name}", f"not finite ({v})")
        if minimum is not None and math.isfinite(v) and v < minimum:
            return self.fail(f"{obj.name}@{name}", f"{v} < {minimum}")
        return v

    # -- datasets ---------------------------------------------------------------------

    def dataset(self, group, name):
        if name not in group:
            return self.fail(group.name, f"missing dataset '{name}'")
        ds = group[name]
        if not isinstance(ds, h5py.Dataset):
            return self.fail(ds.name, "expected a dataset, found a group")
        return ds

    def array(self, group, name, shape):
        """A finite float array of exactly `shape` (None entries match any length)."""
        ds = self.dataset(group, name)
        if ds is None:
            return None
        if len(ds.shape) != len(shape) or any(s is not None and s != d for s, d in zip(shape, ds.shape)):
            want = "[" + ", ".join("*" if s is None else str(s) for s in shape) + "]"
            return self.fail(ds.name, f"shape {list(ds.shape)}, expected {want}")
        if ds.dtype.kind != "f":
            return self.fail(ds.name, f"dtype {ds.dtype}, expected floating point")
        data = ds[()]
        bad = np.count_nonzero(~np.isfinite(data))
        if bad:
            return self.fail(ds.name, f"{bad} non-finite values")
        return data


def max_relative(a, b):
    """max |a - b| / |b| (0 where both are 0)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = np.where(b == 0, 1.0, np.abs(b))
    return float(np.max(np.abs(a - b) / scale, initial=0.0))


def positive_array(c, group, name, n):
    """A finite [n] array of values > 0."""
    v = c.array(group, name, (n,))
    if v is not None and np.any(v <= 0):
        c.fail(f"{group.name}/{name}", f"non-positive values (min {v.min()})")
        return None
    return v


def nonnegative_array(c, group, name, n):
    """A finite [n] array of values >= 0 (an ARSW city's blocks may have one use only)."""
    v = c.array(group, name, (n,))
    if v is not None and np.any(v < 0):
        c.fail(f"{group.name}/{name}", f"negative values (min {v.min()})")
        return None
    return v


def check_stats(c, e):
    """The solver attributes every equilibrium (and counterfactual) group carries."""
    converged = c.flag_attr(e, CONVERGED)
    c.int_attr(e, ITERATIONS)
    residual = c.float_attr(e, RESIDUAL, minimum=0.0)
    solver = c.str_attr(e, SOLVER)
    c.float_attr(e, SECONDS, minimum=0.0)
    return converged, residual, solver


def check_root(c, f):
    c.str_attr(f, AGGLO_VERSION)
    command = c.str_attr(f, COMMAND)
    created = c.str_attr(f, CREATED)
    if created is not None:
        try:
            datetime.fromisoformat(created)
        except ValueError:
            c.fail(f"/@{CREATED}", f"'{created}' is not an RFC 3339 / ISO 8601 time")
    config = None
    text = c.str_attr(f, CONFIG)
    if text is not None:
        try:
            config = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            c.fail(f"/@{CONFIG}", f"not valid TOML: {exc}")
        else:
            for section in ("model", "geography"):
                if not isinstance(config.get(section), dict):
                    c.fail(f"/@{CONFIG}", f"has no [{section}] table")
    complete = c.flag_attr(f, COMPLETE)
    if complete == 0:
        c.fail(f"/@{COMPLETE}", "is 0: the run that wrote this file did not finish")
    return command, created, config


def check_geography(c, f):
    g = f.get(GEOGRAPHY)
    if not isinstance(g, h5py.Group):
        c.fail("/", f"missing group '{GEOGRAPHY}'")
        return None, None, []
    kind = c.str_attr(g, KIND)
    ids = c.dataset(g, IDS)
    if ids is None:
        return kind, None, []
    if len(ids.shape) != 1 or h5py.check_string_dtype(ids.dtype) is None:
        c.fail(ids.name, f"expected a 1-D array of strings, found shape {list(ids.shape)} dtype {ids.dtype}")
        return kind, None, []
    id_list = list(ids.asstr()[()])
    n = len(id_list)
    if n == 0:
        c.fail(ids.name, "no regions")
    if len(set(id_list)) != n:
        c.fail(ids.name, "ids are not unique")
    stored = []
    if COORDINATES in g:
        if c.array(g, COORDINATES, (n, 2)) is not None:
            stored.append(f"{COORDINATES} [{n},2]")
    if kind in ARSW_LAYOUTS:
        if positive_array(c, g, AREA, n) is not None:
            stored.append(f"{AREA} [{n}]")
    else:
        if c.str_attr(g, METRIC) is not None:
            recipe = c.str_attr(g, TRADE_COST_RECIPE)
            if recipe is not None:
                try:
                    table = tomllib.loads(recipe)
                except tomllib.TOMLDecodeError as exc:
                    c.fail(f"{g.name}@{TRADE_COST_RECIPE}", f"not valid TOML: {exc}")
                else:
                    if table.get("kind", "two-region") != kind:
                        c.fail(f"{g.name}@{TRADE_COST_RECIPE}", f"kind {table.get('kind')!r}, but {g.name}@{KIND} is {kind!r}")
                    stored.append(f"recipe {table.get('kind', 'two-region')}")
            if (SOURCE_FILE in g.attrs) != (SOURCE_SHA256 in g.attrs):
                c.fail(g.name, f"{SOURCE_FILE} and {SOURCE_SHA256} come together")
            elif SOURCE_SHA256 in g.attrs:
                digest = c.str_attr(g, SOURCE_SHA256)
                if digest is not None and (len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest)):
                    c.fail(f"{g.name}@{SOURCE_SHA256}", f"'{digest}' is not a SHA-256 in hex")
    if TRADE_COST in g and kind not in ARSW_LAYOUTS:
        t = c.array(g, TRADE_COST, (n, n))
        if t is not None:
            stored.append(f"{TRADE_COST} [{n},{n}]")
            if np.any(t < 1.0):
                c.fail(f"{g.name}/{TRADE_COST}", f"entries below 1 (min {t.min()}): iceberg costs are >= 1")
            if np.any(np.diag(t) != 1.0):
                c.fail(f"{g.name}/{TRADE_COST}", "diagonal is not 1")
    return kind, n, stored


def check_equilibrium(c, e, n, horizon):
    if horizon == SPATIAL:
        return check_spatial_equilibrium(c, e, n)
    share = c.array(e, SHARE, (n,))
    if share is not None:
        if np.any(share < 0):
            c.fail(f"{e.name}/{SHARE}", f"negative shares (min {share.min()})")
        total = float(np.sum(share))
        if abs(total - 1.0) > SHARE_SUM_TOLERANCE + 4 * n * np.finfo(float).eps:
            c.fail(f"{e.name}/{SHARE}", f"sums to {total!r}, expected 1 within {SHARE_SUM_TOLERANCE}")
    for name in (WAGE, PRICE_INDEX, REAL_WAGE):
        v = c.array(e, name, (n,))
        if v is not None and np.any(v <= 0):
            c.fail(f"{e.name}/{name}", f"non-positive values (min {v.min()})")
    income = c.array(e, INCOME, (n,))
    if income is not None and np.any(income < 0):
        c.fail(f"{e.name}/{INCOME}", f"negative values (min {income.min()})")

    converged, residual, solver = check_stats(c, e)

    stable = None
    if horizon == "long-run":
        ev = c.array(e, EIGENVALUES, (None, 2))
        stable = c.flag_attr(e, STABLE)
        n_unstable = c.int_attr(e, N_UNSTABLE)
        if ev is not None:
            if ev.shape[0] != n - 1:
                c.fail(f"{e.name}/{EIGENVALUES}", f"{ev.shape[0]} eigenvalues, expected N - 1 = {n - 1}")
            counted = int(np.count_nonzero(ev[:, 0] > UNSTABLE_THRESHOLD))
            if n_unstable is not None and n_unstable != counted:
                c.fail(e.name, f"{N_UNSTABLE} = {n_unstable} but {counted} eigenvalues have re > {UNSTABLE_THRESHOLD}")
        if stable is not None and n_unstable is not None and stable != (n_unstable == 0):
            c.fail(e.name, f"{STABLE} = {stable} disagrees with {N_UNSTABLE} = {n_unstable}")
    else:
        for name in LONG_RUN_ONLY:
            if name in e or name in e.attrs:
                c.fail(e.name, f"'{name}' is written only for long-run equilibria, but horizon is {horizon}")
    for name in SPATIAL_ONLY:
        if name in e:
            c.fail(e.name, f"'{name}' is written only for spatial equilibria, but horizon is {horizon}")
    return converged, residual, solver, stable


def check_spatial_equilibrium(c, e, n):
    """`/equilibria/<k>` of a spatial model: population in levels and what derives from it."""
    population = positive_array(c, e, POPULATION, n)
    share = c.array(e, SHARE, (n,))
    wage = positive_array(c, e, WAGE, n)
    positive_array(c, e, PRICE_INDEX, n)
    income = positive_array(c, e, INCOME, n)
    welfare = positive_array(c, e, WELFARE, n)
    if share is not None:
        total = float(np.sum(share))
        if np.any(share < 0) or abs(total - 1.0) > SHARE_SUM_TOLERANCE + 4 * n * np.finfo(float).eps:
            c.fail(f"{e.name}/{SHARE}", f"sums to {total!r} (min {share.min()}), expected shares summing to 1")
        if population is not None:
            err = max_relative(share, population / np.sum(population))
            if err > DERIVED_TOLERANCE:
                c.fail(f"{e.name}/{SHARE}", f"differs from {POPULATION} / its total by {err:.2e} (relative)")
    if income is not None and population is not None and wage is not None:
        err = max_relative(income, population * wage)
        if err > DERIVED_TOLERANCE:
            c.fail(f"{e.name}/{INCOME}", f"differs from {POPULATION} * {WAGE} by {err:.2e} (relative)")
    w = c.float_attr(e, WELFARE, minimum=0.0)
    if w is not None and welfare is not None and n and w != welfare[0]:
        c.fail(f"{e.name}@{WELFARE}", f"{w!r}, but the first location's {WELFARE} is {welfare[0]!r}")
    converged, residual, solver = check_stats(c, e)
    for name in (REAL_WAGE,) + LONG_RUN_ONLY:
        if name in e or name in e.attrs:
            c.fail(e.name, f"'{name}' is not written for spatial equilibria")
    return converged, residual, solver, None


def strings(ds):
    return [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in ds[()]]


def check_calibration(c, f):
    """`/calibration` of `agglo calibrate`: Q parameters, M residuals; NaN only where flagged
    (estimate where identified = 0, std_error where no standard error applies)."""
    g = f.get(CALIBRATION)
    if g is None:
        return None
    if not isinstance(g, h5py.Group):
        return c.fail(f"/{CALIBRATION}", "expected a group")
    names_ds = c.dataset(g, NAMES)
    if names_ds is None:
        return None
    names = strings(names_ds)
    q = len(names)
    ident = c.dataset(g, IDENTIFIED)
    identified = None
    if ident is not None:
        identified = ident[()]
        if identified.shape != (q,) or not np.all(np.isin(identified, (0, 1))):
            c.fail(ident.name, f"expected [Q = {q}] flags 0/1, found {identified!r}")
            identified = None
    optimum = c.array(g, OPTIMUM, (q,))
    lower, upper = c.array(g, CALIBRATION_LOWER, (q,)), c.array(g, CALIBRATION_UPPER, (q,))
    start = c.array(g, CALIBRATION_START, (q,))
    if optimum is not None and lower is not None and upper is not None:
        if np.any(optimum < lower) or np.any(optimum > upper) or (start is not None and (np.any(start <= lower) or np.any(start >= upper))):
            c.fail(g.name, f"{OPTIMUM} or {CALIBRATION_START} outside [{CALIBRATION_LOWER}, {CALIBRATION_UPPER}]")
    est_ds = c.dataset(g, ESTIMATE)
    if est_ds is not None and identified is not None and optimum is not None:
        est = est_ds[()]
        for i in range(q):
            if identified[i] == 1 and est[i] != optimum[i]:
                c.fail(est_ds.name, f"{names[i]}: identified, but {ESTIMATE} {est[i]!r} != {OPTIMUM} {optimum[i]!r}")
            if identified[i] == 0 and not math.isnan(est[i]):
                c.fail(est_ds.name, f"{names[i]}: not identified, but {ESTIMATE} = {est[i]!r} (expected NaN)")
    se_ds = c.dataset(g, STD_ERROR)
    if se_ds is not None:
        se = se_ds[()]
        if se.shape != (q,) or np.any(se[np.isfinite(se)] < 0):
            c.fail(se_ds.name, f"expected [Q = {q}] values >= 0 (NaN where none applies)")
    sv = c.array(g, SINGULAR_VALUES, (q,))
    if sv is not None and (np.any(sv < 0) or np.any(np.diff(sv) > 0)):
        c.fail(f"{g.name}/{SINGULAR_VALUES}", "expected values >= 0, largest first")
    c.array(g, WEAKEST_DIRECTION, (q,))
    trace = c.array(g, TRACE, (None, q + 1))
    objective = c.float_attr(g, OBJECTIVE, minimum=0.0)
    if trace is not None and trace.shape[0] and objective is not None and trace[-1, q] < objective * (1 - 1e-12) - 1e-300:
        c.fail(f"{g.name}/{TRACE}", f"last objective {trace[-1, q]!r} below the reported {objective!r}")
    status = c.str_attr(g, CALIBRATION_STATUS)
    target = c.str_attr(g, CALIBRATION_TARGET)
    if target is not None and target not in CALIBRATION_TARGETS:
        c.fail(f"{g.name}@{CALIBRATION_TARGET}", f"'{target}', expected one of {', '.join(CALIBRATION_TARGETS)}")
    method = c.str_attr(g, CALIBRATION_METHOD)
    c.float_attr(g, CONDITION_NUMBER, finite=False, minimum=1.0)
    c.float_attr(g, RESIDUAL_VARIANCE, finite=False)
    c.int_attr(g, FAILED_EVALUATIONS)
    labels_ds = c.dataset(g, LABELS)
    m = len(strings(labels_ds)) if labels_ds is not None else None
    if m is not None:
        c.array(g, FITTED, (m,))
        c.array(g, OBSERVED, (m,))
    o = g.get(OPTIMA)
    k = None
    if not isinstance(o, h5py.Group):
        c.fail(g.name, f"missing group '{OPTIMA}'")
    else:
        params = c.array(o, PARAMETERS, (None, q))
        objs = c.array(o, OBJECTIVE, (None,))
        reached = c.dataset(o, REACHED)
        if params is not None and objs is not None and reached is not None:
            k = params.shape[0]
            if objs.shape[0] != k or reached.shape != (k,) or k < 1:
                c.fail(o.name, f"{PARAMETERS}, {OBJECTIVE} and {REACHED} disagree in length (or no optimum)")
            elif np.any(np.diff(objs) < 0) or (objective is not None and objs[0] != objective):
                c.fail(o.name, f"optima not sorted best first, or the first differs from {OBJECTIVE}")
    b = g.get(BOOTSTRAP)
    boot = None
    if b is not None:
        draws = c.dataset(b, DRAWS)
        c.array(b, STD_DEV, (q,))
        iv = c.array(b, INTERVAL, (q, 2))
        reps = c.int_attr(b, REPLICATES, minimum=2)
        failed = c.int_attr(b, FAILED)
        if draws is not None and reps is not None and failed is not None and draws.shape != (reps - failed, q):
            c.fail(draws.name, f"shape {list(draws.shape)}, expected [{REPLICATES} - {FAILED}, Q]")
        if iv is not None and np.any(iv[:, 0] > iv[:, 1]):
            c.fail(f"{b.name}/{INTERVAL}", "lower end above upper end")
        boot = reps
    return target, method, status, names, k, boot


def check_sweep(c, f, n):
    """`/sweep` of `agglo sweep` / `agglo merge`: one row per point, NaN only where not converged."""
    g = f.get(SWEEP)
    if g is None:
        return None
    if not isinstance(g, h5py.Group):
        return c.fail(f"/{SWEEP}", "expected a group")
    if DONE in g:
        c.fail(f"{g.name}/{DONE}", f"present: an unfinished sweep ({CHUNK} = {g[DONE].attrs.get(CHUNK)}); finish it with agglo sweep --resume")
    design = c.str_attr(g, DESIGN)
    if design is not None and design not in SWEEP_DESIGNS:
        c.fail(f"{g.name}@{DESIGN}", f"'{design}', expected one of {', '.join(SWEEP_DESIGNS)}")
    solved = c.str_attr(g, SOLVED)
    if solved is not None and solved not in HORIZONS + (CITY,):
        c.fail(f"{g.name}@{SOLVED}", f"'{solved}', expected one of {', '.join(HORIZONS + (CITY,))}")
    points = c.int_attr(g, POINTS, minimum=1)
    shard = c.int_attr(g, SHARD)
    nshards = c.int_attr(g, NSHARDS, minimum=1)
    config_hash = c.str_attr(g, CONFIG_HASH)
    version, config = f.attrs.get(AGGLO_VERSION), f.attrs.get(CONFIG)
    if config_hash is not None and isinstance(version, str) and isinstance(config, str):
        want = hashlib.sha256(f"agglo {version}\n{config}".encode()).hexdigest()
        if config_hash != want:
            c.fail(f"{g.name}@{CONFIG_HASH}", f"'{config_hash}' is not the SHA-256 of 'agglo VERSION' and the config ({want})")
    record = c.attr(g, RECORD)
    record = [r.decode() if isinstance(r, bytes) else str(r) for r in record] if record is not None else []
    index = c.dataset(g, INDEX)
    if index is None:
        return None
    index = index[()]
    k = len(index)
    if points is not None and shard is not None and nshards is not None and shard < nshards:
        if not np.array_equal(index, np.arange(shard, points, nshards)):
            c.fail(f"{g.name}/{INDEX}", f"not the points of shard {shard} of {nshards} ({points} points)")
    params = c.array(g, PARAMETERS, (k, None))
    if params is not None:
        names = c.attr(g[PARAMETERS], NAMES)
        if names is not None and len(names) != params.shape[1]:
            c.fail(f"{g.name}/{PARAMETERS}@{NAMES}", f"{len(names)} names for {params.shape[1]} columns")
    conv = c.dataset(g, CONVERGED)
    converged = None
    if conv is not None:
        converged = conv[()]
        if conv.shape != (k,) or conv.dtype.kind not in "ub" or np.any((converged != 0) & (converged != 1)):
            c.fail(conv.name, f"expected [{k}] flags 0/1, found shape {list(conv.shape)} dtype {conv.dtype}")
            converged = None
    its = c.dataset(g, ITERATIONS)
    if its is not None and (its.shape != (k,) or its.dtype.kind not in "ui"):
        c.fail(its.name, f"expected [{k}] integers, found shape {list(its.shape)} dtype {its.dtype}")
    for name in [RESIDUAL] + record:
        ds = c.dataset(g, name)
        if ds is None:
            continue
        want = (k,) if name in SWEEP_SCALARS + (RESIDUAL,) else (k, n)
        if ds.shape != want or ds.dtype.kind != "f":
            c.fail(ds.name, f"shape {list(ds.shape)} dtype {ds.dtype}, expected {list(want)} floats")
            continue
        if converged is not None:
            data = ds[()].reshape(k, -1)
            if name in (N_EQUILIBRIA, N_STABLE):
                data = np.where(np.isposinf(data), 0.0, data)  # +inf: a continuum of equilibria
            bad = np.any(~np.isfinite(data), axis=1) & (converged == 1)
            if np.any(bad):
                c.fail(ds.name, f"{int(bad.sum())} converged points with NaN or inf")
    if SHARE in record and converged is not None and solved in ("long-run", SPATIAL):
        share = g[SHARE][()]
        ok = converged == 1
        if np.any(np.abs(share[ok].sum(axis=1) - 1.0) > 1e-8):
            c.fail(f"{g.name}/{SHARE}", "converged points whose shares do not sum to 1")
    n_conv = int(np.sum(converged)) if converged is not None else None
    return k, points, shard, nshards, design, record, n_conv


def check_equilibria(c, f, n):
    top = f.get(EQUILIBRIA)
    if top is None and (BRANCHES in f or SWEEP in f or WIGGLE in f or CALIBRATION in f or CITY in f):
        return None  # a bifurcation, sweep, wiggle, calibration or ARSW city file
    if not isinstance(top, h5py.Group):
        c.fail("/", f"missing group '{EQUILIBRIA}'")
        return None
    horizon = c.str_attr(top, HORIZON)
    if horizon is not None and horizon not in HORIZONS:
        c.fail(f"{top.name}@{HORIZON}", f"'{horizon}', expected one of {', '.join(HORIZONS)}")
    count = c.int_attr(top, COUNT)
    names = sorted(top.keys(), key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k))
    if count is not None and names != [str(k) for k in range(count)]:
        c.fail(top.name, f"{COUNT} = {count} but the subgroups are {names}")
    if horizon == "long-run":
        c.flag_attr(top, CONTINUUM)
    elif CONTINUUM in top.attrs:
        c.fail(top.name, f"'{CONTINUUM}' is written only for long-run equilibria, but horizon is {horizon}")
    unique = None
    if horizon == SPATIAL:
        unique = c.flag_attr(top, UNIQUE)
        c.str_attr(top, UNIQUENESS)
        if unique == 1 and count is not None and count != 1:
            c.fail(top.name, f"{UNIQUE} = 1 but {COUNT} = {count}")
    else:
        for name in (UNIQUE, UNIQUENESS):
            if name in top.attrs:
                c.fail(top.name, f"'{name}' is written only for spatial models, but horizon is {horizon}")
    if n is None:
        return None
    results = []
    for name in names:
        e = top[name]
        if not isinstance(e, h5py.Group):
            c.fail(e.name, "expected a group, found a dataset")
            continue
        results.append(check_equilibrium(c, e, n, horizon))
    return horizon, results, unique


def check_shares_rows(c, where, state):
    totals = state.sum(axis=1)
    tol = SHARE_SUM_TOLERANCE + 4 * state.shape[1] * np.finfo(float).eps
    bad = np.flatnonzero(np.abs(totals - 1.0) > tol)
    if bad.size:
        c.fail(where, f"row {bad[0]} sums to {float(totals[bad[0]])!r}, expected 1 within {SHARE_SUM_TOLERANCE}")
    if np.any(state < 0):
        c.fail(where, f"negative shares (min {state.min()})")


def int_vector(c, group, name, length):
    ds = c.dataset(group, name)
    if ds is None:
        return None
    if ds.shape != (length,) or ds.dtype.kind not in "iub":
        return c.fail(ds.name, f"shape {list(ds.shape)} dtype {ds.dtype}, expected [{length}] integers")
    return ds[()].astype(np.int64)


def check_branches(c, f, n):
    """Optional `/branches/<b>` of `agglo bifurcate`; returns the number of points per branch."""
    top = f.get(BRANCHES)
    if top is None:
        return None
    if not isinstance(top, h5py.Group):
        return c.fail(f"/{BRANCHES}", "expected a group")
    names = sorted(top.keys(), key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k))
    if names != [str(b) for b in range(len(names))]:
        c.fail(top.name, f"subgroups are {names}, expected 0, 1, ...")
    points = []
    for name in names:
        b = top[name]
        c.str_attr(b, PARAMETER_NAME)
        if SUPPORT in b.attrs:
            c.str_attr(b, SUPPORT)
        if END in b.attrs:
            c.str_attr(b, END)
        param = c.array(b, PARAMETER, (None,))
        p = 0 if param is None else len(param)
        points.append(p)
        state = c.array(b, STATE, (p, n)) if n is not None else None
        if state is not None:
            check_shares_rows(c, f"{b.name}/{STATE}", state)
        stable = int_vector(c, b, STABLE, p)
        n_unstable = int_vector(c, b, N_UNSTABLE, p)
        if stable is not None and np.any((stable != 0) & (stable != 1)):
            c.fail(f"{b.name}/{STABLE}", "values other than 0 and 1")
        if stable is not None and n_unstable is not None and np.any((stable == 1) != (n_unstable == 0)):
            c.fail(b.name, f"{STABLE} disagrees with {N_UNSTABLE}")
    return points


def check_special_points(c, f, points):
    """Optional `/special_points` of `agglo bifurcate`, checked against the branches."""
    g = f.get(SPECIAL_POINTS)
    if g is None:
        return None
    if not isinstance(g, h5py.Group):
        return c.fail(f"/{SPECIAL_POINTS}", "expected a group")
    kinds = c.dataset(g, KIND)
    if kinds is None or len(kinds.shape) != 1 or h5py.check_string_dtype(kinds.dtype) is None:
        return c.fail(f"{g.name}/{KIND}", "expected a 1-D array of strings")
    kinds = list(kinds.asstr()[()])
    s = len(kinds)
    unknown = sorted(set(kinds) - set(SPECIAL_KINDS))
    if unknown:
        c.fail(f"{g.name}/{KIND}", f"unknown kinds {unknown}, expected some of {', '.join(SPECIAL_KINDS)}")
    param = c.array(g, PARAMETER, (s,))
    low = c.array(g, BRACKET_LOW, (s,))
    high = c.array(g, BRACKET_HIGH, (s,))
    c.array(g, VALUE, (s,))
    branch = int_vector(c, g, BRANCH, s)
    index = int_vector(c, g, INDEX, s)
    int_vector(c, g, MODE, s)
    if param is not None and low is not None and high is not None:
        lo, hi = np.minimum(low, high), np.maximum(low, high)
        if np.any((param < lo) | (param > hi)):
            c.fail(g.name, f"a {PARAMETER} lies outside its [{BRACKET_LOW}, {BRACKET_HIGH}]")
    if branch is not None and points is not None:
        for i, b in enumerate(branch):
            if not 0 <= b < len(points):
                c.fail(f"{g.name}/{BRANCH}", f"entry {i}: branch {b} does not exist ({len(points)} branches)")
            elif index is not None and not 0 <= index[i] < points[b]:
                c.fail(f"{g.name}/{INDEX}", f"entry {i}: index {index[i]} outside branch {b} ({points[b]} points)")
    return kinds


def check_closed_form(c, f, config):
    g = f.get(CLOSED_FORM)
    if g is None:
        return None
    if not isinstance(g, h5py.Group):
        return c.fail(f"/{CLOSED_FORM}", "expected a group")
    nbh = c.flag_attr(g, NO_BLACK_HOLE)
    # Without the no-black-hole condition the sustain point does not exist (NaN is allowed).
    finite = nbh == 1
    # A trade cost beyond f64 (ln T > 709 at sigma -> 1) is +inf, never NaN.
    tb = c.float_attr(g, BREAK_TRADE_COST, finite=False)
    ts = c.float_attr(g, SUSTAIN_TRADE_COST, finite=False)
    for where, t in ((BREAK_TRADE_COST, tb), (SUSTAIN_TRADE_COST, ts)):
        if finite and t is not None and not (math.isfinite(t) or t == math.inf):
            c.fail(f"{g.name}@{where}", f"{t}: NaN although the no-black-hole condition holds")
    pb = c.float_attr(g, BREAK_FREENESS, finite=finite)
    ps = c.float_attr(g, SUSTAIN_FREENESS, finite=finite)
    sigma = (config or {}).get("model", {}).get("sigma")
    if isinstance(sigma, (int, float)) and sigma > 1:
        for where, t, phi in ((BREAK_TRADE_COST, tb, pb), (SUSTAIN_TRADE_COST, ts, ps)):
            if t is not None and phi is not None and math.isfinite(t) and math.isfinite(phi):
                if not math.isclose(t ** (1 - sigma), phi, rel_tol=1e-9):
                    c.fail(f"{g.name}@{where}", f"T = {t} but phi = {phi} != T^(1 - sigma) = {t ** (1 - sigma)}")
    # phi_S <= phi_B (equal in f64 when they differ by O(mu^3), e.g. mu = 1e-12).
    if finite and None not in (pb, ps) and not ps <= pb:
        c.fail(g.name, f"sustain freeness {ps} is above break freeness {pb}")
    if finite and None not in (tb, ts) and not ts >= tb:
        c.fail(g.name, f"sustain trade cost {ts} is below break trade cost {tb}")
    return tb, ts, nbh


def check_fundamentals(c, f, n, horizon):
    """`/fundamentals/{productivity, amenity}` of a spatial model: [N], finite, > 0."""
    g = f.get(FUNDAMENTALS)
    if g is None:
        if horizon == SPATIAL:
            c.fail("/", f"missing group '{FUNDAMENTALS}' (written with every spatial equilibrium)")
        return None
    if not isinstance(g, h5py.Group):
        return c.fail(f"/{FUNDAMENTALS}", "expected a group")
    if horizon != SPATIAL:
        c.fail(g.name, f"written only for spatial models, but /{EQUILIBRIA}@{HORIZON} is {horizon}")
    if n is None:
        return None
    productivity = positive_array(c, g, PRODUCTIVITY, n)
    amenity = positive_array(c, g, AMENITY, n)
    if productivity is None or amenity is None:
        return None
    return (float(productivity.min()), float(productivity.max())), (float(amenity.min()), float(amenity.max()))


def check_inversion(c, f, horizon):
    """`/inversion` of `agglo invert`: the forward solve's max relative errors."""
    g = f.get(INVERSION)
    if g is None:
        return None
    if not isinstance(g, h5py.Group):
        return c.fail(f"/{INVERSION}", "expected a group")
    if horizon != SPATIAL:
        c.fail(g.name, f"written only for spatial models, but /{EQUILIBRIA}@{HORIZON} is {horizon}")
    return c.float_attr(g, POPULATION_ERROR, minimum=0.0), c.float_attr(g, WAGE_ERROR, minimum=0.0)




def check_counterfactual_method(c, g, n, baseline):
    """`/counterfactual/{levels,hat}`: the new equilibrium and its changes from the baseline."""
    data = {name: positive_array(c, g, name, n) for name in COUNTERFACTUAL_DATASETS}
    ratio = c.float_attr(g, WELFARE_RATIO, minimum=0.0)
    check_stats(c, g)
    if baseline is not None:
        for change, level in ((POPULATION_CHANGE, POPULATION), (WAGE_CHANGE, WAGE)):
            if data[change] is not None and data[level] is not None and baseline.get(level) is not None:
                err = max_relative(data[change], data[level] / baseline[level])
                if err > DERIVED_TOLERANCE:
                    c.fail(f"{g.name}/{change}", f"differs from {level} / the baseline's {level} by {err:.2e} (relative)")
        if ratio is not None and data[WELFARE] is not None and baseline.get(WELFARE) is not None and n:
            want = data[WELFARE][0] / baseline[WELFARE][0]
            if max_relative(ratio, want) > DERIVED_TOLERANCE:
                c.fail(f"{g.name}@{WELFARE_RATIO}", f"{ratio!r}, but {WELFARE}[0] / the baseline's is {want!r}")
    return data, ratio


def check_counterfactual(c, f, n, horizon):
    """`/counterfactual` of `agglo counterfactual`: both methods, checked against the baseline
    (`/equilibria/0`) and against each other."""
    top = f.get(COUNTERFACTUAL)
    if top is None:
        return None
    if not isinstance(top, h5py.Group):
        return c.fail(f"/{COUNTERFACTUAL}", "expected a group")
    shock = c.str_attr(top, SHOCK)
    if horizon != SPATIAL:
        c.fail(top.name, f"written only for spatial models, but /{EQUILIBRIA}@{HORIZON} is {horizon}")
    extra = sorted(set(top.keys()) - {LEVELS, HAT})
    if extra:
        c.fail(top.name, f"unexpected members {extra}, expected '{LEVELS}' and '{HAT}'")
    if n is None:
        return None
    baseline = None
    eq = f.get(f"{EQUILIBRIA}/0")
    if isinstance(eq, h5py.Group):
        baseline = {name: eq[name][()] for name in (POPULATION, WAGE, WELFARE) if isinstance(eq.get(name), h5py.Dataset)}
    else:
        c.fail(top.name, f"no baseline /{EQUILIBRIA}/0 to compare with")
    methods = {}
    for name in (LEVELS, HAT):
        g = top.get(name)
        if not isinstance(g, h5py.Group):
            c.fail(top.name, f"missing group '{name}'")
            continue
        methods[name] = check_counterfactual_method(c, g, n, baseline)
    if len(methods) < 2:
        return shock, None, None, None
    (levels, ratio_levels), (hat, ratio_hat) = methods[LEVELS], methods[HAT]
    worst = 0.0
    for name in COUNTERFACTUAL_DATASETS:
        if levels[name] is None or hat[name] is None:
            continue
        err = max_relative(hat[name], levels[name])
        worst = max(worst, err)
        if err > METHODS_TOLERANCE:
            c.fail(f"{top.name}/{HAT}/{name}", f"levels and hat algebra disagree by {err:.2e} (relative; allowed {METHODS_TOLERANCE})")
    if ratio_levels is not None and ratio_hat is not None:
        err = max_relative(ratio_hat, ratio_levels)
        worst = max(worst, err)
        if err > METHODS_TOLERANCE:
            c.fail(f"{top.name}/{HAT}@{WELFARE_RATIO}", f"{ratio_hat!r} vs {ratio_levels!r} in levels: disagree by {err:.2e}")
    return shock, ratio_levels, ratio_hat, worst


def check_wiggle(c, f, n):
    """/wiggle: share [P] in [0, 1] increasing, parameter [C], real_wage_gap [C, P] finite,
    zeros at a parameter of a curve with a share inside the grid."""
    g = f.get(WIGGLE)
    if g is None:
        return None
    if n is not None and n != 2:
        c.fail(g.name, f"a wiggle diagram needs two regions, the geography has {n}")
    share = g[SHARE][()] if SHARE in g else None
    values = g[PARAMETER][()] if PARAMETER in g else None
    if share is None or values is None or REAL_WAGE_GAP not in g:
        c.fail(g.name, f"needs {SHARE}, {PARAMETER} and {REAL_WAGE_GAP}")
        return None
    if np.any(np.diff(share) <= 0) or share.min() < 0 or share.max() > 1:
        c.fail(f"{g.name}/{SHARE}", "must increase within [0, 1]")
    c.str_attr(g, PARAMETER_NAME)
    gap = g[REAL_WAGE_GAP][()]
    if gap.shape != (len(values), len(share)):
        c.fail(f"{g.name}/{REAL_WAGE_GAP}", f"shape {gap.shape}, expected {(len(values), len(share))}")
    elif not np.all(np.isfinite(gap)):
        c.fail(f"{g.name}/{REAL_WAGE_GAP}", "non-finite values")
    zp, zs, zu = (g[k][()] if k in g else None for k in (ZERO_PARAMETER, ZERO_SHARE, ZERO_UNSTABLE))
    if zp is None or zs is None or zu is None or not (len(zp) == len(zs) == len(zu)):
        c.fail(g.name, f"needs {ZERO_PARAMETER}, {ZERO_SHARE}, {ZERO_UNSTABLE} of one length")
        return len(values), len(share), 0
    for p, x in zip(zp, zs):
        if p not in values or not (share[0] <= x <= share[-1]):
            c.fail(g.name, f"zero at share {x} of parameter {p} is not on a curve inside the grid")
    return len(values), len(share), len(zp)
def check_city_equilibrium(c, g, n):
    """An ARSW equilibrium: positive [N] vectors, utility and population, solver stats; the
    floor market clears (L Q = (1-beta) v H_R + (1-alpha)/alpha w H_M) when the fundamentals
    and parameters are known."""
    # Residents, workers, wages, A and B are 0 in blocks with one use only.
    v = {k: nonnegative_array(c, g, k, n) for k in (RESIDENTS, WORKERS, WAGE, PRODUCTIVITY, AMENITY)}
    v.update({k: positive_array(c, g, k, n) for k in (FLOOR_PRICE, RESIDENT_INCOME)})
    if COMMERCIAL_SHARE in g:
        theta = nonnegative_array(c, g, COMMERCIAL_SHARE, n)
        if theta is not None and np.any(theta > 1):
            c.fail(f"{g.name}/{COMMERCIAL_SHARE}", f"shares above 1 (max {theta.max()})")
    if COMMUTING_TIME in g:
        nonnegative_array(c, g, COMMUTING_TIME, n)
    c.float_attr(g, UTILITY, minimum=0.0)
    population = c.float_attr(g, TOTAL_POPULATION, minimum=0.0)
    converged, residual, _ = check_stats(c, g)
    if population is not None and v[RESIDENTS] is not None and v[WORKERS] is not None:
        for k in (RESIDENTS, WORKERS):
            err = max_relative(v[k].sum(), population)
            if err > 1e-8:
                c.fail(f"{g.name}/{k}", f"sums to {v[k].sum()}, population is {population} ({err:.1e})")
    return v, converged, residual


def check_city(c, f, n, config):
    city = f.get(CITY)
    if city is None:
        return None
    closure = c.str_attr(city, CLOSURE)
    if closure not in (None, "closed", "open"):
        c.fail(f"{city.name}@{CLOSURE}", f"'{closure}', expected 'closed' or 'open'")
    fundamentals = city.get(FUNDAMENTALS)
    fu = {}
    if fundamentals is None:
        c.fail(city.name, f"missing group '{FUNDAMENTALS}'")
    else:
        fu = {k: nonnegative_array(c, fundamentals, k, n) for k in (PRODUCTIVITY, AMENITY)}
        fu[FLOOR_SPACE] = positive_array(c, fundamentals, FLOOR_SPACE, n)
    observed = city.get(OBSERVED)
    if observed is None:
        c.fail(city.name, f"missing group '{OBSERVED}'")
    else:
        for k in (RESIDENTS, WORKERS):
            nonnegative_array(c, observed, k, n)
        positive_array(c, observed, FLOOR_PRICE, n)
    model = (config or {}).get("model", {})
    alpha, beta = model.get("alpha"), model.get("beta")
    lines = [f"  city        ARSW, {closure} city"]
    eq = city.get(EQUILIBRIUM)
    if eq is not None:
        v, conv, res = check_city_equilibrium(c, eq, n)
        err = c.float_attr(eq, DATA_ERROR, minimum=0.0)
        if alpha is not None and beta is not None and fu.get(FLOOR_SPACE) is not None and all(x is not None for x in v.values()):
            lhs = fu[FLOOR_SPACE] * v[FLOOR_PRICE]
            rhs = (1 - beta) * v[RESIDENT_INCOME] * v[RESIDENTS] + (1 - alpha) / alpha * v[WAGE] * v[WORKERS]
            e = max_relative(lhs, rhs)
            if e > 1e-10:
                c.fail(f"{eq.name}", f"floor market does not clear: max relative error {e:.1e}")
        lines.append(f"  equilibrium converged {conv}, residual {res}, distance from the data {err}")
    inv = city.get(INVERSION)
    if inv is not None:
        rt = c.float_attr(inv, ROUND_TRIP_ERROR, minimum=0.0)
        lines.append(f"  inversion   round trip {rt:.2e}" if rt is not None else "  inversion")
    cf = city.get(COUNTERFACTUAL)
    if cf is not None:
        shock = c.str_attr(cf, SHOCK)
        lines.append(f"  counterfactual {shock}")
        if eq is None:
            c.fail(cf.name, f"a counterfactual needs the baseline /{CITY}/{EQUILIBRIUM}")
        found = [k for k in (WITH_SPILLOVERS, WITHOUT_SPILLOVERS) if k in cf]
        if not found:
            c.fail(cf.name, f"neither '{WITH_SPILLOVERS}' nor '{WITHOUT_SPILLOVERS}'")
        for k in found:
            g = cf[k]
            v, _, _ = check_city_equilibrium(c, g, n)
            ratio = c.float_attr(g, WELFARE_RATIO, minimum=0.0)
            pop_ratio = c.float_attr(g, POPULATION_RATIO, minimum=0.0)
            if eq is not None:
                for change, base in ((RESIDENTS_CHANGE, RESIDENTS), (WORKERS_CHANGE, WORKERS), (WAGE_CHANGE, WAGE), (FLOOR_PRICE_CHANGE, FLOOR_PRICE)):
                    ch = positive_array(c, g, change, n)
                    if ch is not None and v[base] is not None and base in eq:
                        e = max_relative(ch, v[base] / eq[base][()])
                        if e > DERIVED_TOLERANCE:
                            c.fail(f"{g.name}/{change}", f"not {base} / baseline (max relative error {e:.1e})")
                if ratio is not None and UTILITY in eq.attrs and UTILITY in g.attrs and closure == "closed":
                    e = max_relative(ratio, g.attrs[UTILITY] / eq.attrs[UTILITY])
                    if e > DERIVED_TOLERANCE:
                        c.fail(f"{g.name}@{WELFARE_RATIO}", f"not utility / baseline utility ({e:.1e})")
            lines.append(f"              {k}: welfare ratio {ratio!r}, population ratio {pop_ratio!r}")
    return lines


def check_file(path):
    c = Check()
    try:
        f = h5py.File(path, "r")
    except (OSError, ValueError) as exc:
        return [f"cannot open as HDF5: {exc}"], None
    with f:
        command, created, config = check_root(c, f)
        kind, n, stored = check_geography(c, f)
        check_layout(c, f, n)
        eq = check_equilibria(c, f, n)
        horizon = eq[0] if eq is not None else None
        fundamentals = check_fundamentals(c, f, n, horizon)
        inversion = check_inversion(c, f, horizon)
        counterfactual = check_counterfactual(c, f, n, horizon)
        closed = check_closed_form(c, f, config)
        points = check_branches(c, f, n)
        special = check_special_points(c, f, points)
        sweep = check_sweep(c, f, n)
        wiggle = check_wiggle(c, f, n)
        calibration = check_calibration(c, f)
        city = check_city(c, f, n, config)
        version = f.attrs.get(AGGLO_VERSION, "?")
    lines = [f"{path}: ok (agglo {version}, created {created})", f"  command     {command}"]
    lines.append(f"  geography   {kind}, N = {n} ({', '.join([IDS] + stored)})")
    if eq is not None:
        horizon, results, unique = eq
        n_stable = sum(1 for r in results if r[3] == 1)
        n_conv = sum(1 for r in results if r[0] == 1)
        residuals = [r[1] for r in results if r[1] is not None]
        solvers = sorted({r[2] for r in results if r[2]})
        stab = f"{n_stable} stable, {len(results) - n_stable} unstable; " if horizon == "long-run" else ""
        if horizon == SPATIAL:
            stab = "unique; " if unique == 1 else "uniqueness not known; "
        lines.append(
            f"  equilibria  {horizon}, {len(results)}: {stab}{n_conv}/{len(results)} converged, "
            f"max residual {max(residuals, default=float('nan')):.2e} ({', '.join(solvers)})"
        )
    if fundamentals is not None:
        (pa, pb), (aa, ab) = fundamentals
        lines.append(f"  fundamentals productivity in [{pa:.6g}, {pb:.6g}], amenity in [{aa:.6g}, {ab:.6g}]")
    if inversion is not None:
        pe, we = inversion
        lines.append(f"  inversion   max relative error {pe:.2e} (population), {we:.2e} (wages)")
    if counterfactual is not None:
        shock, rl, rh, worst = counterfactual
        lines.append(f"  counterfactual {shock}")
        if rl is not None and rh is not None:
            lines.append(
                f"              welfare ratio {rl:.12g} (levels), {rh:.12g} (hat); levels vs hat {worst:.2e}"
            )
    if city is not None:
        lines.extend(city)
    if points is not None:
        lines.append(f"  branches    {len(points)}, {sum(points)} points")
    if special is not None:
        counts = {k: special.count(k) for k in SPECIAL_KINDS if k in special}
        lines.append(f"  special     {len(special)}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if sweep is not None:
        k, total, shard, nshards, design, record, n_conv = sweep
        part = f", shard {shard} of {nshards}" if nshards not in (None, 1) else ""
        lines.append(f"  sweep       {design}, {k} of {total} points{part}, {n_conv}/{k} converged; {', '.join(record)}")
    if wiggle is not None:
        curves, grid, zeros = wiggle
        lines.append(f"  wiggle      {curves} curves on {grid} shares, {zeros} zeros of the real-wage gap")
    if calibration is not None:
        target, method, status, names, k, boot = calibration
        extra = f", bootstrap {boot} replicates" if boot is not None else ""
        lines.append(f"  calibration {target} by {method}: {', '.join(names)}; {k} distinct optima{extra}; {status}")
    if closed is not None:
        tb, ts, nbh = closed
        lines.append(f"  closed form break T_B = {tb}, sustain T_S = {ts}, no-black-hole {'holds' if nbh else 'fails'}")
    return c.problems, lines


def main(argv):
    args = argv[1:]
    agglo = schema_file = None
    while args and args[0] in ("--agglo", "--schema"):
        if len(args) < 2:
            print(f"check_h5.py: {args[0]} needs a value", file=sys.stderr)
            return 2
        if args[0] == "--agglo":
            agglo = args[1]
        else:
            schema_file = args[1]
        args = args[2:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    use_schema(load_schema(agglo, schema_file))
    status = 0
    for path in args:
        problems, summary = check_file(path)
        if problems:
            status = 1
            print(f"{path}: FAILED, {len(problems)} problem(s):", file=sys.stderr)
            for p in problems:
                print(f"  {p}", file=sys.stderr)
        else:
            print("\n".join(summary))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
