"""Results of a command as Python objects: what the CLI's HDF5 file holds, read with h5py.

Every command writes its results through the same writer as the CLI (so the numbers are the
CLI's, bit for bit); :class:`Results` reads that file into numpy arrays and keeps it, so that
:meth:`Results.save` writes the very file the CLI would have written. :func:`read` does the
same for any file agglo wrote. The layout (every group, dataset and attribute, with units) is
the README's "Output: the HDF5 layout", also ``agglo.schema()``.
"""

from __future__ import annotations

import os
import shutil
import weakref
from typing import Any, Dict, List, Optional, Union

import h5py
import numpy as np

Value = Union[np.ndarray, "Group"]


def _attr(v: Any) -> Any:
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, np.ndarray) and v.dtype.kind in "OS":
        return [x.decode() if isinstance(x, bytes) else str(x) for x in v.tolist()]
    if isinstance(v, np.generic):
        return v.item()
    return v


def _dataset(ds: "h5py.Dataset") -> np.ndarray:
    if h5py.check_string_dtype(ds.dtype) is not None:
        return np.asarray(ds.asstr()[()], dtype=object)
    return ds[()]


class Group:
    """An HDF5 group read into memory: ``attrs`` and its members by name (``g["a/b"]``)."""

    def __init__(
        self, name: str, attrs: Dict[str, Any], members: Dict[str, Value], dataset_attrs: Dict[str, Dict[str, Any]]
    ) -> None:
        self.name = name
        self.attrs = attrs
        self.members = members
        #: attributes of the datasets by name (units, description, ...)
        self.dataset_attrs = dataset_attrs

    @classmethod
    def read(cls, node: "h5py.Group") -> "Group":
        members: Dict[str, Value] = {}
        dataset_attrs: Dict[str, Dict[str, Any]] = {}
        for key, child in node.items():
            if isinstance(child, h5py.Group):
                members[key] = cls.read(child)
            else:
                members[key] = _dataset(child)
                dataset_attrs[key] = {k: _attr(v) for k, v in child.attrs.items()}
        return cls(node.name, {k: _attr(v) for k, v in node.attrs.items()}, members, dataset_attrs)

    def __getitem__(self, path: str) -> Value:
        node: Any = self
        for part in path.strip("/").split("/"):
            if not isinstance(node, Group) or part not in node.members:
                raise KeyError(f"{self.name}: no {path!r} (members: {', '.join(sorted(self.members))})")
            node = node.members[part]
        return node

    def __contains__(self, path: str) -> bool:
        try:
            self[path]
        except KeyError:
            return False
        return True

    def get(self, path: str, default: Any = None) -> Any:
        return self[path] if path in self else default

    def keys(self) -> List[str]:
        return list(self.members)

    def numbered(self) -> List["Group"]:
        """Subgroups named 0, 1, 2, ... in numeric order (equilibria, branches)."""
        keys = sorted((k for k, v in self.members.items() if isinstance(v, Group) and k.isdigit()), key=int)
        return [self.members[k] for k in keys]  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"<agglo Group {self.name}: {', '.join(self.members) or 'attributes only'}>"


class Record:
    """One numbered subgroup (an equilibrium, a branch): datasets and attributes as attributes.

    Plural aliases read the singular datasets: ``shares`` is ``share``, ``wages`` is ``wage``,
    ``real_wages`` is ``real_wage``.
    """

    _ALIASES = {"shares": "share", "wages": "wage", "real_wages": "real_wage", "price_indices": "price_index"}

    def __init__(self, group: Group) -> None:
        self.group = group
        self.index = int(group.name.rsplit("/", 1)[-1])

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("group", "index"):
            raise AttributeError(name)
        key = self._ALIASES.get(name, name)
        members = self.group.members
        if key in members:
            return members[key]
        if key in self.group.attrs:
            return self.group.attrs[key]
        raise AttributeError(f"{self.group.name} has no {name!r} (has {', '.join(self.fields())})")

    def fields(self) -> List[str]:
        return list(self.group.members) + list(self.group.attrs)

    def __dir__(self) -> List[str]:
        return sorted(set(self.fields()) | set(self._ALIASES) | {"group", "index", "fields"})


class Equilibrium(Record):
    """``/equilibria/<k>``: shares, wages, price_index, real_wages, income (long run: eigenvalues,
    stable, n_unstable; spatial models: population, welfare), converged, iterations, residual."""

    @property
    def eigenvalues(self) -> Optional[np.ndarray]:
        """The migration dynamics' eigenvalues as complex numbers (long run only)."""
        e = self.group.members.get("eigenvalues")
        return None if e is None else e[:, 0] + 1j * e[:, 1]

    @property
    def stable(self) -> Optional[bool]:
        s = self.group.attrs.get("stable")
        return None if s is None else bool(s)

    def __repr__(self) -> str:
        share = self.group.members.get("share")
        where = "" if self.stable is None else (" stable" if self.stable else " unstable")
        return f"<agglo Equilibrium {self.index}{where}: shares {np.array2string(np.asarray(share), precision=4)}>"


class Branch(Record):
    """``/branches/<b>``: parameter, state (shares at each point), stable, n_unstable, support, end."""

    def __repr__(self) -> str:
        p = self.group.members["parameter"]
        return f"<agglo Branch {self.index}: {len(p)} points, {self.parameter_name} {p[0]:.6g} -> {p[-1]:.6g}>"


class SpecialPoint:
    """One located special point: kind, parameter, bracket, value, branch, index, mode."""

    def __init__(self, table: Group, i: int) -> None:
        m = table.members
        self.kind: str = str(m["kind"][i])
        self.parameter: float = float(m["parameter"][i])
        self.bracket = (float(m["bracket_low"][i]), float(m["bracket_high"][i]))
        self.value: float = float(m["value"][i])
        self.branch: int = int(m["branch"][i])
        self.index: int = int(m["index"][i])
        self.mode: int = int(m["mode"][i])

    def __repr__(self) -> str:
        return f"<agglo SpecialPoint {self.kind} at {self.parameter!r} (branch {self.branch})>"


class Calibration:
    """``/calibration``: estimates by key, standard errors, status, fit (see README "Calibration")."""

    def __init__(self, group: Group) -> None:
        self.group = group
        m = group.members
        self.names: List[str] = [str(n) for n in m["names"]]
        self.estimate: Dict[str, float] = dict(zip(self.names, map(float, m["estimate"])))
        self.std_error: Dict[str, float] = dict(zip(self.names, map(float, m["std_error"])))
        self.status: str = group.attrs.get("status", "")
        self.objective: float = group.attrs.get("objective", float("nan"))
        self.method: str = group.attrs.get("method", "")
        self.fitted: np.ndarray = m.get("fitted")
        self.observed: np.ndarray = m.get("observed")
        self.labels: List[str] = [str(x) for x in m.get("labels", [])]

    def __repr__(self) -> str:
        est = ", ".join(f"{k} = {v:.6g}" for k, v in self.estimate.items())
        return f"<agglo Calibration ({self.status}): {est}>"


def _sweep_table(group: Group, ids: List[str]) -> Any:
    """The sweep as one row per point: parameters, converged, residual, iterations, the scalar
    recorded quantities, and per-location ones as columns ``quantity[id]``; a pandas DataFrame
    when pandas is installed, else a dict of numpy arrays."""
    m = group.members
    params = m["parameters"]
    columns: Dict[str, np.ndarray] = {"index": m["index"]}
    keys = group.dataset_attrs.get("parameters", {}).get("names", [])
    for j, name in enumerate(keys):
        columns[name] = params[:, j]
    for name in ("converged", "residual", "iterations"):
        if name in m:
            columns[name] = m[name]
    for name in group.attrs.get("record", []):
        values = m.get(name)
        if values is None:
            continue
        if values.ndim == 1:
            columns[name] = values
        else:
            for r in range(values.shape[1]):
                label = ids[r] if r < len(ids) else str(r)
                columns[f"{name}[{label}]"] = values[:, r]
    try:
        import pandas as pd
    except ImportError:
        return columns
    return pd.DataFrame(columns)


class Results:
    """What one command wrote: typed views (``equilibria``, ``branches``, ``special_points``,
    ``sweep``, ``calibration``, ``geography``, ``config``) and every group by path (``r["mrrh"]``).
    """

    def __init__(self, path: str, owner: Optional[Any] = None) -> None:
        self.path = os.fspath(path)
        self._owner = owner  # the temporary folder holding the file, removed with this object
        with h5py.File(self.path, "r") as f:
            if int(f.attrs.get("complete", 0)) != 1:
                raise ValueError(f"{self.path}: not a complete agglo results file (no complete = 1 mark)")
            self.root = Group.read(f)
        self.attrs = self.root.attrs
        self.command: str = self.attrs.get("command", "")
        self.config_toml: str = self.attrs.get("config", "")

    @property
    def config(self) -> Optional[Dict[str, Any]]:
        """The resolved configuration (every default filled in) as a dict."""
        try:
            import tomllib as toml_reader  # Python >= 3.11
        except ImportError:
            try:
                import tomli as toml_reader  # type: ignore[no-redef]
            except ImportError:
                return None
        return toml_reader.loads(self.config_toml)

    def __getitem__(self, path: str) -> Value:
        return self.root[path]

    def __contains__(self, path: str) -> bool:
        return path in self.root

    @property
    def ids(self) -> List[str]:
        ids = self.root.get("geography/ids")
        return [] if ids is None else [str(i) for i in ids]

    @property
    def geography(self) -> Optional[Group]:
        return self.root.get("geography")

    @property
    def equilibria(self) -> List[Equilibrium]:
        g = self.root.get("equilibria")
        return [] if g is None else [Equilibrium(e) for e in g.numbered()]

    @property
    def branches(self) -> List[Branch]:
        g = self.root.get("branches")
        return [] if g is None else [Branch(b) for b in g.numbered()]

    @property
    def special_points(self) -> List[SpecialPoint]:
        g = self.root.get("special_points")
        if g is None or "kind" not in g.members:
            return []
        return [SpecialPoint(g, i) for i in range(len(g.members["kind"]))]

    @property
    def sweep(self) -> Any:
        g = self.root.get("sweep")
        return None if g is None else _sweep_table(g, self.ids)

    @property
    def calibration(self) -> Optional[Calibration]:
        g = self.root.get("calibration")
        return None if g is None else Calibration(g)

    def save(self, path: Union[str, "os.PathLike[str]"]) -> str:
        """Writes the results file (the HDF5 the CLI writes) to `path`, atomically."""
        target = os.fspath(path)
        if os.path.exists(target) and os.path.samefile(target, self.path):
            return target
        folder = os.path.dirname(os.path.abspath(target))
        temp = os.path.join(folder, f".{os.path.basename(target)}.tmp-{os.getpid()}")
        try:
            shutil.copyfile(self.path, temp)
            os.replace(temp, target)
        finally:
            if os.path.exists(temp):
                os.remove(temp)
        return target

    def __repr__(self) -> str:
        parts = [k for k in self.root.members if k != "geography"]
        return f"<agglo Results: {', '.join(parts)} ({len(self.ids)} locations)>"


def read(path: Union[str, "os.PathLike[str]"]) -> Results:
    """Reads any results file agglo wrote (CLI or Python) into the same objects."""
    return Results(os.fspath(path))


def owned(path: str, folder: Any) -> Results:
    """Results of a run whose temporary `folder` lives as long as the object."""
    r = Results(path, owner=folder)
    weakref.finalize(r, folder.cleanup)
    return r
