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

from .citations import source_ids_of
from .plots import STYLE, source_line


class Table:
    """A table to show in a lesson: the first rows, then a line naming the rows' sources.
    Renders as HTML in JupyterLab and as text elsewhere; both are deterministic."""

    def __init__(self, table: pd.DataFrame, rows: int = 10, columns=None, source_ids=None):
        self.full = table
        self.shown = table[list(columns)] if columns is not None else table
        self.shown = self.shown.head(rows)
        ids = source_ids or source_ids_of(table)
        self.source = source_line(table, ids) if ids else "Source: computed in this lesson"

    def _count(self) -> str:
        return f"({len(self.shown)} of {len(self.full)} rows)"

    def __repr__(self) -> str:
        return f"{self.shown.to_string(index=False)}\n{self._count()} {self.source}"

    def _repr_html_(self) -> str:
        return html_table(self.shown) + f"<p style='font-size:85%;color:#444'>{self._count()} {html.escape(self.source)}</p>"


def html_table(table: pd.DataFrame) -> str:
    """A plain HTML table: text left-aligned, numbers right-aligned (JupyterLab right-aligns all
    cells by default, which makes titles and names hard to read), dates as YYYY-MM-DD.

    >>> html_table(pd.DataFrame({"name": ["Lima"], "n": [3]}))
    '<table><thead><tr><th style="text-align:left">name</th><th style="text-align:right">n</th></tr></thead><tbody><tr><td style="text-align:left">Lima</td><td style="text-align:right">3</td></tr></tbody></table>'
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
    """Show the first `rows` rows of a table with its source line (use it as a cell's last line)."""
    return Table(table, rows, columns, source_ids)


def setup_notebook() -> None:
    """The course's display settings: pandas shows up to 20 rows; charts use the course style and
    are embedded as PNGs without a software-version chunk, so re-running a lesson gives the same
    bytes. Charts are saved at their own size: lay out a chart of your own with fig.tight_layout().
    Also keeps the garbage collector off the objects the imports created (see _freeze_imports)."""
    import matplotlib

    pd.set_option("display.max_rows", 20)
    pd.set_option("display.min_rows", 10)
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.width", 120)
    matplotlib.rcParams.update(STYLE)
    matplotlib.rcParams["text.hinting"] = "no_hinting"  # same look at this size, faster to draw
    _freeze_imports()
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
        from IPython import get_ipython
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
    made later are collected as usual; at the start of a lesson there is no garbage to freeze
    (a full collection there finds none).
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
