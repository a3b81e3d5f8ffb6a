"""Shared helpers of the Python package's tests (scripts/test_python.sh runs them).

AGGLO_BIN is the CLI of the same build as the installed wheel; AGGLO_REPO the repository.
"""

import os
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pytest

REPO = Path(os.environ.get("AGGLO_REPO", Path(__file__).resolve().parents[2]))
BIN = os.environ.get("AGGLO_BIN", str(REPO / "target" / "debug" / "agglo"))

#: Attributes that differ between two runs of the same command by design.
VOLATILE = {"command", "created", "seconds"}


def cli(*args, check=True):
    """Runs the agglo binary; returns the completed process."""
    p = subprocess.run([BIN, *map(str, args)], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"agglo {' '.join(map(str, args))} failed:\n{p.stderr}")
    return p


def _same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind in "OSU" or b.dtype.kind in "OSU":
        return a.shape == b.shape and [str(x) for x in a.ravel()] == [str(x) for x in b.ravel()]
    # bitwise: NaN equals NaN, -0.0 differs from 0.0
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def differences(path_a, path_b):
    """Every dataset and attribute that differs between two agglo files (VOLATILE skipped)."""
    found = []

    def walk(ga, gb, where):
        for k in sorted(set(ga.attrs) | set(gb.attrs)):
            if k in VOLATILE:
                continue
            if k not in ga.attrs or k not in gb.attrs:
                found.append(f"{where}@{k}: only in one file")
            elif not _same(ga.attrs[k], gb.attrs[k]):
                found.append(f"{where}@{k}: {ga.attrs[k]!r} != {gb.attrs[k]!r}")
        if not isinstance(ga, h5py.Group):
            return
        for k in sorted(set(ga) | set(gb)):
            if k not in ga or k not in gb:
                found.append(f"{where}/{k}: only in one file")
                continue
            a, b = ga[k], gb[k]
            if isinstance(a, h5py.Dataset):
                if not _same(a[()], b[()]):
                    found.append(f"{where}/{k}: values differ")
            walk(a, b, f"{where}/{k}")

    with h5py.File(path_a, "r") as fa, h5py.File(path_b, "r") as fb:
        walk(fa, fb, "")
    return found


@pytest.fixture
def tmp(tmp_path):
    return tmp_path
