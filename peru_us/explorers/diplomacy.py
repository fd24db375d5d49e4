"""Diplomacy: votes at the UN, leaders' visits and the U.S. chiefs of mission in Lima.

>>> ex = un_votes_explorer()
>>> ex.controls["important_only"].value = True
>>> "roll calls with both votes recorded" in ex.summary.value, ex.error
(True, None)
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd

from ..analysis import by_issue, issue_pairs, issues_of, voted_alike
from ..data import load_ambassadors, load_un_votes, load_visits
from ..drawing import agreement_frame, agreement_layer, stacked_bars
from ..explorer import WIDE, Explorer, Selection, year_range
from ..style import MARGINS, style_axes
from .common import checked, in_years, nothing_to_explore, present, shade, shade_selection, start_years, year_bounds, year_span
from .envoys import envoy_bars, surname  # noqa: F401  (surname: part of the explorers' API)

ALL_VOTES = "All roll calls"
FLAGS = {"important_only": ("important_vote", "Only votes the State Department flagged as important"),
         "whole_only": ("paragraph_vote", "Leave out separate votes on paragraphs and amendments")}


def _flag(rows: pd.DataFrame, column: str) -> pd.Series:
    return rows[column].fillna(False).astype(bool) if column in rows.columns else pd.Series(False, index=rows.index)


def un_votes_explorer(votes: pd.DataFrame | None = None) -> Explorer:
    """How often Peru and the U.S. voted alike, by year (selection shaded), for one issue or all."""
    votes = checked("votes", load_un_votes() if votes is None else votes, ["date", "us_vote", "peru_vote", "issue"],
        "load_un_votes")
    if votes.empty:
        return nothing_to_explore("UN voting explorer", "UN votes", "peru_us.load_un_votes()")
    votes = votes.reset_index(drop=True)  # row labels are positions: a selection is a mask over them
    first, last = year_bounds(votes["date"])
    # Computed once: each roll call's year and flags, whether both voted alike, each one's issues.
    # A change of the controls only combines masks and counts.
    year = votes["date"].dt.year.to_numpy()
    important = _flag(votes, "important_vote").to_numpy()
    partial = (_flag(votes, "paragraph_vote") | _flag(votes, "amendment_vote")).to_numpy()
    alike_all = voted_alike(votes)
    alike_at, alike_year, agreed = alike_all.index.to_numpy(), year[alike_all.index.to_numpy()], alike_all["agreed"].to_numpy()
    pairs_all = issue_pairs(alike_all)
    on_issue: dict[str, np.ndarray] = {}
    controls = {"years": year_range(first, last),
                "issue": widgets.Dropdown(options=[ALL_VOTES, *issues_of(votes)], description="Issue", style=WIDE)}
    for name, (column, label) in FLAGS.items():
        controls[name] = widgets.Checkbox(value=False, description=label, style=WIDE, disabled=column not in votes.columns)

    def frame(ax, **_):
        agreement_frame(ax, "Same vote at the UN", xlim=year_span((first, last)))

    def select(years, issue, important_only, whole_only):
        keep = (year >= years[0]) & (year <= years[1])
        if issue != ALL_VOTES:
            if issue not in on_issue:
                on_issue[issue] = votes["issue"].str.contains(issue, regex=False, na=False).to_numpy()
            keep &= on_issue[issue]
        if important_only:
            keep &= important
        if whole_only:
            keep &= ~partial
        both = keep[alike_at]
        voted = np.bincount(alike_year[both] - first, minlength=last - first + 1)
        same = np.bincount(alike_year[both] - first, weights=agreed[both].astype(float), minlength=last - first + 1)
        by_year = pd.DataFrame({"year": np.arange(first, last + 1), "both_voted": voted, "agreed": same.astype(int)})
        by_year = by_year[by_year["both_voted"] > 0].assign(
            agreement_pct=lambda t: (100 * t["agreed"] / t["both_voted"]).round(1)).reset_index(drop=True)
        count = int(both.sum())
        share = 100 * agreed[both].mean() if count else float("nan")
        summary = f"{count:,} roll calls with both votes recorded; same vote in {share:.1f}% of them."
        if not count:
            summary = "No roll call in this selection has both votes recorded: widen the years or choose another issue."
        table = by_issue(pairs_all[keep[pairs_all.index.to_numpy()]])
        return Selection(table, summary, data=by_year, sources=votes[keep])

    def draw(ax, selection, years, issue, **_):
        shade_selection(ax, years, (first, last))
        agreement_layer(ax, None, by_year=selection.data)
        ax.text(0.99, 0.97, issue, transform=ax.transAxes, ha="right", va="top", fontsize=9, color="#333333")

    return Explorer("UN voting explorer", controls, select, draw=draw, frame=frame,
                    columns=["issue", "both_voted", "agreed", "agreement_pct"], margins=MARGINS["agreement"])


ROLE_LABELS = {"president": "President", "president_elect": "President-elect",
               "prime_minister": "Prime Minister", "secretary_of_state": "Secretary of State"}
DIRECTIONS = {"Peruvian leaders to the U.S.": "to_us", "U.S. leaders to Peru": "to_peru", "Meetings elsewhere": "elsewhere"}
VISIT_COLUMNS = ["start_date", "visitor", "country", "place", "description", "source_id"]


def visits_explorer(visits: pd.DataFrame | None = None) -> Explorer:
    """Visits per decade in each direction (selected years shaded), with the list of visits."""
    visits = checked("visits", load_visits() if visits is None else visits, ["start_date", "direction", "visitor_role"],
        "load_visits")
    if visits.empty:
        return nothing_to_explore("Visits explorer", "visits", "peru_us.load_visits()")
    first, last = year_bounds(visits["start_date"])
    decades = visits["start_date"].dt.year // 10 * 10
    names = {code: label for label, code in DIRECTIONS.items()}
    directions = [names[d] for d in present(visits["direction"], DIRECTIONS.values())]
    roles = [ROLE_LABELS[r] for r in present(visits["visitor_role"], ROLE_LABELS)]
    controls = {
        "years": year_range(first, last),
        "directions": widgets.SelectMultiple(options=directions, value=tuple(directions), rows=3, description="Direction",
            style=WIDE),
        "roles": widgets.SelectMultiple(options=roles, value=tuple(roles), rows=4, description="Visitor", style=WIDE),
    }

    def frame(ax, **_):
        style_axes(ax, "Leaders' visits per decade", "Decade", "number of visits")
        ax.set_xlim(decades.min() - 6, decades.max() + 6)
        ax.set_ylim(0, decades.value_counts().max() * 1.15)

    def select(years, directions, roles):
        wanted_roles = [k for k, v in ROLE_LABELS.items() if v in roles]
        rows = visits[in_years(visits["start_date"], years) & visits["direction"].isin([DIRECTIONS[d] for d in directions])
                      & visits["visitor_role"].isin(wanted_roles)]
        decade = (rows["start_date"].dt.year // 10 * 10).rename("decade")
        counts = rows.groupby([decade, rows["direction"].astype(str)]).size().unstack(fill_value=0)
        counts = counts[[c for c in DIRECTIONS.values() if c in counts.columns]].rename(columns=names)
        summary = f"{len(rows)} visits and trips."
        if rows.empty:
            summary = "No visits in this selection: widen the years or choose more directions or visitors."
        return Selection(rows, summary, data=counts)

    def draw(ax, selection, years, **_):
        shade_selection(ax, years, (first, last))
        stacked_bars(ax, selection.data.index, selection.data, width=8, autoscale=False)
        if len(selection.data.columns):
            ax.legend(loc="upper left")

    return Explorer("Visits explorer", controls, select, draw=draw, frame=frame,
                    columns=[c for c in VISIT_COLUMNS if c in visits.columns],
                    margins=dict(left=0.08, right=0.98, bottom=0.185, top=0.9))


ENVOY_COLUMNS = ["name", "title", "credentials_presented", "mission_ended", "end_reason", "source_id"]


def ambassadors_explorer(ambassadors: pd.DataFrame | None = None, years=None) -> Explorer:
    """Each U.S. chief of mission as a bar from credentials to the end of the mission, labelled
    with the surname (full names in the table): the gaps between bars are periods with no chief
    of mission recorded. The axis shows `years` (default: 1945 on); a selection inside them is
    shaded, one reaching outside them shows all years."""
    ambassadors = checked("ambassadors", load_ambassadors() if ambassadors is None else ambassadors,
                          ["name", "title", "appointed", "credentials_presented", "mission_ended"], "load_ambassadors")
    start = ambassadors["credentials_presented"].fillna(ambassadors["appointed"])
    ambassadors, start = ambassadors[start.notna()], start[start.notna()]
    if ambassadors.empty:
        return nothing_to_explore("Envoys explorer", "ambassadors", "peru_us.load_ambassadors()")
    titles = list(dict.fromkeys(ambassadors["title"].astype(str)))
    ended = ambassadors["mission_ended"].dropna()
    first, last = int(start.dt.year.min()), max(int(start.dt.year.max()), int(ended.dt.year.max()) if len(ended) else 0)
    window = start_years("years", years, (first, last)) or ((1945, last) if first < 1945 < last else (first, last))
    controls = {"years": year_range(first, last, window)}

    def serving(years) -> tuple[pd.Series, pd.Series]:
        """Which chiefs served in `years`, and when each mission ended (open ones: at the end of `years`)."""
        lo, hi = pd.Timestamp(years[0], 1, 1), pd.Timestamp(years[1], 12, 31)
        end = ambassadors["mission_ended"].fillna(hi)
        return (start <= hi) & (end >= lo), end

    def axis_years(values) -> tuple[int, int]:
        lo, hi = values["years"]
        return window if window[0] <= lo and hi <= window[1] else (first, last)

    def select(years):
        keep, end = serving(years)
        rows = ambassadors[keep].assign(start=start[keep], end=end[keep])
        return Selection(rows.sort_values("start"), f"{len(rows)} chiefs of mission served between {years[0]} and {years[1]}.")

    def frame(ax, years):  # nothing in it depends on the y axis (no ticks, no grid): draw sets the rows
        lo, hi = axis_years({"years": years})
        ax.set_xlim(lo, hi + 1)
        ax.set_yticks([])
        style_axes(ax, "U.S. chiefs of mission in Lima", "Year", "")

    def draw(ax, selection, years):
        ax.set_ylim(-0.5, max(len(selection.rows), 1) - 0.5)  # one row per chief selected
        if tuple(years) != axis_years({"years": years}):
            shade(ax, years[0], years[1] + 1)
        envoy_bars(ax, selection.rows, titles)

    return Explorer("Envoys explorer", controls, select, draw=draw, frame=frame, frame_keys=axis_years,
                    columns=[c for c in ENVOY_COLUMNS if c in ambassadors.columns], size=(8.0, 5.0),
                    margins=dict(left=0.105, right=0.98, bottom=0.165, top=0.915))
