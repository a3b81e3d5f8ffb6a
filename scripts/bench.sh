#!/usr/bin/env bash
# All benchmarks (README "Performance"): criterion benches (short run on `points` geography with the
# memory roofline, the full FKV tomahawk) and the NumPy brute-force tomahawk against agglo.
# Prints the machine facts first: benchmarks on a loaded machine are not comparable.
#
# Usage: scripts/bench.sh [--quick]   (--quick: criterion's quick mode, 1 NumPy run)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
# Same build configuration as scripts/test.sh (e.g. the static-hdf5 feature).
env_file="${CARGO_TARGET_DIR:-$root/target}/agglo-setup.env"
# shellcheck source=/dev/null
[ -f "$env_file" ] && source "$env_file"
export AGGLO_CARGO_FEATURES="${AGGLO_CARGO_FEATURES:-}"
read -r -a features <<<"$AGGLO_CARGO_FEATURES"
cd "$root"

quick=()
numpy_runs=3
if [[ "${1:-}" == "--quick" ]]; then
    quick=(-- --quick)
    numpy_runs=1
fi

echo "== machine: nproc $(nproc); $(uptime)"
grep -m1 "model name" /proc/cpuinfo || true

echo "== cargo bench --bench short_run"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cargo bench "${features[@]}" --bench short_run "${quick[@]}" 2>&1 | tee "$log"

# Roofline table from criterion's estimates (median of the samples) and the iteration counts
# the bench prints: per iteration, 2 mat-vecs stream 2 x 8 N^2 bytes.
python3 - "$log" "${CARGO_TARGET_DIR:-$root/target}/criterion" <<'PY'
import json, re, sys
log, crit = sys.argv[1], sys.argv[2]
est = lambda path: json.load(open(f"{crit}/{path}/new/estimates.json"))["median"]["point_estimate"] * 1e-9
iters = {(m, int(n)): int(k) for n, m, k in re.findall(r"R =\s+(\d+) (\w+)\s+iterations =\s+(\d+)", open(log).read())}
bw = {name: 8 * 5000**2 / est(f"memory/{name}") for name in ("stream_read", "stream_read_parallel")}
roof_bw = max(bw.values())
print(f"read bandwidth: 1 thread {bw['stream_read']/1e9:.1f} GB/s, all threads {bw['stream_read_parallel']/1e9:.1f} GB/s; roofline uses {roof_bw/1e9:.1f} GB/s")
print(f"{'R':>5} {'method':<9} {'solve ms':>9} {'iter':>5} {'ms/iter':>8} {'matvec ms':>9} {'roof ms':>8} {'ratio':>6}")
for (method, n), k in sorted(iters.items(), key=lambda x: (x[0][1], x[0][0])):
    t = est(f"short_run_points/{method}/{n}")
    mv = est(f"matvec/{n}")
    roof = 2 * 8 * n * n / roof_bw
    print(f"{n:>5} {method:<9} {t*1e3:9.2f} {k:5d} {t/k*1e3:8.3f} {mv*1e3:9.3f} {roof*1e3:8.3f} {t/k/roof:6.2f}")
PY

echo "== cargo bench --bench tomahawk"
cargo bench "${features[@]}" --bench tomahawk "${quick[@]}"

echo "== scripts/bench_tomahawk_numpy.py"
python3 scripts/bench_tomahawk_numpy.py --runs "$numpy_runs"

echo "== done: $(uptime)"
