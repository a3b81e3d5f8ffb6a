#!/usr/bin/env python3
# /// script
# requires-python = ">=3.11"
# dependencies = ["h5py", "numpy", "matplotlib"]
# ///
"""Each industry's share of its firms in one region against the parameter, with the wages
below, from an `agglo bifurcate` file of a several-industry model (/industries; the gallery's
configs/gallery/pv-waves.toml and vl-distant-market.toml).

    python3 scripts/industries.py FILE.h5 [-o FIGURE.png] [--region ID]

The region defaults to the one the first located entry is into (the periphery). Every
located entry into it is marked at its step point; the script prints them.
"""

import argparse
import sys

try:
    import h5py
    import matplotlib
    import numpy as np

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError as exc:  # pragma: no cover - depends on the machine
    print(f"industries.py: cannot import h5py/numpy/matplotlib ({exc}); run scripts/setup.sh", file=sys.stderr)
    sys.exit(2)

COLOURS = ["#c0392b", "#2471a3", "#1e8449", "#7d3c98", "#b9770e", "#5d6d7e"]
LABELS = {"model.growth": "growth g (consumers spend g × μ_j on industry j)",
          "geography.remote.trade-cost": "trade cost T_c of the cluster to the other regions"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("-o", "--output")
    ap.add_argument("--region", help="region id (default: where the first entry is)")
    args = ap.parse_args()
    with h5py.File(args.file, "r") as f:
        if f.attrs.get("complete", 0) != 1:
            sys.exit(f"industries.py: {args.file} is not complete")
        ids = [i.decode() if isinstance(i, bytes) else str(i) for i in f["geography/ids"][:]]
        g = f["industries"]
        name = g.attrs["parameter_name"]
        name = name.decode() if isinstance(name, bytes) else str(name)
        p = g["parameter"][:]
        share = g["industry_share"][:]
        wage = g["wage"][:]
        unstable = g["n_unstable"][:] > 0
        sigma, alpha, mu = g["sigma"][:], g["alpha"][:], g["mu"][:]
        st = g["steps"]
        kinds = [k.decode() if isinstance(k, bytes) else str(k) for k in st["kind"][:]]
        steps = list(zip(kinds, st["industry"][:], st["region"][:], st["parameter"][:]))
    entries = [(j, r, x) for k, j, r, x in steps if k == "entry"]
    if args.region is not None:
        region = ids.index(args.region)
    else:
        region = (entries[0][1] - 1) if entries else len(ids) - 1
    entries = [(j, x) for j, r, x in entries if r - 1 == region]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6.2), dpi=100, sharex=True,
                                      gridspec_kw={"height_ratios": [2.2, 1]})
    def where(r):
        return f"region {ids[r]}" if ids[r].isdigit() else ids[r]

    if share.shape[1] == 1:
        # One industry: its share in every region.
        for r in range(len(ids)):
            top.plot(p, share[:, 0, r], lw=2.4 if r == region else 1.6, color=COLOURS[(r + len(ids) - region) % len(COLOURS)],
                     label=f"{where(r)}" + (" (where it takes off)" if r == region else ""))
        top.set_ylabel(f"share of the firms\n(σ = {sigma[0]:g}, α = {alpha[0]:g}, μ = {mu[0]:g})")
    else:
        for j in range(share.shape[1]):
            c = COLOURS[j % len(COLOURS)]
            top.plot(p, share[:, j, region], lw=2.2, color=c,
                     label=f"industry {j + 1}: σ = {sigma[j]:g}, α = {alpha[j]:g}, μ = {mu[j]:g}")
        top.set_ylabel(f"share of the industry's firms\nin {where(region)} (the periphery)")
    # Points the entry dynamics' own Jacobian calls unstable: drawn, but marked.
    if unstable.any():
        for j in range(share.shape[1]):
            rows = [region] if share.shape[1] > 1 else range(len(ids))
            for r in rows:
                top.plot(p[unstable], share[unstable, j, r], "x", ms=4, mew=1, color="0.35", zorder=5,
                         label="unstable under the entry dynamics" if (j, r) == (0, rows[0]) else None)
    for j, x in entries:
        c = COLOURS[(j - 1) % len(COLOURS)] if share.shape[1] > 1 else COLOURS[0]
        for ax in (top, bottom):
            ax.axvline(x, ls="--", lw=1, color=c, alpha=0.8)
        top.annotate(f"{x:.6f}", (x, 1.02), xycoords=("data", "axes fraction"), ha="center",
                     va="bottom", fontsize=8, color=c)
        print(f"industries.py: entry of industry {j} into {ids[region]} at {name} = {x:.10f}")
    top.set_ylim(-0.03, 1.03)
    top.grid(alpha=0.3)
    top.legend(loc="best", fontsize=8.5)
    for r, rid in enumerate(ids):
        bottom.plot(p, wage[:, r], lw=1.8, color=str(0.15 + 0.5 * r / max(1, len(ids) - 1)),
                    ls=["-", "--", ":"][r % 3], label=f"wage in {where(r)}")
    bottom.set_ylabel("wage w_r")
    bottom.set_xlabel(LABELS.get(name, name))
    bottom.grid(alpha=0.3)
    bottom.legend(loc="best", fontsize=8.5)
    if p[0] > p[-1]:
        bottom.invert_xaxis()
    title = {"model.growth": "Waves of industrialization (Puga–Venables): industries enter the periphery one at a time",
             "geography.remote.trade-cost": "The cluster that needs a distant market (vertical linkages)"}.get(name, name)
    note = "equilibria along the path (× where the entry dynamics call them unstable); dashed: located entries"
    fig.suptitle(title + "\n" + note, fontsize=10.5)
    fig.tight_layout()
    out = args.output or args.file.rsplit(".", 1)[0] + ".png"
    fig.savefig(out)
    print(f"industries.py: wrote {out}")


if __name__ == "__main__":
    main()
