"""examples/python/tomahawk.py runs and draws its figure."""

import subprocess
import sys

from conftest import REPO


def test_the_notebook_style_example_runs(tmp_path):
    figure = tmp_path / "tomahawk.png"
    p = subprocess.run([sys.executable, REPO / "examples" / "python" / "tomahawk.py", figure],
                       capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "sustain" in p.stdout or figure.stat().st_size > 20_000
    assert figure.stat().st_size > 20_000
    assert "Calibration (converged)" in p.stdout
