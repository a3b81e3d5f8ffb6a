"""Python results are the CLI's, bit for bit, over every example config in configs/.

For each config: `solve`, and each command whose table the config has ([bifurcate],
[sweep] (one shard in ten), [calibrate] with the short settings tests/configs.rs uses, [invert],
[counterfactual], [wiggle]), run once by the binary and once by the package; the two files
must agree in every dataset and attribute except the run's command line, date and timings.
The Python objects must also hold the file's values.
"""

import tomllib

import numpy as np
import pytest

import agglo
from conftest import REPO, cli, differences

CONFIGS = sorted((REPO / "configs").glob("*.toml"))

#: Short calibrations (one start, five iterations, no bootstrap), as tests/configs.rs runs them.
SHORT_CALIBRATION = {
    "calibrate.starts": 1,
    "calibrate.bootstrap": 0,
    "calibrate.max-iterations": 5,
    "calibrate.particles": 4,
}


def commands(config):
    tables = tomllib.loads(config.read_text())
    out = ["solve"]
    for table in ("bifurcate", "sweep", "calibrate", "invert", "counterfactual", "wiggle"):
        if table in tables:
            out.append(table)
    return out


CASES = [(c, cmd) for c in CONFIGS for cmd in commands(c)]


def test_every_example_config_is_covered():
    assert len(CONFIGS) >= 20
    assert {cmd for _, cmd in CASES} >= {"solve", "bifurcate", "sweep", "calibrate", "invert", "counterfactual"}


@pytest.mark.parametrize("config,command", CASES, ids=[f"{c.stem}-{cmd}" for c, cmd in CASES])
def test_python_equals_cli(config, command, tmp_path):
    overrides = SHORT_CALIBRATION if command == "calibrate" else {}
    sets = [a for k, v in overrides.items() for a in ("--set", f"{k}={v}")]
    # Sweeps: one shard of ten (the strided tenth of the points: 1,000 of sweep-tomahawk's
    # 10,000), the same command path at a tenth of the time.
    extra = ["--shard", "3", "--nshards", "10"] if command == "sweep" else []
    cli_file = tmp_path / "cli.h5"
    cli(command, config, "-o", cli_file, *sets, *extra)
    shard = {"shard": 3, "nshards": 10} if command == "sweep" else {}
    result = getattr(agglo, command)(str(config), overrides=overrides, **shard)
    py_file = result.save(tmp_path / "python.h5")
    assert differences(cli_file, py_file) == []
    # The objects hold the file's numbers.
    back = agglo.read(cli_file)
    for mine, theirs in zip(result.equilibria, back.equilibria):
        assert np.array_equal(mine.shares, theirs.shares)
    assert len(result.equilibria) == len(back.equilibria)
    assert [p.parameter for p in result.special_points] == [p.parameter for p in back.special_points]
