#!/usr/bin/env python3
"""The `wages` calibration objective of agglo, minimised by scipy.optimize.least_squares.

    python3 scripts/calibrate_scipy.py configs/calibrate-wages.csv [--start 5 0.4 0.0012]

An independent NumPy implementation of the same problem as `agglo calibrate` with
`target = "wages"` (README, "Calibration"): the FKV core-periphery short run at the CSV's
worker shares (column `lambda`, farmers 1/N each) on great-circle distances (haversine,
Earth radius 6371.0088 km) with trade costs T = exp(rate * d), and the residuals

    r_r = ln w_r(sigma, mu, rate) - ln wage_r - mean_s(ln w_s - ln wage_s)

over (sigma, mu, rate) within the bounds sigma in [2, 12], mu in [0.05, 0.9],
rate in [1e-4, 5e-3] (those of configs/calibrate-wages.toml). Prints one JSON line:
{"estimate": [sigma, mu, rate], "cost": sum r^2, ...}. tests/calibration.rs runs it and
checks that agglo's estimates agree to 1e-5.
"""

import argparse
import csv
import json
import sys

try:
    import numpy as np
    from scipy.optimize import least_squares
except ImportError as exc:  # pragma: no cover - depends on the machine
    print(f"calibrate_scipy.py: cannot import numpy/scipy ({exc}); run scripts/setup.sh", file=sys.stderr)
    sys.exit(2)

EARTH_RADIUS_KM = 6371.0088
LOWER = np.array([2.0, 0.05, 1e-4])
UPPER = np.array([12.0, 0.9, 5e-3])


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    lat = np.radians([float(r["lat"]) for r in rows])
    lon = np.radians([float(r["lon"]) for r in rows])
    shares = np.array([float(r["lambda"]) for r in rows])
    wage = np.array([float(r["wage"]) for r in rows])
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(np.sqrt(h), 1.0))
    return distance, shares, wage


def short_run_wages(sigma, mu, rate, distance, shares, tol=1e-14, max_iter=100_000):
    """Fixed point of w_r = [sum_s Y_s phi_rs G_s^(sigma-1)]^(1/sigma) (FKV eqs 5.1-5.4)."""
    n = len(shares)
    phi = np.exp((1 - sigma) * rate * distance)
    farmers = np.full(n, 1.0 / n)
    log_w = np.zeros(n)
    for it in range(max_iter):
        w = np.exp(log_w)
        income = mu * shares * w + (1 - mu) * farmers
        h = (shares * w ** (1 - sigma)) @ phi  # G_r^(1-sigma) = sum_s lambda_s w_s^(1-sigma) phi_sr
        new = np.log(phi @ (income / h)) / sigma
        step = np.max(np.abs(new - log_w))
        log_w = new
        if step < tol:
            return np.exp(log_w)
    raise RuntimeError(f"short run did not converge (sigma={sigma}, mu={mu}, rate={rate})")


def residuals(theta, distance, shares, log_observed):
    sigma, mu, rate = theta
    d = np.log(short_run_wages(sigma, mu, rate, distance, shares)) - log_observed
    return d - d.mean()


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("csv")
    p.add_argument("--start", nargs=3, type=float, default=[5.0, 0.4, 0.0012], metavar=("SIGMA", "MU", "RATE"))
    p.add_argument(
        "--diff-step",
        type=float,
        default=None,
        help="relative finite-difference step of the Jacobian (scipy's default sqrt(eps) ~ 1.5e-8 is below "
        "the sqrt(1e-14) that the short run's tolerance supports; 1e-7 pins the optimum to ~1e-7)",
    )
    args = p.parse_args(argv[1:])
    distance, shares, wage = read(args.csv)
    log_observed = np.log(wage)
    fit = least_squares(
        residuals,
        np.array(args.start),
        bounds=(LOWER, UPPER),
        method="trf",
        x_scale="jac",
        ftol=1e-15,
        xtol=1e-15,
        gtol=1e-15,
        max_nfev=2000,
        diff_step=args.diff_step,
        args=(distance, shares, log_observed),
    )
    r = fit.fun
    print(json.dumps({
        "estimate": [float(v) for v in fit.x],
        "cost": float(r @ r),
        "status": int(fit.status),
        "nfev": int(fit.nfev),
        "message": fit.message,
    }))
    return 0 if fit.status > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
