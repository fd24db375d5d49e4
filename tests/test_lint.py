"""ruff, configured in pyproject.toml, finds nothing in the Python files and the lessons."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import ROOT


def ruff(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    try:
        import ruff as _  # noqa: F401
    except ImportError:
        pytest.fail("ruff is not installed; it is part of the test extra: pip install -e '.[test]'")
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def test_ruff_finds_nothing_to_fix():
    result = ruff(str(ROOT))
    assert result.returncode == 0, f"ruff check found problems (see `ruff check --fix`):\n{result.stdout}{result.stderr}"


def test_the_configured_rules_reach_python_files_and_notebooks(tmp_path):
    """The rule set is the project's (pyproject.toml), and notebooks are linted cell by cell."""
    (tmp_path / "module.py").write_text("import os\n\nx = 1  " + "#" * 130 + "\n")
    cell = {"cell_type": "code", "execution_count": None, "id": "c1", "metadata": {}, "outputs": [], "source": "print(y)\n"}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "lesson.ipynb").write_text(json.dumps(notebook))
    result = ruff("--config", str(ROOT / "pyproject.toml"), ".", cwd=tmp_path)
    found = set(re.findall(r": ([A-Z]+[0-9]+) ", result.stdout))
    assert {"F401", "E501", "F821"} <= found, result.stdout
    assert "lesson.ipynb:cell 1" in result.stdout
