#!/usr/bin/env bash
# Scale benchmarks (issue 5): Allen–Arkolakis (alpha = 0.1, beta = -0.3) on 512 x 512 and
# 1024 x 1024 tori by FFT, with wall time and peak resident memory from /usr/bin/time -v;
# then the dense path at N = 5000 against the memory roofline (streaming read of 200 MB).
# Prints the machine facts first: numbers from a loaded machine are not comparable.
#
# Usage: scripts/bench_fft.sh [--skip-1024]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"

echo "== machine: nproc $(nproc); $(uptime)"
grep -m1 "model name" /proc/cpuinfo || true
cargo build --release --example fft_torus --example dense_roofline

peak() {
    # Runs "$@" under /usr/bin/time -v (when present), printing the program's output and
    # the wall time and maximum resident set size.
    if [ -x /usr/bin/time ]; then
        local log
        log="$(mktemp)"
        /usr/bin/time -v "$@" 2>"$log"
        grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$log" | sed 's/^\s*/   /'
        rm -f "$log"
    else
        "$@"
    fi
}

for side in 512 1024; do
    if [[ "$side" == 1024 && "${1:-}" == "--skip-1024" ]]; then
        continue
    fi
    echo "== torus ${side} x ${side}, Allen–Arkolakis, Anderson to 1e-10"
    peak "$target/release/examples/fft_torus" "$side" "$side"
done
echo "== torus 512 x 512, damped iteration (damping 0.5) for comparison"
peak "$target/release/examples/fft_torus" 512 512 --picard 0.5

echo "== dense path, N = 5000"
peak "$target/release/examples/dense_roofline" 5000
