"""Grading one answer against the question bank, without printing: :func:`evaluate` returns a
:class:`Result` and never raises. The student-facing ``check``, ``hint`` and ``progress`` are in
``peru_us.exercises``, which prints what this module decides.

>>> evaluate("demo.q1", "  LIMA ").status, evaluate("demo.q1", "Arequipa").status
('correct', 'incorrect')
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from ..validation import closest
from .bank import KINDS, BankError, answer_hash, load_bank, open_explanation, set_form
from .dates import read_date
from .forms import AnswerProblem, Reading, kind_of, safe_text, type_name
from .quantities import read_number
from .text import (
    normalise_bool,
    normalise_choice,
    read_text,
    set_item_forms,
    set_items,
)

BANK_DIR = Path(__file__).resolve().parent.parent / "questions"


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer: status is correct, partial, incorrect,
    unanswered, invalid or unknown; message is what the student sees."""

    question: str
    status: str
    message: str
    explanation: str = ""  # shown after a correct answer, when the question has one

    @property
    def correct(self) -> bool:
        return self.status == "correct"


# --------------------------------------------------------------------------- the bank
@functools.lru_cache(maxsize=1)
def question_bank() -> dict[str, dict]:
    """Every question, merged from questions/*.json (one file per lesson), checked.

    >>> sorted(question_bank()["demo.q2"])
    ['accept', 'decimals', 'expects', 'explain', 'hints', 'kind', 'prompt', 'salt', 'unit']
    """
    return load_bank(BANK_DIR)


@functools.lru_cache(maxsize=1)
def lesson_files() -> dict[str, list[str]]:
    """{bank file name without .json (e.g. "01_cold_war"): its question ids}."""
    return {path.stem: sorted(json.loads(path.read_text(encoding="utf-8"))) for path in sorted(BANK_DIR.glob("*.json"))}


def questions(prefix: str = "") -> list[str]:
    """Question ids, optionally only those starting with `prefix` (e.g. "cold_war").

    >>> questions("demo")
    ['demo.q1', 'demo.q2', 'demo.q3']
    """
    if not isinstance(prefix, str):
        raise TypeError(f"questions(prefix=...): prefix must be a text such as \"cold_war\"; got {kind_of(prefix)}")
    return sorted(q for q in question_bank() if q.startswith(prefix))


# --------------------------------------------------------------------------- reading answers
def read_answer(kind: str, value, decimals: int = 0, unit: str | None = None) -> Reading:
    """How an answer to a question of this kind reads (raises AnswerProblem if it cannot be read).
    Not for kind "set": see :func:`peru_us.checker.text.set_item_forms`."""
    if kind == "number":
        return read_number(value, decimals, unit)
    if kind == "date":
        return read_date(value)
    if kind == "text":
        return read_text(value)
    if kind == "choice":
        return Reading((normalise_choice(value),))
    if kind == "bool":
        return Reading((normalise_bool(value),))
    raise ValueError(f"kind must be one of {', '.join(k for k in KINDS if k != 'set')}; got {kind!r}")


def normalise(kind: str, value, decimals: int = 0, unit: str | None = None):
    """The canonical normal form of an answer (what the bank hashes); for a "set", the sorted
    normal forms of its items. Raises AnswerProblem if the answer cannot be read.

    >>> normalise("text", "The Río Treaty"), normalise("number", "2,5", 1), normalise("set", ["Lima", "Cusco"])
    ('rio treaty', '2.5', ['cusco', 'lima'])
    """
    if kind == "set":
        return set_items(value)
    return read_answer(kind, value, decimals, unit).forms[0]


# --------------------------------------------------------------------------- checking


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _invalid(question_id: str, entry: dict, problem: AnswerProblem) -> Result:
    expects = entry.get("expects")
    tip = f" This question expects {expects}." if expects else ""
    return Result(question_id, "invalid", f"⚠️  {question_id}: {_sentence(str(problem))}{tip}")


def _correct(question_id: str, entry: dict, forms: list[str]) -> Result:
    explained = open_explanation(question_id, entry, forms)
    return Result(question_id, "correct", f"✅ {question_id}: correct! {explained or 'Well done.'}", explained)


def evaluate_entry(question_id: str, entry: dict, answer) -> Result:
    """Check `answer` against one bank entry (no printing). For tools and tests; students use
    :func:`check`. Raises nothing for any answer; `entry` must be a valid bank entry."""
    if answer is ...:
        return Result(question_id, "unanswered",
                      f"✏️  {question_id}: not answered yet. Replace the ... with your answer and run the cell again.")
    if answer is None:
        return Result(question_id, "unanswered",
                      f"✏️  {question_id}: your answer is None. Did your code forget to return or assign a value?")
    try:
        if entry["kind"] == "set":
            return _evaluate_set(question_id, entry, set_item_forms(answer))
        reading = read_answer(entry["kind"], answer, entry.get("decimals", 0), entry.get("unit"))
    except AnswerProblem as problem:
        return _invalid(question_id, entry, problem)
    digest = {form: answer_hash(question_id, entry["salt"], form) for form in reading.forms}
    for form in reading.forms:
        if digest[form] in entry["accept"]:
            return _correct(question_id, entry, [form])
    message = f"❌ {question_id}: not quite."
    feedback = next((entry.get("feedback", {})[digest[f]] for f in reading.forms if digest[f] in entry.get("feedback", {})), "")
    for extra in (feedback, reading.note):
        if extra:
            message += f" {extra}"
    return Result(question_id, "incorrect", message + f" Try again, or ask for a hint: hint(\"{question_id}\")")


def _evaluate_set(question_id: str, entry: dict, items: list[tuple]) -> Result:
    salt, groups = entry["salt"], [set(group) for group in entry["elements"]]
    feedback = entry.get("feedback", {})
    matched: dict[int, str] = {}  # expected item -> the accepted form that matched it
    extras: dict[str, tuple] = {}  # items that match nothing, by their normal form
    for forms in items:
        hit = next(((index, form) for form in forms for index, group in enumerate(groups)
                    if answer_hash(question_id, salt, form) in group), None)
        if hit:
            matched.setdefault(*hit)
        else:
            extras.setdefault(forms[0], forms)
    if len(matched) == len(groups) and not extras:
        return _correct(question_id, entry, [matched[index] for index in sorted(matched)])
    whole = [feedback.get(answer_hash(question_id, salt, set_form(f[i] for f in items))) for i in (0, -1)]
    notes = [message for message in whole if message][:1]
    if not notes:
        for forms in extras.values():
            note = next((feedback[h] for h in (answer_hash(question_id, salt, f) for f in forms) if h in feedback), None)
            if note and note not in notes:
                notes.append(note)
    parts = [f"{len(matched)} of {len(groups)} right"]
    if extras:
        many = len(extras) > 1
        parts.append(f"{len(extras)} item{'s' if many else ''} that {'are' if many else 'is'} not part of the answer")
    status = "partial" if matched else "incorrect"
    said = "".join(f" {note}" for note in notes[:2])
    return Result(question_id, status, f"🟡 {question_id}: you have {' and '.join(parts)}.{said} "
                  f"Keep going, or ask for a hint: hint(\"{question_id}\")")


def find_question(question_id, bank: dict) -> tuple[str | None, str]:
    """The bank id the student meant (exact, or with stray spaces or capitals), or an explanation."""
    if isinstance(question_id, str):
        wanted = str.__getitem__(question_id, slice(None)).strip()
        if wanted in bank:
            return wanted, ""
        folded = {qid.casefold(): qid for qid in bank}
        if wanted.casefold() in folded:
            return folded[wanted.casefold()], ""
        suggestion = closest(wanted[:60], bank)
        return None, (f"❓ There is no exercise {wanted[:60]!r}{suggestion}. Check the name in the exercise cell: "
                      "it looks like \"demo.q1\".")
    return None, (f"❓ check() needs the exercise's name first, in quotes, then your answer: "
                  f"check(\"demo.q1\", answer). You gave {kind_of(question_id)} as the name.")


def _evaluate(question_id, answer) -> Result:
    try:
        bank = question_bank()
    except BankError as err:
        return Result(safe_text(question_id), "invalid",
                      f"⚠️  The exercises' question bank could not be read ({err}). Please tell your teacher.")
    qid, problem = find_question(question_id, bank)
    if qid is None:
        if isinstance(answer, str) and find_question(answer, bank)[0]:
            problem = (f"❓ The name of the exercise comes first: check(\"{find_question(answer, bank)[0]}\", "
                       "answer). It looks like the two are swapped.")
        return Result(safe_text(question_id), "unknown", problem)
    return evaluate_entry(qid, bank[qid], answer)


def evaluate(question_id, answer) -> Result:
    """Check an answer and return a :class:`Result` (no printing). Never raises.

    >>> evaluate("demo.q2", "FY 1968").status, evaluate("demo.q2", 1968.7).status
    ('correct', 'incorrect')
    """
    try:
        return _evaluate(question_id, answer)
    except Exception as err:  # noqa: BLE001 - the student must never see a traceback
        try:
            name = safe_text(question_id)
            return Result(name, "invalid", f"⚠️  {name}: this answer could not be checked ({type_name(err)}). "
                          "Check what your answer holds, e.g. with print(answer).")
        except Exception:  # noqa: BLE001 - not even the error handler may raise
            return Result("?", "invalid", "⚠️  This answer could not be checked. Check what it holds with print(answer).")


def explanation(question_id: str, answer) -> str:
    """The question's explanation, if `answer` is correct and there is one; otherwise "".
    (The answer key reads the explanations from tools/answers/*.json instead.)"""
    return evaluate(question_id, answer).explanation
