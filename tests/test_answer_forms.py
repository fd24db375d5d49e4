"""The forms students type are read as they mean them: decimal commas, units, dates in English and
Spanish, names with titles or as "surname, forename", yes/no in Spanish, one-element Series; and a
wrong unit or an ambiguous number gets a message that says so instead of a silent misreading.

Most rows use the course's own questions (their answers are in tools/answers/); forms that no
current question needs (a question in billions) use questions built here with build_question."""
from __future__ import annotations

import datetime as dt
import sys

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT
from peru_us.checker.forms import AnswerProblem
from peru_us.checker.quantities import read_number_token
from peru_us.exercises import evaluate, evaluate_entry

sys.path.insert(0, str(ROOT))
from tools.question_bank import build_question  # noqa: E402

pytestmark = pytest.mark.usefixtures("checker_fixture_bank")  # fixed questions: see conftest.py

HINTS = ["first hint", "second hint"]


def made(kind, answer, **options):
    """A question built the way the bank is built (hashes only), for forms no lesson question has."""
    options.setdefault("hints", HINTS)
    options.setdefault("prompt", "a test question")
    options.setdefault("expects", "a test answer")
    return build_question("test.q1", kind, answer, salt="0123456789abcdef", **options)


BILLIONS = made("number", 4.9, decimals=1, unit="billion USD")
MILLIONS = made("number", 780, unit="million USD")
DAYS_Q = made("number", 203, unit="days")

# --------------------------------------------------------------------------- numbers
CORRECT_NUMBERS = [
    ("capstone.q7", "28,8"),  # decimal comma: was read as 288
    ("capstone.q7", "28,8 %"),
    ("capstone.q7", "28.8%"),
    ("capstone.q7", "28,8 por ciento"),
    ("trade.q5", "2,5"),  # was 25
    ("trade.q5", "2.5 times"),
    ("trade.q5", "2,5 veces"),
    ("security.q2", "13,0"),
    ("cold_war.q2", "203 days"),
    ("cold_war.q2", "203 días"),
    ("cold_war.q2", "203 d"),
    ("cold_war.q2", pd.Timedelta(days=203)),  # the subtraction itself, before .days
    ("cold_war.q2", np.timedelta64(203, "D")),
    ("cold_war.q5", "29%"),
    ("cold_war.q5", "29 percent"),
    ("trade.q9", "USD 780 million"),
    ("trade.q9", "US$ 780 millones"),
    ("trade.q9", "$780m"),
    ("trade.q9", "780 million dollars"),
    ("trade.q9", "0.78 billion"),
    ("trade.q9", "780"),
    ("security.q5", "129,0 millones de dólares"),
    ("security.q1", "26 423 ha"),  # a space between thousands
    ("security.q1", "26\u202f423 hectáreas"),
    ("security.q1", "26,423 hectares"),
    ("security.q3", "509 metric tons"),
    ("security.q3", "509 t"),
    ("security.q4", "FY2006"),
    ("security.q4", "fiscal year 2006"),
    ("demo.q2", "1968"),
    ("demo.q2", " 1,968 "),
    ("capstone.q1", "36 percentage points"),
    ("capstone.q1", "36 pp"),
    ("capstone.q1", "36%"),
    ("diplomacy.q1", "7 visits"),
    ("trade.q1", "13 years"),
    ("capstone.q6", "about 12"),
]


@pytest.mark.parametrize("qid, answer", CORRECT_NUMBERS, ids=[f"{q}-{a}" for q, a in CORRECT_NUMBERS])
def test_numbers_as_students_type_them(qid, answer):
    assert evaluate(qid, answer).status == "correct", evaluate(qid, answer).message


@pytest.mark.parametrize("answer", ["4.9 billion", "4,9 billion", "4.9 bn", "USD 4.9 billion", "4900 million",
                                    "4,9 mil millones", "4.9"])
def test_a_question_in_billions_reads_the_scale(answer):
    assert evaluate_entry("test.q1", BILLIONS, answer).correct


@pytest.mark.parametrize("answer", ["USD 780 million", "780 million", "780", "0.78 billion", "780,000 thousand"])
def test_a_question_in_millions_reads_the_scale(answer):
    assert evaluate_entry("test.q1", MILLIONS, answer).correct


def test_the_minus_sign_the_charts_print_is_a_minus():
    # cold_war.q2 stores feedback for the negative gap: reading "−203" as -203 shows it
    result = evaluate("cold_war.q2", "\u2212203")
    assert result.status == "incorrect" and "wrong way round" in result.message
    assert evaluate("cold_war.q2", "\u2212203").message == evaluate("cold_war.q2", -203).message


@pytest.mark.parametrize("qid, answer, says", [
    ("cold_war.q2", "203 weeks", "this question is in days, and you wrote weeks"),
    ("cold_war.q2", "29 semanas", "you wrote weeks"),
    ("cold_war.q2", "7 months", "you wrote months"),
    ("security.q3", "52100 hectares", "this question is in metric tons, and you wrote hectares"),
    ("security.q1", "264 km²", "you wrote square kilometres"),
    ("trade.q9", "780 soles", "U.S. dollars, and you wrote soles"),
    ("trade.q9", "S/. 780 millones", "you wrote soles"),
    ("cold_war.q5", "29 days", "asks for a percentage (%), and you wrote days"),
    ("demo.q2", "1968 days", "asks for a year, and you wrote days"),
    ("security.q4", "2.9 billion", "leave out \"billion\""),
    ("trade.q9", "0,78 billones", "a million million"),
])
def test_a_wrong_unit_gets_a_message_about_the_unit(qid, answer, says):
    result = evaluate(qid, answer)
    assert result.status == "invalid" and says in result.message, result.message


def test_a_time_span_for_a_question_that_is_not_in_days_is_explained():
    assert "time span" in evaluate("trade.q1", pd.Timedelta(days=13)).message


@pytest.mark.parametrize("token, decimals, value", [
    ("2,5", 1, "2.5"), ("28,8", 1, "28.8"), ("0,125", 3, "0.125"), (",5", 1, "0.5"), ("1.234,5", 1, "1234.5"),
    ("1,234.5", 1, "1234.5"), ("1.234.567", 0, "1234567"), ("1,234,567", 0, "1234567"), ("1,968", 0, "1968"),
    ("-3,5", 1, "-3.5"), ("12.50", 2, "12.50"),
])
def test_decimal_commas_and_thousands_separators(token, decimals, value):
    assert str(read_number_token(token, decimals)[0]) == value


def test_an_ambiguous_comma_gets_a_question_not_a_guess():
    message = evaluate("capstone.q7", "28,800").message  # 28800 or 28.8?
    assert "did you mean 28.800?" in message and "28800" in message
    with pytest.raises(AnswerProblem, match="did you mean 1.234"):
        read_number_token("1,234", 1)


def test_an_ambiguous_point_in_a_whole_number_question_says_how_it_was_read():
    message = evaluate("security.q1", "26.423").message  # 26423 hectares, typed the Peruvian way
    assert "I read \"26.423\" as 26.423; if you meant 26423" in message


@pytest.mark.parametrize("answer, says", [
    ("1984-1985", "type just one number"), ("12,34,567", "cannot read"), ("it took 203 days", "not \"took\""),
    ("two hundred", "is not a number"), ("1.2.3,4", "cannot read"),
])
def test_unreadable_numbers_say_what_is_wrong(answer, says):
    assert says in evaluate("cold_war.q2", answer).message


# --------------------------------------------------------------------------- dates
DATES = ["1989-12-29", "1989/12/29", "29 December 1989", "December 29, 1989", "December 29th, 1989", "29 Dec 1989",
         "29 Dec. 1989", "29th of December 1989", "Friday, 29 December 1989", "29/12/1989", "12/29/1989",
         "29-12-1989", "29.12.1989", "29 de diciembre de 1989", "29 de diciembre del 1989", "29 diciembre 1989",
         "viernes 29 de diciembre de 1989", "29-dic-1989", "1989-12-29 00:00:00", "1989-12-29T00:00:00"]


@pytest.mark.parametrize("answer", DATES)
def test_dates_in_common_english_and_spanish_forms(answer):
    assert evaluate("cold_war.q7", answer).correct, evaluate("cold_war.q7", answer).message


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_timestamps_of_every_unit(unit):
    assert evaluate("cold_war.q7", pd.Timestamp("1989-12-29").as_unit(unit)).correct


@pytest.mark.parametrize("unit", ["D", "s", "ms", "us", "ns"])
def test_numpy_datetime64_of_every_unit(unit):
    assert evaluate("cold_war.q7", np.datetime64("1989-12-29", unit)).correct


@pytest.mark.parametrize("dtype", ["datetime64[s]", "datetime64[ms]", "datetime64[us]", "datetime64[ns]"])
def test_a_date_looked_up_in_a_table_loaded_by_any_pandas(dtype):
    """pandas 2.3 loads dates as datetime64[ns], where .values[0] and .to_numpy() hold np.datetime64
    and .tolist() whole nanoseconds: "a whole number" was the checker's answer to a right date."""
    column = pd.Series(pd.to_datetime(["1989-12-29"])).astype(dtype)
    for answer in (column, column.iloc[0], column.to_numpy(), column.values[0], pd.Index(column), column.to_frame()):
        assert evaluate("cold_war.q7", answer).correct, (dtype, type(answer))


def test_other_date_objects():
    assert evaluate("cold_war.q7", dt.date(1989, 12, 29)).correct
    assert evaluate("cold_war.q7", dt.datetime(1989, 12, 29, 15, 30)).correct
    assert evaluate("cold_war.q7", pd.Period("1989-12-29", freq="D")).correct


@pytest.mark.parametrize("answer, says", [
    ("05/06/1989", "could be 5 June or 6 May 1989"),
    ("29/12/89", "four digits"),
    ("December 1989", "has no day"),
    ("1989", "has no month and day"),
    (1989, "you gave the year 1989"),
    ("30 February 1989", "not a real calendar date"),
    ("29 Decembre 1989", "cannot read"),
    (pd.NaT, "missing (NaT)"),
    (np.datetime64("NaT"), "missing (NaT)"),
    (np.datetime64("1989-12"), "holds only a month"),
    (pd.Period("1989-12", freq="M"), "wants a full date"),
])
def test_unreadable_or_ambiguous_dates_say_why(answer, says):
    result = evaluate("cold_war.q7", answer)
    assert result.status == "invalid" and says in result.message, result.message


# --------------------------------------------------------------------------- names, choices, yes/no
@pytest.mark.parametrize("answer", ["Alan García Pérez", "President Alan García", "Presidente Alan García Pérez",
                                    "García, Alan", "García Pérez, Alan", "Pres. García", "Dr. Alan Garcia",
                                    "former President Alan García", "ALAN GARCIA PEREZ",
                                    pd.Series(["Alan García Pérez"]), np.array(["Alan García"])])
def test_names_with_titles_or_surname_first(answer):
    assert evaluate("cold_war.q9", answer).correct


def test_a_title_or_comma_never_turns_a_wrong_name_right():
    assert evaluate("cold_war.q9", "President Fujimori").status == "incorrect"
    assert "term_start" in evaluate("cold_war.q9", "Fujimori, Alberto").message  # its feedback, now reached


def test_set_items_with_titles_and_surname_first():
    assert evaluate("demo.q3", ["Toledo, Alejandro", "Presidente García"]).correct
    assert evaluate("demo.q3", pd.Series(["Pres. Toledo", "García, Alan"])).correct


@pytest.mark.parametrize("answer", ["b", "B", "(b)", "b)", "b.", "option b", "Opción B", "letter b", "respuesta b",
                                    "b) The United States recognised Peru", ["b"], pd.Series(["b"])])
def test_choice_letters(answer):
    assert evaluate("cold_war.q1", answer).correct


@pytest.mark.parametrize("answer, correct", [
    (False, True), ("False", True), ("no", True), ("No.", True), ("falso", True), (np.bool_(False), True),
    (pd.Series([False]), True), ("sí", False), ("Si", False), ("verdadero", False), ("yes", False), (True, False),
])
def test_yes_and_no_in_english_and_spanish(answer, correct):
    assert evaluate("capstone.q8", answer).correct is correct


def test_what_is_not_yes_or_no_is_explained():
    assert "answer True or False" in evaluate("capstone.q8", "maybe").message
    assert "answer True or False" in evaluate("capstone.q8", 0).message


def test_one_element_series_where_a_hint_leads():
    # cold_war.q9's hints lead to in_office["name"], a one-element Series
    assert evaluate("cold_war.q9", pd.Series(["Alan García Pérez"], name="name")).correct
    assert evaluate("demo.q2", pd.Series([1968])).correct
    assert evaluate("demo.q1", pd.DataFrame({"city": ["Lima"]})).correct
    assert "your selection found nothing" in evaluate("cold_war.q9", pd.Series([], dtype="str")).message
