"""Readable citations for the sources behind any row, table or figure.

>>> print(cite("hsg-rdcr-peru"))  # doctest: +ELLIPSIS
Tiffany Hamelin. A Guide to the United States' History of Recognition, ...: Peru. U.S. Department of State, Office of the Historian, 2009. https://history.state.gov/countries/peru [public domain (U.S. Government work)]
"""
from __future__ import annotations

import pandas as pd

from .data import load_sources
from .validation import closest

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


def _one(row: pd.Series) -> str:
    parts = [row["author"], row["title"]]
    publisher = row["publisher"]
    if pd.notna(row["year"]):
        publisher = f"{publisher}, {int(row['year'])}"
    parts += [publisher, row["url"]]
    text = ". ".join(str(p).rstrip(".") for p in parts[:-1] if pd.notna(p) and str(p)) + f". {parts[-1]}"
    return f"{text} [{LICENCE_LABELS[row['licence']]}]"


def cite(what) -> Citation:
    """Citation(s) for a source_id, a document key, a list of them, or every source used by a table.

    >>> from peru_us import load_trade
    >>> print(cite(load_trade()))  # doctest: +ELLIPSIS
    U.S. Trade in Goods by Country: Peru (country.xlsx), 2020 vintage. U.S. Census Bureau, ...
    >>> cite("census-c3330-v2020x")
    Traceback (most recent call last):
    KeyError: "unknown source_id 'census-c3330-v2020x' (did you mean 'census-c3330-v2020'?); see load_sources() for the list"
    """
    sources = load_sources().set_index("source_id")
    if isinstance(what, pd.DataFrame):
        ids = source_ids_of(what)
        if not ids:
            raise KeyError("this table has no source_id column; cite the table you took it from")
    elif isinstance(what, str):
        ids = [what]
    elif hasattr(what, "key") and hasattr(what, "citation"):  # a document from read_document()
        ids = [what.key]
    else:
        ids = list(dict.fromkeys(what))
    lines = []
    for source_id in ids:
        if source_id not in sources.index:
            from .documents import cite_document, is_document_key  # documents load only when one is cited

            if is_document_key(source_id):  # a FRUS document ("frus1941v07-d413") or a Milestones essay
                lines.append(cite_document(source_id))
                continue
            raise KeyError(f"unknown source_id {source_id!r}{closest(source_id, sources.index)}; "
                           "see load_sources() for the list")
        lines.append(_one(sources.loc[source_id]))
    return Citation("\n".join(lines))


def source_ids_of(table: pd.DataFrame) -> list[str]:
    """The source ids a table's rows cite: its source_id column, or source_id_a, source_id_b ...
    (the conflicts table). Empty if it has none.

    >>> source_ids_of(pd.DataFrame({"source_id_a": ["x"], "source_id_b": ["y"]}))
    ['x', 'y']
    """
    columns = [c for c in table.columns if c == "source_id" or str(c).startswith("source_id_")]
    if not columns:
        return []
    return sorted(set(pd.concat([table[c] for c in columns]).dropna().astype(str)))
