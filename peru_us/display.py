"""Notebook set-up and tables that carry their source line.

>>> from peru_us import load_trade
>>> print(show(load_trade(), rows=2))
 year  us_exports_musd  us_imports_musd  balance_musd vintage          source_id
 1985            495.9           1086.6        -590.7    2020 census-c3330-v2020
 1986            692.8            802.9        -110.1    2020 census-c3330-v2020
(2 of 41 rows) Source: U.S. Census Bureau, Foreign Trade Division [census-c3330-v2020, census-c3330-v2026]
"""
from __future__ import annotations

import base64
import gc
import html
import io

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from . import arguments
from .alt_text import MAX_TABLE_ROWS, chart_alt_text, chart_table
from .attribution import known_ids, source_line
from .citations import source_ids_of
from .dates import format_dates
from .style import STYLE

# The class MathJax skips (both spellings: MathJax 2 and 3). JupyterLab typesets HTML outputs, and
# two dollar amounts in one output ("$20 million ... $1.3 million") would be read as a formula.
NO_MATH = "tex2jax_ignore mathjax_ignore"


class Table:
    """A table to show in a lesson: the first rows (dates at their precision, see
    :mod:`peru_us.dates`), then a line naming the rows' sources. Renders as HTML in JupyterLab
    and as text elsewhere; both are deterministic."""

    def __init__(self, table: pd.DataFrame, rows: int = 10, columns=None, source_ids=None):
        self.full = table
        # dates are formatted before columns are picked: a date's precision column may be left out
        self.shown = format_dates(table.head(rows))
        if columns is not None:
            self.shown = self.shown[list(columns)]
        ids = source_ids or source_ids_of(table)
        self.source = source_line(table, ids) if ids else "Source: computed in this lesson"

    def _count(self) -> str:
        return f"({len(self.shown)} of {len(self.full)} rows)"

    def __repr__(self) -> str:
        return f"{self.shown.to_string(index=False)}\n{self._count()} {self.source}"

    def _repr_html_(self) -> str:
        return (f"<div class='{NO_MATH}'>" + html_table(self.shown)
                + f"<p style='font-size:85%;color:#444'>{self._count()} {html.escape(self.source)}</p></div>")


def html_table(table: pd.DataFrame) -> str:
    """A plain HTML table: text left-aligned, numbers right-aligned (JupyterLab right-aligns all
    cells by default, which makes titles and names hard to read). Format dates at their precision
    first (:func:`peru_us.dates.format_dates`); dates left as such are shown as YYYY-MM-DD.

    >>> print(html_table(pd.DataFrame({"name": ["Lima"], "n": [3]})).replace("><", ">\\n<"))
    <table>
    <thead>
    <tr>
    <th style="text-align:left">name</th>
    <th style="text-align:right">n</th>
    </tr>
    </thead>
    <tbody>
    <tr>
    <td style="text-align:left">Lima</td>
    <td style="text-align:right">3</td>
    </tr>
    </tbody>
    </table>
    """
    numeric = [pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c]) for c in table.columns]
    align = ['style="text-align:right"' if n else 'style="text-align:left"' for n in numeric]
    head = "".join(f"<th {a}>{html.escape(str(c))}</th>" for c, a in zip(table.columns, align))
    body = []
    for row in table.itertuples(index=False):
        cells = "".join(f"<td {a}>{html.escape(_cell_text(v))}</td>" for v, a in zip(row, align))
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cell_text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def show(table: pd.DataFrame, rows: int = 10, columns=None, source_ids=None) -> Table:
    """Show the first `rows` rows of a table with its source line (use it as a cell's last line).
    Given a matplotlib Figure instead, show the chart with its alternative text (see :class:`Chart`).

    `columns`: one column name or a list of them (default: all); `source_ids`: one source_id or a
    list, for a table you computed that has no source_id column. A Series is shown as a table
    (its index as a column, as ``value_counts()`` gives it).

    >>> show(pd.DataFrame({"year": [2006]}), columns="yaer")
    Traceback (most recent call last):
    ValueError: columns: 'yaer' is not allowed (did you mean 'year'?); use a column of the table: 'year'
    """
    if isinstance(table, Figure):
        return Chart(table)
    if isinstance(table, pd.Series):
        table = table.reset_index() if not isinstance(table.index, pd.RangeIndex) else table.to_frame()
    table = arguments.table("table", table)
    rows = arguments.integer("rows", rows, minimum=0)
    if columns is not None:
        columns = arguments.names("columns", columns, [c for c in table.columns if isinstance(c, str)],
                                  what="a column of the table:")
    if source_ids is not None:
        source_ids = known_ids("source_ids", source_ids)
    return Table(table, rows, columns, source_ids)


# How the course's charts are saved: PNG at the figure's own size (no bbox_inches="tight", a whole
# extra layout pass per chart: the charts set their own margins, tested to keep every label inside
# the picture), with no software-version chunk (the same bytes on every run), lightly compressed.
PNG_OPTIONS = {"metadata": {"Software": None}, "pil_kwargs": {"compress_level": 1}, "bbox_inches": None}


def chart_bundle(fig: Figure):
    """A figure as a notebook shows it: the PNG with its alternative text in the output's metadata
    (``{"image/png": {"alt": ...}}``, which nbconvert and nbsphinx read), and the same picture as
    HTML, ``<img alt="...">`` (JupyterLab 4 ignores image metadata and renders HTML first, so that
    is where a screen reader finds the text there), followed by the chart's values in a folded table
    (:func:`data_behind`). The text is read from the drawn figure
    (:func:`peru_us.alt_text.chart_alt_text`). Returns (data, metadata), as IPython's formatters do.

    >>> from peru_us import load_trade, plots
    >>> data, metadata = chart_bundle(plots.trade_chart(load_trade(), pyplot=False))
    >>> sorted(data), metadata["image/png"]["alt"][:46]
    (['image/png', 'text/html'], 'Line chart: U.S. goods trade with Peru. Across')
    >>> data["text/html"].startswith('<img alt="Line chart: U.S. goods trade')
    True
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, facecolor=fig.get_facecolor(), edgecolor=fig.get_edgecolor(),
                **PNG_OPTIONS)
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    alt = chart_alt_text(fig)  # after saving: the tick labels exist once the figure is drawn
    picture = f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{png}">' + data_behind(fig)
    return {"image/png": png, "text/html": picture}, {"image/png": {"alt": alt}}


def data_behind(fig: Figure) -> str:
    """The values the chart draws (:func:`peru_us.alt_text.chart_table`) as a folded HTML table
    under it: a reader who cannot see the picture, or wants the numbers, opens it.

    >>> from peru_us import load_trade, plots
    >>> folded = data_behind(plots.trade_chart(load_trade(), measures=["balance_musd"], pyplot=False))
    >>> folded[:95]
    "<details class='tex2jax_ignore mathjax_ignore'><summary>The data behind this chart (41 rows)</s"
    """
    parts = []
    for header, rows in chart_table(fig):
        shown = rows[:MAX_TABLE_ROWS]
        more = f"<p><i>… and {len(rows) - len(shown)} more rows.</i></p>" if len(rows) > len(shown) else ""
        head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f'<td style="text-align:{"left" if i == 0 else "right"}">{html.escape(v)}</td>'
                                        for i, v in enumerate(row)) + "</tr>" for row in shown)
        parts.append(f"<details class='{NO_MATH}'><summary>The data behind this chart ({len(rows)} rows)</summary>"
                     f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}</details>")
    return "".join(parts)


class Chart:
    """A figure to show in a lesson with its alternative text: ``peru_us.show(fig)`` as a cell's
    last line. After :func:`setup_notebook`, ``plt.show()`` and a cell ending in ``fig`` show
    every figure this way too. The figure is closed in pyplot, so that it is shown once."""

    def __init__(self, fig: Figure):
        self.figure = fig
        plt.close(fig)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return chart_bundle(self.figure)

    def __repr__(self) -> str:
        width, height = self.figure.get_size_inches() * self.figure.dpi
        return f"<Figure size {width:g}x{height:g} with {len(self.figure.axes)} Axes>"


def _chart_formatter(fig: Figure):
    if not fig.axes and not fig.lines:  # an empty figure shows nothing (as IPython's own formatter)
        return {}, {}
    return chart_bundle(fig)


def setup_notebook() -> None:
    """The course's display settings: pandas shows up to 20 rows; charts use the course style and
    are embedded as PNGs without a software-version chunk, so re-running a lesson gives the same
    bytes, each with its alternative text (:func:`chart_bundle`). Charts are saved at their own
    size: lay out a chart of your own with fig.tight_layout().
    Also keeps the garbage collector off the objects the imports created (see _freeze_imports),
    and has large buffers handed back to the system when freed (see _return_large_buffers)."""
    import matplotlib

    pd.set_option("display.max_rows", 20)
    pd.set_option("display.min_rows", 10)
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.width", 120)
    matplotlib.rcParams.update(STYLE)
    matplotlib.rcParams["text.hinting"] = "no_hinting"  # same look at this size, faster to draw
    _freeze_imports()
    _return_large_buffers()
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # outside IPython there is nothing more to set
        return
    shell = get_ipython()
    if shell is not None:
        set_matplotlib_formats("png", **PNG_OPTIONS)
        # every figure is shown with its alternative text (chart_bundle) instead of as a bare PNG
        shell.display_formatter.formatters["image/png"].pop(Figure, None)
        shell.display_formatter.mimebundle_formatter.for_type(Figure, _chart_formatter)


def _freeze_imports() -> None:
    """Move every object that exists now (in a lesson: what importing pandas, matplotlib, IPython
    and ipywidgets created, some 135,000 objects that live as long as the kernel) out of the garbage
    collector's reach, once per process. Every full collection then skips them: the one or two
    during a lesson, and the several that run when the kernel shuts down or restarts (a lesson's
    kernel exits in about 0.1 s instead of 0.45 s; `python3 course.py bench` measures it). Objects
    made later are collected as usual. One full collection runs first, so that no garbage is
    frozen with them (at the start of a lesson it finds next to none).
    """
    if gc.get_freeze_count() == 0:
        gc.collect()  # whatever the imports left as garbage is freed, not frozen for good
        gc.freeze()


M_MMAP_THRESHOLD = -3  # glibc's mallopt() parameter


def _return_large_buffers() -> None:
    """Keep glibc's allocator returning freed blocks of 128 KB or more to the system (Linux only).

    By default glibc raises this threshold each time a large block is freed, so that the image
    buffers of explorers (about 1.3 MB each) later come from the heap, which does not shrink: 50
    explorers built and closed in one process left it 28 MB larger, for good; with the threshold
    fixed at its initial 128 KB, 13 MB (`python3 course.py bench --only rebuilds` measures a kernel).
    """
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, 128 * 1024)
    except (OSError, AttributeError):  # not glibc (e.g. musl): nothing to set
        pass
