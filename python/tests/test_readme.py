"""The README's Python example cannot go stale: its ```python block under "## Python" is run
and what it prints compared with the ```text block that follows."""

import contextlib
import io
import re

from conftest import REPO


def test_readme_python_example_prints_what_it_says():
    text = (REPO / "README.md").read_text()
    section = text.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    expected = re.search(r"```python\n.*?```\s*```text\n(.*?)```", section, re.S).group(1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md (## Python)", "exec"), {})
    assert out.getvalue() == expected
