"""Invariants of the curated tables: coverage, consistency and the licence rules."""
from __future__ import annotations

import json
import re
import sys

import pandas as pd

import peru_us
from conftest import DATA, ROOT, lesson_paths

sys.path.insert(0, str(ROOT))
from tools.lessons import CITATION  # noqa: E402

# Every event the seed article mentions (and that a source dates) must stay in the timeline.
SEED_EVENTS = [
    "1826-us-recognizes-peru", "1947-rio-treaty-signed", "1964-peru-proposes-sicofaa", "1984-belaunde-meets-reagan",
    "1989-panama-invasion", "1989-garcia-recalls-ambassador", "2000-runoff-election", "2000-paniagua-interim-government",
    "2001-toledo-inaugurated", "2002-lima-car-bomb", "2002-bush-in-lima", "2006-unsc-term-begins",
    "2006-north-korea-test-statement", "2007-iraq-statement", "2008-peru-recognizes-kosovo",
    "2011-peru-recognizes-palestine", "2011-peru-suspends-libya-ties", "2011-garcia-bin-laden-remark",
    "2012-syria-stance", "2013-humala-visit", "2020-kenna-appointed", "2008-rimpac", "2007-tpa-implementation-act",
]


def period_bounds() -> dict[str, tuple[int, int]]:
    """Read the period boundaries from the data package's own description of the column."""
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in package["resources"] if r["name"] == "events")
    text = next(f for f in events["schema"]["fields"] if f["name"] == "period")["description"]
    bounds = {name: (int(a), int(b) if b else 9999)
              for name, a, b in re.findall(r"(\w+) \((\d{4})(?:[-–](\d{4})| on)\)", text)}
    assert len(bounds) == 5, text
    return bounds


def test_events_cover_the_course_periods():
    events = peru_us.load_events()
    counts = events["period"].value_counts()
    assert len(events) >= 120
    assert counts["long_nineteenth_century"] >= 50 and counts["interwar_and_wwii"] >= 30
    assert counts["cold_war"] >= 40 and counts["post_cold_war"] >= 15 and counts["twenty_first_century"] >= 50
    assert events["date"].dt.year.between(1826, 2024).all()


def test_periods_are_contiguous_and_cover_the_whole_timeline():
    bounds = sorted(period_bounds().values())
    assert bounds[0][0] == 1826 and bounds[-1][1] == 9999
    assert all(end + 1 == start for (_, end), (start, _) in zip(bounds, bounds[1:])), bounds


def test_every_decade_before_the_1990s_has_enough_events():
    """Lesson 01 tells the story decade by decade: none of its decades may be nearly empty."""
    per_decade = (peru_us.load_events()["date"].dt.year // 10 * 10).value_counts()
    thin = {f"{d}s": int(per_decade.get(d, 0)) for d in range(1820, 1950, 10) if per_decade.get(d, 0) < 5}
    thin |= {f"{d}s": int(per_decade.get(d, 0)) for d in range(1950, 1990, 10) if per_decade.get(d, 0) < 10}
    assert not thin, f"decades with too few events (at least 5 to the 1940s, 10 from the 1950s): {thin}"


def test_every_event_sourced_to_a_frus_volume_links_to_one_of_its_documents():
    """An event that cites a FRUS volume of the documents table names the document(s) that attest it."""
    events = peru_us.load_events()
    documents = peru_us.load_documents()[["doc_key", "source_id"]]
    links = peru_us.load_event_documents().merge(documents, on="doc_key")
    frus = events[events["source_id"].isin(set(documents["source_id"]))]
    assert len(frus) >= 50
    linked = set(zip(links["event_id"], links["source_id"]))
    unlinked = sorted(e.event_id for e in frus.itertuples() if (e.event_id, e.source_id) not in linked)
    assert not unlinked, f"events citing a FRUS volume without a link to one of its documents: {unlinked}"


def test_period_follows_the_date():
    events = peru_us.load_events()
    for name, (first, last) in period_bounds().items():
        years = events.loc[events["period"] == name, "date"].dt.year
        assert years.between(first, last).all(), (name, sorted(set(years[~years.between(first, last)])))


def test_month_and_year_precision_dates_start_their_period():
    events = peru_us.load_events()
    month = events[events["date_precision"] == "month"]["date"]
    year = events[events["date_precision"] == "year"]["date"]
    assert (month.dt.day == 1).all() and ((year.dt.day == 1) & (year.dt.month == 1)).all()


def test_every_seed_article_event_is_in_the_timeline():
    ids = set(peru_us.load_events()["event_id"])
    assert not [e for e in SEED_EVENTS if e not in ids]


def test_seed_only_events_say_so():
    events = peru_us.load_events()
    for event in events[events["source_id"] == "seed-article"].itertuples():
        assert isinstance(event.note, str) and "seed" in event.note.lower(), event.event_id


def test_leaders_terms_are_ordered_and_do_not_overlap():
    leaders = peru_us.load_leaders()
    for country, terms in leaders.groupby("country", observed=True):
        terms = terms.sort_values("term_start")
        assert (terms["term_end"].isna() | (terms["term_end"] >= terms["term_start"])).all()
        ends, starts = terms["term_end"].iloc[:-1].to_numpy(), terms["term_start"].iloc[1:].to_numpy()
        assert (ends <= starts).all(), country
        assert terms["term_end"].iloc[:-1].notna().all(), f"{country}: only the last term may be open"
    assert leaders["term_start"].min().year <= 1945


def test_quotes_come_only_from_public_domain_sources():
    licences = peru_us.load_sources().set_index("source_id")["licence"]
    figures = peru_us.load_figures()
    quoted = figures[figures["quote"].notna() & (figures["quote"] != "")]
    assert len(quoted) and (licences.loc[quoted["source_id"]] == "public-domain-us-gov").all()
    assert (quoted["quote"].str.split().str.len() <= 40).all()


def test_conflicts_record_a_choice_and_a_reason():
    conflicts = peru_us.load_conflicts()
    assert len(conflicts) >= 15
    assert (conflicts["value_used"].str.len() > 0).all() and (conflicts["reason"].str.len() > 20).all()
    assert (conflicts["claim_a"] != conflicts["claim_b"]).all()


def test_coca_has_exactly_one_preferred_figure_per_series_measure_and_year():
    coca = peru_us.load_coca()
    preferred = coca[coca["preferred"]]
    assert not preferred.duplicated(["series", "measure", "year"]).any()
    converted = coca[coca["unit"] == "acres"]
    assert ((converted["hectares"] - converted["value"] / 2.47).abs() <= 5).all()


def test_every_source_is_used_somewhere():
    used = set()
    for name in peru_us.table_names():
        table = peru_us.load(name)
        if name == "sources":
            continue
        for column in [c for c in table.columns if c.startswith("source_id")]:
            used |= set(table[column].dropna())
        if "note" in table:  # a note may cite a second source by its id
            used |= set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", " ".join(table["note"].dropna())))
    text = " ".join(p.read_text(encoding="utf-8") for p in lesson_paths())
    used |= set(CITATION.findall(text))
    unused = sorted(set(peru_us.load_sources()["source_id"]) - used)
    assert not unused, f"sources cited nowhere: {unused}"


def test_trade_balance_is_exports_minus_imports():
    trade = peru_us.load_trade()
    assert ((trade["us_exports_musd"] - trade["us_imports_musd"] - trade["balance_musd"]).abs() < 0.051).all()
    assert list(trade["year"]) == list(range(1985, 2026))


def test_un_votes_agreement_is_computed_only_where_both_voted():
    votes = peru_us.load_un_votes()
    table = peru_us.plots.agreement_by_year(votes)
    both = votes.dropna(subset=["us_vote", "peru_vote"])
    assert table["both_voted"].sum() == len(both)
    assert pd.Series(table["agreement_pct"]).between(0, 100).all()
