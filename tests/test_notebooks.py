"""The lessons as source code: structure, conventions and stored outputs.
(nbval re-executes every notebook and compares outputs; these tests check what nbval cannot.)"""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import peru_us
from conftest import NOTEBOOKS, ROOT, lesson_paths
from peru_us.exercises import question_bank

LESSONS = lesson_paths()
CHECK_CALL = re.compile(r'check\("([a-z0-9_]+\.q[0-9]+)"')
EXPLORER = re.compile(r"\b([a-z_]+_explorer)\(")
sys.path.insert(0, str(ROOT))
from tools.lessons import CITATION  # noqa: E402  (the pattern the sources cell is built from)


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def test_there_are_the_six_lessons():
    names = [p.stem for p in LESSONS]
    assert names[0] == "00_start_here" and len(names) >= 6
    assert [n[:2] for n in names] == [f"{i:02d}" for i in range(len(names))]


def test_generated_cells_are_up_to_date():
    result = subprocess.run([sys.executable, "tools/lessons.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_metadata_and_navigation(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    meta = nb["metadata"]["lesson"]
    assert len(meta["objectives"]) >= 3 and len(meta["keypoints"]) >= 3 and meta["questions"]
    assert meta["teaching_minutes"] > 0 and meta["exercise_minutes"] > 0
    kinds = [c["metadata"].get("peru_us_generated") for c in nb["cells"]]
    assert kinds[:2] == ["nav-top", "lesson-header"] and kinds[-3:] == ["keypoints", "sources", "nav-bottom"]
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_first_code_cell_is_setup_only(path):
    code = [c for c in cells(path) if c["cell_type"] == "code"]
    first = code[0]
    assert "setup" in tags(first)
    for line in source(first).splitlines():
        assert re.match(r"(import |from \S+ import |peru_us\.setup_notebook\(\)|#|$)", line), line


@pytest.mark.parametrize("path", LESSONS[1:], ids=lambda p: p.stem)
def test_each_lesson_has_explorers_and_five_exercises(path):
    code = "\n".join(source(c) for c in cells(path) if c["cell_type"] == "code")
    assert len(set(EXPLORER.findall(code))) >= 2
    exercise_ids = {q for c in cells(path) if "exercise" in tags(c) for q in CHECK_CALL.findall(source(c))}
    assert len(exercise_ids) >= 5


def test_the_course_has_thirty_exercises_with_unique_ids():
    ids = []
    for path in LESSONS[1:]:
        ids += [q for c in cells(path) if "exercise" in tags(c) for q in CHECK_CALL.findall(source(c))]
    assert len(ids) >= 30 and len(ids) == len(set(ids))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_exercise_is_in_the_bank_and_followed_by_its_solution(path):
    bank = question_bank()
    nb_cells = cells(path)
    for i, cell in enumerate(nb_cells):
        if "exercise" not in tags(cell):
            continue
        for qid in CHECK_CALL.findall(source(cell)):
            assert qid in bank, f"{qid} is not in the question bank"
            following = next(c for c in nb_cells[i + 1:] if c["cell_type"] == "code" and "exercise" not in tags(c))
            assert "solution" in tags(following) and qid in source(following), f"{qid}: no solution cell after it"
            folded = following["metadata"].get("jupyter", {})
            assert folded.get("source_hidden") is True and folded.get("outputs_hidden") is True, qid


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_stored_outputs_show_exercises_unanswered_and_solutions_correct(path):
    for cell in cells(path):
        if cell["cell_type"] != "code" or not CHECK_CALL.search(source(cell)):
            continue
        text = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []) if o["output_type"] == "stream")
        if "exercise" in tags(cell):
            assert "not answered yet" in text, source(cell)
        if "solution" in tags(cell):
            assert "correct!" in text and "not quite" not in text, source(cell)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_stored_outputs_are_clean(path):
    """Executed top to bottom, no errors except where tagged, no warnings or stderr."""
    counts = [c["execution_count"] for c in cells(path) if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1)), "not executed top to bottom in one run"
    for cell in cells(path):
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                assert "raises-exception" in tags(cell), source(cell)
            if output["output_type"] == "stream":
                assert output["name"] == "stdout", f"stderr in: {source(cell)[:80]}"
            texts = [output.get("text", "")] + [output.get("data", {}).get(m, "") for m in ("text/plain", "text/html")]
            text = json.dumps(texts)  # text only: base64 image data can contain anything
            assert "Warning" not in text and not re.search(r"0x[0-9a-f]{6,}", text), source(cell)[:80]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_cited_source_exists(path):
    known = set(peru_us.load_sources()["source_id"])
    for cell in cells(path):
        if cell["cell_type"] == "markdown" and "peru_us_generated" not in cell["metadata"]:
            for sid in CITATION.findall(source(cell)):
                assert sid in known, f"[{sid}] in {path.name} is not in the sources table"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_notebook_files_are_small_and_carry_no_local_paths(path):
    text = path.read_text(encoding="utf-8")
    assert len(text) < 3_000_000
    assert "/work/" not in text and "/root/" not in text and "/home/" not in text


def test_index_lists_every_lesson():
    text = (NOTEBOOKS / "INDEX.md").read_text(encoding="utf-8")
    for path in LESSONS:
        assert f"({path.name})" in text
