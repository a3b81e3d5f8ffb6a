"""agglo from Python: equilibria, stability, bifurcation diagrams, sweeps, calibration and
counterfactuals of spatial-economics models, with the same answers as the ``agglo`` CLI.

Each command takes the configuration the CLI takes — ``None`` (the compiled-in default: FKV
two regions, sigma = 5, mu = 0.4, T = 1.7), a path to a TOML file, TOML text, or a dict of
tables — plus ``overrides`` with dotted keys (``{"model.sigma": 4}``, the CLI's ``--set``).
Where a config names a CSV file, a pandas DataFrame, a numpy structured array or an
:class:`agglo.Table` may be given instead. Each returns :class:`Results` (numpy arrays; sweeps
as a pandas DataFrame when pandas is installed) whose ``save(path)`` writes the HDF5 file the
CLI writes; :func:`read` opens any such file. Errors raise :class:`AggloError` with the CLI's
message (the key, the allowed range).

The computation runs in Rust with the GIL released, on ``threads`` threads (default: every
core; results are bitwise the same whatever the count); Ctrl-C stops it cleanly
(KeyboardInterrupt, no file left). Progress is silent unless ``progress=True``.

>>> import agglo
>>> r = agglo.solve()
>>> [round(x, 4) for x in r.equilibria[1].shares]
[0.1651, 0.8349]
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any, Dict, List, Mapping, Optional

from . import _native
from ._inputs import Table, prepare
from ._results import Branch, Calibration, Equilibrium, Group, Results, SpecialPoint, owned, read

AggloError = _native.AggloError
__version__: str = _native.__version__

__all__ = [
    "AggloError",
    "Branch",
    "Calibration",
    "Equilibrium",
    "Group",
    "Results",
    "SpecialPoint",
    "Table",
    "bifurcate",
    "calibrate",
    "check",
    "counterfactual",
    "default_config",
    "invert",
    "read",
    "schema",
    "solve",
    "sweep",
    "wiggle",
]


def _call(name: str, config: Any, overrides: Optional[Mapping[str, Any]], extra: Dict[str, Any]) -> str:
    parts = [] if config is None else [repr(os.fspath(config)) if isinstance(config, os.PathLike) else "config"]
    if isinstance(config, str) and "\n" not in config:
        parts = [repr(config)]
    if overrides:
        parts.append(f"overrides={{{', '.join(f'{k!r}: ...' for k in overrides)}}}")
    parts += [f"{k}={v!r}" for k, v in extra.items() if v not in (None, False)]
    return f"python: agglo.{name}({', '.join(parts)})"


def _run(
    command: str,
    config: Any,
    overrides: Optional[Mapping[str, Any]],
    threads: Optional[int],
    max_memory: Optional[str],
    progress: bool,
    flags: Optional[List[str]] = None,
    write: bool = True,
    extra: Optional[Dict[str, Any]] = None,
) -> Optional[Results]:
    folder = tempfile.TemporaryDirectory(prefix="agglo-")
    try:
        argv, kwargs = prepare(config, overrides, folder.name)
        out = os.path.join(folder.name, "results.h5")
        argv = ["agglo", command, *argv, *(flags or [])]
        if write:
            argv += ["-o", out]
        _native.run(
            argv,
            threads=threads,
            max_memory=max_memory,
            progress=progress,
            command_line=_call(command, config, overrides, extra or {}),
            **kwargs,
        )
        if not write:
            folder.cleanup()
            return None
        return owned(out, folder)
    except BaseException:
        folder.cleanup()
        raise


def solve(
    config: Any = None,
    *,
    overrides: Optional[Mapping[str, Any]] = None,
    threads: Optional[int] = None,
    max_memory: Optional[str] = None,
    progress: bool = False,
    write_trade_costs: bool = False,
) -> Results:
    """``agglo solve``: the equilibria (with stability in the long run) — ``.equilibria``."""
    flags = ["--write-trade-costs"] if write_trade_costs else []
    return _run("solve", config, overrides, threads, max_memory, progress, flags)  # type: ignore[return-value]


def bifurcate(
    config: Any = None,
    *,
    overrides: Optional[Mapping[str, Any]] = None,
    threads: Optional[int] = None,
    max_memory: Optional[str] = None,
    progress: bool = False,
) -> Results:
    """``agglo bifurcate``: branches with stability and located special points along
    ``[bifurcate]`` (default: the FKV tomahawk) — ``.branches``, ``.special_points``."""
    return _run("bifurcate", config, overrides, threads, max_memory, progress)  # type: ignore[return-value]


def wiggle(
    config: Any = None,
    *,
    overrides: Optional[Mapping[str, Any]] = None,
    threads: Optional[int] = None,
    max_memory: Optional[str] = None,
    progress: bool = False,
) -> Results:
    """``agglo wiggle``: omega_1 - omega_2 against region 1's share — ``r["wiggle"]``."""
    return _run("wiggle", config, overrides, threads, max_memory, progress)  # type: ignore[return-value]


def invert(
    config: Any = None,
    *,
    overrides: Optional[Mapping[str, Any]] = None,
    threads: Optional[int] = None,
    max_memory: Optional[str] = None,
    progress: bool = False,
) -> Results:
    """``agglo invert``: fundamentals recovered from data, checked by a forward solve."""
    return _run("invert", config, overrides, threads, max_memory, progress)  # type: ignore[return-value]


def counterfactual(
    config: Any = None,
    *,
    overrides: Optional[Mapping[str, Any]] = None,
    threads: Optional[int] = None,
    max_memory: Optional[str] = None,
    progress: bool = False,
) -> Results:
    """``agglo counterfactual``: the ``[counterfactual]`` shock in levels and by hat algebra."""
    return _run("counterfactual", config, overrides, threads, max_memory, progress)  # type: ignore[return-value]


def sweep(
    config: Any = None,
    *,
    overrides: Optional[Mapping[str, Any]] = None,
    threads: Optional[int] = None,
    max_memory: Optional[str] = None,
    progress: bool = False,
    shard: int = 0,
    nshards: int = 1,
    chunk: Optional[int] = None,
) -> Results:
    """``agglo sweep``: every point of ``[sweep]`` — ``.sweep`` (a DataFrame with pandas).

    ``shard``/``nshards`` solve a strided share of the points (the CLI's ``--shard``); the
    SLURM variables of the environment are not read."""
    flags = ["--shard", str(shard), "--nshards", str(nshards)]
    if chunk is not None:
        flags += ["--chunk", str(chunk)]
    extra = {"shard": shard if nshards > 1 else None, "nshards": nshards if nshards > 1 else None, "chunk": chunk}
    return _run("sweep", config, overrides, threads, max_memory, progress, flags, extra=extra)  # type: ignore[return-value]


def calibrate(
    config: Any = None,
    *,
    overrides: Optional[Mapping[str, Any]] = None,
    threads: Optional[int] = None,
    max_memory: Optional[str] = None,
    progress: bool = False,
) -> Results:
    """``agglo calibrate``: the ``[calibrate]`` estimates — ``.calibration``."""
    return _run("calibrate", config, overrides, threads, max_memory, progress)  # type: ignore[return-value]


def check(
    config: Any = None,
    *,
    overrides: Optional[Mapping[str, Any]] = None,
    max_memory: Optional[str] = None,
) -> None:
    """``agglo check``: validates the config (files included) as the commands will; raises
    :class:`AggloError` naming what to fix."""
    _run("check", config, overrides, None, max_memory, False, write=False)


def default_config() -> str:
    """The compiled-in default config (TOML, commented key by key)."""
    return _native.default_config()


def schema() -> List[Dict[str, Any]]:
    """Every group, dataset and attribute agglo writes, with type, shape, units, description."""
    return json.loads(_native.schema_json())
