"""The checker: right answers pass in every accepted spelling, wrong ones do not, feedback never
gives the answer away, and no student input can make it raise."""
from __future__ import annotations

import datetime as dt
import json
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peru_us import exercises
from peru_us.exercises import check, evaluate, hint, question_bank
from conftest import ROOT


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
    hint("nope.q1")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("💡 demo.q3, hint 1 of 2") and lines[1].startswith("💡 demo.q3, hint 2 of 2")
    assert "last hint" in lines[2] and "hint 1 of 2" in lines[3] and "no exercise" in lines[4]


# --------------------------------------------------------------------------- property: never raises
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=300)
    | st.binary(max_size=20) | st.dates() | st.just(...) | st.decimals(allow_nan=True) | st.complex_numbers(),
    lambda inner: st.lists(inner, max_size=6) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    | st.frozensets(st.integers() | st.text(max_size=5), max_size=5),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(qid=st.sampled_from(["demo.q1", "demo.q2", "demo.q3"]) | st.text(max_size=30) | st.integers(), answer=values)
def test_check_never_raises_and_always_explains(qid, answer):
    result = evaluate(qid, answer)
    assert result.status in {"correct", "partial", "incorrect", "unanswered", "invalid", "unknown"}
    # every input is handled by a specific, explanatory path, not by the last-resort catch-all
    assert result.message and "could not be checked" not in result.message


@settings(max_examples=100, deadline=None)
@given(answer=st.text(max_size=50))
def test_printing_check_never_raises(answer):
    check("demo.q1", answer)


# --------------------------------------------------------------------------- the bank itself
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


def test_bank_entries_have_only_known_fields_so_no_answer_can_hide_in_them():
    allowed = {"kind", "salt", "prompt", "expects", "hints", "explain", "accept", "elements", "decimals", "feedback"}
    for path in (ROOT / "peru_us" / "questions").glob("*.json"):
        for qid, entry in json.loads(path.read_text(encoding="utf-8")).items():
            assert set(entry) <= allowed, (path.name, qid, set(entry) - allowed)
            assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in entry.get("feedback", {})), qid


def test_a_known_answer_is_not_readable_in_the_bank():
    text = (ROOT / "peru_us" / "questions" / "00_demo.json").read_text(encoding="utf-8")
    assert evaluate("demo.q1", "Lima").correct and "lima" not in text.lower()
