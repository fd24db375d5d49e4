"""The question bank: ``peru_us/questions/<lesson>.json``, one file per lesson, built by
``tools/question_bank.py`` from the maintainers' answer files (``tools/answers/``).

An entry holds what a student may read (prompt, expects, hints, feedback messages, unit) and,
for the answers, only salted SHA-256 hashes of their normal forms:

``accept``      hashes of the accepted answers (every kind but "set");
``elements``    for a "set", one list per expected item, of the hashes of its accepted spellings;
``feedback``    {hash of a common wrong answer: message}; for a "set", the hash of a wrong item, or
                of a whole wrong list (:func:`set_form`);
``explain``     the explanation shown after a correct answer, sealed: ``{"sealed": base64,
                "keys": {accepted hash: key share}}``. Only a correct answer opens it
                (:func:`open_explanation`): the key is derived from the answer itself.
``unit``        what the numbers are counted in (a name from ``quantities.UNITS``), ``decimals``.

Hashes and the sealed explanation keep answers *out of sight, not out of reach*: a question's
salt is stored next to its hashes, and answers come from small sets (a letter, a year, a name in
the dataset), so anyone who tries the candidates finds them in seconds. They stop a student
from reading the answer by opening the file, nothing more.

>>> answer_hash("demo.q1", "salt", "lima")[:12]
'858cb7a54035'
>>> set_form(["toledo", "garcia"])
'set:garcia|toledo'
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from .quantities import UNITS

KINDS = ("text", "number", "date", "set", "choice", "bool")
FIELDS = {"kind", "salt", "prompt", "expects", "hints", "explain", "accept", "elements", "decimals", "feedback", "unit"}
_HASH = re.compile(r"[0-9a-f]{64}")
_QID = re.compile(r"[a-z][a-z0-9_]*\.q[0-9]+")


class BankError(ValueError):
    """A question-bank file is broken: the message names the file, the question and the field."""

    def __init__(self, path: Path, question: str, problem: str):
        super().__init__(f"{path.name}: question {question!r}: {problem}")


def answer_hash(question_id: str, salt: str, normalised: str) -> str:
    """The stored form of one normalised answer."""
    return hashlib.sha256(f"{salt}|{question_id}|{normalised}".encode("utf-8")).hexdigest()


def set_form(items) -> str:
    """The normal form of a whole list answer (for feedback on a common wrong list): its items'
    normal forms, sorted, without duplicates."""
    return "set:" + "|".join(sorted(set(items)))


# ----------------------------------------------------------------------------- sealed explanations
def _stream(key: bytes, size: int) -> bytes:
    blocks = (hashlib.sha256(key + i.to_bytes(4, "big")).digest() for i in range((size + 31) // 32))
    return b"".join(blocks)[:size]


def _xor(data: bytes, pad: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, pad))


def _pad(question_id: str, salt: str, normalised: str) -> bytes:
    return hashlib.sha256(f"explain|{salt}|{question_id}|{normalised}".encode("utf-8")).digest()


def seal_explanation(question_id: str, salt: str, text: str, groups: list[list[str]]) -> dict:
    """Seal `text` so that any accepted answer opens it. `groups` holds the accepted normal forms:
    one group for most kinds, one per expected item for a "set" (then one accepted spelling of
    *every* item is needed). Deterministic: the same inputs give the same file."""
    shares = [_pad(question_id, salt, "share|" + "|".join(sorted(group))) for group in groups]
    key = bytes(32)
    for share in shares:
        key = _xor(key, share)
    keys = {answer_hash(question_id, salt, form): _xor(share, _pad(question_id, salt, form)).hex()
            for share, group in zip(shares, groups) for form in group}
    data = text.encode("utf-8")
    return {"sealed": base64.b64encode(_xor(data, _stream(key, len(data)))).decode("ascii"), "keys": dict(sorted(keys.items()))}


def open_explanation(question_id: str, entry: dict, forms: list[str]) -> str:
    """The explanation, opened with the accepted normal forms a student gave (one per item of a
    set); "" when there is none or the forms do not open it."""
    sealed = entry.get("explain")
    if not sealed:
        return ""
    key = bytes(32)
    for form in forms:
        share = sealed["keys"].get(answer_hash(question_id, entry["salt"], form))
        if share is None:
            return ""
        key = _xor(key, _xor(bytes.fromhex(share), _pad(question_id, entry["salt"], form)))
    data = base64.b64decode(sealed["sealed"])
    try:
        return _xor(data, _stream(key, len(data))).decode("utf-8")
    except UnicodeDecodeError:
        return ""


# ----------------------------------------------------------------------------- loading and checking
def _check_hashes(path, qid, name, hashes):
    if not isinstance(hashes, list) or not hashes or not all(isinstance(h, str) and _HASH.fullmatch(h) for h in hashes):
        raise BankError(path, qid, f"field {name!r} must be a non-empty list of SHA-256 hashes (64 hex digits)")


def check_entry(path: Path, qid: str, entry) -> None:
    """Raise BankError if a bank entry is malformed (naming the file, question and field)."""
    if not _QID.fullmatch(qid):
        raise BankError(path, qid, "question ids look like 'lesson.q1'")
    if not isinstance(entry, dict):
        raise BankError(path, qid, "each question must be a JSON object")
    unknown = set(entry) - FIELDS
    if unknown:
        raise BankError(path, qid, f"unknown field(s) {sorted(unknown)}; allowed: {sorted(FIELDS)}")
    if entry.get("kind") not in KINDS:
        raise BankError(path, qid, f"field 'kind' is {entry.get('kind')!r}; allowed: {', '.join(KINDS)}")
    for name in ("salt", "prompt", "expects"):
        if not isinstance(entry.get(name), str) or not entry[name]:
            raise BankError(path, qid, f"field {name!r} must be a non-empty text")
    if not isinstance(entry.get("hints"), list) or not all(isinstance(h, str) and h for h in entry["hints"]):
        raise BankError(path, qid, "field 'hints' must be a list of texts")
    if entry["kind"] == "set":
        if not isinstance(entry.get("elements"), list) or not entry["elements"]:
            raise BankError(path, qid, "field 'elements' must be a non-empty list of lists of hashes")
        for group in entry["elements"]:
            _check_hashes(path, qid, "elements", group)
    else:
        _check_hashes(path, qid, "accept", entry.get("accept"))
    feedback = entry.get("feedback", {})
    if not isinstance(feedback, dict) or not all(_HASH.fullmatch(h) and isinstance(m, str) and m for h, m in feedback.items()):
        raise BankError(path, qid, "field 'feedback' must map hashes to messages")
    if entry.get("unit") is not None and entry["unit"] not in UNITS:
        raise BankError(path, qid, f"field 'unit' is {entry['unit']!r}; allowed: {', '.join(UNITS)}")
    if not isinstance(entry.get("decimals", 0), int) or not 0 <= entry.get("decimals", 0) <= 6:
        raise BankError(path, qid, "field 'decimals' must be a whole number from 0 to 6")
    explain = entry.get("explain")
    if explain is not None and not (isinstance(explain, dict) and set(explain) == {"sealed", "keys"}):
        raise BankError(path, qid, "field 'explain' must be a sealed explanation {'sealed': ..., 'keys': ...} "
                                   "(made by tools/question_bank.py)")


def load_bank(folder: Path) -> dict[str, dict]:
    """Every question of every ``*.json`` file in `folder`, checked."""
    bank: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise BankError(path, "*", f"the file cannot be read as JSON: {err}") from None
        if not isinstance(entries, dict):
            raise BankError(path, "*", "the file must hold one JSON object, {question id: question}")
        for qid, entry in entries.items():
            check_entry(path, qid, entry)
            if qid in bank:
                raise BankError(path, qid, "this id is also used in another file")
            bank[qid] = entry
    return bank
