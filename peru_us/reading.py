"""Reading one document whole: heading, date, place, text, footnotes, source note, citation.

>>> print(read_document("frus1941v07-d413"))  # doctest: +ELLIPSIS
frus1941v07-d413 · The Ambassador in Peru (Norweb) to the Secretary of State
1940-10-15 · Lima · ...
"""
from __future__ import annotations

import html
import re

from .display import NO_MATH
from .documents import citation, document_row, is_present, source_note, volume_label
from .search import Query, mark


class Document:
    """One document (or context essay), ready to read: shows as HTML in a notebook and as plain
    text elsewhere. `query` marks the words searched for."""

    def __init__(self, row: dict, citation: str, query: Query | None = None, context: bool = False):
        self.row, self.citation, self.query, self.context = row, citation, query, context
        self.key = row["context_key"] if context else row["doc_key"]

    # the pieces, shared by both renderings
    def _field(self, name):
        value = self.row.get(name)
        return value if is_present(value) else None

    def heading(self) -> str:
        return self._field("title") or ""

    def dateline(self) -> str:
        """Date (at its precision), place and what kind of source this is."""
        if self.context:
            parts = [self._field("head_date"), f"Office of the Historian, Milestones ({self.row['period']})",
                     "an essay by government historians (a secondary source)"]
        else:
            date = self._field("date")
            parts = [date.strftime("%Y-%m-%d") if date is not None else "undated", self._field("place"),
                     f"{volume_label(self.row['volume_id'])}, document {self.row['doc_number']}",
                     "editorial note" if self.row["kind"] == "editorial_note" else None]
        return " · ".join(p for p in parts if p)

    def paragraphs(self) -> list[str]:
        return self.row["text"].split("\n")

    def footnotes(self) -> list[tuple[str, str]]:
        """(marker, text) of each footnote, markers as printed."""
        notes = self._field("footnotes")
        if not notes:
            return []
        out = []
        for line in notes.split("\n"):
            m = re.match(r"\[([^\]]+)\]\s*(.*)", line)
            out.append((m.group(1), m.group(2)) if m else ("", line))
        return out

    def warnings(self) -> list[str]:
        notes = []
        if self._field("note"):
            notes.append(self.row["note"])
        if self.row.get("not_declassified") is True:
            notes.append("Parts of this document are still classified: the volume marks each passage it could "
                         "not print ('not declassified').")
        return notes

    def __repr__(self) -> str:
        q = self.query
        lines = [f"{self.key} · {mark(self.heading(), q, False)}", self.dateline()]
        lines += [f"Note: {w}" for w in self.warnings()]
        lines += [""] + [mark(p, q, False) for p in self.paragraphs()]
        notes = self.footnotes()
        if notes:
            lines += ["", "Footnotes"] + [f"[{m}] {mark(t, q, False)}" if m else mark(t, q, False) for m, t in notes]
        if self._field("source_note"):
            lines += ["", source_note(self.row["source_note"])]
        lines += ["", f"Cite as: {self.citation}"]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        q = self.query
        # NO_MATH: two dollar amounts in one paragraph ("$20 million ... $1.3 million") are not a formula
        parts = [f"<div class='peru-us-document {NO_MATH}' style='max-width:50em;line-height:1.45'>",
                 f"<div style='font-size:1.15em;font-weight:bold'>{mark(self.heading(), q)}</div>",
                 f"<div style='color:#444;margin-bottom:0.5em'>{html.escape(self.dateline())} · "
                 f"<code>{html.escape(self.key)}</code></div>"]
        parts += [f"<div style='border-left:4px solid #E69F00;background:#fff7e6;padding:4px 8px;margin:4px 0'>"
                  f"<b>Note:</b> {html.escape(w)}</div>" for w in self.warnings()]
        parts += [f"<p style='margin:0.35em 0'>{mark(p, q)}</p>" for p in self.paragraphs()]
        notes = self.footnotes()
        if notes:
            items = "".join(f"<li style='margin:0.2em 0'><b>{html.escape(m)}</b> {mark(t, q)}</li>" if m else
                            f"<li>{mark(t, q)}</li>" for m, t in notes)
            parts.append(f"<div style='margin-top:0.8em'><b>Footnotes</b> (numbered as printed)"
                         f"<ol style='list-style:none;padding-left:1em;margin:0.2em 0;font-size:92%'>{items}</ol></div>")
        if self._field("source_note"):
            label, _, note = source_note(self.row["source_note"]).partition(": ")
            parts.append(f"<div style='font-size:92%;margin-top:0.6em'><b>{label}:</b> {html.escape(note)}</div>")
        url = html.escape(self.row["url"])
        cited = html.escape(self.citation).replace(url, f"<a href='{url}' target='_blank' rel='noopener'>{url}</a>", 1)
        parts.append(f"<div style='font-size:92%;margin-top:0.4em'><b>Cite as:</b> {cited}</div></div>")
        return "".join(parts)


def read_document(key, highlight: str | None = None) -> Document:
    """One document whole: heading, date, place, full text, footnotes, source note and citation.
    `highlight` marks the words of a search (same rules as search_documents).

    >>> doc = read_document("frus1884-d295", highlight="credentials")
    >>> doc.dateline()
    '1884-04-29 · Legation of the United States, Lima, Peru · FRUS 1884, document 295'
    >>> read_document("frus1884-d2955")
    Traceback (most recent call last):
    KeyError: "there is no document 'frus1884-d2955' (did you mean 'frus1884-d295', ...?); ..."
    """
    row, context = document_row(key)
    query = Query.parse(highlight) if highlight and highlight.strip(' "') else None
    return Document(row, citation(row, context), query, context)
