"""The one-line 'Source:' note under every chart and table, naming the publishers of the rows'
sources and their ids (full citations: :func:`peru_us.cite`).

>>> from peru_us import load_trade
>>> source_line(load_trade())
'Source: U.S. Census Bureau, Foreign Trade Division [census-c3330-v2020, census-c3330-v2026]'
>>> source_line(ids=["hsg-pocom"])
'Source: U.S. Department of State, Office of the Historian [hsg-pocom]'
"""
from __future__ import annotations

import pandas as pd

from . import arguments
from .citations import source_ids_of
from .data import load_sources

MAX_NAMED = 3  # more ids than this and the line says how many, pointing to cite()


def known_ids(name: str, ids) -> list[str]:
    """`ids` (one id or a list) checked against the bibliography: unknown ids raise a ValueError
    naming the closest known one.

    >>> known_ids("source_ids", "hsg-pocm")
    Traceback (most recent call last):
    ValueError: source_ids: 'hsg-pocm' is not a source_id of the bibliography (did you mean 'hsg-pocom'?); see
    peru_us.load_sources()
    """
    ids = arguments.names(name, ids)
    known = set(load_sources()["source_id"])
    for source_id in ids:
        if source_id not in known:
            raise ValueError(f"{name}: {source_id!r} is not a source_id of the bibliography"
                             f"{arguments.closest(source_id, sorted(known))}; see peru_us.load_sources()")
    return list(dict.fromkeys(ids))


def source_line(table: pd.DataFrame | None = None, ids=None) -> str:
    """The 'Source:' line for the rows of `table` (their source_id columns), or for `ids`."""
    if ids is None:
        if table is None or not len(table):
            return "Source: no rows selected"
        ids = source_ids_of(table)
        if not ids:
            return "Source: computed in this lesson"
    else:
        ids = known_ids("ids", ids)
    if not ids:
        return "Source: no rows selected"
    if len(ids) > MAX_NAMED:
        return f"Sources: {len(ids)} publications; list them with peru_us.cite(table)"
    publishers = load_sources().set_index("source_id")["publisher"].reindex(ids).fillna("source not in the bibliography")
    names = list(dict.fromkeys(p.split(" (")[0] for p in publishers))
    return f"Source{'s' if len(names) > 1 else ''}: {'; '.join(names)} [{', '.join(ids)}]"
