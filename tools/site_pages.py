"""The site's reference pages, written as MyST Markdown from the data (never committed).

    python tools/site_pages.py OUT     # writes OUT/data/dictionary.md, OUT/data/sources.md,
                                       # OUT/timeline.md, OUT/documents/*.md

- the data dictionary: every table of data/datapackage.json, every field with its type, unit,
  constraints and description, the keys that tie the tables together;
- the bibliography: every row of the sources table, cited as peru_us.cite() cites it;
- the timeline: every event at its date's precision, with the documents that attest it;
- the library: one page per FRUS document (heading, dateline, notes, full text, footnotes,
  source note, citation, the events it attests), and one page per volume listing its documents.

Text from the data is escaped (every ASCII punctuation character gets a backslash), so nothing
in a document is read as Markdown:

>>> escape("1. *Not* a list [x](y) $5")
'1\\\\. \\\\*Not\\\\* a list \\\\[x\\\\]\\\\(y\\\\) \\\\$5'
"""
from __future__ import annotations

import functools
import json
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import peru_us  # noqa: E402
from peru_us.dates import format_dates  # noqa: E402
from peru_us.documents import citation, volume_label  # noqa: E402
from peru_us.reading import Document  # noqa: E402

PERIODS = {  # the events table's periods, in order, with the years the data dictionary gives
    "long_nineteenth_century": "1826–1918", "interwar_and_wwii": "1919–1946", "cold_war": "1947–1991",
    "post_cold_war": "1992–2000", "twenty_first_century": "2001 on"}
PERIOD_TITLES = {"long_nineteenth_century": "The long nineteenth century",
                 "interwar_and_wwii": "Between the wars and the Second World War", "cold_war": "The Cold War",
                 "post_cold_war": "After the Cold War", "twenty_first_century": "The twenty-first century"}


def escape(text) -> str:
    """`text` with every ASCII punctuation character backslash-escaped (CommonMark allows it)."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", str(text))


def cell(text) -> str:
    """Text for a Markdown table cell: escaped, on one line."""
    return escape(" ".join(str(text).split()))


def doc_link(key: str, depth: str = "") -> str:
    return f"[`{key}`]({depth}documents/{key}.md)"


# --------------------------------------------------------------------------- the data dictionary
def constraints(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "enum" in c:
        parts.append("one of " + ", ".join(f"`{v}`" for v in c["enum"]))
    for key, label in (("minimum", "at least"), ("maximum", "at most"), ("maxLength", "at most this many characters:")):
        if key in c:
            parts.append(f"{label} {c[key]}")
    if "pattern" in c:
        parts.append(f"matches `{c['pattern'].replace('|', chr(92) + '|')}`")
    return "; ".join(parts) or "none"


def dictionary_page() -> str:
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    lines = ["# Data dictionary", "",
             f"{escape(package['description'])}", "",
             "Load any table in a notebook with `peru_us.load_<table>()` (for example `peru_us.load_events()`); "
             "`peru_us.describe(\"<table>\")` shows the same description as this page.", "",
             "| Table | File | Rows are | Fields |", "|---|---|---|---|"]
    for r in package["resources"]:
        lines.append(f"| [{cell(r['title'])}](#table-{r['name']}) | `{r['path']}` | {cell(r['description'].split('. ')[0])} "
                     f"| {len(r['schema']['fields'])} |")
    for r in package["resources"]:
        schema = r["schema"]
        key = schema.get("primaryKey")
        key = ", ".join(key) if isinstance(key, list) else key
        lines += ["", f"(table-{r['name']})=", f"## {escape(r['title'])} (`{r['name']}`)", "", escape(r["description"]), "",
                  f"File `data/{r['path']}`; loaded by `peru_us.load_{r['name']}()`"
                  + (f"; each row is identified by `{key}`" if key else "") + "."]
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            lines.append(f"Every `{fk['fields']}` is a `{ref['fields']}` of [{ref['resource']}](#table-{ref['resource']}).")
        lines += ["", "| Field | Type | Unit | Constraints | Description |", "|---|---|---|---|---|"]
        for f in schema["fields"]:
            unit, description = cell(f.get("unit", "")), cell(f["description"])
            lines.append(f"| `{f['name']}` | {f['type']} | {unit} | {constraints(f)} | {description} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the bibliography
def sources_page() -> str:
    sources = peru_us.load_sources()
    kinds = {"primary": "Primary sources", "dataset": "Data sets", "secondary": "Secondary sources"}
    lines = ["# Bibliography", "",
             f"Every source the course cites ({len(sources)} in all), by kind. In the lessons a source is named by its id "
             "in square brackets, such as `[hsg-rdcr-peru]`; in a notebook `peru_us.cite(\"hsg-rdcr-peru\")` prints the "
             "citation below.", ""]
    for kind, title in kinds.items():
        rows = sources[sources["source_type"] == kind].sort_values("source_id")
        lines += [f"## {title} ({len(rows)})", ""]
        for row in rows.itertuples():
            lines += [f"(source-{row.source_id})=", f"`{row.source_id}`", f": {escape(peru_us.cite(row.source_id))}", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- the timeline
def timeline_page(links: pd.DataFrame) -> str:
    events = format_dates(peru_us.load_events())
    by_event = links.groupby("event_id")
    lines = ["# Timeline", "",
             f"The {len(events)} events of the course's `events` table, by period, each with the source it comes from. "
             "Where a document in the library attests an event, it is linked, with the words that show it.", ""]
    for period, years in PERIODS.items():
        rows = events[events["period"] == period]
        lines += [f"## {PERIOD_TITLES[period]} ({years})", ""]
        for row in rows.itertuples():
            lines += [f"(event-{row.event_id})=", f"**{row.date}** · {escape(row.title)}",
                      f": {escape(row.summary)} Source: {{ref}}`{row.source_id} <source-{row.source_id}>`.", ""]
            if row.event_id in by_event.groups:
                for link in by_event.get_group(row.event_id).itertuples():
                    lines += [f"  {doc_link(link.doc_key, '')}: “{escape(link.quotation)}”", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- the library
def document_page(row: dict, attests: pd.DataFrame, titles: dict) -> str:
    doc = Document(row, citation(row))
    key = row["doc_key"]
    lines = ["---", "orphan: true", "---", "", f"# {escape(doc.heading())}", "",
             f"`{key}` · {escape(doc.dateline())} · [all documents of this volume]({row['volume_id']}.md)", ""]
    for warning in doc.warnings():
        lines += ["```{note}", escape(warning), "```", ""]
    lines += [escape(p.strip()) + "\n" for p in doc.paragraphs() if p.strip()]
    notes = doc.footnotes()
    if notes:
        lines += ["## Footnotes", "", "Numbered as printed.", ""]
        lines += [f"- **{escape(m)}** {escape(t)}" if m else f"- {escape(t)}" for m, t in notes]
        lines.append("")
    lines += ["## Cite as", "", escape(doc.citation), ""]
    if len(attests):
        lines += ["## Events this document attests", ""]
        for link in attests.itertuples():
            lines.append(f"- {{ref}}`{escape(titles[link.event_id])} <event-{link.event_id}>`: “{escape(link.quotation)}”")
        lines.append("")
    lines += ["In a notebook: `peru_us.read_document(\"" + key + "\")` shows this document; "
              "`peru_us.cite(\"" + key + "\")` prints its citation.", ""]
    return "\n".join(lines)


def volume_page(volume: str, docs: pd.DataFrame) -> str:
    source = docs["source_id"].iloc[0]
    lines = [f"# {escape(volume_label(volume))}", "", escape(peru_us.cite(source)), "",
             f"{len(docs)} documents on Peru, in the order of the volume.", "",
             "| No. | Date | Document |", "|---|---|---|"]
    for row in docs.sort_values("doc_number").itertuples():
        date = row.date.strftime("%Y-%m-%d") if pd.notna(row.date) else "undated"
        lines.append(f"| {row.doc_number} | {date} | [{cell(row.title)}]({row.doc_key}.md) |")
    return "\n".join(lines) + "\n"


def library_pages(links: pd.DataFrame) -> dict[str, str]:
    documents = peru_us.load_documents()
    titles = dict(zip(peru_us.load_events()["event_id"], peru_us.load_events()["title"]))
    pages = {}
    volumes = []
    for volume, docs in documents.groupby("volume_id", sort=False):
        first = docs["date"].min()
        volumes.append((first, volume, docs))
    volumes.sort(key=lambda v: (pd.isna(v[0]), v[0], v[1]))
    index = ["# The documents", "",
             f"The library holds {len(documents)} documents on Peru from {len(volumes)} volumes of *Foreign Relations of the "
             "United States* (FRUS), the official documentary record of U.S. foreign policy published by the U.S. "
             "Department of State. Each has a page of its own with its full text and its citation. Search them with the "
             "search box, or in a notebook with `peru_us.search_documents(...)`.", "",
             "| Volume | Years of the documents | Documents |", "|---|---|---|"]
    for _first, volume, docs in volumes:
        dated = docs["date"].dropna()
        years = f"{dated.min().year}–{dated.max().year}" if len(dated) else "undated"
        index.append(f"| [{cell(volume_label(volume))}]({volume}.md) | {years} | {len(docs)} |")
        pages[f"documents/{volume}.md"] = volume_page(volume, docs)
    index += ["", "```{toctree}", ":hidden:", "", *[v[1] for v in volumes], "```", ""]
    pages["documents/index.md"] = "\n".join(index)
    for row in documents.to_dict("records"):
        pages[f"documents/{row['doc_key']}.md"] = document_page(row, links[links["doc_key"] == row["doc_key"]], titles)
    return pages


@functools.lru_cache(maxsize=1)
def all_pages() -> dict[str, str]:
    """Every reference page: {path relative to the site's source folder: Markdown}."""
    links = peru_us.load_event_documents()
    return {"data/dictionary.md": dictionary_page(), "data/sources.md": sources_page(), "timeline.md": timeline_page(links),
            **library_pages(links)}


def write(out: Path) -> list[Path]:
    written = []
    for relative, text in all_pages().items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "site-pages"
    print(f"{len(write(out))} pages in {out}")
