#!/usr/bin/env bash
# The optional `mpi` feature (agglo sweep across MPI ranks, rank 0 writing): installs Open
# MPI and libclang (for rsmpi's bindings) with apt-get when missing (as root), then runs
# `cargo test --features mpi --test mpi`: the same sweep under `mpirun -np 2` and in one
# process, compared bit for bit. Extra arguments go to cargo test.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
if ! command -v mpirun >/dev/null 2>&1 || ! command -v mpicc >/dev/null 2>&1 || ! dpkg -s libclang-dev >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 \
    || { echo "test_mpi: install Open MPI (mpirun, mpicc) and libclang, e.g. apt-get install libopenmpi-dev openmpi-bin libclang-dev" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends libopenmpi-dev openmpi-bin libclang-dev >/dev/null
  echo "test_mpi: installed libopenmpi-dev openmpi-bin libclang-dev (apt)"
fi
env_file="${CARGO_TARGET_DIR:-$root/target}/agglo-setup.env"
# shellcheck source=/dev/null
[ -f "$env_file" ] && source "$env_file"
read -r -a features <<<"${AGGLO_CARGO_FEATURES:-}"
cd "$root"
exec cargo test "${features[@]}" --features mpi --test mpi "$@"
