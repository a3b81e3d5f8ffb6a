#!/usr/bin/env bash
# All benchmarks (DESIGN.md §4): criterion benches (short run on `points` geography with the
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
cargo bench "${features[@]}" --bench short_run "${quick[@]}"

echo "== cargo bench --bench tomahawk"
cargo bench "${features[@]}" --bench tomahawk "${quick[@]}"

echo "== scripts/bench_tomahawk_numpy.py"
python3 scripts/bench_tomahawk_numpy.py --runs "$numpy_runs"

echo "== done: $(uptime)"
