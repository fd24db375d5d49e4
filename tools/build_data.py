"""Rebuild the derived tables of data/ from the raw sources.

Reads the raw files in ../shared/sources (see that folder's SOURCES.md) and writes
ambassadors, visits, un_votes, aid, trade, coca, opinion and figures as CSV into data/.
The hand-curated tables (sources, events, conflicts, leaders) are not touched.

    python tools/build_data.py                      # raw sources at ../shared/sources
    python tools/build_data.py --sources DIR --out DIR

Only the standard library is used, so the script runs before anything is installed.
Every choice that is not a plain copy (a unit conversion, a row left out, a preferred
figure) is written here next to its reason, and recorded in data/conflicts.csv where
sources disagree.
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = ROOT.parent / "shared" / "sources"

ACRES_PER_HECTARE = 2.47  # the factor stated in the NCJRS abstract (coca-web-figures, K30 note)


# --------------------------------------------------------------------------- helpers
def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in fields})


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(round(value, 6)).removesuffix(".0") if value == int(value) else repr(value)
    return str(value)


def schema_fields(name: str) -> list[str]:
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == name)
    return [f["name"] for f in resource["schema"]["fields"]]


def round1(x: float) -> float:
    """Round a Census annual sum to 0.1 (the precision of the published table)."""
    return round(float(x) + 0.0, 1)


# --------------------------------------------------------------------------- ambassadors
# Chiefs of mission after Krishna R. Urs are not in the Office of the Historian file
# (SOURCES.md, hsg-pocom). They are curated by hand in this CSV, one row per chief of mission,
# in the columns of data/ambassadors.csv; add a row only with a cited source_id (data/sources.csv)
# and say in `note` where each date and detail comes from.
AMBASSADORS_AFTER_2020 = ROOT / "tools" / "curated" / "ambassadors_after_2020.csv"


def read_curated(path: Path, name: str) -> list[dict[str, str]]:
    """Rows of a hand-curated CSV, checked to have exactly the columns of the table `name`."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields = schema_fields(name)
        if reader.fieldnames != fields:
            raise SystemExit(f"{path}: the header must be the columns of {name}: {','.join(fields)}; "
                             f"it is {','.join(reader.fieldnames or [])}")
        rows = list(reader)
    for line, row in enumerate(rows, start=2):
        if None in row or None in row.values():
            raise SystemExit(f"{path}, line {line}: {len(fields)} columns expected ({','.join(fields)})")
        if not row["source_id"]:
            raise SystemExit(f"{path}, line {line}, column source_id: empty; every row needs its source")
    return rows


def build_ambassadors(src: Path) -> list[dict]:
    rows = []
    for r in read_csv(src / "hsg-pocom" / "peru_chiefs_of_mission.csv"):
        if r["section"] != "chiefs":  # other nominees never served
            continue
        name = " ".join(p for p in (r["forename"], r["surname"]) if p)
        if r["genname"]:
            name += ", " + r["genname"]
        dates = {k: r[f"{k}_date"] for k in ("appointed", "started", "ended")}
        month_only = any(len(d) == 7 for d in dates.values() if d)
        fix = lambda d: d + "-01" if len(d) == 7 else d  # noqa: E731  (YYYY-MM -> first day)
        rows.append({
            "chief_id": r["chief_id"],
            "name": name,
            "title": r["role_title"].replace("\u2019", "'"),
            "appointed": fix(dates["appointed"]),
            "credentials_presented": fix(dates["started"]),
            "credentials_note": r["started_note"].removesuffix(" on"),
            "mission_ended": fix(dates["ended"]),
            "end_reason": r["ended_note"].removesuffix(" on"),
            "date_precision": "month" if month_only else "day",
            "career_type": r["career_type"],
            "home_state": r["residence_state"].upper(),
            "note": r["note"],
            "source_id": "hsg-pocom",
        })
    return rows + read_curated(AMBASSADORS_AFTER_2020, "ambassadors")


# --------------------------------------------------------------------------- visits
VISITOR_ROLES = {"President-elect": "president_elect", "President": "president", "Prime Minister": "prime_minister"}


def _visitor_role(visitor: str) -> str:
    for prefix, role in VISITOR_ROLES.items():
        if visitor.startswith(prefix + " "):
            return role
    raise ValueError(f"hsg-visits: cannot tell the role of visitor {visitor!r}")


def build_visits(src: Path) -> list[dict]:
    rows = []
    for r in read_csv(src / "hsg-visits" / "visits_peru.csv"):
        rows.append({
            "visit_id": f"hsg-visit-{r['visit_id']}", "direction": "to_us",
            "start_date": r["start_date"], "end_date": r["end_date"], "visitor": r["visitor"],
            "visitor_role": _visitor_role(r["visitor"]), "country": "United States", "place": "",
            "description": r["description"], "source_id": "hsg-visits",
        })
    for r in read_csv(src / "hsg-travels" / "travels_peru.csv"):
        role = {"president": "president", "secretary": "secretary_of_state"}[r["role"]]
        if "[Visit made as President-elect.]" in r["remarks"]:
            role = "president_elect"
        rows.append({
            "visit_id": f"hsg-trip-{r['trip_id']}",
            "direction": "to_peru" if r["country_id"] == "peru" else "elsewhere",
            "start_date": r["start_date"], "end_date": r["end_date"], "visitor": r["name"],
            "visitor_role": role, "country": r["country"], "place": r["locale"],
            "description": r["remarks"],
            "source_id": "hsg-travels-president" if r["role"] == "president" else "hsg-travels-secretary",
        })
    return sorted(rows, key=lambda row: (row["start_date"], row["visit_id"]))


# --------------------------------------------------------------------------- UN votes
def build_un_votes(src: Path) -> list[dict]:
    folder = src / "unvotes"
    votes: dict[str, dict[str, str]] = {}
    for r in read_csv(folder / "un_votes_us_peru.csv"):
        votes.setdefault(r["rcid"], {})[r["country_code"]] = r["vote"]
    issues: dict[str, set[str]] = {}
    for r in read_csv(folder / "un_roll_call_issues.csv"):
        issues.setdefault(r["rcid"], set()).add(r["issue"])
    rows = []
    for r in read_csv(folder / "un_roll_calls.csv"):
        cast = votes.get(r["rcid"])
        if not cast:
            continue
        rows.append({
            "rcid": int(r["rcid"]), "date": r["date"], "session": int(r["session"]),
            "issue": "; ".join(sorted(issues.get(r["rcid"], ()))),
            "important_vote": {"1": True, "0": False}.get(r["importantvote"]),
            "amendment_vote": {"1": True, "0": False}.get(r["amend"]),
            "paragraph_vote": {"1": True, "0": False}.get(r["para"]),
            "resolution": r["unres"].strip(), "title": r["short"].strip(),
            "description": r["descr"].strip(),
            "us_vote": cast.get("US", ""), "peru_vote": cast.get("PE", ""),
            "source_id": "unvotes-voeten",
        })
    return sorted(rows, key=lambda row: row["rcid"])


# --------------------------------------------------------------------------- aid
def build_aid(src: Path) -> list[dict]:
    rows, counter = [], {}
    for r in read_csv(src / "usaid-greenbook" / "greenbook_peru.csv"):
        label = r["fiscal_year_label"]
        counter[label] = counter.get(label, 0) + 1
        rows.append({
            "aid_id": f"{label}-{counter[label]:03d}",
            "fiscal_year": int(float(r["Fiscal Year"])),
            "transition_quarter": label.endswith("TQ"),
            "fiscal_year_label": label,
            "category": r["Assistance Category"].lower(),
            "agency": r["Funding Agency"],
            "account": r["Funding Account Name"],
            "publication_row": r["Publication Row"],
            "obligations_current_usd": int(r["Obligations (Historical Dollars)"]),
            "obligations_constant_2020_usd": int(r["Obligations (Constant Dollars)"]),
            "source_id": "usaid-greenbook-2022",
        })
    return rows


# --------------------------------------------------------------------------- trade
# One row per year. SOURCES.md: use the 2026 vintage for 2018 on (2018 and 2019 were revised,
# and the 2020 vintage's 2020 is January-August only); earlier years come from the 2020 vintage,
# which agrees with the 2026 vintage to 0.1 where both were read (1991, 2017).
FIRST_YEAR_OF_2026_VINTAGE = 2018


def build_trade(src: Path) -> list[dict]:
    folder = src / "census-trade-peru"
    rows = []
    for r in read_csv(folder / "census_country_peru_vintage2020.csv"):
        year = int(r["year"])
        if year >= FIRST_YEAR_OF_2026_VINTAGE:
            continue
        exports, imports = round1(r["EYR"]), round1(r["IYR"])
        rows.append({"year": year, "us_exports_musd": exports, "us_imports_musd": imports,
                     "balance_musd": round(exports - imports, 1), "vintage": "2020",
                     "source_id": "census-c3330-v2020"})
    for line in (folder / "trade_by_country_PER_vintage2026.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r["year"] < FIRST_YEAR_OF_2026_VINTAGE:
            continue
        exports, imports, balance = round1(r["exports_year"]), round1(r["imports_year"]), round1(r["balance_year"])
        if abs(balance - (exports - imports)) > 0.051:
            raise ValueError(f"census 2026 vintage, year {r['year']}: published balance {balance} "
                             f"is not exports - imports ({exports} - {imports})")
        rows.append({"year": r["year"], "us_exports_musd": exports, "us_imports_musd": imports,
                     "balance_musd": balance, "vintage": "2026", "source_id": "census-c3330-v2026"})
    return sorted(rows, key=lambda row: row["year"])


# --------------------------------------------------------------------------- coca
COCA_SERIES = {
    "coca_cultivation_usg": ("us_government", "cultivation"),
    "potential_pure_cocaine_production_usg": ("us_government", "potential_cocaine_production"),
    "coca_cultivation_national_monitoring": ("national_monitoring", "cultivation"),
    "coca_eradication_reported": ("eradication_reported", "eradication"),
}
# K26 (38,700 ha "1998") is left out: the article does not say the figure is the 1998 level,
# and the NCJRS abstract (K30/W15) implies a 1998 level near 50,300 ha (conflicts C-table).
COCA_LEFT_OUT = {"K26"}
# Two U.S. Government figures for 2002: State Department 90,400 acres (K06) and CIA Crime and
# Narcotics Center 88,900 acres (K07). The State Department figure is the one the U.S. Government
# published as its estimate; both are kept, K06 is marked preferred (see conflicts).
COCA_NOT_PREFERRED = {"K07"}
COCA_SOURCES = {
    "https://cia.gov/readingroom/print/2000235": "cia-1985-peruvian-cocaine-industry",
    "https://rave.ca/en/news_info/113022/world": "ap-2001-coca-output-falls",
    "http://mapinc.org/drugnews/v03/n718/a05.html": "ap-2003-un-survey-peru-coca",
    "http://mapinc.org/drugnews/v03/n1117/a03.html": "knightridder-2003-coca-farmers",
    "https://imperialvalleynews.com/index.php/news/imperial-valley-news/8-news/19794-ondcp-releases-data-on-coca-cultivation-and-production-in-peru.html": "ondcp-peru-coca-2012-2018",  # noqa: E501 (an address)
    "https://addictionjournal.org/posts/increased-coca-cultivation-in-peru": "addiction-journal-peru-coca",
    "https://larepublica.pe/amp/economia/2021/10/24/peru-cultivo-de-hoja-de-coca-crecio-115-en-el-2020-vraem-atmp": "larepublica-2021-coca",  # noqa: E501 (an address)
    "http://www.andina.com.pe/Ingles/noticia-unodc-land-used-for-coca-cultivation-in-peru-reduced-by-nearly-14-in-2014-565778.aspx": "andina-2015-unodc-coca",  # noqa: E501 (an address)
    "https://unis.unvienna.org/unis/en/pressrels/2003/nar796.html": "unis-nar796-2003",
    "https://ojp.gov/ncjrs/virtual-library/abstracts/peru-coca-cultivation-survey-2003": "ncjrs-206472",
    "https://ojp.gov/ncjrs/virtual-library/abstracts/peru-coca-cultivation-survey": "ncjrs-211425",
    "https://ws.net360.info/es/wsnoticias/41530/una-mala-noticia-per-segundo-productor-de-cocana": "net360-onudd-coca",
    "https://countervortex.org/blog/peru-authorities-challenge-un-findings-on-coca-leaf-boom/": "countervortex-2010-coca",
    "http://www.generaccion.com/noticia/109184/peru-primer-productor-hoja-coca-mundo": "generaccion-coca",
    "http://unodc.org/unodc/en/press/releases/2014/June/marked-decline-in-coca-plant-cultivation-in-peru-according-to-2013-unodc-survey.html": "unodc-2014-peru-survey",  # noqa: E501 (an address)
    "http://unodc.org/unodc/en/frontpage/2015/July/latest-unodc-survey-shows-substantial-coca-crop-decline-in-peru.html": "unodc-2015-peru-survey",  # noqa: E501 (an address)
    "https://dokumen.tips/documents/fact-sheet-peru-coca-survey-for-2016-peru-coca-survey-for-2016-1-coca-crop-area.html": "unodc-factsheet-2016",  # noqa: E501 (an address)
    "https://pirhua.pe/2023/10/aumenta-el-cultivo-de-hoja-de-coca-en-puno-hay-mas-de-11-mil-hectareas": "pirhua-2023-coca",
    "https://radionacional.com.pe/noticias/nacional/devida-cultivos-de-hoja-de-coca-en-peru-se-incrementaron-mas-del-30-en-2021": "radionacional-2022-devida",  # noqa: E501 (an address)
    "https://inforegion.pe/devida-reporta-mas-de-92-000-hectareas-de-cultivo-de-narcoca-en-el-pais": "inforegion-devida-2023",
    "https://inforegion.pe/peru-logra-reduccion-de-cultivos-de-coca-con-3000-hectareas-menos/": "inforegion-devida-2024",
}


def _coca_unit(unit: str) -> tuple[str, str]:
    """Map a published unit string to (unit, quality)."""
    quality = "ok"
    if "range" in unit:
        quality = "range"
    elif "unit not stated" in unit:
        quality = "unit_inferred"
    elif "lower bound" in unit:
        quality = "lower_bound"
    elif "approximate" in unit:
        quality = "approximate"
    for name in ("hectares", "acres"):
        if unit.startswith(name):
            return name, quality
    if unit == "metric tons":
        return "metric_tons", quality
    raise ValueError(f"coca: unknown unit {unit!r}")


def _to_hectares(value: float | None, unit: str) -> float | None:
    if value is None or unit == "metric_tons":
        return None
    if unit == "acres":
        return float(round(value / ACRES_PER_HECTARE, -1))
    return value


def build_coca(src: Path) -> list[dict]:
    rows = []
    for r in read_csv(src / "coca-web-figures" / "coca_web_figures.csv"):
        if r["figure_id"] in COCA_LEFT_OUT:
            continue
        series, measure = COCA_SERIES[r["series"]]
        unit, quality = _coca_unit(r["unit"])
        low = high = value = None
        if quality == "range":
            low, high = (float(x) for x in r["value"].split("-"))
        else:
            value = float(r["value"])
        if r["url"] not in COCA_SOURCES:
            raise ValueError(f"coca {r['figure_id']}: no source_id for URL {r['url']}")
        rows.append({
            "figure_id": r["figure_id"], "year": int(r["year"]), "series": series, "measure": measure,
            "value": value, "value_low": low, "value_high": high, "unit": unit,
            "hectares": _to_hectares(value, unit), "estimator": r["estimator"], "quality": quality,
            "preferred": r["figure_id"] not in COCA_NOT_PREFERRED,
            "source_id": COCA_SOURCES[r["url"]], "note": r["note"],
        })
    return rows


# --------------------------------------------------------------------------- opinion
PEW_MEASURES = {"favorable_view_of_us": "favorable_view", "confidence_in_us_president": "confidence_in_president"}
PEW_NOTES = {
    ("favorable_view",
     2000): ("Pew's Global Attitudes Project began in 2002; this value probably comes from earlier surveys Pew shows "
             "as trend data (not verified)."),
    ("confidence_in_president", 2007): "Confidence in President George W. Bush.",
    ("confidence_in_president", 2014): "Confidence in President Obama.",
    ("confidence_in_president", 2015): "Confidence in President Obama.",
    ("confidence_in_president", 2017): "Confidence in President Trump.",
}
OTHER_OPINION = {  # figure_id -> (measure, subject, geography, source_id)
    "O01": ("most_admired_country", "United States", "Peru", "infobae-2025-datum"),
    "O02": ("most_admired_country", "China", "Peru", "infobae-2025-datum"),
    "O03": ("favorable_view", "China", "Peru", "gnews-2024-cgtn"),
    "O04": ("approval_of_leadership", "United States", "Latin America", "finchannel-2018-gallup"),
    "O05": ("approval_of_leadership", "United States", "Latin America", "finchannel-2018-gallup"),
    "O06": ("favorable_view", "United States", "Latin America", "ascoa-2017-latinobarometro"),
    "O07": ("favorable_view", "United States", "Latin America", "ascoa-2017-latinobarometro"),
    "O08": ("favorable_view", "United States", "Latin America", "dominicanoshoy-2010-latinobarometro"),
    "O09": ("favorable_view", "United States", "Latin America", "dominicanoshoy-2010-latinobarometro"),
}


def build_opinion(src: Path) -> list[dict]:
    rows = []
    for r in read_csv(src / "pew-us-image" / "pew_peru_extract.csv"):
        measure, year = PEW_MEASURES[r["series"]], int(r["year"])
        rows.append({
            "opinion_id": f"pew-{year}-{measure.replace('_', '-')}", "year": year, "measure": measure,
            "subject": "United States", "value_pct": float(r["value_pct"]), "geography": "Peru",
            "pollster": "Pew Research Center (compiled by FiveThirtyEight)",
            "source_id": "pew-538-trump-world-trust", "note": PEW_NOTES.get((measure, year), ""),
        })
    for r in read_csv(src / "opinion-web-figures" / "opinion_web_figures.csv"):
        measure, subject, geography, source_id = OTHER_OPINION[r["figure_id"]]
        rows.append({
            "opinion_id": r["figure_id"], "year": int(r["year"]), "measure": measure, "subject": subject,
            "value_pct": float(r["value"]), "geography": geography, "pollster": r["pollster"],
            "source_id": source_id, "note": r["note"],
        })
    return sorted(rows, key=lambda row: (row["year"], row["opinion_id"]))


# --------------------------------------------------------------------------- figures
TRADE_PRODUCT_SOURCES = {
    "producebluebook.com": "producebluebook-2021-asparagus",
    "perishablenews.com": "perishablenews-asparagus",
    "studylib.es": "usda-gain-pe2021-0005",
    "perutradeoffice.us": "perutradeoffice-2021",
    "elcomercio.pe": "elcomercio-2020-exports",
    "english.www.gov.cn": "govcn-2018-peru-exports",
    "andina.pe": "andina-2018-trade",
    "activetraderdaily.com": "reuters-2025-tariff-exemption",
    "fdocuments.net": "ustr-ptpa-commerce-statement",
}
UNITS = {"thousand USD": "thousand USD", "pounds": "pounds", "percent": "percent",
         "billion USD": "billion USD", "million USD": "million USD"}

# Figures quoted in the web excerpts (W..). Quotes are short verbatim pieces of U.S. Government
# text from web_excerpts.csv; tests/test_crosscheck.py checks that each is a substring of it.
EXCERPT_FIGURES = [
    # id, excerpt, topic, measure, year, period, value, unit, reporter, quote, source_id, note
    ("W04", "W04", "economy", "Compensation Peru agreed to pay for expropriated U.S. companies (Greene agreement)", 1974, "", 76,
     "million USD", "United States",
     ("the Government of Peru agreed to give the Government of the United States $76 million dollars to distribute to the "
      "expropriated companies"),
     "frus-1969-76-ve11p2-d294", "Agreement of 19 February 1974."),
    ("W05", "W05", "economy", "Compensation received by Esso Standard (an IPC subsidiary) under the Greene agreement", 1974, "",
     22, "million USD", "United States",
     "the Esso Standard Corporation, a subsidiary of the IPC, received [Page 783] $22 million in compensation",
     "frus-1969-76-ve11p2-d294", ""),
    ("W07a", "W07", "trade", "U.S. two-way trade with Peru", 2009, "", 8.8, "billion USD", "United States",
     "The United States' two-way trade with Peru was $8.8 billion in 2009", "ustr-peru-tpa",
     "Rounded; an earlier Census vintage than the trade table."),
    ("W07b", "W07", "trade", "U.S. goods exports to Peru", 2009, "", 4.8, "billion USD", "United States",
     "with U.S. goods exports to Peru at $4.8 billion", "ustr-peru-tpa", "Compare the trade table (Census, 2020 vintage)."),
    ("W08a", "W08", "trade", "U.S. goods exports to Peru", 2011, "", 8.3, "billion USD", "United States",
     "In 2011, U.S. goods exports to Peru totaled $8.3 billion", "ustr-wts-2013", ""),
    ("W08b", "W08", "trade", "U.S. goods trade surplus with Peru", 2011, "", 1.7, "billion USD", "United States",
     "a U.S. goods trade surplus with Peru of $1.7 billion", "ustr-wts-2013", ""),
    ("W09a", "W09", "trade", "U.S.-Peru merchandise two-way trade", 2008, "", 12, "billion USD", "United States",
     "U.S.-Peru merchandise two-way trade reached $12 billion in 2008", "commerce-2009-locke-araoz", ""),
    ("W09b", "W09", "trade", "U.S. exports to Peru", 2008, "", 6.2, "billion USD", "United States",
     "to $6.2 billion in 2008", "commerce-2009-locke-araoz",
     "The same release gives USD 2.9 billion for 2007 in a sentence about 2006-2008; that figure is not used (see conflicts)."),
    ("W10a", "W10", "trade", "Two-way trade in goods between the United States and Peru", 2009, "", 9.1, "billion USD",
     "United States",
     "Two-way trade in goods between the United States and Peru has increased from $9.1 billion in 2009", "state-fact-sheet-2018",
     "USTR gives USD 8.8 billion for the same year (figure W07a): different vintages or definitions."),
    ("W10b", "W10", "trade", "Two-way trade in goods between the United States and Peru", 2016, "", 14.3, "billion USD",
     "United States",
     "to $14.3 billion in 2016", "state-fact-sheet-2018", ""),
    ("W12", "W12", "aid", "U.S. foreign assistance funds provided to Peru", 2018, "FY2018", 85, "million USD", "United States",
     "The United States provided $85 million in Foreign Assistance funds to Peru in Fiscal Year 2018", "state-peru-country-page",
     "Not the same measure as the Greenbook obligations in the aid table."),
    ("W16", "W16", "multilateral",
     "General Assembly votes for Peru in the 2005 Security Council election (Nicaragua received 43)", 2005, "", 144, "votes",
     "United Nations",
     "", "ap-nbc-2005-unsc", "AP report; the UN press release GA/10401 confirms Peru's election."),
    ("W23", "W23", "opinion", "Peruvians with a favourable view of the U.S. (Pew Global Attitudes 2007, as reported)", 2007, "",
     61, "percent", "",
     "", "miamiherald-2007-pew", "Secondhand; agrees with the Pew value compiled by FiveThirtyEight (opinion table)."),
]


def _trade_product_source(url: str) -> str:
    for host, source_id in TRADE_PRODUCT_SOURCES.items():
        if host in url:
            return source_id
    raise ValueError(f"figures: no source_id for URL {url}")


def build_figures(src: Path) -> list[dict]:
    rows = []
    for r in read_csv(src / "trade-products-web-figures" / "trade_products_web_figures.csv"):
        year_text = r["year"].replace("c. ", "")
        year, _, period = year_text.partition(" ")
        unit = r["unit"].split(" (")[0]
        note = r["note"]
        if r["unit"] != unit:
            note = (r["unit"][len(unit):].strip(" ()") + ". " + note).strip()
        quote = r["source_text"] if r["text_kind"] == "quote" else ""
        rows.append({
            "figure_id": r["figure_id"], "topic": "trade", "measure": r["series"].replace("_", " "),
            "year": int(year), "period": period.strip("()") or ("approximate year" if r["year"].startswith("c. ") else ""),
            "value": float(r["value"]), "unit": UNITS[unit],
            "reporter": "United States" if r["reporter"].startswith("United States") else "Peru",
            "quote": quote, "source_id": _trade_product_source(r["url"]), "note": note,
        })
    excerpts = {r["excerpt_id"]: r for r in read_csv(src / "web-excerpts" / "web_excerpts.csv")}
    for (fid, wid, topic, measure, year, period, value, unit, reporter, quote, source_id, note) in EXCERPT_FIGURES:
        if quote and quote not in excerpts[wid]["text"]:
            raise ValueError(f"figures {fid}: quote is not verbatim in web excerpt {wid}")
        rows.append({"figure_id": fid, "topic": topic, "measure": measure, "year": year, "period": period,
                     "value": value, "unit": unit, "reporter": reporter, "quote": quote,
                     "source_id": source_id, "note": note})
    return rows


# --------------------------------------------------------------------------- main
BUILDERS = {
    "ambassadors": build_ambassadors, "visits": build_visits, "un_votes": build_un_votes,
    "aid": build_aid, "trade": build_trade, "coca": build_coca, "opinion": build_opinion,
    "figures": build_figures,
}


def build_all(sources: Path, out: Path) -> dict[str, int]:
    """Write every derived table into `out`; return the row count of each."""
    if not (sources / "SOURCES.md").is_file():
        raise SystemExit(f"raw sources not found at {sources} (expected SOURCES.md there)")
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, build in BUILDERS.items():
        rows = build(sources)
        write_csv(out / f"{name}.csv", schema_fields(name), rows)
        counts[name] = len(rows)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="raw sources folder")
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="where to write the CSVs")
    args = parser.parse_args()
    for name, n in build_all(args.sources, args.out).items():
        print(f"{name:12s} {n:6d} rows")
    import build_documents  # tools/build_documents.py: documents, context, event_documents
    build_documents.main(["--sources", str(args.sources), "--out", str(args.out)])


if __name__ == "__main__":
    main()
