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


def test_palette_keeps_okabe_itos_hues_in_their_order():
    import colorsys

    import matplotlib.colors

    from peru_us.style import OKABE_ITO

    def hue(c):
        return colorsys.rgb_to_hls(*matplotlib.colors.to_rgb(c))[0] * 360

    assert plots.PALETTE[0] == OKABE_ITO[0] and len(plots.PALETTE) == len(OKABE_ITO)
    for ours, theirs in zip(plots.PALETTE, OKABE_ITO):
        if matplotlib.colors.to_rgb(theirs) in [(0, 0, 0), (0.6, 0.6, 0.6)]:  # black and grey have no hue
            continue
        assert abs(hue(ours) - hue(theirs)) < 8, (ours, theirs)


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


# ---- dates at their precision (issue 13): never an invented first of January
def test_show_gives_each_date_at_its_precision():
    events = peru_us.load_events()
    test = events[events["event_id"] == "2006-north-korea-test-statement"]
    text = repr(peru_us.show(test, columns=["date", "title"]))  # the precision column itself not shown
    assert "2006 " in text and "2006-01-01" not in text
    month = events[events["event_id"] == "1846-first-peruvian-minister"]
    html = peru_us.show(month)._repr_html_()
    assert ">1846-12<" in html and "1846-12-01" not in html
    day = events[events["event_id"] == "2006-tpa-signed"]
    assert "2006-04-12" in repr(peru_us.show(day))


def test_show_gives_the_envoys_dates_at_the_precision_of_their_row():
    envoys = peru_us.load_ambassadors()
    text = repr(peru_us.show(envoys[envoys["date_precision"] == "month"], columns=["name", "credentials_presented",
        "mission_ended"]))
    assert "1992-09" in text and "1993-12" in text and "1992-09-01" not in text
    day = envoys[envoys["date_precision"] == "day"].head(1)
    assert str(day["credentials_presented"].iloc[0].date()) in repr(peru_us.show(day))


def test_explorer_tables_give_dates_at_their_precision():
    ex = widgets.timeline_explorer(years=(2006, 2006))
    ex.controls["years"].value = (2006, 2006)
    cells = [row.split("</td>") for row in ex.table.value.split("<tr>")[2:]]
    rows = {cell[2].split(">")[-1]: cell[0].split(">")[-1] for cell in cells}
    assert rows["Peru condemns North Korea&#x27;s nuclear test"] == "2006"  # known to the year
    assert rows["Peru&#x27;s Congress ratifies the trade agreement"] == "2006-06"  # to the month
    assert rows["Peru&#x27;s Security Council term begins"] == "2006-01-01"  # to the day
    ex.close()


def test_the_timeline_draws_imprecise_dates_hollow_across_their_span_with_a_legend():
    events = peru_us.load_events()
    fig = plots.timeline_chart(events)
    ax = fig.axes[0]
    hollow = [line for line in ax.lines if line.get_markerfacecolor() == "white"]
    assert sum(len(line.get_xdata()) for line in hollow) == (events["date_precision"] != "day").sum()
    (bars,) = [c for c in ax.collections if isinstance(c, matplotlib.collections.LineCollection)]
    spans = {round(s[1, 0] - s[0, 0]) for s in bars.get_segments()}
    assert spans <= {28, 29, 30, 31, 365, 366} and spans & {28, 29, 30, 31} and spans & {365, 366}  # months and years
    assert [t.get_text() for t in ax.get_legend().texts] == ["exact day", "month or year only (bar: that span)"]
    test = events[events["event_id"] == "2006-north-korea-test-statement"]
    marker = [line for line in plots.timeline_chart(test).axes[0].lines if line.get_markerfacecolor() == "white"][0]
    assert str(pd.Timestamp(matplotlib.dates.num2date(matplotlib.dates.date2num(marker.get_xdata()[0]))).date()) == "2006-07-02"
    plt.close("all")


# ---- any sensible table in, a sensible view out
@pytest.mark.parametrize("make, loader", [(widgets.timeline_explorer, peru_us.load_events), (widgets.trade_explorer,
    peru_us.load_trade),
                                          (widgets.un_votes_explorer, peru_us.load_un_votes), (widgets.aid_explorer,
                                              peru_us.load_aid),
                                          (widgets.coca_explorer, peru_us.load_coca), (widgets.opinion_explorer,
                                              peru_us.load_opinion),
                                          (widgets.visits_explorer, peru_us.load_visits),
                                          (widgets.ambassadors_explorer, peru_us.load_ambassadors),
                                          (widgets.conflicts_explorer, peru_us.load_conflicts)])
def test_an_empty_table_gives_an_explorer_that_says_what_would_work(make, loader):
    """Before: 'cannot convert float NaN to integer' and the like."""
    ex = make(loader().iloc[:0])
    assert ex.error is None and "has no rows" in ex.summary.value and f"peru_us.{loader.__name__}()" in ex.summary.value
    assert ex.controls == {} and ex.table.value == ""
    ex.close()


def test_the_timeline_takes_categories_as_plain_text():
    """Before: AttributeError 'Can only use .cat accessor with a category dtype'."""
    events = peru_us.load_events()
    ex = widgets.timeline_explorer(events.assign(category=events["category"].astype(str)))
    assert ex.error is None and list(ex.controls["categories"].options) == sorted(events["category"].unique())
    fig = plots.timeline_chart(events.assign(category=events["category"].astype(str)))
    assert len(fig.axes[0].get_yticklabels()) == events["category"].nunique()
    plt.close(fig)
    ex.close()


def test_a_filtered_opinion_table_starts_on_a_choice_that_shows_figures():
    """Before: a table of polls about China opened on 'United States': 0 figures, no hint why."""
    opinion = peru_us.load_opinion()
    ex = widgets.opinion_explorer(opinion[opinion["subject"] == "China"])
    assert ex.controls["subject"].options == ("China",) and "0 poll" not in ex.summary.value and ex.error is None
    ex.controls["measures"].value = ("favorable_view",)
    ex.controls["geography"].value = ex.controls["geography"].options[0]
    assert ex.error is None
    ex.close()
    us_peru = widgets.opinion_explorer(opinion)
    us_peru.controls["geography"].value = "Latin America"
    us_peru.controls["measures"].value = ("most_admired_country",)
    assert "No poll figures for this choice. The questions chosen have figures about" in us_peru.summary.value
    us_peru.close()


def test_a_coca_table_without_a_measure_offers_only_the_measures_it_has():
    """Before: choosing eradication in a table without it gave 'Axis limits cannot be NaN or Inf'."""
    coca = peru_us.load_coca()
    ex = widgets.coca_explorer(coca[coca["measure"] == "cultivation"])
    assert ex.controls["measure"].options == ("cultivation",) and ex.error is None
    ex.controls["series"].value = ()
    assert ex.error is None and "choose at least one series" in ex.summary.value
    ex.close()


def test_years_outside_the_table_are_refused_not_clamped():
    """Before: timeline_explorer(years=(1700, 1750)) silently showed 1826-1826."""
    with pytest.raises(ValueError, match=r"years=\(1700, 1750\) reaches outside the years of the table \(1826–2024\)"):
        widgets.timeline_explorer(years=(1700, 1750))
