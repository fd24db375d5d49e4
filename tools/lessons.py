"""Keep the generated parts of every lesson in step with the lesson metadata (idempotent).

Each notebook notebooks/NN_*.ipynb carries its plan in ``metadata.lesson``:
title, overview, questions, objectives, keypoints, teaching_minutes, exercise_minutes.
From it (and the question bank) this script writes, in every lesson:

* ``nav-top`` / ``nav-bottom``: previous · index · next links;
* ``lesson-header``: title, overview, timing, questions and objectives;
* ``keypoints``: the key points, at the end;
* ``sources``: full citations for every ``[source-id]`` the lesson's text mentions;
* in lesson 00 only, ``lesson-index``: the table of lessons;

and notebooks/INDEX.md, the teacher's overview. Solution cells (tag ``solution``) get their
input and output collapsed. Running it twice changes nothing.

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

GENERATED = "peru_us_generated"
CITATION = re.compile(r"\[([a-z0-9]+(?:-[a-z0-9]+)+)\](?!\()")
EXPLORER_CALL = re.compile(r"\b([a-z_]+_explorer)\(")
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
             "### Questions", *[f"- {q}" for q in meta["questions"]], "",
             "### Learning objectives", "By the end of this lesson you can:", *[f"- {o}" for o in meta["objectives"]]]
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


def index_table(paths: list[Path], metas: list[dict]) -> str:
    rows = ["## The lessons", "", "| # | Lesson | What you will do | Teaching | Exercises |", "|---|---|---|---|---|"]
    for path, meta in zip(paths, metas):
        rows.append(f"| {number(path)} | [{meta['title']}]({path.name}) | {meta['overview'].split('. ')[0].rstrip('.')}. "
                    f"| {meta['teaching_minutes']} min | {meta['exercise_minutes']} min |")
    total_t = sum(m["teaching_minutes"] for m in metas)
    total_e = sum(m["exercise_minutes"] for m in metas)
    rows += ["", f"The whole course: about {total_t} minutes of teaching and {total_e} minutes of exercises."]
    return "\n".join(rows)


# --------------------------------------------------------------------------- updating
def update(nb: dict, path: Path, paths: list[Path], metas: list[dict]) -> dict:
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
        index = md_cell("lesson-index", index_table(paths, metas))
        kept.insert(index_at if index_at is not None else len(kept), index)
    body = {"cells": kept}
    cells = [md_cell("nav-top", nav(paths, i, metas)), md_cell("lesson-header", header(path, meta)), *kept,
             md_cell("keypoints", keypoints(meta)), md_cell("sources", sources_cell(body)),
             md_cell("nav-bottom", nav(paths, i, metas))]
    return {**nb, "cells": cells}


def teacher_overview(paths: list[Path], notebooks: list[dict], metas: list[dict]) -> str:
    from peru_us.exercises import question_bank

    bank = question_bank()
    lines = ["# Teacher's overview", "",
             "Generated by `python3 course.py nav` from each lesson's metadata; do not edit by hand.", ""]
    for path, nb, meta in zip(paths, notebooks, metas):
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        explorers = sorted(set(EXPLORER_CALL.findall(code)))
        exercises = sorted(set(re.findall(r'check\("([a-z0-9_]+\.q[0-9]+)"', code)))
        lines += [f"## {number(path)} · {meta['title']}", "", meta["overview"], "",
                  f"Teaching {meta['teaching_minutes']} min · exercises {meta['exercise_minutes']} min · "
                  f"[open the notebook]({path.name})", "", "**Objectives**", *[f"- {o}" for o in meta["objectives"]], "",
                  "**Key points**", *[f"- {k}" for k in meta["keypoints"]], ""]
        if explorers:
            lines += ["**Explorers:** " + ", ".join(f"`{e}()`" for e in explorers), ""]
        if exercises:
            lines += ["**Exercises**", *[f"- `{q}`: {bank.get(q, {}).get('prompt', '')}" for q in exercises], ""]
    return "\n".join(lines)


def refresh(check: bool, only: str | None = None) -> list[str]:
    paths = lesson_paths()
    notebooks = [read(p) for p in paths]
    metas = [meta_of(nb, p) for nb, p in zip(notebooks, paths)]
    stale = []
    updated_all = []
    for path, nb in zip(paths, notebooks):
        updated = update(json.loads(json.dumps(nb)), path, paths, metas)
        updated_all.append(updated)
        if updated != nb:
            stale.append(path.name)
            if not check and (only is None or path.name == Path(only).name):
                write(path, updated)
    overview = teacher_overview(paths, updated_all, metas)
    index_md = NOTEBOOKS / "INDEX.md"
    if not index_md.exists() or index_md.read_text(encoding="utf-8") != overview + "\n":
        stale.append(index_md.name)
        if not check and only is None:
            index_md.write_text(overview + "\n", encoding="utf-8")
    return stale


def execute(names: list[str]) -> None:
    """Run notebooks top to bottom in a fresh kernel and store their outputs."""
    import nbformat
    from nbclient import NotebookClient

    for name in names:
        path = NOTEBOOKS / Path(name).name
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
        nbformat.write(nb, path)
        print(f"executed {path.name}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Refresh the generated cells of the lessons.")
    parser.add_argument("--check", action="store_true", help="only report what is out of date (exit 1 if any)")
    parser.add_argument("--execute", nargs="*", metavar="NOTEBOOK", help="re-run these notebooks after updating")
    parser.add_argument("--only", metavar="NOTEBOOK", help="write only this notebook (others are read for links)")
    args = parser.parse_args()
    stale = refresh(args.check, args.only)
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
