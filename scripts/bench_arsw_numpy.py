#!/usr/bin/env python3
"""The ARSW city (issue 8) in NumPy, as the public toolkits iterate it, against agglo.

    python3 scripts/bench_arsw_numpy.py [--sizes 50,100] [--runs 3] [--timeout 600]
                                        [--mem-gb 8] [--tol 1e-8] [--json FILE]

Inputs (the same for both): `examples/arsw_time.rs --size S` builds the synthetic S x S city
(0.5 km blocks, 15 km/h, 100,000 people, residents and workers decaying from the centre;
ARSW's parameters), recovers the fundamentals (a, b, L) by inversion, solves the forward
model with them from the uniform start (Anderson, depth 5, FFT kernels) and writes the
inputs (--inputs) and its equilibrium (--out). NumPy reads the same inputs and solves the
same equilibrium from the same start with the damped iteration of the public toolkits
(damping 0.1) and dense N x N arrays:

    Kc = exp(-kappa eps t), Kd = exp(-delta t), Kr = exp(-rho t)      (N x N, once)
    per iteration, in logs x = (ln w, ln Q, ln H_R, ln H_M):
      Upsilon = Kd @ (H_M / area), Omega = Kr @ (H_R / area)
      A = a Upsilon^lambda, B = b Omega^eta, X = (B Q^(beta-1))^eps, Y = w^eps
      pi = X[:, None] * Kc * Y[None, :] / S                         (N x N, formed)
      H_R' = H pi.sum(1), H_M' = H pi.sum(0), v = (pi * w).sum(1) / pi.sum(1)
      Q' = ((1-beta) v H_R' + (1-alpha)/alpha w H_M') / L
      w' = alpha (A ((1-alpha)/Q')^(1-alpha))^(1/alpha)
      residual r = max |G(x) - x|; stop when r <= tol; else x <- x + 0.1 (G(x) - x)

the same map and residual as agglo's (src/model/arsw/equilibrium.rs), so iterations and
solutions compare directly; the script checks that both solutions agree (max relative
difference <= 100 tol).

Each side runs in its own child process: wall time of the solve (median over --runs for
agglo; one NumPy run per size, it is the slow side) and the child's peak RSS (wait4
ru_maxrss). The NumPy child gets an address-space limit of --mem-gb and a time limit of
--timeout seconds; if it runs out of either, the script reports how far it got (iterations,
residual, seconds per iteration, peak RSS) and estimates its total time as seconds per
iteration x the iterations NumPy needed at the largest size that finished (damped-iteration
counts barely depend on N), labelled as an estimate.

Prints one line per size and the time ratio NumPy / agglo; --json writes the measurements.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "target", "release", "examples", "arsw_time")
DAMPING = 0.1


def numpy_worker(inputs, out, tol, timeout, max_iterations):
    import numpy as np

    params = {}
    with open(inputs) as f:
        for line in f:
            if line.startswith("#"):
                k, v = line[1:].split()
                params[k] = float(v)
    data = np.loadtxt(inputs, delimiter=",", comments="#", skiprows=1 + len(params))
    gx, gy, area, a, b, floor = (data[:, k] for k in range(6))
    n = len(area)
    eps, ke = params["epsilon"], params["kappa_epsilon"]
    lam, delta, eta, rho = params["lambda"], params["delta"], params["eta"], params["rho"]
    alpha, beta = params["alpha"], params["beta"]
    population = params["population"]
    clock = time.perf_counter()
    step_km = params["block_km"] * params["minutes_per_km"]
    t = np.hypot(gx[:, None] - gx[None, :], gy[:, None] - gy[None, :]) * step_km
    kc, kd, kr = np.exp(-ke * t), np.exp(-delta * t), np.exp(-rho * t)
    del t
    build = time.perf_counter() - clock
    # The uniform start of ArswCity::uniform_start.
    h = population * floor / floor.sum()
    q = ((1 - beta) + (1 - alpha) / alpha) * h / floor
    x = np.concatenate([np.zeros(n), np.log(q), np.log(h), np.log(h)])

    def g(x):
        w = np.exp(x[:n])
        lq, hr, hm = x[n : 2 * n], np.exp(x[2 * n : 3 * n]), np.exp(x[3 * n :])
        ups = kd @ (hm / area)
        om = kr @ (hr / area)
        la = np.log(a) + lam * np.log(ups)
        lb = np.log(b) + eta * np.log(om)
        lx = eps * (lb + (beta - 1) * lq)
        ly = eps * x[:n]
        xs, ys = np.exp(lx - lx.max()), np.exp(ly - ly.max())
        pi = xs[:, None] * kc * ys[None, :]
        s = pi.sum()
        pi /= s
        rows = pi.sum(axis=1)
        hr2 = population * rows
        hm2 = population * pi.sum(axis=0)
        v = (pi * w[None, :]).sum(axis=1) / rows
        q2 = ((1 - beta) * v * hr2 + (1 - alpha) / alpha * w * hm2) / floor
        w2 = np.exp(np.log(alpha) + (la + (1 - alpha) * (np.log(1 - alpha) - np.log(q2))) / alpha)
        return np.concatenate([np.log(w2), np.log(q2), np.log(hr2), np.log(hm2)])

    start = time.perf_counter()
    iterations, residual, status = 0, float("inf"), "converged"
    while True:
        gx_ = g(x)
        residual = float(np.max(np.abs(gx_ - x)))
        print(json.dumps({"progress": iterations, "residual": residual}), flush=True)
        if residual <= tol:
            break
        if time.perf_counter() - start > timeout:
            status = "timeout"
            break
        if iterations >= max_iterations:
            status = "max-iterations"
            break
        x = x + DAMPING * (gx_ - x)
        iterations += 1
    seconds = time.perf_counter() - start
    if status == "converged":
        np.savetxt(out, np.exp(x.reshape(4, n).T), delimiter=",", header="wage,floor_price,residents,workers", comments="")
    print(json.dumps({"status": status, "iterations": iterations, "residual": residual,
                      "build_seconds": build, "solve_seconds": seconds,
                      "seconds_per_iteration": seconds / max(iterations + 1, 1)}), flush=True)




def run_with_rusage(cmd, timeout=None, mem_gb=None):
    """Runs cmd; returns (stdout lines, stderr, wall seconds, peak RSS MB of that child (wait4), exit code, killed)."""

    def limit():
        if mem_gb:
            b = int(mem_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (b, b))

    clock = time.perf_counter()
    with tempfile.TemporaryFile("w+") as so, tempfile.TemporaryFile("w+") as se:
        p = subprocess.Popen(cmd, stdout=so, stderr=se, text=True, preexec_fn=limit)
        killed = False
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if timeout and time.perf_counter() - clock > timeout:
                p.kill()
                killed = True
                pid, status, usage = os.wait4(p.pid, 0)
                break
            time.sleep(0.05)
        p.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - clock
        so.seek(0)
        se.seek(0)
        return so.read().splitlines(), se.read(), wall, usage.ru_maxrss / 1024.0, p.returncode, killed


def read_solution(path):
    import numpy as np

    return np.loadtxt(path, delimiter=",", skiprows=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="50,100")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("--mem-gb", type=float, default=8.0)
    ap.add_argument("--tol", type=float, default=1e-8)
    ap.add_argument("--max-iterations", type=int, default=100000)
    ap.add_argument("--json")
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        numpy_worker(args.worker[0], args.worker[1], args.tol, args.timeout, args.max_iterations)
        return 0
    subprocess.run(["cargo", "build", "--release", "--example", "arsw_time"], cwd=ROOT, check=True)
    import numpy as np

    results, finished_iterations = [], None
    with tempfile.TemporaryDirectory() as tmp:
        for size in [int(s) for s in args.sizes.split(",")]:
            n = size * size
            inputs, agglo_out, numpy_out = (os.path.join(tmp, f"{k}_{size}.csv") for k in ("in", "agglo", "numpy"))
            load = os.getloadavg()[0]
            lines, err, wall, rss, rc, _ = run_with_rusage(
                [EXAMPLE, "--size", str(size), "--runs", str(args.runs), "--tol", str(args.tol),
                 "--inputs", inputs, "--out", agglo_out])
            if rc != 0:
                print(f"agglo failed at {size}x{size}: {err}", file=sys.stderr)
                return 1
            agglo = json.loads(lines[-1])
            agglo["peak_rss_mb_wait4"] = rss
            agglo["process_seconds"] = wall
            lines, err, wall, rss, rc, killed = run_with_rusage(
                [sys.executable, os.path.abspath(__file__), "--worker", inputs, numpy_out,
                 "--tol", str(args.tol), "--timeout", str(args.timeout), "--max-iterations", str(args.max_iterations)],
                timeout=args.timeout + 120, mem_gb=args.mem_gb)
            final = [json.loads(l) for l in lines if l.startswith("{") and "status" in l]
            progress = [json.loads(l) for l in lines if l.startswith("{") and "progress" in l]
            if final:
                nump = final[-1]
            else:
                reason = "killed (time)" if killed else ("out of memory" if "MemoryError" in err or rc != 0 else "failed")
                nump = {"status": reason, "iterations": progress[-1]["progress"] if progress else 0,
                        "residual": progress[-1]["residual"] if progress else None, "stderr_tail": err[-300:]}
            nump["peak_rss_mb"] = rss
            nump["process_seconds"] = wall
            row = {"size": size, "blocks": n, "load_1min_before": load, "agglo": agglo, "numpy": nump}
            if nump["status"] == "converged":
                finished_iterations = nump["iterations"]
                a, b = read_solution(agglo_out), read_solution(numpy_out)
                row["max_relative_difference"] = float(np.max(np.abs(a / b - 1)))
                row["ratio"] = nump["solve_seconds"] / agglo["solve_seconds"]
            elif "seconds_per_iteration" in nump and finished_iterations:
                row["numpy_estimated_seconds"] = nump["seconds_per_iteration"] * (finished_iterations + 1)
                row["ratio_estimated"] = row["numpy_estimated_seconds"] / agglo["solve_seconds"]
            results.append(row)
            print(
                f"{n:6d} blocks: agglo {agglo['solve_seconds']:.3f} s ({agglo['solve_iterations']} it, Anderson+FFT; "
                f"damped 0.1 on FFT: {agglo['picard_seconds']:.2f} s, {agglo['picard_iterations']} it), "
                f"peak RSS {agglo['peak_rss_mb_wait4']:.0f} MB | NumPy {nump['status']}: "
                + (f"{nump['solve_seconds']:.1f} s ({nump['iterations']} it, damped 0.1), " if "solve_seconds" in nump else f"{nump['iterations']} it, ")
                + f"peak RSS {nump['peak_rss_mb']:.0f} MB"
                + (f" | ratio {row['ratio']:.0f}x, max rel diff {row['max_relative_difference']:.1e}" if "ratio" in row else "")
                + (f" | NumPy estimated {row['numpy_estimated_seconds']:.0f} s, ratio ~{row['ratio_estimated']:.0f}x" if "ratio_estimated" in row else ""),
                flush=True,
            )
            if "max_relative_difference" in row and row["max_relative_difference"] > 100 * args.tol:
                print(f"solutions differ: {row['max_relative_difference']}", file=sys.stderr)
                return 1
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"nproc": os.cpu_count(), "results": results}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
