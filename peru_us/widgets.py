"""Interactive explorers for the lessons, built from ipywidgets and the course charts.

Each explorer is a function returning an :class:`Explorer` (a VBox): controls on top, a
one-line summary, the chart (a PNG in an Image widget, redrawn on one reused Figure) and a
table of the matching rows with their sources. The update logic is a plain ``draw`` function,
so tests and benchmarks can drive an explorer without a browser:

>>> ex = trade_explorer()
>>> before = ex.image.value
>>> ex.controls["years"].value = (2000, 2010)
>>> ex.image.value != before, ex.error
(True, None)
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import plots
from .display import html_table
from .data import load_aid, load_ambassadors, load_coca, load_conflicts, load_events, load_opinion, load_trade, load_un_votes, load_visits

WIDE = {"description_width": "initial"}
MAX_TABLE_ROWS = 15


class Explorer(widgets.VBox):
    """Controls + summary + chart + table. `draw(ax, **values)` draws on `ax` and returns
    (rows shown in the table, summary text)."""

    def __init__(self, title: str, controls: dict, draw, columns: list[str], size=(8.0, 4.2), chart: bool = True):
        self.title, self.controls, self._draw, self._columns, self._chart = title, controls, draw, columns, chart
        self.figure = Figure(figsize=size, dpi=plots.STYLE["figure.dpi"])
        FigureCanvasAgg(self.figure)  # an explorer draws offscreen and shows the PNG
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width=f"{int(size[0] * 100)}px"))
        self.summary = widgets.HTML()
        self.table = widgets.HTML(layout=widgets.Layout(max_height="340px", overflow="auto"))
        self.error: str | None = None
        self._first_draw = True
        header = widgets.HTML(f"<b>{html.escape(title)}</b>")
        panel = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap", justify_content="flex-start"))
        if not chart:
            self.image.layout.display = "none"
        super().__init__([header, panel, self.summary, self.image, self.table])
        for control in controls.values():
            control.observe(self.refresh, names="value")
        self.refresh()

    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self, _change=None) -> None:
        """Redraw chart, summary and table from the controls' current values."""
        self.figure.clear()
        ax = self.figure.add_subplot()
        try:
            with matplotlib.rc_context(plots.STYLE):
                rows, summary = self._draw(ax, **self.values())
            self.error = None
        except Exception as err:  # noqa: BLE001 - a lesson must not crash on an odd selection
            rows, summary = pd.DataFrame(columns=self._columns), f"⚠️ Could not draw this selection ({err})."
            self.error = f"{type(err).__name__}: {err}"
        if self._chart:
            self.image.value = plots.png_bytes(self.figure)
            if self._first_draw and self.error is None:  # later redraws keep these margins
                plots.freeze_margins(self.figure)
                self._first_draw = False
        self.summary.value = summary if summary.startswith("<") else f"<span>{html.escape(summary)}</span>"
        self.table.value = table_html(rows, self._columns)

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

    def draw(ax, years, categories, search):
        rows = events[_in_years(events["date"], years) & events["category"].isin(categories)]
        if search.strip():
            text = rows["title"].str.cat(rows["summary"], sep=" ")
            rows = rows[text.str.contains(search.strip(), case=False, regex=False)]
        plots.timeline_chart(rows, ax=ax, title="Events")
        return rows, f"{len(rows)} of {len(events)} events, {years[0]}–{years[1]}."

    return Explorer("Timeline explorer", controls, draw, ["date", "category", "title", "source_id"])


# --------------------------------------------------------------------------- trade
TPA_EVENTS = {"TPA signed": "2006-tpa-signed", "TPA in force": "2009-tpa-enters-into-force"}


def tpa_years() -> dict[str, int]:
    """Years of the Trade Promotion Agreement's signature and entry into force, from the events table."""
    events = load_events().set_index("event_id")
    return {label: int(events.loc[event_id, "date"].year) for label, event_id in TPA_EVENTS.items()}


def trade_explorer(trade: pd.DataFrame | None = None) -> Explorer:
    """U.S. exports, imports and balance with Peru over a chosen range, with the TPA marked."""
    trade = load_trade() if trade is None else trade
    markers = tpa_years()
    labels = {"Exports": "us_exports_musd", "Imports": "us_imports_musd", "Balance": "balance_musd"}
    controls = {
        "years": year_range(int(trade["year"].min()), int(trade["year"].max())),
        "measures": widgets.SelectMultiple(options=list(labels), value=tuple(labels), rows=3,
                                           description="Show", style=WIDE),
        "mark_tpa": widgets.Checkbox(value=True, description="Mark the Trade Promotion Agreement", style=WIDE),
    }

    def draw(ax, years, measures, mark_tpa):
        rows = trade[trade["year"].between(*years)]
        plots.trade_chart(rows, [labels[m] for m in measures], markers if mark_tpa else None, ax=ax)
        summary = (f"{years[0]}–{years[1]}: U.S. exports {rows['us_exports_musd'].sum():,.1f}, imports "
                   f"{rows['us_imports_musd'].sum():,.1f}, balance {rows['balance_musd'].sum():+,.1f} million USD in total.")
        return rows, summary

    return Explorer("Trade explorer", controls, draw, ["year", "us_exports_musd", "us_imports_musd", "balance_musd", "vintage", "source_id"])


# --------------------------------------------------------------------------- UN votes
def issues_of(votes: pd.DataFrame) -> list[str]:
    """The issue names used in the UN votes table (a roll call can have several)."""
    return sorted(set(votes["issue"].dropna().str.split("; ").explode()))


def agreement_by_issue(votes: pd.DataFrame) -> pd.DataFrame:
    """Share of roll calls with the same vote, per issue (a roll call counts once per issue)."""
    both = votes.dropna(subset=["us_vote", "peru_vote", "issue"]).assign(issue=lambda d: d["issue"].str.split("; ")).explode("issue")
    both["agreed"] = both["us_vote"].astype(str) == both["peru_vote"].astype(str)
    table = both.groupby("issue").agg(both_voted=("agreed", "size"), agreed=("agreed", "sum")).reset_index()
    table["agreement_pct"] = (100 * table["agreed"] / table["both_voted"]).round(1)
    return table.sort_values("agreement_pct")


def un_votes_explorer(votes: pd.DataFrame | None = None) -> Explorer:
    """How often Peru and the U.S. voted alike, by year, for one issue or all."""
    votes = load_un_votes() if votes is None else votes
    controls = {
        "years": year_range(int(votes["date"].dt.year.min()), int(votes["date"].dt.year.max())),
        "issue": widgets.Dropdown(options=["All roll calls", *issues_of(votes)], description="Issue", style=WIDE),
        "important_only": widgets.Checkbox(value=False, description="Only votes the State Department flagged as important", style=WIDE),
        "whole_only": widgets.Checkbox(value=False, description="Leave out separate votes on paragraphs and amendments", style=WIDE),
    }

    def draw(ax, years, issue, important_only, whole_only):
        rows = votes[_in_years(votes["date"], years)]
        if whole_only:
            rows = rows[~(rows["paragraph_vote"].fillna(False).astype(bool) | rows["amendment_vote"].fillna(False).astype(bool))]
        if issue != "All roll calls":
            rows = rows[rows["issue"].str.contains(issue, regex=False, na=False)]
        if important_only:
            rows = rows[rows["important_vote"].fillna(False).astype(bool)]
        plots.agreement_chart(rows, ax=ax, title=f"Same vote at the UN: {issue}")
        table = agreement_by_issue(rows)
        both = rows.dropna(subset=["us_vote", "peru_vote"])
        share = (both["us_vote"].astype(str) == both["peru_vote"].astype(str)).mean() * 100 if len(both) else float("nan")
        return table, f"{len(both):,} roll calls with both votes recorded; same vote in {share:.1f}% of them."

    return Explorer("UN voting explorer", controls, draw, ["issue", "both_voted", "agreed", "agreement_pct"])


# --------------------------------------------------------------------------- aid
def aid_explorer(aid: pd.DataFrame | None = None, years=None) -> Explorer:
    """Aid obligations by fiscal year, split by category, agency or account."""
    aid = load_aid() if aid is None else aid
    splits = {"Category": "category", "Agency": "agency", "Program group": "publication_row", "Account": "account"}
    controls = {
        "years": year_range(int(aid["fiscal_year"].min()), int(aid["fiscal_year"].max()), years, "Fiscal years"),
        "category": widgets.Dropdown(options=["all", "economic", "military"], description="Category", style=WIDE),
        "split_by": widgets.Dropdown(options=list(splits), value="Program group", description="Split by", style=WIDE),
        "dollars": widgets.ToggleButtons(options=["constant", "current"], description="Dollars", style=WIDE),
    }

    def draw(ax, years, category, split_by, dollars):
        rows = aid[aid["fiscal_year"].between(*years)]
        if category != "all":
            rows = rows[rows["category"] == category]
        plots.aid_chart(rows, by=splits[split_by], dollars=dollars, ax=ax)
        column = "obligations_constant_2020_usd" if dollars == "constant" else "obligations_current_usd"
        table = (rows.groupby(["category", "account"], observed=True)[column].sum().div(1e6).round(1)
                 .rename("million_usd").reset_index().sort_values("million_usd", ascending=False))
        table["source_id"] = "usaid-greenbook-2022"
        unit = "constant 2020" if dollars == "constant" else "current"
        return table, f"FY{years[0]}–FY{years[1]}: {rows[column].sum() / 1e6:,.1f} million USD ({unit}) obligated."

    return Explorer("Aid explorer", controls, draw, ["category", "account", "million_usd", "source_id"], size=(8.6, 4.2))


# --------------------------------------------------------------------------- coca
def coca_explorer(coca: pd.DataFrame | None = None) -> Explorer:
    """Coca figures from the two estimating series, never merged into one line."""
    coca = load_coca() if coca is None else coca
    controls = {
        "measure": widgets.Dropdown(options=["cultivation", "eradication", "potential_cocaine_production"],
                                    description="Measure", style=WIDE),
        "series": widgets.SelectMultiple(options=list(coca["series"].cat.categories), value=tuple(coca["series"].cat.categories),
                                         rows=3, description="Series", style=WIDE),
        "years": year_range(int(coca["year"].min()), int(coca["year"].max())),
    }

    def draw(ax, measure, series, years):
        rows = coca[(coca["measure"] == measure) & coca["series"].isin(series) & coca["year"].between(*years)]
        if measure == "potential_cocaine_production":
            shown = rows[rows["preferred"]].sort_values("year")
            ax.plot(shown["year"], shown["value"], marker="o", color=plots.colour(0))
            plots.style_axes(ax, "Potential pure cocaine production (U.S. Government estimate)", "Year", "metric tons")
            plots.finish(ax.figure, shown)
        else:
            plots.coca_chart(rows, measure=measure, ax=ax)
        return rows.sort_values(["year", "series"]), f"{len(rows)} published figures ({rows['source_id'].nunique()} sources)."

    return Explorer("Coca explorer", controls, draw,
                    ["year", "series", "value", "unit", "hectares", "quality", "preferred", "source_id"])


# --------------------------------------------------------------------------- opinion
def opinion_explorer(opinion: pd.DataFrame | None = None) -> Explorer:
    """Poll figures by geography, subject and measure."""
    opinion = load_opinion() if opinion is None else opinion
    measures = list(opinion["measure"].cat.categories)
    controls = {
        "geography": widgets.ToggleButtons(options=["Peru", "Latin America", "both"], description="Surveyed", style=WIDE),
        "subject": widgets.ToggleButtons(options=["United States", "China", "both"], description="About", style=WIDE),
        "measures": widgets.SelectMultiple(options=measures, value=tuple(measures), rows=4, description="Question", style=WIDE),
    }

    def draw(ax, geography, subject, measures):
        rows = opinion[opinion["measure"].isin(measures)]
        if geography != "both":
            rows = rows[rows["geography"] == geography]
        if subject != "both":
            rows = rows[rows["subject"] == subject]
        plots.opinion_chart(rows, ax=ax)
        return rows, f"{len(rows)} poll figures from {rows['pollster'].nunique()} pollsters."

    return Explorer("Opinion explorer", controls, draw,
                    ["year", "measure", "subject", "geography", "value_pct", "pollster", "source_id"], size=(8.0, 5.4))


# --------------------------------------------------------------------------- visits and envoys
ROLE_LABELS = {"president": "President", "president_elect": "President-elect",
               "prime_minister": "Prime Minister", "secretary_of_state": "Secretary of State"}


DIRECTIONS = {"Peruvian leaders to the U.S.": "to_us", "U.S. leaders to Peru": "to_peru", "Meetings elsewhere": "elsewhere"}


def visits_explorer(visits: pd.DataFrame | None = None) -> Explorer:
    """Visits per decade in each direction, with the list of visits."""
    visits = load_visits() if visits is None else visits
    controls = {
        "years": year_range(int(visits["start_date"].dt.year.min()), int(visits["start_date"].dt.year.max())),
        "directions": widgets.SelectMultiple(options=list(DIRECTIONS), value=tuple(DIRECTIONS), rows=3,
                                             description="Direction", style=WIDE),
        "roles": widgets.SelectMultiple(options=list(ROLE_LABELS.values()), value=tuple(ROLE_LABELS.values()),
                                        rows=4, description="Visitor", style=WIDE),
    }

    def draw(ax, years, directions, roles):
        wanted_roles = [k for k, v in ROLE_LABELS.items() if v in roles]
        rows = visits[_in_years(visits["start_date"], years) & visits["direction"].isin([DIRECTIONS[d] for d in directions])
                      & visits["visitor_role"].isin(wanted_roles)]
        decade = (rows["start_date"].dt.year // 10 * 10).rename("decade")
        counts = rows.groupby([decade, "direction"], observed=True).size().unstack(fill_value=0)
        bottom = None
        for i, direction in enumerate(counts.columns):
            ax.bar(counts.index, counts[direction], width=8, bottom=bottom, color=plots.colour(i),
                   label={v: k for k, v in DIRECTIONS.items()}[direction])
            bottom = counts[direction] if bottom is None else bottom + counts[direction]
        plots.style_axes(ax, "Leaders' visits per decade", "Decade", "number of visits")
        ax.margins(y=0.12)
        if len(counts.columns):
            ax.legend(loc="upper left")
        plots.finish(ax.figure, rows)
        return rows, f"{len(rows)} visits and trips."

    return Explorer("Visits explorer", controls, draw, ["start_date", "visitor", "country", "place", "description", "source_id"])


def ambassadors_explorer(ambassadors: pd.DataFrame | None = None) -> Explorer:
    """Each U.S. chief of mission as a bar from credentials to the end of the mission: the gaps
    between bars are periods with no chief of mission recorded."""
    ambassadors = load_ambassadors() if ambassadors is None else ambassadors
    start = ambassadors["credentials_presented"].fillna(ambassadors["appointed"])
    controls = {"years": year_range(int(start.dt.year.min()), 2024, (1945, 2024))}

    def draw(ax, years):
        lo, hi = pd.Timestamp(years[0], 1, 1), pd.Timestamp(years[1], 12, 31)
        end = ambassadors["mission_ended"].fillna(hi)
        keep = (start <= hi) & (end >= lo)
        rows = ambassadors[keep].assign(start=start[keep], end=end[keep]).sort_values("start")
        titles = list(dict.fromkeys(ambassadors["title"]))
        as_year = lambda d: d.dt.year + (d.dt.day_of_year - 1) / 365.25  # noqa: E731
        for i, title in enumerate(titles):
            part = rows["title"] == title
            if part.any():
                ax.barh(pd.Series(range(len(rows)))[part.to_numpy()], (as_year(rows["end"]) - as_year(rows["start"]))[part],
                        left=as_year(rows["start"])[part], color=plots.colour(i), height=0.7, label=title)
        ax.set_yticks(range(len(rows)), rows["name"], fontsize=7)
        if len(rows):
            ax.legend(loc="lower right", fontsize=7)
        ax.set_xlim(years[0], years[1] + 1)
        plots.style_axes(ax, "U.S. chiefs of mission in Lima", "Year", "")
        plots.finish(ax.figure, rows)
        return rows, f"{len(rows)} chiefs of mission served between {years[0]} and {years[1]}."

    return Explorer("Envoys explorer", controls, draw,
                    ["name", "title", "credentials_presented", "mission_ended", "end_reason", "source_id"], size=(8.0, 5.0))


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
