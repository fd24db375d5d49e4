"""The teacher's kit (tools/teacher_kit.py), the lesson reader it is built on (tools/lesson_model.py),
the lesson index (tools/lessons.py) and the handout give-away rule (tools/answer_search.py).

Most tests run on small fixture lessons written into a temporary folder, in the conventions of
DEVELOPERS.md, so that they hold whatever the real lessons are called or contain; the last ones run
the generator on the real lessons, finished or not."""
from __future__ import annotations

import doctest
import json
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import NOTEBOOKS, ROOT

sys.path.insert(0, str(ROOT))
from tools import answer_search, lesson_model, teacher_kit  # noqa: E402
from tools.answer_search import find_answer, give_aways, handout_leaks  # noqa: E402
from tools.lesson_model import first_sentence, plan_problems, read_lesson, sentences  # noqa: E402
from tools.lessons import index_table, teacher_overview  # noqa: E402

DOC = "frus1962v99-d7"
DOCUMENTS = {DOC: {"title": "Telegram From the Embassy in Lima", "date": "1962-07-30", "date_precision": "day"}}
RUBRIC = [{"criterion": c, "levels": {"4": f"{c} strong", "3": f"{c} clear", "2": f"{c} weak", "1": f"{c} absent"}}
          for c in ("Claim", "Evidence", "Sourcing")]
PLAN = {
    "prerequisites": ["Lesson 00", "Filtering a table with a condition"],
    "misconceptions": [{"misconception": "Recognition and relations began together.",
                        "correction": "Recognition came in 1826, relations in 1827 [hsg-rdcr-peru]."}],
    "plan_50": [{"minutes": 10, "activity": "Open the lesson"}, {"minutes": 30, "activity": "Read the telegram"},
                {"minutes": 10, "activity": "Discuss"}],
    "plan_90": [{"minutes": 20, "activity": "Open the lesson"}, {"minutes": 50, "activity": "Read the telegram"},
                {"minutes": 20, "activity": "Write the argument"}],
    "differentiation": {"no_code": "Run the cells; answer exercise 1 on paper.", "stretch": "Find a second telegram."},
    "written_task": {"prompt": "Was the embassy ever empty? Use two sources.", "rubric": RUBRIC},
}


def md(text, **meta):
    return nbformat.v4.new_markdown_cell(text, metadata=meta)


def code(text, *tags, outputs=()):
    cell = nbformat.v4.new_code_cell(text, metadata={"tags": list(tags)} if tags else {})
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=t) for t in outputs]
    return cell


def meta(title, **fields):
    return {"title": title, "overview": f"Follow the U.S. envoy to Lima. Then read about {title}.",
            "questions": ["Q?"], "objectives": ["O1", "O2", "O3"], "keypoints": ["K1", "K2", "K3"],
            "teaching_minutes": 20, "exercise_minutes": 15, **fields}


def write(folder: Path, name: str, lesson_meta: dict, cells: list) -> Path:
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"lesson": lesson_meta})
    path = folder / name
    nbformat.write(nb, path)
    return path


@pytest.fixture
def course(tmp_path):
    """Three fixture lessons: 00 (no plan yet), 01 (complete), 02 (half-written: the generator must cope)."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    write(folder, "00_begin.ipynb", meta("Begin"), [
        md("## Welcome"), md("### Exercise 1 · Data skills · Starter · 2 min\nHow many rows?"),
        code("answer = ...\ncheck(\"intro.q1\", answer)", "exercise"),
        code("answer = 3\ncheck(\"intro.q1\", answer)", "solution")])
    write(folder, "01_first.ipynb", meta("First contacts", **PLAN), [
        md("## A telegram\n\n💬 **Discuss.** Why would an embassy\nstand empty?\n\nMore prose."),
        code(f'peru_us.read_document("{DOC}")'),
        md("### Exercise 1 · Sourcing · Core · 3 min\nWho sent the telegram?\n\n- a) The Peruvian junta.\n"
           "- b) The U.S. Embassy in Lima,\n  to the Department of State.\n- c) A newspaper.\n- d) The OAS."),
        code('answer = ...\ncheck("first.q1", answer)', "exercise"),
        code('answer = "b"\ncheck("first.q1", answer)', "solution"),
        md(f"### Exercise 2 · Corroboration · Stretch · 4 min\nIn {DOC}, how many days was the embassy empty?"),
        code('answer = ...\ncheck("first.q2", answer)', "exercise"),
        code('answer = 203\ncheck("first.q2", answer)', "solution"),
        md("## Later\n\n💬 **Discuss.** What do the sources not tell us?"),
        md("### Written task · Argument · 10 min\nAnswer the lesson's question in a paragraph."),
        md("", tags=["written-answer"])])
    write(folder, "02_second.ipynb", meta("Second", plan_50=[{"minutes": 45, "activity": "All of it"}]), [
        md("## Only prose\n\n*Think about it:* is this finished?"),
        md("### Exercise 1 · Primary source · 3 min\nA heading in the old form."),
        code('answer = ...\ncheck("second.q1", answer)', "exercise")])
    return folder


SHEET = {
    "intro.q1": {"id": "intro.q1", "lesson": "00_intro", "kind": "number", "prompt": "How many rows?",
                 "answer": "3", "accepted": [], "explain": "Three rows: one per year."},
    "first.q1": {"id": "first.q1", "lesson": "01_first", "kind": "choice", "prompt": "Who sent it?",
                 "answer": "b", "accepted": [], "explain": "The dateline says Lima."},
    "first.q2": {"id": "first.q2", "lesson": "01_first", "kind": "number", "prompt": "How many days?",
                 "answer": "203 days (202 to 204 accepted)", "accepted": [], "explain": ""},
}


def models(folder):
    return [read_lesson(p, frozenset(DOCUMENTS)) for p in sorted(folder.glob("[0-9][0-9]_*.ipynb"))]


@pytest.mark.parametrize("module", [lesson_model, answer_search, teacher_kit], ids=lambda m: m.__name__)
def test_the_docstring_examples_hold(module):
    """tools/ is not among the doctest paths: its examples are run here."""
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 1 and result.failed == 0


# --------------------------------------------------------------------------- reading a lesson
def test_the_reader_finds_exercises_options_documents_prompts_and_the_written_task(course):
    first = read_lesson(course / "01_first.ipynb", frozenset(DOCUMENTS))
    assert [(e.number, e.skill, e.level, e.minutes, e.questions) for e in first.exercises] == [
        (1, "Sourcing", "Core", 3, ["first.q1"]), (2, "Corroboration", "Stretch", 4, ["first.q2"])]
    assert first.exercises[0].options["b"] == "The U.S. Embassy in Lima, to the Department of State."
    assert first.exercises[1].documents == [DOC] and first.documents == [DOC]
    assert [d.text for d in first.discussions] == ["Why would an embassy\nstand empty?", "What do the sources not tell us?"]
    assert first.written_task.minutes == 10 and first.written_task.has_answer_cell
    assert first.skills() == ["Sourcing", "Corroboration"]
    old = read_lesson(course / "02_second.ipynb", frozenset())
    assert old.exercises[0].skill == "Primary source" and old.exercises[0].format_problems()
    assert [d.text for d in old.old_prompts] == ["is this finished?"]


def test_plan_problems_say_what_is_wrong():
    assert plan_problems(PLAN) == {}
    bad = {**PLAN, "plan_90": [{"minutes": 60, "activity": "x"}, {"minutes": "30", "activity": "y"}],
           "written_task": {"prompt": "p", "rubric": RUBRIC[:2]}, "differentiation": {"no_code": "x"}}
    problems = plan_problems(bad)
    assert problems["plan_90"] == ["item 2 has no 'minutes' (a whole number above 0); got '30'",
                                   "its minutes add up to 60, not 90"]
    assert "at least 3 criteria" in problems["written_task"][0]
    assert problems["differentiation"][0].startswith("has no 'stretch'")
    assert "written_task" not in plan_problems({k: v for k, v in PLAN.items() if k != "written_task"}, first_lesson=True)


# --------------------------------------------------------------------------- sentences and the index
@pytest.mark.parametrize("text, first", [
    ("Follow four decades of U.S. trade with Peru. Then compare.", "Follow four decades of U.S. trade with Peru."),
    ("Read what Dr. Smith and St. Louis officials wrote. Then decide.", "Read what Dr. Smith and St. Louis officials wrote."),
    ("Use a table, e.g. the visits. Then a chart.", "Use a table, e.g. the visits."),
    ("Meet John F. Kennedy and J. R. R. Tolkien in 1961. Then go on.", "Meet John F. Kennedy and J. R. R. Tolkien in 1961."),
    ("Ask whether relations were closer in the 2010s? Yes.", "Ask whether relations were closer in the 2010s?"),
    ('He said "no." Then he left.', 'He said "no."'),
    ("Compare 1.5 million with 2.9 billion (approx. 3 per cent). Next.",
     "Compare 1.5 million with 2.9 billion (approx. 3 per cent)."),
    ("No full stop at all", "No full stop at all."),
])
def test_first_sentence_knows_abbreviations_and_initials(text, first):
    assert first_sentence(text) == first


def test_sentences_split_where_a_new_sentence_starts():
    assert sentences("In 1826 the U.S. recognized Peru. In 1827 relations began. Gen. Velasco took power in 1968.") == [
        "In 1826 the U.S. recognized Peru.", "In 1827 relations began.", "Gen. Velasco took power in 1968."]


def test_the_index_shows_a_whole_first_sentence_skills_and_documents(course):
    lessons = models(course)
    paths = [m.path for m in lessons]
    table = index_table(paths, [m.meta for m in lessons], lessons)
    row = next(line for line in table.splitlines() if line.startswith("| 01 "))
    assert "| Follow the U.S. envoy to Lima. |" in row
    assert "| Sourcing, Corroboration | 1 |" in row
    assert "../teacher/README.md" in table
    overview = teacher_overview(paths, [m.meta for m in lessons], lessons)
    assert "**Skills practised:** Sourcing, Corroboration" in overview and f"`{DOC}`" in overview
    assert "- Exercise 2 · Corroboration · Stretch: `first.q2`" in overview


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem)
def test_the_real_overviews_are_not_cut_inside_a_sentence(path):
    """The index's "What you will do" is a whole sentence: not cut after "U.S." or an initial."""
    overview = json.loads(path.read_text(encoding="utf-8"))["metadata"]["lesson"]["overview"]
    first = first_sentence(overview)
    rest = overview[len(first):].strip() if overview.startswith(first) else overview
    assert not first.endswith(("U.S.", " Dr.", " St.", " e.g.")), first
    assert rest == "" or rest[0].isupper() or rest[0].isdigit(), (first, rest[:40])


def test_citations_shown_to_students_carry_no_licence_label():
    from peru_us import cite
    from peru_us.citations import LICENCE_LABELS

    ids = ["hsg-rdcr-peru", "seed-article", "frus1941v07-d412"]
    plain, labelled = cite(ids), cite(ids, licence=True)
    assert not any(label in plain for label in LICENCE_LABELS.values())
    assert labelled.count(" [") >= len(ids) and plain.splitlines() == [line.rsplit(" [", 1)[0] for line in labelled.splitlines()]


# --------------------------------------------------------------------------- the kit
def test_the_guide_holds_plans_prompts_misconceptions_differentiation_and_rubric(course):
    files = teacher_kit.kit_files(models(course), SHEET, DOCUMENTS)
    guide = files["teacher/guide/01_first.md"]
    assert "| 0–10 min | Open the lesson |" in guide and "| 40–50 min | Discuss |" in guide
    assert "| 70–90 min | Write the argument |" in guide
    assert "1. Why would an embassy stand empty? *(A telegram)*" in guide
    assert "2. What do the sources not tell us? *(Later)*" in guide
    assert "- Filtering a table with a condition" in guide
    assert "**Recognition and relations began together.** Recognition came in 1826" in guide
    assert "**For students who will not write code.** Run the cells; answer exercise 1 on paper." in guide
    assert "| Criterion | 4 | 3 | 2 | 1 |" in guide and "| Evidence | Evidence strong | Evidence clear |" in guide
    assert "**Written task · Argument · 10 min.** Was the embassy ever empty?" in guide
    assert f"- `{DOC}` · 1962-07-30 · Telegram From the Embassy in Lima" in guide
    assert "| 2 | Corroboration | Stretch | 4 | `first.q2` | `frus1962v99-d7` |" in guide
    assert "Not yet written" not in guide and "incomplete" not in guide


def test_an_unfinished_lesson_gets_a_guide_that_says_what_is_missing(course):
    files = teacher_kit.kit_files(models(course), SHEET, DOCUMENTS)
    guide = files["teacher/guide/02_second.md"]
    for field in ("prerequisites", "misconceptions", "plan_90", "differentiation", "written_task"):
        assert f"*Not yet written:* `metadata.lesson.{field}`: missing" in guide, field
    assert "`metadata.lesson.plan_50`: its minutes add up to 45, not 50" in guide
    assert "- Is this finished? *(Only prose)*" in guide  # the old-style prompt is shown, flagged
    assert "- 02 · `prerequisites`" in files["teacher/README.md"]
    assert "written_task" not in files["teacher/guide/00_begin.md"].split("incomplete")[1].split("\n")[0]


def test_the_answer_sheet_gives_every_value_and_explanation(course):
    files = teacher_kit.kit_files(models(course), SHEET, DOCUMENTS)
    sheet = files["teacher/answers/01_first.md"]
    assert "**Exercise 1 · Sourcing · Core** · 3 min · `first.q1`" in sheet
    assert "- **Answer:** b) The U.S. Embassy in Lima, to the Department of State." in sheet
    assert "- **Why:** The dateline says Lima." in sheet
    assert "- **Answer:** 203 days (202 to 204 accepted)" in sheet
    assert "- **Why:** ⚠ not yet written (`explain` of `first.q2` in tools/answers/01_first.json)" in sheet
    assert "**Written task** · not auto-checked" in sheet
    assert "⚠ `second.q1` is not in any file of tools/answers/" in files["teacher/answers/02_second.md"]


def test_sync_writes_removes_left_overs_and_is_idempotent(course, tmp_path):
    root = tmp_path / "repo"
    files = teacher_kit.kit_files(models(course), SHEET, DOCUMENTS)
    assert sorted(teacher_kit.sync(files, root)) == sorted(files)
    assert teacher_kit.sync(files, root) == []
    (root / "teacher/guide/05_old_name.md").write_text("a lesson that was renumbered\n")
    assert teacher_kit.sync(files, root, check=True) == ["teacher/guide/05_old_name.md (left over: no such lesson)"]
    assert (root / "teacher/guide/05_old_name.md").exists()  # --check writes nothing
    teacher_kit.sync(files, root)
    assert not (root / "teacher/guide/05_old_name.md").exists()
    (root / "teacher/README.md").write_text("edited by hand\n")
    assert teacher_kit.sync(files, root, check=True) == ["teacher/README.md"]


# --------------------------------------------------------------------------- the give-away rule
def test_find_answer_matches_whole_numbers_names_and_dates_only():
    number = {"kind": "number", "answer": 12, "decimals": 0}
    assert find_answer(number, "in 2012, v12, 12.5 and on 2012-12-01") == []
    assert find_answer(number, "12 visits, 12.0 in all") == ["12", "12.0"]
    names = {"kind": "text", "answer": "Alan García Pérez", "variants": ["García"]}
    assert find_answer(names, "President ALAN GARCIA PEREZ") == ["alan garcia perez"]
    assert find_answer(names, "Garcías") == []
    assert find_answer({"kind": "date", "answer": "1984-09-27"}, "met on 27 September 1984") == ["27 september 1984"]
    assert give_aways({**number, "prompt": "visits from 2010 to 2019, 12 at most"}, "12 visits") == []


def handout(later_line: str, right_after: str = "no numbers here") -> dict:
    nb = nbformat.v4.new_notebook(cells=[
        code("print(table)", outputs=["2010s 12 (before the exercise: the material)\n"]),
        md("### Exercise 1 · Data skills · Core · 3 min\nHow many visits started in 2010-2019?"),
        code('answer = ...\ncheck("x.q1", answer)', "exercise"),
        code("print(summary)", outputs=[right_after + "\n"]),
        md("## Next part"),
        code("print(comparison)", outputs=[later_line + "\n"])])
    return json.loads(json.dumps(nb))


@pytest.mark.parametrize("later, right_after, leaks", [
    ("decade visits\n1980s 1\n2010s 12", "no numbers here", ["shows it later, in a line about 2010"]),
    ("12 rows in the table", "no numbers here", []),                      # a later 12 about something else
    ("nothing", "there were 12 of them", ["right after the exercise"]),
    ("nothing", "no numbers here", []),
])
def test_handout_leaks_follow_the_documented_rule(later, right_after, leaks):
    spec = {"kind": "number", "answer": 12, "decimals": 0, "prompt": "How many visits started in 2010-2019?"}
    found = handout_leaks(handout(later, right_after), {"x.q1": spec})
    assert len(found) == len(leaks) and all(how in f for how, f in zip(leaks, found)), found


# --------------------------------------------------------------------------- the real lessons
def test_the_generator_copes_with_the_real_lessons_and_names_what_is_missing():
    lessons = teacher_kit.lessons_in(NOTEBOOKS)
    files = teacher_kit.kit_files(lessons, teacher_kit.answer_rows(), teacher_kit.document_table())
    for lesson in lessons:
        guide = files[teacher_kit.guide_path(lesson)]
        for field in plan_problems(lesson.meta, first_lesson=lesson is lessons[0]):
            assert f"`metadata.lesson.{field}`" in guide, (lesson.stem, field)
        assert all(f"`{q}`" in files[teacher_kit.answers_path(lesson)] for q in lesson.questions)


def test_the_committed_kit_is_up_to_date():
    lessons = teacher_kit.lessons_in(NOTEBOOKS)
    files = teacher_kit.kit_files(lessons, teacher_kit.answer_rows(), teacher_kit.document_table())
    stale = teacher_kit.sync(files, ROOT, check=True)
    assert not stale, f"out of date: {', '.join(stale)}; run python3 course.py nav"


def test_a_document_shown_just_before_an_exercise_counts_for_it(tmp_path):
    """The document read in the cells between the last heading and an exercise's heading is the one
    the exercise asks about; one read before an earlier heading is not."""
    key = sorted(DOCUMENTS)[0]
    path = write(tmp_path, "01_docs.ipynb", meta("Docs"), [
        md("## A document"), code(f'peru_us.read_document("{key}")'),
        md("### Exercise 1 · Close reading · Core · 2 min\nWhat does it say?"),
        code('answer = ...\ncheck("demo.q1", answer)', "exercise"),
        md("### Exercise 2 · Sourcing · Core · 2 min\nWho wrote the letter?"),
        code('answer = ...\ncheck("demo.q2", answer)', "exercise")])
    first, second = read_lesson(path, frozenset(DOCUMENTS)).exercises
    assert first.reads_document and first.documents == [key]
    assert not second.reads_document and second.documents == []
