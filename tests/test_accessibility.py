"""Accessibility (WCAG 2.1 AA) of what the package draws and writes: charts carry alternative text
read from their data, explorers describe their picture and label their controls, and the
package's colours have the contrast WCAG asks (4.5:1 for text, 3:1 for chart marks, 1.4.3 and
1.4.11). The lessons' stored outputs and their headings are checked in tests/test_course_rules.py;
the rendered page (axe-core, keyboard) in tests/test_browser.py."""
from __future__ import annotations

import html
import re

import matplotlib.colors
import matplotlib.pyplot as plt
import pytest

import peru_us
from peru_us import plots
from peru_us.alt_text import chart_alt_text
from peru_us.display import chart_bundle
from peru_us.explorer import Explorer


# --------------------------------------------------------------------------- contrast
def luminance(colour) -> float:
    """WCAG 2.1 relative luminance."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = matplotlib.colors.to_rgb(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_wcag_reference_values():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes 4.5:1
    assert contrast("#777777", "#FFFFFF") < 4.5


def test_every_palette_colour_stands_out_from_the_chart_background_at_3_to_1():
    background = plt.rcParams["axes.facecolor"]
    low = {c: round(contrast(c, background), 2) for c in plots.PALETTE if contrast(c, background) < 3.0}
    assert not low, f"palette colours below 3:1 against {background}: {low}"
    assert contrast(plots.EDGE, background) >= 3.0


CHARTS = {
    "trade": lambda: plots.trade_chart(peru_us.load_trade(), markers={"TPA signed": 2006}),
    "timeline": lambda: plots.timeline_chart(peru_us.load_events()),
    "agreement": lambda: plots.agreement_chart(peru_us.load_un_votes()),
    "aid": lambda: plots.aid_chart(peru_us.load_aid()),
    "coca": lambda: plots.coca_chart(peru_us.load_coca()),
    "opinion": lambda: plots.opinion_chart(peru_us.load_opinion()),
}


@pytest.mark.parametrize("name", CHARTS)
def test_chart_text_meets_4_5_to_1_and_series_marks_3_to_1(name):
    fig = CHARTS[name]()
    try:
        fig.canvas.draw()
        background = fig.get_facecolor()
        texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]
        assert texts
        weak = {t.get_text()[:40]: round(contrast(t.get_color(), background), 2) for t in texts
                if contrast(t.get_color(), background) < 4.5}
        assert not weak, f"{name}: text below 4.5:1 on {background}: {weak}"
        ax = fig.axes[0]
        marks = [a for a in [*ax.lines, *ax.collections] if not str(a.get_label()).startswith("_")]
        for mark in marks:
            colours = (mark.get_color(),) if hasattr(mark, "get_linestyle") and isinstance(mark, matplotlib.lines.Line2D) \
                else tuple(mark.get_facecolor()) or tuple(mark.get_edgecolor())
            for c in colours:
                if matplotlib.colors.to_rgba(c)[3] == 0 or matplotlib.colors.to_hex(c) == "#ffffff":
                    continue  # a hollow marker: its edge is what is seen
                assert contrast(c, ax.get_facecolor()) >= 3.0, f"{name}: series {mark.get_label()!r} drawn in {c}"
    finally:
        plt.close(fig)


COLOUR_IN_STYLE = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})\b")
BACKGROUND_IN_STYLE = re.compile(r"background:\s*(#[0-9a-fA-F]{3,6})\b")
JUPYTERLAB_TEXT = (0, 0, 0, 0.87)  # JupyterLab's light theme: --jp-content-font-color1, rgba(0,0,0,.87) on white


def _on_white(rgba) -> tuple:
    r, g, b, a = rgba
    return (1 - a + a * r, 1 - a + a * g, 1 - a + a * b)


def test_text_colours_of_the_packages_html_meet_4_5_to_1():
    """Tables' source lines, a document's dateline and its note box, as the lessons show them."""
    document = peru_us.read_document("frus1941v07-d413")
    pages = {"show()": peru_us.show(peru_us.load_trade(), rows=2)._repr_html_(), "read_document()": document._repr_html_()}
    checked = 0
    for where, page in pages.items():
        for colour in COLOUR_IN_STYLE.findall(page):
            assert contrast(colour, "#FFFFFF") >= 4.5, f"{where}: text colour {colour} on white"
            checked += 1
        for background in BACKGROUND_IN_STYLE.findall(page):  # boxes whose text keeps the theme's colour
            assert contrast(_on_white(JUPYTERLAB_TEXT), background) >= 4.5, f"{where}: body text on {background}"
            checked += 1
    assert checked >= 2


# --------------------------------------------------------------------------- alternative text
def test_a_charts_alt_text_names_its_kind_title_axes_years_series_and_source():
    trade = peru_us.load_trade()
    fig = plots.trade_chart(trade, measures=["us_exports_musd", "us_imports_musd"], pyplot=False)
    data, metadata = chart_bundle(fig)
    alt = metadata["image/png"]["alt"]
    first, last = int(trade["year"].min()), int(trade["year"].max())
    assert alt.startswith("Line chart: U.S. goods trade with Peru.")
    assert f"Across: Year, {first}–{last}." in alt
    assert "Up: million USD (current)" in alt
    peak = trade.loc[trade["us_exports_musd"].idxmax()]
    assert f"highest {peak['us_exports_musd']:,.0f} in {int(peak['year'])}" in alt
    assert "U.S. imports from Peru:" in alt and "Balance" not in alt  # only the series drawn
    assert alt.endswith(f"{plots.source_line(trade)}.")
    assert f'alt="{html.escape(alt)}"' in data["text/html"]


def test_alt_text_follows_what_a_lesson_changes_and_the_rows_drawn():
    events = peru_us.load_events()
    some = events[events["date"].dt.year.between(1900, 1950)]
    fig = plots.timeline_chart(some, pyplot=False)
    fig.axes[0].set_title("Events, 1900-1950", loc="left")
    fig.canvas.draw()
    alt = chart_alt_text(fig)
    assert alt.startswith("Chart of points: Events, 1900-1950.")
    years = some["date"].dt.year
    assert f"Across: Year, {years.min()}–{years.max()}." in alt
    diplomacy = some[some["category"] == "diplomacy"]
    assert f"diplomacy: {len(diplomacy)} marks" in alt


def test_bar_charts_say_which_bar_is_largest():
    fig, ax = plt.subplots()
    ax.barh(["treaty", "trade", "aid"], [40.0, 75.5, 12.0])
    ax.set_xlabel("% of roll calls")
    fig.canvas.draw()
    alt = chart_alt_text(fig)
    plt.close(fig)
    assert alt.startswith("Horizontal bar chart.")
    assert "3 categories: treaty, trade, aid" in alt and "Longest bar: trade, 75.5." in alt


SHOW_IN_A_SHELL = """
import json
import matplotlib.pyplot as plt
from IPython.core.interactiveshell import InteractiveShell
import peru_us
from peru_us import plots
shell = InteractiveShell.instance()
peru_us.setup_notebook()
fig = plots.agreement_chart(peru_us.load_un_votes())
data, metadata = shell.display_formatter.format(fig)
print(json.dumps({"types": sorted(data), "alt": metadata["image/png"]["alt"], "html": data["text/html"][:40],
                  "plain": data["text/plain"], "shown": repr(peru_us.show(fig))}))
"""


def test_after_setup_notebook_every_figure_is_shown_with_its_alt_text():
    """In a fresh IPython shell (setup_notebook changes process-wide settings, so not in this one)."""
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", SHOW_IN_A_SHELL], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"image/png", "text/html", "text/plain"} <= set(shown["types"])
    assert shown["alt"].startswith("Line chart: How often Peru and the U.S. voted alike")
    assert shown["html"].startswith('<img alt="Line chart: How often')
    assert shown["shown"] == shown["plain"]  # show(fig): the same chart, explicitly


# --------------------------------------------------------------------------- explorers
EXPLORERS = [name for name in peru_us.__all__ if name.endswith("_explorer")]


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_explorer_control_has_a_visible_label(name):
    with getattr(peru_us, name)() as explorer:
        unlabelled = [key for key, control in explorer.controls.items() if not str(control.description).strip()]
        assert not unlabelled, f"{name}: controls without a description (their label): {unlabelled}"


def test_an_explorers_picture_describes_the_view_it_shows():
    with peru_us.trade_explorer() as explorer:
        assert explorer.image.tooltip.startswith("Line chart: U.S. goods trade with Peru.")
        assert explorer.image.description == ""  # ipywidgets writes the tooltip as the <img> title only then
        before = explorer.image.tooltip
        explorer.controls["years"].value = (2000, 2010)
        assert explorer.image.tooltip != before and "Across: Year, 2000–2010." in explorer.image.tooltip
        assert explorer.table.value.startswith("<table>")  # the data behind the chart, under it


def test_a_failed_redraw_says_so_in_the_pictures_text():
    import pandas as pd

    rows = pd.DataFrame({"year": [2000, 2001], "n": [1, 2]})

    def draw(ax, selection, years):
        raise ValueError("no")

    with Explorer("Broken", {"years": peru_us.explorer.year_range(2000, 2001)},
                  lambda years: peru_us.explorer.Selection(rows), draw=draw) as explorer:
        assert explorer.error and explorer.image.tooltip == "This selection could not be drawn."


def test_every_chart_carries_the_values_it_draws_in_a_folded_table():
    from peru_us.alt_text import chart_table
    from peru_us.display import data_behind

    trade = peru_us.load_trade()
    fig = plots.trade_chart(trade, measures=["us_exports_musd"], pyplot=False)
    fig.canvas.draw()
    [(header, rows)] = chart_table(fig)
    assert header == ["Year", "U.S. exports to Peru"]
    assert [r[0] for r in rows] == [str(y) for y in trade["year"]]
    first = trade.iloc[0]
    assert rows[0][1] == f"{first['us_exports_musd']:,.0f}"
    folded = data_behind(fig)
    assert folded.startswith("<details") and f"({len(trade)} rows)" in folded and "<th>U.S. exports to Peru</th>" in folded


def test_a_timeline_table_counts_the_events_of_each_category():
    from peru_us.alt_text import chart_table

    events = peru_us.load_events()
    fig = plots.timeline_chart(events, pyplot=False)
    fig.canvas.draw()
    [(header, rows)] = chart_table(fig)
    counts = events["category"].astype(str).value_counts()
    assert header == ["", "marks", "first", "last"]
    assert {r[0]: int(r[1]) for r in rows} == {c: int(n) for c, n in counts.items() if n}
