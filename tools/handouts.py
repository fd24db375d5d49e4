"""Build the student handouts and the answer key from the lessons.

    python tools/handouts.py [--out build]

build/handouts/    every lesson without its solution cells, outputs and widget state cleared:
                   what students get. Every check() in it reports "not answered yet".
build/answer-key/  every lesson with its solution cells expanded and outputs kept, each solution
                   followed by a note with the answer's value and explanation: for teachers.

The handouts are made by nbconvert's own preprocessors (TagRemovePreprocessor removes the cells
tagged `solution`, ClearOutputPreprocessor clears outputs), so they are never edited by hand.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearMetadataPreprocessor, ClearOutputPreprocessor, TagRemovePreprocessor
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(ROOT))
from tools.lesson_model import CHECK_CALL  # noqa: E402

ANSWER_NOTE = "answer-note"  # tag of the markdown cell after each solution in the answer key
HANDOUT_NOTE = ("> **Student version.** The solution cells are not included. Run every cell from the top; "
                "each exercise's `check(...)` tells you whether your answer is right.")


def student_version(nb, keep_outputs: bool = False):
    """The notebook without solution cells, outputs or widget state (`keep_outputs`: with the
    other cells' outputs and the widget state, as the student edition of the site shows them)."""
    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = ("solution",)
    config.TagRemovePreprocessor.enabled = True
    config.ClearMetadataPreprocessor.preserve_nb_metadata_mask = {("kernelspec",), ("language_info",), ("lesson",)} | (
        {("widgets",)} if keep_outputs else set())
    config.ClearMetadataPreprocessor.preserve_cell_metadata_mask = {"tags", "peru_us_generated"}
    resources = {}
    clear = () if keep_outputs else (ClearOutputPreprocessor(config=config),)
    for preprocessor in (TagRemovePreprocessor(config=config), *clear, ClearMetadataPreprocessor(config=config)):
        nb, resources = preprocessor.preprocess(nb, resources)
    header = next((i for i, c in enumerate(nb.cells) if c.metadata.get("peru_us_generated") == "lesson-header"), 0)
    nb.cells.insert(header + 1, nbformat.v4.new_markdown_cell(HANDOUT_NOTE, metadata={"tags": ["handout-note"]}))
    return nb


def answer_key(nb, sheet: dict | None = None):
    """The notebook with every solution cell's input shown, each followed by a note with the
    answer (the option's text, for multiple choice) and its explanation, from tools/answers/.
    `sheet` (question id -> row of ``answer_sheet()``) defaults to the answer files'."""
    from tools.lesson_model import read_lesson
    from tools.teacher_kit import answer_lines, answer_rows

    sheet = answer_rows() if sheet is None else sheet
    options = {q: e.options for e in read_lesson(Path("lesson.ipynb"), frozenset(), nb=nb).exercises for q in e.questions}
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if "solution" in cell.metadata.get("tags", []):
            cell.metadata.setdefault("jupyter", {}).update(source_hidden=False, outputs_hidden=False)
            for qid in dict.fromkeys(CHECK_CALL.findall(cell.source)):
                note = "\n".join([f"**Answer key · `{qid}`**", "", *answer_lines(qid, sheet.get(qid), options.get(qid, {}))])
                cells.append(nbformat.v4.new_markdown_cell(note.rstrip(), id=f"answer-{qid.replace('.', '-')}",
                                                           metadata={"tags": [ANSWER_NOTE]}))
    nb.cells = cells
    return nb


def build(out: Path) -> dict[str, list[Path]]:
    made = {"handouts": [], "answer-key": []}
    for kind, transform in (("handouts", student_version), ("answer-key", answer_key)):
        folder = out / kind
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
            nb = transform(nbformat.read(path, as_version=4))
            target = folder / path.name
            nbformat.write(nb, target)
            made[kind].append(target)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build", help="output folder (default: build/)")
    args = parser.parse_args()
    for kind, paths in build(args.out).items():
        print(f"{kind:11s} {len(paths)} notebooks in {args.out / kind}")


if __name__ == "__main__":
    main()
