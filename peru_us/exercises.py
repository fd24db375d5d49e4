"""Self-checking exercises: ``check("cold_war.q1", answer)``, ``hint("cold_war.q1")`` and ``progress()``.

The question bank (``questions/*.json``) holds salted SHA-256 hashes of the *normal forms* of
the accepted answers. A student's answer is read the way students write it (see
``peru_us/checker/``: decimal commas, units, dates in English or Spanish, names with titles or
as "surname, forename", yes/no in Spanish, a one-element Series), brought to its normal form,
hashed, and the two hashes are compared. After a correct answer the checker shows the
question's explanation, which is stored sealed: only a correct answer opens it.

What the hashes do, honestly: they keep the answers *out of sight, not out of reach*. A student
who opens the bank file sees no answer; but the salts are stored next to the hashes and the
answers come from small sets (a letter, a year, a name in the dataset), so trying candidates
recovers every answer in seconds. That is fine for self-checking in class; the bank is not a
vault for graded tests. The readable answers live only in the maintainers' files
``tools/answers/*.json`` (not in the package) and in the notebooks' solution cells.

``check`` never raises and never hangs: an unanswered exercise (``...``), ``None``, a wrong type,
a huge, nested or self-containing value, or an object whose methods raise all get a friendly
message instead of a traceback. ``hint`` and ``progress`` either do what was asked or raise a
TypeError/ValueError naming the argument, what it got and what is allowed.

>>> check("demo.q1", ...)
✏️  demo.q1: not answered yet. Replace the ... with your answer and run the cell again.
>>> check("demo.q1", "  LIMA ")
✅ demo.q1: correct! Lima has been the seat of U.S. diplomacy in Peru from the start: ...
>>> check("demo.q1", "Arequipa")
❌ demo.q1: not quite. Try again, or ask for a hint: hint("demo.q1")
>>> check("demo.q1", "Cusco")  # a common mistake gets targeted feedback
❌ demo.q1: not quite. Cusco has a U.S. consular agency, but the legation was in the capital. Try again, or ask for a hint:
hint("demo.q1")
>>> check("demo.q3", ["President Alejandro Toledo", "García, Alan"])
✅ demo.q3: correct! Toledo's term ended on 28 July 2006 ...
"""
from __future__ import annotations

import functools
import json
import numbers
from dataclasses import dataclass
from pathlib import Path

from .checker.bank import KINDS, BankError, answer_hash, load_bank, open_explanation, set_form

# importable from here as before (tools and older notebooks use them)
from .checker.dates import (
    normalise_date,  # noqa: E402,F401
    read_date,
)
from .checker.forms import MAX_ITEMS, MAX_TEXT, AnswerProblem, Reading, kind_of, safe_text, shown_argument, type_name  # noqa: E402,F401
from .checker.quantities import (
    UNITS,
    normalise_number,  # noqa: E402,F401
    read_number,
)
from .checker.text import (
    normalise_bool,
    normalise_choice,
    normalise_text,  # noqa: E402,F401
    read_text,
    set_item_forms,
    set_items,
)
from .validation import closest

__all__ = ["BANK_DIR", "KINDS", "UNITS", "AnswerProblem", "Result", "answer_hash", "check", "evaluate",
           "evaluate_entry", "explanation", "hint", "normalise", "progress", "question_bank", "questions"]
BANK_DIR = Path(__file__).with_name("questions")
_MISSING = object()
_RANK = {"unanswered": 0, "invalid": 1, "incorrect": 2, "partial": 3, "correct": 4}
_MARKS = {"correct": "✅", "partial": "🟡", "incorrect": "❌", "invalid": "⚠️ ", "unanswered": "✏️ "}


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
def _lesson_files() -> dict[str, list[str]]:
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
_results: dict[str, str] = {}  # question id -> the best status so far this session
_hints_shown: dict[str, int] = {}


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


def _find_question(question_id, bank: dict) -> tuple[str | None, str]:
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
    qid, problem = _find_question(question_id, bank)
    if qid is None:
        if isinstance(answer, str) and _find_question(answer, bank)[0]:
            problem = (f"❓ The name of the exercise comes first: check(\"{_find_question(answer, bank)[0]}\", "
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


def _say(message: str) -> None:
    try:
        print(message)
    except UnicodeEncodeError:  # a terminal that cannot show the emoji
        print(message.encode("ascii", "replace").decode("ascii"))


def _record(result: Result) -> None:
    if result.status in _RANK and result.question in question_bank():
        best = _results.get(result.question)
        if best is None or _RANK[result.status] > _RANK[best]:
            _results[result.question] = result.status


def check(question_id=_MISSING, answer=_MISSING, *extra, **unexpected) -> None:
    """Check an answer and print friendly feedback: ``check("demo.q2", answer)``. Never raises.

    >>> check("demo.q2", 1968.2)
    ✅ demo.q2: correct! On 3 October 1968 an army junta ...
    >>> check("demo.q2", [1968, 1969])
    ⚠️  demo.q2: you gave a list with 2 values; this question wants a single value. This question expects a year, like 1950.
    >>> check("demo.q2")
    ✏️  check() needs two things, the exercise's name and your answer: check("demo.q2", answer).
    """
    try:
        if question_id is _MISSING or answer is _MISSING or extra or unexpected:
            name = question_id if isinstance(question_id, str) else "demo.q1"
            message = f"✏️  check() needs two things, the exercise's name and your answer: check(\"{safe_text(name)}\", answer)."
            if extra:
                message += f" You gave it {2 + len(extra)}."
            if unexpected:
                message += f" It does not take {', '.join(repr(safe_text(k, 20)) for k in list(unexpected)[:3])}."
            _say(message)
            return
        result = evaluate(question_id, answer)
        _record(result)
        _say(result.message)
    except Exception:  # noqa: BLE001 - printing itself failed: nothing more can be said
        pass


# --------------------------------------------------------------------------- hints and progress
def _exercise_name(function: str, question_id) -> str:
    """The bank id for `question_id`, or a TypeError/ValueError that says what went wrong."""
    bank = question_bank()
    if not isinstance(question_id, str):
        raise TypeError(f"{function}(question_id=...): the exercise's name must be a text in quotes, like "
                        f"{function}(\"demo.q1\"); got {shown_argument(question_id)} ({kind_of(question_id)})")
    qid, problem = _find_question(question_id, bank)
    if qid is None:
        wanted = str.__getitem__(question_id, slice(None)).strip()[:60]
        raise ValueError(f"{function}(question_id={wanted!r}): there is no such exercise{closest(wanted, bank)}; "
                         "exercise names look like \"demo.q1\" and are written in each exercise cell")
    return qid


def hint(question_id=_MISSING, number: int | None = None) -> None:
    """Print the next hint for a question, or hint `number` (counting from 1).

    >>> hint("demo.q1")
    💡 demo.q1, hint 1 of 2: James Cooley presented his credentials there as Chargé d'Affaires.
    >>> hint("demo.q1")
    💡 demo.q1, hint 2 of 2: It is Peru's capital, where the U.S. Embassy still stands.
    >>> hint("demo.q1")
    💡 demo.q1: that was the last hint (2 of 2). See one again with hint("demo.q1", 1), compare notes with a classmate, or ask
    your teacher.
    >>> hint("demo.q1", True)
    Traceback (most recent call last):
    ...
    TypeError: hint(number=True): number must be a whole number from 1 to 2 (or leave it out for the next hint); got True/False
    """
    if question_id is _MISSING:
        raise TypeError("hint() needs the exercise's name, in quotes: hint(\"demo.q1\"); "
                        "it is written in the exercise cell, in check(\"...\", answer)")
    qid = _exercise_name("hint", question_id)
    hints = question_bank()[qid].get("hints", [])
    if number is None:
        number = _hints_shown.get(qid, 0) + 1
        if not hints:
            _say(f"💡 {qid}: this exercise has no hints. Compare notes with a classmate, or ask your teacher.")
            return
        if number > len(hints):
            _say(f"💡 {qid}: that was the last hint ({len(hints)} of {len(hints)}). See one again with "
                 f"hint(\"{qid}\", 1), compare notes with a classmate, or ask your teacher.")
            return
    elif isinstance(number, bool) or not isinstance(number, numbers.Integral):
        raise TypeError(f"hint(number={shown_argument(number)}): number must be a whole number from 1 to {len(hints)} "
                        f"(or leave it out for the next hint); got {kind_of(number)}")
    elif not 1 <= number <= len(hints):
        raise ValueError(f"hint(number={int(number)}): {qid} has {len(hints)} hints; ask for hint 1 to {len(hints)}, "
                         f"e.g. hint(\"{qid}\", 1), or leave the number out for the next one")
    number = int(number)
    _hints_shown[qid] = number
    _say(f"💡 {qid}, hint {number} of {len(hints)}: {hints[number - 1]}")


def progress(prefix: str | None = "") -> None:
    """Print how each exercise (optionally of one lesson) went this session: the best result so
    far counts, so a later wrong attempt does not undo a correct one.

    prefix: a lesson's key ("cold_war"), its bank file ("01_cold_war"), or one exercise.

    >>> progress("demo")  # doctest: +ELLIPSIS
    demo.q1 ...
    demo.q2 ...
    demo.q3 ...
    ... of 3 correct
    """
    if prefix is None:
        prefix = ""
    if not isinstance(prefix, str):
        raise TypeError(f"progress(prefix={shown_argument(prefix)}): prefix must be a lesson's name in quotes, like "
                        f"progress(\"cold_war\"), or left out for every lesson; got {kind_of(prefix)}")
    wanted = str.__getitem__(prefix, slice(None)).strip().removesuffix(".ipynb").removesuffix(".json")
    files = _lesson_files()
    chosen = files[wanted] if wanted in files else questions(wanted)
    if not chosen:
        keys = sorted({qid.split(".")[0] for qid in question_bank()} | set(files))
        raise ValueError(f"progress(prefix={wanted[:60]!r}): no exercise starts with that{closest(wanted[:60], keys)}; "
                         f"lessons: {', '.join(sorted({qid.split('.')[0] for qid in question_bank()}))}")
    for qid in chosen:
        _say(f"{qid:24s} {_MARKS.get(_results.get(qid, ''), '·')}")
    done = sum(1 for qid in chosen if _results.get(qid) == "correct")
    _say(f"{done} of {len(chosen)} correct")
