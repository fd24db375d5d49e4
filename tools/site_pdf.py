"""Print the site's handouts, answer sheets and teacher's guides to PDF with headless Chromium.

    python tools/site_pdf.py [build/site]     # after tools/site_build.py has built both editions

build/site/pdf/handout-NN_slug.pdf   the student edition's lesson page (no solutions), one per lesson
build/site/pdf/answers-NN_slug.pdf   the answer sheet (teacher/answers), one per lesson
build/site/pdf/guide-NN_slug.pdf     the teacher's guide (teacher/guide), one per lesson

The pages are served on a loopback port and printed by Playwright's page.pdf() in Debian's
Chromium, A4 with the site's print style (_static/site.css: no sidebars, and no chart, table or
output cut in half by a page break). A page is printed once its explorers have rendered.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
KINDS = (("handout", "Handout (student version)", "notebooks/{stem}.html"),
         ("answers", "Answer sheet", "teacher/answers/{stem}.html"),
         ("guide", "Teacher's guide", "teacher/guide/{stem}.html"))


def stems() -> list[str]:
    return [p.stem for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]


def pdf_list() -> list[tuple[str, str]]:
    """(file name, link text) of every PDF, in the order the teacher's page lists them."""
    return [(f"{kind}-{stem}.pdf", f"{stem[:2]} · {label}") for stem in stems() for kind, label, _ in KINDS]


@contextlib.contextmanager
def serve(folder: Path):
    """A static server for `folder` on a free loopback port; yields its base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def wait_rendered(page) -> None:
    """Wait until every saved widget view on the page has been drawn by the widget manager."""
    page.wait_for_load_state("load")
    page.wait_for_function("""() => {
        const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
        return [...views].every(v => v.parentElement.querySelector('.jupyter-widgets'));
    }""", timeout=30_000)
    page.wait_for_timeout(200)


def print_all(site: Path, student_site: Path | None = None, out: Path | None = None, only: list[str] | None = None,
              browser=None) -> list[Path]:
    """Print every PDF of pdf_list() into site/pdf/ (or `out`); handouts come from the student
    edition. `only`: these lessons' PDFs alone (e.g. ["00_start_here"]); `browser`: a Playwright
    Chromium to print with (else one is started)."""
    student_site = student_site or site.parent / "site-student"
    if not (student_site / "notebooks").is_dir():
        raise FileNotFoundError(f"the handouts are printed from the student edition, and {student_site} has none: "
                                "build it first (python3 course.py site builds both)")
    out = out or site / "pdf"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with contextlib.ExitStack() as stack:
        if browser is None:
            from playwright.sync_api import sync_playwright

            p = stack.enter_context(sync_playwright())
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            stack.callback(browser.close)
        urls = {"handout": stack.enter_context(serve(student_site)), "teacher": stack.enter_context(serve(site))}
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        stack.callback(page.close)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1:")
                   else route.abort())
        return [print_page(page, f"{urls.get(kind, urls['teacher'])}/{path.format(stem=stem)}", out / f"{kind}-{stem}.pdf")
                for stem in only or stems() for kind, _label, path in KINDS]


def print_page(page, url: str, target: Path) -> Path:
    page.goto(url)
    wait_rendered(page)
    page.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
             header_template="<span></span>",
             footer_template="<div style='font-size:8px;width:100%;text-align:center'><span class='title'></span> · "
                             "<span class='pageNumber'></span>/<span class='totalPages'></span></div>",
             margin={"top": "15mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})
    return target


if __name__ == "__main__":
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "site"
    print(f"{len(print_all(site))} PDFs in {site / 'pdf'}")
