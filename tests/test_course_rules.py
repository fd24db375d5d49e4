"""Course-wide rules for lessons that teach (DEVELOPERS.md "Writing a lesson"; issue 13).

Each test looks at every lesson (or every answer file) and its failure message says which lesson,
cell, heading or question breaks the rule and what to write instead. Cells are counted from 0 (as
nbformat does) and named with the heading they stand under. Nothing here knows a lesson's
name or question key: lessons are the notebooks `notebooks/NN_*.ipynb`, questions the ids their
`check("<key>.qN", ...)` calls use, and "from 01 on" means every lesson but number 00.

Maintainer talk in student-facing text: the phrases of MAINTAINER_PHRASES may not appear in a
lesson's markdown or stored outputs, except inside a context listed in ALLOWED_CONTEXTS (for a title
or a name that happens to contain one, e.g. a book called "Mirror of the Americas"); add such a
context there with the reason, not a looser phrase.
"""
from __future__ import annotations

import collections
import functools
import html
import json
import re
import sys

import pytest

from conftest import ROOT, lesson_paths

sys.path.insert(0, str(ROOT))
from tools.answer_search import give_aways  # noqa: E402
from tools.lesson_model import (  # noqa: E402
    DISCUSS,
    HISTORICAL_SKILLS,
    MIN_CRITERIA,
    known_document_keys,
    output_text,
    plain,
    plan_problems,
    read_lesson,
)
from tools.question_bank import lessons as answer_files  # noqa: E402
from tools.question_bank import read_answers  # noqa: E402

LESSONS = lesson_paths()
FROM_01 = [p for p in LESSONS if not p.name.startswith("00")]
KEYS = known_document_keys()
LETTERS = "abcd"
MAX_LETTER_SHARE = 0.40
ids = lambda p: p.stem  # noqa: E731

MAINTAINER_PHRASES = {  # phrase (a regular expression, matched ignoring case) -> what to do instead
    r"research helpers?": "say what the sources show, not who looked for them",
    r"researchers?": "say what the sources show, not who looked for them",
    r"research notes?": "cite a source, or leave the claim out",
    r"mirror(?:s|ed)?": "cite the source itself (\"Wikipedia's article on ...\")",
    r"stored (?:copy|copies|page|pages|text|version)": "cite the source; where the course keeps it is not the student's concern",
    r"transcri(?:bed|ption|pt)": "quote or paraphrase the document; how it was copied is not the student's concern",
    r"seed article": "name it for what it is, e.g. \"Wikipedia's article on Peru–United States relations\"",
    r"licen[cs](?:e|es|ed|ing)?": "leave licences to the maintainers' notes",
    r"not openly licensed": "leave licences to the maintainers' notes",
    r"round [0-9]+": "no talk of research rounds",
    r"web excerpts?": "cite the source itself",
    r"maintainers?": "student-facing text speaks to the student",
    r"shared/sources": "student-facing text speaks to the student",
    r"\bTODO\b|\bFIXME\b": "finish the text",
}
ALLOWED_CONTEXTS: list[tuple[str, str]] = [  # (regular expression around a legitimate use, why)
    (r"export licen[cs]e", "a government's permit to export goods, in the 1941 documents on the aircraft"),
]
WRITE_HERE = "*Write your paragraph here (double-click this cell to edit it).*"  # every written-answer cell


@functools.cache
def lesson(path):
    return read_lesson(path, KEYS)


@functools.cache
def specs() -> dict:
    """Every question of tools/answers/, id -> entry (with the answer file's name as "file")."""
    out = {}
    for name in answer_files():
        for qid, spec in read_answers(name).items():
            out[qid] = {**spec, "file": f"tools/answers/{name}.json"}
    return out


def asked_choice_questions() -> list[tuple]:
    """(lesson, exercise, question id, spec) of every multiple-choice question the lessons ask."""
    found = []
    for path in LESSONS:
        for exercise in lesson(path).exercises:
            for qid in exercise.questions:
                spec = specs().get(qid)
                if spec and spec["kind"] == "choice":
                    found.append((path, exercise, qid, spec))
    return found


def report(title: str, problems: list[str]) -> str:
    return title + "\n- " + "\n- ".join(problems)


# --------------------------------------------------------------------------- exercises
@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_exercise_headings_name_a_skill_and_a_level(path):
    model = lesson(path)
    problems = [f"cell {e.cell}: {p}" for e in model.exercises for p in e.format_problems()]  # the heading says where
    numbers = [e.number for e in model.exercises]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"the exercises are numbered {numbers}; number them 1 to {len(numbers)} in order")
    orphans = [q for q in model.questions if not any(q in e.questions for e in model.exercises)]
    if orphans:
        problems.append(f"check() of {', '.join(orphans)} stands under no '### Exercise' heading: "
                        "put each exercise under its own heading")
    assert not problems, report(f"{path.name}: exercise headings", problems)


@pytest.mark.parametrize("path", FROM_01, ids=ids)
def test_at_least_half_of_the_exercises_practise_historical_thinking(path):
    exercises = lesson(path).exercises
    assert exercises, f"{path.name} has no '### Exercise N · <Skill> · <Level> · <minutes> min' heading"
    historical = [e for e in exercises if e.skill in HISTORICAL_SKILLS]
    others = [f"Exercise {e.number} ({e.skill or 'no skill'})" for e in exercises if e.skill not in HISTORICAL_SKILLS]
    need = -(-len(exercises) // 2)
    assert len(historical) >= need, (
        f"{path.name}: {len(historical)} of {len(exercises)} exercises practise a historical-thinking skill "
        f"({', '.join(HISTORICAL_SKILLS)}); at least {need} must. Not counted: {', '.join(others)}. "
        "Turn some into Sourcing, Contextualization, Corroboration, Close reading or Argument exercises "
        "(or rename a heading whose task already is one).")


@pytest.mark.parametrize("path", FROM_01, ids=ids)
def test_each_lesson_has_two_document_based_exercises(path):
    """An exercise is document-based when its cells call read_document(...) or its task names a key
    of the documents table (the whole document is handed to the student, then asked about)."""
    exercises = lesson(path).exercises
    based = [e for e in exercises if e.reads_document or e.documents]
    assert len(based) >= 2, (
        f"{path.name}: {len(based)} document-based exercise(s) "
        f"({', '.join(f'Exercise {e.number}' for e in based) or 'none'}); at least two must show a whole document "
        "(a cell with peru_us.read_document(\"<doc_key>\") in the exercise, or its task naming the document's key, "
        "e.g. frus1961-63v12-d421) and ask about it.")


@pytest.mark.parametrize("path", FROM_01, ids=ids)
def test_each_lesson_ends_with_a_written_task(path):
    model = lesson(path)
    task = model.written_task
    problems = []
    if task is None:
        problems.append("no '### Written task · Argument · <minutes> min' heading: add the written task at the end")
    else:
        if task.skill != "Argument" or not task.minutes:
            problems.append(f"heading {task.heading!r} is not '### Written task · Argument · <minutes> min'")
        if not task.has_answer_cell:
            problems.append(f"{task.heading!r}: no empty markdown cell tagged `written-answer` follows the task")
        else:
            answer_cells = [p for p in model.parts if "written-answer" in p.tags]
            if any(p.text.strip() != WRITE_HERE for p in answer_cells):
                problems.append(f"the `written-answer` cell must hold only {WRITE_HERE!r} (the student writes in it; "
                                "an empty cell would not show where)")
    written = model.meta.get("written_task")
    rubric = written.get("rubric") if isinstance(written, dict) else None
    if not isinstance(rubric, list) or len(rubric) < MIN_CRITERIA:
        problems.append(f"metadata.lesson.written_task.rubric needs at least {MIN_CRITERIA} criteria, each "
                        '{"criterion": "...", "levels": {"4": "...", "3": "...", "2": "...", "1": "..."}}; '
                        f"has {len(rubric) if isinstance(rubric, list) else 'none'}")
    assert not problems, report(f"{path.name}: written task", problems)


# --------------------------------------------------------------------------- the plan in the metadata
@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_lesson_metadata_has_the_teachers_plan(path):
    problems = plan_problems(lesson(path).meta, first_lesson=path == LESSONS[0])
    assert not problems, report(f"{path.name}: metadata.lesson (the teacher's guide is generated from it)",
                                [f"{name}: {'; '.join(found)}" for name, found in problems.items()])


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_every_discussion_prompt_reaches_the_teachers_guide(path):
    """A prompt is collected when it is a paragraph starting with 💬 **Discuss.**; the committed
    guide (teacher/guide/<lesson>.md) must hold every one, and no old-style prompt may be left."""
    from tools.teacher_kit import guide_path

    model = lesson(path)
    problems = [f"cell {d.cell} (under {d.section!r}): 'Think about it' prompt ({d.text[:60]}...): "
                f"begin it with '{DISCUSS} ' instead"
                for d in model.old_prompts]
    for part in model.parts:
        if part.kind == "markdown" and not part.generated:
            for paragraph in re.split(r"\n\s*\n", part.text):
                if ("💬" in paragraph or "**Discuss" in paragraph) and not paragraph.strip().startswith(DISCUSS):
                    problems.append(f"{part.where}: a discussion prompt must be a paragraph of its own that begins "
                                    f"'{DISCUSS} ' (found: {paragraph.strip()[:60]!r})")
    if path != LESSONS[0] and not model.discussions:
        problems.append(f"no discussion prompt: add at least one paragraph beginning '{DISCUSS} '")
    guide = ROOT / guide_path(model)
    text = plain(guide.read_text(encoding="utf-8")) if guide.exists() else ""
    missing = [d.text[:60] for d in model.discussions if plain(d.text) not in text]
    if missing:
        problems.append(f"{guide.relative_to(ROOT)} lacks {len(missing)} prompt(s), e.g. {missing[0]!r}: "
                        "run python3 course.py nav")
    assert not problems, report(f"{path.name}: discussion prompts", problems)


# --------------------------------------------------------------------------- the questions
@pytest.mark.parametrize("name", answer_files())
def test_every_question_has_an_explanation(name):
    empty = [qid for qid, spec in read_answers(name).items() if not str(spec.get("explain", "")).strip()]
    assert not empty, (f"tools/answers/{name}.json: {len(empty)} question(s) without `explain`: {', '.join(empty)}. "
                       "Write 1-3 sentences shown after a correct answer (what it means, why it matters historically), "
                       "then run .venv/bin/python tools/question_bank.py build")


@pytest.mark.parametrize("name", answer_files())
def test_hints_and_feedback_never_give_the_answer(name):
    problems = []
    for qid, spec in read_answers(name).items():
        for i, hint in enumerate(spec.get("hints", []), 1):
            for found in give_aways(spec, hint):
                problems.append(f"{qid}: hint {i} contains the answer ({found!r}): {hint[:80]!r}")
        for item in spec.get("feedback", []):
            for found in give_aways(spec, item.get("message", "")):
                problems.append(f"{qid}: the feedback for {item.get('answer')!r} contains the answer ({found!r})")
    assert not problems, report(f"tools/answers/{name}.json: lead to the answer without naming it", problems)


def test_multiple_choice_letters_are_balanced_over_the_course():
    questions = asked_choice_questions()
    assert questions, "the lessons ask no multiple-choice question"
    by_letter = collections.defaultdict(list)
    for _, _, qid, spec in questions:
        by_letter[str(spec["answer"])].append(qid)
    problems = [f"'{letter}' is never the right answer: make it right in one of the questions" for letter in LETTERS
                if not by_letter[letter]]
    for letter, qids in sorted(by_letter.items()):
        if len(qids) > MAX_LETTER_SHARE * len(questions):
            problems.append(f"'{letter}' is right in {len(qids)} of {len(questions)} questions "
                            f"(more than {MAX_LETTER_SHARE:.0%}): {', '.join(qids)}; reorder the options of some")
    counts = ", ".join(f"{letter}: {len(by_letter[letter])}" for letter in LETTERS)
    assert not problems, report(f"right letters over the course ({counts})", problems)


@pytest.mark.parametrize("path", FROM_01, ids=ids)
def test_a_lesson_varies_its_right_letters(path):
    letters = {str(spec["answer"]) for p, _, _, spec in asked_choice_questions() if p == path}
    questions = [qid for p, _, qid, _ in asked_choice_questions() if p == path]
    need = min(3, len(questions))
    assert len(letters) >= need, (f"{path.name}: its {len(questions)} multiple-choice questions ({', '.join(questions)}) "
                                  f"use only the right letter(s) {', '.join(sorted(letters))}; use at least {need} different")


def test_choice_exercises_show_four_options():
    problems = []
    for path, exercise, qid, spec in asked_choice_questions():
        if sorted(exercise.options) != list(LETTERS):
            problems.append(f"{path.name}, {exercise.label} ({qid}): options found {sorted(exercise.options) or 'none'}; "
                            "write four lines '- a) ...' to '- d) ...' in the task")
        elif str(spec["answer"]) not in exercise.options:
            problems.append(f"{path.name}, {exercise.label} ({qid}): the answer {spec['answer']!r} is not one of the options")
    assert not problems, report("multiple-choice options", problems)


def test_the_right_option_is_rarely_the_longest():
    longest, counted = [], 0
    for path, exercise, qid, spec in asked_choice_questions():
        options = exercise.options
        right = str(spec["answer"])
        if right not in options or len(options) < 2:
            continue  # test_choice_exercises_show_four_options reports it
        counted += 1
        others = max(len(text) for letter, text in options.items() if letter != right)
        if len(options[right]) > others:
            longest.append(f"{path.name}, {exercise.label} ({qid}): the right option ({right}) has "
                           f"{len(options[right])} characters, the longest other {others}")
    assert counted, "no multiple-choice exercise with options to compare"
    assert len(longest) <= counted / 2, report(
        f"the right option is the longest in {len(longest)} of {counted} multiple-choice questions (at most half may be); "
        "write distractors as long, specific and plausible as the answer", longest)


# --------------------------------------------------------------------------- student-facing text
def student_texts(path):
    """(where, text) of every markdown cell and every stored output of a lesson."""
    for part in lesson(path).parts:
        if part.kind == "markdown":
            kind = f"the generated {part.generated!r} cell" if part.generated else "markdown"
            yield f"{part.where}, {kind}", part.text
        for output in part.outputs:
            yield f"{part.where}, output", output_text(output)


def allowed(text: str, start: int, end: int) -> bool:
    return any(m.start() <= start and end <= m.end() for pattern, _ in ALLOWED_CONTEXTS
               for m in re.finditer(pattern, text, re.I))


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_no_maintainer_talk_in_student_facing_text(path):
    problems = []
    for where, text in student_texts(path):
        hits = [(m, advice) for phrase, advice in MAINTAINER_PHRASES.items()
                for m in re.finditer(r"(?<!\w)(?:" + phrase + r")(?!\w)", text, re.I)]
        taken: list[tuple[int, int]] = []
        for match, advice in sorted(hits, key=lambda h: h[0].start() - h[0].end()):  # longest first
            if allowed(text, match.start(), match.end()) or any(a < match.end() and match.start() < b for a, b in taken):
                continue
            taken.append((match.start(), match.end()))
            context = " ".join(text[max(0, match.start() - 50):match.end() + 30].split())
            problems.append(f"{where}: {match.group()!r} in “…{context}…”: {advice}")
    unique = list(dict.fromkeys(problems))
    assert not unique, report(f"{path.name}: {len(unique)} place(s) talk about how the course was made "
                              "(in prose, or in an output such as a table's note column or a citation's licence)", unique)


@functools.cache
def imprecise_dates() -> dict[str, str]:
    """'YYYY-MM-DD' -> what it stands for, for every date of the events and ambassadors tables
    known only to the month or year (and not also a real day of another row)."""
    import pandas as pd

    import peru_us

    vague, exact = {}, set()
    tables = [(peru_us.load_events(), ["date"], "event_id"),
              (peru_us.load_ambassadors(), ["appointed", "credentials_presented", "mission_ended"], "name")]
    for table, columns, label in tables:
        for _, row in table.iterrows():
            for column in columns:
                if pd.isna(row[column]):
                    continue
                day = row[column].strftime("%Y-%m-%d")
                precision = str(row["date_precision"])
                if precision == "day":
                    exact.add(day)
                else:
                    shown = day[:7] if precision == "month" else day[:4]
                    vague.setdefault(day, f"{row[label]} ({precision} precision: show {shown})")
    return {day: what for day, what in vague.items() if day not in exact}


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_stored_outputs_show_dates_at_their_precision(path):
    vague = imprecise_dates()
    problems = []
    for part in lesson(path).parts:
        for output in part.outputs:
            for day in dict.fromkeys(re.findall(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)", output_text(output))):
                if day in vague:
                    problems.append(f"{part.where}: shows {day}, an invented day for {vague[day]}")
    assert not problems, report(f"{path.name}: dates shown with a day the sources do not give (format the date column "
                                "by its date_precision, e.g. 1846-12 or 2006, or leave the column out)", problems)


# --------------------------------------------------------------------------- accessibility (WCAG 2.1)
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.I | re.S)
FENCE = re.compile(r"^ {0,3}(```|~~~)")


def markdown_headings(source: str) -> list[tuple[int, str]]:
    """(level, text) of every heading in a Markdown cell, ATX (#) or HTML, skipping fenced code.

    >>> markdown_headings("# A\\n```\\n# not a heading\\n```\\n<h3>B</h3>\\n#no space")
    [(1, 'A'), (3, 'B')]
    """
    found, fenced = [], False
    for line in source.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        atx = HEADING.match(line)
        if atx:
            found.append((len(atx.group(1)), atx.group(2)))
        found += [(int(level), re.sub(r"<[^>]+>", "", text).strip()) for level, text in HTML_HEADING.findall(line)]
    return found


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_headings_start_at_one_title_and_skip_no_level(path):
    """WCAG 1.3.1 (headings in order): one level-1 heading, the lesson's first; after a level-n
    heading the next is at most n+1 (screen-reader users move through a lesson by its headings)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    headings = [(i, level, text) for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "markdown"
                for level, text in markdown_headings("".join(cell["source"]))]
    assert headings and headings[0][1] == 1, f"{path.name}: the first heading must be the title (#), not {headings[:1]}"
    titles = [h for h in headings if h[1] == 1]
    assert len(titles) == 1, f"{path.name}: one '#' title only, found {[(i, t) for i, _, t in titles]}"
    skips = [f"cell {i}: {'#' * level} {text!r} follows a level-{previous} heading"
             for (_, previous, _), (i, level, text) in zip(headings, headings[1:]) if level > previous + 1]
    assert not skips, f"{path.name} skips heading levels (use at most one more '#' than the heading before):\n" + "\n".join(skips)


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_a_lesson_declares_its_language_and_its_charts_have_alt_text(path):
    """WCAG 3.1.1 and 1.1.1: metadata.lang (BCP 47, as HTML's lang attribute) says the lesson is in
    English; every stored chart carries alternative text, in the output's metadata (nbconvert) and
    as the alt of its HTML copy (JupyterLab), both the same and neither JupyterLab's "Image"."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"].get("lang") == "en", f"{path.name}: add \"lang\": \"en\" to the notebook's metadata"
    missing = []
    for i, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            if "image/png" not in output.get("data", {}):
                continue
            alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
            picture = output["data"].get("text/html", "")
            picture = "".join(picture) if isinstance(picture, list) else picture
            if len(alt) < 40 or alt == "Image" or f'alt="{html.escape(alt)}"' not in picture:
                missing.append(i)
    assert not missing, (f"{path.name}: cells {missing} show a chart without alt text; run peru_us.setup_notebook() "
                         "first and show charts with plt.show() or peru_us.show(fig)")


NO_MATH_SPAN = re.compile(r'<span class="tex2jax_ignore mathjax_ignore">.*?</span>', re.S)
BLOCK_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.) )")  # blank lines and list items end a paragraph


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_dollar_amounts_in_markdown_are_not_read_as_formulas(path):
    """JupyterLab typesets the text between two '$' of one Markdown paragraph as a formula: "$12 billion
    ... $2.9 billion" comes out in italics, without spaces, as one line that scrolls sideways (axe-core:
    scrollable-region-focusable). Writing \\$ does not stop it in JupyterLab 4.6 (seen in the browser);
    a span of class "tex2jax_ignore mathjax_ignore" around the sentence does."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = [i for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "markdown"
             for block in BLOCK_BREAK.split(NO_MATH_SPAN.sub("", "".join(cell["source"]))) if block.count("$") >= 2]
    assert not found, (f"{path.name}: cells {sorted(set(found))} have two '$' in one paragraph: put the sentence in "
                       '<span class="tex2jax_ignore mathjax_ignore">...</span>')
