"""Shared fixtures: paths, and a throw-away copy of the data for the broken-data tests."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
SHARED_SOURCES = ROOT.parent / "shared" / "sources"


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that the loaders read instead of the real one (PERU_US_DATA)."""
    import peru_us

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv("PERU_US_DATA", str(copy))
    peru_us.clear_cache()
    yield copy
    peru_us.clear_cache()


def lesson_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
