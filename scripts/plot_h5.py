#!/usr/bin/env python3
# /// script
# requires-python = ">=3.11"
# dependencies = ["h5py", "numpy", "matplotlib"]
# ///
"""Read and plot every group agglo writes, with h5py and matplotlib: a worked example for
Python users (the names are those of `agglo schema`, src/output/schema/; README "Output: the HDF5 layout").

    python3 scripts/plot_h5.py RESULTS.h5 [-o FOLDER]      (or: uv run scripts/plot_h5.py ...)

Writes one PNG per group found into FOLDER (default: next to the file, <name>-figures/) and
prints what it drew:

  /branches, /special_points   bifurcation diagram (agglo bifurcate)
  /equilibria                  shares by region of each equilibrium (agglo solve); for spatial
                               models population, wage and welfare; a heat map on grids
  /sweep                       each recorded quantity against the first swept key, one line
                               per value of the second (agglo sweep / merge)
  /fundamentals, /counterfactual  productivity and amenity; population and wage changes of
                               the counterfactual, levels against exact hat algebra
  /wiggle                      omega_1 - omega_2 against region 1's share (agglo wiggle)
  /calibration                 estimates, and fitted against observed when present
"""

import argparse
import os
import sys

try:
    import h5py
    import matplotlib
    import numpy as np

    matplotlib.use("Agg")  # files only, no display needed
    import matplotlib.pyplot as plt
except ImportError as exc:  # pragma: no cover - depends on the machine
    print(f"plot_h5.py: cannot import h5py/numpy/matplotlib ({exc}); run scripts/setup.sh", file=sys.stderr)
    sys.exit(2)


def text(value):
    """An HDF5 string attribute or element as str."""
    return value.decode() if isinstance(value, bytes) else str(value)


def region_ids(f):
    if "geography/ids" in f:
        return [text(i) for i in f["geography/ids"][()]]
    return None


def save(fig, folder, name, written):
    path = os.path.join(folder, f"{name}.png")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    written.append(path)


def plot_branches(f, folder, written):
    """/branches/<b>/{parameter [P], state [P, N], stable [P]}, /special_points."""
    top = f["branches"]
    fig, ax = plt.subplots(figsize=(8, 5))
    name = None
    for b in sorted(top.keys(), key=int):
        g = top[b]
        x = g["parameter"][()]
        state = g["state"][()]
        stable = g["stable"][()].astype(bool)
        name = text(g.attrs.get("parameter_name", "parameter"))
        y = state[:, 0] if state.shape[1] == 2 else state.max(axis=1)
        # Stable parts solid, unstable dashed (NaN masks the other kind).
        ax.plot(x, np.where(stable, y, np.nan), "-", color="tab:blue", lw=2)
        ax.plot(x, np.where(~stable, y, np.nan), "--", color="tab:orange", lw=1.5)
    if "special_points" in f:
        sp = f["special_points"]
        kinds = [text(k) for k in sp["kind"][()]]
        for kind, p, v in zip(kinds, sp["parameter"][()], sp["value"][()] if "value" in sp else [np.nan] * len(kinds)):
            ax.plot(p, v, "o", ms=7, label=kind)
        handles, labels = ax.get_legend_handles_labels()
        unique = dict(zip(labels, handles))
        ax.legend(unique.values(), unique.keys())
    ax.set_xlabel(name or "parameter")
    ax.set_ylabel("share of region 1 (largest share for N > 2)")
    ax.set_title(f"Bifurcation diagram: {len(top)} branches")
    save(fig, folder, "bifurcation", written)


def plot_equilibria(f, folder, written):
    """/equilibria/<k>/{share, wage, real_wage | population, welfare}, attrs stable, horizon."""
    top = f["equilibria"]
    horizon = text(top.attrs.get("horizon", ""))
    names = sorted(top.keys(), key=int)
    ids = region_ids(f)
    kind = text(f["geography"].attrs.get("kind", "")) if "geography" in f else ""
    coords = f["geography/coordinates"][()] if "geography/coordinates" in f else None
    first = top[names[0]]
    if kind in ("grid", "torus", "border-grid") and coords is not None:
        quantities = [q for q in ("share", "wage") if q in first]
        fig, axes = plt.subplots(1, len(quantities), figsize=(5 * len(quantities), 4.5))
        for ax, q in zip(np.atleast_1d(axes), quantities):
            values = first[q][()]
            cols = coords[:, 0].astype(int) - int(coords[:, 0].min())
            rows = coords[:, 1].astype(int) - int(coords[:, 1].min())
            grid = np.full((rows.max() + 1, cols.max() + 1), np.nan)
            grid[rows, cols] = values
            im = ax.imshow(grid, origin="lower", cmap="viridis")
            fig.colorbar(im, ax=ax, shrink=0.8)
            ax.set_title(f"{q}, equilibrium #{names[0]}")
        save(fig, folder, "equilibria-map", written)
        return
    fig, ax = plt.subplots(figsize=(8, 5))
    n = len(first["share"])
    width = 0.8 / len(names)
    for i, k in enumerate(names):
        e = top[k]
        stable = e.attrs.get("stable")
        label = f"#{k}" + ("" if stable is None else (" stable" if stable else " unstable"))
        ax.bar(np.arange(n) + i * width, e["share"][()], width, label=label)
    ax.set_xticks(np.arange(n) + 0.4 - width / 2)
    ax.set_xticklabels(ids if ids and n <= 20 else [str(i + 1) if n <= 20 else "" for i in range(n)])
    ax.set_ylabel("share")
    ax.set_title(f"{len(names)} {horizon} equilibri{'um' if len(names) == 1 else 'a'}")
    ax.legend()
    save(fig, folder, "equilibria", written)


def plot_sweep(f, folder, written):
    """/sweep/parameters [K, Q] (attr names), /sweep/<quantity> [K] or [K, N], converged [K]."""
    g = f["sweep"]
    params = g["parameters"][()]
    names = [text(n) for n in g["parameters"].attrs["names"]]
    record = [text(r) for r in g.attrs["record"]]
    converged = g["converged"][()].astype(bool)
    x = params[:, 0]
    groups = np.unique(params[:, 1]) if params.shape[1] > 1 else [None]
    if len(groups) > 8:
        groups = groups[np.linspace(0, len(groups) - 1, 8).astype(int)]
    fig, axes = plt.subplots(1, len(record), figsize=(5 * len(record), 4), squeeze=False)
    for ax, q in zip(axes[0], record):
        values = g[q][()]
        y = values if values.ndim == 1 else (values[:, 0] if values.shape[1] == 2 else values.max(axis=1))
        y = np.where(converged, y, np.nan)
        for v in groups:
            mask = np.ones(len(x), bool) if v is None else params[:, 1] == v
            order = np.argsort(x[mask])
            label = None if v is None else f"{names[1]} = {v:g}"
            ax.plot(x[mask][order], y[mask][order], label=label)
        ax.set_xlabel(names[0])
        ax.set_title(q)
        if groups[0] is not None:
            ax.legend(fontsize=7)
    save(fig, folder, "sweep", written)


def plot_spatial(f, folder, written):
    """/fundamentals/{productivity, amenity}; /counterfactual/{levels, hat}/{population_change, ...}."""
    if "fundamentals" in f:
        g = f["fundamentals"]
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.plot(g["productivity"][()], "o", ms=3, label="productivity")
        ax.plot(g["amenity"][()], "s", ms=3, label="amenity")
        ax.set_xlabel("location")
        ax.legend()
        ax.set_title("fundamentals")
        save(fig, folder, "fundamentals", written)
    if "counterfactual" in f:
        g = f["counterfactual"]
        fig, axes = plt.subplots(1, 2, figsize=(10, 4))
        for ax, q in zip(axes, ("population_change", "wage_change")):
            levels, hat = g["levels"][q][()], g["hat"][q][()]
            ax.plot(levels, hat, ".", ms=4)
            lo, hi = min(levels.min(), hat.min()), max(levels.max(), hat.max())
            ax.plot([lo, hi], [lo, hi], "k--", lw=1)
            ax.set_xlabel(f"{q}, levels")
            ax.set_ylabel(f"{q}, exact hat algebra")
        ratio = g["levels"].attrs.get("welfare_ratio", np.nan)
        fig.suptitle(f"{text(g.attrs.get('shock', ''))}: welfare x{ratio:.6f}")
        save(fig, folder, "counterfactual", written)


def plot_wiggle(f, folder, written):
    """/wiggle/{share [P], parameter [C], real_wage_gap [C, P], zero_share, zero_unstable}."""
    g = f["wiggle"]
    share, values, gap = g["share"][()], g["parameter"][()], g["real_wage_gap"][()]
    fig, ax = plt.subplots(figsize=(8, 5))
    for v, row in zip(values, gap):
        ax.plot(share, row, label=f"{text(g.attrs.get('parameter_name', 'parameter'))} = {v:g}")
    ax.axhline(0, color="k", ls="--", lw=1)
    for s, u in zip(g["zero_share"][()], g["zero_unstable"][()]):
        ax.plot(s, 0, "D" if u else "o", color="tab:red" if u else "tab:blue")
    ax.set_xlabel("share of region 1")
    ax.set_ylabel("omega_1 - omega_2")
    ax.set_title("wiggle diagram")
    ax.legend()
    save(fig, folder, "wiggle", written)


def plot_calibration(f, folder, written):
    """/calibration: estimates (names, estimate, std_error) and any fitted/observed pair."""
    g = f["calibration"]
    fig, ax = plt.subplots(figsize=(6, 5))
    keys = set(g.keys())
    fitted = next((k for k in ("fitted", "fit") if k in keys), None)
    observed = next((k for k in ("observed", "data", "target") if k in keys), None)
    if fitted and observed:
        x, y = g[observed][()].ravel(), g[fitted][()].ravel()
        ax.plot(x, y, "o")
        lo, hi = min(x.min(), y.min()), max(x.max(), y.max())
        ax.plot([lo, hi], [lo, hi], "k--", lw=1)
        ax.set_xlabel(observed)
        ax.set_ylabel(fitted)
        ax.set_title("calibration: fitted against observed")
    elif "estimate" in keys:
        names = [text(n) for n in g["names"][()]] if "names" in keys else None
        est = g["estimate"][()]
        err = g["std_error"][()] if "std_error" in keys else None
        ax.errorbar(np.arange(len(est)), est, yerr=err, fmt="o")
        ax.set_xticks(np.arange(len(est)))
        ax.set_xticklabels(names or [str(i) for i in range(len(est))], rotation=30)
        ax.set_title("calibration: estimates")
    else:
        plt.close(fig)
        return
    save(fig, folder, "calibration", written)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("-o", "--output", help="folder for the PNGs (created)")
    args = parser.parse_args(argv[1:])
    folder = args.output or os.path.splitext(args.file)[0] + "-figures"
    os.makedirs(folder, exist_ok=True)
    written = []
    with h5py.File(args.file, "r") as f:
        if f.attrs.get("complete", 0) != 1:
            print(f"{args.file}: not complete (attribute complete != 1)", file=sys.stderr)
            return 1
        if "branches" in f:
            plot_branches(f, folder, written)
        if "equilibria" in f and len(f["equilibria"]) > 0:
            plot_equilibria(f, folder, written)
        if "sweep" in f:
            plot_sweep(f, folder, written)
        if "fundamentals" in f or "counterfactual" in f:
            plot_spatial(f, folder, written)
        if "wiggle" in f:
            plot_wiggle(f, folder, written)
        if "calibration" in f:
            plot_calibration(f, folder, written)
    if not written:
        print(f"{args.file}: no group agglo writes was found", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
