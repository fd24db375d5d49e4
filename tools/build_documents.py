"""Build the primary-source tables of data/ from the raw FRUS and Milestones extracts.

Reads ../shared/sources/frus-peru/frus_peru_documents.jsonl and
../shared/sources/hsg-milestones/milestones_context.jsonl and writes three tables:

* ``documents``: one row per FRUS document, its full text verbatim;
* ``context``: one row per Office of the Historian "Milestones" essay;
* ``event_documents``: which documents attest which timeline events (the links are curated by
  hand in tools/curated/event_documents.csv, each with a verbatim quotation that the build checks
  against the document).

    python tools/build_documents.py                 # raw sources at ../shared/sources
    python tools/build_documents.py --sources DIR --out DIR

tools/build_data.py runs it too. Only the standard library is used.

What is not a plain copy (tests/test_crosscheck.py undoes exactly these and compares):

* ``doc_key`` is ``volume_id`` + "-" + ``doc_id`` ("frus1941v07-d413").
* ``date`` is the calendar date of the source's ``date`` as written, in the document's own time
  zone: its first ten characters, never shifted by the UTC offset a few volumes encode
  ("1934-01-29T13:00:00-03:00" -> 1934-01-29). ``date_precision`` is "day" wherever the source
  has a date (every dated document gives its day) and empty for the undated editorial notes.
* ``kind`` is the source's ``doc_kind`` with an underscore ("editorial_note").
* ``footnotes`` is the source's list joined with newlines, one footnote per line, each starting
  with its printed marker ("[2] ..."). A newline-joined text column rather than JSON: it reads
  as it prints in a spreadsheet and in the reader, and it round-trips exactly because no
  footnote contains a newline (checked below).
* ``source_id`` names the volume (VOLUME_SOURCES; the rows are in data/sources.csv).
* ``note`` holds the maintainers' notes on known problems (DOCUMENT_NOTES): every text, title and
  date is kept as printed, and the note says what is wrong with it.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = ROOT.parent / "shared" / "sources"
FRUS = Path("frus-peru") / "frus_peru_documents.jsonl"
MILESTONES = Path("hsg-milestones") / "milestones_context.jsonl"
TABLES = ("documents", "context", "event_documents")


def volume_source(volume_id: str) -> str:
    """The sources table's id for a FRUS volume.

    >>> volume_source("frus1941v07"), volume_source("frus1961-63v12"), volume_source("frus1870")
    ('frus-1941-v07', 'frus-1961-63-v12', 'frus-1870')
    """
    match = re.fullmatch(r"frus(\d{4}(?:-\d{2})?)([a-z]+\d+)?", volume_id)
    if not match:
        raise ValueError(f"frus-peru: unexpected volume_id {volume_id!r}")
    years, part = match.groups()
    return f"frus-{years}" + (f"-{part}" if part else "")


MILESTONES_SOURCE = "hsg-milestones"

# Maintainers' notes: known problems of a document's date, heading or text, checked against the
# text (the round-1 notes in frus-peru/README.md among them). Written for the reader, who sees
# them above the document. Disagreements about a date are also in data/conflicts.csv.
UNDATED_NOTE = "An editorial note by the volume's editors, not a document of the time: it has no date."
DOCUMENT_NOTES = {
    "frus1941v07-d413": (
        "Printed undated ('Lima, [undated]', received October 16). The digital edition dates it 1940-10-15, "
        "probably a year off: the telegram follows up telegram No. 551 of October 15, 1941 (frus1941v07-d412), "
        "so it was sent on October 15 or 16, 1941. The date column keeps the edition's date (conflict C33)."),
    "frus1941v07-d432": (
        "Printed 'May 16, 1942', among telegrams of May 1941: probably a misprint for 1941. This is telegram "
        "No. 181, which calls No. 180 'my 180 of today'; No. 180 is dated May 16, 1941 (frus1941v07-d431), and "
        "the reply of May 24, 1941 (frus1941v07-d433) answers 'your 180 of May 16 and 181 of May 16'. The date "
        "column keeps the printed date (conflict C34)."),
    "frus1942v06-d631": (
        "The printed date carries the editors' query ('January [19?], 1942'); a footnote says the aide-mémoire "
        "was handed over on January 19, 1942."),
    "frus1924v02-d512": (
        "The heading misspells the President's name as 'Legía'; the letter is signed 'A. B. Leguía'. The date "
        "and place come from the closing line ('Written in the Palace of Government at Lima, on the 14th day "
        "of the month of February, 1924')."),
    "frus1884-d303": "The heading's serial number 'No. 286.' is a misprint: the sequence of the volume requires 296.",
    "frus1934v04-d422": "The heading misprints the Ambassador's name as 'Bearing'; the telegram is signed 'Dearing'.",
    "frus1934v04-d469": "The heading misprints the Ambassador's name as 'Bearing'; the telegram is signed 'Dearing'.",
    "frus1934v04-d475": "The heading misprints the Ambassador's name as 'Bearing'; the telegram is signed 'Dearing'.",
    "frus1901-d368": "An instruction of 1886, printed in the 1901 volume as background to the Hayball claim settled in 1901.",
    "frus1901-d373": "An instruction of 1898, printed in the 1901 volume as background to the Fowks claim settled in 1901.",
    "frus1958-60v05-d349": (
        UNDATED_NOTE + " It summarizes documents printed only in the volume's microfiche supplement. It says "
        "'Bogotá' three times where the context calls for Lima (for example, Peru's Foreign Minister needing "
        "'to return to Bogotá'): probably an error in the printed note, kept as printed."),
}

# Timeline events that a document attests: a small hand-curated table, one row per link, each with a
# short verbatim quotation from the document (title, text or footnotes) that shows it. The build
# fails if a quotation is not there, and names the file and row.
EVENT_LINKS = Path(__file__).resolve().parent / "curated" / "event_documents.csv"
LINK_FIELDS = ["event_id", "doc_key", "quotation", "note"]
MAX_QUOTATION_WORDS = 35  # quotations are short: they attest the event, the reader shows the whole document


# --------------------------------------------------------------------------- helpers
def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


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
    return str(value)


def schema_fields(name: str) -> list[str]:
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == name)
    return [f["name"] for f in resource["schema"]["fields"]]


def known_ids(table: str, column: str) -> set[str]:
    with (ROOT / "data" / f"{table}.csv").open(newline="", encoding="utf-8") as fh:
        return {row[column] for row in csv.DictReader(fh)}


def doc_key(record: dict) -> str:
    return f"{record['volume_id']}-{record['doc_id']}"


# --------------------------------------------------------------------------- documents
def build_documents(src: Path) -> list[dict]:
    records = read_jsonl(src / FRUS)
    sources = known_ids("sources", "source_id")
    rows, seen = [], set()
    for r in records:
        key = doc_key(r)
        if key in seen:
            raise ValueError(f"frus-peru: document {key} appears twice")
        seen.add(key)
        if r["doc_number"] != r["doc_id"].removeprefix("d"):
            raise ValueError(f"frus-peru {key}: doc_number {r['doc_number']!r} does not match doc_id")
        if any("\n" in f for f in r["footnotes"]):
            raise ValueError(f"frus-peru {key}: a footnote contains a newline; the footnotes column would not round-trip")
        source_id = volume_source(r["volume_id"])
        if source_id not in sources:
            raise ValueError(f"frus-peru {key}: no row {source_id!r} in data/sources.csv for volume {r['volume_id']}")
        kind = r["doc_kind"].replace("-", "_")
        note = DOCUMENT_NOTES.get(key) or (UNDATED_NOTE if kind == "editorial_note" and not r["date"] else "")
        rows.append({
            "doc_key": key, "volume_id": r["volume_id"], "doc_id": r["doc_id"], "doc_number": int(r["doc_number"]),
            "kind": kind, "title": r["title"],
            "date": (r["date"] or "")[:10], "date_precision": "day" if r["date"] else "",
            "date_text": r["date_text"], "date_source": r["date_source"], "place": r["place"],
            "chapter": r["chapter"], "subchapter": r["subchapter"], "source_note": r["source_note"],
            "text": r["text"], "footnotes": "\n".join(r["footnotes"]), "not_declassified": bool(r["not_declassified"]),
            "url": r["url"], "source_id": source_id, "note": note,
        })
    unknown = set(DOCUMENT_NOTES) - seen
    if unknown:
        raise ValueError(f"DOCUMENT_NOTES name documents that are not in the corpus: {sorted(unknown)}")
    return sorted(rows, key=lambda row: (row["volume_id"], row["doc_number"]))


# --------------------------------------------------------------------------- context
def context_key(record: dict) -> str:
    return f"{record['period']}-{record['essay_id']}"


def build_context(src: Path) -> list[dict]:
    if MILESTONES_SOURCE not in known_ids("sources", "source_id"):
        raise ValueError(f"no row {MILESTONES_SOURCE!r} in data/sources.csv")
    rows = []
    for r in read_jsonl(src / MILESTONES):
        rows.append({
            "context_key": context_key(r), "period": r["period"], "period_title": r["period_title"],
            "essay_id": r["essay_id"], "part": {"body": "essay", "front": "foreword"}[r["section_part"]],
            "title": r["title"], "head_date": r["head_date"], "text": r["text"],
            "mentions_peru": bool(r["mentions_peru"]), "matched_terms": "; ".join(r["matched_terms"]),
            "url": r["url"], "source_id": MILESTONES_SOURCE,
        })
    return rows


# --------------------------------------------------------------------------- event links
def read_event_links(path: Path = EVENT_LINKS) -> list[dict]:
    """The curated links, checked for form: columns, no empty cell, no pair twice, short quotations.

    >>> links = read_event_links()
    >>> sorted(links[0]) == sorted(LINK_FIELDS) and len(links) > 100
    True
    """
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != LINK_FIELDS:
            raise ValueError(f"{path.name}: columns must be {LINK_FIELDS}; got {reader.fieldnames}")
        rows = list(reader)
    seen = set()
    for line, row in enumerate(rows, start=2):
        where = f"{path.name} line {line}"
        for field in LINK_FIELDS:
            if not (row[field] or "").strip():
                raise ValueError(f"{where}: empty {field}")
        pair = (row["event_id"], row["doc_key"])
        if pair in seen:
            raise ValueError(f"{where}: the link {pair} appears twice")
        seen.add(pair)
        words = len(row["quotation"].split())
        if words > MAX_QUOTATION_WORDS:
            raise ValueError(f"{where}: the quotation has {words} words; at most {MAX_QUOTATION_WORDS} are allowed")
    return rows


def build_event_documents(src: Path, documents: list[dict] | None = None) -> list[dict]:
    documents = documents if documents is not None else build_documents(src)
    by_key = {d["doc_key"]: d for d in documents}
    events = known_ids("events", "event_id")
    rows = []
    for line, link in enumerate(read_event_links(), start=2):
        event_id, key, quotation = link["event_id"], link["doc_key"], link["quotation"]
        where = f"{EVENT_LINKS.name} line {line}"
        if event_id not in events:
            raise ValueError(f"{where}: no event {event_id!r} in data/events.csv")
        if key not in by_key:
            raise ValueError(f"{where} ({event_id}): no document {key!r}")
        doc = by_key[key]
        if quotation not in "\n".join((doc["title"], doc["text"], doc["footnotes"])):
            raise ValueError(f"{where} ({event_id}): the quotation is not verbatim in {key}: {quotation!r}")
        rows.append({"event_id": event_id, "doc_key": key, "quotation": quotation, "note": link["note"]})
    return rows


# --------------------------------------------------------------------------- main
def build_all(sources: Path, out: Path) -> dict[str, int]:
    """Write documents, context and event_documents into `out`; return the row count of each."""
    for path in (FRUS, MILESTONES):
        if not (sources / path).is_file():
            raise SystemExit(f"raw source not found: {sources / path}")
    out.mkdir(parents=True, exist_ok=True)
    documents = build_documents(sources)
    tables = {"documents": documents, "context": build_context(sources),
              "event_documents": build_event_documents(sources, documents)}
    for name, rows in tables.items():
        write_csv(out / f"{name}.csv", schema_fields(name), rows)
    return {name: len(rows) for name, rows in tables.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="raw sources folder")
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="where to write the CSVs")
    args = parser.parse_args(argv)
    for name, n in build_all(args.sources, args.out).items():
        print(f"{name:12s} {n:6d} rows")


if __name__ == "__main__":
    main()
