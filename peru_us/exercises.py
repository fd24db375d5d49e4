"""Self-checking exercises: ``check("cold_war.q1", answer)`` and ``hint("cold_war.q1")``.

Expected answers are never stored in readable form: the question bank (``questions/*.json``)
holds salted SHA-256 hashes of the *normalised* accepted answers. A student's answer is
normalised the same way (case, accents, spacing and punctuation ignored for text; rounding
for numbers; order ignored for sets) and hashed, and the two hashes are compared.

The checker never raises on a student's answer: an unanswered exercise (``...``), ``None``,
a wrong type, a huge or nested value all get a friendly message instead of a traceback.

>>> check("demo.q1", ...)
✏️  demo.q1: not answered yet. Replace the ... with your answer and run the cell again.
>>> check("demo.q1", "  LIMA ")
✅ demo.q1: correct! Well done.
>>> check("demo.q1", "Arequipa")
❌ demo.q1: not quite. Try again, or ask for a hint: hint("demo.q1")
>>> check("demo.q1", "Cusco")  # a common mistake gets targeted feedback
❌ demo.q1: not quite. Cusco has a U.S. consular agency, but the legation was in the capital. Try again, or ask for a hint: hint("demo.q1")
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .validation import closest

BANK_DIR = Path(__file__).with_name("questions")
MAX_TEXT = 2_000  # characters: any real answer here is far shorter
MAX_ITEMS = 200  # items in a set answer
KINDS = ("text", "number", "date", "set", "choice", "bool")


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer: status is correct, partial, incorrect,
    unanswered, invalid or unknown; message is what the student sees."""

    question: str
    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"


# --------------------------------------------------------------------------- the bank
@functools.lru_cache(maxsize=1)
def question_bank() -> dict[str, dict]:
    """Every question, merged from questions/*.json (one file per lesson)."""
    bank: dict[str, dict] = {}
    for path in sorted(BANK_DIR.glob("*.json")):
        bank.update(json.loads(path.read_text(encoding="utf-8")))
    return bank


def questions(prefix: str = "") -> list[str]:
    """Question ids, optionally only those starting with `prefix` (e.g. "cold_war").

    >>> questions("demo")
    ['demo.q1', 'demo.q2', 'demo.q3']
    """
    return sorted(q for q in question_bank() if q.startswith(prefix))


# --------------------------------------------------------------------------- normalising
class AnswerProblem(Exception):
    """The answer cannot be read as the kind of answer the question wants."""


def normalise_text(value) -> str:
    """Lower case, no accents, punctuation and extra spaces removed, no leading 'the'.

    >>> normalise_text("  The Río  Treaty! ")
    'rio treaty'
    """
    if not isinstance(value, str):
        raise AnswerProblem(f"this question wants a text answer in quotes, like \"Lima\"; you gave {_kind_of(value)}")
    if len(value) > MAX_TEXT:
        raise AnswerProblem(f"that answer is {len(value):,} characters long; answers here are short (a few words)")
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def normalise_number(value, decimals: int = 0) -> str:
    """A number rounded to `decimals`, as text. Accepts numbers, numeric text and one-element pandas objects.

    >>> normalise_number(" 1,968 "), normalise_number(12.345, 1), normalise_number("45%")
    ('1968', '12.3', '45')
    """
    value = _unwrap_single(value)
    if isinstance(value, bool):
        raise AnswerProblem("this question wants a number; True/False is not a number here")
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "").removesuffix("%").strip()
        if len(text) > 60:
            raise AnswerProblem("that is a very long number; please type just the number")
        try:
            value = float(text)
        except ValueError:
            raise AnswerProblem(f"{value[:40]!r} is not a number; type digits only, like 1968 or 12.5") from None
    if not isinstance(value, numbers.Number) or isinstance(value, complex):
        raise AnswerProblem(f"this question wants a number, like 1968; you gave {_kind_of(value)}")
    try:
        number = float(value)
    except (OverflowError, TypeError, ValueError):
        raise AnswerProblem("that number is too large to be the answer") from None
    if math.isnan(number) or math.isinf(number):
        raise AnswerProblem("that is not a finite number (NaN or infinity): check your calculation")
    if abs(number) > 1e15:
        raise AnswerProblem("that number is far too large to be the answer: check your calculation")
    rounded = round(number, decimals)
    return f"{rounded:.{decimals}f}" if decimals > 0 else str(int(round(rounded)))


def normalise_date(value) -> str:
    """An ISO date YYYY-MM-DD from a date, a pandas Timestamp or text such as "1968-10-03".

    >>> normalise_date("1968-10-3"), normalise_date(dt.date(1968, 10, 3))
    ('1968-10-03', '1968-10-03')
    """
    value = _unwrap_single(value)
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", value[:40])
        if match:
            try:
                return dt.date(*map(int, match.groups())).isoformat()
            except ValueError:
                raise AnswerProblem(f"{value.strip()!r} is not a real calendar date") from None
        raise AnswerProblem(f"write the date as \"YYYY-MM-DD\", for example \"1968-10-03\"; you wrote {value[:40]!r}")
    raise AnswerProblem(f"this question wants a date like \"1968-10-03\"; you gave {_kind_of(value)}")


def normalise_choice(value) -> str:
    """The letter of a multiple-choice option: "b", "B", "(b)" and "b)" are all "b".

    >>> normalise_choice(" (B) ")
    'b'
    """
    if not isinstance(value, str):
        raise AnswerProblem(f"answer with the letter of your choice in quotes, like \"b\"; you gave {_kind_of(value)}")
    letter = value.strip().strip("().").strip().lower()
    if not re.fullmatch(r"[a-z]", letter):
        raise AnswerProblem(f"answer with a single letter, like \"b\"; you wrote {value[:40]!r}")
    return letter


def normalise_bool(value) -> str:
    """True/False, also written as yes/no.

    >>> normalise_bool("Yes"), normalise_bool(False)
    ('true', 'false')
    """
    value = _unwrap_single(value)
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if bool(value) else "false"
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
        return "true" if value.strip().lower() in ("true", "yes") else "false"
    raise AnswerProblem(f"answer True or False; you gave {_kind_of(value)}")


def set_items(value) -> list[str]:
    """The normalised items of a list-like answer (list, tuple, set, pandas Series or Index).

    >>> set_items(["Lima", "cusco ", "Lima"])
    ['cusco', 'lima']
    """
    if isinstance(value, str):
        raise AnswerProblem("this question wants a list of answers, like [\"Lima\", \"Cusco\"]; you gave a single text")
    if hasattr(value, "tolist") and not isinstance(value, dict):
        value = value.tolist()
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise AnswerProblem(f"this question wants a list, like [\"Lima\", \"Cusco\"]; you gave {_kind_of(value)}")
    if len(value) > MAX_ITEMS:
        raise AnswerProblem(f"that list has {len(value):,} items; the answer has only a few")
    items = []
    for position, item in enumerate(value, start=1):
        if not isinstance(item, str):
            raise AnswerProblem(f"item {position} of your list is {_kind_of(item)}; every item should be a text in quotes")
        items.append(normalise_text(item))
    return sorted(set(items))


def _unwrap_single(value):
    """A one-element Series/array/list becomes its element; anything longer is a problem."""
    if hasattr(value, "shape") and hasattr(value, "tolist") and getattr(value, "ndim", 0) >= 1:
        size = getattr(value, "size", None)
        if size != 1:
            raise AnswerProblem(f"you gave {_kind_of(value)} with {size} values; this question wants a single value "
                                "(try .iloc[0], .sum() or len(...))")
        value = value.tolist()
        while isinstance(value, list):
            value = value[0]
    elif isinstance(value, (list, tuple)):
        raise AnswerProblem(f"you gave {_kind_of(value)}; this question wants a single value")
    elif hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (TypeError, ValueError):
            pass
    return value


def _kind_of(value) -> str:
    names = {str: "a text", int: "a whole number", float: "a number", bool: "True/False", list: "a list",
             tuple: "a tuple", dict: "a dictionary", set: "a set", type(None): "None"}
    if type(value) in names:
        return names[type(value)]
    name = type(value).__name__
    if name in ("Series", "DataFrame", "Index"):
        return f"a pandas {name}"
    return f"a value of type {name}"


NORMALISERS = {"text": normalise_text, "date": normalise_date, "choice": normalise_choice, "bool": normalise_bool}


def normalise(kind: str, value, decimals: int = 0):
    """Normalise an answer for a question of this kind (raises AnswerProblem if it cannot)."""
    if kind == "number":
        return normalise_number(value, decimals)
    if kind == "set":
        return set_items(value)
    return NORMALISERS[kind](value)


def answer_hash(question_id: str, salt: str, normalised: str) -> str:
    """The stored form of one normalised answer."""
    return hashlib.sha256(f"{salt}|{question_id}|{normalised}".encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- checking
_results: dict[str, str] = {}
_hints_shown: dict[str, int] = {}


def evaluate(question_id, answer) -> Result:
    """Check an answer and return a :class:`Result` (no printing). Never raises."""
    try:
        return _evaluate(question_id, answer)
    except Exception as err:  # noqa: BLE001 - the student must never see a traceback
        return Result(str(question_id), "invalid",
                      f"⚠️  {question_id}: this answer could not be checked ({type(err).__name__}). "
                      "Check what your answer holds, e.g. with print(answer).")


def _evaluate(question_id, answer) -> Result:
    bank = question_bank()
    if not isinstance(question_id, str) or question_id not in bank:
        return Result(str(question_id)[:60], "unknown",
                      f"❓ There is no exercise {str(question_id)[:60]!r}{closest(question_id, bank)}. "
                      "Check the name in the exercise cell.")
    question = bank[question_id]
    if answer is ... or answer is None:
        if answer is None:
            return Result(question_id, "unanswered",
                          f"✏️  {question_id}: your answer is None. Did your code forget to return or assign a value?")
        return Result(question_id, "unanswered",
                      f"✏️  {question_id}: not answered yet. Replace the ... with your answer and run the cell again.")
    try:
        normalised = normalise(question["kind"], answer, question.get("decimals", 0))
    except AnswerProblem as problem:
        expects = question.get("expects")
        tip = f" This question expects {expects}." if expects else ""
        return Result(question_id, "invalid", f"⚠️  {question_id}: {problem}.{tip}")
    if question["kind"] == "set":
        return _evaluate_set(question_id, question, normalised)
    digest = answer_hash(question_id, question["salt"], normalised)
    if digest in question["accept"]:
        return Result(question_id, "correct", f"✅ {question_id}: correct! {question.get('explain', 'Well done.')}")
    feedback = question.get("feedback", {}).get(digest)
    message = f"❌ {question_id}: not quite."
    if feedback:
        message += f" {feedback}"
    return Result(question_id, "incorrect", message + f" Try again, or ask for a hint: hint(\"{question_id}\")")


def _evaluate_set(question_id: str, question: dict, items: list[str]) -> Result:
    hashes = {answer_hash(question_id, question["salt"], item) for item in items}
    groups = [set(group) for group in question["elements"]]
    found = sum(1 for group in groups if group & hashes)
    extra = sum(1 for h in hashes if not any(h in group for group in groups))
    if found == len(groups) and extra == 0:
        return Result(question_id, "correct", f"✅ {question_id}: correct! {question.get('explain', 'Well done.')}")
    parts = [f"{found} of {len(groups)} right"]
    if extra:
        parts.append(f"{extra} item{'s' if extra > 1 else ''} that {'are' if extra > 1 else 'is'} not part of the answer")
    status = "partial" if found else "incorrect"
    return Result(question_id, status, f"🟡 {question_id}: you have {' and '.join(parts)}. "
                  f"Keep going, or ask for a hint: hint(\"{question_id}\")")


def check(question_id, answer) -> None:
    """Check an answer and print friendly feedback. Never raises.

    >>> check("demo.q2", 1968.2)
    ✅ demo.q2: correct! Well done.
    >>> check("demo.q2", [1968, 1969])
    ⚠️  demo.q2: you gave a list; this question wants a single value. This question expects a year, like 1950.
    """
    result = evaluate(question_id, answer)
    _results[result.question] = result.status
    print(result.message)


def hint(question_id, number: int | None = None) -> None:
    """Print the next hint for a question (or hint `number`, counting from 1).

    >>> hint("demo.q1")
    💡 demo.q1, hint 1 of 2: James Cooley presented his credentials there as Chargé d'Affaires.
    >>> hint("demo.q1")
    💡 demo.q1, hint 2 of 2: It is Peru's capital, where the U.S. Embassy still stands.
    >>> hint("demo.q1")
    💡 demo.q1: that was the last hint. Compare with a classmate or ask your teacher (self-study version: open the solution cell under the exercise).
    """
    bank = question_bank()
    if not isinstance(question_id, str) or question_id not in bank:
        print(f"❓ There is no exercise {str(question_id)[:60]!r}{closest(question_id, bank)}.")
        return
    hints = bank[question_id].get("hints", [])
    if number is None:
        number = _hints_shown.get(question_id, 0) + 1
    if not isinstance(number, int) or number < 1:
        print(f"❓ Ask for hint 1 to {len(hints)}, e.g. hint(\"{question_id}\", 1).")
        return
    if number > len(hints):
        print(f"💡 {question_id}: that was the last hint. Compare with a classmate or ask your teacher (self-study version: open the solution cell under the exercise).")
        return
    _hints_shown[question_id] = number
    print(f"💡 {question_id}, hint {number} of {len(hints)}: {hints[number - 1]}")


def progress(prefix: str = "") -> None:
    """Print which exercises (optionally of one lesson) were answered correctly this session.

    >>> progress("demo")  # doctest: +ELLIPSIS
    demo.q1 ...
    """
    marks = {"correct": "✅", "partial": "🟡", "incorrect": "❌", "invalid": "⚠️ "}
    for question_id in questions(prefix):
        print(f"{question_id:24s} {marks.get(_results.get(question_id, ''), '·')}")
