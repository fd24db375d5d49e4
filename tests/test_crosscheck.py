"""Cross-checks against the raw public sources in ../shared/sources, when they are present.

The project never needs them to work; on a machine without them these tests skip and say why.
"""
from __future__ import annotations

import collections
import csv
import json
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
        same = visits[(visits["source_id"] == event.source_id) & (visits["start_date"] <= event.date)
                      & (visits["end_date"] >= event.date)]
        assert len(same), f"{event.event_id}: no {event.source_id} visit covers {event.date.date()}"


def test_events_from_pocom_carry_a_date_of_the_chiefs_of_mission_data():
    envoys = peru_us.load_ambassadors()
    dates = set(pd.concat([envoys["appointed"], envoys["credentials_presented"], envoys["mission_ended"]]).dropna())
    with (SHARED_SOURCES / "hsg-pocom" / "peru_chiefs_of_mission.csv").open(newline="", encoding="utf-8") as fh:
        nominees = [r for r in csv.DictReader(fh) if r["section"] == "other-nominees"]  # not in the ambassadors table
    dates |= {pd.Timestamp(r[c]) for r in nominees for c in ("appointed_date", "arrived_date", "started_date",
        "ended_date") if r[c]}
    events = peru_us.load_events()
    pocom = events[events["source_id"].str.startswith("hsg-pocom") & (events["date_precision"] == "day")]
    unmatched = [e.event_id for e in pocom.itertuples() if e.date not in dates]
    notes = " ".join(envoys["note"].dropna())
    # a few pocom events use a date written in a note (e.g. a death at post), not in a date column
    for event_id in unmatched:
        date = events.set_index("event_id").loc[event_id, "date"]
        assert f"{date:%B} {date.day}, {date.year}" in notes or f"{date:%Y-%m-%d}" in notes, \
            f"{event_id}: {date.date()} not in the pocom data"


# --------------------------------------------------------------------------- primary sources
PRIMARY = ["documents", "context", "event_documents"]


def _jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _csv_rows(name) -> list[dict]:
    with (DATA / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def rebuilt_primary(tmp_path_factory):
    from tools.build_documents import build_all as build_documents

    out = tmp_path_factory.mktemp("rebuilt-primary")
    build_documents(SHARED_SOURCES, out)
    return out


@pytest.mark.parametrize("name", PRIMARY)
def test_committed_primary_source_table_is_exactly_what_the_script_builds(rebuilt_primary, name):
    assert (rebuilt_primary / f"{name}.csv").read_bytes() == (DATA / f"{name}.csv").read_bytes(), \
        f"data/{name}.csv differs from a fresh build: run python3 course.py data"


def test_every_raw_document_is_there_once_with_its_text_byte_for_byte():
    """Undo the documented transformations (tools/build_documents.py) and compare every field."""
    raw = _jsonl(SHARED_SOURCES / "frus-peru" / "frus_peru_documents.jsonl")
    rows = _csv_rows("documents")
    counts = collections.Counter(r["doc_key"] for r in rows)
    assert set(counts.values()) == {1} and len(rows) == len(raw)
    by_key = {r["doc_key"]: r for r in rows}
    loaded = peru_us.load_documents().set_index("doc_key")
    for record in raw:
        key = f"{record['volume_id']}-{record['doc_id']}"
        row = by_key[key]
        for column in ("title", "text", "url", "volume_id", "doc_id"):
            assert row[column].encode() == record[column].encode(), (key, column)
        for column in ("place", "source_note", "date_text", "date_source", "chapter", "subchapter"):
            assert row[column] == (record[column] or ""), (key, column)
        assert row["footnotes"].split("\n") == (record["footnotes"] or [""]), key
        assert row["date"] == (record["date"] or "")[:10], key  # the calendar date as written
        assert row["kind"] == record["doc_kind"].replace("-", "_") and row["doc_number"] == record["doc_number"], key
        assert row["not_declassified"] == ("true" if record["not_declassified"] else "false"), key
        assert loaded.loc[key, "text"] == record["text"], key  # and the loader reads it back unchanged


def test_document_counts_per_volume_match_the_list_of_volumes():
    with (SHARED_SOURCES / "frus-peru" / "volumes.csv").open(newline="", encoding="utf-8") as fh:
        expected = {r["volume_id"]: int(r["peru_documents_extracted"]) for r in csv.DictReader(fh)
                    if int(r["peru_documents_extracted"] or 0)}
    assert dict(collections.Counter(r["volume_id"] for r in _csv_rows("documents"))) == expected


def test_context_essays_match_the_raw_essays():
    raw = {f"{r['period']}-{r['essay_id']}": r for r in _jsonl(SHARED_SOURCES / "hsg-milestones" / "milestones_context.jsonl")}
    rows = _csv_rows("context")
    assert sorted(r["context_key"] for r in rows) == sorted(raw)
    for row in rows:
        record = raw[row["context_key"]]
        assert (row["title"], row["text"], row["url"]) == (record["title"], record["text"], record["url"])


def test_event_links_quote_the_raw_documents():
    raw = {f"{r['volume_id']}-{r['doc_id']}": r for r in _jsonl(SHARED_SOURCES / "frus-peru" / "frus_peru_documents.jsonl")}
    for link in _csv_rows("event_documents"):
        record = raw[link["doc_key"]]
        assert link["quotation"] in "\n".join([record["title"], record["text"], *record["footnotes"]]), link["event_id"]
