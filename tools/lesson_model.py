"""What a lesson notebook holds, read from its cells and its ``metadata.lesson``.

One reader for everything that is generated from the lessons or checked across them:
tools/lessons.py (the index), tools/teacher_kit.py (the teacher's guide and answer sheets),
tools/handouts.py (the answer key) and tests/test_course_rules.py. It only reads; nothing here
writes a notebook, and nothing here knows a lesson's name or question key: everything is found in
the cells.

What it finds (the conventions are DEVELOPERS.md's "Writing a lesson"):

* exercises, from their headings ``### Exercise N · <Skill> · <Level> · <minutes> min``, with the
  cells down to the next heading: the task, the question ids of their ``check("<key>.qN", ...)``
  calls, the options ``- a) ...`` of a multiple-choice task and the documents they use;
* the written task (``### Written task · Argument · <minutes> min``) and the answer cell after it;
* discussion prompts: paragraphs that start with ``💬 **Discuss.**``;
* the documents a lesson reads (keys of the documents table named in its cells) and its explorers;
* what the lesson's plan in ``metadata.lesson`` lacks or gets wrong (:func:`plan_problems`).

>>> lesson = read_lesson("01_example.ipynb", doc_keys=frozenset(), nb=example_notebook())
>>> [(e.number, e.skill, e.level, e.minutes, e.questions) for e in lesson.exercises]
[(1, 'Sourcing', 'Core', 3, ['demo.q1'])]
>>> lesson.exercises[0].options["b"]
'A letter from the U.S. minister in Lima.'
>>> lesson.discussions[0].text
'Who wrote this letter, and for whom?'
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

GENERATED = "peru_us_generated"  # metadata key of the cells tools/lessons.py writes
SKILLS = ("Sourcing", "Contextualization", "Corroboration", "Close reading", "Argument", "Data skills")
HISTORICAL_SKILLS = SKILLS[:-1]
LEVELS = ("Starter", "Core", "Stretch")
DISCUSS = "💬 **Discuss.**"
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
EXERCISE_HEADING = re.compile(r"^###\s+Exercise\b")
EXERCISE_FORMAT = re.compile(r"^### Exercise (?P<number>[1-9][0-9]*) · (?P<skill>[^·]+?) · (?P<level>[^·]+?) · "
                             r"(?P<minutes>[1-9][0-9]*) min$")
WRITTEN_HEADING = re.compile(r"^###\s+Written task\b")
WRITTEN_FORMAT = re.compile(r"^### Written task · (?P<skill>[^·]+?) · (?P<minutes>[1-9][0-9]*) min$")
CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([a-z0-9_]+\.q[0-9]+)["']""")
EXPLORER_CALL = re.compile(r"\b([a-z_]+_explorer|document_reader)\(")
READ_DOCUMENT = re.compile(r"\bread_document\(")
OPTION = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*)?\(?(?P<letter>[a-d])\)(?:\*\*)?\s+(?P<text>.*)$")
OLD_PROMPT = re.compile(r"^\s*\*{1,2}Think about it:?\*{1,2}:?\s*", re.I)
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]")

# --------------------------------------------------------------------------- sentences
# Words that end with a full stop without ending a sentence (compared without the final stop).
ABBREVIATIONS = frozenset("""
    mr mrs ms dr prof st sr sra jr gen col capt cmdr lt sgt adm gov sen rep pres amb hon rev msgr fr
    no nos vol vols pp p ed eds ch art sec fig e.g i.e cf vs viz ca c approx al
    jan feb mar apr jun jul aug sep sept oct nov dec co corp inc ltd bros mt ft ave dept univ
""".split())
_SENTENCE_END = re.compile(r"""[.?!]+["'”’)\]]*(?=\s+|$)""")


def sentences(text: str) -> list[str]:
    """The sentences of `text`, for prose such as a lesson's overview.

    A full stop ends a sentence only when the next word starts with a capital, a digit or a quote
    and the word before it is not an abbreviation (``Dr.``, ``St.``, ``e.g.``, ``Gen.``), an
    initial (``J.``) or a dotted acronym (``U.S.``, ``D.C.``). A question or exclamation mark
    followed by a space always ends one. Known limit: a sentence that really ends with "U.S." runs
    on into the next.

    >>> sentences("Follow the U.S. envoy to Lima in 1826. Then read Dr. J. R. Smith's letter, e.g. the end.")
    ['Follow the U.S. envoy to Lima in 1826.', "Then read Dr. J. R. Smith's letter, e.g. the end."]
    >>> sentences("Were relations closer in the 2010s? You decide! St. Louis is not in Peru.")
    ['Were relations closer in the 2010s?', 'You decide!', 'St. Louis is not in Peru.']
    >>> sentences("It cost USD 1.5 million (approx. 2 per cent). No more.")
    ['It cost USD 1.5 million (approx. 2 per cent).', 'No more.']
    """
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        rest = text[end:].lstrip()
        if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'“‘(["):
            continue
        if match.group() == "." and rest:  # a full stop right after a word: perhaps an abbreviation
            word = text[start:match.start()].split()[-1:] or [""]
            stem = word[0].lstrip("(\"'“‘[").lower()
            if stem in ABBREVIATIONS or re.fullmatch(r"[a-z]", stem) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", stem):
                continue
        out.append(text[start:end].strip())
        start = end
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def first_sentence(text: str) -> str:
    """The first sentence of `text`, ending with its own punctuation (a full stop if it has none).

    >>> first_sentence("Follow four decades of U.S. trade with Peru. Then compare.")
    'Follow four decades of U.S. trade with Peru.'
    >>> first_sentence("Were relations closer in the 2010s than in the 1980s?")
    'Were relations closer in the 2010s than in the 1980s?'
    >>> first_sentence("A lesson with no full stop")
    'A lesson with no full stop.'
    """
    found = sentences(text.strip())
    first = found[0] if found else ""
    return first if not first or first[-1] in ".?!\"'”’)" else first + "."


# --------------------------------------------------------------------------- a lesson's parts
@dataclass
class Part:
    """A stretch of a lesson: a markdown cell, or the piece of one from a heading on, or a code cell."""

    cell: int            # index of the cell in the notebook
    kind: str            # "markdown" or "code"
    text: str            # markdown text or code
    heading: str = ""    # the heading line this part starts with (markdown only), else ""
    level: int = 0       # its level (number of #), 0 if none
    tags: tuple = ()
    outputs: list = field(default_factory=list)
    generated: str = ""  # the kind of generated cell (nav-top, keypoints ...), "" for the author's cells
    section: str = ""    # the last heading at or before this part, without its #s

    @property
    def where(self) -> str:
        """How a message names this part: "cell 14 (under 'Every fact has a source')"."""
        return f"cell {self.cell} (under {self.section!r})" if self.section else f"cell {self.cell}"


@dataclass
class Exercise:
    heading: str
    cell: int                       # index of the cell holding the heading
    number: int | None = None       # None (and skill etc. as far as readable) if the heading is not in the format
    skill: str = ""
    level: str = ""
    minutes: int | None = None
    task: str = ""                  # the markdown from the heading to the next heading
    questions: list = field(default_factory=list)       # ids checked in its cells tagged `exercise`
    solutions: list = field(default_factory=list)       # ids checked in its cells tagged `solution`
    options: dict = field(default_factory=dict)         # letter -> option text, for multiple choice
    documents: list = field(default_factory=list)       # document keys named in its cells
    reads_document: bool = False                        # it, or the cell just before its heading, calls read_document(...)
    parts: list = field(default_factory=list)

    @property
    def label(self) -> str:
        """How the guide names it: "Exercise 2 · Sourcing · Core"."""
        if self.number is None or not self.skill:
            return self.heading.lstrip("#").strip()
        return " · ".join(x for x in (f"Exercise {self.number}", self.skill, self.level) if x)

    def format_problems(self) -> list[str]:
        """What is wrong with the heading, and the heading to write instead.

        >>> Exercise("### Exercise 4 · Primary source · 3 min", 0).format_problems()  # doctest: +NORMALIZE_WHITESPACE
        ["heading '### Exercise 4 · Primary source · 3 min': 'Primary source' is not a skill (one of Sourcing,
          Contextualization, Corroboration, Close reading, Argument, Data skills); no level (one of Starter, Core,
          Stretch); write '### Exercise 4 · <Skill> · <Level> · 3 min'"]
        """
        if EXERCISE_FORMAT.match(self.heading) and self.skill in SKILLS and self.level in LEVELS:
            return []
        bits = [b.strip() for b in self.heading.lstrip("#").split("·")]
        number = re.match(r"Exercise\s+([0-9]+)$", bits[0])
        minutes = re.match(r"([0-9]+)\s*min$", bits[-1]) if len(bits) > 1 else None
        middle = bits[1:-1] if minutes else bits[1:]
        skill = next((b for b in middle if b in SKILLS), None)
        level = next((b for b in middle if b in LEVELS), None)
        wrong = [b for b in middle if b not in SKILLS and b not in LEVELS]
        said = []
        if not number:
            said.append("no exercise number")
        for i, bit in enumerate(wrong):
            close = difflib.get_close_matches(bit, SKILLS + LEVELS, n=1, cutoff=0.5)
            guess = f" (did you mean {close[0]!r}?)" if close else ""
            said.append(f"{bit!r} is not a skill (one of {', '.join(SKILLS)}){guess}" if not skill and i == 0
                        else f"{bit!r} is neither a skill nor a level{guess}")
        if not skill and not wrong:
            said.append(f"no skill (one of {', '.join(SKILLS)})")
        if not level:
            said.append(f"no level (one of {', '.join(LEVELS)})")
        if not minutes:
            said.append("no minutes at the end ('· 3 min')")
        if not said:
            said.append("the parts are not in the order number · skill · level · minutes, separated by ' · '")
        fix = (f"### Exercise {number.group(1) if number else 'N'} · {skill or '<Skill>'} · {level or '<Level>'} · "
               f"{minutes.group(1) if minutes else '<minutes>'} min")
        return [f"heading {self.heading!r}: {'; '.join(said)}; write {fix!r}"]


@dataclass
class Discussion:
    text: str      # the prompt without the 💬 **Discuss.** prefix
    section: str   # the heading it stands under (the last one that is not an exercise's)
    cell: int


@dataclass
class WrittenTask:
    heading: str
    cell: int
    skill: str = ""
    minutes: int | None = None
    task: str = ""
    has_answer_cell: bool = False   # an empty markdown cell tagged `written-answer` follows


@dataclass
class Lesson:
    path: Path
    number: str                     # "00", "01" ...: the first two characters of the file name
    meta: dict
    parts: list
    exercises: list
    discussions: list
    old_prompts: list               # "Think about it" paragraphs not yet turned into 💬 Discuss prompts
    documents: list                 # document keys named anywhere in the lesson, in order of first mention
    explorers: list
    written_task: WrittenTask | None
    questions: list                 # every question id checked in an `exercise` cell, in order

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def title(self) -> str:
        return self.meta.get("title", self.stem)

    def skills(self) -> list[str]:
        """The skills its exercises practise, in order of first appearance (as their headings name them)."""
        return list(dict.fromkeys(e.skill for e in self.exercises if e.skill))


def read_notebook(path: Path) -> dict:
    """A notebook file as plain dicts, every cell's source one string."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
    return nb


def _split_markdown(text: str) -> list[tuple[str, int, str]]:
    """(heading, level, text) pieces of a markdown cell, a new piece at every heading outside code fences."""
    pieces, current, heading, level, fenced = [], [], "", 0, False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else HEADING.match(line)
        if match:
            if current or heading:
                pieces.append((heading, level, "\n".join(current)))
            heading, level, current = line.strip(), len(match.group(1)), [line]
        else:
            current.append(line)
    if current or heading:
        pieces.append((heading, level, "\n".join(current)))
    return pieces


def parts_of(nb: dict) -> list[Part]:
    """The notebook cut into parts (see :class:`Part`); cells are counted from 0, as nbformat does."""
    parts = []
    section = ""
    for i, cell in enumerate(nb.get("cells", [])):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        meta = cell.get("metadata", {})
        common = dict(tags=tuple(meta.get("tags", [])), generated=meta.get(GENERATED, ""))
        if cell.get("cell_type") == "markdown":
            for heading, level, text in _split_markdown(source) or [("", 0, "")]:
                section = heading.lstrip("#").strip() or section
                parts.append(Part(i, "markdown", text, heading, level, section=section, **common))
        elif cell.get("cell_type") == "code":
            parts.append(Part(i, "code", source, outputs=cell.get("outputs", []), section=section, **common))
    return parts


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def parse_options(task: str) -> dict[str, str]:
    """The options of a multiple-choice task: lines ``- a) ...`` (or ``a) ...<br>``), an option's
    wrapped lines joined to it.

    >>> parse_options("Which one?\\n\\n- a) The first,\\n  wrapped.\\n- b) The second.\\n\\nc) Third<br>\\nd) Fourth")
    {'a': 'The first, wrapped.', 'b': 'The second.', 'c': 'Third', 'd': 'Fourth'}
    """
    options: dict[str, str] = {}
    letter = None
    for line in task.splitlines():
        match = OPTION.match(line)
        if match and match["letter"] not in options:
            letter = match["letter"]
            options[letter] = match["text"]
        elif letter and line.strip() and not HEADING.match(line) and not line.lstrip().startswith(("```", "|", ">")):
            options[letter] += " " + line.strip()
        else:
            letter = None
    return {k: re.sub(r"\s*<br\s*/?>\s*$", "", v).strip() for k, v in options.items()}


def mentioned_documents(text: str, doc_keys) -> list[str]:
    """The keys of `doc_keys` named in `text`, in order of first mention.

    >>> keys = {"frus1941v07-d413", "frus1961-63v12-d421"}
    >>> mentioned_documents('read_document("frus1961-63v12-d421"); see frus1941v07-d413.', keys)
    ['frus1961-63v12-d421', 'frus1941v07-d413']
    """
    return list(dict.fromkeys(w for w in WORD.findall(text) if w in doc_keys))


def known_document_keys() -> frozenset:
    """The keys of the documents table (empty if the package cannot load it)."""
    try:
        import peru_us

        return frozenset(peru_us.load_documents()["doc_key"])
    except Exception:  # noqa: BLE001 - a lesson index must still build without the documents table
        return frozenset()


def read_lesson(path: Path, doc_keys=None, nb: dict | None = None) -> Lesson:
    """Read one lesson (`nb`, if given, instead of the file); `doc_keys` defaults to the documents table's."""
    path = Path(path)
    nb = read_notebook(path) if nb is None else nb
    doc_keys = known_document_keys() if doc_keys is None else doc_keys
    parts = parts_of(nb)
    authored = [p for p in parts if not p.generated]
    exercises, discussions, old_prompts, written, section = [], [], [], None, ""
    current: Exercise | WrittenTask | None = None
    shown: list[str] = []  # documents read (read_document) since the last heading: an exercise that follows asks about them
    for part in authored:
        if part.heading:
            if not EXERCISE_HEADING.match(part.heading) and not WRITTEN_HEADING.match(part.heading):
                section = part.heading.lstrip("#").strip()
            current = None
            if EXERCISE_HEADING.match(part.heading):
                current = _exercise(part)
                if shown:
                    current.reads_document, current.documents = True, list(shown)
                exercises.append(current)
            elif WRITTEN_HEADING.match(part.heading):
                match = WRITTEN_FORMAT.match(part.heading)
                current = written = WrittenTask(part.heading, part.cell, match["skill"] if match else "",
                                                int(match["minutes"]) if match else None)
            shown = []
        if part.kind == "markdown":
            for paragraph in paragraphs(part.text):
                if paragraph.startswith(DISCUSS):
                    discussions.append(Discussion(paragraph[len(DISCUSS):].strip(), section, part.cell))
                elif OLD_PROMPT.match(paragraph):
                    old_prompts.append(Discussion(OLD_PROMPT.sub("", paragraph).strip(), section, part.cell))
        if part.kind == "code" and "solution" not in part.tags and READ_DOCUMENT.search(part.text):
            shown += [d for d in mentioned_documents(part.text, doc_keys) if d not in shown]
        if isinstance(current, Exercise):
            current.parts.append(part)
            if part.kind == "markdown":
                current.task = (current.task + "\n\n" + part.text).strip()
            elif "exercise" in part.tags:
                current.questions += [q for q in CHECK_CALL.findall(part.text) if q not in current.questions]
            elif "solution" in part.tags:
                current.solutions += [q for q in CHECK_CALL.findall(part.text) if q not in current.solutions]
            if part.kind == "code" and "solution" not in part.tags and READ_DOCUMENT.search(part.text):
                current.reads_document = True
            if "solution" not in part.tags:
                current.documents += [d for d in mentioned_documents(part.text, doc_keys) if d not in current.documents]
        elif isinstance(current, WrittenTask):
            if part.kind == "markdown" and "written-answer" in part.tags:
                current.has_answer_cell = True
            elif part.kind == "markdown":
                current.task = (current.task + "\n\n" + part.text).strip()
    for exercise in exercises:
        exercise.options = parse_options(exercise.task)
    code = "\n".join(p.text for p in authored if p.kind == "code")
    everything = "\n".join(p.text for p in authored if "solution" not in p.tags)
    return Lesson(path=path, number=path.name[:2], meta=nb.get("metadata", {}).get("lesson") or {}, parts=parts,
                  exercises=exercises, discussions=discussions, old_prompts=old_prompts,
                  documents=mentioned_documents(everything, doc_keys),
                  explorers=sorted(set(EXPLORER_CALL.findall(code))), written_task=written,
                  questions=list(dict.fromkeys(q for p in authored if "exercise" in p.tags
                                               for q in CHECK_CALL.findall(p.text))))


def _exercise(part: Part) -> Exercise:
    exercise = Exercise(part.heading, part.cell)
    match = EXERCISE_FORMAT.match(part.heading)
    if match:
        exercise.number, exercise.skill, exercise.level = int(match["number"]), match["skill"], match["level"]
        exercise.minutes = int(match["minutes"])
    else:  # read what can be read, so that the index still shows something
        bits = [b.strip() for b in part.heading.lstrip("#").split("·")]
        number = re.match(r"Exercise\s+([0-9]+)", bits[0])
        exercise.number = int(number.group(1)) if number else None
        minutes = re.match(r"([0-9]+)\s*min", bits[-1]) if len(bits) > 1 else None
        exercise.minutes = int(minutes.group(1)) if minutes else None
        middle = bits[1:-1] if minutes else bits[1:]
        exercise.skill = next((b for b in middle if b not in LEVELS), "")
        exercise.level = next((b for b in middle if b in LEVELS), "")
    return exercise


# --------------------------------------------------------------------------- the plan in metadata.lesson
OLD_FIELDS = ("title", "overview", "questions", "objectives", "keypoints", "teaching_minutes", "exercise_minutes")
NEW_FIELDS = ("prerequisites", "misconceptions", "plan_50", "plan_90", "differentiation", "written_task")
FIELD_FORMS = {
    "prerequisites": 'a list of texts, e.g. ["Lesson 00", "Filtering a table with a condition (shown in lesson 00)"]',
    "misconceptions": 'a list of {"misconception": "...", "correction": "... [source-id]"}',
    "plan_50": 'a list of {"minutes": 10, "activity": "..."} whose minutes add up to 50',
    "plan_90": 'a list of {"minutes": 15, "activity": "..."} whose minutes add up to 90',
    "differentiation": '{"no_code": "a track for students who will not write code ...", "stretch": "..."}',
    "written_task": '{"prompt": "...", "rubric": [{"criterion": "Claim", "levels": {"4": "...", "3": "...", '
                    '"2": "...", "1": "..."}}, ...] with at least 3 criteria',
}
RUBRIC_LEVELS = ("4", "3", "2", "1")
MIN_CRITERIA = 3


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def plan_problems(meta: dict, first_lesson: bool = False) -> dict[str, list[str]]:
    """What the new fields of a lesson's ``metadata.lesson`` lack, by field (no entry: all is well).
    The written task is required from lesson 01 on (`first_lesson` is lesson 00).

    >>> plan_problems({"plan_50": [{"minutes": 30, "activity": "Read"}, {"minutes": 15}]}, first_lesson=True)["plan_50"]
    ["item 2 has no 'activity' (a text)", 'its minutes add up to 45, not 50']
    >>> sorted(plan_problems({}))  # nothing written yet
    ['differentiation', 'misconceptions', 'plan_50', 'plan_90', 'prerequisites', 'written_task']
    """
    problems: dict[str, list[str]] = {}

    def add(name, problem):
        problems.setdefault(name, []).append(problem)

    for name in NEW_FIELDS:
        if name not in meta:
            if not (name == "written_task" and first_lesson):
                add(name, f"missing: add {FIELD_FORMS[name]}")
            continue
        value = meta[name]
        if name == "prerequisites":
            if not isinstance(value, list) or not value or not all(_text(v) for v in value):
                add(name, f"must be {FIELD_FORMS[name]}, with at least one non-empty text; got {value!r}")
        elif name == "misconceptions":
            if not isinstance(value, list) or not value:
                add(name, f"must be {FIELD_FORMS[name]}, at least one; got {value!r}")
            else:
                for i, item in enumerate(value, 1):
                    for key in ("misconception", "correction"):
                        if not isinstance(item, dict) or not _text(item.get(key)):
                            add(name, f"item {i} has no {key!r} (a text)")
        elif name in ("plan_50", "plan_90"):
            want = int(name[-2:])
            if not isinstance(value, list) or not value:
                add(name, f"must be {FIELD_FORMS[name]}; got {value!r}")
                continue
            total = 0
            for i, item in enumerate(value, 1):
                minutes = item.get("minutes") if isinstance(item, dict) else None
                if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
                    add(name, f"item {i} has no 'minutes' (a whole number above 0); got {minutes!r}")
                else:
                    total += minutes
                if not isinstance(item, dict) or not _text(item.get("activity")):
                    add(name, f"item {i} has no 'activity' (a text)")
            if total != want:
                add(name, f"its minutes add up to {total}, not {want}")
        elif name == "differentiation":
            for key in ("no_code", "stretch"):
                if not isinstance(value, dict) or not _text(value.get(key)):
                    add(name, f"has no {key!r} (a text); the form is {FIELD_FORMS[name]}")
        elif name == "written_task":
            if not isinstance(value, dict):
                add(name, f"must be {FIELD_FORMS[name]}; got {value!r}")
                continue
            if not _text(value.get("prompt")):
                add(name, "has no 'prompt' (a text)")
            rubric = value.get("rubric")
            if not isinstance(rubric, list) or len(rubric) < MIN_CRITERIA:
                add(name, f"its rubric must be a list of at least {MIN_CRITERIA} criteria; "
                          f"got {len(rubric) if isinstance(rubric, list) else repr(rubric)}")
                rubric = rubric if isinstance(rubric, list) else []
            for i, item in enumerate(rubric, 1):
                if not isinstance(item, dict) or not _text(item.get("criterion")):
                    add(name, f"rubric item {i} has no 'criterion' (a text)")
                levels = item.get("levels") if isinstance(item, dict) else None
                missing = [lv for lv in RUBRIC_LEVELS if not isinstance(levels, dict) or not _text(levels.get(lv))]
                if missing:
                    add(name, f"rubric item {i} lacks the level(s) {', '.join(missing)} "
                              "(levels is {\"4\": \"...\", \"3\": ..., \"2\": ..., \"1\": ...})")
    return problems


# --------------------------------------------------------------------------- text helpers
def plain(text: str) -> str:
    """Text folded for comparison: accents removed, case folded, spaces collapsed.

    >>> plain("  Alan  GARCÍA Pérez ")
    'alan garcia perez'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


_BREAK = re.compile(r"</(?:tr|p|div|li|h[1-6]|caption)>|<br\s*/?>", re.I)
_CELL_END = re.compile(r"</t[dh]>", re.I)
_TAG = re.compile(r"<[^>]+>")


def output_text(output: dict) -> str:
    """The text a student sees of one stored output: a stream, an error's message, or the richest
    text of a display as JupyterLab picks it (HTML without its tags, one table row a line; else
    markdown; else plain text; nothing for an image or a widget, whose text is only a fallback).

    >>> output_text({"output_type": "execute_result", "data": {"text/plain": "x", "text/html":
    ...              "<table><tr><th>year</th><th>n</th></tr><tr><td>2010s</td><td>12 &amp; 3</td></tr></table>"}})
    'year  n  \\n2010s  12 & 3  \\n'
    """
    import html

    kind = output.get("output_type")
    if kind == "stream":
        return "".join(output.get("text", ""))
    if kind == "error":
        return f"{output.get('ename', '')}: {output.get('evalue', '')}"
    data = output.get("data", {})
    join = lambda v: "".join(v) if isinstance(v, list) else str(v)  # noqa: E731
    if "text/html" in data:
        text = _CELL_END.sub("  ", _BREAK.sub("\n", join(data["text/html"])))
        return html.unescape(_TAG.sub("", text))
    if "text/markdown" in data:
        return join(data["text/markdown"])
    if any(m.startswith("image/") or "widget-view" in m for m in data):
        return ""
    return join(data.get("text/plain", ""))


def example_notebook() -> dict:
    """A tiny lesson in the course's conventions, for the examples above."""
    md = lambda text, **meta: {"cell_type": "markdown", "metadata": meta, "source": text}  # noqa: E731
    code = lambda text, tag: {"cell_type": "code", "metadata": {"tags": [tag]}, "source": text, "outputs": []}  # noqa: E731
    return {"metadata": {"lesson": {"title": "Example"}}, "cells": [
        md("## A letter\n\n💬 **Discuss.** Who wrote this letter, and for whom?"),
        md("### Exercise 1 · Sourcing · Core · 3 min\nWho wrote it?\n\n- a) A Peruvian newspaper.\n"
           "- b) A letter from the U.S. minister in Lima.\n- c) A treaty.\n- d) A speech."),
        code('answer = ...\ncheck("demo.q1", answer)', "exercise"),
        code('answer = "b"\ncheck("demo.q1", answer)', "solution")]}
