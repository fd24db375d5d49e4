"""What the course's explorers share: checking the table they are given, year sliders and the
shading of the selected years.

>>> print(nothing_to_explore("Trade explorer", "trade", "peru_us.load_trade()").summary.value)
<span>The trade table passed here has no rows, so there is nothing to explore: pass peru_us.load_trade() or a filter of it
that keeps at least one row.</span>
"""
from __future__ import annotations

import pandas as pd

from .. import arguments
from ..explorer import Explorer, Selection

SHADE = "#0072B2"


def checked(name: str, table, columns, loader: str) -> pd.DataFrame:
    """The table an explorer was given (None: the course's, from `loader`), with its columns checked."""
    return arguments.table(name, table, columns, f"peru_us.{loader}()")


def nothing_to_explore(title: str, name: str, loader: str) -> Explorer:
    """The explorer for an empty table: no controls, a sentence saying what would work."""
    message = (f"The {name} table passed here has no rows, so there is nothing to explore: pass {loader} "
               "or a filter of it that keeps at least one row.")
    return Explorer(title, {}, lambda: Selection(None, message))


def year_bounds(years: pd.Series) -> tuple[int, int]:
    """(first, last) of a column of years or dates, ignoring missing ones."""
    if pd.api.types.is_datetime64_any_dtype(years):
        years = years.dt.year
    years = years.dropna()
    return int(years.min()), int(years.max())


def start_years(name: str, years, bounds: tuple[int, int]) -> tuple[int, int] | None:
    """The `years` a caller asked the slider to start at, checked against the table's years."""
    return None if years is None else arguments.year_pair(name, years, bounds)


def in_years(dates: pd.Series, years) -> pd.Series:
    return dates.dt.year.between(*years)


def year_span(years) -> tuple[float, float]:
    return years[0] - 0.5, years[1] + 0.5


def shade(ax, start, end) -> None:
    """Mark a selected stretch of the x axis."""
    ax.axvspan(start, end, color=SHADE, alpha=0.08, zorder=0)


def shade_selection(ax, years, full) -> None:
    """Mark the selected years on a chart whose axis shows all years (unless all are selected)."""
    if tuple(years) != tuple(full):
        shade(ax, *year_span(years))


def present(column: pd.Series, options) -> list:
    """The `options` that occur in `column`, in the order given."""
    found = set(column.dropna().astype(str))
    return [o for o in options if str(o) in found]


def declared(column: pd.Series) -> list[str]:
    """The values a column can take, in their declared order if it is categorical, else sorted."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories]
    return sorted(str(v) for v in column.dropna().unique())
