"""The document reader: search the FRUS documents and read them, in a notebook.

A search box, a year range and a volume filter on top; the matching documents in a list, best
first; the chosen document underneath, whole, with the searched words marked. Like the
explorers it is driven from Python in the tests:

>>> reader = document_reader()
>>> reader.controls["search"].value = '"Protocol of Peace"'
>>> reader.results.value, reader.error
('frus1934v04-d463', None)
>>> "<mark>Protocol of Peace</mark>" in reader.pane.value
True
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from . import lifecycle
from .documents import volume_label
from .explorer import WIDE, widget_tree, year_range  # the explorers' look and how they let go
from .reading import read_document
from .search import list_documents, search_documents, suggest_words

MAX_RESULTS = 500  # the list shows at most this many documents, i.e. all of them (the summary says if not)
TITLE_CHARS = 90


def result_label(row) -> str:
    """One line of the result list: date, heading (shortened) and, for a search, the number of hits.

    >>> result_label(pd.Series({"date": pd.Timestamp("1941-10-15"), "title": "The Ambassador in Peru", "hits": 3}))
    '1941-10-15 · The Ambassador in Peru · 3 hits'
    """
    date = row["date"].strftime("%Y-%m-%d") if pd.notna(row["date"]) else "undated"
    title = row["title"] if len(row["title"]) <= TITLE_CHARS else row["title"][: TITLE_CHARS - 1].rstrip() + "…"
    hits = row.get("hits", 0)
    return f"{date} · {title}" + (f" · {hits} hit{'s' * (hits != 1)}" if hits else "")


class DocumentReader(widgets.VBox):
    """Controls, a summary line, the result list (`results`, a Select whose values are document
    keys) and the reading pane (`pane`, HTML). `error` holds the last problem, or None."""

    def __init__(self, query: str = "", years=None, volume=None):
        documents = list_documents()
        dated = documents["date"].dropna().dt.year
        self.first, self.last = int(dated.min()), int(dated.max())
        volumes = documents["volume_id"].value_counts(sort=False).sort_index()
        self.controls = {
            "search": widgets.Text(value=query, placeholder='a word or a "quoted phrase", e.g. Leticia', description="Search",
                                   continuous_update=False, style=WIDE, layout=widgets.Layout(width="420px")),
            "years": year_range(self.first, self.last, years),
            "volume": widgets.Dropdown(options=[("All volumes", "")]
                                       + [(f"{volume_label(v)} ({n})", v) for v, n in volumes.items()],
                                       value=volume or "", description="Volume", style=WIDE),
        }
        self.summary = widgets.HTML()
        self.results = widgets.Select(options=[], rows=8, description="Documents", style=WIDE,
                                      layout=widgets.Layout(width="100%", max_width="60em"))
        self.pane = widgets.HTML(layout=widgets.Layout(max_height="560px", overflow="auto", border="1px solid #ccc",
                                                       padding="2px 12px", max_width="60em"),
                                 tabbable=True)  # it scrolls: keyboard users reach it with Tab
        self.error: str | None = None
        self._updating = False
        header = widgets.HTML("<b>Document reader</b>: Foreign Relations of the United States, documents on Peru")
        panel = widgets.HBox(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([header, panel, self.summary, self.results, self.pane])
        self.add_class("peru-us-reader")  # the browser tests find the reader, its list and its pane by these
        self.results.add_class("peru-us-results")
        self.pane.add_class("peru-us-pane")
        for control in self.controls.values():
            control.observe(self.refresh, names="value")
        self.results.observe(self._chosen, names="value")
        self.refresh()
        lifecycle.built(self)  # a re-run of the cell that built this reader closes the previous one

    def close(self) -> None:
        """Close every widget of the reader (a re-run cell would otherwise keep them all alive)."""
        if self.controls:
            for control in self.controls.values():
                control.unobserve(self.refresh, names="value")
            self.results.unobserve(self._chosen, names="value")
            for widget in widget_tree(self)[1:]:
                widget.close()
            self.controls = {}
        super().close()
        self.children = ()

    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _years(self, years):
        """None (every document, undated ones too) while the slider spans all years."""
        return None if tuple(years) == (self.first, self.last) else tuple(years)

    def find(self, search: str, years, volume: str) -> tuple[pd.DataFrame, str]:
        """The documents to list, and the summary line (HTML)."""
        years, volume = self._years(years), volume or None
        where = (f"{years[0]}–{years[1]}" if years else "all years") + (f", {volume_label(volume)}" if volume else "")
        if not search.strip(' "'):
            rows = list_documents(years, volume)
            return rows, (f"<b>{len(rows)} documents</b> ({where}), by date{self._shown(rows)}. Type a word or a "
                          "\"quoted phrase\" in <i>Search</i> and press Enter to find documents.")
        rows = search_documents(search, years, volume)
        asked = f"<i>{html.escape(' '.join(search.split()))}</i>"
        if rows.empty:
            ideas = suggest_words(search)
            maybe = f" Did you mean: {', '.join(html.escape(w) for w in ideas)}?" if ideas else ""
            return rows, f"No document contains {asked} ({where}).{maybe}"
        return rows, (f"<b>{len(rows)} document{'s' * (len(rows) != 1)}</b> contain{'s' * (len(rows) == 1)} {asked} "
                      f"({where}), best first{self._shown(rows)}. The words found are <mark>marked</mark>.")

    @staticmethod
    def _shown(rows) -> str:
        return f"; the list shows the first {MAX_RESULTS}" if len(rows) > MAX_RESULTS else ""

    def refresh(self, _change=None) -> None:
        """Search again with the controls' values, list the results and open the first."""
        try:
            rows, summary = self.find(**self.values())
            self.error = None
        except Exception as err:  # noqa: BLE001 - a lesson must not crash on an odd search
            rows, summary = pd.DataFrame(columns=["doc_key", "date", "title"]), f"⚠️ {html.escape(str(err))}"
            self.error = f"{type(err).__name__}: {err}"
        options = [(result_label(r), r["doc_key"]) for _, r in rows.head(MAX_RESULTS).iterrows()]
        self._updating = True
        try:
            self.results.options = options
            self.results.value = options[0][1] if options else None
        finally:
            self._updating = False
        self.summary.value = summary
        self.show()

    def _chosen(self, _change) -> None:
        if not self._updating:
            self.show()

    def show(self, key: str | None = None) -> None:
        """Show a document in the reading pane (the one chosen in the list by default)."""
        key = key or self.results.value
        if not key:
            self.pane.value = "<p><i>No document to show: change the search or widen the years.</i></p>"
            return
        search = self.controls["search"].value
        self.pane.value = read_document(key, highlight=search if search.strip(' "') else None)._repr_html_()

    def __repr__(self) -> str:  # short and stable: stored notebook outputs show it as text
        return f"<Document reader: controls {', '.join(self.controls)}>"


def document_reader(query: str = "", years=None, volume=None) -> DocumentReader:
    """Search every FRUS document on Peru and read one whole: type words or a "quoted phrase",
    narrow the years or pick a volume, then click a document in the list."""
    return DocumentReader(query, years, volume)
