"""Cross-checks against the raw public sources in ../shared/sources, when they are present.

The project never needs them to work; on a machine without them these tests skip and say why.
"""
from __future__ import annotations

import csv
import sys
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

import peru_us
from conftest import DATA, ROOT, SHARED_SOURCES

pytestmark = [pytest.mark.crosscheck,
              pytest.mark.skipif(not (SHARED_SOURCES / "SOURCES.md").is_file(),
                                 reason=f"raw sources not present at {SHARED_SOURCES}; nothing to cross-check")]
sys.path.insert(0, str(ROOT))
DERIVED = ["ambassadors", "visits", "un_votes", "aid", "trade", "coca", "opinion", "figures"]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    from tools.build_data import build_all

    out = tmp_path_factory.mktemp("rebuilt")
    build_all(SHARED_SOURCES, out)
    return out


@pytest.mark.parametrize("name", DERIVED)
def test_committed_table_is_exactly_what_the_script_builds_from_the_raw_sources(rebuilt, name):
    assert (rebuilt / f"{name}.csv").read_text(encoding="utf-8") == (DATA / f"{name}.csv").read_text(encoding="utf-8"), \
        f"data/{name}.csv differs from a fresh build: run python3 course.py data"


def _xml_text(element, path):
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def test_ambassadors_match_the_raw_pocom_xml():
    """Independent of the extract CSV: read peru.xml itself."""
    root = ET.parse(SHARED_SOURCES / "hsg-pocom" / "peru.xml").getroot()
    chiefs = root.find("chiefs").findall("chief")
    table = peru_us.load_ambassadors().set_index("chief_id")
    for chief in chiefs:
        row = table.loc[_xml_text(chief, "id")]
        for tag, column in (("appointed", "appointed"), ("started", "credentials_presented"), ("ended", "mission_ended")):
            raw = _xml_text(chief, f"{tag}/date")
            value = row[column]
            if not raw:
                assert pd.isna(value), (row.name, column)
            else:
                assert value.strftime("%Y-%m-%d").startswith(raw), (row.name, column, raw, value)
    assert len(chiefs) == (table["source_id"] == "hsg-pocom").sum()


def test_visits_match_the_raw_decade_files():
    raw = []
    for path in sorted((SHARED_SOURCES / "hsg-visits" / "data").glob("*.xml")):
        for visit in ET.parse(path).getroot().iter("visit"):
            origin = visit.find("from")
            if origin is not None and origin.get("id") == "peru":
                raw.append((_xml_text(visit, "start-date"), _xml_text(visit, "visitor")))
    table = peru_us.load_visits()
    ours = table[table["source_id"] == "hsg-visits"]
    assert sorted(raw) == sorted(zip(ours["start_date"].dt.strftime("%Y-%m-%d"), ours["visitor"]))


def test_trade_matches_the_raw_census_figures_to_rounding():
    raw = list(csv.DictReader((SHARED_SOURCES / "census-trade-peru" / "us_peru_goods_trade_annual.csv").open()))
    trade = peru_us.load_trade().set_index("year")
    for r in raw:
        year = int(r["year"])
        row = trade.loc[year]
        if r["vintage"].endswith(row["vintage"]):
            assert abs(row["us_exports_musd"] - float(r["us_exports_to_peru_musd"])) <= 0.05 + 1e-9, year
            assert abs(row["us_imports_musd"] - float(r["us_imports_from_peru_musd"])) <= 0.05 + 1e-9, year


def test_un_vote_counts_match_the_raw_votes():
    raw = pd.read_csv(SHARED_SOURCES / "unvotes" / "un_votes_us_peru.csv")
    votes = peru_us.load_un_votes()
    for code, column in (("US", "us_vote"), ("PE", "peru_vote")):
        assert raw[raw["country_code"] == code]["vote"].value_counts().to_dict() == \
            votes[column].value_counts().to_dict()


def test_events_from_the_visits_data_carry_a_real_visit_date():
    visits = peru_us.load_visits()
    events = peru_us.load_events()
    sources = {"hsg-visits", "hsg-travels-president", "hsg-travels-secretary"}
    for event in events[events["source_id"].isin(sources) & (events["date_precision"] == "day")].itertuples():
        same = visits[(visits["source_id"] == event.source_id) & (visits["start_date"] <= event.date) & (visits["end_date"] >= event.date)]
        assert len(same), f"{event.event_id}: no {event.source_id} visit covers {event.date.date()}"


def test_events_from_pocom_carry_a_date_of_the_chiefs_of_mission_data():
    envoys = peru_us.load_ambassadors()
    dates = set(pd.concat([envoys["appointed"], envoys["credentials_presented"], envoys["mission_ended"]]).dropna())
    events = peru_us.load_events()
    pocom = events[events["source_id"].str.startswith("hsg-pocom") & (events["date_precision"] == "day")]
    unmatched = [e.event_id for e in pocom.itertuples() if e.date not in dates]
    notes = " ".join(envoys["note"].dropna())
    # a few pocom events use a date written in a note (e.g. a death at post), not in a date column
    for event_id in unmatched:
        date = events.set_index("event_id").loc[event_id, "date"]
        assert f"{date:%B} {date.day}, {date.year}" in notes or f"{date:%Y-%m-%d}" in notes, \
            f"{event_id}: {date.date()} not in the pocom data"
