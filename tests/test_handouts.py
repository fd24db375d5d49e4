"""Student handouts: no solutions, no outputs, they run from top to bottom with every exercise
reporting "not answered yet", and running them gives no answer away. The answer key shows the
solutions, each with its answer and explanation."""
from __future__ import annotations

import re
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT, lesson_paths

sys.path.insert(0, str(ROOT))
from tools.answer_search import handout_leaks  # noqa: E402
from tools.handouts import ANSWER_NOTE, build  # noqa: E402
from tools.question_bank import answer_sheet, read_answers  # noqa: E402
from tools.question_bank import lessons as answer_files  # noqa: E402

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


@pytest.fixture(scope="module")
def executed(built):
    """The handouts run top to bottom, each once for all the tests that read its outputs."""
    done = {}

    def run(index):
        if index not in done:
            path = built["handouts"][index]
            nb = nbformat.read(path, as_version=4)
            NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
            done[index] = nb
        return done[index]

    return run


def test_answer_key_gives_every_answer_with_its_explanation(built):
    """After each solution cell: a note with the question, the readable answer and the explanation."""
    rows = {row["id"]: row for row in answer_sheet()}
    for path in built["answer-key"]:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            for qid in dict.fromkeys(CHECK_CALL.findall(cell.source)) if "solution" in cell.metadata.get("tags", []) else ():
                notes = [c for c in nb.cells[i + 1:i + 4] if ANSWER_NOTE in c.metadata.get("tags", []) and qid in c.source]
                assert notes, f"{path.name}: no answer note after the solution of {qid}"
                assert f"**Answer:** {rows[qid]['answer']}" in notes[0].source, notes[0].source
                assert rows[qid]["explain"] in notes[0].source or "not yet written" in notes[0].source


@pytest.mark.parametrize("index", range(len(lesson_paths())), ids=[p.stem for p in lesson_paths()])
def test_running_a_handout_reveals_no_answer(built, executed, index):
    """Run every cell of the handout (no solution cells): no output may give an exercise's answer
    away. The rule (tools/answer_search.py, handout_leaks): a multiple-choice or True/False answer
    announced anywhere ("answer = 'b'"); any other answer shown by the cells right after its
    exercise, down to the next heading; or shown later in a line that points at the question (a
    year or code of its prompt), such as a summary table's row for the decade asked about."""
    specs = {qid: spec for name in answer_files() for qid, spec in read_answers(name).items()}
    leaks = handout_leaks(executed(index), specs)
    assert not leaks, (f"{built['handouts'][index].name}: running the handout shows {len(leaks)} answer(s); "
                       "print them only in the solution cell, or ask the question after the cell that shows them:\n- "
                       + "\n- ".join(leaks))


@pytest.mark.parametrize("index", range(len(lesson_paths())), ids=[p.stem for p in lesson_paths()])
def test_handout_runs_and_every_check_is_unanswered(built, executed, index):
    nb = executed(index)
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
