"""Searching the documents: by words and "quoted phrases", ranked, with an extract per hit.

>>> hits = search_documents('"good offices"', years=(1864, 1870))
>>> hits[["doc_key", "date", "hits"]].head(3)
          doc_key       date  hits
0  frus1864p4-d39 1864-05-28     4
1  frus1864p4-d35 1864-05-17     2
2  frus1864p4-d47 1864-06-17     2

How search works (simple on purpose, so that a student can predict it):

* Every word of the query must occur in the document (its heading, text or footnotes). A word
  finds the words that *begin* with it: ``treat`` finds "treaty" and "treaties".
* Words in double quotes must stand together, in that order, with only spaces or punctuation
  between them: ``"good offices"``.
* Case and accents do not matter: ``Belaunde`` finds "Belaúnde", ``peru`` finds "PERU".
* Ranking: documents whose heading holds more of the query's words and phrases come first,
  then those with more hits in all, then the earlier ones.
"""
from __future__ import annotations

import difflib
import functools
import html
import re
import string
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .data import data_dir
from .documents import load_documents

RESULT_COLUMNS = ["doc_key", "date", "title", "volume_id", "kind", "hits", "snippet", "source_id"]
SNIPPET_BEFORE, SNIPPET_AFTER = 70, 110  # characters of context around the first hit

# --------------------------------------------------------------------------- folding
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_FOLD = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}  # typographic quotes and dashes


def _fold_char(match: re.Match) -> str:
    char = match.group()
    folded = _FOLD.get(char)
    if folded is None:
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).lower()
        folded = base if len(base) == 1 else char.lower() if len(char.lower()) == 1 else char
        _FOLD[char] = folded
    return folded


def fold(text: str) -> str:
    """Lower case, accents removed, typographic quotes and dashes made plain: one character for
    one, so that a position in the folded text is the same position in the original.

    >>> fold("Belaúnde’s “PERÚ”—1963")
    'belaunde\\'s "peru"-1963'
    """
    return _NON_ASCII.sub(_fold_char, text).lower()


# --------------------------------------------------------------------------- queries
_TRIM = string.punctuation + "¿¡«»"


@dataclass(frozen=True)
class Query:
    """A parsed query: its terms, each a tuple of folded words (a phrase has several).

    >>> Query.parse('Leticia "Protocol of Peace"').terms
    (('leticia',), ('protocol', 'of', 'peace'))
    """
    text: str
    terms: tuple = ()
    patterns: tuple = field(default=(), repr=False, compare=False)

    @classmethod
    def parse(cls, query) -> "Query":
        if not isinstance(query, str):
            raise TypeError(f"query must be text, for example 'Leticia' or '\"good offices\"'; got {type(query).__name__}")
        terms = []
        for i, part in enumerate(fold(query).split('"')):
            words = [w.strip(_TRIM) for w in part.split()]
            words = [w for w in words if w]
            if i % 2:  # inside quotes: one phrase
                terms += [tuple(words)] if words else []
            else:
                terms.extend((w,) for w in words)
        terms = tuple(dict.fromkeys(terms))
        if not terms:
            raise ValueError(f"the query {query!r} has no words to look for; give a word or a \"quoted phrase\", "
                             "for example search_documents('Leticia') or search_documents('\"good offices\"')")
        patterns = tuple(re.compile(r"[\W_]+".join(re.escape(w) for w in term)) for term in terms)
        return cls(query, terms, patterns)

    def label(self, term) -> str:
        return '"' + " ".join(term) + '"' if len(term) > 1 else term[0]


def _word_starts(folded: str, pattern: re.Pattern, word_char: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of the pattern's matches that begin a word."""
    spans = np.array([m.span() for m in pattern.finditer(folded)], dtype=np.int64).reshape(-1, 2)
    if len(spans):
        starts = spans[:, 0]
        keep = (starts == 0) | ~word_char[np.maximum(starts - 1, 0)]
        spans = spans[keep]
    return spans[:, 0], spans[:, 1]


_ASCII_WORD = np.array([c < 128 and chr(c).isalnum() for c in range(256)], dtype=bool)


def _word_chars(folded: str) -> np.ndarray:
    """For each character of the text: is it a letter or a digit? (One byte per character: the
    few characters that folding leaves outside ASCII, such as £ or ß, are looked up one by one.)"""
    word = _ASCII_WORD[np.frombuffer(folded.encode("ascii", "replace"), dtype=np.uint8)]
    for match in _NON_ASCII.finditer(folded):
        word[match.start()] = match.group().isalnum()
    return word


# --------------------------------------------------------------------------- the search index
class _Corpus:
    """The folded texts of every document, joined into two long strings (headings, bodies), with
    the offset where each document starts: a query is one regular-expression pass over each
    string, and numpy maps the hits to documents."""

    def __init__(self, table: pd.DataFrame):
        self.table = table
        self.keys = table["doc_key"].to_numpy(dtype=object)
        self.bodies = [t if pd.isna(f) or not f else f"{t}\n{f}" for t, f in zip(table["text"], table["footnotes"])]
        self.titles = table["title"].tolist()
        self.title_text, self.title_starts = self._join(self.titles)
        self.body_text, self.body_starts = self._join(self.bodies)
        self.title_word = _word_chars(self.title_text)
        self.body_word = _word_chars(self.body_text)
        dates = table["date"]
        self.years = dates.dt.year.to_numpy(dtype=float, na_value=np.nan)
        self.order = np.argsort(dates.to_numpy(dtype="datetime64[us]"), kind="stable")  # NaT last
        self.date_rank = np.empty(len(table), dtype=np.int64)
        self.date_rank[self.order] = np.arange(len(table))
        self.volumes = table["volume_id"].to_numpy(dtype=object)

    @staticmethod
    def _join(texts: list[str]) -> tuple[str, np.ndarray]:
        """The texts folded and joined by NUL characters, and where each one starts."""
        starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
        return fold("\x00".join(texts)), starts

    @functools.cached_property
    def vocabulary(self) -> list[str]:
        """Every distinct word of the documents (folded), for 'did you mean' suggestions."""
        return sorted(set(re.findall(r"[^\W\d_]{3,}", self.body_text)) | set(re.findall(r"[^\W\d_]{3,}", self.title_text)))

    def hits(self, query: Query):
        """Per document: hits of each term in the heading and in the body; first body hit (start, end)."""
        n = len(self.keys)
        title_hits = np.zeros((len(query.terms), n), dtype=np.int64)
        body_hits = np.zeros((len(query.terms), n), dtype=np.int64)
        first = np.full(n, -1, dtype=np.int64)
        first_end = np.full(n, -1, dtype=np.int64)
        for i, pattern in enumerate(query.patterns):
            starts, _ = _word_starts(self.title_text, pattern, self.title_word)
            title_hits[i] = np.bincount(np.searchsorted(self.title_starts, starts, side="right") - 1, minlength=n)
            starts, ends = _word_starts(self.body_text, pattern, self.body_word)
            docs = np.searchsorted(self.body_starts, starts, side="right") - 1
            body_hits[i] = np.bincount(docs, minlength=n)
            # the earliest hit of any term in each document (hits arrive in order within a term)
            where, index = np.unique(docs, return_index=True)
            better = (first[where] < 0) | (starts[index] < first[where])
            first[where[better]], first_end[where[better]] = starts[index][better], ends[index][better]
        return title_hits, body_hits, first, first_end


_CACHE: dict = {}


def _corpus() -> _Corpus:
    """The search index, built once per session (about 60 ms) and rebuilt if documents.csv changes."""
    path = data_dir() / "documents.csv"
    stat = path.stat() if path.is_file() else None
    key = (str(path.resolve()), stat and stat.st_mtime_ns, stat and stat.st_size)
    if _CACHE.get("key") != key:
        _CACHE.clear()
        _CACHE.update(key=key, corpus=_Corpus(load_documents()))
    return _CACHE["corpus"]


# --------------------------------------------------------------------------- search
def _years_mask(years, corpus: _Corpus) -> np.ndarray:
    if years is None:
        return np.ones(len(corpus.keys), dtype=bool)
    if isinstance(years, (int, np.integer)) and not isinstance(years, bool):
        years = (int(years), int(years))
    try:
        first, last = (int(y) for y in years)
    except (TypeError, ValueError):
        raise ValueError(f"years must be a year (1941) or a pair of years (1941, 1942); got {years!r}") from None
    if first > last:
        raise ValueError(f"years must run from the earlier to the later year; got {years!r}")
    return (corpus.years >= first) & (corpus.years <= last)  # undated documents (NaN) drop out


def _volume_mask(volume, corpus: _Corpus) -> np.ndarray:
    if volume is None:
        return np.ones(len(corpus.keys), dtype=bool)
    wanted = [volume] if isinstance(volume, str) else list(volume)
    known = sorted(set(corpus.volumes))
    for v in wanted:
        if v not in known:
            hint = difflib.get_close_matches(str(v), known, n=1, cutoff=0.6)
            raise ValueError(f"volume {v!r} is not a volume of the documents"
                             f"{f' (did you mean {hint[0]!r}?)' if hint else ''}; the volumes are: {', '.join(known)}")
    return np.isin(corpus.volumes, wanted)


def snippet(text: str, start: int, end: int) -> str:
    """A short keyword-in-context extract around text[start:end], cut at word boundaries.

    >>> snippet("The Protocol of Peace, Friendship and Cooperation was signed at Rio.", 4, 12)
    'The Protocol of Peace, Friendship and Cooperation was signed at Rio.'
    """
    lo, hi = max(0, start - SNIPPET_BEFORE), min(len(text), end + SNIPPET_AFTER)
    if lo > 0:
        lo = text.find(" ", lo, start) + 1 or lo
    if hi < len(text):
        cut = text.rfind(" ", end, hi)
        hi = cut if cut > 0 else hi
    extract = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + extract + ("…" if hi < len(text) else "")


def search_documents(query: str, years=None, volume=None) -> pd.DataFrame:
    """Documents that contain every word and "quoted phrase" of `query`, best first, each with
    a short extract around its first hit.

    years: one year (1941) or a range (1941, 1942), inclusive; undated editorial notes are left
    out when years are given. volume: a volume id ("frus1941v07") or a list of them.

    >>> search_documents("Belaunde", years=(1962, 1962))[["doc_key", "hits"]].head(2).values.tolist()
    [['frus1961-63v12-d417', 7], ['frus1961-63v12-d416', 1]]
    >>> search_documents('"  "')
    Traceback (most recent call last):
    ValueError: the query '"  "' has no words to look for; give a word or a "quoted phrase", ...
    """
    parsed = Query.parse(query)
    corpus = _corpus()
    title_hits, body_hits, first, first_end = corpus.hits(parsed)
    found = ((title_hits + body_hits) > 0).all(axis=0)
    keep = np.flatnonzero(found & _years_mask(years, corpus) & _volume_mask(volume, corpus))
    in_title = (title_hits[:, keep] > 0).sum(axis=0)
    total = (title_hits[:, keep] + body_hits[:, keep]).sum(axis=0)
    keep = keep[np.lexsort((corpus.date_rank[keep], -total, -in_title))]
    rows = corpus.table.iloc[keep]
    extracts = [snippet(corpus.bodies[i], first[i] - corpus.body_starts[i], first_end[i] - corpus.body_starts[i])
                if first[i] >= 0 else snippet(corpus.bodies[i], 0, 0) for i in keep]
    result = rows[[c for c in RESULT_COLUMNS if c in rows]].assign(
        hits=(title_hits[:, keep] + body_hits[:, keep]).sum(axis=0), snippet=extracts)[RESULT_COLUMNS]
    return result.reset_index(drop=True)


def list_documents(years=None, volume=None) -> pd.DataFrame:
    """Every document of the chosen years and volume, by date (undated editorial notes last),
    with the columns of search_documents (no hits; the extract is the opening of the text).

    >>> list_documents(volume="frus1924v02")["doc_key"].tolist()
    ['frus1924v02-d512', 'frus1924v02-d513', 'frus1924v02-d514', 'frus1924v02-d515', 'frus1924v02-d516']
    """
    corpus = _corpus()
    keep = np.flatnonzero(_years_mask(years, corpus) & _volume_mask(volume, corpus))
    keep = keep[np.argsort(corpus.date_rank[keep], kind="stable")]
    rows = corpus.table.iloc[keep]
    extracts = [snippet(corpus.bodies[i], 0, 0) for i in keep]
    return rows[[c for c in RESULT_COLUMNS if c in rows]].assign(hits=0, snippet=extracts)[RESULT_COLUMNS].reset_index(drop=True)


def suggest_words(query: str, limit: int = 3) -> list[str]:
    """Words of the documents close to the query's words that no document contains (typos).

    >>> suggest_words("Leticai")
    ['leticia']
    """
    corpus = _corpus()
    suggestions = []
    for term in Query.parse(query).terms:
        for word in term:
            if not re.search(r"(?<!\w)" + re.escape(word), corpus.body_text + "\x00" + corpus.title_text):
                suggestions += difflib.get_close_matches(word, corpus.vocabulary, n=limit, cutoff=0.75)
    return list(dict.fromkeys(suggestions))[:limit]


# --------------------------------------------------------------------------- reading
def highlight_spans(text: str, query: Query | None) -> list[tuple[int, int]]:
    """(start, end) of every hit of the query's terms in `text`, merged where they overlap."""
    if query is None:
        return []
    folded = fold(text)
    word = _word_chars(folded) if folded else np.zeros(0, dtype=bool)
    spans = sorted(s for p in query.patterns for s in zip(*_word_starts(folded, p, word)))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([int(start), int(end)])
    return [tuple(s) for s in merged]


def mark(text: str, query: Query | None, html_out: bool = True) -> str:
    """The text with the query's hits marked: <mark> in HTML (the rest escaped), «…» in plain text.

    >>> mark("Peru & Perú", Query.parse("peru"))
    '<mark>Peru</mark> &amp; <mark>Perú</mark>'
    """
    out, at = [], 0
    escape = html.escape if html_out else (lambda s: s)
    opened, closed = ("<mark>", "</mark>") if html_out else ("«", "»")
    for start, end in highlight_spans(text, query):
        out += [escape(text[at:start]), opened, escape(text[start:end]), closed]
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def clear_index() -> None:
    """Forget the search index (it is rebuilt on the next search)."""
    _CACHE.clear()
