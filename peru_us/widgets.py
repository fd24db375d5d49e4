"""Interactive explorers for the lessons, built from ipywidgets and the course charts.

Each explorer is a function returning an :class:`Explorer` (a VBox): controls on top, a
one-line summary, the chart (a PNG in an Image widget) and a table of the matching rows with
their sources. The update logic is plain functions, so tests and benchmarks can drive an
explorer without a browser:

>>> ex = trade_explorer()
>>> before = ex.image.value
>>> ex.controls["years"].value = (2000, 2010)
>>> ex.image.value != before, ex.error
(True, None)

Redrawing is fast because an explorer draws its chart in two parts: a *frame* (axes, ticks,
labels, title: most of the text, which is what costs time to render) that is drawn only when a
control it depends on changes, and a *layer* (the data) that is drawn on a copy of the frame at
every change (matplotlib's "blitting").
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from . import plots
from .data import load_aid, load_ambassadors, load_coca, load_conflicts, load_events, load_opinion, load_trade, load_un_votes, load_visits
from .display import html_table

WIDE = {"description_width": "initial"}
MAX_TABLE_ROWS = 15
# Explorers render text without hinting: the glyphs look the same at this size and render faster.
FAST_TEXT = {"text.hinting": "no_hinting"}


class Explorer(widgets.VBox):
    """Controls + summary + chart + table.

    draw(ax, **values) draws the data and returns (rows for the table, summary text).
    frame(ax, **values), if given, draws what depends only on the controls named in
    `frame_keys` (or on what the function `frame_keys(values)` returns); it is redrawn only when
    that changes. margins: the figure's subplot margins (plots.MARGINS has the charts' usual ones).
    """

    def __init__(self, title: str, controls: dict, draw, columns: list[str], size=(8.0, 4.2), chart: bool = True,
                 frame=None, frame_keys=(), margins: dict | None = None):
        self.title, self.controls, self._draw, self._columns, self._chart = title, controls, draw, columns, chart
        self._frame = frame
        self._frame_key_of = frame_keys if callable(frame_keys) else (lambda values: tuple(values[k] for k in frame_keys))
        self.figure = Figure(figsize=size, dpi=plots.STYLE["figure.dpi"])
        self.canvas = FigureCanvasAgg(self.figure)  # an explorer draws offscreen and shows the PNG
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width=f"{int(size[0] * 100)}px"))
        self.summary = widgets.HTML()
        self.table = widgets.HTML(layout=widgets.Layout(max_height="340px", overflow="auto"))
        self.error: str | None = None
        self._frame_key = self._background = self._ax = None
        self._layer: list = []
        self._frame_artists: list = []
        self._layer_drawn_once = False
        header = widgets.HTML(f"<b>{html.escape(title)}</b>")
        panel = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap", justify_content="flex-start"))
        if not chart:
            self.image.layout.display = "none"
        super().__init__([header, panel, self.summary, self.image, self.table])
        for control in controls.values():
            control.observe(self.refresh, names="value")
        # Fixed margins (the chart's usual ones, see plots.MARGINS): laying the figure out at every
        # redraw would cost a full extra pass; tests check that nothing sticks out.
        self._margins = dict(margins or {})
        self.refresh()

    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self, _change=None) -> None:
        """Redraw chart, summary and table from the controls' current values."""
        values = self.values()
        try:
            with matplotlib.rc_context({**plots.STYLE, **FAST_TEXT}):
                rows, summary = self._render(values)
            self.error = None
        except Exception as err:  # noqa: BLE001 - a lesson must not crash on an odd selection
            rows, summary = pd.DataFrame(columns=self._columns), f"⚠️ Could not draw this selection ({err})."
            self.error = f"{type(err).__name__}: {err}"
            self._frame_key = None  # start from a clean figure next time
            self._ax = None
        self.summary.value = summary if summary.startswith("<") else f"<span>{html.escape(summary)}</span>"
        self.table.value = table_html(rows, self._columns)

    def _render(self, values: dict):
        if self._frame is None:  # nothing to keep between redraws: draw everything
            self._new_axes()
            rows, summary = self._draw(self._ax, **values)
            if self._chart:
                self.canvas.draw()
                self.image.value = plots.encode_png(self.canvas)
            return rows, summary
        key = self._frame_key_of(values)
        for artist in self._layer:
            artist.remove()
        if self._ax is None:
            self._new_axes()
            self._frame_artists, self._frame_key = [], None
        if key != self._frame_key:
            # Re-frame the same axes: building a new one would also rebuild every tick.
            for artist in self._frame_artists:
                artist.remove()
            before = {id(a) for a in self._artists()}
            self._ax.set_autoscale_on(True)
            self._frame(self._ax, **values)
            self._ax.set_autoscale_on(False)  # the layer must not move the frame's axes
            self._frame_artists = [a for a in self._artists() if id(a) not in before]
            self._frame_key, self._background = key, None
            if self._layer_drawn_once:
                self.canvas.draw()
                self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        elif self._background is None:  # first change after the first picture: keep the frame now
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        else:
            self.canvas.restore_region(self._background)
        before = {id(a) for a in self._artists()}
        rows, summary = self._draw(self._ax, **values)
        self._layer = [a for a in self._artists() if id(a) not in before]
        if self._background is None:
            # The first picture is drawn whole (frame and layer at once): the frame alone is kept
            # only when a control first changes, so building an explorer costs one drawing, not two.
            self.canvas.draw()
            self._layer_drawn_once = True
        else:
            renderer = self.canvas.get_renderer()
            for artist in sorted(self._layer, key=lambda a: a.get_zorder()):
                artist.draw(renderer)
        self.image.value = plots.encode_png(self.canvas)
        return rows, summary

    def _new_axes(self) -> None:
        self.figure.clear()
        self._ax = self.figure.add_subplot()
        if self._margins:
            self.figure.subplots_adjust(**self._margins)

    def _artists(self) -> list:
        return self._ax.get_children() + list(self.figure.texts) if self._ax is not None else []

    def __repr__(self) -> str:  # short and stable: stored notebook outputs show it as text
        return f"<{self.title}: controls {', '.join(self.controls)}>"


def table_html(rows: pd.DataFrame, columns: list[str], limit: int = MAX_TABLE_ROWS) -> str:
    """An HTML table of the first `limit` rows (dates as YYYY-MM-DD), with a 'more' line."""
    if rows.empty:
        return "<i>No rows match this selection.</i>"
    more = f"<i>… and {len(rows) - limit} more rows.</i>" if len(rows) > limit else ""
    return html_table(rows[columns].head(limit)) + more


def year_range(low: int, high: int, value=None, description: str = "Years") -> widgets.IntRangeSlider:
    return widgets.IntRangeSlider(value=value or (low, high), min=low, max=high, step=1, description=description,
                                  continuous_update=False, style=WIDE, layout=widgets.Layout(width="420px"))


def _in_years(dates: pd.Series, years) -> pd.Series:
    return dates.dt.year.between(*years)


def _source(ax, rows: pd.DataFrame) -> None:
    plots.add_source(ax.figure, plots.source_line(rows))


def _year_span(years) -> tuple[float, float]:
    return years[0] - 0.5, years[1] + 0.5


def _shade(ax, start, end) -> None:
    """Mark a selected stretch of the x axis."""
    ax.axvspan(start, end, color="#0072B2", alpha=0.08, zorder=0)


def _shade_selection(ax, years, full) -> None:
    """Mark the selected years on a chart whose axis shows all years (unless all are selected)."""
    if tuple(years) != tuple(full):
        _shade(ax, *_year_span(years))


# --------------------------------------------------------------------------- timeline
def timeline_explorer(events: pd.DataFrame | None = None, years=None) -> Explorer:
    """Events by year range, category and a text search over titles and summaries."""
    events = load_events() if events is None else events
    first, last = int(events["date"].dt.year.min()), int(events["date"].dt.year.max())
    categories = list(events["category"].cat.categories)
    controls = {
        "years": year_range(first, last, years),
        "categories": widgets.SelectMultiple(options=categories, value=tuple(categories), rows=5,
                                             description="Categories", style=WIDE),
        "search": widgets.Text(value="", placeholder="e.g. Fujimori, treaty, coca", description="Search",
                               continuous_update=False, style=WIDE),
    }

    window = tuple(years or (first, last))

    def axis_years(values) -> tuple[int, int]:
        """The years on the axis: the explorer's own window, or all years once the selection leaves it."""
        lo, hi = values["years"]
        return window if window[0] <= lo and hi <= window[1] else (first, last)

    def frame(ax, **values):
        lo, hi = axis_years(values)
        start, end = pd.Timestamp(lo, 1, 1), pd.Timestamp(hi, 12, 31)
        pad = (end - start) * 0.02
        plots.timeline_frame(ax, categories, "Events by category", (start - pad, end + pad))

    def draw(ax, years, categories, search):
        rows = events[_in_years(events["date"], years) & events["category"].isin(categories)]
        if tuple(years) != axis_years({"years": years}):
            _shade(ax, pd.Timestamp(years[0], 1, 1), pd.Timestamp(years[1], 12, 31))
        if search.strip():
            text = rows["title"].str.cat(rows["summary"], sep=" ")
            rows = rows[text.str.contains(search.strip(), case=False, regex=False)]
        plots.timeline_layer(ax, rows, controls["categories"].options)
        _source(ax, rows)
        return rows, f"{len(rows)} of {len(events)} events, {years[0]}–{years[1]}."

    return Explorer("Timeline explorer", controls, draw, ["date", "category", "title", "source_id"],
                    frame=frame, frame_keys=axis_years,
                    margins=plots.MARGINS["timeline"])


# --------------------------------------------------------------------------- trade
TPA_EVENTS = {"TPA signed": "2006-tpa-signed", "TPA in force": "2009-tpa-enters-into-force"}


def tpa_years() -> dict[str, int]:
    """Years of the Trade Promotion Agreement's signature and entry into force, from the events table."""
    events = load_events().set_index("event_id")
    return {label: int(events.loc[event_id, "date"].year) for label, event_id in TPA_EVENTS.items()}


def trade_explorer(trade: pd.DataFrame | None = None) -> Explorer:
    """U.S. exports, imports and balance with Peru over a chosen range (shaded), with the TPA marked."""
    trade = load_trade() if trade is None else trade
    markers = tpa_years()
    labels = {"Exports": "us_exports_musd", "Imports": "us_imports_musd", "Balance": "balance_musd"}
    values = trade[list(labels.values())]
    span = (float(values.min().min()), float(values.max().max()))
    pad = (span[1] - span[0]) * 0.05
    controls = {
        "years": year_range(int(trade["year"].min()), int(trade["year"].max())),
        "measures": widgets.SelectMultiple(options=list(labels), value=tuple(labels), rows=3,
                                           description="Show", style=WIDE),
        "mark_tpa": widgets.Checkbox(value=True, description="Mark the Trade Promotion Agreement", style=WIDE),
    }

    def frame(ax, **_):  # all years on the axis; the selection is shaded
        plots.trade_frame(ax, xlim=_year_span((trade["year"].min(), trade["year"].max())),
                          ylim=(min(span[0], 0) - pad, span[1] + pad))

    def draw(ax, years, measures, mark_tpa):
        rows = trade[trade["year"].between(*years)]
        _shade_selection(ax, years, (controls["years"].min, controls["years"].max))
        plots.trade_layer(ax, rows, [labels[m] for m in measures], markers if mark_tpa else None)
        _source(ax, rows)
        summary = (f"{years[0]}–{years[1]}: U.S. exports {rows['us_exports_musd'].sum():,.1f}, imports "
                   f"{rows['us_imports_musd'].sum():,.1f}, balance {rows['balance_musd'].sum():+,.1f} million USD in total.")
        return rows, summary

    return Explorer("Trade explorer", controls, draw, ["year", "us_exports_musd", "us_imports_musd", "balance_musd", "vintage", "source_id"],
                    frame=frame,
                    margins=plots.MARGINS["trade"])


# --------------------------------------------------------------------------- UN votes
def issues_of(votes: pd.DataFrame) -> list[str]:
    """The issue names used in the UN votes table (a roll call can have several)."""
    return sorted(set(votes["issue"].dropna().str.split("; ").explode()))


def agreement_by_issue(votes: pd.DataFrame) -> pd.DataFrame:
    """Share of roll calls with the same vote, per issue (a roll call counts once per issue)."""
    both = plots.voted_alike(votes.dropna(subset=["issue"])).assign(issue=lambda d: d["issue"].str.split("; ")).explode("issue")
    table = both.groupby("issue").agg(both_voted=("agreed", "size"), agreed=("agreed", "sum")).reset_index()
    table["agreement_pct"] = (100 * table["agreed"] / table["both_voted"]).round(1)
    return table.sort_values("agreement_pct")


def un_votes_explorer(votes: pd.DataFrame | None = None) -> Explorer:
    """How often Peru and the U.S. voted alike, by year (selection shaded), for one issue or all."""
    votes = load_un_votes() if votes is None else votes
    first, last = int(votes["date"].dt.year.min()), int(votes["date"].dt.year.max())
    controls = {
        "years": year_range(first, last),
        "issue": widgets.Dropdown(options=["All roll calls", *issues_of(votes)], description="Issue", style=WIDE),
        "important_only": widgets.Checkbox(value=False, description="Only votes the State Department flagged as important", style=WIDE),
        "whole_only": widgets.Checkbox(value=False, description="Leave out separate votes on paragraphs and amendments", style=WIDE),
    }

    def frame(ax, **_):
        plots.agreement_frame(ax, "Same vote at the UN", xlim=_year_span((first, last)))

    def draw(ax, years, issue, important_only, whole_only):
        rows = votes[_in_years(votes["date"], years)]
        if issue != "All roll calls":
            rows = rows[rows["issue"].str.contains(issue, regex=False, na=False)]
        if important_only:
            rows = rows[rows["important_vote"].fillna(False).astype(bool)]
        if whole_only:
            rows = rows[~(rows["paragraph_vote"].fillna(False).astype(bool) | rows["amendment_vote"].fillna(False).astype(bool))]
        _shade_selection(ax, years, (first, last))
        plots.agreement_layer(ax, rows)
        ax.text(0.99, 0.97, issue, transform=ax.transAxes, ha="right", va="top", fontsize=9, color="#333333")
        _source(ax, rows)
        table = agreement_by_issue(rows)
        both = plots.voted_alike(rows)
        share = both["agreed"].mean() * 100 if len(both) else float("nan")
        return table, f"{len(both):,} roll calls with both votes recorded; same vote in {share:.1f}% of them."

    return Explorer("UN voting explorer", controls, draw, ["issue", "both_voted", "agreed", "agreement_pct"], frame=frame,
                    margins=plots.MARGINS["agreement"])


# --------------------------------------------------------------------------- aid
def aid_explorer(aid: pd.DataFrame | None = None, years=None) -> Explorer:
    """Aid obligations by fiscal year (selection shaded), split by category, agency or account."""
    aid = load_aid() if aid is None else aid
    splits = {"Category": "category", "Agency": "agency", "Program group": "publication_row", "Account": "account"}
    first, last = int(aid["fiscal_year"].min()), int(aid["fiscal_year"].max())
    controls = {
        "years": year_range(first, last, years, "Fiscal years"),
        "category": widgets.Dropdown(options=["all", "economic", "military"], description="Category", style=WIDE),
        "split_by": widgets.Dropdown(options=list(splits), value="Program group", description="Split by", style=WIDE),
        "dollars": widgets.ToggleButtons(options=["constant", "current"], description="Dollars", style=WIDE),
    }

    # the highest year of all aid, in either kind of dollars, sets the scale whatever is selected
    peak = max(plots.aid_table(aid, "category", dollars).sum(axis=1).max() for dollars in ("constant", "current"))

    def frame(ax, **_):
        plots.aid_frame(ax, xlim=(first - 1, last + 1), ylim=(0, peak * 1.05))
        ax.set_ylabel("million USD")  # which dollars depends on a control: written by draw

    def draw(ax, years, category, split_by, dollars):
        rows = aid[aid["fiscal_year"].between(*years)]
        if category != "all":
            rows = rows[rows["category"] == category]
        _shade_selection(ax, years, (first, last))
        plots.aid_layer(ax, rows, by=splits[split_by], dollars=dollars, autoscale=False)
        ax.text(1.0, 1.02, "constant 2020 dollars" if dollars == "constant" else "current dollars",
                transform=ax.transAxes, ha="right", va="bottom", fontsize=9, color="#333333")
        _source(ax, rows)
        column = "obligations_constant_2020_usd" if dollars == "constant" else "obligations_current_usd"
        table = (rows.groupby(["category", "account"], observed=True)[column].sum().div(1e6).round(1)
                 .rename("million_usd").reset_index().sort_values("million_usd", ascending=False))
        table["source_id"] = "usaid-greenbook-2022"
        unit = "constant 2020" if dollars == "constant" else "current"
        return table, f"FY{years[0]}–FY{years[1]}: {rows[column].sum() / 1e6:,.1f} million USD ({unit}) obligated."

    return Explorer("Aid explorer", controls, draw, ["category", "account", "million_usd", "source_id"], size=(8.6, 4.2),
                    frame=frame,
                    margins=dict(left=0.085, right=0.755, bottom=0.185, top=0.9))


# --------------------------------------------------------------------------- coca
def coca_explorer(coca: pd.DataFrame | None = None) -> Explorer:
    """Coca figures from the two estimating series, never merged into one line."""
    coca = load_coca() if coca is None else coca
    first, last = int(coca["year"].min()), int(coca["year"].max())
    controls = {
        "measure": widgets.Dropdown(options=["cultivation", "eradication", "potential_cocaine_production"],
                                    description="Measure", style=WIDE),
        "series": widgets.SelectMultiple(options=list(coca["series"].cat.categories), value=tuple(coca["series"].cat.categories),
                                         rows=3, description="Series", style=WIDE),
        "years": year_range(first, last),
    }

    def frame(ax, measure, **_):  # one scale per measure: the largest figure of any series
        rows = coca[coca["measure"] == measure]
        top = rows["value"].max() if measure == "potential_cocaine_production" else rows[["hectares", "value_high"]].max().max()
        plots.coca_frame(ax, measure, xlim=_year_span((first, last)), ylim=(0, top * 1.1))

    def draw(ax, measure, series, years):
        rows = coca[(coca["measure"] == measure) & coca["series"].isin(series) & coca["year"].between(*years)]
        shown = rows[rows["preferred"]]
        _shade_selection(ax, years, (first, last))
        if measure == "potential_cocaine_production":
            shown = shown.sort_values("year")
            ax.plot(*plots.with_gaps(shown["year"], shown["value"]), marker="o", color=plots.colour(0))
        else:
            plots.coca_layer(ax, shown)
        _source(ax, shown)
        return rows.sort_values(["year", "series"]), f"{len(rows)} published figures ({rows['source_id'].nunique()} sources)."

    return Explorer("Coca explorer", controls, draw,
                    ["year", "series", "value", "unit", "hectares", "quality", "preferred", "source_id"],
                    frame=frame, frame_keys=["measure"],
                    margins=plots.MARGINS["coca"])


# --------------------------------------------------------------------------- opinion
def opinion_explorer(opinion: pd.DataFrame | None = None) -> Explorer:
    """Poll figures by geography, subject and measure."""
    opinion = load_opinion() if opinion is None else opinion
    measures = list(opinion["measure"].cat.categories)
    first, last = int(opinion["year"].min()), int(opinion["year"].max())
    controls = {
        "geography": widgets.ToggleButtons(options=["Peru", "Latin America", "both"], description="Surveyed", style=WIDE),
        "subject": widgets.ToggleButtons(options=["United States", "China", "both"], description="About", style=WIDE),
        "measures": widgets.SelectMultiple(options=measures, value=tuple(measures), rows=4, description="Question", style=WIDE),
    }

    def frame(ax, **_):
        plots.opinion_frame(ax, xlim=(first - 1, last + 1))

    def draw(ax, geography, subject, measures):
        rows = opinion[opinion["measure"].isin(measures)]
        if geography != "both":
            rows = rows[rows["geography"] == geography]
        if subject != "both":
            rows = rows[rows["subject"] == subject]
        plots.opinion_layer(ax, rows)
        _source(ax, rows)
        return rows, f"{len(rows)} poll figures from {rows['pollster'].nunique()} pollsters."

    return Explorer("Opinion explorer", controls, draw,
                    ["year", "measure", "subject", "geography", "value_pct", "pollster", "source_id"], size=(8.0, 5.4),
                    frame=frame,
                    margins=plots.MARGINS["opinion"])


# --------------------------------------------------------------------------- visits and envoys
ROLE_LABELS = {"president": "President", "president_elect": "President-elect",
               "prime_minister": "Prime Minister", "secretary_of_state": "Secretary of State"}
DIRECTIONS = {"Peruvian leaders to the U.S.": "to_us", "U.S. leaders to Peru": "to_peru", "Meetings elsewhere": "elsewhere"}


def visits_explorer(visits: pd.DataFrame | None = None) -> Explorer:
    """Visits per decade in each direction (selected years shaded), with the list of visits."""
    visits = load_visits() if visits is None else visits
    first, last = int(visits["start_date"].dt.year.min()), int(visits["start_date"].dt.year.max())
    decades = visits["start_date"].dt.year // 10 * 10
    controls = {
        "years": year_range(first, last),
        "directions": widgets.SelectMultiple(options=list(DIRECTIONS), value=tuple(DIRECTIONS), rows=3,
                                             description="Direction", style=WIDE),
        "roles": widgets.SelectMultiple(options=list(ROLE_LABELS.values()), value=tuple(ROLE_LABELS.values()),
                                        rows=4, description="Visitor", style=WIDE),
    }

    def frame(ax, **_):
        plots.style_axes(ax, "Leaders' visits per decade", "Decade", "number of visits")
        ax.set_xlim(decades.min() - 6, decades.max() + 6)
        ax.set_ylim(0, decades.value_counts().max() * 1.15)

    def draw(ax, years, directions, roles):
        wanted_roles = [k for k, v in ROLE_LABELS.items() if v in roles]
        rows = visits[_in_years(visits["start_date"], years) & visits["direction"].isin([DIRECTIONS[d] for d in directions])
                      & visits["visitor_role"].isin(wanted_roles)]
        decade = (rows["start_date"].dt.year // 10 * 10).rename("decade")
        counts = rows.groupby([decade, "direction"], observed=True).size().unstack(fill_value=0)
        counts.columns = [{v: k for k, v in DIRECTIONS.items()}[c] for c in counts.columns]
        _shade_selection(ax, years, (first, last))
        plots.stacked_bars(ax, counts.index, counts, width=8, autoscale=False)
        if len(counts.columns):
            ax.legend(loc="upper left")
        _source(ax, rows)
        return rows, f"{len(rows)} visits and trips."

    return Explorer("Visits explorer", controls, draw, ["start_date", "visitor", "country", "place", "description", "source_id"],
                    frame=frame,
                    margins=dict(left=0.08, right=0.98, bottom=0.185, top=0.9))


def surname(name: str) -> str:
    """The surname of a chief of mission, for a short chart label.

    >>> surname("James Isaac Loeb, Jr."), surname("Anthony Cecil Eden Quainton")
    ('Loeb', 'Quainton')
    """
    return name.split(",")[0].split()[-1]


def envoy_bars(ax, rows: pd.DataFrame, titles: list[str]) -> None:
    """One horizontal bar per chief of mission (start to end), coloured by title, with the surnames
    in a column beside the bars. Drawn as one collection and one block of text, not as bars and
    tick labels: this chart is redrawn whole at every move of its slider, and each text or tick
    costs time to lay out and draw."""
    as_year = lambda d: (d.dt.year + (d.dt.day_of_year - 1) / 365.25).to_numpy()  # noqa: E731
    left, right = as_year(rows["start"]), as_year(rows["end"])
    boxes = [[(a, y - 0.35), (b, y - 0.35), (b, y + 0.35), (a, y + 0.35)] for y, (a, b) in enumerate(zip(left, right))]
    open_ended = rows["mission_ended"].isna().to_numpy()  # no recorded end: drawn faded to the edge
    colours = [matplotlib.colors.to_rgba(plots.colour(titles.index(t)), 0.35 if o else 1.0)
               for t, o in zip(rows["title"], open_ended)]
    ax.add_collection(PolyCollection(boxes, facecolors=colours, edgecolors="none"))
    if len(rows):
        names = "\n".join(surname(n) for n in reversed(rows["name"].tolist()))  # top line = last row
        ax.text(-0.01, (len(rows) - 1) / 2, names, transform=ax.get_yaxis_transform(), ha="right", va="center",
                fontsize=7, linespacing=_row_linespacing(ax, len(rows), 7))
    shown = [t for t in titles if t in set(rows["title"])]
    handles = [Patch(color=plots.colour(titles.index(t)), label=t) for t in shown]
    if open_ended.any():
        handles.append(Patch(color=plots.colour(0), alpha=0.35, label="end of mission not recorded"))
    if handles:
        ax.legend(handles=handles, loc="lower right", fontsize=7)


def _row_linespacing(ax, rows: int, fontsize: float) -> float:
    """The line spacing that puts one line of text on each of `rows` evenly spaced rows of the axes
    (the axes' y limits span one unit per row)."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    one = fig.text(0, 0, "Ag", fontsize=fontsize, linespacing=1.0)
    two = fig.text(0, 0, "Ag\nAg", fontsize=fontsize, linespacing=1.0)
    line_px = two.get_window_extent(renderer).height - one.get_window_extent(renderer).height
    one.remove()
    two.remove()
    row_px = ax.get_window_extent(renderer).height / rows
    return row_px / line_px


def ambassadors_explorer(ambassadors: pd.DataFrame | None = None) -> Explorer:
    """Each U.S. chief of mission as a bar from credentials to the end of the mission, labelled
    with the surname (full names in the table): the gaps between bars are periods with no chief
    of mission recorded."""
    ambassadors = load_ambassadors() if ambassadors is None else ambassadors
    start = ambassadors["credentials_presented"].fillna(ambassadors["appointed"])
    titles = list(dict.fromkeys(ambassadors["title"]))
    controls = {"years": year_range(int(start.dt.year.min()), 2024, (1945, 2024))}

    def chiefs_in(years) -> pd.DataFrame:
        lo, hi = pd.Timestamp(years[0], 1, 1), pd.Timestamp(years[1], 12, 31)
        end = ambassadors["mission_ended"].fillna(hi)
        keep = (start <= hi) & (end >= lo)
        return ambassadors[keep].assign(start=start[keep], end=end[keep]).sort_values("start")

    def frame(ax, years):  # every move of the slider re-frames, but on the same axes (no new ticks)
        ax.set_xlim(years[0], years[1] + 1)
        ax.set_ylim(-0.5, max(len(chiefs_in(years)), 1) - 0.5)
        ax.set_yticks([])
        plots.style_axes(ax, "U.S. chiefs of mission in Lima", "Year", "")

    def draw(ax, years):
        rows = chiefs_in(years)
        envoy_bars(ax, rows, titles)
        _source(ax, rows)
        return rows, f"{len(rows)} chiefs of mission served between {years[0]} and {years[1]}."

    return Explorer("Envoys explorer", controls, draw,
                    ["name", "title", "credentials_presented", "mission_ended", "end_reason", "source_id"], size=(8.0, 5.0),
                    frame=frame, frame_keys=["years"],
                    margins=dict(left=0.105, right=0.98, bottom=0.165, top=0.915))


# --------------------------------------------------------------------------- conflicts
def conflicts_explorer(conflicts: pd.DataFrame | None = None) -> Explorer:
    """Pick a disagreement between sources: both claims side by side, with full citations."""
    from .citations import cite

    conflicts = load_conflicts() if conflicts is None else conflicts
    labels = {f"{r.conflict_id}: {r.topic}": r.conflict_id for r in conflicts.itertuples()}
    controls = {"conflict": widgets.Dropdown(options=list(labels), description="Disagreement", style=WIDE,
                                             layout=widgets.Layout(width="640px"))}

    def draw(ax, conflict):
        row = conflicts[conflicts["conflict_id"] == labels[conflict]].iloc[0]
        cell = lambda claim, sid: (f"<td style='vertical-align:top;padding:6px'>{html.escape(claim)}<br>"  # noqa: E731
                                   f"<small><b>[{sid}]</b> {html.escape(cite(sid))}</small></td>")
        summary = ("<table style='width:100%;max-width:900px'><tr><th>One source says</th><th>Another says</th></tr><tr>"
                   + cell(row["claim_a"], row["source_id_a"]) + cell(row["claim_b"], row["source_id_b"]) + "</tr></table>"
                   + f"<p><b>The dataset uses:</b> {html.escape(row['value_used'])}<br><b>Why:</b> {html.escape(row['reason'])}</p>")
        return conflicts[conflicts["conflict_id"] == row["conflict_id"]], summary

    return Explorer("Sources in disagreement", controls, draw, ["conflict_id", "topic", "affects"], chart=False)
