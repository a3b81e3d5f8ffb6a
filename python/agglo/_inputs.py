"""Configs and their per-location inputs, as the Rust side takes them.

A config is a path (``str`` or ``os.PathLike`` naming a TOML file), TOML text, or a dict of
TOML tables; overrides are dotted keys (``{"model.sigma": 4}``). Wherever a file name is
expected, a pandas DataFrame, a numpy structured array or an :class:`agglo.Table` may stand
instead: it is written to a CSV file in the run's temporary folder (floats by ``repr``, which
reads back to the same bits), named after its key, and the key is pointed at that file.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Mapping
from typing import Any, Dict, List, Optional, Tuple

import numpy as np


class Table:
    """Columns of per-location data without pandas: ``agglo.Table(id=[...], x=[...], y=[...])``.

    Every column has the same length; columns keep the order given.
    """

    def __init__(self, **columns: Any) -> None:
        lengths = {name: len(values) for name, values in columns.items()}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"agglo.Table: columns of different lengths: {lengths}")
        self.columns: Dict[str, List[Any]] = {k: list(v) for k, v in columns.items()}

    def __repr__(self) -> str:
        n = len(next(iter(self.columns.values()), []))
        return f"agglo.Table({n} rows: {', '.join(self.columns)})"


def _is_table(value: Any) -> bool:
    if isinstance(value, Table):
        return True
    if isinstance(value, np.ndarray) and value.dtype.names:
        return True
    return type(value).__name__ == "DataFrame" and hasattr(value, "columns")


def _columns(value: Any) -> Dict[str, List[Any]]:
    if isinstance(value, Table):
        return value.columns
    if isinstance(value, np.ndarray):
        return {name: value[name].tolist() for name in value.dtype.names}
    frame = value
    index = frame.index
    if index.name is not None or any(n is not None for n in getattr(index, "names", [])):
        frame = frame.reset_index()
    return {str(c): frame[c].tolist() for c in frame.columns}


def _cell(v: Any) -> str:
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return str(v)


def write_csv(value: Any, path: str) -> str:
    """Writes a DataFrame / structured array / Table as a CSV file with a header row."""
    columns = _columns(value)
    names = list(columns)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names)
        for row in zip(*(columns[n] for n in names)):
            w.writerow([_cell(v) for v in row])
    return path


def _plain(value: Any, key: str, folder: str) -> Any:
    """`value` with tables written to CSV files and numpy scalars and arrays made plain."""
    if _is_table(value):
        name = (key or "table").replace("/", "_") + ".csv"
        return write_csv(value, os.path.join(folder, name))
    if isinstance(value, Mapping):
        return {str(k): _plain(v, f"{key}.{k}" if key else str(k), folder) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, f"{key}.{i}", folder) for i, v in enumerate(value)]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if value is None:
        raise TypeError(f"{key}: None has no TOML form (leave the key out for its default)")
    return value


def _dumps(value: Any) -> str:
    return json.dumps(value, allow_nan=True)


def is_path(config: Any) -> bool:
    if isinstance(config, os.PathLike):
        return True
    if isinstance(config, str) and "\n" not in config and "=" not in config:
        return config.endswith(".toml") or os.path.isfile(config)
    return False


def prepare(config: Any, overrides: Optional[Mapping[str, Any]], folder: str) -> Tuple[List[str], Dict[str, Any]]:
    """The config file argument (if any) and the keyword arguments of ``_native.run``."""
    argv: List[str] = []
    kwargs: Dict[str, Any] = {}
    if config is None:
        pass
    elif is_path(config):
        path = os.fspath(config)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{path}: no such config file")
        argv.append(path)
    elif isinstance(config, str):
        kwargs.update(config_toml=config, origin="<python TOML string>", base_dir=os.getcwd())
    elif isinstance(config, Mapping):
        kwargs.update(
            config_json=_dumps(_plain(config, "", folder)), origin="<python dict>", base_dir=os.getcwd()
        )
    else:
        raise TypeError(f"config: expected a path, TOML text or a dict, not {type(config).__name__}")
    if overrides:
        plain = {str(k): _plain(v, str(k), folder) for k, v in overrides.items()}
        kwargs["overrides_json"] = _dumps(plain)
    return argv, kwargs
