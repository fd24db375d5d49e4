"""The question bank, built from the maintainers' answer files (maintainers only).

Two places, one source:

tools/answers/<lesson>.json    THE SOURCE, readable: every question's prompt, hints, answer,
                               accepted variants, common wrong answers with their feedback, unit,
                               explanation. Not part of the package (the wheel ships only peru_us/),
                               so students who install the course never get it.
peru_us/questions/<lesson>.json  BUILT from it, shipped: the same question with every answer
                               replaced by salted hashes and the explanation sealed (only a correct
                               answer opens it). Never edit it by hand; tests/test_exercises.py fails
                               when it is not the build of the answer files.

What the hashes do: they keep answers out of sight, not out of reach. The salts are stored next to
the hashes and the answers come from small sets, so trying candidates (letters, years, the names in
the dataset) recovers them in seconds. They stop a student from reading an answer in the file.

An entry of tools/answers/<lesson>.json:

    "cold_war.q2": {
     "kind": "number",                      # text, number, date, set, choice or bool
     "prompt": "How many days passed ...",  # one line, for the index and the answer key
     "expects": "a whole number of days, like 120",
     "unit": "days",                        # numbers only: see peru_us.checker.quantities.UNITS
     "hints": ["...", "..."],               # at least two; they lead without giving the answer away
     "answer": 203,                         # the answer as the answer key shows it
     "decimals": 0, "tolerance": 1,         # numbers: rounding, and accepted distance from answer
     "variants": [],                        # text/choice/date: other accepted whole answers
     "feedback": [{"answer": 195, "message": "That is ..."}],   # common mistakes (no answer in them)
     "explain": "",                         # 1-3 sentences shown after a correct answer
     "salt": "..."                          # made once; keep it (changing it changes every hash)
    }

For a "set" question, "answer" is a list of expected items, each a text or a list of accepted
spellings of it (the first is the one the answer key shows); a feedback "answer" is one wrong item
(a text) or a whole wrong list.

Commands (from the repository root):

    python tools/question_bank.py build          rebuild peru_us/questions/ from tools/answers/
    python tools/question_bank.py check          exit 1 if the built bank is out of date
    python tools/question_bank.py show cold_war  list ids, kinds, units, hints and prompts
    python tools/question_bank.py sheet [prefix] the answer sheet: id, prompt, answer, explanation

From Python (what the answer key and teacher's kit use):

    from tools.question_bank import answer_sheet
    for row in answer_sheet("cold_war"):
        print(row["id"], row["answer"], row["explain"])

    from tools.question_bank import add_question      # add or replace one question, then rebuild
    add_question("01_cold_war", "cold_war.q2", "number", 203, tolerance=1, unit="days", ...)

Building checks every entry: the answer and its variants must be accepted by the checker and every
feedback answer must be read, and not accepted.
"""
from __future__ import annotations

import json
import secrets
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from peru_us.checker.bank import KINDS, answer_hash, check_entry, seal_explanation, set_form  # noqa: E402
from peru_us.checker.forms import AnswerProblem  # noqa: E402
from peru_us.checker.quantities import UNITS  # noqa: E402
from peru_us.exercises import BANK_DIR, evaluate_entry, normalise  # noqa: E402

ANSWERS_DIR = ROOT / "tools" / "answers"
MAX_GRID = 5_000  # numeric tolerance may accept at most this many grid values
SPEC_FIELDS = {"kind", "prompt", "expects", "unit", "hints", "answer", "variants", "decimals", "tolerance",
               "feedback", "explain", "salt"}


class SpecError(ValueError):
    """An answer file is wrong: the message names the file, the question and the field."""


def _accepted_numbers(value, decimals: int, tolerance) -> list[str]:
    """Every value on the `decimals` grid within `tolerance` of `value`, normalised."""
    step = Decimal(1).scaleb(-decimals)
    centre = Decimal(str(value)).quantize(step)
    width = int((Decimal(str(tolerance)) / step).to_integral_value())
    if 2 * width + 1 > MAX_GRID:
        raise ValueError(f"tolerance {tolerance} at {decimals} decimals accepts too many values; use fewer decimals")
    return [normalise("number", float(centre + k * step), decimals) for k in range(-width, width + 1)]


def _groups(spec: dict) -> list[list[str]]:
    """The accepted normal forms: one group per expected item of a set, else one group."""
    kind, decimals = spec["kind"], spec.get("decimals", 0)
    if kind == "set":
        items = [[item] if isinstance(item, str) else list(item) for item in spec["answer"]]
        return [list(dict.fromkeys(normalise("text", v) for v in group)) for group in items]
    if kind == "number":
        return [_accepted_numbers(spec["answer"], decimals, spec.get("tolerance", 0))]
    return [list(dict.fromkeys(normalise(kind, v) for v in [spec["answer"], *spec.get("variants", [])]))]


def _feedback_form(spec: dict, wrong) -> str:
    if spec["kind"] == "set":
        return normalise("text", wrong) if isinstance(wrong, str) else set_form(normalise("set", wrong))
    return normalise(spec["kind"], wrong, spec.get("decimals", 0), spec.get("unit"))


def build_entry(qid: str, spec: dict, where: str = "") -> dict:
    """The shipped bank entry for one question of an answer file (hashes only), checked."""
    def fail(problem):
        raise SpecError(f"{where or 'answers'}: question {qid!r}: {problem}")

    unknown = set(spec) - SPEC_FIELDS
    if unknown:
        fail(f"unknown field(s) {sorted(unknown)}; allowed: {sorted(SPEC_FIELDS)}")
    kind = spec.get("kind")
    if kind not in KINDS:
        fail(f"field 'kind' is {kind!r}; allowed: {', '.join(KINDS)}")
    if spec.get("unit") is not None and (kind != "number" or spec["unit"] not in UNITS):
        fail(f"field 'unit' is {spec['unit']!r}; allowed, for numbers only: {', '.join(UNITS)}")
    salt = spec.get("salt") or fail("field 'salt' is missing (add_question makes one)")
    try:
        groups = _groups(spec)
    except AnswerProblem as problem:
        fail(f"the answer or a variant cannot be read as a {kind} answer: {problem}")
    if any(form == "" for group in groups for form in group):
        fail("the answer or a variant reads as nothing (only punctuation or spaces)")
    digest = lambda form: answer_hash(qid, salt, form)  # noqa: E731
    entry = {"kind": kind, "salt": salt, "prompt": spec.get("prompt", ""), "expects": spec.get("expects", ""),
             "hints": list(spec.get("hints", []))}
    if kind == "set":
        entry["elements"] = [sorted({digest(form) for form in group}) for group in groups]
    else:
        if kind == "number":
            entry["decimals"] = spec.get("decimals", 0)
            if spec.get("unit"):
                entry["unit"] = spec["unit"]
        entry["accept"] = sorted({digest(form) for form in groups[0]})
    feedback = {}
    for item in spec.get("feedback", []):
        try:
            form = _feedback_form(spec, item["answer"])
        except AnswerProblem as problem:
            fail(f"feedback answer {item['answer']!r} cannot be read: {problem}")
        if any(form in group for group in groups):
            fail(f"feedback answer {item['answer']!r} is also an accepted answer")
        feedback[digest(form)] = item["message"]
    if feedback:
        entry["feedback"] = feedback
    if spec.get("explain"):
        entry["explain"] = seal_explanation(qid, salt, spec["explain"], groups)
    check_entry(Path(where or "answers"), qid, entry)
    _verify(qid, spec, entry, fail)
    return entry


def _verify(qid, spec, entry, fail) -> None:
    """The checker accepts the answer and its variants, and reads every feedback answer as wrong."""
    answers = [spec["answer"]] if spec["kind"] == "set" else [spec["answer"], *spec.get("variants", [])]
    for answer in answers:
        if spec["kind"] == "set":
            answer = [item if isinstance(item, str) else item[0] for item in answer]
        result = evaluate_entry(qid, entry, answer)
        if not result.correct:
            fail(f"the checker does not accept {answer!r}: {result.message}")
        if spec.get("explain") and result.explanation != spec["explain"]:
            fail("the sealed explanation does not open with the answer")
    for item in spec.get("feedback", []):
        result = evaluate_entry(qid, entry, item["answer"] if spec["kind"] != "set" or not isinstance(item["answer"], str)
                                else [item["answer"]])
        if result.status not in ("incorrect", "partial") or item["message"] not in result.message:
            fail(f"feedback answer {item['answer']!r} does not get its message: {result.message}")


def read_answers(lesson: str) -> dict:
    path = ANSWERS_DIR / f"{lesson}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise SpecError(f"{path.name}: not valid JSON: {err}") from None


def lessons() -> list[str]:
    return sorted(path.stem for path in ANSWERS_DIR.glob("*.json"))


def build_lesson(lesson: str) -> dict:
    """The shipped bank file of one lesson, built from its answer file."""
    specs = read_answers(lesson)
    return {qid: build_entry(qid, specs[qid], f"{lesson}.json") for qid in sorted(specs)}


def _text(bank: dict) -> str:
    return json.dumps(bank, indent=1, ensure_ascii=False) + "\n"


def build(write: bool = True) -> list[str]:
    """Rebuild every bank file; return the names of those that changed (or would change)."""
    changed = []
    for lesson in lessons():
        text = _text(build_lesson(lesson))
        path = BANK_DIR / f"{lesson}.json"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            changed.append(path.name)
            if write:
                path.write_text(text, encoding="utf-8")
    stale = sorted({p.name for p in BANK_DIR.glob("*.json")} - {f"{lesson}.json" for lesson in lessons()})
    if stale:
        raise SpecError(f"bank file(s) {', '.join(stale)} have no answer file in tools/answers/")
    return changed


def add_question(lesson: str, qid: str, kind: str, answer, **options) -> None:
    """Add or replace question `qid` in tools/answers/<lesson>.json (keeping its salt), then
    rebuild that lesson's bank file. Options: the fields of an answer file (see the docstring);
    `feedback` may be given as {wrong answer: message}."""
    path = ANSWERS_DIR / f"{lesson}.json"
    specs = read_answers(lesson) if path.exists() else {}
    options.setdefault("salt", specs.get(qid, {}).get("salt"))
    spec = question_spec(kind, answer, **options)
    build_entry(qid, spec, path.name)  # fails before writing anything if the question is wrong
    specs[qid] = spec
    ANSWERS_DIR.mkdir(exist_ok=True)
    path.write_text(json.dumps(dict(sorted(specs.items())), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (BANK_DIR / f"{lesson}.json").write_text(_text(build_lesson(lesson)), encoding="utf-8")


def question_spec(kind: str, answer, *, feedback=None, salt: str | None = None, **options) -> dict:
    """An answer-file entry from keyword options; `feedback` may be {wrong answer: message}."""
    if isinstance(feedback, dict):
        feedback = [{"answer": wrong, "message": message} for wrong, message in feedback.items()]
    spec = {"kind": kind, **{k: v for k, v in options.items() if v not in (None, (), [], "")}, "answer": answer}
    spec["hints"] = list(spec.get("hints", []))
    if "variants" in spec:
        spec["variants"] = list(spec["variants"])
    if feedback:
        spec["feedback"] = list(feedback)
    spec.setdefault("explain", "")
    spec["salt"] = salt or secrets.token_hex(8)
    return spec


def build_question(qid: str, kind: str, answer, **options) -> dict:
    """The bank entry for one question given as keyword options (as add_question takes them),
    without writing anything: for tests and experiments."""
    return build_entry(qid, question_spec(kind, answer, **options))


# ----------------------------------------------------------------------------- the answer sheet
def readable_answer(spec: dict) -> str:
    """The answer as a teacher reads it: "203 days (202 to 204 accepted)", "b", "1989-12-29".

    >>> readable_answer({"kind": "number", "answer": 203, "decimals": 0, "tolerance": 1, "unit": "days"})
    '203 days (202 to 204 accepted)'
    >>> readable_answer({"kind": "set", "answer": [["Alejandro Toledo", "Toledo"], "Alan García"]})
    'Alejandro Toledo; Alan García'
    """
    kind, answer = spec["kind"], spec["answer"]
    if kind == "set":
        return "; ".join(item if isinstance(item, str) else item[0] for item in answer)
    if kind == "bool":
        return "True" if answer is True or str(answer).lower() in ("true", "yes") else "False"
    if kind != "number":
        return str(answer)
    decimals, tolerance = spec.get("decimals", 0), spec.get("tolerance", 0)
    shown = lambda v: f"{Decimal(str(v)):.{decimals}f}"  # noqa: E731
    suffix = {"percent": "%", "percentage points": " percentage points", "days": " days", "years": " years",
              "million USD": " million USD", "billion USD": " billion USD", "hectares": " hectares",
              "metric tons": " metric tons", "visits": "", "times": " times", "year": ""}.get(spec.get("unit"), "")
    text = shown(answer) + suffix
    if tolerance:
        low, high = Decimal(str(answer)) - Decimal(str(tolerance)), Decimal(str(answer)) + Decimal(str(tolerance))
        text += f" ({shown(low)} to {shown(high)} accepted)"
    return text


def answer_sheet(prefix: str = "") -> list[dict]:
    """One row per question (optionally only ids starting with `prefix`), in lesson order:
    id, lesson, kind, prompt, answer (readable), accepted (other accepted answers), unit, explain."""
    rows = []
    for lesson in lessons():
        for qid, spec in sorted(read_answers(lesson).items(), key=lambda kv: int(kv[0].rsplit("q", 1)[1])):
            if qid.startswith(prefix):
                rows.append({"id": qid, "lesson": lesson, "kind": spec["kind"], "prompt": spec.get("prompt", ""),
                             "answer": readable_answer(spec), "accepted": [str(v) for v in spec.get("variants", [])],
                             "unit": spec.get("unit", ""), "explain": spec.get("explain", "")})
    return rows


def show(prefix: str) -> None:
    for lesson in lessons():
        for qid, spec in sorted(read_answers(lesson).items()):
            if qid.startswith(prefix):
                print(f"{qid:22s} {spec['kind']:7s} {spec.get('unit', ''):18s} {lesson:22s} "
                      f"{len(spec.get('hints', []))} hints  {spec.get('prompt', '')}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["build"]:
        changed = build(write=True)
        print(f"rebuilt {', '.join(changed)}" if changed else "the bank is up to date")
    elif argv[:1] == ["check"]:
        changed = build(write=False)
        if changed:
            print(f"out of date: {', '.join(changed)}; run: python tools/question_bank.py build")
            return 1
        print("the bank is up to date")
    elif argv[:1] == ["show"] and len(argv) == 2:
        show(argv[1])
    elif argv[:1] == ["sheet"] and len(argv) <= 2:
        for row in answer_sheet(argv[1] if len(argv) == 2 else ""):
            print(f"{row['id']:16s} {row['answer']:40s} {row['prompt']}")
            if row["explain"]:
                print(f"{'':16s} {row['explain']}")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
