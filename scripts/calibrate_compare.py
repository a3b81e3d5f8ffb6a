#!/usr/bin/env python3
"""Whole-command comparison of `agglo calibrate` with scipy.optimize.least_squares on the
`wages` objective (scripts/calibrate_scipy.py, a NumPy short run inside), one start.

    python3 scripts/calibrate_compare.py [--regions 177] [--repeats 3] [--agglo target/release/agglo]

Writes a seeded case to a temporary folder: N points in a box of Europe (lat 36..60,
lon -10..30), worker shares uniform in (0.2, 1.8) normalised, wages from the model at
sigma = 6.5, mu = 0.3, rate = 0.0009 (the NumPy short run) times a 1% log-normal error, and a
config with the bounds of scripts/calibrate_scipy.py and the start (5, 0.4, 0.0012). Then
runs, interleaved, `agglo --threads 1 calibrate CONFIG --set calibrate.starts=1 --set
calibrate.bootstrap=0 -o OUT.h5` and `python3 scripts/calibrate_scipy.py CSV`, each a whole
process, and prints the median and range of the wall times, their ratio and the largest
relative difference of the estimates (agglo's from its HDF5 file), also against scipy with
a finite-difference step of 1e-7 (`--diff-step`, untimed), whose optimum is sharper.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import calibrate_scipy  # noqa: E402

CONFIG = """[model]
kind = "core-periphery"
sigma = 5.0
mu = 0.4
shares = "lambda"

[geography]
kind = "points"
file = "case.csv"
metric = "great-circle"
cost = "exp"
rate = 0.0012

[solver]
method = "anderson"
tolerance = 1e-13

[calibrate]
target = "wages"
wage = "wage"
starts = 1
bootstrap = 0
tolerance = 1e-12

[[calibrate.parameter]]
key = "model.sigma"
lower = 2.0
upper = 12.0
start = 5.0

[[calibrate.parameter]]
key = "model.mu"
lower = 0.05
upper = 0.9
start = 0.4

[[calibrate.parameter]]
key = "geography.rate"
lower = 0.0001
upper = 0.005
start = 0.0012
"""


def write_case(folder, n, seed):
    rng = np.random.default_rng(seed)
    raw = rng.uniform(0.2, 1.8, n)
    shares = raw / raw.sum()
    lat = rng.uniform(36.0, 60.0, n)
    lon = rng.uniform(-10.0, 30.0, n)
    path = os.path.join(folder, "case.csv")
    with open(path, "w") as f:
        f.write("id,lat,lon,lambda,wage\n")
        for i in range(n):
            f.write(f"r{i},{lat[i]:.6f},{lon[i]:.6f},{shares[i]:.17e},1.0\n")
    distance, shares, _ = calibrate_scipy.read(path)
    w = calibrate_scipy.short_run_wages(6.5, 0.3, 0.0009, distance, shares)
    w = w * np.exp(0.01 * rng.standard_normal(n))
    with open(path, "w") as f:
        f.write("id,lat,lon,lambda,wage\n")
        for i in range(n):
            f.write(f"r{i},{lat[i]:.6f},{lon[i]:.6f},{shares[i]:.17e},{w[i]:.17e}\n")
    config = os.path.join(folder, "case.toml")
    with open(config, "w") as f:
        f.write(CONFIG)
    return path, config


def timed(cmd):
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    dt = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{p.stdout}{p.stderr}")
    return dt, p.stdout


def agglo_estimate(out):
    import h5py

    with h5py.File(out, "r") as f:
        return [float(v) for v in f["calibration/estimate"][()]]


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--regions", type=int, default=177)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--seed", type=int, default=177)
    p.add_argument("--agglo", default=os.path.join(HERE, "..", "target", "release", "agglo"))
    args = p.parse_args(argv[1:])
    with tempfile.TemporaryDirectory() as folder:
        csv, config = write_case(folder, args.regions, args.seed)
        out = os.path.join(folder, "cal.h5")
        ours, theirs = [], []
        for _ in range(args.repeats):
            if os.path.exists(out):
                os.remove(out)
            dt, _ = timed([args.agglo, "--threads", "1", "calibrate", config, "-o", out])
            ours.append(dt)
            dt, line = timed([sys.executable, os.path.join(HERE, "calibrate_scipy.py"), csv])
            theirs.append(dt)
        scipy = json.loads(line)
        estimate = agglo_estimate(out)
        # The same objective with a finite-difference step suited to the short run's
        # tolerance: scipy's optimum then pins down to ~1e-7 (its default step leaves ~1e-6).
        _, line = timed([sys.executable, os.path.join(HERE, "calibrate_scipy.py"), csv, "--diff-step", "1e-7"])
        scipy_fine = json.loads(line)
    diff = max(abs(a - b) / abs(b) for a, b in zip(estimate, scipy["estimate"]))
    diff_fine = max(abs(a - b) / abs(b) for a, b in zip(estimate, scipy_fine["estimate"]))
    print(json.dumps({
        "regions": args.regions,
        "nproc": os.cpu_count(),
        "load": os.getloadavg(),
        "agglo_seconds": {"median": statistics.median(ours), "min": min(ours), "max": max(ours)},
        "scipy_seconds": {"median": statistics.median(theirs), "min": min(theirs), "max": max(theirs)},
        "speedup_median": statistics.median(theirs) / statistics.median(ours),
        "agglo_estimate": estimate,
        "scipy_estimate": scipy["estimate"],
        "scipy_nfev": scipy["nfev"],
        "scipy_cost": scipy["cost"],
        "max_relative_difference": diff,
        "scipy_diff_step_1e-7_estimate": scipy_fine["estimate"],
        "scipy_diff_step_1e-7_cost": scipy_fine["cost"],
        "max_relative_difference_diff_step_1e-7": diff_fine,
    }, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
