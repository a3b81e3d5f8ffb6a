#!/usr/bin/env bash
# Sets up (scripts/setup.sh), builds agglo in release mode and runs it.
#   scripts/run.sh                      agglo solve -o agglo-out.h5 (the compiled-in FKV
#                                       two-region model, sigma = 5, mu = 0.4, T = 1.7)
#   scripts/run.sh solve my.toml -o my.h5 --set model.sigma=4
#   scripts/run.sh inspect agglo-out.h5
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"

target_dir="${CARGO_TARGET_DIR:-$root/target}"
env_file="$target_dir/agglo-setup.env"
# shellcheck source=/dev/null
[ -f "$env_file" ] && source "$env_file"
read -r -a features <<<"${AGGLO_CARGO_FEATURES:-}"

cargo build --release --manifest-path "$root/Cargo.toml" "${features[@]}"
if [ "$#" -eq 0 ]; then
  set -- solve -o agglo-out.h5
fi
exec "$target_dir/release/agglo" "$@"
