#!/usr/bin/env bash
# Fuzzes agglo's input parsing with cargo fuzz (libFuzzer): the config parser, the points/data
# CSV reader, the trade-cost matrix CSV reader and `--set` overrides (targets in
# tests/fuzz/fuzz_targets/, entry functions in tests/fuzz/src/harness.rs). Each target runs
# for SECONDS (default 60), one after the other, starting from the committed seeds in
# tests/fuzz/corpus/<target>/seed-*; new corpus entries stay untracked, crashes go to
# tests/fuzz/artifacts/<target>/. Add each crashing input, once fixed, as a seed-* file: tests/
# fuzz_seeds.rs replays the seeds in the normal test suite.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 600 config
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain RUSTC_BOOTSTRAP=1 lets
# cargo fuzz pass its nightly flags. No sanitizer: agglo is safe Rust; panics, aborts, OOM
# (> 4 GB) and timeouts (> 30 s per input) are what the fuzzer reports.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(config points_csv matrix_csv overrides)

cd "$root"
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
  echo "fuzz: $t for ${seconds}s"
  cargo fuzz run --fuzz-dir tests/fuzz --sanitizer none "$t" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 -max_len=4096 -print_final_stats=1
done
