"""Primary sources as data: the FRUS documents on Peru as tables, and how to cite one.

The documents are a table like any other (``load_documents()``), loaded only when asked; the
Office of the Historian's essays (``load_context()``) give context, and ``load_event_documents()``
says which documents attest which timeline events. Searching them is ``peru_us.search``; reading
one whole is ``peru_us.reading``.

>>> docs = load_documents()
>>> docs.loc[docs["doc_key"] == "frus1884-d295", ["date", "place"]].values.tolist()
[[Timestamp('1884-04-29 00:00:00'), 'Legation of the United States, Lima, Peru']]
>>> print(cite_document("frus1884-d295"))  # doctest: +ELLIPSIS
No. 288. Mr. Phelps to Mr. Frelinghuysen, Legation of the United States, Lima, Peru, April 29, 1884. In ...Document 295. https://history.state.gov/historicaldocuments/frus1884/d295
"""
from __future__ import annotations

import difflib
import re

import pandas as pd

from .data import load

TABLES = ("documents", "context", "event_documents")
DOC_KEY = re.compile(r"^frus[0-9a-z-]+-d[0-9]+$")
CONTEXT_KEY = re.compile(r"^[0-9]{4}-[0-9]{4}-[a-z0-9-]+$")

# --------------------------------------------------------------------------- loaders
def load_documents() -> pd.DataFrame:
    """The FRUS documents on Peru, one row per document, full texts included (about 20 ms).

    >>> docs = load_documents()
    >>> docs.set_index("doc_key").loc["frus1941v07-d432", "date_text"]
    'May 16, 1942—8 p.m.'
    """
    return load("documents")


def load_context() -> pd.DataFrame:
    """The Office of the Historian's Milestones essays that give context (secondary sources).

    >>> load_context().set_index("context_key").loc["1866-1898-blaine", "title"]
    'Blaine and Pan Americanism, 1880s/1890s'
    """
    return load("context")


def load_event_documents() -> pd.DataFrame:
    """Which documents attest which timeline events, with the words that show it.

    >>> links = load_event_documents()
    >>> links[links["event_id"] == "1884-phelps-credentials"]["doc_key"].tolist()
    ['frus1884-d295', 'frus1884-d296']
    """
    return load("event_documents")


# --------------------------------------------------------------------------- keys and rows
def volume_label(volume_id: str) -> str:
    """A short name for a FRUS volume.

    >>> volume_label("frus1941v07"), volume_label("frus1864p4"), volume_label("frus1958-60v05")
    ('FRUS 1941, vol. VII', 'FRUS 1864, part IV', 'FRUS 1958–60, vol. V')
    """
    match = re.fullmatch(r"frus(\d{4})(?:-(\d{2}))?(?:([vp])(\d+))?", volume_id)
    if not match:
        return volume_id
    year, until, kind, number = match.groups()
    label = f"FRUS {year}" + (f"–{until}" if until else "")
    if kind:
        label += f", {'vol.' if kind == 'v' else 'part'} {_roman(int(number))}"
    return label


def _roman(n: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out, n = out + letters, n - value
    return out


def is_present(value) -> bool:
    """False for a missing value (None, NaN, NaT) and for empty text."""
    return not (pd.isna(value) or (isinstance(value, str) and value == ""))

def _closest_keys(key, keys) -> str:
    match = difflib.get_close_matches(str(key), list(keys), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(m) for m in match)}?)" if match else ""


def document_row(key) -> tuple[dict, bool]:
    """The row of a document or context essay, and whether it is an essay."""
    if isinstance(key, pd.Series):  # a row of search_documents() or load_documents()
        key = key.get("doc_key", key.get("context_key"))
    if not isinstance(key, str):
        raise TypeError(f"key must be a document key such as 'frus1941v07-d413'; got {type(key).__name__} {key!r}")
    key = key.strip()
    if CONTEXT_KEY.match(key):
        table, column, context = load_context(), "context_key", True
    else:
        table, column, context = load_documents(), "doc_key", False
    found = table[table[column] == key]
    if found.empty:
        known = list(load_documents()["doc_key"]) + list(load_context()["context_key"])
        raise KeyError(f"there is no document {key!r}{_closest_keys(key, known)}; document keys look like "
                       "'frus1941v07-d413' (see load_documents() or search_documents())")
    return found.iloc[0].to_dict(), context


# --------------------------------------------------------------------------- citing
def citation(row: dict, context: bool = False, licence: bool = False) -> str:
    """A full citation of one document (or essay), built from its row and its volume's source row
    (with the volume's licence label at the end if `licence`)."""
    from .citations import LICENCE_LABELS  # citations imports this module lazily: no cycle at import

    sources = load("sources").set_index("source_id")
    source = sources.loc[row["source_id"]]
    label = f" [{LICENCE_LABELS[source['licence']]}]" if licence else ""
    if context:
        return (f"Office of the Historian, \"{row['title']}\", {source['title']}. {source['publisher']}. "
                f"{row['url']}{label}")
    heading = re.sub(rf"^{row['doc_number']}\. ", "", row["title"]).rstrip(".")  # "412. Memorandum" -> "Memorandum"
    when = row["date_text"] if is_present(row.get("date_text")) else "undated"
    where = f"{row['place']}, " if is_present(row.get("place")) else ""
    editors = f", ed. {source['author'].removesuffix(' (eds.)')}" if is_present(source["author"]) else ""
    year = f", {int(source['year'])}" if is_present(source["year"]) else ""
    note = f" {source_note(row['source_note'])}." if is_present(row.get("source_note")) else ""
    return (f"{heading}, {where}{when}".rstrip(".") + f". In {source['title']}{editors} (U.S. Department of State{year}), "
            f"Document {row['doc_number']}.{note} {row['url']}{label}")


def source_note(note: str) -> str:
    """The source note with its label ("Source: ..." from 1961 on, a file number before).

    >>> source_note("823.248/244: Telegram"), source_note("Source: Department of State, Central Files.")
    ('Source note: 823.248/244: Telegram', 'Source: Department of State, Central Files')
    """
    note = note.rstrip(".")
    return note if note.startswith("Source:") else f"Source note: {note}"


def cite_document(key, licence: bool = False) -> str:
    """The citation of a document or essay by its key (what cite() returns for such a key).

    >>> print(cite_document("frus1941v07-d412"))  # doctest: +ELLIPSIS
    The Ambassador in Peru (Norweb) to the Secretary of State, Lima, October 15, 1941—4 p.m. In Foreign Relations of the United
    States, Diplomatic Papers, 1941, The American Republics, Volume VII, ed. William M. Franklin; E. R. Perkins (U.S. Department
    of State, 1962), Document 412. Source note: 823.248/244: Telegram.
    https://history.state.gov/historicaldocuments/frus1941v07/d412
    """
    row, context = document_row(key)
    return citation(row, context, licence)


def is_document_key(key) -> bool:
    """Whether `key` has the form of a document or essay key (not whether it exists).

    >>> is_document_key("frus1941v07-d413"), is_document_key("1866-1898-blaine"), is_document_key("hsg-pocom")
    (True, True, False)
    """
    return isinstance(key, str) and bool(DOC_KEY.match(key) or CONTEXT_KEY.match(key))
