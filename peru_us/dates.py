"""Dates at the precision their source gives: "2006" for a year, "1846-12" for a month, never an
invented first of January.

A table says how precise a date column is with a precision column beside it (values ``day``,
``month`` or ``year``): ``<column>_precision`` for that column, or ``date_precision``, which
covers the column ``date``, or, in a table without one, every date column of the row (the
ambassadors table). A date column without a precision column is shown to the day.

>>> table = pd.DataFrame({"date": pd.to_datetime(["2006-01-01", "2006-10-09"]),
...                       "date_precision": ["year", "day"]})
>>> format_dates(table)["date"].tolist()
['2006', '2006-10-09']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

PRECISIONS = ("day", "month", "year")


def precision_column(table: pd.DataFrame, column: str) -> str | None:
    """The column that says how precise `column` is, or None.

    >>> t = pd.DataFrame(columns=["appointed", "mission_ended", "date_precision"])
    >>> precision_column(t, "appointed"), precision_column(pd.DataFrame(columns=["date"]), "date")
    ('date_precision', None)
    """
    own = f"{column}_precision"
    if own in table.columns:
        return own
    if "date_precision" in table.columns and (column == "date" or "date" not in table.columns):
        return "date_precision"
    return None


def date_texts(dates: pd.Series, precision: pd.Series | None = None) -> pd.Series:
    """Each date as text at its precision ('' where the date is missing; an unknown or missing
    precision shows the whole date).

    >>> date_texts(pd.Series(pd.to_datetime(["1846-12-01", None])), pd.Series(["month", "month"])).tolist()
    ['1846-12', '']
    """
    days = dates.to_numpy().astype("datetime64[D]")
    text = np.datetime_as_string(days, unit="D").astype(object)
    if precision is not None:
        given = precision.to_numpy(dtype=object)
        for name, unit in (("month", "M"), ("year", "Y")):
            chosen = given == name
            if chosen.any():
                text[chosen] = np.datetime_as_string(days[chosen], unit=unit)
    text[np.isnat(days)] = ""
    return pd.Series(text, index=dates.index, dtype=object)


def is_date(series: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(series)


def format_dates(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of `table` with every date column as text at its precision (see the module's doc);
    other columns unchanged."""
    dated = [c for c in table.columns if is_date(table[c])]
    if not dated:
        return table
    return table.assign(**{str(c): date_texts(table[c], _precision(table, c)) for c in dated})


def _precision(table: pd.DataFrame, column) -> pd.Series | None:
    name = precision_column(table, str(column))
    return table[name] if name is not None else None


def date_spans(dates: pd.Series, precision: pd.Series | None) -> tuple[pd.Series, pd.Series]:
    """(start, end) of the stretch of time each date stands for: its day, month or year.

    >>> start, end = date_spans(pd.Series(pd.to_datetime(["2006-01-01", "1846-12-01"])), pd.Series(["year", "month"]))
    >>> [str(d.date()) for d in start], [str(d.date()) for d in end]
    (['2006-01-01', '1846-12-01'], ['2007-01-01', '1847-01-01'])
    """
    values = dates.to_numpy()
    start, end = values.astype("datetime64[D]"), values.astype("datetime64[D]") + 1
    if precision is not None:
        for name, unit in (("month", "M"), ("year", "Y")):
            chosen = (precision == name).to_numpy()
            if chosen.any():
                floor = values[chosen].astype(f"datetime64[{unit}]")
                start[chosen], end[chosen] = floor, floor + 1
    kind = values.dtype
    return (pd.Series(start.astype(kind), index=dates.index, name=dates.name),
            pd.Series(end.astype(kind), index=dates.index, name=dates.name))
