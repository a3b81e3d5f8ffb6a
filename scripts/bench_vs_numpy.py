#!/usr/bin/env python3
"""agglo against the NumPy script an economist writes, same inputs, same run (issue 5).

Two models on N random points in the unit square, T_ij = exp(2 d_ij) (Euclidean d, so the
costs are symmetric), tolerance 1e-10 on the same residual, inputs from the same CSV:

1. Core–periphery short run (FKV ch. 5; sigma = 5, mu = 0.4), R = 5000 by default. CSV
   target/bench_vs_numpy/cp_points_<R>.csv, columns x,y,lambda,farmers: the points of
   benches/short_run.rs (the 64-bit LCG, seed 0x9E3779B97F4A7C15), worker shares
   lambda_r proportional to 1 + (r mod 10), farmers 1/R each. NumPy, as a typical script
   writes it (levels, phi = T^(1-sigma) precomputed once):

       H = phi.T @ (lambda * w**(1-sigma))          # price-index terms G^(1-sigma)
       Y = mu lambda w + (1-mu) farmers
       w_new = (phi @ (Y / H)) ** (1/sigma)
       residual = max |ln w_new - ln w|   (agglo's residual: it iterates on ln w)
       stop if residual <= 1e-10 (return w), else w <- (1-d) w + d w_new

   with damping d = 0.5 and d = 0.25 (the range economists use), start w = 1. agglo:
   examples/cp_time.rs, Anderson (depth 10, the library default, and depth 5) on the same
   map in ln w, same start and stopping rule.
2. Allen–Arkolakis (docs/reference.md §5; sigma = 9, alpha = 0.1, beta = -0.3), N = 5000 by
   default: the instance, NumPy contraction (damped 0.5 and undamped) and agglo harness of
   scripts/bench_aa_numpy.py / examples/aa_time.rs, imported from there.

Every NumPy measurement runs in a child process of its own, so that its peak resident set
(ru_maxrss) is that model's alone; agglo's examples report VmHWM after their checked solves.
Times are medians of --runs runs; "solve" excludes building phi (both sides build it once,
times reported separately as setup). The 1-minute load average is printed with each line:
on a shared machine read the ratios with it. Threads: OpenBLAS and rayon use every core
unless OPENBLAS_NUM_THREADS / RAYON_NUM_THREADS say otherwise.

The agglo and NumPy solutions must agree to 1e-8 (max |ln x_agglo - ln x_numpy| over wages
or shares); the script exits 1 otherwise.

Usage: scripts/bench_vs_numpy.py [--cp 5000] [--aa 5000] [--runs 3] [--json FILE]
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import bench_aa_numpy as aa  # noqa: E402  (the Allen–Arkolakis half)

SIGMA, MU, RATE = 5.0, 0.4, 2.0
TOL, MAX_ITER = 1e-10, 100_000
DAMPINGS = (0.5, 0.25)
AGREE = 1e-8
POINT_SEED = 0x9E3779B97F4A7C15
MASK = (1 << 64) - 1
DIR = os.path.join(ROOT, "target", "bench_vs_numpy")


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def median_time(runs, fn):
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def write_cp_instance(n, path):
    state = POINT_SEED

    def uniform():
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK
        return (state >> 11) / float(1 << 53)

    points = [(uniform(), uniform()) for _ in range(n)]
    raw = [1.0 + (i % 10) for i in range(n)]
    total = sum(raw)
    with open(path, "w") as out:
        out.write("x,y,lambda,farmers\n")
        for (x, y), r in zip(points, raw):
            out.write(f"{x!r},{y!r},{r / total!r},{1.0 / n!r}\n")


def cp_setup(xy):
    """phi = T^(1-sigma), T = exp(rate d), by broadcasting."""
    d = np.hypot(xy[:, 0][:, None] - xy[:, 0][None, :], xy[:, 1][:, None] - xy[:, 1][None, :])
    return np.exp(RATE * d) ** (1.0 - SIGMA)


def cp_solve(phi, lam, farmers, damping):
    """The damped wage iteration of the module docs: (w, iterations, residual)."""
    w = np.ones(len(lam))
    for it in range(MAX_ITER + 1):
        h = phi.T @ (lam * w ** (1.0 - SIGMA))
        y = MU * lam * w + (1.0 - MU) * farmers
        w_new = (phi @ (y / h)) ** (1.0 / SIGMA)
        res = np.max(np.abs(np.log(w_new) - np.log(w)))
        if res <= TOL:
            return w, it, res
        w = (1.0 - damping) * w + damping * w_new
    raise RuntimeError(f"no convergence in {MAX_ITER} iterations (residual {res:.3e})")


def worker_cp(path, runs):
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    xy, lam, farmers = data[:, :2], data[:, 2], data[:, 3]
    t_setup, phi = median_time(runs, lambda: cp_setup(xy))
    out = {"setup_s": t_setup}
    for d in DAMPINGS:
        loads = [load()]
        t, (w, it, res) = median_time(runs, lambda: cp_solve(phi, lam, farmers, d))
        loads.append(load())
        out[f"damped{d}"] = {"solve_s": t, "iterations": it, "residual": res, "loads": loads, "w": w.tolist()}
    v = np.linspace(1.0, 2.0, len(lam))
    out["matvec_s"], _ = median_time(max(runs, 7), lambda: phi @ v)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return out


def worker_aa(path, runs):
    n = sum(1 for _ in open(path)) - 1
    out = aa.run_numpy(n, path, runs)
    for k in ("undamped", "damped"):
        out[k]["l"] = out[k]["l"].tolist()
    return out


def child(kind, path, runs):
    """Runs one NumPy worker in a fresh interpreter (its own peak RSS)."""
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", kind, path, "--runs", str(runs)]
    res = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def agglo(example, args):
    cmd = ["cargo", "run", "--release", "--quiet", "--example", example, "--"] + args
    loads = [load()]
    res = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True)
    loads.append(load())
    out = json.loads(res.stdout.strip().splitlines()[-1])
    out["loads"] = loads
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cp", type=int, default=5000, help="regions of the core–periphery case (0: skip)")
    ap.add_argument("--aa", type=int, default=5000, help="locations of the Allen–Arkolakis case (0: skip)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", help="write the measurements here")
    ap.add_argument("--worker", nargs=2, metavar=("KIND", "CSV"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        kind, path = args.worker
        print(json.dumps(worker_cp(path, args.runs) if kind == "cp" else worker_aa(path, args.runs)))
        return

    os.makedirs(DIR, exist_ok=True)
    print(f"nproc = {os.cpu_count()}, numpy {np.__version__}, OPENBLAS_NUM_THREADS = "
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, RAYON_NUM_THREADS = "
          f"{os.environ.get('RAYON_NUM_THREADS', 'unset')}, load at start = {load():.2f}", flush=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "cp_time", "--example", "aa_time"],
                   cwd=ROOT, check=True)
    report, failed = {}, False

    if args.cp:
        n = args.cp
        path = os.path.join(DIR, f"cp_points_{n}.csv")
        write_cp_instance(n, path)
        npy = child("cp", path, args.runs)
        wfile = os.path.join(DIR, f"cp_w_{n}.txt")
        rs = agglo("cp_time", [path, "--runs", str(args.runs), "--depths", "5,10", "--out", wfile])
        w_agglo = np.loadtxt(wfile)
        print(f"\ncore–periphery short run, R = {n} (sigma {SIGMA}, mu {MU}, T = exp({RATE} d), tol {TOL:g})")
        print(f"  setup (phi = T^(1-sigma) once): NumPy {npy['setup_s']:.3f} s, "
              f"agglo {rs['geography_s'] + rs['new_s']:.3f} s (geography {rs['geography_s']:.3f} + model {rs['new_s']:.3f})")
        print(f"  one product phi @ v: NumPy {npy['matvec_s'] * 1e3:.2f} ms (full matrix, OpenBLAS), "
              f"agglo {rs['matvec_s'] * 1e3:.2f} ms ({rs['matrix_mb']:.0f} MB stored)")
        for a in ("anderson5", "anderson10"):
            r = rs[a]
            print(f"  agglo {a:<10}: {r['solve_s']:.4f} s, {r['iterations']} iterations")
        rows = {}
        for d in DAMPINGS:
            r = npy[f"damped{d}"]
            gap = float(np.max(np.abs(np.log(w_agglo) - np.log(np.array(r["w"])))))
            failed |= gap > AGREE
            ratio = r["solve_s"] / rs["anderson10"]["solve_s"]
            ratio5 = r["solve_s"] / rs["anderson5"]["solve_s"]
            rows[f"damped{d}"] = {k: v for k, v in r.items() if k != "w"} | {
                "ratio_vs_anderson10": ratio, "ratio_vs_anderson5": ratio5, "max_abs_dlnw": gap}
            print(f"  NumPy damped {d:<4}: {r['solve_s']:.3f} s, {r['iterations']} iterations -> "
                  f"{ratio:.1f}x (agglo default, depth 10) / {ratio5:.1f}x (depth 5); "
                  f"max |ln w diff| {gap:.1e}; loads {r['loads']}")
        print(f"  peak RSS: NumPy {npy['peak_rss_mb']:.0f} MB, agglo {rs['peak_rss_mb']:.0f} MB; "
              f"agglo loads {rs['loads']}", flush=True)
        report["core_periphery"] = {"n": n, "numpy": {k: v for k, v in npy.items() if not k.startswith("damped")}
                                    | rows, "agglo": rs}

    if args.aa:
        n = args.aa
        path = os.path.join(DIR, f"aa_points_{n}.csv")
        aa.write_instance(n, path)
        npy = child("aa", path, args.runs)
        lfile = os.path.join(DIR, f"aa_l_{n}.txt")
        rs = agglo("aa_time", [path, "--runs", str(args.runs), "--out", lfile])
        l_agglo = np.loadtxt(lfile)
        print(f"\nAllen–Arkolakis, N = {n} (sigma {aa.SIGMA}, alpha {aa.ALPHA}, beta {aa.BETA}, tol {aa.TOL:g})")
        print(f"  setup: NumPy {npy['setup_s']:.3f} s, agglo {rs['geography_s'] + rs['new_s']:.3f} s")
        print(f"  agglo anderson: {rs['anderson']['solve_s']:.4f} s, {rs['anderson']['iterations']} iterations")
        rows = {}
        for k in ("damped", "undamped"):
            r = npy[k]
            gap = float(np.max(np.abs(np.log(l_agglo) - np.log(np.array(r["l"])))))
            failed |= gap > AGREE
            ratio = r["solve_s"] / rs["anderson"]["solve_s"]
            rows[k] = {kk: v for kk, v in r.items() if kk != "l"} | {"ratio": ratio, "max_abs_dlnl": gap}
            label = f"damped {aa.DAMPING}" if k == "damped" else "undamped"
            print(f"  NumPy {label:<10}: {r['solve_s']:.3f} s, {r['iterations']} iterations -> {ratio:.1f}x; "
                  f"max |ln l diff| {gap:.1e}; loads {r['loads']}")
        print(f"  peak RSS: NumPy {npy['peak_rss_mb']:.0f} MB, agglo {rs['peak_rss_mb']:.0f} MB; "
              f"agglo loads {rs['loads']}", flush=True)
        report["allen_arkolakis"] = {"n": n, "numpy": {k: v for k, v in npy.items() if k not in ("damped", "undamped")}
                                     | rows, "agglo": rs}

    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1, default=float)
    if failed:
        print(f"DISAGREEMENT above {AGREE:g}")
        sys.exit(1)


if __name__ == "__main__":
    main()
