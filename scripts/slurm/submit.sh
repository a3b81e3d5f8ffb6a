#!/usr/bin/env bash
# Submits a sharded `agglo sweep` to SLURM: a job array of NSHARDS tasks
# (sweep-array.sbatch), then the merge (merge.sbatch) to run once every task has succeeded.
#
#   scripts/slurm/submit.sh CONFIG NSHARDS [RESULT.h5] [extra sbatch options...]
#
# e.g. scripts/slurm/submit.sh configs/sweep-tomahawk.toml 16 tomahawk.h5 --cpus-per-task=4
# Environment: OUT_DIR (shard files, default parts-<config name>), AGGLO (the binary), SET
# (extra agglo options, the same for every task). Prints the two job ids.
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
config="$1" nshards="$2"
result="${3:-sweep.h5}"
shift $(( $# >= 3 ? 3 : 2 ))
name="$(basename "$config" .toml)"
export CONFIG="$config" OUT_DIR="${OUT_DIR:-parts-$name}" RESULT="$result" AGGLO="${AGGLO:-agglo}" SET="${SET:-}"
array="$(sbatch --parsable --array="0-$((nshards - 1))" --export=ALL "$@" "$here/sweep-array.sbatch")"
array="${array%%;*}"
merge="$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes --export=ALL "$here/merge.sbatch")"
echo "array job $array ($nshards tasks) -> $OUT_DIR/part-*.h5; merge job $merge -> $RESULT"
