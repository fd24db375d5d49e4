"""JupyterLab in a real browser: every lesson runs, every explorer renders and reacts, solutions
unfold, and the student handouts work. Drives Debian's Chromium headless through Playwright.

Select or skip with the marker: ``pytest -m browser`` / ``pytest -m "not browser"``.
Screenshots land in build/screenshots/. Without a browser (outside CI) these tests skip and say
how to enable them; in CI (PERU_US_REQUIRE_BROWSER=1) a missing browser is a failure.
"""
from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, lesson_paths

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "build" / "screenshots"
HARD_TIMEOUT = 240  # seconds per test; the server is stopped even when it fires
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    # render every cell (no virtual scrolling), so that all widget views exist in the page
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def _browser_problem() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return "Chromium is missing: install it with `sudo apt-get install chromium` (Debian/Ubuntu)"
    return None


@pytest.fixture(scope="module")
def browser_ready():
    problem = _browser_problem()
    if problem:
        if os.environ.get("PERU_US_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests required in CI but {problem}")
        pytest.skip(f"browser tests skipped: {problem}; or deselect them with -m 'not browser'")


@pytest.fixture(autouse=True)
def hard_timeout():
    def expire(signum, frame):
        raise TimeoutError(f"browser test took longer than {HARD_TIMEOUT} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(HARD_TIMEOUT)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser_ready):
    """A folder served by JupyterLab: copies of the lessons and of the handouts (the browser
    session autosaves, so it must never touch the committed notebooks)."""
    sys.path.insert(0, str(ROOT))
    from tools.handouts import build

    root = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    built = build(tmp_path_factory.mktemp("handout-build"))
    shutil.copytree(built["handouts"][0].parent, root / "handouts")
    return root


@pytest.fixture(scope="module")
def lab(site, tmp_path_factory):
    """JupyterLab on a free loopback port with a random token, stopped by its PID afterwards."""
    home = tmp_path_factory.mktemp("jupyter-home")
    settings = home / "lab-settings"
    for name, values in LAB_SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTERLAB_WORKSPACES_DIR": str(home / "ws"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTER_CONFIG_DIR": str(home / "config"),
           "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    env.pop("PERU_US_DATA", None)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={site}",
               "--LabApp.news_url=None", "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(home / "server.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + (home / "server.log").read_text()[-3000:])
                time.sleep(0.3)
        yield {"url": url, "token": token}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)
        log.close()


@pytest.fixture(scope="module")
def browser(lab, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_FLAGS, viewport={"width": 1280, "height": 900})
        try:
            yield context
        finally:
            context.close()


# --------------------------------------------------------------------------- helpers
def open_notebook(context, lab, relpath: str):
    """Open one notebook in a workspace of its own, so that no other document is open in the page."""
    page = context.new_page()
    workspace = "t" + secrets.token_hex(4)
    page.goto(f"{lab['url']}/lab/workspaces/{workspace}/tree/{relpath}?reset&token={lab['token']}")
    page.wait_for_selector(f"{PANEL} .jp-Cell", timeout=60_000)
    wait_idle(page)
    return page


PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook on show


def wait_idle(page, timeout: float = 90) -> None:
    """Wait until the kernel reports idle in the status bar and no cell is still queued."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = page.locator(".jp-StatusBar-TextItem", has_text="| Idle")
        busy = page.locator(f"{PANEL} .jp-InputPrompt", has_text="[*]")
        if status.count() and not busy.count():
            return
        time.sleep(0.3)
    raise TimeoutError("the kernel did not become idle")


def restart_and_run_all(page) -> None:
    # do not await the command: its promise settles only after the dialog below is answered
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:restart-run-all'); }")
    page.locator(".jp-Dialog .jp-mod-accept").click(timeout=20_000)
    time.sleep(1.0)
    wait_idle(page, timeout=150)


def execution_counts(page) -> list:
    """Execution counts of the notebook's code cells, read from JupyterLab's own model."""
    return page.evaluate("""() => {
        const model = window.jupyterapp.shell.currentWidget.content.model;
        const counts = [];
        for (let i = 0; i < model.cells.length; i++) {
            const cell = model.cells.get(i);
            if (cell.type === 'code') counts.push(cell.executionCount);
        }
        return counts;
    }""")


def notebook_facts(path: Path) -> dict:
    """What the stored notebook says should appear: widget views, tolerated errors, checks."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    widgets = errors = solutions = 0
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        tags = cell["metadata"].get("tags", [])
        errors += "raises-exception" in tags
        solutions += "solution" in tags
        widgets += sum("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in cell.get("outputs", []))
    return {"widgets": widgets, "errors": errors, "solutions": solutions}


def widget_outputs(page):
    """Output areas holding a rendered widget view (its top element carries the jupyter-widgets class)."""
    return page.locator(f"{PANEL} .jp-OutputArea-output:has(> .jupyter-widgets)")


def charts_of(widget):
    """The explorer's chart, if it draws one (an explorer without a chart hides its image)."""
    return widget.locator("img.widget-image:visible")


def chart_src(widget) -> str:
    return charts_of(widget).first.get_attribute("src") or ""


def change_a_control(page, widget) -> str:
    """Change the first control of an explorer the way a student would; say which."""
    selects = widget.locator("select")
    if selects.count():
        select = selects.first
        options = select.locator("option").all_inner_texts()
        select.select_option(label=options[-1] if len(options) > 1 else options[0])
        return "select"
    texts = widget.locator("input[type=text]")
    if texts.count():
        texts.first.fill("treaty")
        texts.first.press("Enter")
        return "text"
    handle = widget.locator(".noUi-handle").first
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    return "slider"


def screenshot(page, name: str) -> Path:
    """A PNG of the whole notebook: JupyterLab scrolls the notebook inside its own panel, so the
    panel is scrolled one screen at a time and the pieces are stitched together."""
    from PIL import Image

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    scroller = page.locator(f"{PANEL} .jp-WindowedPanel-outer").first
    box = scroller.bounding_box()
    total, view = scroller.evaluate("el => [el.scrollHeight, el.clientHeight]")
    sheet = Image.new("RGB", (int(box["width"]), int(total)), "white")
    y = 0
    while y < total:
        scroller.evaluate("(el, y) => { el.scrollTop = y; }", y)
        time.sleep(0.2)
        top = scroller.evaluate("el => el.scrollTop")
        piece = Image.open(io.BytesIO(page.screenshot(clip=box)))
        sheet.paste(piece, (0, int(top)))
        y += view
    target = SCREENSHOTS / f"{name}.png"
    sheet.save(target)
    return target


# --------------------------------------------------------------------------- accessibility
A11Y = ROOT / "build" / "a11y"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
GRAVE = ("serious", "critical")
# what the course writes: outputs and rendered Markdown; everything else on the page is JupyterLab's
COURSE_CONTENT = ".jp-OutputArea-output, .jp-MarkdownCell .jp-RenderedMarkdown"
# inside the outputs, what ipywidgets renders on its own, which no option of a widget can change: the
# handles of its sliders (noUiSlider) carry role=slider and no accessible name (the widget's
# description is a separate <label>). Reported, not failed on.
WIDGET_LIBRARY = ".noUi-handle"


def axe_scan(page, name: str) -> dict:
    """axe-core (WCAG 2.1 A and AA rules) over the whole page. Returns the serious and critical
    violations split into the course's (nodes inside an output or a rendered Markdown cell),
    ipywidgets' own (WIDGET_LIBRARY) and JupyterLab's (every other node); written to build/a11y/<name>.json."""
    from axe_playwright_python.sync_playwright import Axe

    started = time.monotonic()
    response = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    A11Y.mkdir(parents=True, exist_ok=True)
    split = {"course": {}, "ipywidgets": {}, "jupyterlab": {}}
    for violation in response.response["violations"]:
        if violation["impact"] not in GRAVE:
            continue
        targets = [node["target"][-1] for node in violation["nodes"]]
        sides = page.evaluate("""([targets, content, library, panel]) => targets.map(t => {
            const el = document.querySelector(t);
            if (!el || !el.closest(content)) return ['jupyterlab', ''];
            const cells = [...document.querySelectorAll(panel + ' .jp-Cell')];
            const where = `cell ${cells.indexOf(el.closest('.jp-Cell'))}: `;
            return [el.matches(library) ? 'ipywidgets' : 'course', where]; })""",
                              [targets, COURSE_CONTENT, WIDGET_LIBRARY, PANEL])
        for node, (side, where) in zip(violation["nodes"], sides):
            found = split[side].setdefault(f"{violation['id']} ({violation['impact']})", [])
            found.append(where + node["html"][:160])
    split["seconds"] = round(time.monotonic() - started, 2)
    (A11Y / f"{name}.json").write_text(json.dumps(split, indent=1, ensure_ascii=False), encoding="utf-8")
    return split


def keyboard_changes_the_chart(page, widget) -> str:
    """Reach an explorer's first control with Tab alone (focus starts on the explorer's title, a
    mouse click on text, not on a control), move it with the arrow keys, and see the chart change:
    its picture and its text alternative (the <img>'s title). Returns what was focused."""
    widget.scroll_into_view_if_needed()
    widget.locator(".widget-html").first.click()  # the title: plain text
    controls = "input, select, textarea, button, .noUi-handle"
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate(f"""() => {{ const el = document.activeElement;
            return el && el.matches('{controls}') && !!el.closest('.jupyter-widgets.widget-vbox') ?
                   (el.getAttribute('aria-label') || el.className || el.tagName) : null; }}""")
        if focused:
            break
    else:
        raise AssertionError("Tab never reached a control of the explorer")
    chart = charts_of(widget).first
    before, title = chart.get_attribute("src"), chart.get_attribute("title")
    assert title and len(title) > 40, f"the explorer's picture has no text alternative: {title!r}"
    page.keyboard.press("ArrowRight")
    deadline = time.monotonic() + 15
    while chart.get_attribute("src") == before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert chart.get_attribute("src") != before, f"the chart did not change after an arrow key on {focused}"
    deadline = time.monotonic() + 5
    while chart.get_attribute("title") == title and time.monotonic() < deadline:
        time.sleep(0.2)
    assert chart.get_attribute("title") != title, "the picture changed but its text alternative did not"
    return focused


# --------------------------------------------------------------------------- tests
@pytest.mark.parametrize("path", lesson_paths(), ids=lambda p: p.stem)
def test_lesson_runs_renders_and_reacts_in_jupyterlab(browser, lab, path):
    expected = notebook_facts(path)
    page = open_notebook(browser, lab, f"notebooks/{path.name}")
    try:
        folded = page.locator(f"{PANEL} .jp-CodeCell .jp-OutputPlaceholder").count()
        assert folded == expected["solutions"], "on opening, every solution's result should be folded away"
        restart_and_run_all(page)
        errors = page.locator(f'{PANEL} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        assert errors.count() == expected["errors"], errors.all_inner_texts()[:3]
        counts = execution_counts(page)
        assert counts == list(range(1, len(counts) + 1)), f"not every cell ran, in order: {counts}"

        widgets = widget_outputs(page)
        assert widgets.count() == expected["widgets"]
        with_charts = [widgets.nth(i) for i in range(widgets.count()) if charts_of(widgets.nth(i)).count()]
        for widget in with_charts:
            assert chart_src(widget).startswith(("blob:", "data:")), "an explorer's chart did not render"
        grave = axe_scan(page, path.stem)["course"]  # the serious and critical ones only
        assert not grave, f"axe-core: serious or critical violations in the lesson's own content: {grave}"
        if expected["widgets"]:
            assert with_charts, "no explorer drew a chart"
            first = with_charts[0]
            if path == lesson_paths()[0]:  # once, on the first lesson: the same explorer from the keyboard alone
                started = time.monotonic()
                focused = keyboard_changes_the_chart(page, first)
                took = round(time.monotonic() - started, 2)
                (A11Y / "keyboard.json").write_text(json.dumps({"focused": focused, "seconds": took}))
            first.scroll_into_view_if_needed()
            before = chart_src(first)
            how = change_a_control(page, first)
            deadline = time.monotonic() + 15
            while chart_src(first) == before and time.monotonic() < deadline:
                time.sleep(0.2)
            assert chart_src(first) != before, f"the chart did not change after a {how} change"

        placeholders = page.locator(f"{PANEL} .jp-CodeCell .jp-InputPlaceholder")
        if expected["solutions"]:  # inputs stay folded after a run (JupyterLab shows fresh outputs)
            assert placeholders.count() == expected["solutions"], "solution cells should stay folded"
            placeholders.first.scroll_into_view_if_needed()
            placeholders.first.click()
            assert placeholders.count() == expected["solutions"] - 1, "a solution cell did not unfold"
        screenshot(page, path.stem)
    finally:
        page.close()


def test_student_handout_in_jupyterlab(browser, lab):
    path = lesson_paths()[1]
    page = open_notebook(browser, lab, f"handouts/{path.name}")
    try:
        restart_and_run_all(page)
        assert page.locator(f'{PANEL} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
        widgets = widget_outputs(page)
        assert widgets.count() == notebook_facts(path)["widgets"]
        assert all(chart_src(w).startswith(("blob:", "data:")) for w in (widgets.nth(i) for i in range(widgets.count()))
                   if charts_of(w).count())
        outputs = page.locator(f"{PANEL} .jp-CodeCell").filter(has_text='check("').locator(".jp-OutputArea-output")
        texts = outputs.all_inner_texts()
        assert texts and all("not answered yet" in t for t in texts), texts[:3]
        assert page.locator(f"{PANEL} .jp-InputPlaceholder").count() == 0  # no solution cells at all
        screenshot(page, f"handout-{path.stem}")
    finally:
        page.close()


def test_lesson_00_document_reader_searches_and_reads_in_jupyterlab(browser, lab):
    """Lesson 00's document reader: type a search, see the list and the marked text, pick another document."""
    page = open_notebook(browser, lab, "notebooks/00_start_here.ipynb")
    try:
        restart_and_run_all(page)
        reader = page.locator(f"{PANEL} .peru-us-reader")
        assert reader.count() == 1, "the document reader did not render"
        reader.scroll_into_view_if_needed()
        pane = reader.locator(".peru-us-pane")
        before = pane.inner_text()
        search = reader.locator("input[type=text]").first
        search.fill("Leticia")
        search.press("Enter")
        deadline = time.monotonic() + 15
        while "documents</b> contain" not in reader.inner_html() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert pane.locator("mark").count() > 0, "the searched word is not marked in the reading pane"
        assert pane.inner_text() != before
        options = reader.locator(".peru-us-results select option")
        assert options.count() > 1 and all("·" in t for t in options.all_inner_texts())  # date · heading · hits
        shown = pane.inner_text()
        reader.locator(".peru-us-results select").select_option(index=1)
        deadline = time.monotonic() + 15
        while pane.inner_text() == shown and time.monotonic() < deadline:
            time.sleep(0.2)
        assert pane.inner_text() != shown, "choosing another document did not change the reading pane"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        reader.screenshot(path=str(SCREENSHOTS / "00_document_reader.png"))
    finally:
        page.close()
