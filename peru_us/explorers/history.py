"""The timeline of events, and the sources in disagreement.

>>> ex = timeline_explorer(years=(1990, 2000))
>>> ex.controls["search"].value = "zzqx"
>>> ex.summary.value
'<span>0 of ... events, 1990–2000. None mentions “zzqx”: try another word or more years.</span>'
>>> ex.close()
>>> timeline_explorer(years="1990")
Traceback (most recent call last):
TypeError: years='1990' (a str): expected a pair of whole years such as (1826, 2024)
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from ..data import load_conflicts, load_events
from ..drawing import timeline_frame, timeline_layer
from ..explorer import WIDE, Explorer, Selection, year_range
from ..style import MARGINS
from .common import checked, declared, in_years, nothing_to_explore, present, shade, start_years, year_bounds

TIMELINE_COLUMNS = ["date", "category", "title", "source_id"]


def timeline_explorer(events: pd.DataFrame | None = None, years=None) -> Explorer:
    """Events by year range, category and a text search over titles and summaries; `years`
    (first, last) sets the slider and the axis at the start."""
    events = checked("events", load_events() if events is None else events, ["date", "category", "title"], "load_events")
    if events.empty:
        return nothing_to_explore("Timeline explorer", "events", "peru_us.load_events()")
    first, last = year_bounds(events["date"])
    window = start_years("years", years, (first, last)) or (first, last)
    every = declared(events["category"])
    categories = present(events["category"], every)
    searched = events["title"].astype(str)
    if "summary" in events.columns:
        searched = searched.str.cat(events["summary"].fillna("").astype(str), sep=" ")
    controls = {
        "years": year_range(first, last, window),
        "categories": widgets.SelectMultiple(options=categories, value=tuple(categories), rows=min(5, len(categories)),
                                             description="Categories", style=WIDE),
        "search": widgets.Text(value="", placeholder="e.g. Fujimori, treaty, coca", description="Search",
                               continuous_update=False, style=WIDE),
    }

    def axis_years(values) -> tuple[int, int]:
        """The years on the axis: the explorer's own window, or all years once the selection leaves it."""
        lo, hi = values["years"]
        return window if window[0] <= lo and hi <= window[1] else (first, last)

    def frame(ax, **values):
        lo, hi = axis_years(values)
        start, end = pd.Timestamp(lo, 1, 1), pd.Timestamp(hi, 12, 31)
        pad = (end - start) * 0.02
        timeline_frame(ax, categories, "Events by category", (start - pad, end + pad))

    def select(years, categories, search):
        keep = in_years(events["date"], years) & events["category"].astype(str).isin(categories)
        words = search.strip()
        if words:
            keep &= searched.str.contains(words, case=False, regex=False)
        rows = events[keep]
        summary = f"{len(rows)} of {len(events)} events, {years[0]}–{years[1]}."
        if rows.empty:
            summary += (" Choose at least one category." if not categories else
                        f" None mentions “{words}”: try another word or more years." if words else
                        " None in these categories: widen the years or choose more categories.")
        return Selection(rows, summary)

    def draw(ax, selection, years, **_):
        if tuple(years) != axis_years({"years": years}):
            shade(ax, pd.Timestamp(years[0], 1, 1), pd.Timestamp(years[1], 12, 31))
        timeline_layer(ax, selection.rows, categories, every)

    return Explorer("Timeline explorer", controls, select, draw=draw, frame=frame, frame_keys=axis_years,
                    columns=[c for c in TIMELINE_COLUMNS if c in events.columns], margins=MARGINS["timeline"])


CONFLICT_COLUMNS = ["conflict_id", "topic", "claim_a", "source_id_a", "claim_b", "source_id_b", "value_used", "reason"]


def conflicts_explorer(conflicts: pd.DataFrame | None = None) -> Explorer:
    """Pick a disagreement between sources: both claims side by side, with full citations."""
    from ..citations import cite

    conflicts = checked("conflicts", load_conflicts() if conflicts is None else conflicts, CONFLICT_COLUMNS, "load_conflicts")
    if conflicts.empty:
        return nothing_to_explore("Sources in disagreement", "conflicts", "peru_us.load_conflicts()")
    labels = {f"{r.conflict_id}: {r.topic}": r.conflict_id for r in conflicts.itertuples()}
    controls = {"conflict": widgets.Dropdown(options=list(labels), description="Disagreement", style=WIDE,
                                             layout=widgets.Layout(width="640px"))}

    def cell(claim, source_id) -> str:
        return (f"<td style='vertical-align:top;padding:6px'>{html.escape(str(claim))}<br>"
                f"<small><b>[{html.escape(str(source_id))}]</b> {html.escape(cite(source_id))}</small></td>")

    def select(conflict):
        rows = conflicts[conflicts["conflict_id"] == labels[conflict]]
        row = rows.iloc[0]
        summary = ("<table style='width:100%;max-width:900px'><tr><th>One source says</th><th>Another says</th></tr><tr>"
                   + cell(row["claim_a"], row["source_id_a"]) + cell(row["claim_b"], row["source_id_b"]) + "</tr></table>"
                   + f"<p><b>The dataset uses:</b> {html.escape(str(row['value_used']))}<br>"
                   f"<b>Why:</b> {html.escape(str(row['reason']))}</p>")
        return Selection(rows, summary)

    return Explorer("Sources in disagreement", controls, select,
                    columns=[c for c in ["conflict_id", "topic", "affects"] if c in conflicts.columns])
