"""What each chart draws, in two parts: a *frame* (axes, labels, limits: what an explorer keeps
from one redraw to the next) and a *layer* (the data). :mod:`peru_us.plots` puts the two together
on a new figure; the explorers draw the frame once and only the layer when a control moves.

Frames and layers take tables already checked by their caller (see :mod:`peru_us.plots`).

>>> with_gaps(pd.Series([2000, 2001, 2005]), pd.Series([1, 2, 3]))
([2000, 2001, None, 2005], [1, 2, None, 3])
"""
from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from .analysis import agreement_by_year, aid_table
from .dates import date_spans
from .style import EDGE, MARKERS, colour, set_limits, style_axes, thousands, whole_years

TRADE_LABELS = {"us_exports_musd": "U.S. exports to Peru", "us_imports_musd": "U.S. imports from Peru",
                "balance_musd": "Balance (exports − imports)"}
SERIES_LABELS = {"us_government": "U.S. Government estimate", "national_monitoring": "UNODC / Peru (DEVIDA) monitoring",
                 "eradication_reported": "Eradication reported by Peru"}
COCA_MEASURES = ("cultivation", "eradication", "potential_cocaine_production")
IN_TONNES = "potential_cocaine_production"  # metric tons (column `value`); the other measures in hectares
GREY = "#555555"
MARKER_SIZE = 32 ** 0.5  # points: the size of a scatter marker of s=32


def with_gaps(x: pd.Series, y: pd.Series, max_step: int = 1) -> tuple[list, list]:
    """x and y with a None inserted wherever x jumps by more than `max_step`, so that a line
    is not drawn across years that have no figure."""
    xs, ys, previous = [], [], None
    for a, b in zip(x.tolist(), y.tolist()):
        if previous is not None and a - previous > max_step:
            xs.append(None)
            ys.append(None)
        xs.append(a)
        ys.append(b)
        previous = a
    return xs, ys


def stacked_bars(ax, x, table: pd.DataFrame, width: float = 0.85, autoscale: bool = True) -> None:
    """Stacked bars, one PolyCollection per column of `table` (rows at positions `x`): the same
    picture as repeated ax.bar calls, at a fraction of the cost (one artist per group, not per bar).
    Negative values are not drawn."""
    bottom = np.zeros(len(table))
    xs = np.asarray(x, dtype=float)
    for i, name in enumerate(table.columns):
        values = table[name].clip(lower=0).to_numpy(dtype=float)
        left, right, top = xs - width / 2, xs + width / 2, bottom + values
        boxes = np.stack([np.column_stack([left, bottom]), np.column_stack([right, bottom]),
                          np.column_stack([right, top]), np.column_stack([left, top])], axis=1)
        label = str(name) if len(str(name)) <= 48 else str(name)[:47] + "…"
        ax.add_collection(PolyCollection(boxes, facecolors=colour(i), edgecolors="none", label=label))
        bottom = top
    if autoscale and len(xs):
        ax.set_xlim(xs.min() - 1, xs.max() + 1)
        ax.set_ylim(0, max(bottom.max(), 1) * 1.05)


def nothing_to_draw(ax, message: str) -> None:
    """A short note in the middle of an empty chart, saying why it is empty."""
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=9, color="#333333", wrap=True)


# --------------------------------------------------------------------------- timeline
def categories_of(events: pd.DataFrame) -> list[str]:
    """The categories in their declared order (a categorical column), else sorted."""
    column = events["category"]
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories]
    return sorted(str(c) for c in column.dropna().unique())


def timeline_frame(ax, categories, title: str = "Events by category", xlim=None) -> None:
    ax.set_yticks(range(len(categories)), categories)
    set_limits(ax, xlim, (-0.7, max(len(categories), 1) - 0.3))
    style_axes(ax, title, "Year", "")


def timeline_layer(ax, events, categories, all_categories=None) -> None:
    """One marker per event on its category's row; a category keeps its colour whatever is shown.
    An event known to the day is a filled marker; one known only to the month or the year is a
    hollow marker in the middle of a bar that spans that month or year. (Markers are lines
    without a line, not scatter plots: an explorer redraws them at every change, and a Line2D
    costs a fraction of a PathCollection.)"""
    all_categories = list(all_categories or categories)
    precision = events["date_precision"].astype(object) if "date_precision" in events.columns else None
    start, end = date_spans(events["date"], precision)
    middle = start + (end - start) / 2
    exact = np.ones(len(events), bool) if precision is None else (precision.isin(["day"]) | precision.isna()).to_numpy()
    category = events["category"].astype(str).to_numpy()
    bars, bar_colours = [], []
    for row, name in enumerate(categories):
        here = category == name
        if not here.any():
            continue
        i = all_categories.index(name)
        c, m = colour(i), MARKERS[i % len(MARKERS)]
        day, vague = here & exact, here & ~exact
        if day.any():
            ax.plot(events["date"][day], np.full(day.sum(), row), linestyle="none", marker=m, markersize=MARKER_SIZE,
                    color=c, alpha=0.9, markeredgecolor=EDGE, markeredgewidth=0.4, label=name)
        if vague.any():
            bars += [((a, row), (b, row)) for a, b in zip(mdates.date2num(start[vague]), mdates.date2num(end[vague]))]
            bar_colours += [c] * int(vague.sum())
            ax.plot(middle[vague], np.full(vague.sum(), row), linestyle="none", marker=m, markersize=MARKER_SIZE,
                    markerfacecolor="white", markeredgecolor=EDGE, markeredgewidth=1.0, zorder=2.6)
    if bars:
        ax.add_collection(LineCollection(bars, colors=bar_colours, linewidths=5, alpha=0.5), autolim=False)
        handles = [Line2D([], [], marker="o", linestyle="none", color=GREY, markeredgecolor=EDGE, label="exact day"),
                   Line2D([], [], marker="o", color="#AAAAAA", linewidth=5, markerfacecolor="white",
                          markeredgecolor=EDGE, label="month or year only (bar: that span)")]
        ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, fontsize=7.5,
                  handlelength=1.6, columnspacing=1.0, borderaxespad=0.2)
    if not len(events):
        nothing_to_draw(ax, "No events in this selection.")


# --------------------------------------------------------------------------- trade
def trade_frame(ax, title: str = "U.S. goods trade with Peru", zero_line: bool = True, xlim=None, ylim=None) -> None:
    if zero_line:
        ax.axhline(0, color="#444444", linewidth=0.8)
    set_limits(ax, xlim, ylim)
    thousands(ax)
    whole_years(ax)
    style_axes(ax, title, "Year", "million USD (current)")


def trade_layer(ax, trade, measures, markers: dict | None = None) -> None:
    for i, measure in enumerate(measures):
        ax.plot(*with_gaps(trade["year"], trade[measure]), color=colour(i), marker=MARKERS[i], markersize=3.5,
                linewidth=1.8, label=TRADE_LABELS.get(measure, measure))
    for j, (label, year) in enumerate((markers or {}).items()):
        ax.axvline(year, color="#666666", linestyle="--" if j % 2 == 0 else ":", linewidth=1)
        ax.annotate(label, xy=(year, 1), xycoords=("data", "axes fraction"), xytext=(3, -12 - 11 * j),
                    textcoords="offset points", fontsize=8, color="#333333")
    if len(measures) and len(trade):
        ax.legend(loc="upper left", bbox_to_anchor=(0, 0.86))
    elif not len(trade):
        nothing_to_draw(ax, "No years in this selection.")


# --------------------------------------------------------------------------- UN votes
def agreement_frame(ax, title: str, min_votes: int = 5, xlim=None) -> None:
    set_limits(ax, xlim, (0, 100))
    whole_years(ax)
    style_axes(ax, title, f"Year of the vote (years with fewer than {min_votes} roll calls voted by both are left out)",
               "% of roll calls with the same vote")


def agreement_layer(ax, votes, min_votes: int = 5, by_year: pd.DataFrame | None = None) -> None:
    """`by_year`: agreement_by_year(votes), if already computed."""
    table = agreement_by_year(votes) if by_year is None else by_year
    table = table[table["both_voted"] >= min_votes]
    ax.plot(*with_gaps(table["year"], table["agreement_pct"]), color=colour(0), marker="o", markersize=3, linewidth=1.6)
    if table.empty:
        nothing_to_draw(ax, f"No year has {min_votes} or more roll calls voted by both in this selection:\n"
                        "widen the years or choose more issues.")


# --------------------------------------------------------------------------- aid
def aid_frame(ax, dollars: str = "constant", xlim=None, ylim=None) -> None:
    set_limits(ax, xlim, ylim)
    unit = "million USD (constant 2020)" if dollars == "constant" else "million USD (current)"
    style_axes(ax, "U.S. aid obligations to Peru",
               "Fiscal year (not drawn: the 1976 transition quarter and negative adjustments)", unit)


def aid_layer(ax, aid, by: str = "category", dollars: str = "constant", top: int = 6, autoscale: bool = True,
              table: pd.DataFrame | None = None) -> None:
    """`table`: aid_table(aid, by, dollars, top), if already computed."""
    table = aid_table(aid, by, dollars, top) if table is None else table
    stacked_bars(ax, table.index, table, autoscale=autoscale)
    if len(table.columns):
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7.5)
    else:
        nothing_to_draw(ax, "No aid obligations in this selection.")


# --------------------------------------------------------------------------- coca
def coca_frame(ax, measure: str = "cultivation", xlim=None, ylim=None) -> None:
    set_limits(ax, xlim, ylim or (0, None))
    thousands(ax)
    whole_years(ax)
    if measure == IN_TONNES:  # and only the U.S. Government estimates it
        style_axes(ax, "Potential pure cocaine production (U.S. Government estimate)", "Year", "metric tons")
    else:
        style_axes(ax, f"Coca in Peru: {measure.replace('_', ' ')} by estimating body", "Year", "hectares")


def coca_layer(ax, rows, measure: str = "cultivation") -> None:
    """One line per series (the rows should be preferred figures of `measure`); figures converted
    from acres are drawn hollow, a published range as a vertical bar."""
    y = "value" if measure == IN_TONNES else "hectares"
    for i, series in enumerate(SERIES_LABELS):
        part = rows[rows["series"] == series].sort_values("year")
        if part.empty:
            continue
        points = part.dropna(subset=[y])
        ax.plot(*with_gaps(points["year"], points[y]), color=colour(i), linewidth=1.4, label=SERIES_LABELS[series])
        converted = (points["unit"] == "acres").to_numpy()
        ax.scatter(points.loc[~converted, "year"], points.loc[~converted, y], color=colour(i), marker=MARKERS[i], s=26, zorder=3)
        ax.scatter(points.loc[converted, "year"], points.loc[converted, y], facecolor="white",
                   edgecolor=colour(i), marker=MARKERS[i], s=26, zorder=3)
        for _, r in part[part["quality"] == "range"].iterrows():
            ax.vlines(r["year"], r["value_low"], r["value_high"], color=colour(i), linewidth=3, alpha=0.6,
                      label=f"{r['year']}: a published range")
    if len(rows):
        if (rows["unit"] == "acres").any():
            ax.scatter([], [], facecolor="white", edgecolor="#444444", s=26, label="hollow: converted from acres")
        ax.legend(loc="upper right")
    else:
        nothing_to_draw(ax, f"No {measure.replace('_', ' ')} figures in this selection.")


# --------------------------------------------------------------------------- opinion
def opinion_frame(ax, title: str = "What Peruvians (and Latin Americans) think", xlim=None) -> None:
    set_limits(ax, xlim, (0, 100))
    whole_years(ax)
    style_axes(ax, title, "Survey year", "% of respondents")


OPINION_SERIES = ["measure", "subject", "geography", "pollster"]


def opinion_label(measure, subject, geography, pollster) -> str:
    pollster = str(pollster).split(" (")[0].split(" with ")[0]
    return f"{subject}, {str(measure).replace('_', ' ')}: {geography} ({pollster})"[:80]


def opinion_layer(ax, opinion, series: list | None = None, legend: bool = True) -> list:
    """One line per measure, subject, geography and pollster; `series`: every such key in a
    fixed order, which gives each its colour and marker whatever is shown (default: those shown).
    Returns (key, line) for each line drawn."""
    drawn = []
    for i, (key, part) in enumerate(opinion.groupby(OPINION_SERIES, observed=True)):
        j = series.index(key) if series is not None else i
        part = part.sort_values("year")
        line, = ax.plot(*with_gaps(part["year"], part["value_pct"], max_step=5), color=colour(j),
                marker=MARKERS[j % len(MARKERS)], markeredgecolor=EDGE, markeredgewidth=0.4, linewidth=1.4,
                label=opinion_label(*key))
        drawn.append((key, line))
    if len(opinion) and legend:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=7.5)
    elif not len(opinion):
        nothing_to_draw(ax, "No poll figures in this selection.")
    return drawn


def slot_legends(ax, entries, top: float, row: float = 0.029, columns=(0.01, 0.495)) -> None:
    """A legend whose entries keep their places: entry `slot` goes to row slot // 2 of column
    slot % 2 (figure coordinates), whether or not the others are shown, so that a series is
    always found at the same place (and an explorer pastes the entries it has drawn before)."""
    for slot, handle, label in entries:
        x, y = columns[slot % len(columns)], top - row * (slot // len(columns))
        ax.add_artist(Legend(ax, [handle], [label], loc="upper left", bbox_to_anchor=(x, y), bbox_transform=ax.figure.transFigure,
                             frameon=False, fontsize=7.5, borderpad=0, borderaxespad=0))
