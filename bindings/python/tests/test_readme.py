"""The README's Python example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[3] / "README.md"


def test_readme_python_example_runs() -> None:
    text = README.read_text()
    section = text.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks, "no python example in the README's Python section"
    assert len(blocks[0].splitlines()) <= 15
    exec(compile(blocks[0], str(README), "exec"), {})


def test_readme_engine_example_runs() -> None:
    text = README.read_text()
    section = text.split("\n## Engine: tenants, streaming, versions\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks, "no python example in the README's Engine section"
    exec(compile(blocks[0], str(README), "exec"), {})
