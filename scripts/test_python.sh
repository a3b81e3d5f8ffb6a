#!/usr/bin/env bash
# The Python package's tests (issue 17), run by scripts/test.sh after cargo test:
#   1. builds the abi3 wheel with maturin in cargo's dev profile (the test build's
#      dependencies are reused, and the numbers are those of target/debug/agglo, which the
#      tests compare against bit for bit),
#   2. installs it into a fresh temporary virtual environment (it sees the system's numpy,
#      h5py, pandas, matplotlib and pytest, which scripts/setup.sh installed),
#   3. runs python/tests with pytest from the repository root.
# Extra arguments go to pytest, e.g. scripts/test_python.sh -k dataframe.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
env_file="$target_dir/agglo-setup.env"
# shellcheck source=/dev/null
[ -f "$env_file" ] && source "$env_file"
cli_features=() wheel_features=()
case "${AGGLO_CARGO_FEATURES:-}" in
  *static-hdf5*) cli_features=(--features static-hdf5) wheel_features=(--features agglo/static-hdf5) ;;
esac

scratch="$(mktemp -d "${TMPDIR:-/tmp}/agglo-python.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
cd "$root"
cargo build --quiet --bin agglo "${cli_features[@]}"
python3 -m maturin build --quiet --profile dev --out "$scratch/wheels" "${wheel_features[@]}" 2>&1 \
  | grep -v -e '^📦\|^🍹\|^🔗\|^🐍\|^⚠️  Warning: CARGO_PROFILE\|^$' >&2 || true
wheel="$(ls "$scratch"/wheels/agglo-*.whl)"
echo "test_python: built $(basename "$wheel")" >&2
python3 -m venv --system-site-packages "$scratch/venv"
"$scratch/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-index "$wheel"
export AGGLO_BIN="$target_dir/debug/agglo" AGGLO_REPO="$root"
"$scratch/venv/bin/python" -m pytest -q -p no:cacheprovider "$root/python/tests" "$@"
