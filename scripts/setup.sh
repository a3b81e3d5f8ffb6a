#!/usr/bin/env bash
# Makes a machine ready to build, run and test agglo. Idempotent; silent and fast when
# everything is already there; prints one line per thing it installs.
#
#   HDF5 C library   Debian's libhdf5-dev (found with pkg-config) for the hdf5-metno crate.
#                    Without apt, falls back to the bundled static build: cmake >= 3.26 from
#                    pip and the cargo feature `static-hdf5`, recorded in
#                    target/agglo-setup.env, which scripts/run.sh and scripts/test.sh source.
#   h5py, numpy      for scripts/check_h5.py and the interop test (tests/interop.rs).
#   matplotlib       for scripts/plot_h5.py (tests/gallery.rs runs it).
#   maturin, pytest, pandas, venv
#                    the Python package: its wheel, its tests (scripts/test_python.sh).
#
# Environment: AGGLO_STATIC_HDF5=1 forces the static build even when a system HDF5 exists.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
env_file="$target_dir/agglo-setup.env"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }
export PIP_ROOT_USER_ACTION=ignore # root installs into this Python on purpose

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  sudo=(none)
fi

# apt-get is usable when it exists and we are root or have sudo.
have_apt() { command -v apt-get >/dev/null 2>&1 && [ "${sudo[0]:-}" != none ]; }

apt_updated=0
apt_install() { # apt_install PKG... ; output goes to a log shown only on failure
  local log
  log="$(mktemp)"
  export DEBIAN_FRONTEND=noninteractive
  # Without a fresh package list, libhdf5-dev fails with "held broken packages" (stale
  # lists against the installed libcurl4): update first, once per run.
  if [ "$apt_updated" -eq 0 ]; then
    "${sudo[@]}" apt-get update -q >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; return 1; }
    apt_updated=1
  fi
  if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "$@" >>"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

# pip options: --user when neither root nor inside a virtual environment.
pip_args() {
  printf '%s\n' --quiet --disable-pip-version-check
  if [ "$(id -u)" -ne 0 ] && [ -z "${VIRTUAL_ENV:-}" ] \
    && python3 -c 'import sys; sys.exit(sys.prefix != sys.base_prefix)'; then
    printf '%s\n' --user
  fi
}

# ---------------------------------------------------------------------------------------
# Rust toolchain: cannot be installed from here, only checked.
command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust >= 1.85 (https://rustup.rs) and re-run"

# ---------------------------------------------------------------------------------------
# Python with h5py and numpy (and scipy: scripts/calibrate_scipy.py, run by tests/calibration.rs).
command -v python3 >/dev/null 2>&1 || {
  have_apt && apt_install python3 && say "installed python3 (apt)"
} || die "python3 not found and apt-get unavailable: install Python >= 3.11"

if ! python3 -c "import h5py, numpy, scipy" >/dev/null 2>&1; then
  # Debian's own python3 refuses pip installs (PEP 668): use its packages there.
  externally_managed="$(python3 - <<'PY'
import os, sys, sysconfig
in_venv = sys.prefix != sys.base_prefix
marker = os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
print(1 if (not in_venv and os.path.exists(marker)) else 0)
PY
)"
  if [ "$externally_managed" = 1 ] && have_apt; then
    apt_install python3-h5py python3-numpy python3-scipy || die "apt-get install python3-h5py python3-numpy python3-scipy failed"
    say "installed python3-h5py python3-numpy python3-scipy (apt)"
  else
    mapfile -t args < <(pip_args)
    python3 -m pip install "${args[@]}" h5py numpy scipy \
      || die "python3 -m pip install h5py numpy scipy failed (a venv, or apt-get install python3-h5py, also works)"
    say "installed h5py numpy scipy (pip)"
  fi
  python3 -c "import h5py, numpy, scipy" >/dev/null 2>&1 || die "h5py/numpy/scipy installed but 'import h5py, numpy, scipy' still fails"
fi

# matplotlib (Agg backend) for scripts/plot_h5.py, which the test suite runs.
if ! python3 -c "import matplotlib" >/dev/null 2>&1; then
  managed="$(python3 -c 'import os, sys, sysconfig; print(1 if sys.prefix == sys.base_prefix and os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 0)')"
  if [ "$managed" = 1 ] && have_apt; then
    apt_install python3-matplotlib || die "apt-get install python3-matplotlib failed"
    say "installed python3-matplotlib (apt)"
  else
    mapfile -t args < <(pip_args)
    python3 -m pip install "${args[@]}" matplotlib \
      || die "python3 -m pip install matplotlib failed (scripts/plot_h5.py needs it)"
    say "installed matplotlib (pip)"
  fi
fi

# The Python package's build and tests (scripts/test_python.sh): maturin builds the wheel,
# pytest runs python/tests, pandas is the DataFrame input; venv makes the test environment.
if ! python3 -c "import maturin, pytest, pandas, venv, ensurepip" >/dev/null 2>&1; then
  managed="$(python3 -c 'import os, sys, sysconfig; print(1 if sys.prefix == sys.base_prefix and os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 0)')"
  if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1 && have_apt; then
    apt_install python3-venv || die "apt-get install python3-venv failed (scripts/test_python.sh needs venv)"
    say "installed python3-venv (apt)"
  fi
  if [ "$managed" = 1 ] && have_apt; then
    apt_install python3-pytest python3-pandas || die "apt-get install python3-pytest python3-pandas failed"
    say "installed python3-pytest python3-pandas (apt)"
    python3 -c "import maturin" >/dev/null 2>&1 || {
      python3 -m pip install --quiet --break-system-packages maturin || die "pip install maturin failed"
      say "installed maturin (pip)"
    }
  else
    mapfile -t args < <(pip_args)
    python3 -m pip install "${args[@]}" maturin pytest pandas \
      || die "python3 -m pip install maturin pytest pandas failed (the Python package's tests need them)"
    say "installed maturin pytest pandas (pip)"
  fi
fi

# util-linux's `script` (Debian bsdutils): tests/progress.rs runs agglo on a pseudo-terminal.
if ! command -v script >/dev/null 2>&1; then
  if have_apt; then
    apt_install bsdutils || die "apt-get install bsdutils failed (tests/progress.rs needs \`script\`)"
    say "installed bsdutils (apt) for script(1)"
  else
    die "script(1) not found (util-linux): tests/progress.rs needs it to run agglo on a pseudo-terminal"
  fi
fi

# ---------------------------------------------------------------------------------------
# HDF5 C library: the system one via pkg-config, else the bundled static build.
cmake_ok() { # cmake_ok CMAKE_BINARY: version >= 3.26
  local v
  v="$("$1" --version 2>/dev/null | sed -n 's/^cmake version \([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p')" || return 1
  [ -n "$v" ] || return 1
  local major="${v%%.*}" minor="${v#*.}"
  [ "$major" -gt 3 ] || { [ "$major" -eq 3 ] && [ "$minor" -ge 26 ]; }
}

use_static() {
  local cmake_bin=""
  command -v cc >/dev/null 2>&1 || die "no C compiler (cc): the static HDF5 build needs one"
  # Prefer cmake from pip (a stable path, no shims), then one on PATH, else install it.
  cmake_bin="$(python3 -c 'import cmake, os; print(os.path.join(cmake.CMAKE_BIN_DIR, "cmake"))' 2>/dev/null || true)"
  if [ -z "$cmake_bin" ] || ! cmake_ok "$cmake_bin"; then
    if command -v cmake >/dev/null 2>&1 && cmake_ok "$(command -v cmake)"; then
      cmake_bin="$(command -v cmake)"
    else
      mapfile -t args < <(pip_args)
      python3 -m pip install "${args[@]}" "cmake>=3.26" || die "pip install cmake failed (the static HDF5 build needs cmake >= 3.26)"
      cmake_bin="$(python3 -c 'import cmake, os; print(os.path.join(cmake.CMAKE_BIN_DIR, "cmake"))')"
      cmake_ok "$cmake_bin" || die "$cmake_bin is older than 3.26"
      say "installed cmake $("$cmake_bin" --version | head -n1 | awk '{print $3}') (pip) for the static HDF5 build"
    fi
  fi
  local want
  want="$(printf '%s\n' \
    "# written by scripts/setup.sh: no system HDF5, so build the bundled one" \
    "export AGGLO_CARGO_FEATURES=\"--features static-hdf5\"" \
    "export CMAKE=\"$cmake_bin\"" \
    "export PATH=\"$(dirname "$cmake_bin"):\$PATH\"")"
  if [ ! -f "$env_file" ] || [ "$(cat "$env_file")" != "$want" ]; then
    mkdir -p "$target_dir"
    printf '%s\n' "$want" >"$env_file"
    say "HDF5: using the bundled static build (cargo --features static-hdf5; the first build takes minutes longer)"
    say "  recorded in $env_file; for plain cargo commands: source $env_file && cargo build \$AGGLO_CARGO_FEATURES"
  fi
}

if [ "${AGGLO_STATIC_HDF5:-0}" = 1 ]; then
  use_static
elif pkg-config --exists hdf5 >/dev/null 2>&1; then
  rm -f "$env_file" # a system library is there: no static build (any more)
elif [ -f "$env_file" ]; then
  use_static # chosen by an earlier run: do not retry apt every time (delete the file to retry)
elif have_apt && apt_install libhdf5-dev pkg-config && pkg-config --exists hdf5; then
  rm -f "$env_file"
  say "installed libhdf5-dev pkg-config (apt): HDF5 $(pkg-config --modversion hdf5)"
else
  if have_apt; then
    say "warning: apt-get install libhdf5-dev failed; falling back to the static HDF5 build" >&2
  fi
  use_static
fi
