"""Notebook set-up and tables that carry their source line.

>>> from peru_us import load_trade
>>> print(show(load_trade(), rows=2))
 year  us_exports_musd  us_imports_musd  balance_musd vintage          source_id
 1985            495.9           1086.6        -590.7    2020 census-c3330-v2020
 1986            692.8            802.9        -110.1    2020 census-c3330-v2020
(2 of 41 rows) Source: U.S. Census Bureau, Foreign Trade Division [census-c3330-v2020, census-c3330-v2026]
"""
from __future__ import annotations

import gc
import html

import pandas as pd

from . import arguments
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

    `columns`: one column name or a list of them (default: all); `source_ids`: one source_id or a
    list, for a table you computed that has no source_id column. A Series is shown as a table
    (its index as a column, as ``value_counts()`` gives it).

    >>> show(pd.DataFrame({"year": [2006]}), columns="yaer")
    Traceback (most recent call last):
    ValueError: columns: 'yaer' is not allowed (did you mean 'year'?); use a column of the table: 'year'
    """
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


def setup_notebook() -> None:
    """The course's display settings: pandas shows up to 20 rows; charts use the course style and
    are embedded as PNGs without a software-version chunk, so re-running a lesson gives the same
    bytes. Charts are saved at their own size: lay out a chart of your own with fig.tight_layout().
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
    if get_ipython() is not None:
        # No bbox_inches="tight" (a whole extra layout pass per chart): the course's charts set
        # their own margins, tested to keep every label inside the picture.
        set_matplotlib_formats("png", metadata={"Software": None}, pil_kwargs={"compress_level": 1}, bbox_inches=None)


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
