"""Add or replace a question in the hashed question bank (peru_us/questions/<lesson>.json).

The bank never holds answers in readable form, only salted hashes of the normalised
accepted answers (and of common wrong answers that deserve targeted feedback). The worked
answer lives in the notebook's solution cell, and tests/test_notebooks.py checks that every
solution cell passes its check, so the two cannot drift apart.

Use it from Python (one call per question, re-run to replace):

    from tools.question_bank import add_question
    add_question("01_cold_war", "cold_war.q1", "number", 1968,
                 expects="a year, like 1950",
                 hints=["Look at the events in the 'politics' category.", "..."],
                 feedback={1969: "That is when ... ; the coup came earlier."})

or from the shell:  python tools/question_bank.py show cold_war   (lists ids, kinds, hints)
"""
from __future__ import annotations

import json
import secrets
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from peru_us.exercises import BANK_DIR, KINDS, answer_hash, normalise  # noqa: E402

MAX_GRID = 5_000  # numeric tolerance may accept at most this many grid values


def _accepted_numbers(value, decimals: int, tolerance) -> list[str]:
    """Every value on the `decimals` grid within `tolerance` of `value`, normalised."""
    step = Decimal(1).scaleb(-decimals)
    centre = Decimal(str(value)).quantize(step)
    width = int((Decimal(str(tolerance)) / step).to_integral_value())
    if 2 * width + 1 > MAX_GRID:
        raise ValueError(f"tolerance {tolerance} at {decimals} decimals accepts too many values; use fewer decimals")
    return [normalise("number", float(centre + k * step), decimals) for k in range(-width, width + 1)]


def build_question(qid: str, kind: str, answer, *, variants=(), decimals: int = 0, tolerance=0,
                   hints=(), feedback=None, expects: str = "", explain: str = "", prompt: str = "",
                   salt: str | None = None) -> dict:
    """The bank entry for one question (hashes only).

    answer: the canonical answer; for kind "set", a list whose items are either a text or a list
    of accepted variants of that item. variants: other accepted whole answers (text, choice).
    feedback: {wrong answer: message} for common mistakes (messages must not give the answer away).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    salt = salt or secrets.token_hex(8)
    digest = lambda text: answer_hash(qid, salt, text)  # noqa: E731
    entry = {"kind": kind, "salt": salt, "prompt": prompt, "expects": expects, "hints": list(hints)}
    if explain:
        entry["explain"] = explain
    if kind == "set":
        groups = [[item] if isinstance(item, str) else list(item) for item in answer]
        entry["elements"] = [sorted({digest(normalise("text", v)) for v in group}) for group in groups]
    elif kind == "number":
        entry["decimals"] = decimals
        entry["accept"] = sorted({digest(n) for n in _accepted_numbers(answer, decimals, tolerance)})
    else:
        entry["accept"] = sorted({digest(normalise(kind, v)) for v in [answer, *variants]})
    if feedback:
        entry["feedback"] = {digest(_normalise_feedback(kind, wrong, decimals)): message
                             for wrong, message in feedback.items()}
        clash = set(entry["feedback"]) & set(entry.get("accept", []))
        if clash:
            raise ValueError(f"{qid}: a feedback answer is also an accepted answer")
    return entry


def _normalise_feedback(kind, wrong, decimals):
    return normalise("text", wrong) if kind == "set" else normalise(kind, wrong, decimals)


def add_question(lesson: str, qid: str, kind: str, answer, **options) -> None:
    """Add or replace question `qid` in peru_us/questions/<lesson>.json, keeping its salt."""
    path = BANK_DIR / f"{lesson}.json"
    bank = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    options.setdefault("salt", bank.get(qid, {}).get("salt"))
    bank[qid] = build_question(qid, kind, answer, **options)
    BANK_DIR.mkdir(exist_ok=True)
    path.write_text(json.dumps(dict(sorted(bank.items())), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def show(prefix: str) -> None:
    for path in sorted(BANK_DIR.glob("*.json")):
        for qid, q in json.loads(path.read_text(encoding="utf-8")).items():
            if qid.startswith(prefix):
                print(f"{qid:22s} {q['kind']:7s} {path.name:22s} {len(q.get('hints', []))} hints  {q.get('prompt', '')}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "show":
        show(sys.argv[2])
    else:
        print(__doc__)
