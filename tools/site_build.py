"""Build the course's static site from the executed, committed lessons (nothing is re-executed).

    python tools/site_build.py              # build/site/ (teacher's edition), build/site-student/, PDFs in build/site/pdf/
    python tools/site_build.py --student    # only build/site-student/: no solutions, no teacher's kit
    python tools/site_build.py --no-pdf     # both editions, without printing the PDFs

The source tree is assembled in build/site-src[-student]/ (never committed): the lessons with their
stored outputs and widget state, notebooks/INDEX.md, the teacher's kit, and the reference pages of
tools/site_pages.py (data dictionary, bibliography, timeline, one page per document). In the lessons
every solution cell is folded ("Show the solution"); where a cell names a document of the library,
a link to its page follows the cell. The student edition takes the lessons as tools/handouts.py
makes them for students (solution cells removed), keeping the other cells' outputs.

Sphinx with MyST-NB and the Book theme renders it. The widget JavaScript comes from npm
(@jupyter-widgets/html-manager) at build time, into build/site-npm/, and is copied into the site,
so a page needs no network when it is read. tools/site_pdf.py prints the PDFs.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tools import site_pages  # noqa: E402
from tools.handouts import student_version  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
CONFIG = Path(__file__).resolve().parent / "site_config"
NPM_DIR = ROOT / "build" / "site-npm"
HTML_MANAGER = "@jupyter-widgets/html-manager@1.0.15"  # its dist/embed.js renders saved widget state, no require.js
DOC_KEY = re.compile(r"(?<![\w/\[(-])frus[0-9a-z]+(?:-[0-9a-z]+)*-d[0-9]+(?![\w-])")
SHOW, HIDE = "Show the solution", "Hide the solution"
# A folded cell's summary is named by its visible text ("Show the solution"), not by myst-nb's generic label
FOLD_LABEL = '<summary aria-label="Toggle hidden content">'
# The sidebar's toggles that open a section's list of pages have no accessible name (the Book theme's own markup)
UNNAMED_TOGGLE = '<summary><span class="toctree-toggle" role="presentation">'
NAMED_TOGGLE = '<summary aria-label="Show or hide the pages of this section"><span class="toctree-toggle" role="presentation">'


class SiteError(RuntimeError):
    """The site could not be built (the message says which step and why)."""


def out_dir(student: bool) -> Path:
    return ROOT / "build" / ("site-student" if student else "site")


def lessons() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


# --------------------------------------------------------------------------- the lessons
def link_documents(markdown: str, keys: set[str]) -> str:
    """Markdown with every document key of the library that is not already in a link made a link.

    >>> link_documents("Read `frus1864p4-d36` and frus1864p4-d99.", {"frus1864p4-d36"})
    'Read [`frus1864p4-d36`](../documents/frus1864p4-d36.md) and frus1864p4-d99.'
    """
    def swap(match: re.Match) -> str:
        key = match.group(0)
        return f"[`{key}`](../documents/{key}.md)" if key in keys else key

    out, last = [], 0
    for m in re.finditer(r"`(frus[0-9a-z-]+-d[0-9]+)`(?!\]\()", markdown):  # `key` in a code span
        out.append(DOC_KEY.sub(swap, markdown[last:m.start()]))
        out.append(swap(re.match(".*", m.group(1))) if m.group(1) in keys else m.group(0))
        last = m.end()
    out.append(DOC_KEY.sub(swap, markdown[last:]))
    return "".join(out)


def site_lesson(nb, keys: set[str], student: bool):
    """The lesson as the site shows it: solutions folded (teacher) or removed (student), links to the
    library after the cells that name a document, and links to the teacher's kit left out for students."""
    nb = student_version(nb, keep_outputs=True) if student else nb
    cells, headings = [], []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "markdown":
            cell.source = heading_order(cell.source, headings)
            cell.source = myst_anchors(link_documents(stray_tags(cell.source), keys))
            if student:
                cell.source = unlink_teacher(cell.source)
        cells.append(cell)
        if "solution" in tags:
            cell.metadata["tags"] = [*tags, "hide-cell"]
            cell.metadata["mystnb"] = {"code_prompt_show": SHOW, "code_prompt_hide": HIDE}
        elif cell.cell_type == "code" and "exercise" not in tags:
            named = [k for k in dict.fromkeys(DOC_KEY.findall(cell.source)) if k in keys]
            if named:
                links = ", ".join(f"[`{k}`](../documents/{k}.md)" for k in named)
                cells.append(nbformat.v4.new_markdown_cell(
                    f"<small>In the library: {links}</small>", metadata={"tags": ["site-document-links"]}))
    nb.cells = cells
    seen = set()
    for i, cell in enumerate(nb.cells):  # ids as nbformat allows them (ASCII letters, digits, - and _), unique
        wanted = re.sub(r"[^a-zA-Z0-9_-]", "-", cell.get("id") or f"site-{i}")
        cell.id = wanted if wanted not in seen else f"{wanted}-{i}"
        seen.add(cell.id)
    return nb


def heading_order(markdown: str, stack: list) -> str:
    """Markdown whose headings never skip a level (a page's headings must go down one level at a
    time); headings of one level stay at one level. `stack` holds (level written, level given) of
    the open headings, carried from cell to cell.

    >>> stack = [(1, 1)]
    >>> heading_order("### Questions\\n\\ntext\\n### Objectives\\n#### More", stack)
    '## Questions\\n\\ntext\\n## Objectives\\n### More'
    """
    out, fenced = [], False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        m = None if fenced else re.match(r"(#{1,6}) ", line)
        if m:
            written = len(m.group(1))
            while stack and stack[-1][0] >= written:
                stack.pop()
            given = min(written, (stack[-1][1] if stack else 0) + 1)
            stack.append((written, given))
            line = "#" * given + line[written:]
        out.append(line)
    return "\n".join(out)


def myst_anchors(markdown: str) -> str:
    """Links to a heading written the JupyterLab way (`#The-lessons`) written the way the site
    names its headings (`#the-lessons`).

    >>> myst_anchors("[the list](00_start_here.ipynb#The-lessons) and [up](#Key-points:-a-summary)")
    '[the list](00_start_here.ipynb#the-lessons) and [up](#key-points-a-summary)'
    """
    def slug(m: re.Match) -> str:
        return m.group(1) + "#" + re.sub(r"[^\w-]", "", m.group(2).lower()) + ")"

    return re.sub(r"(\]\((?:[^)#\s]*\.ipynb)?)#([^)\s]+)\)", slug, markdown)


def stray_tags(markdown: str) -> str:
    """Markdown in which a tag glued to a word (`load_<table>()`, never meant as HTML) is text,
    outside code spans.

    >>> stray_tags("peru_us.load_<table>() or `load_<table>()` in <small>code</small>")
    'peru_us.load_&lt;table&gt;() or `load_<table>()` in <small>code</small>'
    """
    parts = re.split(r"(`[^`]*`)", markdown)
    return "".join(p if p.startswith("`") else re.sub(r"(?<=\w)<(\w+)>", r"&lt;\1&gt;", p) for p in parts)


def unlink_teacher(markdown: str) -> str:
    """Markdown without its links to the teacher's kit (not in the student edition): a link that
    follows a " · " goes with it; any other keeps its text.

    >>> unlink_teacher("[open](00.ipynb) · [guide](../teacher/guide/00.md) · [answers](../teacher/answers/00.md)")
    '[open](00.ipynb)'
    >>> unlink_teacher("They are in the [teacher's kit](../teacher/README.md).")
    "They are in the teacher's kit."
    """
    link = r"\[([^\]]*)\]\((?:\.\./)*teacher/[^)]*\)"
    return re.sub(link, r"\1", re.sub(r" · " + link, "", markdown))


# --------------------------------------------------------------------------- the source tree
def home_page(student: bool) -> str:
    names = [p.stem for p in lessons()]
    teacher = [] if student else ["```{toctree}", ":caption: For teachers", ":maxdepth: 1", "", "teacher/README", "```", ""]
    edition = ("This is the student edition: the exercises are here, their solutions are not. "
               if student else
               "Each lesson's solutions are folded under *Show the solution*; the teacher's kit has the plans, rubrics, "
               "answer sheets and printable PDFs. ")
    return "\n".join([
        "# Peru and the United States, 1826 to today", "",
        "A course on the history of Peru–United States relations in numbered lessons, each a Jupyter notebook shown "
        "here with its charts, tables and explorers as they were when the lesson was last run. To work through a lesson "
        "yourself (change the explorers' controls, answer the exercises and check them), open it in JupyterLab. "
        + edition, "",
        "Every fact in the lessons carries its source: the [bibliography](data/sources.md) lists them all, the "
        "[data dictionary](data/dictionary.md) describes every table, the [timeline](timeline.md) lists the events, and "
        "the [documents](documents/index.md) are the primary sources themselves, whole.", "",
        "```{toctree}", ":caption: Lessons", ":maxdepth: 1", "", "notebooks/INDEX", *[f"notebooks/{n}" for n in names], "```", "",
        "```{toctree}", ":caption: Sources and data", ":maxdepth: 1", "",
        "timeline", "documents/index", "data/sources", "data/dictionary", "```", "", *teacher])


def teacher_readme(pdfs: list[tuple[str, str]]) -> str:
    text = (ROOT / "teacher" / "README.md").read_text(encoding="utf-8")
    rows = "\n".join(f'<li><a href="../pdf/{name}">{label}</a></li>' for name, label in pdfs)
    guides = [f"guide/{p.stem}" for p in lessons()]
    answers = [f"answers/{p.stem}" for p in lessons()]
    return "\n".join([text.rstrip(), "", "## Printable", "",
                      "The handouts (student versions of the lessons, without solutions), the answer sheets and the "
                      "teacher's guides as PDF, printed from this site's pages:", "", "<ul>", rows, "</ul>", "",
                      "```{toctree}", ":hidden:", ":caption: Guides", "", *guides, "```", "",
                      "```{toctree}", ":hidden:", ":caption: Answer sheets", "", *answers, "```", ""])


def source_files(student: bool) -> dict[str, bytes]:
    """Every file of the site's source tree: {path relative to it: content}."""
    from tools import site_pdf

    files = {str(p.relative_to(CONFIG)): p.read_bytes() for p in CONFIG.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts}
    files["index.md"] = home_page(student).encode()
    files.update({path: text.encode() for path, text in site_pages.all_pages().items()})
    keys = set(site_pages.peru_us.load_documents()["doc_key"])
    for path in lessons():
        nb = site_lesson(nbformat.read(path, as_version=4), keys, student)
        files[f"notebooks/{path.name}"] = (nbformat.writes(nb) + "\n").encode()
    index = stray_tags((NOTEBOOKS / "INDEX.md").read_text(encoding="utf-8"))
    files["notebooks/INDEX.md"] = (unlink_teacher(index) if student else index).encode()
    if not student:
        for page in (ROOT / "teacher").rglob("*.md"):
            files[str(page.relative_to(ROOT))] = stray_tags(page.read_text(encoding="utf-8")).encode()
        files["teacher/README.md"] = teacher_readme(site_pdf.pdf_list()).encode()
    files.update(widget_files())
    return files


def assemble(src: Path, student: bool) -> bool:
    """Write the site's source tree into `src`, touching only the files that changed (Sphinx then
    rebuilds only their pages). True if the set of files changed (the build must start afresh)."""
    files = source_files(student)
    old = {str(p.relative_to(src)) for p in src.rglob("*") if p.is_file()} if src.is_dir() else set()
    for stale in old - set(files):
        (src / stale).unlink()
    for relative, content in files.items():
        target = src / relative
        if not target.is_file() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    return old != set(files)


def widget_files() -> dict[str, bytes]:
    """@jupyter-widgets/html-manager's embed.js (and the fonts it loads), for _static/widgets/,
    installed with npm into build/site-npm/ first if it is not there."""
    dist = NPM_DIR / "node_modules" / "@jupyter-widgets" / "html-manager" / "dist"
    if not (dist / "embed.js").is_file():
        npm = shutil.which("npm")
        if not npm:
            raise SiteError("npm is needed once to fetch the widget JavaScript (@jupyter-widgets/html-manager); "
                            "install Node.js (e.g. `sudo apt-get install npm`)")
        NPM_DIR.mkdir(parents=True, exist_ok=True)
        (NPM_DIR / "package.json").write_text(json.dumps({"name": "peru-us-site", "private": True}))
        done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent", HTML_MANAGER], cwd=NPM_DIR,
                              capture_output=True, text=True)
        if done.returncode or not (dist / "embed.js").is_file():
            raise SiteError(f"npm install {HTML_MANAGER} failed (it needs the network once):\n{done.stderr[-2000:]}")
    return {f"_static/widgets/{f.name}": f.read_bytes() for f in dist.iterdir()
            if f.name == "embed.js" or f.suffix in (".woff2", ".woff", ".ttf", ".eot", ".svg") or f.name.endswith("LICENSE.txt")}


def sphinx(src: Path, out: Path, student: bool, fresh: bool) -> None:
    doctrees = src.parent / (src.name + "-doctrees")
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(doctrees, ignore_errors=True)
    env = {**os.environ, "PERU_US_SITE_KIND": "student" if student else "teacher"}
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "auto", "--keep-going", "-W",
               "-d", str(doctrees), str(src), str(out)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        shutil.rmtree(doctrees, ignore_errors=True)  # the next build starts afresh
        raise SiteError(f"sphinx-build failed ({' '.join(command)}):\n{(done.stderr or done.stdout)[-6000:]}")
    (out / ".nojekyll").write_text("")  # for GitHub Pages: serve _static/ as it is
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        named = text.replace(UNNAMED_TOGGLE, NAMED_TOGGLE).replace(FOLD_LABEL, "<summary>")
        if named != text:
            page.write_text(named, encoding="utf-8")


def build(student: bool = False) -> Path:
    """Build one edition of the site into build/site[-student]/; return its folder.
    Raises SiteError if any step fails."""
    out = out_dir(student)
    src = ROOT / "build" / ("site-src-student" if student else "site-src")
    started = time.perf_counter()
    fresh = assemble(src, student)
    sphinx(src, out, student, fresh or not (out / "index.html").is_file())
    print(f"[site] {'student' if student else 'teacher'} edition in {out} ({time.perf_counter() - started:.0f} s)", flush=True)
    return out


def build_all(pdf: bool = True) -> dict:
    """Both editions, then the PDFs (handouts from the student edition) into build/site/pdf/."""
    from tools import site_pdf

    started = time.perf_counter()
    made = {"site": build(student=False), "student": build(student=True), "pdf": []}
    if pdf:
        made["pdf"] = site_pdf.print_all(made["site"], made["student"])
        print(f"[site] {len(made['pdf'])} PDFs in {made['site'] / 'pdf'}", flush=True)
    print(f"[site] built in {time.perf_counter() - started:.0f} s: open {made['site'] / 'index.html'}", flush=True)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--student", action="store_true", help="only the student edition, into build/site-student/")
    parser.add_argument("--no-pdf", action="store_true", help="both editions, without printing the PDFs")
    args = parser.parse_args()
    try:
        if args.student:
            build(student=True)
        else:
            build_all(pdf=not args.no_pdf)
    except SiteError as error:
        sys.exit(f"[site] {error}")


if __name__ == "__main__":
    main()
