#!/usr/bin/env python3
# /// script
# requires-python = ">=3.11"
# dependencies = ["h5py", "numpy", "matplotlib"]
# ///
"""Real incomes w_r G_r^(-mu) of each region against the swept key, from an `agglo sweep`
file that records `wage` and `price-index` (the vertical-linkages gallery figure,
configs/gallery/kv-real-incomes.toml; mu is read from the file's resolved config).

    python3 scripts/real_incomes.py SWEEP.h5 [-o FIGURE.png]

Prints the break point it marks (the core–periphery break with alpha for mu,
docs/vertical-linkages.md) and the largest real-income gap.
"""

import argparse
import sys
import tomllib

try:
    import h5py
    import matplotlib
    import numpy as np

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError as exc:  # pragma: no cover - depends on the machine
    print(f"real_incomes.py: cannot import h5py/numpy/matplotlib ({exc}); run scripts/setup.sh", file=sys.stderr)
    sys.exit(2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("-o", "--output")
    args = ap.parse_args()
    with h5py.File(args.file, "r") as f:
        config = tomllib.loads(f.attrs["config"])
        g = f["sweep"]
        key = g["parameters"].attrs.get("keys", None)
        x = g["parameters"][:, 0]
        wage = g["wage"][:]
        price = g["price_index"][:]
    model = config["model"]
    mu, sigma, alpha = model["mu"], model["sigma"], model["alpha"]
    order = np.argsort(x)
    x, wage, price = x[order], wage[order], price[order]
    real = wage * price ** (-mu)
    rho = (sigma - 1) / sigma
    phi_b = (rho - alpha) * (1 - alpha) / ((rho + alpha) * (1 + alpha))
    t_b = phi_b ** (1 / (1 - sigma))
    fig, ax = plt.subplots(figsize=(8, 5), dpi=100)
    ax.plot(x, real[:, 0], lw=2.2, color="#c0392b", label="country 1 (the core below $T_B$)")
    ax.plot(x, real[:, 1], lw=2.2, color="#2471a3", label="country 2 (the periphery)")
    ax.axvline(t_b, ls="--", lw=1, color="0.4")
    ax.text(t_b, ax.get_ylim()[1], f"  break point $T_B$ = {t_b:.4f}", va="top", ha="left", fontsize=9, color="0.3")
    ax.set_xlabel("trade cost T")
    ax.set_ylabel(r"real income per worker  $w_r\,G_r^{-\mu}$")
    ax.set_title(
        f"Vertical linkages (Krugman–Venables): real incomes against trade costs\n"
        f"σ = {sigma:g}, μ = {mu:g}, α = {alpha:g}; long-run equilibrium reached from dispersion",
        fontsize=11,
    )
    ax.grid(alpha=0.3)
    ax.legend(loc="center right", fontsize=9)
    fig.tight_layout()
    out = args.output or args.file.rsplit(".", 1)[0] + "-real-incomes.png"
    fig.savefig(out)
    gap = np.abs(real[:, 0] - real[:, 1])
    print(f"real_incomes.py: wrote {out}; T_B = {t_b:.10f}; largest gap {gap.max():.4f} at T = {x[gap.argmax()]:.4f}")


if __name__ == "__main__":
    main()
