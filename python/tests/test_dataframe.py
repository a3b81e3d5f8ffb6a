"""Per-location inputs as a pandas DataFrame, a numpy structured array or an agglo.Table
give the results of the CSV file they hold."""

import csv

import numpy as np
import pytest

import agglo
from conftest import REPO, cli, differences

CONFIGS = REPO / "configs"


def read_frame(path):
    pd = pytest.importorskip("pandas")
    # Before pandas 3 the default float parser is not correctly rounded: ask for the one that
    # is, so that the frame holds the file's numbers bit for bit (pandas 3's default is).
    exact = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
    return pd.read_csv(path, dtype={"id": str}, **exact)


def test_wages_calibration_from_a_dataframe_equals_the_clis_to_the_last_bit(tmp_path):
    config = CONFIGS / "calibrate-wages.toml"
    cli("calibrate", config, "-o", tmp_path / "cli.h5")
    frame = read_frame(CONFIGS / "calibrate-wages.csv")
    r = agglo.calibrate(config, overrides={"geography.file": frame})
    theirs = agglo.read(tmp_path / "cli.h5").calibration
    mine = r.calibration
    assert mine.names == ["model.sigma", "model.mu", "geography.rate"]
    assert [v.hex() for v in mine.estimate.values()] == [v.hex() for v in theirs.estimate.values()]
    assert [v.hex() for v in mine.std_error.values()] == [v.hex() for v in theirs.std_error.values()]
    assert mine.status == theirs.status == "converged"
    # The whole /calibration group, bootstrap included, is the same.
    assert np.array_equal(r["calibration/bootstrap/draws"], agglo.read(tmp_path / "cli.h5")["calibration/bootstrap/draws"])
    # Every dataset and attribute but those naming the input file (its name and hash).
    naming_the_file = ("@config:", "/geography@source_file:", "/geography@source_sha256:", "/geography@trade_cost_recipe:")
    assert [d for d in differences(tmp_path / "cli.h5", r.path) if not d.startswith(naming_the_file)] == []


def columns_of(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return {k: [r[k] for r in rows] for k in rows[0]}


def test_table_and_structured_array_inputs_equal_the_csv():
    config = CONFIGS / "points.toml"
    by_file = agglo.solve(config)
    cols = columns_of(CONFIGS / "points-regions.csv")
    numeric = {k: [float(x) for x in v] for k, v in cols.items() if k != "id"}
    table = agglo.Table(id=cols["id"], **numeric)
    by_table = agglo.solve(config, overrides={"geography.file": table, "model.data": table})
    dtype = [("id", "U16")] + [(k, "f8") for k in numeric]
    array = np.array(list(zip(cols["id"], *numeric.values())), dtype=dtype)
    by_array = agglo.solve(config, overrides={"geography.file": array, "model.data": array})
    for other in (by_table, by_array):
        for a, b in zip(by_file.equilibria, other.equilibria):
            assert a.shares.tobytes() == b.shares.tobytes()
            assert a.wages.tobytes() == b.wages.tobytes()


def test_a_bad_frame_is_refused_naming_its_key():
    frame = read_frame(CONFIGS / "calibrate-wages.csv")
    frame.loc[3, "lat"] = float("nan")
    with pytest.raises(agglo.AggloError, match="geography.file"):
        agglo.calibrate(CONFIGS / "calibrate-wages.toml", overrides={"geography.file": frame})
