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


RETIRED_LESSON = ROOT / "tests" / "fixtures" / "retired_lesson"


@pytest.fixture(scope="module")
def checker_fixture_bank(tmp_path_factory):
    """The real question bank plus the questions of a retired lesson (the 1826-1991 lesson that the
    course split in four), so that the checker's tests run on fixed questions of every kind that do
    not change when a lesson is rewritten. Points both the shipped bank (peru_us.exercises) and the
    maintainers' answer files (tools.question_bank) at copies that hold both."""
    import sys

    from peru_us import exercises
    from peru_us.checker import grading

    sys.path.insert(0, str(ROOT))
    import tools.question_bank as tool

    folder = tmp_path_factory.mktemp("bank")
    answers, questions = folder / "answers", folder / "questions"
    for target, real, fixture in ((answers, tool.ANSWERS_DIR, RETIRED_LESSON / "answers"),
                                  (questions, exercises.BANK_DIR, RETIRED_LESSON / "questions")):
        target.mkdir()
        for path in [*real.glob("*.json"), *fixture.glob("*.json")]:
            shutil.copy(path, target / path.name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(grading, "BANK_DIR", questions)  # where the bank is read (exercises re-exports it)
        patch.setattr(exercises, "BANK_DIR", questions)
        patch.setattr(tool, "BANK_DIR", questions)
        patch.setattr(tool, "ANSWERS_DIR", answers)
        exercises.question_bank.cache_clear()
        exercises._lesson_files.cache_clear()
        yield folder
    exercises.question_bank.cache_clear()
    exercises._lesson_files.cache_clear()
