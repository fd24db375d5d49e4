"""One contract for bad input to the public functions of the charts, explorers and tables: a wrong
call raises a TypeError (wrong kind of value) or ValueError (value not allowed) whose message names
the argument, what it got and what is allowed. Each row below is a call a student could make."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import peru_us  # noqa: E402
from peru_us import plots  # noqa: E402

events, trade, votes, aid = peru_us.load_events(), peru_us.load_trade(), peru_us.load_un_votes(), peru_us.load_aid()
coca, opinion, visits = peru_us.load_coca(), peru_us.load_opinion(), peru_us.load_visits()
envoys, conflicts = peru_us.load_ambassadors(), peru_us.load_conflicts()
no = lambda table, column: table.drop(columns=column)  # noqa: E731  (a copy without that column)

# (call, exception, words the message must contain: the argument, what it got, what is allowed)
CASES = {
    # ---- show
    "show a text": (lambda: peru_us.show("trade"), TypeError, ["table='trade'", "DataFrame"]),
    "show None": (lambda: peru_us.show(None), TypeError, ["table=None", "DataFrame"]),
    "show a list": (lambda: peru_us.show([1, 2]), TypeError, ["table=[1, 2]", "DataFrame"]),
    "show rows as text": (lambda: peru_us.show(trade, rows="5"), TypeError, ["rows='5'", "whole number"]),
    "show rows negative": (lambda: peru_us.show(trade, rows=-1), ValueError, ["rows=-1", "at least 0"]),
    "show rows fractional": (lambda: peru_us.show(trade, rows=2.5), TypeError, ["rows=2.5", "whole number"]),
    "show rows True": (lambda: peru_us.show(trade, rows=True), TypeError, ["rows=True", "whole number"]),
    "show rows None": (lambda: peru_us.show(trade, rows=None), TypeError, ["rows=None"]),
    "show column misspelt": (lambda: peru_us.show(trade, columns="yaer"), ValueError, ["columns", "'yaer'",
        "did you mean 'year'"]),
    "show one unknown column": (lambda: peru_us.show(trade, columns=["year", "nope"]), ValueError, ["'nope'",
        "'us_exports_musd'"]),
    "show columns a number": (lambda: peru_us.show(trade, columns=5), TypeError, ["columns=5", "list of names"]),
    "show columns numbers": (lambda: peru_us.show(trade, columns=[1]), TypeError, ["columns", "1 (an int)", "text"]),
    "show source misspelt": (lambda: peru_us.show(trade, source_ids="hsg-pocm"), ValueError, ["source_ids", "'hsg-pocm'",
        "did you mean 'hsg-pocom'"]),
    "show source unknown": (lambda: peru_us.show(trade, source_ids=["no-such-source"]), ValueError, ["'no-such-source'",
        "load_sources()"]),
    "show source a number": (lambda: peru_us.show(trade, source_ids=3), TypeError, ["source_ids=3"]),
    "show source numbers": (lambda: peru_us.show(trade, source_ids=[3]), TypeError, ["source_ids", "3 (an int)"]),
    # ---- setup_notebook takes nothing
    "setup with an argument": (lambda: peru_us.setup_notebook("dark"), TypeError, ["setup_notebook()", "0 positional arguments"]),
    "setup with a keyword": (lambda: peru_us.setup_notebook(style="dark"), TypeError, ["setup_notebook()", "'style'"]),
    # ---- timeline_chart
    "timeline chart given a text": (lambda: plots.timeline_chart("events"), TypeError, ["events='events'", "load_events()"]),
    "timeline None": (lambda: plots.timeline_chart(None), TypeError, ["events=None", "DataFrame"]),
    "timeline no category": (lambda: plots.timeline_chart(no(events, "category")), ValueError, ["events", "'category'",
        "load_events()"]),
    "timeline no date": (lambda: plots.timeline_chart(no(events, "date")), ValueError, ["events", "'date'"]),
    "timeline ax a text": (lambda: plots.timeline_chart(events, ax="left"), TypeError, ["ax='left'", "Axes"]),
    "timeline title a number": (lambda: plots.timeline_chart(events, title=5), TypeError, ["title=5", "text"]),
    "timeline title None": (lambda: plots.timeline_chart(events, title=None), TypeError, ["title=None", "text"]),
    "timeline pyplot text": (lambda: plots.timeline_chart(events, pyplot="yes"), TypeError, ["pyplot='yes'", "True or False"]),
    # ---- trade_chart
    "trade measure short name": (lambda: plots.trade_chart(trade, measures="exports"), ValueError, ["measures", "'exports'",
        "did you mean 'us_exports_musd'"]),
    "trade one measure unknown": (lambda: plots.trade_chart(trade, measures=["us_exports_musd", "gdp"]), ValueError, ["'gdp'",
        "'balance_musd'"]),
    "trade measures a number": (lambda: plots.trade_chart(trade, measures=5), TypeError, ["measures=5"]),
    "trade measures numbers": (lambda: plots.trade_chart(trade, measures=[1, 2]), TypeError, ["measures", "1 (an int)"]),
    "trade markers a list": (lambda: plots.trade_chart(trade, markers=[2006]), TypeError, ["markers=[2006]", "dict"]),
    "trade marker year text": (lambda: plots.trade_chart(trade, markers={"TPA": "2006"}), TypeError, ["markers['TPA']='2006'",
        "whole number"]),
    "trade marker year fraction": (lambda: plots.trade_chart(trade, markers={"TPA": 2006.5}), TypeError,
        ["markers['TPA']=2006.5"]),
    "trade no year column": (lambda: plots.trade_chart(no(trade, "year")), ValueError, ["trade", "'year'", "load_trade()"]),
    "trade no balance column": (lambda: plots.trade_chart(no(trade, "balance_musd")), ValueError, ["trade", "'balance_musd'"]),
    "trade ax a module": (lambda: plots.trade_chart(trade, ax=plt), TypeError, ["ax=", "Axes"]),
    "trade a list": (lambda: plots.trade_chart([1, 2]), TypeError, ["trade=[1, 2]"]),
    "trade title a list": (lambda: plots.trade_chart(trade, title=["a"]), TypeError, ["title=['a']"]),
    "trade pyplot 1": (lambda: plots.trade_chart(trade, pyplot=1), TypeError, ["pyplot=1", "True or False"]),
    # ---- agreement_chart
    "agreement min votes 0": (lambda: plots.agreement_chart(votes, min_votes=0), ValueError, ["min_votes=0", "at least 1"]),
    "agreement min votes text": (lambda: plots.agreement_chart(votes, min_votes="5"), TypeError, ["min_votes='5'"]),
    "agreement no us_vote": (lambda: plots.agreement_chart(no(votes, "us_vote")), ValueError, ["votes", "'us_vote'",
        "load_un_votes()"]),
    "agreement a text": (lambda: plots.agreement_chart("votes"), TypeError, ["votes='votes'"]),
    "agreement title a number": (lambda: plots.agreement_chart(votes, title=3), TypeError, ["title=3"]),
    "agreement ax a number": (lambda: plots.agreement_chart(votes, ax=5), TypeError, ["ax=5", "Axes"]),
    # ---- aid_chart
    "aid euros": (lambda: plots.aid_chart(aid, dollars="euros"), ValueError, ["dollars='euros'", "'constant' or 'current'"]),
    "aid dollars a year": (lambda: plots.aid_chart(aid, dollars=2020), TypeError, ["dollars=2020", "'constant' or 'current'"]),
    "aid by misspelt": (lambda: plots.aid_chart(aid, by="agncy"), ValueError, ["by='agncy'", "did you mean 'agency'"]),
    "aid by a list": (lambda: plots.aid_chart(aid, by=["agency"]), TypeError, ["by=['agency']"]),
    "aid by a column it cannot split by": (lambda: plots.aid_chart(aid, by="fiscal_year"), ValueError, ["by='fiscal_year'",
        "'category'"]),
    "aid top 0": (lambda: plots.aid_chart(aid, top=0), ValueError, ["top=0", "at least 1"]),
    "aid top text": (lambda: plots.aid_chart(aid, top="6"), TypeError, ["top='6'"]),
    "aid no transition quarter": (lambda: plots.aid_chart(no(aid, "transition_quarter")), ValueError, ["aid",
        "'transition_quarter'", "load_aid()"]),
    "aid no current dollars": (lambda: plots.aid_chart(no(aid, "obligations_current_usd"), dollars="current"), ValueError,
        ["'obligations_current_usd'"]),
    "aid None": (lambda: plots.aid_chart(None), TypeError, ["aid=None"]),
    "aid pyplot None": (lambda: plots.aid_chart(aid, pyplot=None), TypeError, ["pyplot=None"]),
    # ---- coca_chart
    "coca measure nope": (lambda: plots.coca_chart(coca, measure="nope"), ValueError, ["measure='nope'", "'cultivation'",
        "'potential_cocaine_production'"]),
    "coca measure misspelt": (lambda: plots.coca_chart(coca, measure="cultivaton"), ValueError, ["did you mean 'cultivation'"]),
    "coca measure None": (lambda: plots.coca_chart(coca, measure=None), TypeError, ["measure=None"]),
    "coca no preferred": (lambda: plots.coca_chart(no(coca, "preferred")), ValueError, ["coca", "'preferred'", "load_coca()"]),
    "coca a text": (lambda: plots.coca_chart("coca"), TypeError, ["coca='coca'"]),
    "coca ax a list": (lambda: plots.coca_chart(coca, ax=[]), TypeError, ["ax=[]", "Axes"]),
    # ---- opinion_chart
    "opinion no value": (lambda: plots.opinion_chart(no(opinion, "value_pct")), ValueError, ["opinion", "'value_pct'",
        "load_opinion()"]),
    "opinion a number": (lambda: plots.opinion_chart(5), TypeError, ["opinion=5"]),
    "opinion title a list": (lambda: plots.opinion_chart(opinion, title=["x"]), TypeError, ["title=['x']"]),
    "opinion pyplot None": (lambda: plots.opinion_chart(opinion, pyplot=None), TypeError, ["pyplot=None"]),
    # ---- the computations and the source line the lessons call
    "agreement_by_year a text": (lambda: plots.agreement_by_year("votes"), TypeError, ["votes='votes'"]),
    "agreement_by_year no date": (lambda: plots.agreement_by_year(no(votes, "date")), ValueError, ["'date'"]),
    "aid_table euros": (lambda: plots.aid_table(aid, dollars="eur"), ValueError, ["dollars='eur'"]),
    "voted_alike no votes": (lambda: plots.voted_alike(pd.DataFrame({"x": [1]})), ValueError, ["'us_vote' and 'peru_vote'"]),
    "source_line unknown id": (lambda: plots.source_line(ids="no-such-id"), ValueError, ["'no-such-id'", "bibliography"]),
    "source_line ids a number": (lambda: plots.source_line(ids=5), TypeError, ["ids=5"]),
    # ---- explorers
    "timeline years as text": (lambda: peru_us.timeline_explorer(years="1990"), TypeError, ["years='1990'",
        "pair of whole years"]),
    "timeline years one year": (lambda: peru_us.timeline_explorer(years=1990), TypeError, ["years=1990", "pair"]),
    "timeline years one value": (lambda: peru_us.timeline_explorer(years=(1990,)), ValueError, ["years=(1990,)", "1 values",
        "two"]),
    "timeline years three values": (lambda: peru_us.timeline_explorer(years=[1990, 2000, 2010]), ValueError, ["3 values"]),
    "timeline years reversed": (lambda: peru_us.timeline_explorer(years=(2000, 1990)), ValueError,
        ["first year comes after the last", "(1990, 2000)"]),
    "timeline years before the data": (lambda: peru_us.timeline_explorer(years=(1700, 1750)), ValueError, ["years=(1700, 1750)",
        "1826–2024"]),
    "timeline years partly outside": (lambda: peru_us.timeline_explorer(years=(2000, 2030)), ValueError, ["years=(2000, 2030)",
        "1826–2024"]),
    "timeline years fractional": (lambda: peru_us.timeline_explorer(years=(1990.5, 2000)), TypeError, ["years[0]=1990.5"]),
    "timeline years as texts": (lambda: peru_us.timeline_explorer(years=("1990", "2000")), TypeError, ["years[0]='1990'"]),
    "timeline explorer given a text": (lambda: peru_us.timeline_explorer("events"), TypeError,
                                       ["events='events'", "load_events()"]),
    "timeline no title": (lambda: peru_us.timeline_explorer(no(events, "title")), ValueError, ["events", "'title'"]),
    "timeline filtered, years outside it": (lambda: peru_us.timeline_explorer(events[events["date"].dt.year < 1900], years=(1950,
        1960)),
                                            ValueError, ["years=(1950, 1960)", "1826–18"]),
    "trade explorer no imports": (lambda: peru_us.trade_explorer(no(trade, "us_imports_musd")), ValueError, ["'us_imports_musd'",
        "load_trade()"]),
    "trade explorer a list": (lambda: peru_us.trade_explorer([1]), TypeError, ["trade=[1]"]),
    "trade explorer markers a list": (lambda: peru_us.trade_explorer(markers=[2006]), TypeError, ["markers=[2006]", "dict"]),
    "trade explorer marker text": (lambda: peru_us.trade_explorer(markers={"a": "x"}), TypeError, ["markers['a']='x'"]),
    "un votes no issue": (lambda: peru_us.un_votes_explorer(no(votes, "issue")), ValueError, ["votes", "'issue'"]),
    "un votes a text": (lambda: peru_us.un_votes_explorer("x"), TypeError, ["votes='x'"]),
    "aid explorer years outside": (lambda: peru_us.aid_explorer(years=(1900, 1950)), ValueError, ["years=(1900, 1950)", "1946–"]),
    "aid explorer years text": (lambda: peru_us.aid_explorer(years="1990-2000"), TypeError, ["years='1990-2000'"]),
    "aid explorer no category": (lambda: peru_us.aid_explorer(no(aid, "category")), ValueError, ["aid", "'category'",
        "load_aid()"]),
    "coca explorer no hectares": (lambda: peru_us.coca_explorer(no(coca, "hectares")), ValueError, ["'hectares'", "load_coca()"]),
    "coca explorer no measure it draws": (lambda: peru_us.coca_explorer(coca.assign(measure="yield")), ValueError,
                                          ["no figures of a measure", "'cultivation'"]),
    "coca explorer a number": (lambda: peru_us.coca_explorer(3), TypeError, ["coca=3"]),
    "opinion explorer no pollster": (lambda: peru_us.opinion_explorer(no(opinion, "pollster")), ValueError, ["'pollster'",
        "load_opinion()"]),
    "opinion explorer a dict": (lambda: peru_us.opinion_explorer({}), TypeError, ["opinion={}"]),
    "visits explorer no direction": (lambda: peru_us.visits_explorer(no(visits, "direction")), ValueError, ["'direction'",
        "load_visits()"]),
    "visits explorer a text": (lambda: peru_us.visits_explorer("v"), TypeError, ["visits='v'"]),
    "envoys explorer no title": (lambda: peru_us.ambassadors_explorer(no(envoys, "title")), ValueError, ["'title'",
        "load_ambassadors()"]),
    "envoys explorer years outside": (lambda: peru_us.ambassadors_explorer(years=(1700, 1800)), ValueError,
        ["years=(1700, 1800)"]),
    "envoys explorer years text": (lambda: peru_us.ambassadors_explorer(None, years="x"), TypeError, ["years='x'"]),
    "conflicts explorer no claim": (lambda: peru_us.conflicts_explorer(no(conflicts, "claim_a")), ValueError, ["'claim_a'",
        "load_conflicts()"]),
    "conflicts explorer a number": (lambda: peru_us.conflicts_explorer(5), TypeError, ["conflicts=5"]),
    "explorer unknown keyword": (lambda: peru_us.trade_explorer(yeras=(2000, 2010)), TypeError, ["'yeras'"]),
}


def test_there_are_at_least_ninety_bad_calls():
    assert len(CASES) >= 90


@pytest.mark.parametrize("name", CASES)
def test_a_bad_call_says_what_it_got_and_what_is_allowed(name):
    call, kind, words = CASES[name]
    with pytest.raises(kind) as raised:
        call()
    assert type(raised.value) in (TypeError, ValueError)
    for word in words:
        assert word in str(raised.value), (name, str(raised.value))
    plt.close("all")


# ---- calls that used to go wrong silently or with a pandas/matplotlib error, and now do the right thing
def test_show_takes_one_column_or_one_source_id_as_a_list_of_one():
    text = repr(peru_us.show(trade, rows=2, columns="year"))
    assert text.splitlines()[0].split() == ["year"]
    line = repr(peru_us.show(trade, source_ids="hsg-pocom")).splitlines()[-1]
    assert line.endswith("Source: U.S. Department of State, Office of the Historian [hsg-pocom]"), line


def test_show_takes_a_series_as_its_table():
    text = repr(peru_us.show(events["category"].value_counts(), rows=3))
    assert text.splitlines()[0].split() == ["category", "count"] and "(3 of 9 rows)" in text


def test_coca_chart_draws_cocaine_production_in_tonnes():
    fig = plots.coca_chart(coca, measure="potential_cocaine_production")
    rows = coca[(coca["measure"] == "potential_cocaine_production") & coca["preferred"]]
    ax = fig.axes[0]
    drawn = [line for line in ax.lines if len(line.get_xdata())]
    assert ax.get_ylabel() == "metric tons" and len(drawn) == 1
    assert sorted(v for v in drawn[0].get_ydata() if v is not None) == sorted(rows["value"])
    plt.close(fig)


def test_charts_of_an_empty_selection_say_so():
    for fig in (plots.timeline_chart(events.iloc[:0]), plots.trade_chart(trade.iloc[:0]), plots.coca_chart(coca.iloc[:0]),
                plots.opinion_chart(opinion.iloc[:0]), plots.aid_chart(aid.iloc[:0])):
        texts = [t.get_text() for t in fig.axes[0].texts]
        assert any(t.startswith("No ") for t in texts), texts
        plt.close(fig)
    plt.close(plots.trade_chart(trade, measures=[]))
