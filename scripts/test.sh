#!/usr/bin/env bash
# Sets up (scripts/setup.sh), then runs the whole test suite: unit tests, integration tests
# (tests/*.rs, including the h5py interop check) and doc tests. Extra arguments go to
# `cargo test`, e.g. scripts/test.sh --test interop. --no-fail-fast: every suite runs and
# reports, the exit status is still non-zero on any failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"

target_dir="${CARGO_TARGET_DIR:-$root/target}"
env_file="$target_dir/agglo-setup.env"
# shellcheck source=/dev/null
[ -f "$env_file" ] && source "$env_file"
read -r -a features <<<"${AGGLO_CARGO_FEATURES:-}"

cd "$root"
# Property tests draw their cases from a fixed seed so that CI is reproducible; set
# PROPTEST_RNG_SEED to explore other cases.
export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-1}"
exec cargo test --no-fail-fast "${features[@]}" "$@"
