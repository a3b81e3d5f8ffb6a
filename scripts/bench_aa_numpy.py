#!/usr/bin/env python3
"""Allen–Arkolakis equilibrium in plain NumPy against agglo (issue 4 acceptance).

Model (docs/reference.md §5): sigma = 9, alpha = 0.1, beta = -0.3, Lbar = 1, on N random points in
the unit square with T_ij = exp(2 d_ij) (Euclidean d, so T is symmetric) and log-normal
fundamentals, ln Abar, ln ubar ~ N(0, 0.5^2).

Instance: written to <dir>/aa_points_<N>.csv (columns x,y,abar,ubar, repr floats, which
round-trip exactly) and read back by both implementations. The generator is the 64-bit LCG of
benches/short_run.rs (seed 0x9E3779B97F4A7C15) for the points and a second LCG (seed
0xD1B54A32D192ED03, Box–Muller, cosine branch, u1 = 1 - U) for the fundamentals, so that
benches/allen_arkolakis.rs regenerates the same instance (examples/aa_time.rs reports
csv_matches_generator).

NumPy, as a typical script does it (levels, not logs): precompute K = T^(1-s) once
(distances by broadcasting, T = np.exp(2 d), K = T ** (1 - s)); with st = (s-1)/(2s-1),
p1 = st (1 - alpha(s-1) - beta s), p2 = st (1 + s alpha + beta(s-1)),
c = Abar^((s-1)st) ubar^(s st), e = ubar^((s-1)st) Abar^(s st), the map is

    T(l) = (c * (K @ (e * l ** p2))) ** (1 / p1),   T(l) <- T(l) / sum T(l).

Start l = 1/N. Each iteration evaluates T(l) (one mat-vec) and the residual
r = max |ln T(l) - ln l| -- exactly agglo's residual max |G(x) - x| in x = ln l; if r <= 1e-10
it stops and returns l (not T(l)), as agglo does; else it updates

    undamped: l <- T(l)
    damped:   l <- 0.5 l + 0.5 T(l)   (arithmetic average in levels; sums to 1 already)

Iterations count the updates (agglo's stats.iterations), so a NumPy solve of k iterations
makes k + 1 mat-vecs; agglo's solve of k iterations makes k + 2 (its result also carries
wages, price indices and welfare: one more product with phi for the price index). Times per
iteration below are per mat-vec: time / (k + 1) for NumPy, time / (k + 2) for agglo.

agglo: `cargo run --release --example aa_time -- <csv> --runs R --out <l file>` (built
first, so compile time is not timed) solves the same CSV with the default solver (Anderson,
depth 10, tolerance 1e-10 on the same residual) and plain Picard. Also timed, per N: one
product alone -- K @ v (NumPy), Freeness::mul and a 16-accumulator diagnostic kernel (agglo).

Roofline per iteration = 8 N^2 bytes / bandwidth (one pass over K), with the bandwidth the
best streaming read of a 200 MB float64 array measured: a.sum() in NumPy (one thread) and
the agglo example's four reads (4 or 16 accumulators, one thread or the rayon pool).

The agglo and NumPy l must agree to 1e-8 (max |ln l_a - ln l_n|, which bounds the relative
difference of every share); the script exits 1 otherwise.

All times are medians of --runs runs (default 3); the 1-minute load average (/proc/loadavg)
is recorded before each measurement (max load column). Threads: OpenBLAS and rayon use every
core unless OPENBLAS_NUM_THREADS / RAYON_NUM_THREADS say otherwise (set both to 1 to compare
one thread each). --json FILE writes the measurements (without l) for aggregating repeated
runs. Peak RSS: resource.getrusage ru_maxrss after each N (NumPy process; the bandwidth array
is allocated after the solves) and VmHWM of the agglo example (after building geography and
model and solving once, before its timing loops).

Usage: scripts/bench_aa_numpy.py [--sizes 2000 5000] [--runs 3] [--dir target/aa_bench] [--no-rust] [--json FILE]
"""

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

SIGMA, ALPHA, BETA, LBAR = 9.0, 0.1, -0.3, 1.0
RATE = 2.0
TOL, MAX_ITER = 1e-10, 100_000
DAMPING = 0.5
AGREE = 1e-8
# agglo's streaming reads: 4 / 16 accumulators, one thread / rayon pool.
BW_KEYS = ("bandwidth_single_gbs", "bandwidth_parallel_gbs", "bandwidth16_single_gbs", "bandwidth16_parallel_gbs")

POINT_SEED = 0x9E3779B97F4A7C15
FUNDAMENTAL_SEED = 0xD1B54A32D192ED03
LOG_SD = 0.5
MASK = (1 << 64) - 1
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Lcg:
    """The LCG of benches/short_run.rs: state <- a state + c mod 2^64, U = (state >> 11) / 2^53."""

    def __init__(self, seed):
        self.state = seed

    def uniform(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & MASK
        return (self.state >> 11) / float(1 << 53)

    def normal(self):
        u1 = 1.0 - self.uniform()
        u2 = self.uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def write_instance(n, path):
    p = Lcg(POINT_SEED)
    pts = [(p.uniform(), p.uniform()) for _ in range(n)]
    f = Lcg(FUNDAMENTAL_SEED)
    with open(path, "w") as out:
        out.write("x,y,abar,ubar\n")
        for x, y in pts:
            a = math.exp(LOG_SD * f.normal())
            u = math.exp(LOG_SD * f.normal())
            out.write(f"{x!r},{y!r},{a!r},{u!r}\n")


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def median_time(runs, fn):
    """(median seconds, last result, loads before each run)."""
    times, loads, result = [], [], None
    for _ in range(runs):
        loads.append(load())
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result, loads


def setup(xy):
    """K = T^(1-s) with T = exp(rate d), d Euclidean, by broadcasting."""
    dx = xy[:, 0][:, None] - xy[:, 0][None, :]
    dy = xy[:, 1][:, None] - xy[:, 1][None, :]
    d = np.hypot(dx, dy)
    del dx, dy
    tau = np.exp(RATE * d)
    del d
    return tau ** (1.0 - SIGMA)


def exponents():
    st = (SIGMA - 1.0) / (2.0 * SIGMA - 1.0)
    p1 = st * (1.0 - ALPHA * (SIGMA - 1.0) - BETA * SIGMA)
    p2 = st * (1.0 + SIGMA * ALPHA + BETA * (SIGMA - 1.0))
    return st, p1, p2


def solve(K, abar, ubar, damping):
    """The fixed-point iteration of the module docs; returns (l, iterations, residual)."""
    st, p1, p2 = exponents()
    c = abar ** ((SIGMA - 1.0) * st) * ubar ** (SIGMA * st)
    e = ubar ** ((SIGMA - 1.0) * st) * abar ** (SIGMA * st)
    n = len(abar)
    l = np.full(n, 1.0 / n)
    for it in range(MAX_ITER + 1):
        tl = (c * (K @ (e * l**p2))) ** (1.0 / p1)
        tl /= tl.sum()
        res = np.max(np.abs(np.log(tl) - np.log(l)))
        if res <= TOL:
            return l, it, res
        l = tl if damping == 1.0 else (1.0 - damping) * l + damping * tl
    raise RuntimeError(f"no convergence in {MAX_ITER} iterations (residual {res:.3e})")


def numpy_bandwidth(runs=7):
    a = np.ones(25_000_000)  # 200 MB
    a.sum()
    t, _, loads = median_time(runs, a.sum)
    return a.nbytes / t, loads


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KB on Linux


def run_numpy(n, path, runs):
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    xy, abar, ubar = data[:, :2], data[:, 2], data[:, 3]
    t_setup, K, setup_loads = median_time(runs, lambda: setup(xy))
    out = {"n": n, "setup_s": t_setup, "setup_loads": setup_loads}
    for name, damping in (("undamped", 1.0), ("damped", DAMPING)):
        solve(K, abar, ubar, damping)  # warm-up
        t, (l, it, res), loads = median_time(runs, lambda: solve(K, abar, ubar, damping))
        out[name] = {"solve_s": t, "iterations": it, "residual": res, "loads": loads, "l": l}
    v = np.linspace(1.0, 2.0, n)
    out["matvec_s"], _, out["matvec_loads"] = median_time(max(runs, 7), lambda: K @ v)
    del K
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def run_agglo(path, runs, lfile):
    cmd = ["cargo", "run", "--release", "--quiet", "--example", "aa_time", "--", path, "--runs", str(runs), "--out", lfile]
    before = load()
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    res = json.loads(out.strip().splitlines()[-1])
    res["load_before"] = before
    res["load_after"] = load()
    res["l"] = np.loadtxt(lfile)
    res["command"] = " ".join(cmd)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dir", default=os.path.join(ROOT, "target", "aa_bench"))
    ap.add_argument("--no-rust", action="store_true")
    ap.add_argument("--json", help="write the measurements here")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    print(f"nproc = {os.cpu_count()}, numpy {np.__version__}, OPENBLAS_NUM_THREADS = "
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, RAYON_NUM_THREADS = "
          f"{os.environ.get('RAYON_NUM_THREADS', 'unset')}, load at start = {load():.2f}")
    st, p1, p2 = exponents()
    print(f"sigma = {SIGMA}, alpha = {ALPHA}, beta = {BETA}: p1 = {p1:.6f}, p2 = {p2:.6f}, "
          f"modulus |p2/p1| = {abs(p2 / p1):.6f}")
    if not args.no_rust:
        print("building: cargo build --release --example aa_time", flush=True)
        subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "aa_time"], cwd=ROOT, check=True)

    rows = []
    for n in args.sizes:
        path = os.path.join(args.dir, f"aa_points_{n}.csv")
        write_instance(n, path)
        npy = run_numpy(n, path, args.runs)
        print(f"N = {n}: numpy setup (K = T^(1-s)) {npy['setup_s']:.3f} s; "
              f"undamped {npy['undamped']['iterations']} it {npy['undamped']['solve_s']:.4f} s "
              f"(loads {npy['undamped']['loads']}); damped {npy['damped']['iterations']} it "
              f"{npy['damped']['solve_s']:.4f} s (loads {npy['damped']['loads']}); "
              f"peak RSS {npy['peak_rss_mb']:.0f} MB", flush=True)
        agg = None
        if not args.no_rust:
            agg = run_agglo(path, args.runs, os.path.join(args.dir, f"aa_l_{n}.txt"))
            la = agg["l"]
            gaps = {k: float(np.max(np.abs(np.log(la) - np.log(npy[k]["l"])))) for k in ("undamped", "damped")}
            agg["gaps"] = gaps
            print(f"N = {n}: agglo {json.dumps({k: v for k, v in agg.items() if k not in ('l',)})}", flush=True)
            ok = all(g <= AGREE for g in gaps.values())
            print(f"N = {n}: max |ln l_agglo - ln l_numpy| undamped {gaps['undamped']:.2e}, "
                  f"damped {gaps['damped']:.2e} -> {'agree' if ok else 'DISAGREE'} to {AGREE:g}", flush=True)
        rows.append((n, npy, agg))

    bw_np, bw_loads = numpy_bandwidth()
    print(f"numpy stream read (a.sum(), 200 MB float64): {bw_np / 1e9:.2f} GB/s (loads {bw_loads})")

    print()
    print("times: median of", args.runs, "runs; ms/it = solve time per mat-vec (NumPy: iterations + 1, "
          "agglo: iterations + 2); roof = 8 N^2 bytes / bw, bw = the best streaming read measured "
          "(NumPy a.sum() or agglo's four reads, second table)")
    hdr = (f"{'N':>5} | {'agglo s':>8} {'it':>3} {'ms/it':>6} | {'np undamp s':>11} {'it':>3} {'ms/it':>6} | "
           f"{'np damp s':>9} {'it':>3} {'ms/it':>6} | {'undamp/agglo':>12} {'damp/agglo':>10} | "
           f"{'bw GB/s':>7} {'roof ms':>7} | {'agglo/roof':>10} {'undamp/roof':>11} {'damp/roof':>9} | {'max load':>8}")
    print(hdr)
    print("-" * len(hdr))
    for n, npy, agg in rows:
        bytes_ = 8.0 * n * n
        u, d = npy["undamped"], npy["damped"]
        u_it = u["solve_s"] / (u["iterations"] + 1) * 1e3
        d_it = d["solve_s"] / (d["iterations"] + 1) * 1e3
        loads = u["loads"] + d["loads"]
        bw = bw_np
        if agg:
            bw = max([bw_np] + [agg[k] * 1e9 for k in BW_KEYS])
            loads += [agg["load_before"], agg["load_after"]]
        roof = bytes_ / bw * 1e3
        if agg:
            a = agg["anderson"]
            a_it = a["solve_s"] / (a["iterations"] + 2) * 1e3
            acols = (f"{a['solve_s']:>8.4f} {a['iterations']:>3} {a_it:>6.2f}",
                     f"{u['solve_s'] / a['solve_s']:>12.2f} {d['solve_s'] / a['solve_s']:>10.2f}", f"{a_it / roof:>10.2f}")
        else:
            acols = (f"{'-':>8} {'-':>3} {'-':>6}", f"{'-':>12} {'-':>10}", f"{'-':>10}")
        print(f"{n:>5} | {acols[0]} | {u['solve_s']:>11.4f} {u['iterations']:>3} {u_it:>6.2f} | "
              f"{d['solve_s']:>9.4f} {d['iterations']:>3} {d_it:>6.2f} | {acols[1]} | {bw / 1e9:>7.2f} {roof:>7.2f} | "
              f"{acols[2]} {u_it / roof:>11.2f} {d_it / roof:>9.2f} | {max(loads):>8.2f}")
    if any(agg for _, _, agg in rows):
        print()
        print(f"{'N':>5} | {'agglo picard s':>14} {'it':>3} {'ms/it':>6} | {'np setup s':>10} {'agglo geo+new s':>15} | "
              f"{'np sum':>6} {'rs 4x1':>6} {'rs 4xP':>6} {'rs 16x1':>7} {'rs 16xP':>7} GB/s | "
              f"{'np K@v':>6} {'rs mul':>6} {'rs d16':>6} ms | {'RSS np MB':>9} {'RSS agglo MB':>12} | max|dln l|")
        for n, npy, agg in rows:
            p = agg["picard"]
            p_it = p["solve_s"] / (p["iterations"] + 2) * 1e3
            bws = " ".join(f"{agg[k]:>{w}.2f}" for k, w in zip(BW_KEYS, (6, 6, 7, 7)))
            print(f"{n:>5} | {p['solve_s']:>14.4f} {p['iterations']:>3} {p_it:>6.2f} | {npy['setup_s']:>10.3f} "
                  f"{agg['geography_s'] + agg['new_s']:>15.3f} | {bw_np / 1e9:>6.2f} {bws}      | "
                  f"{npy['matvec_s'] * 1e3:>6.2f} {agg['matvec_s'] * 1e3:>6.2f} {agg['matvec_dot16_s'] * 1e3:>6.2f}    | "
                  f"{npy['peak_rss_mb']:>9.0f} {agg['peak_rss_mb']:>12.0f} | {max(agg['gaps'].values()):.1e}")
    if args.json:
        def strip(d):
            return {k: (strip(v) if isinstance(v, dict) else v) for k, v in d.items() if k != "l"}
        with open(args.json, "w") as f:
            json.dump({"numpy_bandwidth_gbs": bw_np / 1e9, "numpy_bandwidth_loads": bw_loads,
                       "rows": [{"n": n, "numpy": strip(npy), "agglo": strip(agg) if agg else None}
                                for n, npy, agg in rows]}, f, indent=1)
    if any(agg for _, _, agg in rows):
        bad = [n for n, _, agg in rows if max(agg["gaps"].values()) > AGREE]
        if bad:
            print(f"DISAGREEMENT above {AGREE:g} at N = {bad}")
            sys.exit(1)


if __name__ == "__main__":
    main()
