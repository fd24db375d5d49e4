"""Find a question's answer in a text: a hint, a feedback message, or what a cell printed.

The answer comes from the maintainers' answer files (``tools/answers/*.json``, read with
``tools.question_bank.read_answers``), so every accepted form is known. How each kind is looked for,
chosen so that a hit is a real give-away and not a coincidence:

* **number**: as a whole number token, with or without thousands commas or a sign, at the answer's
  precision: every value the checker accepts (the tolerance) counts, and a printed value with more
  decimals counts when it rounds to one of them (``28.79`` gives away ``28.8``). ``12`` is not
  found in ``2012``, ``v12``, ``12.5`` or in the day of a date ``2012-12-01``; the year of a printed
  date is a token (``1984-09-25`` gives away the year 1984).
* **text** and the items of a **set**: as whole words, ignoring case, accents and spacing.
* **date**: ``1984-09-27``, or written out (``September 27, 1984``, ``27 September 1984``).
* **choice** and **bool**: a letter or ``True`` on its own is everywhere, so only an announcement
  counts: ``answer = 'b'``, ``answer: b``, ``the correct option is (b)``, ``answer = False``.

>>> spec = {"kind": "number", "answer": 28.8, "decimals": 1, "tolerance": 0.1}
>>> find_answer(spec, "1980s 14.1 | 2010s 28.79 | 2012-28-80")
['28.79']
>>> find_answer({"kind": "choice", "answer": "b"}, "a) b) c)  answer = 'b'")
["answer = 'b'"]
>>> find_answer({"kind": "set", "answer": [["Alan García", "García"], "Toledo"]}, "Visitor: ALAN GARCIA")
['alan garcia']
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from tools.lesson_model import plain

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MAX_GRID = 41  # a tolerance wider than this many values is not searched value by value
# an ISO date (optionally with a time): only its year is a number token
_DATE = re.compile(r"(?<!\d)(\d{4})-\d{2}(?:-\d{2})?(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?!\d)")
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
# a day of the month written out ("July 30, 1962", "30 July 1962") and the end of a range of years
# ("1961–63") are parts of a date, not numbers a student could copy as an answer
_DAY = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\.? \d{1,2}\b|\b\d{1,2} (?:" + "|".join(MONTHS) + r")\b")
_RANGE_END = re.compile(r"(?<=\d)[–-]\d{2}(?!\d)")
_NUMBER = re.compile(r"(?<![\w.,])(?:FY)?[-−]?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w]|[.,]\d)")
YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
CODE = re.compile(r"\b[A-Z]{1,2}\d{2,3}\b")


def _grid(spec: dict) -> tuple[list[Decimal], int]:
    decimals = int(spec.get("decimals", 0))
    step = Decimal(1).scaleb(-decimals)
    centre = Decimal(str(spec["answer"])).quantize(step)
    width = int((Decimal(str(spec.get("tolerance", 0))) / step).to_integral_value())
    width = min(width, MAX_GRID // 2)
    return [abs(centre + k * step) for k in range(-width, width + 1)], decimals


def number_tokens(text: str) -> list[tuple[str, Decimal]]:
    """The numbers of `text` as (as printed, value), signs dropped; of a date only its year.

    >>> [shown for shown, _ in number_tokens("FY2018: -1,524.6 on 1984-09-25 00:00:00 (v12, 3rd, 7.)")]
    ['FY2018', '-1,524.6', '1984', '7']
    >>> [shown for shown, _ in number_tokens("Washington, July 30, 1962; FRUS 1961–63; 30 July; 30 days")]
    ['1962', '1961', '30']
    """
    text = _DATE.sub(lambda m: m.group(1) + " " * (len(m.group()) - 4), text)
    text = _DAY.sub(lambda m: " " * len(m.group()), text)
    text = _RANGE_END.sub(lambda m: " " * len(m.group()), text)
    text = _TIME.sub(lambda m: " " * len(m.group()), text)
    tokens = []
    for match in _NUMBER.finditer(text):
        whole, fraction = match.group(1).replace(",", ""), match.group(2) or ""
        try:
            tokens.append((match.group(), Decimal(whole + fraction)))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            continue
    return tokens


def _number_hits(spec: dict, text: str) -> list[str]:
    grid, decimals = _grid(spec)
    hits = []
    for shown, value in number_tokens(text):
        places = -value.as_tuple().exponent if value.as_tuple().exponent < 0 else 0
        if places <= decimals:
            found = value in grid
        elif decimals == 0:
            found = value == value.to_integral_value() and value in grid
        else:
            found = value.quantize(Decimal(1).scaleb(-decimals)) in grid
        if found:
            hits.append(shown)
    return hits


def _words(phrase: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in plain(phrase).split()) + r"(?!\w)")


def text_forms(spec: dict) -> list[str]:
    """The whole answers (or set items) in every accepted spelling, longest first.

    >>> text_forms({"kind": "set", "answer": [["Alejandro Toledo", "Toledo"], "Alan García"]})
    ['Alejandro Toledo', 'Alan García', 'Toledo']
    """
    kind, answer = spec["kind"], spec["answer"]
    if kind == "set":
        forms = [f for item in answer for f in ([item] if isinstance(item, str) else item)]
    else:
        forms = [str(answer), *[str(v) for v in spec.get("variants", [])]]
    forms = [f for f in dict.fromkeys(forms) if len(plain(f)) >= 3]
    return sorted(forms, key=lambda f: -len(f))


def _date_forms(value: str) -> list[str]:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return []
    year, month, day = match.group(1), MONTHS[int(match.group(2)) - 1], str(int(match.group(3)))
    return [f"{month} {day}, {year}", f"{day} {month} {year}", f"{month} {day} {year}"]


def announced(letter_or_value: str, text: str) -> list[str]:
    """Where `text` announces an answer: ``answer = 'b'``, ``answer: b``, ``correct option (b)``.

    >>> announced("b", "Option b) is wrong; the answer is (b).")
    ['answer is (b)']
    >>> announced("False", "print(answer == False)")
    []
    """
    value = re.escape(plain(letter_or_value))
    quoted = r"\(?[\"'“‘]?" + value + r"[\"'”’]?\)?(?!\w)"
    patterns = [r"\banswer\s*(?:=|:|is|was)\s*" + quoted,
                r"\b(?:correct|right)\s+(?:answer|option|choice|letter)\s*(?:is|was|:|=)?\s*" + quoted]
    folded = plain(text)
    return [m.group() for p in patterns for m in re.finditer(p, folded)]


def find_answer(spec: dict, text: str) -> list[str]:
    """The places where `text` gives the answer of `spec` away (see the module's docstring)."""
    kind = spec["kind"]
    if kind in ("choice", "bool"):
        value = str(spec["answer"]) if kind == "choice" else ("True" if spec["answer"] in (True, "True", "true") else "False")
        return announced(value, text)
    if kind == "number":
        return _number_hits(spec, text)
    if kind == "date":
        values = [str(spec["answer"]), *[str(v) for v in spec.get("variants", [])]]
        folded = plain(text)
        return ([m.group() for v in values for m in re.finditer(r"(?<!\d)" + re.escape(v) + r"(?!\d)", text)]
                + [m.group() for v in values for form in _date_forms(v) for m in _words(form).finditer(folded)])
    folded = plain(text)
    hits = []
    for form in text_forms(spec):
        for match in _words(form).finditer(folded):
            if not any(match.start() < end and start < match.end() for start, end, _ in hits):
                hits.append((match.start(), match.end(), match.group()))
    return [h[2] for h in hits]


def _key(spec: dict, found: str):
    """What a hit stands for, so that "26,423" and "26423.0" count as the same give-away."""
    if spec["kind"] == "number":
        tokens = number_tokens(found)
        return tokens[0][1].normalize() if tokens else found
    return plain(found)


def give_aways(spec: dict, text: str) -> list[str]:
    """The hits of :func:`find_answer` in `text`, without what the question's own prompt already
    says: a question on the years 1990 to 2016 whose answer is 2016 does not give it away when a
    hint or an output repeats the range.

    >>> spec = {"kind": "number", "answer": 2016, "prompt": "The year from 1990 to 2016 with the most votes"}
    >>> give_aways(spec, "Keep the years between 1990 and 2016."), give_aways({**spec, "prompt": ""}, "1990 to 2016")
    ([], ['2016'])
    """
    said = {_key(spec, hit) for hit in find_answer(spec, spec.get("prompt", ""))}
    return [hit for hit in find_answer(spec, text) if _key(spec, hit) not in said]


def pointers(prompt: str) -> list[str]:
    """What a question points at, to recognise a later line about the same thing: the years and
    the codes (``C03``, ``P11``) of its prompt.

    >>> pointers("How many visits started in 2010-2019 (see P11)?")
    ['2010', '2019', 'P11']
    """
    return list(dict.fromkeys(YEAR.findall(prompt) + CODE.findall(prompt)))


def points_at(line: str, marks: list[str]) -> list[str]:
    """The marks of `marks` that `line` holds (a year also inside ``2010s`` or ``FY2010``).

    >>> points_at("2010s  12  28.8 (P11)", ["2010", "2019", "P11", "C03"])
    ['2010', 'P11']
    """
    def pattern(mark: str) -> str:
        return r"(?<!\d)" + re.escape(mark) + r"(?!\d)" if mark[0].isdigit() else r"(?<!\w)" + re.escape(mark) + r"(?!\w)"

    return [m for m in marks if re.search(pattern(m), line)]


# --------------------------------------------------------------------------- a handout that gives answers away
def is_document(output: dict) -> bool:
    """Whether an output is a whole document shown by ``peru_us.read_document`` (its HTML carries the
    class ``peru-us-document``): the source an exercise asks the student to read.

    >>> is_document({"output_type": "display_data", "data": {"text/html": "<div class='peru-us-document x'>"}})
    True
    """
    return "peru-us-document" in "".join(output.get("data", {}).get("text/html", ""))


def is_listing(line: str, most: int = 6) -> bool:
    """Whether a line lists more than `most` numbers (a list of years, a row of figures): one of them
    matching an answer does not point a student at it.

    >>> is_listing("[1997, 1998, 1999, 2000, 2001, 2002, 2003, 2007]"), is_listing("2010s  12")
    (True, False)
    """
    return len(number_tokens(line)) > most


def handout_leaks(nb: dict, specs: dict) -> list[str]:
    """Where an executed handout (a lesson without its solution cells, run top to bottom) shows the
    answer of one of its exercises. `specs` maps question ids to their entries in tools/answers/.

    The rule, per question (its exercise is the last cell tagged `exercise` that checks it):

    1. anywhere in the handout, an output that announces a multiple-choice or True/False answer
       (``answer = 'b'``, ``the correct option is (b)``);
    2. right after the exercise: the outputs of the cells after it, down to the next heading, may
       not hold the answer at all (number, text, date, or an item of a set);
    3. anywhere later: no line of an output may hold the answer together with something the question
       points at: a year or a code (``C03``) of its prompt. This finds a summary table whose row
       "2010s" shows the count an exercise asked for, without flagging every later "12".

    Not searched, for questions other than multiple choice and True/False: a whole document the lesson
    shows with read_document (reading it is how the student finds the answer), and, for rule 3, a
    line that lists many numbers (a list of years). Days of the month and the ends of year ranges
    ("July 30, 1962", "1961–63") are not read as numbers.

    What the question's own prompt says is never a give-away (a range "1990 to 2016" whose end is
    the answer). Outputs of the exercise's own cells and of cells before it are the material the
    student works from, and are not searched (except for rule 1).

    >>> from tools.lesson_model import example_notebook
    >>> nb = example_notebook()
    >>> nb["cells"].append({"cell_type": "code", "metadata": {}, "source": "print(answer)",
    ...                     "outputs": [{"output_type": "stream", "name": "stdout", "text": "answer: b\\n"}]})
    >>> handout_leaks(nb, {"demo.q1": {"kind": "choice", "answer": "b", "prompt": "Who wrote it?"}})
    ["demo.q1 (answer b): cell 4 (under 'Exercise 1 · Sourcing · Core · 3 min') announces it ('answer: b'): «answer: b»"]
    """
    from tools.lesson_model import CHECK_CALL, output_text, parts_of
    from tools.question_bank import readable_answer

    parts = parts_of(nb)
    exercise_at: dict[str, int] = {}
    for i, part in enumerate(parts):
        if part.kind == "code" and "exercise" in part.tags:
            for qid in CHECK_CALL.findall(part.text):
                exercise_at[qid] = i
    found = []
    for qid, at in exercise_at.items():
        spec = specs.get(qid)
        if spec is None:
            continue
        end = next((j for j in range(at + 1, len(parts)) if parts[j].heading), len(parts))
        marks = pointers(spec.get("prompt", ""))
        for j, part in enumerate(parts):
            for output in part.outputs:
                if is_document(output) and spec["kind"] not in ("choice", "bool"):
                    continue  # the document the exercise hands out is the evidence, not a give-away
                text = output_text(output)
                if spec["kind"] in ("choice", "bool"):
                    hits = [(h, "announces it", text) for h in give_aways(spec, text)]
                elif at < j < end:
                    hits = [(h, "shows it right after the exercise, before the next heading", line)
                            for line in text.splitlines() for h in give_aways(spec, line)]
                elif j >= end:
                    hits = [(h, f"shows it later, in a line about {', '.join(points_at(line, marks))}", line)
                            for line in text.splitlines() if points_at(line, marks) and not is_listing(line)
                            for h in give_aways(spec, line)]
                else:
                    hits = []
                for hit, how, context in hits:
                    found.append(f"{qid} (answer {readable_answer(spec)}): {part.where} {how} ({hit!r}): "
                                 f"«{' '.join(context.split())[:160]}»")
    return list(dict.fromkeys(found))
