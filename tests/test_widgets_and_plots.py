"""Explorers driven from Python: set a control, the chart and table change as they should.
Charts: labelled, sourced, colour-blind-safe and byte-identical across runs."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import peru_us  # noqa: E402
from peru_us import plots, widgets  # noqa: E402

EXPLORERS = {
    "timeline": (widgets.timeline_explorer, "years", (1960, 1970)),
    "trade": (widgets.trade_explorer, "years", (2000, 2010)),
    "un_votes": (widgets.un_votes_explorer, "years", (1990, 2000)),
    "aid": (widgets.aid_explorer, "years", (1960, 1970)),
    "coca": (widgets.coca_explorer, "years", (2010, 2024)),
    "opinion": (widgets.opinion_explorer, "geography", "both"),
    "visits": (widgets.visits_explorer, "years", (1990, 2010)),
    "ambassadors": (widgets.ambassadors_explorer, "years", (1960, 1990)),
}


@pytest.mark.parametrize("name", EXPLORERS)
def test_changing_a_control_redraws_chart_and_table(name):
    make, control, value = EXPLORERS[name]
    ex = make()
    assert ex.error is None and bytes(ex.image.value).startswith(b"\x89PNG")
    before = (ex.image.value, ex.table.value, ex.summary.value)
    ex.controls[control].value = value
    assert ex.error is None
    assert ex.image.value != before[0] and ex.table.value != before[1]
    assert repr(ex).startswith("<") and "controls" in repr(ex)


def test_timeline_filters_follow_the_controls():
    ex = widgets.timeline_explorer()
    events = peru_us.load_events()
    ex.controls["years"].value = (1960, 1969)
    ex.controls["categories"].value = ("diplomacy",)
    expected = events[events["date"].dt.year.between(1960, 1969) & (events["category"] == "diplomacy")]
    assert ex.summary.value.count(f"{len(expected)} of {len(events)} events") == 1
    ex.controls["search"].value = "no event says zzqx"
    assert "No rows match" in ex.table.value and ex.error is None


def test_trade_summary_matches_the_data():
    ex = widgets.trade_explorer()
    ex.controls["years"].value = (2009, 2011)
    trade = peru_us.load_trade()
    total = trade[trade["year"].between(2009, 2011)]["us_exports_musd"].sum()
    assert f"U.S. exports {total:,.1f}" in ex.summary.value


def test_un_votes_issue_filter_and_agreement_share():
    votes = peru_us.load_un_votes()
    ex = widgets.un_votes_explorer()
    issue = widgets.issues_of(votes)[0]
    ex.controls["issue"].value = issue
    rows = votes[votes["issue"].str.contains(issue, regex=False, na=False)].dropna(subset=["us_vote", "peru_vote"])
    share = (rows["us_vote"].astype(str) == rows["peru_vote"].astype(str)).mean() * 100
    assert f"{len(rows):,} roll calls" in ex.summary.value and f"{share:.1f}%" in ex.summary.value


def test_coca_never_merges_the_two_series_into_one_line():
    fig = plots.coca_chart(peru_us.load_coca())
    labels = [line.get_label() for line in fig.axes[0].lines]
    assert "U.S. Government estimate" in labels and "UNODC / Peru (DEVIDA) monitoring" in labels
    plt.close(fig)


def test_aid_explorer_split_and_dollars():
    ex = widgets.aid_explorer()
    ex.controls["category"].value = "military"
    assert "military" in ex.table.value and "economic</td>" not in ex.table.value
    before = ex.image.value
    ex.controls["dollars"].value = "current"
    assert ex.image.value != before and "(current)" in ex.summary.value


def test_an_impossible_selection_shows_a_message_not_an_error():
    ex = widgets.opinion_explorer()
    ex.controls["measures"].value = ()
    assert ex.error is None and "No rows match" in ex.table.value


@pytest.mark.parametrize("draw", [
    lambda: plots.trade_chart(peru_us.load_trade()),
    lambda: plots.agreement_chart(peru_us.load_un_votes()),
    lambda: plots.aid_chart(peru_us.load_aid()),
    lambda: plots.coca_chart(peru_us.load_coca()),
    lambda: plots.opinion_chart(peru_us.load_opinion()),
    lambda: plots.timeline_chart(peru_us.load_events()),
])
def test_charts_have_labels_a_source_line_and_stable_bytes(draw):
    fig = draw()
    ax = fig.axes[0]
    assert ax.get_title(loc="left") and ax.get_xlabel()
    assert any(t.get_text().startswith("Source") for t in fig.texts)
    first = plots.png_bytes(fig)
    plt.close(fig)
    fig2 = draw()
    assert plots.png_bytes(fig2) == first
    plt.close(fig2)


def test_palette_is_okabe_ito():
    assert plots.PALETTE[:3] == ["#0072B2", "#E69F00", "#009E73"]


def test_show_adds_the_source_line():
    text = repr(peru_us.show(peru_us.load_trade(), rows=3))
    assert "(3 of" in text and "census-c3330-v2020" in text
    html = peru_us.show(pd.DataFrame({"x": [1]}))._repr_html_()
    assert "computed in this lesson" in html


@pytest.mark.parametrize("name", EXPLORERS)
def test_explorer_margins_keep_everything_inside_the_picture(name):
    """Explorers use fixed margins (no layout pass at each redraw): nothing may be cut off,
    in the first drawing or after a control changes."""
    make, control, value = EXPLORERS[name]
    ex = make()
    for step in range(2):
        renderer = ex.canvas.get_renderer()
        box, frame = ex.figure.get_tightbbox(renderer), ex.figure.bbox_inches
        assert box.x0 >= -0.01 and box.y0 >= -0.01, (name, box)
        assert box.x1 <= frame.x1 + 0.01 and box.y1 <= frame.y1 + 0.01, (name, box, frame)
        ex.controls[control].value = value


@pytest.mark.parametrize("draw", [
    lambda: plots.trade_chart(peru_us.load_trade(), markers={"TPA signed": 2006, "TPA in force": 2009}),
    lambda: plots.agreement_chart(peru_us.load_un_votes()),
    lambda: plots.aid_chart(peru_us.load_aid(), by="account"),
    lambda: plots.coca_chart(peru_us.load_coca()),
    lambda: plots.opinion_chart(peru_us.load_opinion()),
    lambda: plots.timeline_chart(peru_us.load_events()),
], ids=["trade", "agreement", "aid", "coca", "opinion", "timeline"])
def test_standard_charts_keep_everything_inside_their_margins(draw):
    """Notebooks save charts at their own size (no tight bounding box), so nothing may stick out."""
    fig = draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    frame = fig.bbox_inches
    assert box.x0 >= -0.01 and box.y0 >= -0.01 and box.x1 <= frame.x1 + 0.01 and box.y1 <= frame.y1 + 0.01, box
    plt.close(fig)
