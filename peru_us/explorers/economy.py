"""Trade, aid and coca: figures by year, with the selected years shaded on an axis of all years.

>>> ex = aid_explorer(years=(1990, 2020))
>>> ex.controls["dollars"].value = "current"
>>> "(current)" in ex.summary.value, ex.error
(True, None)
"""
from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from matplotlib.patches import Patch

from .. import arguments
from ..analysis import DOLLAR_COLUMNS, aid_table, tpa_years
from ..data import load_aid, load_coca, load_trade
from ..drawing import (
    COCA_MEASURES,
    IN_TONNES,
    SERIES_LABELS,
    aid_frame,
    coca_frame,
    coca_layer,
    stacked_bars,
    trade_frame,
    trade_layer,
)
from ..explorer import WIDE, Explorer, Selection, year_range
from ..style import MARGINS, colour
from .common import checked, declared, nothing_to_explore, present, shade_selection, start_years, year_bounds, year_span

TRADE_MEASURES = {"Exports": "us_exports_musd", "Imports": "us_imports_musd", "Balance": "balance_musd"}


def trade_explorer(trade: pd.DataFrame | None = None, markers: dict | None = None) -> Explorer:
    """U.S. exports, imports and balance with Peru over a chosen range (shaded); `markers` maps a
    label to a year to mark (default: the Trade Promotion Agreement's signature and entry into force)."""
    trade = checked("trade", load_trade() if trade is None else trade, ["year", *TRADE_MEASURES.values()], "load_trade")
    if trade.empty:
        return nothing_to_explore("Trade explorer", "trade", "peru_us.load_trade()")
    if markers is not None and not isinstance(markers, dict):
        raise TypeError(f"markers={arguments.shown(markers)} ({arguments.kind(markers)}): expected a dict of label "
                        "to year, such as {'TPA signed': 2006}")
    markers = tpa_years() if markers is None else {str(k): arguments.integer(f"markers[{k!r}]", v) for k, v in markers.items()}
    first, last = year_bounds(trade["year"])
    figures = trade[list(TRADE_MEASURES.values())]
    low, high = float(figures.min().min()), float(figures.max().max())
    if not (low == low and high == high):  # no figure at all (NaN)
        low, high = 0.0, 1.0
    pad = max(high - low, 1.0) * 0.05
    controls = {
        "years": year_range(first, last),
        "measures": widgets.SelectMultiple(options=list(TRADE_MEASURES), value=tuple(TRADE_MEASURES), rows=3,
                                           description="Show", style=WIDE),
        "mark_tpa": widgets.Checkbox(value=bool(markers), description="Mark the Trade Promotion Agreement", style=WIDE,
                                     disabled=not markers),
    }

    def frame(ax, **_):  # all years on the axis; the selection is shaded
        trade_frame(ax, xlim=year_span((first, last)), ylim=(min(low, 0) - pad, high + pad))

    def select(years, measures, mark_tpa):
        rows = trade[trade["year"].between(*years)]
        summary = (f"{years[0]}–{years[1]}: U.S. exports {rows['us_exports_musd'].sum():,.1f}, imports "
                   f"{rows['us_imports_musd'].sum():,.1f}, balance {rows['balance_musd'].sum():+,.1f} million USD in total.")
        if rows.empty:
            summary = f"No trade figures for {years[0]}–{years[1]} in this table: choose years from {first} to {last}."
        return Selection(rows, summary)

    def draw(ax, selection, years, measures, mark_tpa):
        shade_selection(ax, years, (first, last))
        trade_layer(ax, selection.rows, [TRADE_MEASURES[m] for m in measures], markers if mark_tpa else None)

    return Explorer("Trade explorer", controls, select, draw=draw, frame=frame, margins=MARGINS["trade"],
                    columns=[c for c in ["year", *TRADE_MEASURES.values(), "vintage", "source_id"] if c in trade.columns])


AID_SPLITS = {"Category": "category", "Agency": "agency", "Program group": "publication_row", "Account": "account"}
AID_GROUPS = 6  # named groups; the rest are summed as 'other'


def aid_explorer(aid: pd.DataFrame | None = None, years=None) -> Explorer:
    """Aid obligations by fiscal year (selection shaded), split by category, agency or account;
    `years` (first, last) sets the slider at the start. A group keeps its colour whatever years
    are selected: the groups named are the largest of all years (of the category chosen)."""
    aid = checked("aid", load_aid() if aid is None else aid,
                  ["fiscal_year", "transition_quarter", "category", "account", *DOLLAR_COLUMNS.values()], "load_aid")
    if aid.empty:
        return nothing_to_explore("Aid explorer", "aid", "peru_us.load_aid()")
    first, last = year_bounds(aid["fiscal_year"])
    splits = {label: column for label, column in AID_SPLITS.items() if column in aid.columns}
    controls = {
        "years": year_range(first, last, start_years("years", years, (first, last)), "Fiscal years"),
        "category": widgets.Dropdown(options=["all", *present(aid["category"], declared(aid["category"]))],
                                     description="Category", style=WIDE),
        "split_by": widgets.Dropdown(options=list(splits), value="Program group" if "Program group" in splits else "Category",
                                     description="Split by", style=WIDE),
        "dollars": widgets.ToggleButtons(options=list(DOLLAR_COLUMNS), description="Dollars", style=WIDE),
    }
    # the highest year of all aid, in either kind of dollars, sets the scale whatever is selected
    counted = aid[~aid["transition_quarter"].fillna(False).astype(bool)]
    peak = counted.groupby("fiscal_year")[list(DOLLAR_COLUMNS.values())].sum().clip(lower=0).max().max() / 1e6
    peak = peak if peak == peak and peak > 0 else 1.0

    def of_category(rows: pd.DataFrame, category: str) -> pd.DataFrame:
        return rows if category == "all" else rows[rows["category"] == category]

    named: dict[tuple, list[str]] = {}

    def groups(split_by, category) -> list[str]:
        """The groups named in the legend: the largest over all years, in constant dollars."""
        if (split_by, category) not in named:
            table = aid_table(of_category(aid, category), splits[split_by], "constant", AID_GROUPS)
            named[split_by, category] = [str(g) for g in table.columns]
        return named[split_by, category]

    def frame(ax, **_):
        aid_frame(ax, xlim=(first - 1, last + 1), ylim=(0, peak * 1.05))
        ax.set_ylabel("million USD")  # which dollars depends on a control: written by draw

    def select(years, category, split_by, dollars):
        rows = of_category(aid[aid["fiscal_year"].between(*years)], category)
        column = DOLLAR_COLUMNS[dollars]
        keys = [c for c in ["category", "account", "source_id"] if c in rows.columns]
        table = (rows.groupby(keys, observed=True)[column].sum().div(1e6).round(1)
                 .rename("million_usd").reset_index().sort_values("million_usd", ascending=False))
        unit = "constant 2020" if dollars == "constant" else "current"
        summary = f"FY{years[0]}–FY{years[1]}: {rows[column].sum() / 1e6:,.1f} million USD ({unit}) obligated."
        if rows.empty:
            summary = f"No {category} aid recorded in FY{years[0]}–FY{years[1]}: widen the years or choose 'all'."
        by_year = in_groups(aid_table(rows, splits[split_by], dollars, top=10**6), groups(split_by, category))
        return Selection(table, summary, data=by_year, sources=rows)

    def draw(ax, selection, years, category, split_by, dollars):
        shade_selection(ax, years, (first, last))
        stacked_bars(ax, selection.data.index, selection.data, autoscale=False)
        legend_for(ax, list(selection.data.columns))  # the same for the same split and category: pasted, not drawn
        ax.text(1.0, 1.02, "constant 2020 dollars" if dollars == "constant" else "current dollars",
                transform=ax.transAxes, ha="right", va="bottom", fontsize=9, color="#333333")

    return Explorer("Aid explorer", controls, select, draw=draw, frame=frame, size=(8.6, 4.2), columns=["category", "account",
        "million_usd", "source_id"],
                    margins=dict(left=0.085, right=0.755, bottom=0.185, top=0.9))


def in_groups(table: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """The columns of an aid table summed into `groups` (the named ones, then 'other'), in that order.

    >>> in_groups(pd.DataFrame({"a": [1.0], "b": [2.0], "c": [3.0]}), ["c", "other"]).to_dict("list")
    {'c': [3.0], 'other': [3.0]}
    """
    named = [g for g in groups if g != "other"]
    out = table.reindex(columns=named, fill_value=0.0)
    if "other" in groups:
        out["other"] = table[[c for c in table.columns if str(c) not in named]].sum(axis=1)
    return out


def legend_for(ax, groups: list[str]) -> None:
    """The legend of the stacked bars (colours in the order of `groups`), beside the axes."""
    handles = [Patch(color=colour(i), label=g if len(g) <= 48 else g[:47] + "…") for i, g in enumerate(groups)]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7.5)


def coca_explorer(coca: pd.DataFrame | None = None) -> Explorer:
    """Coca figures from the estimating series, never merged into one line."""
    coca = checked("coca", load_coca() if coca is None else coca,
                   ["year", "series", "measure", "value", "value_low", "value_high", "hectares", "unit", "quality",
                    "preferred", "source_id"], "load_coca")
    if coca.empty:
        return nothing_to_explore("Coca explorer", "coca", "peru_us.load_coca()")
    first, last = year_bounds(coca["year"])
    measures = present(coca["measure"], COCA_MEASURES)
    if not measures:
        raise ValueError(f"coca has no figures of a measure the explorer draws ({arguments.listing(COCA_MEASURES)}); "
                         "pass peru_us.load_coca() or a filtered copy of it")
    series = present(coca["series"], [*SERIES_LABELS, *declared(coca["series"])])
    series = list(dict.fromkeys(series))
    preferred = coca["preferred"].fillna(False).astype(bool)
    controls = {
        "measure": widgets.Dropdown(options=measures, description="Measure", style=WIDE),
        "series": widgets.SelectMultiple(options=series, value=tuple(series), rows=3, description="Series", style=WIDE),
        "years": year_range(first, last),
    }

    def frame(ax, measure, **_):  # one scale per measure: the largest figure of any series
        rows = coca[coca["measure"] == measure]
        top = rows["value"].max() if measure == IN_TONNES else rows[["hectares", "value_high"]].max().max()
        top = top if top == top and top > 0 else 1.0
        coca_frame(ax, measure, xlim=year_span((first, last)), ylim=(0, top * 1.1))

    def select(measure, series, years):
        rows = coca[(coca["measure"] == measure) & coca["series"].isin(series) & coca["year"].between(*years)]
        shown = rows[preferred[rows.index]]
        summary = f"{len(rows)} published figures ({rows['source_id'].nunique()} sources)."
        if rows.empty:
            summary = (f"No {measure.replace('_', ' ')} figures from the series chosen in {years[0]}–{years[1]}: "
                       + ("choose at least one series." if not series else "widen the years or choose other series."))
        return Selection(rows.sort_values(["year", "series"]), summary, data=shown, sources=shown)

    def draw(ax, selection, measure, series, years):
        shade_selection(ax, years, (first, last))
        coca_layer(ax, selection.data, measure)

    return Explorer("Coca explorer", controls, select, draw=draw, frame=frame, frame_keys=["measure"],
                    columns=["year", "series", "value", "unit", "hectares", "quality", "preferred", "source_id"],
                    margins=MARGINS["coca"])
