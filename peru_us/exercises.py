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

import numbers

from .checker.bank import KINDS, answer_hash  # noqa: F401  (importable from here as before)
from .checker.forms import AnswerProblem, kind_of, safe_text, shown_argument  # noqa: F401
from .checker.grading import (  # noqa: F401  (importable from here as before: tools and tests use them)
    BANK_DIR,
    Result,
    evaluate,
    evaluate_entry,
    explanation,
    find_question,
    normalise,
    question_bank,
    questions,
    read_answer,
)
from .checker.grading import (
    lesson_files as _lesson_files,
)
from .checker.quantities import UNITS  # noqa: F401
from .checker.text import normalise_text  # noqa: F401
from .validation import closest

__all__ = ["BANK_DIR", "KINDS", "UNITS", "AnswerProblem", "Result", "answer_hash", "check", "evaluate",
           "evaluate_entry", "explanation", "hint", "normalise", "progress", "question_bank", "questions"]
_MISSING = object()
_RANK = {"unanswered": 0, "invalid": 1, "incorrect": 2, "partial": 3, "correct": 4}
_MARKS = {"correct": "✅", "partial": "🟡", "incorrect": "❌", "invalid": "⚠️ ", "unanswered": "✏️ "}
_results: dict[str, str] = {}  # question id -> the best status so far this session
_hints_shown: dict[str, int] = {}


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
    qid, problem = find_question(question_id, bank)
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
