#!/usr/bin/env python3
"""Brute-force tomahawk in NumPy against agglo's continuation (README "Performance").

The baseline economists write: a grid of 121 trade costs T in [1.0, 2.5] x 401 shares lambda
in [0, 1]. For each T the two-region short run (the wage equation, docs/reference.md §1, FKV
normalisation, sigma = 5, mu = 0.4, farmers split equally) is solved for all lambda at once
by damped fixed-point iteration (damping 0.5, tolerance 1e-10 on max |F(w) - w|); then
omega_1 - omega_2 is scanned for sign changes along lambda, equilibria are classified by the
slope, and the break and sustain points are read off the grid:

  break:   the first T (coming down from 2.5) at which the symmetric point is unstable;
  sustain: the first T (going up from 1.0) at which lambda = 1 is no longer sustainable
           (omega_1 - omega_2 at lambda = 1 turns negative).

Both are only known to the grid's resolution (0.0125), reported as a bracket and its midpoint.
Timed: median of 3 runs (time.perf_counter). The agglo tomahawk (every branch, break and
sustain points by bisection to 1e-11) is timed by `cargo run --release --example
tomahawk_time`, which prints one JSON line.

Usage: scripts/bench_tomahawk_numpy.py [--runs 3] [--rust-runs 20] [--no-rust]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

SIGMA, MU = 5.0, 0.4
T_BREAK = 1.626576561698  # 7^(1/4)
T_SUSTAIN = 1.807312719931
DAMPING, TOL, MAX_ITER = 0.5, 1e-10, 100_000


def short_run(t, lam):
    """Wages (w1, w2) at trade cost t for every share lambda_1 in `lam`, by damped iteration."""
    phi = t ** (1.0 - SIGMA)
    l1, l2 = lam, 1.0 - lam
    farm = 0.5 * (1.0 - MU)
    w1 = np.ones_like(lam)
    w2 = np.ones_like(lam)
    for it in range(1, MAX_ITER + 1):
        s1, s2 = w1 ** (1.0 - SIGMA), w2 ** (1.0 - SIGMA)
        h1 = l1 * s1 + l2 * s2 * phi  # G_1^(1-sigma)
        h2 = l1 * s1 * phi + l2 * s2
        y1 = MU * l1 * w1 + farm
        y2 = MU * l2 * w2 + farm
        f1 = (y1 / h1 + phi * y2 / h2) ** (1.0 / SIGMA)
        f2 = (phi * y1 / h1 + y2 / h2) ** (1.0 / SIGMA)
        err = max(np.max(np.abs(f1 - w1)), np.max(np.abs(f2 - w2)))
        w1 = (1.0 - DAMPING) * w1 + DAMPING * f1
        w2 = (1.0 - DAMPING) * w2 + DAMPING * f2
        if err < TOL:
            return w1, w2, it
    raise RuntimeError(f"no convergence at T = {t}")


def wiggle(t, lam):
    """omega_1 - omega_2 for every lambda_1 in `lam`, and the iteration count."""
    w1, w2, it = short_run(t, lam)
    phi = t ** (1.0 - SIGMA)
    s1, s2 = lam * w1 ** (1.0 - SIGMA), (1.0 - lam) * w2 ** (1.0 - SIGMA)
    g1 = (s1 + phi * s2) ** (1.0 / (1.0 - SIGMA))
    g2 = (phi * s1 + s2) ** (1.0 / (1.0 - SIGMA))
    return w1 * g1 ** -MU - w2 * g2 ** -MU, it


def equilibria(lam, d, eps=1e-12):
    """(lambda, stable) along the grid: corners, exact zeros on the grid, sign changes between
    grid points (located by linear interpolation); stable where d falls through zero."""
    out = []
    if d[0] < 0:
        out.append((0.0, True))  # all workers in region 2 and they prefer it
    elif d[0] <= eps:
        out.append((0.0, False))
    z = np.abs(d) <= eps
    for i in range(1, len(lam) - 1):
        if z[i]:
            out.append((lam[i], d[i + 1] - d[i - 1] < 0))
    s = np.sign(np.where(z, 0.0, d))
    for i in np.nonzero(s[:-1] * s[1:] < 0)[0]:
        x = lam[i] - d[i] * (lam[i + 1] - lam[i]) / (d[i + 1] - d[i])
        out.append((x, d[i + 1] < d[i]))
    if d[-1] > 0:
        out.append((1.0, True))
    elif d[-1] >= -eps:
        out.append((1.0, False))
    return sorted(out)


def brute_force(n_t=121, n_lambda=401):
    ts = np.linspace(1.0, 2.5, n_t)
    lam = np.linspace(0.0, 1.0, n_lambda)
    mid = n_lambda // 2  # lambda = 1/2 is on the grid (n_lambda odd)
    sym_stable, core_sustained, eqs, iters = [], [], [], 0
    for t in ts:
        d, it = wiggle(t, lam)
        iters += it
        e = equilibria(lam, d)
        eqs.append(e)
        sym_stable.append(bool(d[mid + 1] - d[mid - 1] < 0))
        core_sustained.append(bool(d[-1] > 0))
    # Break: coming down from T = 2.5, the first grid T where the symmetric point is unstable.
    i_b = next(i for i in range(n_t - 1, -1, -1) if not sym_stable[i])
    # Sustain: going up from T = 1.0 (where omega_1 = omega_2 for every lambda), the first grid
    # T past the sustained range where lambda = 1 is not sustainable.
    first = core_sustained.index(True)
    i_s = next(i for i in range(first, n_t) if not core_sustained[i])
    return {
        "break_bracket": (ts[i_b], ts[i_b + 1]),
        "sustain_bracket": (ts[i_s - 1], ts[i_s]),
        "iterations": iters,
        "equilibria": dict(zip(ts, eqs)),
    }


def agglo(runs, root):
    features = os.environ.get("AGGLO_CARGO_FEATURES", "").split()  # set by scripts/bench.sh
    cmd = ["cargo", "run", "--quiet", "--release", *features, "--example", "tomahawk_time", "--", str(runs)]
    out = subprocess.run(cmd, cwd=root, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="NumPy runs (median reported)")
    ap.add_argument("--rust-runs", type=int, default=20, help="agglo runs (median reported)")
    ap.add_argument("--no-rust", action="store_true")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    times, res = [], None
    for _ in range(args.runs):
        start = time.perf_counter()
        res = brute_force()
        times.append(time.perf_counter() - start)
    numpy_ms = statistics.median(times) * 1e3

    lo, hi = res["break_bracket"]
    slo, shi = res["sustain_bracket"]
    # At T = 1 trade is free and every lambda is an equilibrium; leave it out of the counts.
    n_eq = {len(e) for t, e in res["equilibria"].items() if t > 1.0}
    print(f"NumPy brute force: 121 T x 401 lambda, damped fixed point (0.5, tol {TOL:g})")
    print(f"  time            median {numpy_ms:9.1f} ms of {args.runs} runs ({', '.join(f'{t*1e3:.0f}' for t in times)} ms)")
    print(f"  iterations      {res['iterations']} damped sweeps over the 401 lambdas ({res['iterations']/121:.0f} per T)")
    print(f"  equilibria/T    {sorted(n_eq)} (T > 1; at T = 1 every lambda)")
    t17 = min(res["equilibria"], key=lambda t: abs(t - 1.7))
    print(f"  at T = {t17:.4f}   " + ", ".join(f"{l:.4f}{'s' if s else 'u'}" for l, s in res["equilibria"][t17]))
    mb, ms_ = 0.5 * (lo + hi), 0.5 * (slo + shi)
    print(f"  break   in ({lo:.4f}, {hi:.4f}]  midpoint {mb:.4f}  error {mb - T_BREAK:+.1e}")
    print(f"  sustain in ({slo:.4f}, {shi:.4f}]  midpoint {ms_:.4f}  error {ms_ - T_SUSTAIN:+.1e}")

    if args.no_rust:
        return
    a = agglo(args.rust_runs, root)
    print(f"agglo continuation (analytic Newton, tol 1e-10): {a['branches']} branches, {a['points']} points")
    print(f"  time            median {a['median_ms']:9.2f} ms of {a['runs']} runs (min {a['min_ms']:.2f} ms)")
    for name, vals, ref in (("break", a["break"], T_BREAK), ("sustain", a["sustain"], T_SUSTAIN)):
        for v in vals:
            print(f"  {name:<7} {v:.12f}  error {v - ref:+.1e}")
    print(f"closed forms: T_B = {T_BREAK:.12f}, T_S = {T_SUSTAIN:.12f}")
    print(f"ratio NumPy / agglo: {numpy_ms / a['median_ms']:.0f}x")


if __name__ == "__main__":
    sys.exit(main())
