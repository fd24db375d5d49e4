"""The course's standard charts, with one look: a colour-blind-safe palette (Okabe-Ito) with
marker shapes as a second cue, labelled axes with units, and a source line under each chart.

Every function takes the table to draw (so a student can pass a filtered copy), draws on
``ax`` if given or on a new figure, and returns the Figure. In a notebook, end the cell with
``plt.show()``.

>>> from peru_us import load_trade
>>> fig = trade_chart(load_trade())
>>> fig.axes[0].get_ylabel()
'million USD (current)'
"""
from __future__ import annotations

import io

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from PIL import Image

from .data import load_sources

# Okabe & Ito (2008), "Color Universal Design": distinguishable with all common colour-vision deficiencies.
# The yellow (#F0E442) comes last and markers get a dark edge: pale yellow is hard to see on white.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#999999", "#F0E442"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "p", "h"]
EDGE = "#333333"
STYLE = {
    "figure.figsize": (8.0, 4.2), "figure.dpi": 100, "savefig.dpi": 100,
    "font.size": 10, "axes.titlesize": 12, "axes.titleweight": "bold", "axes.labelsize": 10,
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
    "legend.frameon": False, "legend.fontsize": 9, "svg.hashsalt": "peru-us",
}
TRADE_LABELS = {"us_exports_musd": "U.S. exports to Peru", "us_imports_musd": "U.S. imports from Peru",
               "balance_musd": "Balance (exports − imports)"}


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def new_axes(ax=None, pyplot: bool = True, size=None):
    """An Axes to draw on: `ax` itself, or a new figure's (pyplot-managed so notebooks show it,
    or a plain Figure for widgets, which render it themselves)."""
    if ax is not None:
        return ax.figure, ax
    with matplotlib.rc_context(STYLE):
        fig = plt.figure(figsize=size) if pyplot else Figure(figsize=size or STYLE["figure.figsize"])
        ax = fig.add_subplot()
    return fig, ax


def style_axes(ax, title: str, xlabel: str, ylabel: str) -> None:
    """Apply the course look to an axes drawn outside the rc context."""
    # A fixed title position (y) spares matplotlib a layout pass at every draw (it would otherwise
    # measure the axis to place the title above it).
    ax.set_title(title, loc="left", fontsize=STYLE["axes.titlesize"], fontweight="bold", y=1.02)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(True, alpha=STYLE["grid.alpha"])
    ax.set_axisbelow(True)


def source_line(table: pd.DataFrame | None = None, ids=None) -> str:
    """The 'Source:' line for a chart, naming the publishers of the rows' sources.

    >>> from peru_us import load_trade
    >>> source_line(load_trade())
    'Source: U.S. Census Bureau, Foreign Trade Division [census-c3330-v2020, census-c3330-v2026]'
    """
    if ids is None:
        ids = sorted(set(table["source_id"].dropna())) if table is not None and len(table) else []
    if not ids:
        return "Source: no rows selected"
    if len(ids) > 3:
        return f"Sources: {len(ids)} publications; list them with peru_us.cite(table)"
    publishers = load_sources().set_index("source_id").loc[ids, "publisher"]
    names = list(dict.fromkeys(p.split(" (")[0] for p in publishers))
    return f"Source{'s' if len(names) > 1 else ''}: {'; '.join(names)} [{', '.join(ids)}]"


def add_source(fig: Figure, text: str) -> None:
    """Write (or replace) the source line at the bottom left of the figure."""
    for existing in [t for t in fig.texts if getattr(t, "_is_source_line", False)]:
        existing.remove()
    label = fig.text(0.01, 0.005, text, fontsize=7.5, color="#444444", ha="left", va="bottom", wrap=True)
    label._is_source_line = True


def finish(fig: Figure, table: pd.DataFrame | None, ids=None, margins: dict | None = None) -> Figure:
    """Add the source line and set the margins: the chart's usual `margins`, else a tight layout
    (which costs a full extra layout pass)."""
    add_source(fig, source_line(table, ids))
    if margins:
        fig.subplots_adjust(**margins)
    else:
        fig.tight_layout(rect=(0, 0.045, 1, 1))
    return fig


# Usual margins of each chart and its explorer (measured once with tight_layout). Notebooks save
# charts at this size, so tests check that nothing sticks out of them.
MARGINS = {
    "timeline": dict(left=0.135, right=0.98, bottom=0.185, top=0.9),
    "trade": dict(left=0.12, right=0.97, bottom=0.185, top=0.9),
    "agreement": dict(left=0.09, right=0.98, bottom=0.185, top=0.9),
    "aid": dict(left=0.085, right=0.73, bottom=0.185, top=0.9),
    "coca": dict(left=0.13, right=0.98, bottom=0.185, top=0.9),
    "opinion": dict(left=0.12, right=0.88, bottom=0.25, top=0.92),
}


def with_gaps(x: pd.Series, y: pd.Series, max_step: int = 1) -> tuple[list, list]:
    """x and y with a None inserted wherever x jumps by more than `max_step`, so that a line
    is not drawn across years that have no figure.

    >>> with_gaps(pd.Series([2000, 2001, 2005]), pd.Series([1, 2, 3]))
    ([2000, 2001, None, 2005], [1, 2, None, 3])
    """
    xs, ys, previous = [], [], None
    for a, b in zip(x.tolist(), y.tolist()):
        if previous is not None and a - previous > max_step:
            xs.append(None)
            ys.append(None)
        xs.append(a)
        ys.append(b)
        previous = a
    return xs, ys


def whole_years(ax) -> None:
    """Year ticks on whole numbers only (no 2012.5)."""
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))


def thousands(ax, axis: str = "y") -> None:
    """Label an axis 12,500 rather than 12500."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))


def set_limits(ax, xlim=None, ylim=None) -> None:
    """Set the axis limits that are given; None leaves that axis as it is."""
    if xlim is not None:
        ax.set_xlim(*xlim)
    if ylim is not None:
        ax.set_ylim(*ylim)


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes, byte-identical across runs (no software/version chunk).

    Drawn with the Agg canvas and encoded with light compression: an explorer redraws on every
    move of a control, and the default savefig path (heavier compression) costs a third more."""
    canvas = FigureCanvasAgg(fig) if not isinstance(fig.canvas, FigureCanvasAgg) else fig.canvas
    canvas.draw()
    return encode_png(canvas)


def encode_png(canvas: FigureCanvasAgg) -> bytes:
    """PNG bytes of what is on the canvas now (without drawing it again)."""
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


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


# --------------------------------------------------------------------------- charts
# Each chart is a *frame* (axes, labels, limits: what an explorer can keep from one redraw to the
# next) and a *layer* (the data). The *_chart functions draw both on a new figure; the explorers
# in widgets.py draw the frame once and redraw only the layer when a control moves.
def timeline_frame(ax, categories, title: str = "Events by category", xlim=None) -> None:
    ax.set_yticks(range(len(categories)), categories)
    set_limits(ax, xlim, (-0.7, max(len(categories), 1) - 0.3))
    style_axes(ax, title, "Year", "")


def timeline_layer(ax, events, categories, all_categories=None) -> None:
    """One marker per event on its category's row; a category keeps its colour whatever is shown."""
    all_categories = list(all_categories or categories)
    for row, category in enumerate(categories):
        rows = events[events["category"] == category]
        if rows.empty:
            continue
        i = all_categories.index(category)
        ax.scatter(rows["date"], [row] * len(rows), s=32, color=colour(i), marker=MARKERS[i % len(MARKERS)],
                   alpha=0.9, edgecolor=EDGE, linewidth=0.4, label=category)


def timeline_chart(events: pd.DataFrame, ax=None, title: str = "Events by category", pyplot: bool = True) -> Figure:
    """One marker per event: date across, category down (only categories that have events).

    >>> from peru_us import load_events
    >>> fig = timeline_chart(load_events())
    >>> fig.axes[0].get_xlabel()
    'Year'
    """
    fig, ax = new_axes(ax, pyplot)
    categories = list(events["category"].cat.categories) if hasattr(events["category"], "cat") else sorted(events["category"].unique())
    present = [c for c in categories if (events["category"] == c).any()]  # no empty rows
    timeline_frame(ax, present, f"{title} ({len(events)} events)")
    timeline_layer(ax, events, present, categories)
    return finish(fig, events, margins=MARGINS["timeline"])


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
    if len(measures):
        ax.legend(loc="upper left", bbox_to_anchor=(0, 0.86))


def trade_chart(trade: pd.DataFrame, measures=("us_exports_musd", "us_imports_musd", "balance_musd"),
                markers: dict | None = None, ax=None, pyplot: bool = True,
                title: str = "U.S. goods trade with Peru") -> Figure:
    """U.S. goods trade with Peru by year; `markers` maps a label to a year to draw as a line.

    >>> from peru_us import load_trade
    >>> fig = trade_chart(load_trade(), measures=["balance_musd"], markers={"example": 2000})
    >>> [line.get_label() for line in fig.axes[0].lines][1:2]
    ['Balance (exports − imports)']
    """
    fig, ax = new_axes(ax, pyplot)
    trade_frame(ax, title, zero_line="balance_musd" in measures)
    trade_layer(ax, trade, measures, markers)
    return finish(fig, trade, margins=MARGINS["trade"])


def voted_alike(votes: pd.DataFrame) -> pd.DataFrame:
    """The roll calls where both countries voted, with a column `agreed`: True where they voted the
    same way. The one definition of agreement that every UN chart and table uses.

    >>> votes = pd.DataFrame({"us_vote": ["yes", "no", None], "peru_vote": ["yes", "yes", "no"]})
    >>> voted_alike(votes)["agreed"].tolist()
    [True, False]
    """
    both = votes.dropna(subset=["us_vote", "peru_vote"])
    return both.assign(agreed=both["us_vote"].astype(str) == both["peru_vote"].astype(str))


def agreement_by_year(votes: pd.DataFrame) -> pd.DataFrame:
    """Per year: roll calls where both countries voted, and the share where they voted the same.

    >>> from peru_us import load_un_votes
    >>> agreement_by_year(load_un_votes()).columns.tolist()
    ['year', 'both_voted', 'agreed', 'agreement_pct']
    """
    both = voted_alike(votes)
    table = (pd.DataFrame({"year": both["date"].dt.year, "agreed": both["agreed"]})
             .groupby("year").agg(both_voted=("agreed", "size"), agreed=("agreed", "sum")).reset_index())
    table["agreement_pct"] = (100 * table["agreed"] / table["both_voted"]).round(1)
    return table


def agreement_frame(ax, title: str, min_votes: int = 5, xlim=None) -> None:
    set_limits(ax, xlim, (0, 100))
    whole_years(ax)
    style_axes(ax, title, f"Year of the vote (years with fewer than {min_votes} roll calls voted by both are left out)",
               "% of roll calls with the same vote")


def agreement_layer(ax, votes, min_votes: int = 5) -> None:
    table = agreement_by_year(votes)
    table = table[table["both_voted"] >= min_votes]
    ax.plot(*with_gaps(table["year"], table["agreement_pct"]), color=colour(0), marker="o", markersize=3, linewidth=1.6)
    if table.empty:
        ax.text(0.5, 0.5, f"No year has {min_votes} or more roll calls voted by both in this selection:\n"
                "widen the years or choose more issues.", transform=ax.transAxes, ha="center", va="center", fontsize=9)


def agreement_chart(votes: pd.DataFrame, ax=None, title: str = "How often Peru and the U.S. voted alike at the UN",
                    pyplot: bool = True, min_votes: int = 5) -> Figure:
    """Share of General Assembly roll calls per year where both voted and voted the same way.

    >>> from peru_us import load_un_votes
    >>> tuple(float(y) for y in agreement_chart(load_un_votes()).axes[0].get_ylim())
    (0.0, 100.0)
    """
    fig, ax = new_axes(ax, pyplot)
    years = votes["date"].dt.year
    agreement_frame(ax, title, min_votes, (years.min() - 0.5, years.max() + 0.5) if len(years) else None)
    agreement_layer(ax, votes, min_votes)
    return finish(fig, votes, margins=MARGINS["agreement"])


def aid_table(aid: pd.DataFrame, by: str = "category", dollars: str = "constant", top: int = 6) -> pd.DataFrame:
    """Obligations in million USD by fiscal year (rows) and group (columns, the `top` largest then 'other');
    the 1976 transition quarter is left out."""
    column = "obligations_constant_2020_usd" if dollars == "constant" else "obligations_current_usd"
    rows = aid[~aid["transition_quarter"]]
    table = rows.pivot_table(index="fiscal_year", columns=by, values=column, aggfunc="sum", observed=True).fillna(0) / 1e6
    order = table.sum().sort_values(ascending=False).index
    if len(order) > top:
        table = pd.concat([table[order[:top]], table[order[top:]].sum(axis=1).rename("other")], axis=1)
    return table


def aid_frame(ax, dollars: str = "constant", xlim=None, ylim=None) -> None:
    set_limits(ax, xlim, ylim)
    unit = "million USD (constant 2020)" if dollars == "constant" else "million USD (current)"
    style_axes(ax, "U.S. aid obligations to Peru",
               "Fiscal year (not drawn: the 1976 transition quarter and negative adjustments)", unit)


def aid_layer(ax, aid, by: str = "category", dollars: str = "constant", top: int = 6, autoscale: bool = True) -> None:
    table = aid_table(aid, by, dollars, top)
    stacked_bars(ax, table.index, table, autoscale=autoscale)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7.5)


def aid_chart(aid: pd.DataFrame, by: str = "category", dollars: str = "constant", top: int = 6,
              ax=None, pyplot: bool = True) -> Figure:
    """Stacked bars of aid obligations per fiscal year, split by `by` (category, agency or account);
    only the `top` largest groups are named, the rest are summed as 'other'.

    >>> from peru_us import load_aid
    >>> aid_chart(load_aid()).axes[0].get_ylabel()
    'million USD (constant 2020)'
    """
    fig, ax = new_axes(ax, pyplot)
    aid_frame(ax, dollars)
    aid_layer(ax, aid, by, dollars, top)
    # the legend's width depends on the names of the groups: lay this chart out each time
    return finish(fig, aid)


SERIES_LABELS = {"us_government": "U.S. Government estimate", "national_monitoring": "UNODC / Peru (DEVIDA) monitoring",
                 "eradication_reported": "Eradication reported by Peru"}


def coca_frame(ax, measure: str = "cultivation", xlim=None, ylim=None) -> None:
    set_limits(ax, xlim, ylim or (0, None))
    thousands(ax)
    whole_years(ax)
    if measure == "potential_cocaine_production":  # tonnes, and only the U.S. Government estimates it
        style_axes(ax, "Potential pure cocaine production (U.S. Government estimate)", "Year", "metric tons")
    else:
        style_axes(ax, f"Coca in Peru: {measure.replace('_', ' ')} by estimating body", "Year", "hectares")


def coca_layer(ax, rows) -> None:
    """One line per series (the rows should be preferred figures of one measure); acres drawn hollow."""
    for i, series in enumerate(SERIES_LABELS):
        part = rows[rows["series"] == series].sort_values("year")
        if part.empty:
            continue
        points = part.dropna(subset=["hectares"])
        ax.plot(*with_gaps(points["year"], points["hectares"]), color=colour(i), linewidth=1.4, label=SERIES_LABELS[series])
        converted = points["unit"] == "acres"
        ax.scatter(points.loc[~converted, "year"], points.loc[~converted, "hectares"], color=colour(i), marker=MARKERS[i], s=26, zorder=3)
        ax.scatter(points.loc[converted, "year"], points.loc[converted, "hectares"], facecolor="white",
                   edgecolor=colour(i), marker=MARKERS[i], s=26, zorder=3)
        for _, r in part[part["quality"] == "range"].iterrows():
            ax.vlines(r["year"], r["value_low"], r["value_high"], color=colour(i), linewidth=3, alpha=0.6,
                      label=f"{r['year']}: a published range")
    if len(rows):
        ax.scatter([], [], facecolor="white", edgecolor="#444444", s=26, label="hollow: converted from acres")
        ax.legend(loc="upper right")


def coca_chart(coca: pd.DataFrame, measure: str = "cultivation", ax=None, pyplot: bool = True) -> Figure:
    """One line per estimating series (preferred figures only), in hectares; figures converted
    from acres are drawn hollow, and the 1984 range as a vertical bar.

    >>> from peru_us import load_coca
    >>> coca_chart(load_coca()).axes[0].get_ylabel()
    'hectares'
    """
    fig, ax = new_axes(ax, pyplot)
    rows = coca[(coca["measure"] == measure) & coca["preferred"]]
    coca_layer(ax, rows)
    coca_frame(ax, measure)
    return finish(fig, rows, margins=MARGINS["coca"])


def opinion_frame(ax, title: str = "What Peruvians (and Latin Americans) think", xlim=None) -> None:
    set_limits(ax, xlim, (0, 100))
    whole_years(ax)
    style_axes(ax, title, "Survey year", "% of respondents")


def opinion_layer(ax, opinion) -> None:
    groups = opinion.groupby(["measure", "subject", "geography", "pollster"], observed=True)
    for i, ((measure, subject, geography, pollster), part) in enumerate(groups):
        part = part.sort_values("year")
        label = f"{subject}, {measure.replace('_', ' ')}: {geography} ({pollster.split(' (')[0].split(' with ')[0]})"
        ax.plot(*with_gaps(part["year"], part["value_pct"], max_step=5), color=colour(i),
                marker=MARKERS[i % len(MARKERS)], markeredgecolor=EDGE, markeredgewidth=0.4, linewidth=1.4, label=label[:80])
    if len(opinion):
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=7.5)


def opinion_chart(opinion: pd.DataFrame, ax=None, pyplot: bool = True,
                  title: str = "What Peruvians (and Latin Americans) think") -> Figure:
    """Poll results over time, one line per measure, subject and pollster.

    >>> from peru_us import load_opinion
    >>> tuple(float(y) for y in opinion_chart(load_opinion()).axes[0].get_ylim())
    (0.0, 100.0)
    """
    fig, ax = new_axes(ax, pyplot, size=(8.0, 5.4))
    opinion_frame(ax, title)
    opinion_layer(ax, opinion)
    return finish(fig, opinion, margins=MARGINS["opinion"])
