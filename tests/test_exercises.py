"""The checker: right answers pass in every accepted spelling, wrong ones do not, feedback never
gives the answer away, and no student input can make it raise."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import zipfile

import numpy as np
import pandas as pd
import pytest

from conftest import RETIRED_LESSON, ROOT
from peru_us import exercises
from peru_us.exercises import check, evaluate, evaluate_entry, hint, progress, question_bank

sys.path.insert(0, str(ROOT))
from tools import question_bank as tool  # noqa: E402

pytestmark = pytest.mark.usefixtures("checker_fixture_bank")  # fixed questions: see conftest.py


def status(qid, answer):
    return evaluate(qid, answer).status


# --------------------------------------------------------------------------- behaviour on the demo bank
@pytest.mark.parametrize("answer", ["Lima", "lima", "  LIMA ", "Líma", "the Lima", "Lima!"])
def test_text_answers_ignore_case_accents_spacing_and_punctuation(answer):
    assert status("demo.q1", answer) == "correct"


@pytest.mark.parametrize("answer", ["Cusco", "Arequipa", "Limaa", ""])
def test_wrong_text_answers_are_not_accepted(answer):
    assert status("demo.q1", answer) == "incorrect"


def test_targeted_feedback_for_a_common_mistake_does_not_contain_the_answer():
    message = evaluate("demo.q1", "Cusco").message
    assert "consular agency" in message and "lima" not in message.lower()


@pytest.mark.parametrize("answer", [1968, 1968.0, "1968", " 1,968 ", np.int64(1968), pd.Series([1968]), 1968.4])
def test_numbers_in_any_reasonable_form(answer):
    assert status("demo.q2", answer) == "correct"


@pytest.mark.parametrize("answer", [1967, 1969, 1968.6, "1969"])
def test_wrong_numbers(answer):
    assert status("demo.q2", answer) == "incorrect"


def test_sets_ignore_order_and_accept_name_variants():
    assert status("demo.q3", ["Alan García", "Alejandro Toledo"]) == "correct"
    assert status("demo.q3", ("toledo", "Garcia")) == "correct"
    assert status("demo.q3", pd.Series(["Toledo", "Alan Garcia Perez"])) == "correct"


def test_partial_sets_say_how_many_are_right_but_not_which():
    result = evaluate("demo.q3", ["Toledo", "Fujimori"])
    assert result.status == "partial"
    assert "1 of 2 right" in result.message and "1 item that is not part" in result.message
    assert "garcia" not in result.message.lower()


def test_unanswered_none_and_wrong_kinds_get_friendly_messages():
    assert status("demo.q1", ...) == "unanswered"
    assert "None" in evaluate("demo.q1", None).message
    assert "text answer in quotes" in evaluate("demo.q1", 42).message
    assert "a single value" in evaluate("demo.q2", [1, 2]).message
    assert ".iloc[0]" in evaluate("demo.q2", pd.Series([1968, 1969])).message
    assert "a list" in evaluate("demo.q3", "Toledo").message
    assert "item 2" in evaluate("demo.q3", ["Toledo", ["Garcia"]]).message


def test_huge_and_odd_values_get_specific_messages():
    for answer in ["x" * 100_000, 10 ** 400, float("nan"), float("inf"), [["deep"] * 3] * 300, {"a": 1},
                   b"bytes", object(), complex(1, 2), dt.date(1968, 10, 3), np.array([[1, 2], [3, 4]])]:
        for qid in ("demo.q1", "demo.q2", "demo.q3"):
            result = evaluate(qid, answer)
            assert result.status in {"invalid", "incorrect"} and "could not be checked" not in result.message, (qid, answer)


def test_unknown_question_suggests_the_closest_id(capsys):
    check("demo.q7", 1)
    check("dmeo.q1", 1)
    out = capsys.readouterr().out
    assert "There is no exercise 'demo.q7'" in out and "did you mean 'demo.q1'" in out


def test_hints_are_progressive_then_stop(capsys):
    exercises._hints_shown.pop("demo.q3", None)
    hint("demo.q3")
    hint("demo.q3")
    hint("demo.q3")
    hint("demo.q3", 1)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("💡 demo.q3, hint 1 of 2") and lines[1].startswith("💡 demo.q3, hint 2 of 2")
    assert "last hint" in lines[2] and "hint 1 of 2" in lines[3]
    with pytest.raises(ValueError, match="no such exercise"):
        hint("nope.q1")


def test_the_last_hint_does_not_send_handout_users_to_a_solution_cell(capsys):
    exercises._hints_shown["demo.q1"] = 2
    hint("demo.q1")
    out = capsys.readouterr().out
    assert "last hint" in out and "solution" not in out.lower() and 'hint("demo.q1", 1)' in out


def test_hint_true_is_not_hint_one(capsys):
    with pytest.raises(TypeError, match="number=True"):
        hint("demo.q1", True)
    assert "hint True" not in capsys.readouterr().out


# --------------------------------------------------------------------------- feedback that teaches
def made(kind, answer, **options):
    options.setdefault("hints", ["first hint", "second hint"])
    options.setdefault("prompt", "a test question")
    options.setdefault("expects", "a test answer")
    return tool.build_question("test.q1", kind, answer, salt="fedcba9876543210", **options)


EXPLAIN = "Velasco's junta ruled until 1975: the coup opened seven years of military government."


def test_a_correct_answer_shows_the_explanation_and_a_wrong_one_does_not():
    entry = made("number", 1968, unit="year", explain=EXPLAIN, tolerance=1)
    for answer in (1967, "1968", "FY 1969"):
        result = evaluate_entry("test.q1", entry, answer)
        assert result.correct and result.explanation == EXPLAIN and result.message.endswith(EXPLAIN)
    assert EXPLAIN not in evaluate_entry("test.q1", entry, 1970).message


def test_the_explanation_is_sealed_in_the_bank():
    entry = made("text", "Juan Velasco Alvarado", variants=["Velasco"], explain=EXPLAIN)
    stored = json.dumps(entry, ensure_ascii=False).lower()
    assert "velasco" not in stored and "junta" not in stored and "1975" not in stored
    assert evaluate_entry("test.q1", entry, "General Velasco").explanation == EXPLAIN


def test_a_set_explanation_opens_with_any_accepted_spelling_of_every_item():
    entry = made("set", [["Alejandro Toledo", "Toledo"], ["Alan García", "García"]], explain=EXPLAIN)
    for answer in (["Toledo", "García"], ["Alan García", "Alejandro Toledo"], ["García, Alan", "President Toledo"]):
        assert evaluate_entry("test.q1", entry, answer).explanation == EXPLAIN
    assert evaluate_entry("test.q1", entry, ["Toledo"]).explanation == ""


def test_without_an_explanation_a_correct_answer_still_says_well_done():
    entry = made("text", "Lima")
    assert evaluate_entry("test.q1", entry, "Lima").message == "✅ test.q1: correct! Well done."
    assert evaluate_entry("test.q1", entry, "Lima").explanation == ""
    assert exercises.explanation("demo.q1", "Cusco") == ""  # a wrong answer never opens the explanation


def test_feedback_stored_for_a_wrong_item_or_a_wrong_set_is_shown():
    entry = made("set", [["Alejandro Toledo", "Toledo"], ["Alan García", "García"]],
                 feedback={"Fujimori": "Fujimori left office in 2000.",
                           ("Toledo", "Humala"): "Humala became president in 2011."})
    partial = evaluate_entry("test.q1", entry, ["Toledo", "Alberto Fujimori"])
    assert partial.status == "partial" and "Fujimori left office in 2000." not in partial.message  # none for that spelling
    for spelling in ("Fujimori", "President Fujimori"):
        partial = evaluate_entry("test.q1", entry, ["Toledo", spelling])
        assert partial.status == "partial" and "Fujimori left office in 2000." in partial.message
    whole = evaluate_entry("test.q1", entry, ["Humala", "President Toledo"])
    assert "Humala became president in 2011." in whole.message and "1 of 2 right" in whole.message


def test_the_lessons_feedback_is_reached_by_the_new_forms():
    assert "wrong way round" in evaluate("cold_war.q2", "−203 días").message
    assert "constant 2020 dollars" in evaluate("security.q5", "133,2 millones").message


# --------------------------------------------------------------------------- progress keeps the best
def test_progress_keeps_the_best_result(capsys):
    exercises._results.clear()
    check("demo.q1", "Lima")
    check("demo.q1", "Cusco")  # a later wrong attempt
    check("demo.q1", ...)
    check("demo.q3", ["Toledo"])
    check("demo.q3", ["Fujimori"])
    check("demo.q2", "nonsense")
    capsys.readouterr()
    progress("demo")
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["demo.q1                  ✅", "demo.q2                  ⚠️ ", "demo.q3                  🟡",
                     "1 of 3 correct"]
    check("demo.q3", ["Toledo", "García"])
    progress("demo")
    assert capsys.readouterr().out.splitlines()[-1] == "2 of 3 correct"


def test_unknown_ids_are_not_recorded():
    exercises._results.clear()
    check("demo.q7", "x")
    check(42, "x")
    assert exercises._results == {}


# --------------------------------------------------------------------------- the bank and its source
ANSWER_FILES = sorted((ROOT / "tools" / "answers").glob("*.json"))
FIXTURE_FILES = sorted((RETIRED_LESSON / "answers").glob("*.json"))  # the checker's fixed questions
SPECS = {qid: spec for path in ANSWER_FILES + FIXTURE_FILES
         for qid, spec in json.loads(path.read_text(encoding="utf-8")).items()}


def test_the_shipped_bank_is_the_build_of_the_answer_files():
    assert [p.stem for p in ANSWER_FILES] == [p.stem for p in sorted((ROOT / "peru_us" / "questions").glob("*.json"))]
    assert tool.build(write=False) == [], "run: python tools/question_bank.py build"
    assert set(SPECS) == set(question_bank())


@pytest.mark.parametrize("qid", sorted(SPECS))
def test_every_answer_and_variant_is_accepted_and_every_feedback_shown(qid):
    spec = SPECS[qid]
    answers = [spec["answer"]] if spec["kind"] == "set" else [spec["answer"], *spec.get("variants", [])]
    for answer in answers:
        if spec["kind"] == "set":
            answer = [item if isinstance(item, str) else item[0] for item in answer]
        assert evaluate(qid, answer).correct, (qid, answer)
    for item in spec.get("feedback", []):
        wrong = [item["answer"]] if spec["kind"] == "set" and isinstance(item["answer"], str) else item["answer"]
        result = evaluate(qid, wrong)
        assert not result.correct and item["message"] in result.message, (qid, wrong, result.message)


def test_the_answer_sheet_has_a_readable_answer_for_every_question():
    sheet = {row["id"]: row for row in tool.answer_sheet()}
    assert set(sheet) == set(question_bank())
    assert sheet["cold_war.q7"]["answer"] == "1989-12-29"
    assert sheet["cold_war.q2"]["answer"] == "203 days (202 to 204 accepted)"
    assert sheet["demo.q3"]["answer"] == "Alejandro Toledo; Alan García"
    assert sheet["capstone.q8"]["answer"] == "False"
    assert all(row["answer"] and row["prompt"] and "explain" in row for row in sheet.values())
    assert [row["id"] for row in tool.answer_sheet("cold_war")] == [f"cold_war.q{i}" for i in range(1, 10)]


def test_a_broken_answer_file_entry_is_refused_with_its_question_and_field():
    with pytest.raises(tool.SpecError, match="'test.q1'.*'unit'"):
        made("number", 3, unit="fortnights")
    with pytest.raises(tool.SpecError, match="reads as nothing"):
        made("text", "?!")
    with pytest.raises(tool.SpecError, match="cannot be read.*single letter"):
        made("choice", "bb")
    with pytest.raises(tool.SpecError, match="also an accepted answer"):
        made("number", 1968, tolerance=1, feedback={1969: "close"})


def test_a_broken_bank_file_names_file_question_and_field(tmp_path):
    from peru_us.checker.bank import BankError, load_bank
    good = json.loads((ROOT / "peru_us" / "questions" / "00_demo.json").read_text(encoding="utf-8"))
    good["demo.q2"]["unit"] = "fortnights"
    (tmp_path / "00_demo.json").write_text(json.dumps(good), encoding="utf-8")
    with pytest.raises(BankError, match=r"00_demo.json: question 'demo.q2': field 'unit' is 'fortnights'"):
        load_bank(tmp_path)
    (tmp_path / "00_demo.json").write_text("{", encoding="utf-8")
    with pytest.raises(BankError, match="00_demo.json.*cannot be read as JSON"):
        load_bank(tmp_path)


def test_every_question_is_complete_and_holds_no_readable_answer():
    bank = question_bank()
    assert bank, "question bank is empty"
    for qid, q in bank.items():
        assert re.fullmatch(r"[a-z_]+\.q[0-9]+", qid), qid
        assert q["kind"] in exercises.KINDS
        assert len(q["hints"]) >= 2, f"{qid} needs at least two hints"
        assert q["expects"] and q["prompt"], qid
        hashes = q.get("accept", []) + [h for group in q.get("elements", []) for h in group]
        assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), qid
        if q["kind"] == "number":
            assert q.get("unit") in exercises.UNITS, f"{qid}: a number question says what it counts in"


def test_bank_entries_have_only_known_fields_so_no_answer_can_hide_in_them():
    allowed = {"kind", "salt", "prompt", "expects", "hints", "explain", "accept", "elements", "decimals", "feedback", "unit"}
    for path in (ROOT / "peru_us" / "questions").glob("*.json"):
        for qid, entry in json.loads(path.read_text(encoding="utf-8")).items():
            assert set(entry) <= allowed, (path.name, qid, set(entry) - allowed)
            assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in entry.get("feedback", {})), qid
            assert "explain" not in entry or set(entry["explain"]) == {"sealed", "keys"}, qid


def test_no_question_entry_holds_its_own_readable_answer():
    bank = question_bank()
    for qid, spec in SPECS.items():
        if spec["kind"] in ("text", "date", "set"):
            entry = {k: v for k, v in bank[qid].items() if k != "explain"}  # sealed: see the test of known fields
            shipped = f" {exercises.normalise_text(json.dumps(entry, ensure_ascii=False))} "
            items = spec["answer"] if spec["kind"] == "set" else [spec["answer"], *spec.get("variants", [])]
            for item in items:
                for text in ([item] if isinstance(item, str) else item):
                    form = exercises.normalise_text(text)
                    assert f" {form} " not in shipped, (qid, text)


def test_the_wheel_ships_the_checker_and_the_hashed_bank_but_not_the_answers(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = zipfile.ZipFile(next(tmp_path.glob("peru_us-*.whl")))
    names = wheel.namelist()
    assert "peru_us/checker/quantities.py" in names and "peru_us/questions/00_demo.json" in names
    assert not [n for n in names if "answers" in n or n.startswith("tools/")]
    wheel.extractall(tmp_path / "site")
    code = "from peru_us.exercises import evaluate; print(evaluate('demo.q1', ' LIMA ').status)"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path / "site", capture_output=True, text=True,
                         env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"}, check=True)
    assert out.stdout.strip() == "correct"
