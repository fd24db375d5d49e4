"""Poll figures by geography, subject and question.

>>> from peru_us import load_opinion
>>> polls = load_opinion()
>>> ex = opinion_explorer(polls[polls["subject"] == "China"])  # the toggles offer what the table has
>>> ex.controls["subject"].options, ex.summary.value
(('China',), '<span>2 poll figures from 2 pollsters.</span>')
"""
from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from ..data import load_opinion
from ..drawing import OPINION_SERIES, opinion_frame, opinion_layer, slot_legends
from ..explorer import WIDE, Explorer, Selection
from ..style import MARGINS
from .common import checked, declared, nothing_to_explore, present, year_bounds

BOTH = "both"
LEGEND_TOP = 0.162  # figure fraction: the legend's first row, under the axis label
OPINION_COLUMNS = ["year", "measure", "subject", "geography", "value_pct", "pollster", "source_id"]


def _toggle(column: pd.Series, preferred: list[str], description: str) -> widgets.ToggleButtons:
    options = present(column, [*preferred, *declared(column)])
    options = list(dict.fromkeys(options)) + ([BOTH] if len(set(options)) > 1 else [])
    return widgets.ToggleButtons(options=options, description=description, style=WIDE)


def opinion_explorer(opinion: pd.DataFrame | None = None) -> Explorer:
    """Poll figures by geography, subject and measure."""
    opinion = checked("opinion", load_opinion() if opinion is None else opinion, OPINION_COLUMNS[:-1], "load_opinion")
    if opinion.empty:
        return nothing_to_explore("Opinion explorer", "opinion", "peru_us.load_opinion()")
    measures = present(opinion["measure"], declared(opinion["measure"]))
    first, last = year_bounds(opinion["year"])
    controls = {
        "geography": _toggle(opinion["geography"], ["Peru", "Latin America"], "Surveyed"),
        "subject": _toggle(opinion["subject"], ["United States", "China"], "About"),
        "measures": widgets.SelectMultiple(options=measures, value=tuple(measures), rows=min(4, len(measures)),
                                           description="Question", style=WIDE),
    }
    # Start on the first choice that shows some figures (a filtered table may have none for the first).
    pairs = opinion[["geography", "subject"]].astype(str).drop_duplicates()
    geography, subject = controls["geography"], controls["subject"]
    if not ((pairs["geography"] == geography.value) & (pairs["subject"] == subject.value)).any():
        subject.value = pairs.loc[pairs["geography"] == geography.value, "subject"].iloc[0]

    def frame(ax, **_):
        opinion_frame(ax, xlim=(first - 1, last + 1))

    def select(geography, subject, measures):
        rows = opinion[opinion["measure"].astype(str).isin(measures)]
        if geography != BOTH:
            rows = rows[rows["geography"].astype(str) == geography]
        if subject != BOTH:
            rows = rows[rows["subject"].astype(str) == subject]
        summary = f"{len(rows)} poll figures from {rows['pollster'].nunique()} pollsters."
        if rows.empty:
            asked = opinion[opinion["measure"].astype(str).isin(measures)][["subject", "geography"]].astype(str)
            found = sorted({f"about {s} in {g}" for s, g in asked.itertuples(index=False)})
            summary = ("No poll figures for this choice. " + (f"The questions chosen have figures {'; '.join(found)}."
                                                              if found else "Choose at least one question."))
        return Selection(rows, summary)

    series = list(opinion.groupby(OPINION_SERIES, observed=True).groups)  # each keeps its colour and place

    def draw(ax, selection, **_):
        drawn = opinion_layer(ax, selection.rows, series, legend=False)
        slot_legends(ax, [(series.index(key), line, line.get_label()) for key, line in drawn], top=LEGEND_TOP)

    return Explorer("Opinion explorer", controls, select, draw=draw, frame=frame, size=(8.0, 5.4),
                    columns=[c for c in OPINION_COLUMNS if c in opinion.columns], margins=MARGINS["opinion"])
