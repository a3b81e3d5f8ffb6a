#!/usr/bin/env bash
# Sweep throughput (issue: comparative statics at HPC scale): the two example sweeps,
# configs/sweep-tomahawk.toml (10,000 two-region long-run solves, trade cost x mu) and
# configs/sweep-racetrack12.toml (1,000 racetrack-12 long-run solves, a Latin hypercube),
# each with 1 and 2 threads (or THREADS="1 2 4 ..."), in release mode. Prints nproc and the
# load first (a loaded machine gives no clean speed-up) and, per run, the points per second
# agglo reports plus the user CPU time (CPU-seconds per point do not depend on the load).
# Checks that every thread count wrote the same /sweep, bit for bit.
#
# Usage: scripts/bench_sweep.sh [--quick]    (--quick: 200 racetrack points)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
env_file="${CARGO_TARGET_DIR:-$root/target}/agglo-setup.env"
# shellcheck source=/dev/null
[ -f "$env_file" ] && source "$env_file"
read -r -a features <<<"${AGGLO_CARGO_FEATURES:-}"
cd "$root"
cargo build --release -q "${features[@]}"
agglo="$(mktemp -d)/agglo"
cp "${CARGO_TARGET_DIR:-$root/target}/release/agglo" "$agglo" # a stable copy while others build
work="$(mktemp -d)"
trap 'rm -rf "$work" "$(dirname "$agglo")"' EXIT

extra_racetrack=()
if [[ "${1:-}" == "--quick" ]]; then
  extra_racetrack=(--set "sweep.points=200")
fi

echo "== machine: nproc $(nproc); $(uptime)"
grep -m1 "model name" /proc/cpuinfo || true
for name in tomahawk racetrack12; do
  config="configs/sweep-$name.toml"
  extra=()
  [ "$name" = racetrack12 ] && extra=("${extra_racetrack[@]}")
  first=""
  for t in ${THREADS:-1 2}; do
    out="$work/$name-$t.h5"
    /usr/bin/time -f "cpu %U s user, %S s sys" -o "$work/time" \
      "$agglo" --threads "$t" sweep "$config" "${extra[@]}" -q -o "$out" >"$work/log"
    printf '%-12s %s   [%s]\n' "$name" "$(grep -E '^solved' "$work/log")" "$(cat "$work/time")"
    grep -E 'did not converge' "$work/log" || true
    if [ -z "$first" ]; then
      first="$out"
    else
      python3 - "$first" "$out" <<'PY'
import sys, h5py
a, b = (h5py.File(p, "r")["sweep"] for p in sys.argv[1:3])
assert sorted(a) == sorted(b), (sorted(a), sorted(b))
for k in a:
    assert a[k][()].tobytes() == b[k][()].tobytes(), f"/sweep/{k} differs between thread counts"
print(f"             /sweep identical to the 1-thread run ({len(list(a))} datasets)")
PY
    fi
  done
done
