"""The package's commands, config forms, errors, threads, interruption and round trips."""

import os
import signal
import tempfile
import threading
import time
import tomllib

import numpy as np
import pytest

import agglo
from conftest import REPO, cli, differences

CONFIGS = REPO / "configs"


def test_default_solve_is_the_fkv_tomahawk_at_t_1_7(tmp_path):
    r = agglo.solve()
    eq = r.equilibria
    assert len(eq) == 5
    # Interior asymmetric equilibrium of FKV ch. 5 at sigma = 5, mu = 0.4, T = 1.7 (README).
    assert np.allclose(eq[1].shares, [0.1651, 0.8349], atol=5e-5)
    assert [e.stable for e in eq] == [True, False, True, False, True]
    assert np.allclose(eq[2].shares, [0.5, 0.5], rtol=0, atol=1e-9)  # solver tolerance 1e-10
    assert all(e.eigenvalues.dtype.kind == "c" for e in eq)
    cli("solve", "-o", tmp_path / "cli.h5")
    assert differences(tmp_path / "cli.h5", r.save(tmp_path / "py.h5")) == []


def test_path_toml_text_and_dict_give_the_same_results(tmp_path, monkeypatch):
    path = CONFIGS / "points.toml"
    by_path = agglo.solve(path)
    monkeypatch.chdir(CONFIGS)  # text and dict configs resolve relative paths against the cwd
    by_text = agglo.solve(path.read_text())
    by_dict = agglo.solve(tomllib.loads(path.read_text()))
    for other in (by_text, by_dict):
        assert differences(by_path.path, other.path) == []


def test_overrides_are_the_clis_set(tmp_path):
    overrides = {"model.sigma": 4.5, "geography.trade-cost": 1.6, "model.mu": np.float64(0.3)}
    r = agglo.solve(overrides=overrides)
    cli("solve", "-o", tmp_path / "cli.h5", "--set", "model.sigma=4.5", "--set", "geography.trade-cost=1.6",
        "--set", "model.mu=0.3")
    assert differences(tmp_path / "cli.h5", r.path) == []
    assert r.config["model"]["sigma"] == 4.5


@pytest.mark.parametrize(
    "overrides",
    [{"model.sigma": 0.5}, {"model.mu": 1.5}, {"geography.trade-cost": 0.5}, {"model.sigmaa": 4}],
)
def test_errors_carry_the_clis_message(overrides, tmp_path):
    with pytest.raises(agglo.AggloError) as e:
        agglo.solve(overrides=overrides)
    sets = [a for k, v in overrides.items() for a in ("--set", f"{k}={v}")]
    p = cli("solve", "-o", tmp_path / "x.h5", *sets, check=False)
    assert p.returncode == 1
    assert p.stderr.strip() == f"error: {e.value}"
    key = next(iter(overrides))
    assert key.split(".")[-1] in str(e.value)


def test_check_validates_as_the_cli():
    assert agglo.check(CONFIGS / "points.toml") is None
    with pytest.raises(agglo.AggloError, match="model.sigma"):
        agglo.check(overrides={"model.sigma": -1})
    with pytest.raises(FileNotFoundError):
        agglo.check("no-such-config.toml")
    with pytest.raises(TypeError):
        agglo.solve(overrides={"model.sigma": None})


def test_threads_do_not_change_a_bit():
    one = agglo.solve(CONFIGS / "racetrack12.toml", threads=1)
    two = agglo.solve(CONFIGS / "racetrack12.toml", threads=2)
    assert differences(one.path, two.path) == []


def test_save_and_read_round_trip(tmp_path):
    r = agglo.bifurcate()
    saved = r.save(tmp_path / "tomahawk.h5")
    back = agglo.read(saved)
    assert differences(r.path, saved) == []
    assert len(back.branches) == len(r.branches) > 0
    for a, b in zip(r.branches, back.branches):
        assert np.array_equal(a.parameter, b.parameter) and np.array_equal(a.state, b.state)
        assert a.support == b.support
    assert [(p.kind, p.parameter, p.bracket) for p in r.special_points] == [
        (p.kind, p.parameter, p.bracket) for p in back.special_points
    ]
    # A results file written by a run lives as long as its object; a saved copy stays.
    temp = r.path
    del r
    assert not os.path.exists(temp) and os.path.exists(saved)


def test_read_refuses_an_unfinished_file(tmp_path):
    import h5py

    with h5py.File(tmp_path / "x.h5", "w") as f:
        f.attrs["complete"] = np.uint8(0)
    with pytest.raises(ValueError, match="not a complete agglo results file"):
        agglo.read(tmp_path / "x.h5")


def test_tomahawk_special_points_equal_the_clis_to_the_last_bit(tmp_path):
    cli("bifurcate", "-o", tmp_path / "cli.h5")
    mine = agglo.bifurcate().special_points
    theirs = agglo.read(tmp_path / "cli.h5").special_points
    assert {p.kind for p in mine} >= {"break", "sustain"}
    assert [(p.kind, p.parameter.hex(), p.bracket[0].hex(), p.bracket[1].hex()) for p in mine] == [
        (p.kind, p.parameter.hex(), p.bracket[0].hex(), p.bracket[1].hex()) for p in theirs
    ]


def test_ctrl_c_stops_a_long_run_cleanly():
    before = {p for p in os.listdir(tempfile.gettempdir()) if p.startswith("agglo-")}
    # A long run on 3,000 racetrack regions takes far longer than the second we wait.
    overrides = {"geography.regions": 3000, "geography.trade-cost": 1.001}
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        agglo.solve(CONFIGS / "racetrack12.toml", overrides=overrides)
    assert time.monotonic() - start < 20
    after = {p for p in os.listdir(tempfile.gettempdir()) if p.startswith("agglo-")}
    assert after <= before
    # The next command runs normally.
    assert len(agglo.solve().equilibria) == 5


def test_silent_unless_asked(capfd):
    agglo.solve()
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_sweep_is_a_dataframe():
    pd = pytest.importorskip("pandas")
    r = agglo.sweep(CONFIGS / "sweep-tomahawk.toml", shard=7, nshards=50)
    table = r.sweep
    assert isinstance(table, pd.DataFrame)
    assert {"geography.trade-cost", "model.mu", "converged", "residual", "share[1]", "share[2]"} <= set(table.columns)
    assert table["converged"].all()
    assert len(table) == r["sweep"].attrs["points"] // 50
    assert (table["index"] % 50 == 7).all()
    # Shares sum to 1 in every row; mu and T are the grid's values.
    assert np.allclose(table["share[1]"] + table["share[2]"], 1.0, atol=1e-12)
    assert table["model.mu"].between(0.2, 0.6).all() and table["geography.trade-cost"].between(1.2, 2.2).all()


def test_wiggle_zeros_are_the_clis_and_the_tomahawk_equilibria(tmp_path):
    r = agglo.wiggle()
    cli("wiggle", "-o", tmp_path / "cli.h5")
    assert differences(tmp_path / "cli.h5", r.path) == []
    w = r["wiggle"]
    assert w["real_wage_gap"].shape == (len(w["parameter"]), len(w["share"]))
    # At T = 1.7 the interior zeros are the solve's equilibria (0.5 and 0.8349).
    at = w["zero_share"][np.isclose(w["zero_parameter"], 1.7)]
    assert np.any(np.isclose(at, 0.8348868, atol=1e-6)) and np.any(np.isclose(at, 0.5, atol=1e-9))


def test_a_command_that_needs_another_model_says_so():
    with pytest.raises(agglo.AggloError, match="needs a spatial model"):
        agglo.invert()
