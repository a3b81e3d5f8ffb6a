#!/usr/bin/env python3
"""Whole commands, as a user runs them: agglo against the NumPy script it replaces (issue 16).

Each side is a whole process started from the shell's point of view: the NumPy side is a
fresh interpreter that imports NumPy, reads the CSV, builds phi, iterates and writes its
result (an .npy file); the agglo side is `agglo solve <config> -o <file.h5>` (the release
binary, built first so compile time is not timed), which reads the same CSV and writes its
HDF5 file. Wall time is from fork to exit; peak memory is the child's ru_maxrss (os.wait4).
Runs are interleaved (NumPy, agglo, NumPy, agglo, ...) so that load from other processes
on the machine hits both sides alike; the table gives medians and the spread (min–max) of
--runs runs, the core count and the 1-minute load average before and after.

Cases (the instances of bench_vs_numpy.py / bench_aa_numpy.py, with an id column added):

  cp   core–periphery short run, N random points in the unit square, T = exp(2 d),
       sigma 5, mu 0.4, tolerance 1e-10; NumPy damped wage iteration (damping 0.5) of
       bench_vs_numpy.py; agglo Anderson (the default solver). Answers must agree to 1e-8
       (max |ln w_agglo - ln w_numpy|).
  aa   Allen–Arkolakis, N random points, sigma 9, alpha 0.1, beta -0.3, log-normal
       fundamentals, tolerance 1e-10; NumPy damped 0.5 of bench_aa_numpy.py; agglo solve.
       Answers agree to 1e-8 (max |ln l_agglo - ln l_numpy|).

--markdown FILE writes the table (the README's is generated this way); --json FILE the
measurements. Exit status 1 when answers disagree.

Usage: scripts/bench_commands.py [--cp 5000] [--aa 5000] [--runs 3] [--markdown F] [--json F]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DIR = os.path.join(ROOT, "target", "bench_commands")
AGREE = 1e-8


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def timed(cmd, env=None):
    """(wall seconds, peak RSS MB) of one child process; raises when it fails."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{err}")
    return wall, usage.ru_maxrss / 1024.0


# ---------------------------------------------------------------- the NumPy whole commands

def numpy_cp(csv, out):
    import numpy as np
    import bench_vs_numpy as cp

    data = np.genfromtxt(csv, delimiter=",", names=True, dtype=None, encoding="utf-8")
    xy = np.column_stack([data["x"], data["y"]]).astype(float)
    phi = cp.cp_setup(xy)
    w, _, _ = cp.cp_solve(phi, data["lambda"].astype(float), data["farmers"].astype(float), 0.5)
    np.save(out, w)


def numpy_aa(csv, out):
    import numpy as np
    import bench_aa_numpy as aa

    data = np.genfromtxt(csv, delimiter=",", names=True, dtype=None, encoding="utf-8")
    xy = np.column_stack([data["x"], data["y"]]).astype(float)
    k = aa.setup(xy)
    res = aa.solve(k, data["abar"].astype(float), data["ubar"].astype(float), 0.5)
    np.save(out, res[0])


# ---------------------------------------------------------------- instances and configs

def write_cp(n, csv, toml):
    import bench_vs_numpy as cp

    plain = csv + ".plain"
    cp.write_cp_instance(n, plain)
    with_ids(plain, csv)
    with open(toml, "w") as f:
        f.write(f"""[model]
kind = "core-periphery"
sigma = {cp.SIGMA}
mu = {cp.MU}
farmers = "farmers"
shares = "lambda"

[geography]
kind = "points"
file = "{os.path.basename(csv)}"
metric = "euclidean"
cost = "exp"
rate = {cp.RATE}

[solver]
tolerance = {cp.TOL}
max-iterations = 100000

[solve]
horizon = "short-run"
""")


def write_aa(n, csv, toml):
    import bench_aa_numpy as aa

    plain = csv + ".plain"
    aa.write_instance(n, plain)
    with_ids(plain, csv)
    with open(toml, "w") as f:
        f.write(f"""[model]
kind = "allen-arkolakis"
sigma = {aa.SIGMA}
alpha = {aa.ALPHA}
beta = {aa.BETA}
population = 1.0
productivity = "abar"
amenity = "ubar"

[geography]
kind = "points"
file = "{os.path.basename(csv)}"
metric = "euclidean"
cost = "exp"
rate = 2.0

[solver]
tolerance = 1e-10
max-iterations = 100000
""")


def with_ids(plain, csv):
    with open(plain) as src, open(csv, "w") as dst:
        dst.write("id," + src.readline())
        for i, line in enumerate(src):
            dst.write(f"p{i + 1},{line}")
    os.remove(plain)


def agglo_answer(h5, dataset):
    import h5py
    import numpy as np

    with h5py.File(h5, "r") as f:
        return np.asarray(f["equilibria"]["0"][dataset])


# ---------------------------------------------------------------- the comparison

def case(name, n, runs, binary):
    import numpy as np

    csv = os.path.join(DIR, f"{name}_{n}.csv")
    toml = os.path.join(DIR, f"{name}_{n}.toml")
    (write_cp if name == "cp" else write_aa)(n, csv, toml)
    npy_out = os.path.join(DIR, f"{name}_{n}_numpy.npy")
    h5 = os.path.join(DIR, f"{name}_{n}.h5")
    numpy_cmd = [sys.executable, os.path.abspath(__file__), "--numpy", name, csv, npy_out]
    agglo_cmd = [binary, "solve", toml, "-o", h5]
    times = {"numpy": [], "agglo": []}
    rss = {"numpy": [], "agglo": []}
    loads = [load()]
    for _ in range(runs):
        for side, cmd in (("numpy", numpy_cmd), ("agglo", agglo_cmd)):
            if side == "agglo" and os.path.exists(h5):
                os.remove(h5)
            t, m = timed(cmd)
            times[side].append(t)
            rss[side].append(m)
    loads.append(load())
    ref = np.load(npy_out)
    got = agglo_answer(h5, "wage" if name == "cp" else "share")
    if name == "aa":
        got = got / got.sum()
        ref = ref / ref.sum()
    gap = float(np.max(np.abs(np.log(got) - np.log(ref))))
    med = {k: statistics.median(v) for k, v in times.items()}
    return {
        "case": name,
        "n": n,
        "runs": runs,
        "seconds": times,
        "peak_mb": rss,
        "median_s": med,
        "ratio": med["numpy"] / med["agglo"],
        "answer_gap": gap,
        "agree": gap <= AGREE,
        "loads": loads,
    }


LABELS = {
    "cp": "core–periphery short run, tol 1e-10 (NumPy damped 0.5)",
    "aa": "Allen–Arkolakis, tol 1e-10 (NumPy damped 0.5)",
}


def markdown(results, cores):
    lines = [
        f"Whole commands (process start to file written), medians of the runs with min–max, "
        f"{cores} cores; 1-minute load before/after in the last column.",
        "",
        "| case | N | runs | NumPy s | agglo s | ratio | NumPy peak MB | agglo peak MB | max ln gap | load |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        t, m = r["seconds"], r["peak_mb"]
        lines.append(
            f"| {LABELS[r['case']]} | {r['n']} | {r['runs']} "
            f"| {r['median_s']['numpy']:.2f} ({min(t['numpy']):.2f}–{max(t['numpy']):.2f}) "
            f"| {r['median_s']['agglo']:.2f} ({min(t['agglo']):.2f}–{max(t['agglo']):.2f}) "
            f"| {r['ratio']:.1f}× | {statistics.median(m['numpy']):.0f} | {statistics.median(m['agglo']):.0f} "
            f"| {r['answer_gap']:.1e} | {r['loads'][0]:.2f}/{r['loads'][1]:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cp", type=int, default=5000, help="points of the core–periphery case (0: skip)")
    ap.add_argument("--aa", type=int, default=5000, help="points of the Allen–Arkolakis case (0: skip)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "agglo"))
    ap.add_argument("--no-build", action="store_true", help="use --binary as it is")
    ap.add_argument("--markdown", help="write the table here")
    ap.add_argument("--json", help="write the measurements here")
    ap.add_argument("--numpy", nargs=3, metavar=("CASE", "CSV", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, HERE)
    if args.numpy:
        kind, csv, out = args.numpy
        (numpy_cp if kind == "cp" else numpy_aa)(csv, out)
        return
    os.makedirs(DIR, exist_ok=True)
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "agglo"], cwd=ROOT, check=True)
    cores = os.cpu_count()
    print(f"nproc = {cores}, load at start = {load():.2f}", flush=True)
    results = []
    for name, n in (("cp", args.cp), ("aa", args.aa)):
        if n:
            r = case(name, n, args.runs, args.binary)
            results.append(r)
            print(json.dumps({k: v for k, v in r.items()}), flush=True)
    table = markdown(results, cores)
    print(table)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(table)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"nproc": cores, "results": results}, f, indent=1)
    if not all(r["agree"] for r in results):
        print(f"answers disagree by more than {AGREE:g}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
