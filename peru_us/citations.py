"""Readable citations for the sources behind any row, table or figure.

A bad argument to :func:`cite` raises a TypeError or ValueError saying what it accepts; an
id that is not in the sources table raises :class:`~peru_us.validation.UnknownName` (a KeyError
and a ValueError) with the closest id.

>>> print(cite("hsg-rdcr-peru"))  # doctest: +ELLIPSIS
Tiffany Hamelin. A Guide to the United States' History of Recognition, ...: Peru. U.S. Department of State, Office of the
Historian, 2009. https://history.state.gov/countries/peru

Which licence a source has concerns the maintainers (may its text be quoted?), not the students
who read a citation: ``cite(..., licence=True)`` adds it.

>>> print(cite("hsg-rdcr-peru", licence=True))  # doctest: +ELLIPSIS
Tiffany Hamelin. ... https://history.state.gov/countries/peru [public domain (U.S. Government work)]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .data import load_sources
from .validation import UnknownName, closest, shown

LICENCE_LABELS = {
    "public-domain-us-gov": "public domain (U.S. Government work)",
    "CC0-1.0": "CC0 1.0",
    "MIT": "MIT licence",
    "CC-BY-SA-4.0": "CC BY-SA 4.0: facts only, text not copied",
    "not-open": "not openly licensed: facts only, text not copied",
}


class Citation(str):
    """A citation string that JupyterLab shows with clickable links."""

    def _repr_markdown_(self) -> str:
        return "\n".join(f"- {line}" for line in self.splitlines())


def _one(row: pd.Series, licence: bool = False) -> str:
    parts = [row["author"], row["title"]]
    publisher = row["publisher"]
    if pd.notna(row["year"]):
        publisher = f"{publisher}, {int(row['year'])}"
    parts += [publisher, row["url"]]
    text = ". ".join(str(p).rstrip(".") for p in parts[:-1] if pd.notna(p) and str(p)) + f". {parts[-1]}"
    return f"{text} [{LICENCE_LABELS[row['licence']]}]" if licence else text


def cite(what, licence: bool = False) -> Citation:
    """Citation(s) for a source_id, a document key ("frus1941v07-d413", or a document from
    read_document()), a list of them, a table (every source its rows use) or a row.

    >>> from peru_us import load_trade
    >>> print(cite(load_trade()))  # doctest: +ELLIPSIS
    U.S. Trade in Goods by Country: Peru (country.xlsx), 2020 vintage. U.S. Census Bureau, ...
    >>> print(cite(load_trade().iloc[0]))  # doctest: +ELLIPSIS
    U.S. Trade in Goods by Country: Peru (country.xlsx), 2020 vintage. U.S. Census Bureau, ...
    >>> cite("census-c3330-v2020x")
    Traceback (most recent call last):
    peru_us.validation.UnknownName: unknown source_id 'census-c3330-v2020x' (did you mean 'census-c3330-v2020'?); see
    load_sources() for the list
    >>> cite(3)
    Traceback (most recent call last):
    TypeError: cite() takes a source_id (a str such as 'hsg-pocom'), a list of them, a table with a source_id column or a row of
    one; got an int (3)
    """
    ids = _ids(what)
    sources = load_sources().set_index("source_id")
    lines = []
    for source_id in ids:
        if source_id not in sources.index:
            from .documents import cite_document, is_document_key  # documents load only when one is cited

            if is_document_key(source_id):  # a FRUS document ("frus1941v07-d413") or a Milestones essay
                lines.append(cite_document(source_id, licence=licence))
                continue
            raise UnknownName(f"unknown source_id {source_id!r}{closest(source_id, sources.index)}; "
                              "see load_sources() for the list")
        lines.append(_one(sources.loc[source_id], licence))
    return Citation("\n".join(lines))


ACCEPTS = "a source_id (a str such as 'hsg-pocom'), a list of them, a table with a source_id column or a row of one"


def _ids(what) -> list[str]:
    """The source ids `what` stands for, in order and without repeats; TypeError/ValueError if none."""
    if isinstance(what, str):
        return [what]
    if hasattr(what, "key") and hasattr(what, "citation"):  # a document from read_document()
        return [what.key]
    if isinstance(what, pd.DataFrame):
        if not _source_columns(what.columns):
            raise ValueError(f"cite() needs a table with a source_id column (or source_id_a, source_id_b, ...); "
                             f"got {shown(what)}, whose columns are: {', '.join(map(str, what.columns)) or 'none'}")
        ids = source_ids_of(what)
        if not ids:
            raise ValueError(f"cite() got {shown(what)} whose source_id cells are all empty: nothing to cite")
        return ids
    if isinstance(what, pd.Series):
        if _source_columns(what.index):  # one row of a table
            return _ids_from_items(what[_source_columns(what.index)].tolist(), what, "row")
        if _source_columns([what.name]):  # a source_id column
            return _ids_from_items(what.tolist(), what, "column")
        raise ValueError(f"cite() got {shown(what)}: give a source_id column, a table with one, or a row of one")
    if isinstance(what, (list, tuple, set, frozenset, np.ndarray, pd.Index)) and not isinstance(what, dict):
        items = sorted(what, key=str) if isinstance(what, (set, frozenset)) else list(what)
        return _ids_from_items(items, what, type(what).__name__)
    raise TypeError(f"cite() takes {ACCEPTS}; got {shown(what)}")


def _ids_from_items(items: list, what, kind: str) -> list[str]:
    ids = []
    for position, item in enumerate(items, start=1):
        if isinstance(item, str):
            ids.append(item)
        elif not _missing(item):
            raise TypeError(f"cite(): item {position} of the {kind} is {shown(item)}; "
                            "every item must be a source_id (a str such as 'hsg-pocom')")
    if not ids:
        raise ValueError(f"cite() got {shown(what)} with no source_id in it: give at least one")
    return list(dict.fromkeys(ids))


def _missing(item) -> bool:
    try:
        return item is None or bool(pd.isna(item))
    except (TypeError, ValueError):  # a list or an array is not a missing value
        return False


def _source_columns(names) -> list:
    return [c for c in names if c == "source_id" or str(c).startswith("source_id_")]


def source_ids_of(table: pd.DataFrame) -> list[str]:
    """The source ids a table's rows cite: its source_id column, or source_id_a, source_id_b ...
    (the conflicts table). Empty if it has none.

    >>> source_ids_of(pd.DataFrame({"source_id_a": ["x"], "source_id_b": ["y"]}))
    ['x', 'y']
    """
    columns = _source_columns(table.columns)
    if not columns:
        return []
    return sorted(set(pd.concat([table[c] for c in columns]).dropna().astype(str)))
