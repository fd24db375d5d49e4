"""Student handouts: no solutions, no outputs, and they run from top to bottom with every
exercise reporting "not answered yet". The answer key shows the solutions."""
from __future__ import annotations

import re
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT, lesson_paths

sys.path.insert(0, str(ROOT))
from tools.handouts import build  # noqa: E402

CHECK_CALL = re.compile(r'check\("([a-z0-9_]+\.q[0-9]+)"')


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(tmp_path_factory.mktemp("build"))


def test_handouts_have_no_solutions_outputs_or_widget_state(built):
    assert len(built["handouts"]) == len(lesson_paths())
    for path in built["handouts"]:
        nb = nbformat.read(path, as_version=4)
        assert "widgets" not in nb.metadata
        for cell in nb.cells:
            assert "solution" not in cell.metadata.get("tags", [])
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
        assert any("Student version" in c.source for c in nb.cells)


def test_answer_key_shows_every_solution(built):
    for path in built["answer-key"]:
        nb = nbformat.read(path, as_version=4)
        solutions = [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
        assert solutions, path.name
        assert all(c.metadata["jupyter"]["source_hidden"] is False and c.metadata["jupyter"]["outputs_hidden"] is False
                   for c in solutions)


@pytest.mark.parametrize("index", range(len(lesson_paths())), ids=[p.stem for p in lesson_paths()])
def test_handout_runs_and_every_check_is_unanswered(built, index):
    path = built["handouts"][index]
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    checked = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            assert output.output_type != "error" or "raises-exception" in cell.metadata.get("tags", []), cell.source
        if CHECK_CALL.search(cell.source):
            text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            assert "not answered yet" in text, cell.source
            checked += 1
    assert checked >= 3
