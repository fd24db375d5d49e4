"""Keep the generated parts of every lesson in step with the lesson metadata (idempotent).

Each notebook notebooks/NN_*.ipynb carries its plan in ``metadata.lesson``:
title, overview, questions, objectives, keypoints, teaching_minutes, exercise_minutes.
From it (and the question bank) this script writes, in every lesson:

* ``nav-top`` / ``nav-bottom``: previous · index · next links;
* ``lesson-header``: title, overview, timing, questions and objectives;
* ``keypoints``: the key points, at the end;
* ``sources``: full citations for every ``[source-id]`` the lesson's text mentions;
* in lesson 00 only, ``lesson-index``: the table of lessons;

and notebooks/INDEX.md, the teacher's overview, and the teacher's kit in teacher/ (see
tools/teacher_kit.py: a guide and an answer sheet per lesson). The index shows, per lesson, the first
sentence of its overview, the skills its exercises practise (from their headings) and the documents
it reads; tools/lesson_model.py reads those from the cells. Solution cells (tag ``solution``) get
their input and output collapsed. Running it twice changes nothing. A lesson's plan that lacks the
fields the teacher's guide needs is reported ("note: ..."), not refused.

    python tools/lessons.py            # update the notebooks and INDEX.md
    python tools/lessons.py --check    # exit 1 if anything is out of date (the tests run this)
    python tools/lessons.py --execute 01_cold_war.ipynb   # also re-run these and store outputs
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(ROOT))

from tools.lesson_model import GENERATED, Lesson, first_sentence, known_document_keys, read_lesson  # noqa: E402
from tools.teacher_kit import KIT  # noqa: E402

CITATION = re.compile(r"\[([a-z0-9]+(?:-[a-z0-9]+)+)\](?!\()")
REQUIRED = ("title", "overview", "questions", "objectives", "keypoints", "teaching_minutes", "exercise_minutes")


def lesson_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def read(path: Path) -> dict:
    """The notebook as plain dicts, with every cell's source as one string (as nbformat reads it)."""
    import nbformat

    return json.loads(json.dumps(nbformat.read(path, as_version=4)))


def write(path: Path, nb: dict) -> None:
    """Write in nbformat's own layout, so that executing a notebook does not reformat it."""
    import nbformat

    nbformat.write(nbformat.from_dict(nb), path)


def meta_of(nb: dict, path: Path) -> dict:
    meta = nb.get("metadata", {}).get("lesson")
    missing = [k for k in REQUIRED if not meta or k not in meta]
    if missing:
        raise SystemExit(f"{path.name}: metadata.lesson lacks {', '.join(missing)}")
    return meta


def number(path: Path) -> str:
    return path.name[:2]


def md_cell(kind: str, text: str) -> dict:
    return {"cell_type": "markdown", "id": kind, "metadata": {GENERATED: kind, "tags": [kind]}, "source": text}


# --------------------------------------------------------------------------- rendering
def nav(paths: list[Path], i: int, metas: list[dict]) -> str:
    link = lambda j: f"[{number(paths[j])} · {metas[j]['title']}]({paths[j].name})"  # noqa: E731
    parts = [f"← {link(i - 1)}" if i > 0 else "← (this is the first lesson)",
             f"[Index]({paths[0].name}#The-lessons)",
             f"{link(i + 1)} →" if i + 1 < len(paths) else "(this is the last lesson) →"]
    return "<small>" + " · ".join(parts) + "</small>"


def header(path: Path, meta: dict) -> str:
    lines = [f"# {number(path)} · {meta['title']}", "", meta["overview"], "",
             f"⏱ **Teaching:** {meta['teaching_minutes']} min · **Exercises:** {meta['exercise_minutes']} min", "",
             "## Questions", *[f"- {q}" for q in meta["questions"]], "",
             "## Learning objectives", "By the end of this lesson you can:", *[f"- {o}" for o in meta["objectives"]]]
    return "\n".join(lines)


def keypoints(meta: dict) -> str:
    return "\n".join(["## Key points", *[f"- {k}" for k in meta["keypoints"]]])


def cited_ids(nb: dict) -> list[str]:
    ids = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and GENERATED not in cell["metadata"]:
            ids += CITATION.findall("".join(cell["source"]))
    return sorted(set(ids))


def sources_cell(nb: dict) -> str:
    from peru_us import cite

    ids = cited_ids(nb)
    if not ids:
        return "## Sources cited in this lesson\nThis lesson cites no sources in its text."
    lines = ["## Sources cited in this lesson",
             "Each short id in square brackets in the text refers to one of these "
             "(all sources of the course: `peru_us.load_sources()`).", ""]
    lines += [f"- **[{sid}]** {cite(sid)}" for sid in ids]
    return "\n".join(lines)


def index_table(paths: list[Path], metas: list[dict], models: list[Lesson]) -> str:
    """The table of lessons in lesson 00: what each does (the first sentence of its overview), the
    skills its exercises practise (from their headings), how many documents it reads, its timing."""
    rows = ["## The lessons", "",
            "| # | Lesson | What you will do | Skills you practise | Documents you read | Teaching | Exercises |",
            "|---|---|---|---|---|---|---|"]
    for path, meta, model in zip(paths, metas, models):
        rows.append(f"| {number(path)} | [{meta['title']}]({path.name}) | {cell_text(first_sentence(meta['overview']))} "
                    f"| {cell_text(', '.join(model.skills())) or '—'} | {len(model.documents) or '—'} "
                    f"| {meta['teaching_minutes']} min | {meta['exercise_minutes']} min |")
    total_t = sum(m["teaching_minutes"] for m in metas)
    total_e = sum(m["exercise_minutes"] for m in metas)
    rows += ["", f"The whole course: about {total_t} minutes of teaching and {total_e} minutes of exercises.", "",
             f"For teachers: lesson plans, discussion questions, rubrics and answer sheets are in the "
             f"[teacher's kit](../{KIT}/README.md)."]
    return "\n".join(rows)


def cell_text(text: str) -> str:
    """Text for one cell of a markdown table: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


# --------------------------------------------------------------------------- updating
def update(nb: dict, path: Path, paths: list[Path], metas: list[dict], models: list[Lesson]) -> dict:
    i = paths.index(path)
    meta = metas[i]
    kept = []
    index_at = None
    for cell in nb["cells"]:
        kind = cell.get("metadata", {}).get(GENERATED)
        if kind == "lesson-index":
            index_at = len(kept)
        if kind:
            continue
        if cell["cell_type"] == "code" and "solution" in cell["metadata"].get("tags", []):
            # fold the worked answer and its output: a visible "correct!" line would give it away
            cell["metadata"].setdefault("jupyter", {}).update(source_hidden=True, outputs_hidden=True)
        kept.append(cell)
    if i == 0:
        index = md_cell("lesson-index", index_table(paths, metas, models))
        kept.insert(index_at if index_at is not None else len(kept), index)
    body = {"cells": kept}
    cells = [md_cell("nav-top", nav(paths, i, metas)), md_cell("lesson-header", header(path, meta)), *kept,
             md_cell("keypoints", keypoints(meta)), md_cell("sources", sources_cell(body)),
             md_cell("nav-bottom", nav(paths, i, metas))]
    return {**nb, "cells": cells}


def teacher_overview(paths: list[Path], metas: list[dict], models: list[Lesson]) -> str:
    from peru_us.exercises import question_bank

    bank = question_bank()
    lines = ["# Teacher's overview", "",
             "Generated by `python3 course.py nav` from each lesson's metadata; do not edit by hand. "
             f"Plans, discussion questions, rubrics and answer sheets: the [teacher's kit](../{KIT}/README.md).", ""]
    for path, meta, model in zip(paths, metas, models):
        lines += [f"## {number(path)} · {meta['title']}", "", meta["overview"], "",
                  f"Teaching {meta['teaching_minutes']} min · exercises {meta['exercise_minutes']} min · "
                  f"[open the notebook]({path.name}) · [teacher's guide](../{KIT}/guide/{path.stem}.md) · "
                  f"[answer sheet](../{KIT}/answers/{path.stem}.md)", "",
                  "**Objectives**", *[f"- {o}" for o in meta["objectives"]], "",
                  "**Key points**", *[f"- {k}" for k in meta["keypoints"]], ""]
        if model.skills():
            lines += ["**Skills practised:** " + ", ".join(model.skills()), ""]
        if model.documents:
            lines += ["**Documents read:** " + ", ".join(f"`{d}`" for d in model.documents), ""]
        if model.explorers:
            lines += ["**Explorers:** " + ", ".join(f"`{e}()`" for e in model.explorers), ""]
        if model.exercises:
            lines += ["**Exercises**"]
            for exercise in model.exercises:
                for qid in exercise.questions or [None]:
                    prompt = f"`{qid}`: {bank.get(qid, {}).get('prompt', '')}" if qid else "not auto-checked"
                    lines.append(f"- {exercise.label}: {prompt}")
            lines.append("")
    return "\n".join(lines)


def refresh(check: bool, only: str | None = None) -> list[str]:
    """Bring the generated cells, INDEX.md and the teacher's kit up to date (or, with `check`, only
    say which are not); `only` writes only that notebook (the others are still read, for links)."""
    from tools import teacher_kit

    paths = lesson_paths()
    notebooks = [read(p) for p in paths]
    metas = [meta_of(nb, p) for nb, p in zip(notebooks, paths)]
    keys = known_document_keys()
    models = [read_lesson(p, keys, nb) for p, nb in zip(paths, notebooks)]
    stale = []
    for path, nb in zip(paths, notebooks):
        updated = update(json.loads(json.dumps(nb)), path, paths, metas, models)
        if updated != nb:
            stale.append(path.name)
            if not check and (only is None or path.name == Path(only).name):
                write(path, updated)
    overview = teacher_overview(paths, metas, models)
    index_md = NOTEBOOKS / "INDEX.md"
    if not index_md.exists() or index_md.read_text(encoding="utf-8") != overview + "\n":
        stale.append(index_md.name)
        if not check and only is None:
            index_md.write_text(overview + "\n", encoding="utf-8")
    kit = teacher_kit.kit_files(models, teacher_kit.answer_rows(), teacher_kit.document_table())
    stale += teacher_kit.sync(kit, ROOT, check=check or only is not None)
    return stale


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def merge_streams(outputs: list[dict]) -> list[dict]:
    """Join consecutive stream outputs of the same name: how the kernel happened to flush its
    stdout must not change the stored notebook.

    >>> merge_streams([{"output_type": "stream", "name": "stdout", "text": "a"},
    ...                {"output_type": "stream", "name": "stdout", "text": "b\\n"},
    ...                {"output_type": "stream", "name": "stderr", "text": "c"},
    ...                {"output_type": "stream", "name": "stdout", "text": "d"}])  # doctest: +NORMALIZE_WHITESPACE
    [{'output_type': 'stream', 'name': 'stdout', 'text': 'ab\\n'},
     {'output_type': 'stream', 'name': 'stderr', 'text': 'c'},
     {'output_type': 'stream', 'name': 'stdout', 'text': 'd'}]
    """
    merged: list[dict] = []
    for output in outputs:
        last = merged[-1] if merged else None
        if (last is not None and output.get("output_type") == "stream" == last.get("output_type")
                and output.get("name") == last.get("name")):
            last["text"] = "".join(last["text"]) + "".join(output["text"])
        else:
            merged.append(output)
    return merged


def stable_widget_ids(nb: dict, salt: str) -> dict:
    """Rename the widget models, whose ids are random, to ids derived from `salt` and their order.

    The order is that of the saved widget state, i.e. the order in which the kernel created the
    widgets; the rename reaches every reference (``IPY_MODEL_<id>``, the views in the outputs).

    >>> nb = {"metadata": {"widgets": {WIDGET_STATE: {"state": {"f00d": {"state": {"layout": "IPY_MODEL_beef"}},
    ...                                                          "beef": {"state": {}}}}}},
    ...       "cells": [{"outputs": [{"data": {"application/vnd.jupyter.widget-view+json": {"model_id": "f00d"}}}]}]}
    >>> renamed = stable_widget_ids(nb, "lesson")
    >>> first, second = renamed["metadata"]["widgets"][WIDGET_STATE]["state"]
    >>> renamed["metadata"]["widgets"][WIDGET_STATE]["state"][first]["state"]["layout"] == "IPY_MODEL_" + second
    True
    >>> renamed["cells"][0]["outputs"][0]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] == first
    True
    >>> stable_widget_ids(nb, "lesson") == renamed and first != "f00d"
    True
    >>> stable_widget_ids(renamed, "lesson") == renamed  # already stable (whatever the order of the keys)
    True
    """
    import hashlib

    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    stable = [hashlib.sha256(f"{salt}:{i}".encode()).hexdigest()[:32] for i in range(len(state))]
    if set(state) == set(stable):  # a stored notebook: its state is sorted by id, not in creation order
        return nb
    new_id = dict(zip(state, stable))

    def rename(value):
        if isinstance(value, dict):
            return type(value)((new_id.get(k, k), rename(v)) for k, v in value.items())
        if isinstance(value, list):
            return [rename(v) for v in value]
        if isinstance(value, str):
            if value in new_id:
                return new_id[value]
            if value.startswith("IPY_MODEL_") and value[10:] in new_id:
                return "IPY_MODEL_" + new_id[value[10:]]
        return value

    return rename(nb)


def stable_outputs(nb: dict, salt: str) -> dict:
    """The executed notebook with nothing that changes from run to run: streams merged, no
    per-cell timing metadata, widget ids derived from `salt` (the notebook's name)."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["metadata"].pop("execution", None)
            cell["outputs"] = merge_streams(cell["outputs"])
    return stable_widget_ids(nb, salt)


def execute(names: list[str], folder: Path = NOTEBOOKS) -> None:
    """Run notebooks (in `folder`) top to bottom in a fresh kernel and store their outputs, the same on every run."""
    import nbformat
    from nbclient import NotebookClient

    for name in names:
        path = folder / Path(name).name
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=180, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(folder)}}).execute()
        nbformat.write(nbformat.from_dict(stable_outputs(nb, path.stem)), path)
        print(f"executed {path.name}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Refresh the generated cells of the lessons.")
    parser.add_argument("--check", action="store_true", help="only report what is out of date (exit 1 if any)")
    parser.add_argument("--execute", nargs="*", metavar="NOTEBOOK", help="re-run these notebooks after updating")
    parser.add_argument("--only", metavar="NOTEBOOK", help="write only this notebook (others are read for links)")
    args = parser.parse_args()
    stale = refresh(args.check, args.only)
    from tools.teacher_kit import lessons_in, missing_fields

    for line in missing_fields(lessons_in(NOTEBOOKS)):
        print("note:", line)
    if args.check:
        if stale:
            print("out of date (run: python3 course.py nav):", ", ".join(stale))
            sys.exit(1)
        print("lessons are up to date")
        return
    print("updated:", ", ".join(stale) if stale else "nothing (already up to date)")
    if args.execute is not None:
        execute(args.execute or [p.name for p in lesson_paths()])


if __name__ == "__main__":
    main()
