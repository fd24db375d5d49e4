"""The static site (python3 course.py site) in a real browser: it builds, every page works with no
network, explorers render from their saved state, no page has a serious or critical accessibility
violation (axe-core), solutions are folded, the student edition has none, and the PDFs print.

The site is built once per session into build/site/ and build/site-student/ (as `course.py site`
does; an unchanged site rebuilds in seconds). A build that fails fails these tests, with Sphinx's
messages. Pages are served on a loopback port; every request elsewhere is aborted, and counts as
a failure. Drives Debian's Chromium headless through Playwright, like tests/test_browser.py: without
a browser (outside CI) the browser tests skip and say why; in CI (PERU_US_REQUIRE_BROWSER=1) that fails.
Axe results per page are written to build/site-a11y.json.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, lesson_paths
from test_browser import CHROMIUM, CHROMIUM_FLAGS, _browser_problem

pytestmark = pytest.mark.browser
sys.path.insert(0, str(ROOT))
DOCUMENT_SAMPLE = 25  # document pages scanned by axe, beside every other page (all 460 share one template)
DOCUMENT_STRIDE = 4  # one document page in 4 opened in the browser (all of them with PERU_US_SITE_ALL_PAGES=1)


@pytest.fixture(scope="module")
def built():
    """Both editions, built as `python3 course.py site --no-pdf` builds them; a failure fails loudly."""
    if sys.version_info < (3, 11):
        pytest.skip("the site needs Python 3.11 or newer (sphinx-book-theme 1.3); the `site` extra is not "
                    "installed on this Python")
    from tools import site_build

    try:
        return site_build.build_all(pdf=False)
    except site_build.SiteError as error:
        pytest.fail(f"the site does not build: {error}")


@pytest.fixture(scope="module")
def browser_ready():
    problem = _browser_problem()
    if problem:
        if os.environ.get("PERU_US_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests required in CI but {problem}")
        pytest.skip(f"browser tests skipped: {problem}; or deselect them with -m 'not browser'")


@pytest.fixture(scope="module")
def servers(built):
    from tools.site_pdf import serve

    with serve(built["site"]) as teacher, serve(built["student"]) as student:
        yield {"site": teacher, "student": student}


@pytest.fixture(scope="module")
def chromium(browser_ready):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class Watched:
    """A page on which every request off the loopback interface is aborted and recorded, with
    failed requests, HTTP errors, console errors and uncaught exceptions."""

    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.problems: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} ({r.failure})"))
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"uncaught: {e}"))

    def _route(self, route):
        if re.match(r"^(http://127\.0\.0\.1:\d+/|data:|blob:)", route.request.url):
            route.continue_()
        else:
            route.abort()

    def open(self, url: str) -> list[str]:
        self.problems = []
        self.page.goto(url, wait_until="load")
        wait_for_widgets(self.page)
        return self.problems


def wait_for_widgets(page) -> None:
    page.wait_for_function("""() => [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')]
        .every(v => v.parentElement.querySelector('.jupyter-widgets'))""", timeout=30_000)


def pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith("_"))


def text_of(page_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page_html))


# --------------------------------------------------------------------------- static checks (no browser)
def test_site_has_every_part(built):
    site = built["site"]
    names = set(pages(site))
    for nb in lesson_paths():
        assert f"notebooks/{nb.stem}.html" in names
        assert f"teacher/guide/{nb.stem}.html" in names and f"teacher/answers/{nb.stem}.html" in names
    for page in ("index.html", "notebooks/INDEX.html", "teacher/README.html", "timeline.html", "documents/index.html",
                 "data/dictionary.html", "data/sources.html", "search.html"):
        assert page in names
    import peru_us

    docs = peru_us.load_documents()
    assert {f"documents/{k}.html" for k in docs["doc_key"]} <= names
    page = (site / "documents" / "frus1864p4-d36.html").read_text(encoding="utf-8")
    assert "Cite as" in page and "https://history.state.gov/historicaldocuments/frus1864p4/d36" in page
    dictionary = text_of((site / "data" / "dictionary.html").read_text(encoding="utf-8"))
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            assert " ".join(field["description"].split()) in " ".join(dictionary.split()), (resource["name"], field["name"])
    sources = text_of((site / "data" / "sources.html").read_text(encoding="utf-8"))
    assert all(sid in sources for sid in peru_us.load_sources()["source_id"])


def test_nothing_is_loaded_from_elsewhere(built):
    """No page, style sheet or script names a resource on another host (links to read elsewhere are fine)."""
    loads = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""", re.I)
    css_url = re.compile(r"""(?:url\(|@import\s+)["']?(?:https?:)?//""", re.I)
    for site in (built["site"], built["student"]):
        for path in site.rglob("*"):
            if path.suffix == ".html":
                assert not loads.search(path.read_text(encoding="utf-8")), path
            elif path.suffix == ".css":
                assert not css_url.search(path.read_text(encoding="utf-8", errors="replace")), path
    page = (built["site"] / "notebooks" / "01_recognition_to_pacific_war.html").read_text(encoding="utf-8")
    assert 'src="../_static/widgets/embed.js' in page and 'lang="en"' in page


def test_every_local_link_resolves(built):
    href = re.compile(r'href="([^"#:?]+\.(?:html|pdf))(?:#[^"]*)?"')
    for site in (built["site"], built["student"]):
        for page in pages(site):
            for target in href.findall((site / page).read_text(encoding="utf-8")):
                if target.endswith(".pdf") and site == built["site"]:
                    continue  # printed after the pages (test_pdfs_print_whole_and_handouts_without_solutions)
                assert ((site / page).parent / target).resolve().is_file(), f"{page} links to missing {target}"


def test_lessons_and_timeline_link_to_the_documents(built):
    site = built["site"]
    lesson = (site / "notebooks" / "01_recognition_to_pacific_war.html").read_text(encoding="utf-8")
    assert 'href="../documents/frus1864p4-d36.html"' in lesson
    timeline = (site / "timeline.html").read_text(encoding="utf-8")
    import peru_us

    for key in peru_us.load_event_documents()["doc_key"]:
        assert f'href="documents/{key}.html"' in timeline, key
    doc = (site / "documents" / "frus1864p4-d35.html").read_text(encoding="utf-8")
    assert "Events this document attests" in doc and "timeline.html#event-1864-peru-invokes-us-good-offices" in doc


def solution_sources() -> dict[str, list[str]]:
    """Each lesson's solution cells' code, one line of text per cell (what a page must show, or hide)."""
    out = {}
    for path in lesson_paths():
        cells = nbformat.read(path, as_version=4).cells
        out[path.stem] = [c.source.strip() for c in cells if "solution" in c.metadata.get("tags", [])]
    return out


def code_cells(page_html: str) -> list[str]:
    blocks = re.findall(r'<div class="highlight-ipython3 notranslate"><div class="highlight"><pre>(.*?)</pre>', page_html, re.S)
    return [text_of(b).strip() for b in blocks]


def test_solutions_are_folded_and_the_student_edition_has_none(built):
    for stem, solutions in solution_sources().items():
        teacher = (built["site"] / "notebooks" / f"{stem}.html").read_text(encoding="utf-8")
        folded = re.findall(r'<div class="cell tag_solution[^"]*">\s*<details class="admonition hide above-input">\s*'
                            r'<summary>\s*<p class="collapsed admonition-title">Show the solution</p>', teacher)
        assert len(folded) == len(solutions) > 0, stem
        assert not re.search(r"<details[^>]*\bopen\b", teacher), stem
        assert set(solutions) <= set(code_cells(teacher)), f"{stem}: a solution is missing from the teacher's edition"
        student = (built["student"] / "notebooks" / f"{stem}.html").read_text(encoding="utf-8")
        assert "tag_solution" not in student and "Show the solution" not in student
        assert not set(solutions) & set(code_cells(student)), f"{stem}: the student edition shows a solution"
        assert "teacher/" not in "".join(re.findall(r'href="([^"]*)"', student)), stem
    assert not (built["student"] / "teacher").exists()
    index = (built["student"] / "notebooks" / "INDEX.html").read_text(encoding="utf-8")
    assert "teacher/" not in "".join(re.findall(r'href="([^"]*)"', index))


# --------------------------------------------------------------------------- in the browser
@pytest.mark.parametrize("edition", ["site", "student"])
def test_every_page_works_offline(built, servers, chromium, edition):
    """Every page but the documents', and one document page in DOCUMENT_STRIDE (all 460 share one
    template, and the static tests above read every one of them; PERU_US_SITE_ALL_PAGES=1 opens them
    all: about 2 minutes more). The student edition's documents are the teacher edition's files."""
    watched = Watched(chromium)
    failures = {}
    names = pages(built[edition])
    stride = 1 if os.environ.get("PERU_US_SITE_ALL_PAGES") else DOCUMENT_STRIDE
    documents = [n for n in names if n.startswith("documents/frus")]
    names = [n for n in names if n not in documents] + (documents[::stride] if edition == "site" else [])
    for page in names:
        problems = watched.open(f"{servers[edition]}/{page}")
        if problems:
            failures[page] = problems
    watched.page.close()
    assert not failures, json.dumps(failures, indent=1)[:4000]


def test_explorers_render_from_saved_state(built, servers, chromium):
    watched = Watched(chromium)
    assert not watched.open(f"{servers['site']}/notebooks/01_recognition_to_pacific_war.html")
    page = watched.page
    sliders = page.locator(".cell_output .widget-slider")
    assert sliders.count() >= 2
    assert sliders.first.locator(".noUi-handle").first.get_attribute("aria-label") == "Years, from"
    image = page.locator(".cell_output img.widget-image").first
    image.scroll_into_view_if_needed()
    assert page.evaluate("img => img.complete && img.naturalWidth > 300", image.element_handle())
    assert image.get_attribute("alt") or image.get_attribute("title")
    shot = ROOT / "build" / "screenshots"
    shot.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot / "site-explorer.png"))
    watched.page.close()


def test_a_solution_opens_when_asked(built, servers, chromium):
    watched = Watched(chromium)
    watched.open(f"{servers['site']}/notebooks/00_start_here.html")
    cell = watched.page.locator(".cell.tag_solution").first
    code = cell.locator("pre").first
    assert not code.is_visible()
    cell.locator("summary").click()
    assert code.is_visible()
    watched.page.close()


def axe_pages(site: Path) -> list[str]:
    names = pages(site)
    documents = [n for n in names if re.match(r"documents/frus.*-d\d+\.html$", n)]
    step = max(1, len(documents) // DOCUMENT_SAMPLE)
    return [n for n in names if n not in documents] + documents[::step]


def test_no_serious_accessibility_violations(built, servers, chromium):
    from axe_playwright_python.sync_playwright import Axe

    axe, report, serious = Axe(), {}, {}
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    for name in axe_pages(built["site"]):
        page.goto(f"{servers['site']}/{name}", wait_until="load")
        wait_for_widgets(page)
        page.wait_for_timeout(100)  # site.js names the widgets' controls once they are drawn
        violations = axe.run(page).response["violations"]
        report[name] = dict(Counter(v["impact"] for v in violations))
        bad = [f"{v['impact']} {v['id']}: {v['nodes'][0]['target']} {v['nodes'][0]['html'][:160]}"
               for v in violations if v["impact"] in ("serious", "critical")]
        if bad:
            serious[name] = bad
    page.close()
    (ROOT / "build" / "site-a11y.json").write_text(json.dumps(report, indent=1))
    assert not serious, json.dumps(serious, indent=1)[:5000]


def test_pdfs_print_whole_and_handouts_without_solutions(built, chromium, tmp_path):
    """Lesson 00's three PDFs (the others print the same way in `course.py site`)."""
    from tools import site_pdf

    made = site_pdf.print_all(built["site"], built["student"], out=tmp_path, only=["00_start_here"], browser=chromium)
    assert sorted(p.name for p in made) == ["answers-00_start_here.pdf", "guide-00_start_here.pdf", "handout-00_start_here.pdf"]
    readme = (built["site"] / "teacher" / "README.html").read_text(encoding="utf-8")
    for name, _label in site_pdf.pdf_list():
        assert f'href="../pdf/{name}"' in readme
    for pdf in made:
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is missing: the PDFs' text was not checked")
    text = {p.stem.split("-")[0]: subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=True).stdout
            for p in made}
    assert "Start here" in text["handout"] and "Student version" in text["handout"]
    assert "answer sheet" in text["answers"].lower() and "teacher" in text["guide"].lower()
    for solution in solution_sources()["00_start_here"]:
        first = next(line for line in solution.splitlines() if line.strip() and not line.startswith("#"))
        assert first not in text["handout"], first


def test_the_site_tools_examples():
    """The docstring examples of the site's tools (the rewriting of the lessons' Markdown)."""
    import doctest

    from tools import site_build, site_pages

    for module in (site_build, site_pages):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.attempted and not result.failed, module.__name__
