"""The checker's contract for bad input (issue 9): check() never raises, never hangs and always
explains; hint() and progress() do the right thing or raise a TypeError/ValueError that names the
argument, what it got and what is allowed."""
from __future__ import annotations

import datetime as dt
import decimal
import fractions
import threading

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peru_us.checker import grading
from peru_us.exercises import check, evaluate, hint, progress

pytestmark = pytest.mark.usefixtures("checker_fixture_bank")  # fixed questions: see conftest.py

STATUSES = {"correct", "partial", "incorrect", "unanswered", "invalid", "unknown"}
QIDS = ["demo.q1", "demo.q2", "demo.q3", "cold_war.q7", "cold_war.q1", "capstone.q8", "trade.q9"]


class Boom(Exception):
    pass


def _boom(*args, **kwargs):
    raise Boom("odd object")


def _pretty(self, printer, cycle):  # only for hypothesis's report of a failing example
    printer.text(f"{type(self).__name__}(...)")


class Odd:
    """An object whose every special method raises."""
    __str__ = __repr__ = __eq__ = __hash__ = __len__ = __iter__ = __bool__ = __float__ = __int__ = __index__ = _boom
    __getitem__ = __format__ = __lt__ = _boom

    _repr_pretty_ = _pretty

    def __getattr__(self, name):
        raise Boom(name)


class OddStr(str):
    _repr_pretty_ = _pretty
    __str__ = __repr__ = __eq__ = __hash__ = __len__ = __iter__ = __getitem__ = _boom
    strip = lower = casefold = partition = split = replace = _boom


class OddFloat(float):
    _repr_pretty_ = _pretty
    __str__ = __repr__ = __round__ = __eq__ = __hash__ = _boom


class OddList(list):
    _repr_pretty_ = _pretty
    __len__ = __iter__ = __getitem__ = __repr__ = _boom


def self_containing_list():
    items = []
    items.append(items)
    return items


def self_containing_dict():
    mapping = {}
    mapping["me"] = mapping
    return mapping


def deep(levels):
    value = "Lima"
    for _ in range(levels):
        value = [value]
    return value


def within(seconds, function, *args):
    """Run function(*args) in a daemon thread; fail if it has not finished in `seconds` (a hang)."""
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.setdefault("value", function(*args)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{function.__name__}{args!r:.80} did not return within {seconds} s"
    return outcome.get("value")


# --------------------------------------------------------------------------- the table of bad calls
# (function, args, kwargs, what must happen): "prints <text>" for check (never raises), or an
# exception type and words its message must contain (the argument's name and what is allowed)
BAD_CALLS = [
    (check, (), {}, "prints check() needs two things"),
    (check, ("demo.q1",), {}, "prints check(\"demo.q1\", answer)"),
    (check, ("demo.q1", "Lima", "Cusco"), {}, "prints You gave it 3"),
    (check, ("demo.q1",), {"anwser": "Lima"}, "prints does not take 'anwser'"),
    (check, (None, "Lima"), {}, "prints needs the exercise's name first"),
    (check, (42, "Lima"), {}, "prints You gave a whole number as the name"),
    (check, (["demo.q1"], "Lima"), {}, "prints You gave a list as the name"),
    (check, (b"demo.q1", "Lima"), {}, "prints You gave bytes"),
    (check, ("", "Lima"), {}, "prints There is no exercise ''"),
    (check, ("demo.q9", 1), {}, "prints There is no exercise 'demo.q9' (did you mean 'demo.q"),
    (check, ("dmeo.q1", 1), {}, "prints did you mean 'demo.q1'"),
    (check, ("Lima", "demo.q1"), {}, "prints the two are swapped"),
    (check, (Odd(), "Lima"), {}, "prints a value of type Odd as the name"),
    (check, (OddStr("demo.q1"), "Lima"), {}, "prints correct!"),
    (check, ("demo.q1", Odd()), {}, "prints "),
    (check, ("demo.q1", OddStr("Lima")), {}, "prints correct!"),
    (check, ("demo.q2", OddFloat(1968.0)), {}, "prints correct!"),
    (check, ("demo.q3", OddList(["Toledo"])), {}, "prints "),
    (check, ("demo.q1", self_containing_list()), {}, "prints a single value"),
    (check, ("demo.q1", pd.Series([self_containing_list()])), {}, "prints a single value"),
    (check, ("demo.q3", pd.Series([self_containing_list()])), {}, "prints item 1 of your list is a list"),
    (check, ("demo.q1", self_containing_dict()), {}, "prints a dictionary"),
    (check, ("demo.q1", deep(10_000)), {}, "prints a single value"),
    (check, ("demo.q1", "x" * 10_000_000), {}, "prints 10,000,000 characters"),
    (check, ("demo.q2", 10 ** 5000), {}, "prints too large"),
    (check, ("demo.q2", decimal.Decimal("sNaN")), {}, "prints "),
    (check, ("demo.q2", complex(1968, 0)), {}, "prints a complex number"),
    (check, ("demo.q2", True), {}, "prints True/False is not a number"),
    (check, ("demo.q3", list(range(10 ** 6))), {}, "prints 1,000,000 items"),
    (check, ("demo.q3", (name for name in ["Toledo"])), {}, "prints wrap it in list(...)"),
    (check, ("cold_war.q7", np.datetime64("NaT", "ns")), {}, "prints missing (NaT)"),
    (check, ("demo.q2", pd.NA), {}, "prints missing (pd.NA)"),
    (hint, (), {}, (TypeError, "hint() needs the exercise's name")),
    (hint, (None,), {}, (TypeError, "question_id", "got None")),
    (hint, (42,), {}, (TypeError, "question_id", "got 42", "a text in quotes")),
    (hint, (Odd(),), {}, (TypeError, "question_id", "a value of type Odd")),
    (hint, ("nope.q1",), {}, (ValueError, "question_id='nope.q1'", "no such exercise")),
    (hint, ("dmeo.q1",), {}, (ValueError, "did you mean 'demo.q1'")),
    (hint, ("demo.q1", True), {}, (TypeError, "number=True", "from 1 to 2")),
    (hint, ("demo.q1", 0), {}, (ValueError, "number=0", "hint 1 to 2")),
    (hint, ("demo.q1", 3), {}, (ValueError, "number=3", "hint 1 to 2")),
    (hint, ("demo.q1", -1), {}, (ValueError, "number=-1")),
    (hint, ("demo.q1", 1.5), {}, (TypeError, "number=1.5", "a whole number")),
    (hint, ("demo.q1", "1"), {}, (TypeError, "number='1'", "got a text")),
    (hint, ("demo.q1", [1]), {}, (TypeError, "number=", "got a list")),
    (progress, (42,), {}, (TypeError, "prefix=42", "a lesson's name in quotes")),
    (progress, (True,), {}, (TypeError, "prefix=True")),
    (progress, (["demo"],), {}, (TypeError, "prefix=", "got a list")),
    (progress, ("cold war",), {}, (ValueError, "prefix='cold war'", "did you mean 'cold_war'", "lessons: capstone")),
    (progress, ("nope",), {}, (ValueError, "prefix='nope'", "lessons:")),
]


@pytest.mark.parametrize("function, args, kwargs, expected", BAD_CALLS,
                         ids=[f"{i:02d}-{call[0].__name__}" for i, call in enumerate(BAD_CALLS)])
def test_bad_calls(function, args, kwargs, expected, capsys):
    if isinstance(expected, str):
        within(30, lambda: function(*args, **kwargs))  # never raises (a raise fails the test) nor hangs
        out = capsys.readouterr().out
        assert out.strip() and expected.removeprefix("prints ") in out, out
        assert "Traceback" not in out
    else:
        error, *words = expected
        with pytest.raises(error) as raised:
            function(*args, **kwargs)
        for word in words:
            assert word in str(raised.value), str(raised.value)


def test_there_are_at_least_thirty_bad_calls():
    assert len(BAD_CALLS) >= 30


@pytest.mark.parametrize("call", [lambda: progress(None), lambda: progress(), lambda: progress("01_cold_war"),
                                  lambda: progress("cold_war.q1"), lambda: progress(" demo "),
                                  lambda: hint("demo.q1", None), lambda: hint("demo.q1", np.int64(1)),
                                  lambda: hint(" demo.q1 "), lambda: hint("DEMO.Q1", 2)])
def test_calls_that_are_not_wrong_do_the_right_thing(call, capsys):
    call()
    out = capsys.readouterr().out
    assert "💡" in out or "correct" in out


def test_progress_of_a_lesson_file_lists_that_lesson(capsys):
    progress("01_cold_war")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == [f"cold_war.q{i}" for i in range(1, 10)]
    assert lines[-1].endswith("of 9 correct")


# --------------------------------------------------------------------------- property: never raises, never hangs
plain_values = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=300)
                | st.binary(max_size=20) | st.dates() | st.datetimes() | st.just(...) | st.decimals(allow_nan=True)
                | st.complex_numbers() | st.fractions() | st.timedeltas())
student_text = st.sampled_from([
    "28,8", "2,5 %", "−203", "203 days", "203 semanas", "USD 780 million", "4,9 mil millones", "29 de diciembre de 1989",
    "05/06/1989", "29/12/89", "García, Alan", "President Alan García", "sí", "Opción B", "1,234", "1.234,5", "FY2006",
    "52 100 ha", "0,78 billones", "b) text", ",", ".", "-", "%", "$", "de", "12/29/1989", "1989-12-29T00:00:00Z",
]) | st.text(alphabet="0123456789,.-− %$/ abcdefghijklmnopqrstuvwxyzñáé", max_size=40)
ODD_FACTORIES = [  # made afresh for every example (hypothesis hashes sampled values, and these refuse)
    Odd, lambda: OddStr("Lima"), lambda: OddFloat(2.5), lambda: OddList(["Lima"]), self_containing_list,
    self_containing_dict, lambda: deep(50), lambda: pd.Series([self_containing_list()]),
    lambda: np.array([self_containing_list(), 1], dtype=object), lambda: np.datetime64("NaT"), lambda: pd.NaT,
    lambda: pd.NA, lambda: np.float64("nan"), lambda: np.int8(3), lambda: np.str_("Lima"), lambda: np.bool_(True),
    lambda: pd.Timestamp("1989-12-29").as_unit("ns"), lambda: np.datetime64("1989-12-29", "ns"),
    lambda: pd.Series(pd.to_datetime(["1989-12-29"])).astype("datetime64[ns]"), lambda: pd.DataFrame({"a": [1, 2]}),
    lambda: pd.Index(["Lima"]), lambda: np.zeros((2, 2)), lambda: range(5), lambda: iter([1]),
    lambda: dt.timezone.utc, lambda: fractions.Fraction(1, 3), lambda: pd.Categorical(["Lima"]),
    lambda: pd.array([1], dtype="Int64"), lambda: pd.Period("1989-12"),
]
odd_objects = st.integers(0, len(ODD_FACTORIES) - 1).map(lambda i: ODD_FACTORIES[i]())
leaves = plain_values | student_text | odd_objects
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=6) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    | st.frozensets(st.integers() | st.text(max_size=5), max_size=5) | inner.map(lambda v: pd.Series([v], dtype=object)),
    max_leaves=25,
)
ODD_TYPES = (Odd, OddStr, OddFloat, OddList)


def _has_odd(value, depth=0) -> bool:
    if isinstance(value, ODD_TYPES):
        return True
    if depth < 8 and type(value) in (list, tuple, frozenset):
        return any(_has_odd(v, depth + 1) for v in value)
    if depth < 8 and type(value) is pd.Series:
        return any(_has_odd(v, depth + 1) for v in value.tolist())
    return False


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(qid=st.sampled_from(QIDS) | st.text(max_size=30) | st.integers() | odd_objects, answer=values)
def test_check_never_raises_and_always_explains(qid, answer):
    result = evaluate(qid, answer)
    assert result.status in STATUSES and result.message
    if not _has_odd(answer) and not isinstance(qid, ODD_TYPES):
        # ordinary values are handled by a specific, explanatory path, not by the last-resort catch-all
        assert "could not be checked" not in result.message, result.message


@settings(max_examples=150, deadline=None)
@given(answer=values)
def test_printing_check_never_raises(answer):
    check("demo.q3", answer)


@settings(max_examples=200, deadline=None)
@given(answer=student_text, qid=st.sampled_from(QIDS + ["security.q1", "capstone.q7", "cold_war.q9", "capstone.q1"]))
def test_typed_answers_always_get_a_specific_message(answer, qid):
    result = evaluate(qid, answer)
    assert result.status in STATUSES - {"unknown"} and "could not be checked" not in result.message


@pytest.mark.parametrize("answer", [pd.Series([self_containing_list()]), pd.Series([[self_containing_list()]]),
                                    np.array([self_containing_list()], dtype=object), deep(100_000),
                                    "1" * 5_000_000, "29 " * 1_000_000, [self_containing_list()] * 200])
@pytest.mark.parametrize("qid", QIDS)
def test_check_never_hangs(qid, answer):
    result = within(30, evaluate, qid, answer)
    assert result.status in STATUSES


def test_the_error_handler_itself_cannot_raise(monkeypatch):
    def broken(question_id, answer):
        raise RuntimeError("a bug in the checker")
    monkeypatch.setattr(grading, "_evaluate", broken)
    result = evaluate(Odd(), Odd())
    assert result.status == "invalid" and "could not be checked (RuntimeError)" in result.message
