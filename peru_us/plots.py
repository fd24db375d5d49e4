"""The course's standard charts, with one look (:mod:`peru_us.style`): labelled axes with units,
colour and marker shape for each series, and a source line under each chart.

Every function takes the table to draw (so a student can pass a filtered copy), draws on
``ax`` if given or on a new figure, and returns the Figure. In a notebook, end the cell with
``plt.show()``. A wrong argument raises a ValueError or TypeError that says what is allowed;
an empty selection draws an empty chart that says so.

>>> from peru_us import load_trade
>>> fig = trade_chart(load_trade())
>>> fig.axes[0].get_ylabel()
'million USD (current)'
>>> trade_chart(load_trade(), measures=["exports"])
Traceback (most recent call last):
ValueError: measures: 'exports' is not allowed (did you mean 'us_exports_musd'?); use 'us_exports_musd', 'us_imports_musd' or
'balance_musd'
"""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from . import arguments

# The names below are part of peru_us.plots for the lessons' own charts (plots.add_source,
# plots.source_line, plots.thousands, plots.agreement_by_year, ...).
from .analysis import agreement_by_year, aid_table, voted_alike  # noqa: F401
from .attribution import source_line
from .drawing import (  # noqa: F401
    COCA_MEASURES,
    SERIES_LABELS,
    TRADE_LABELS,
    agreement_frame,
    agreement_layer,
    aid_frame,
    aid_layer,
    categories_of,
    coca_frame,
    coca_layer,
    opinion_frame,
    opinion_layer,
    stacked_bars,
    timeline_frame,
    timeline_layer,
    trade_frame,
    trade_layer,
    with_gaps,
)
from .style import (  # noqa: F401
    EDGE,
    MARGINS,
    MARKERS,
    PALETTE,
    STYLE,
    add_source,
    colour,
    encode_png,
    new_axes,
    png_bytes,
    set_limits,
    style_axes,
    thousands,
    whole_years,
)


def finish(fig: Figure, table: pd.DataFrame | None, ids=None, margins: dict | None = None) -> Figure:
    """Add the source line and set the margins: the chart's usual `margins`, else a tight layout
    (which costs a full extra layout pass)."""
    add_source(fig, source_line(table, ids))
    if margins:
        fig.subplots_adjust(**margins)
    else:
        fig.tight_layout(rect=(0, 0.045, 1, 1))
    return fig


_UNTITLED = object()


def _common(ax, pyplot, title=_UNTITLED) -> None:
    """The arguments every chart shares."""
    arguments.axes("ax", ax)
    arguments.boolean("pyplot", pyplot)
    if title is not _UNTITLED and not isinstance(title, str):
        raise TypeError(f"title={arguments.shown(title)} ({arguments.kind(title)}): expected text")


def timeline_chart(events: pd.DataFrame, ax=None, title: str = "Events by category", pyplot: bool = True) -> Figure:
    """One marker per event: date across, category down (only categories that have events).
    Events known only to the month or the year are drawn hollow, across that month or year.

    >>> from peru_us import load_events
    >>> fig = timeline_chart(load_events())
    >>> fig.axes[0].get_xlabel()
    'Year'
    """
    arguments.table("events", events, ["date", "category"], "peru_us.load_events()")
    _common(ax, pyplot, title)
    fig, ax = new_axes(ax, pyplot)
    categories = categories_of(events)
    present = [c for c in categories if (events["category"].astype(str) == c).any()]  # no empty rows
    timeline_frame(ax, present, f"{title} ({len(events)} events)")
    timeline_layer(ax, events, present, categories)
    return finish(fig, events, margins=MARGINS["timeline"])


def trade_chart(trade: pd.DataFrame, measures=("us_exports_musd", "us_imports_musd", "balance_musd"),
                markers: dict | None = None, ax=None, pyplot: bool = True,
                title: str = "U.S. goods trade with Peru") -> Figure:
    """U.S. goods trade with Peru by year; `markers` maps a label to a year to draw as a line.

    >>> from peru_us import load_trade
    >>> fig = trade_chart(load_trade(), measures=["balance_musd"], markers={"example": 2000})
    >>> [line.get_label() for line in fig.axes[0].lines][1:2]
    ['Balance (exports − imports)']
    """
    arguments.table("trade", trade, ["year"], "peru_us.load_trade()")
    measures = arguments.names("measures", measures, list(TRADE_LABELS))
    arguments.table("trade", trade, measures, "peru_us.load_trade()")
    if markers is not None:
        if not isinstance(markers, dict):
            raise TypeError(f"markers={arguments.shown(markers)} ({arguments.kind(markers)}): expected a dict "
                            "of label to year, such as {'TPA signed': 2006}")
        markers = {str(k): arguments.integer(f"markers[{k!r}]", v) for k, v in markers.items()}
    _common(ax, pyplot, title)
    fig, ax = new_axes(ax, pyplot)
    trade_frame(ax, title, zero_line="balance_musd" in measures)
    trade_layer(ax, trade, measures, markers)
    return finish(fig, trade, margins=MARGINS["trade"])


def agreement_chart(votes: pd.DataFrame, ax=None, title: str = "How often Peru and the U.S. voted alike at the UN",
                    pyplot: bool = True, min_votes: int = 5) -> Figure:
    """Share of General Assembly roll calls per year where both voted and voted the same way.

    >>> from peru_us import load_un_votes
    >>> tuple(float(y) for y in agreement_chart(load_un_votes()).axes[0].get_ylim())
    (0.0, 100.0)
    """
    arguments.table("votes", votes, ["date", "us_vote", "peru_vote"], "peru_us.load_un_votes()")
    min_votes = arguments.integer("min_votes", min_votes, minimum=1)
    _common(ax, pyplot, title)
    fig, ax = new_axes(ax, pyplot)
    years = votes["date"].dt.year
    agreement_frame(ax, title, min_votes, (years.min() - 0.5, years.max() + 0.5) if len(years) else None)
    agreement_layer(ax, votes, min_votes)
    return finish(fig, votes, margins=MARGINS["agreement"])


def aid_chart(aid: pd.DataFrame, by: str = "category", dollars: str = "constant", top: int = 6,
              ax=None, pyplot: bool = True) -> Figure:
    """Stacked bars of aid obligations per fiscal year, split by `by` (category, agency, account
    or publication_row); only the `top` largest groups are named, the rest are summed as 'other'.

    >>> from peru_us import load_aid
    >>> aid_chart(load_aid()).axes[0].get_ylabel()
    'million USD (constant 2020)'
    """
    table = aid_table(aid, by, dollars, top)  # checks aid, by, dollars and top
    _common(ax, pyplot)
    fig, ax = new_axes(ax, pyplot)
    aid_frame(ax, dollars)
    aid_layer(ax, aid, by, dollars, top, table=table)
    # the legend's width depends on the names of the groups: lay this chart out each time
    return finish(fig, aid)


def coca_chart(coca: pd.DataFrame, measure: str = "cultivation", ax=None, pyplot: bool = True) -> Figure:
    """One line per estimating series (preferred figures only), in hectares (potential cocaine
    production: metric tons); figures converted from acres are drawn hollow, and the 1984 range
    as a vertical bar.

    >>> from peru_us import load_coca
    >>> coca_chart(load_coca()).axes[0].get_ylabel()
    'hectares'
    >>> coca_chart(load_coca(), measure="cultivaton")
    Traceback (most recent call last):
    ValueError: measure='cultivaton' is not allowed (did you mean 'cultivation'?); use 'cultivation', 'eradication' or
    'potential_cocaine_production'
    """
    arguments.table("coca", coca, ["year", "series", "measure", "value", "hectares", "unit", "quality", "preferred"],
                    "peru_us.load_coca()")
    measure = arguments.choice("measure", measure, COCA_MEASURES)
    _common(ax, pyplot)
    fig, ax = new_axes(ax, pyplot)
    rows = coca[(coca["measure"] == measure) & coca["preferred"].fillna(False).astype(bool)]
    coca_layer(ax, rows, measure)
    coca_frame(ax, measure)
    return finish(fig, rows, margins=MARGINS["coca"])


def opinion_chart(opinion: pd.DataFrame, ax=None, pyplot: bool = True,
                  title: str = "What Peruvians (and Latin Americans) think") -> Figure:
    """Poll results over time, one line per measure, subject and pollster.

    >>> from peru_us import load_opinion
    >>> tuple(float(y) for y in opinion_chart(load_opinion()).axes[0].get_ylim())
    (0.0, 100.0)
    """
    arguments.table("opinion", opinion, ["year", "measure", "subject", "geography", "pollster", "value_pct"],
                    "peru_us.load_opinion()")
    _common(ax, pyplot, title)
    fig, ax = new_axes(ax, pyplot, size=(8.0, 5.4))
    opinion_frame(ax, title)
    opinion_layer(ax, opinion)
    return finish(fig, opinion, margins=MARGINS["opinion"])
