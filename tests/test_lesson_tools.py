"""tools/lessons.py --execute stores outputs that do not change from run to run."""
from __future__ import annotations

import doctest
import json
import shutil
import sys

import pytest

from conftest import ROOT, lesson_paths

sys.path.insert(0, str(ROOT / "tools"))
import lessons  # noqa: E402


def test_the_docstring_examples_of_lessons_py_hold():
    result = doctest.testmod(lessons, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 5 and result.failed == 0


def test_executing_a_lesson_twice_stores_the_same_bytes(tmp_path):
    lesson = ROOT / "notebooks" / "00_start_here.ipynb"  # the shortest lesson with an explorer (widget state)
    copy = tmp_path / lesson.name
    shutil.copy(lesson, copy)
    lessons.execute([copy.name], folder=tmp_path)
    first = copy.read_bytes()
    lessons.execute([copy.name], folder=tmp_path)
    assert copy.read_bytes() == first
    nb = json.loads(first)
    assert nb["metadata"]["widgets"][lessons.WIDGET_STATE]["state"], "expected saved widget state to check"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert not [c["id"] for c in code if "execution" in c["metadata"]]
    assert all(c["execution_count"] for c in code)


@pytest.mark.parametrize("path", lesson_paths(), ids=lambda p: p.stem)
def test_stored_lessons_are_as_execute_leaves_them(path):
    """No per-cell timing, no stream split in two, widget ids derived from the lesson's name: re-run
    `.venv/bin/python tools/lessons.py --execute <lesson>` if this fails."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    timed = [c["id"] for c in nb["cells"] if "execution" in c.get("metadata", {})]
    assert not timed, f"{path.name}: timing metadata in cells {timed[:5]}"
    assert lessons.stable_outputs(json.loads(json.dumps(nb)), path.stem) == nb, f"{path.name}: split streams or random widget ids"
