"""Check the cells of a table against its schema, then give each column its declared type.

Every problem is reported as a :class:`DataError` that names the file, the row and the column
(and the line of the file, which differs from the row after a blank line or a cell of several
lines), says what was found and what is allowed. The checks are vectorised with numpy, so the
largest table (about 6,000 UN roll calls) is checked in a few milliseconds.

What each type accepts (Table Schema v1, stricter where the spec leaves room for a wrong value):

- integer: digits with an optional sign, within 64 bits (``-12``, ``+7``; not ``1.0``, ``1_000``, `` 1``).
- number: a finite decimal (``12.5``, ``-3``, ``1e6``); ``NaN`` and ``INF`` are refused: no figure of
  this course is infinite, and a missing figure is an empty cell.
- boolean: ``true True TRUE 1`` and ``false False FALSE 0`` (or the field's trueValues/falseValues).
- date: ``YYYY-MM-DD`` written in full, loaded as ``datetime64[us]`` on pandas 2 and 3 alike (the
  unit pandas 3 gives parsed dates; it covers any year a history course needs).
- string with an ``enum``: a pandas Categorical whose categories are the enum, in its order.

>>> from peru_us.descriptor import Field
>>> where = Where("t.csv", lambda row: row + 1)
>>> convert_column(np.array(["3", "", "-7"], dtype=object), Field("n", "integer", {}), ("",), where).tolist()
[3, <NA>, -7]
>>> convert_column(np.array(["3", "inf"], dtype=object), Field("n", "number", {"minimum": 0}), ("",), where)
Traceback (most recent call last):
peru_us.validation.DataError: t.csv, row 2 (line 3 of the file), column 'n': 'inf' is not a number ...
"""
from __future__ import annotations

import difflib
import re
from typing import Callable, NamedTuple

import numpy as np
import pandas as pd

DATE_UNIT = "datetime64[us]"
INTEGER = re.compile(r"[+-]?[0-9]+")
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
DATE = re.compile(r"(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}")  # years 0001-9999, as Python's dates


class DataError(ValueError):
    """A data file does not match datapackage.json.

    >>> str(DataError("data/events.csv", "is missing"))
    'data/events.csv: is missing'
    >>> str(DataError("data/trade.csv", "'x' is not a number", row=3, column="year", line=5))
    "data/trade.csv, row 3 (line 5 of the file), column 'year': 'x' is not a number"
    """

    def __init__(self, path, problem: str, row: int | None = None, column: str | None = None,
                 line: int | None = None):
        if row is not None and line is None:
            line = row + 1  # one header line and no blank or multi-line rows before it
        self.path, self.row, self.column, self.line, self.problem = str(path), row, column, line, problem
        where = [self.path]
        if row is not None:
            where.append(f"row {row} (line {line} of the file)")
        elif line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(", ".join(where) + ": " + problem)


class UnknownName(KeyError, ValueError):
    """A name (a table, a source_id) that does not exist. A KeyError, as a failed look-up always
    was, and a ValueError, like every other bad argument.

    >>> err = UnknownName("there is no table 'x'")
    >>> str(err), isinstance(err, KeyError) and isinstance(err, ValueError)
    ("there is no table 'x'", True)
    """

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


def closest(word, options) -> str:
    """A ' (did you mean ...?)' hint, or '' when nothing is close.

    >>> closest("evnts", ["events", "trade"])
    " (did you mean 'events'?)"
    """
    options = [str(o) for o in options]
    match = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    if not match:  # a difference of case or surrounding spaces only
        folded = {o.strip().lower(): o for o in options}
        match = [folded[str(word).strip().lower()]] if str(word).strip().lower() in folded else []
    return f" (did you mean '{match[0]}'?)" if match else ""


def shown(value) -> str:
    """A short description of a value for an error message: its type and (briefly) itself.

    >>> shown(["trade"]), shown(None), shown(pd.DataFrame()), shown(len)
    ("a list (['trade'])", 'None', 'a DataFrame with 0 rows and 0 columns', 'the function len (did you mean len()?)')
    """
    if value is None:
        return "None"
    if isinstance(value, pd.DataFrame):
        return f"a DataFrame with {len(value)} rows and {value.shape[1]} columns"
    if isinstance(value, pd.Series):
        return f"a Series of {len(value)} values" + (f" named {value.name!r}" if value.name is not None else "")
    if callable(value) and hasattr(value, "__name__"):  # e.g. load_trade without its ()
        return f"the function {value.__name__} (did you mean {value.__name__}()?)"
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    kind = type(value).__name__
    return f"a{'n' if kind[:1] in 'aeiou' else ''} {kind} ({text})"


class Where(NamedTuple):
    """The file being checked, and how to turn a data row number into a line of the file."""

    path: str
    line_of: Callable[[int], int]

    def fail(self, problem: str, row: int | None = None, column: str | None = None):
        raise DataError(self.path, problem, row=row, column=column,
                        line=self.line_of(row) if row is not None else None)


def _first(mask) -> int | None:
    """Row number (1 = first data row) of the first True in a boolean array, or None."""
    hits = np.flatnonzero(mask)
    return int(hits[0]) + 1 if len(hits) else None


def _fail_at(mask, cells: np.ndarray, where: Where, column: str, problem: str) -> None:
    row = _first(mask)
    if row is not None:
        where.fail(f"{cells[row - 1]!r} {problem}", row=row, column=column)


def _lexical(cells: np.ndarray, present: np.ndarray, pattern: re.Pattern) -> np.ndarray:
    """True where a present cell does not match `pattern` in full."""
    if all(map(pattern.fullmatch, cells[present])):
        return np.zeros(len(cells), dtype=bool)
    return present & np.array([pattern.fullmatch(c) is None for c in cells], dtype=bool)


def convert_column(cells: np.ndarray, field, missing: tuple, where: Where) -> pd.Series:
    """Check one column's cells (text) and return its values with the declared type."""
    blank = cells == "" if missing == ("",) else np.isin(cells, list(missing))
    if field.constraints.get("required") and blank.any():
        where.fail("a value is required here but the cell is empty", row=_first(blank), column=field.name)
    return CONVERTERS[field.type](cells, blank, field, where)


def _string(cells, blank, field, where: Where) -> pd.Series:
    present, rules = ~blank, field.constraints
    if "pattern" in rules:
        _fail_at(_lexical(cells, present, re.compile(rules["pattern"])), cells, where, field.name,
                 f"does not match the pattern {rules['pattern']}")
    if "minLength" in rules or "maxLength" in rules:
        lengths = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
        if "minLength" in rules:
            _fail_at(present & (lengths < rules["minLength"]), cells, where, field.name,
                     f"is shorter than {rules['minLength']} characters")
        if "maxLength" in rules:
            _fail_at(present & (lengths > rules["maxLength"]), cells, where, field.name,
                     f"is longer than {rules['maxLength']} characters")
    if "enum" in rules:
        return _categorical(cells, present, rules["enum"], where, field.name)
    values = np.where(present, cells, np.nan) if blank.any() else cells
    return pd.Series(values)  # str on pandas 3, object on pandas 2: each version's own text type


def _categorical(cells, present, enum, where: Where, name: str) -> pd.Series:
    codes = pd.Index(enum).get_indexer(cells)  # -1: not in the vocabulary (or missing)
    row = _first(present & (codes == -1))
    if row is not None:
        value = cells[row - 1]
        where.fail(f"{value!r} is not allowed{closest(value, enum)}; allowed values: {', '.join(enum)}",
                   row=row, column=name)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(enum)))


def _date(cells, blank, field, where: Where) -> pd.Series:
    present = ~blank
    _fail_at(_lexical(cells, present, DATE), cells, where, field.name, "is not a date written YYYY-MM-DD (e.g. 1826-05-02)")
    try:
        days = np.where(present, cells, "NaT").astype("datetime64[D]")
    except ValueError:  # a month or day out of range; find the first one
        bad = np.array([p and not _is_date(c) for p, c in zip(present, cells)], dtype=bool)
        _fail_at(bad, cells, where, field.name, "is not a valid date (YYYY-MM-DD with a real month and day)")
        raise
    return pd.Series(days.astype(DATE_UNIT))


def _is_date(text: str) -> bool:
    try:
        np.datetime64(text, "D")
        return True
    except ValueError:
        return False


def _boolean(cells, blank, field, where: Where) -> pd.Series:
    codes = pd.Index([*field.true_values, *field.false_values]).get_indexer(cells)  # -1: neither
    allowed = "/".join(field.true_values) + " or " + "/".join(field.false_values)
    _fail_at(~blank & (codes == -1), cells, where, field.name, f"is not a boolean (expected {allowed})")
    return pd.Series(pd.arrays.BooleanArray((codes >= 0) & (codes < len(field.true_values)), blank))


def _integer(cells, blank, field, where: Where) -> pd.Series:
    present = ~blank
    _fail_at(_lexical(cells, present, INTEGER), cells, where, field.name, "is not an integer (expected digits such as 1946)")
    try:
        numbers = (np.where(present, cells, "0") if blank.any() else cells).astype(np.int64)
    except OverflowError:
        too_big = np.array([p and not -2**63 <= int(c) < 2**63 for p, c in zip(present, cells)], dtype=bool)
        _fail_at(too_big, cells, where, field.name, "is too large: integers must fit in 64 bits")
        raise
    _check_range(numbers, present, cells, field.constraints, where, field.name)
    return pd.Series(pd.arrays.IntegerArray(numbers, blank) if blank.any() else numbers)


def _number(cells, blank, field, where: Where) -> pd.Series:
    present = ~blank
    _fail_at(_lexical(cells, present, NUMBER), cells, where, field.name,
             "is not a number (expected a decimal such as 12.5 or -3; NaN and infinity are not allowed)")
    numbers = np.where(present, cells, "nan").astype(np.float64)
    _fail_at(present & ~np.isfinite(numbers), cells, where, field.name, "is too large to be a number")
    _check_range(numbers, present, cells, field.constraints, where, field.name)
    return pd.Series(numbers)


CONVERTERS = {"string": _string, "date": _date, "boolean": _boolean, "integer": _integer, "number": _number}


def _check_range(numbers, present, cells, rules, where: Where, name: str) -> None:
    if "minimum" in rules:
        _fail_at(present & (numbers < rules["minimum"]), cells, where, name, f"is below the minimum {rules['minimum']}")
    if "maximum" in rules:
        _fail_at(present & (numbers > rules["maximum"]), cells, where, name, f"is above the maximum {rules['maximum']}")


def check_header(header: list[str], fields: list[str], where: Where) -> None:
    """The header names every declared column once, and no other (in any order)."""
    if not header:
        where.fail(f"the file is empty: it should start with a header row naming the columns {', '.join(fields)}")
    seen = set()
    for position, name in enumerate(header, start=1):
        if name in seen:
            where.fail(f"column {name!r} appears twice in the header (again as column {position})", row=None)
        seen.add(name)
    for name in fields:
        if name not in seen:
            where.fail(f"the column is missing{closest(name, header)}; the file's header has: {', '.join(header)}",
                       column=name)
    extra = [c for c in header if c not in fields]
    if extra:
        where.fail(f"column(s) {', '.join(map(repr, extra))} are not declared in datapackage.json"
                   f"{closest(extra[0], [f for f in fields if f not in header])}; declared: {', '.join(fields)}")


def _key(columns: dict[str, pd.Series], names: list[str]):
    """The values of one or more columns, as one Series or (several columns) a DataFrame."""
    return columns[names[0]] if len(names) == 1 else pd.DataFrame({n: columns[n] for n in names})


def _missing_any(key) -> np.ndarray:
    missing = key.isna()
    return (missing if isinstance(key, pd.Series) else missing.any(axis=1)).to_numpy()


def check_unique(columns: dict[str, pd.Series], names: list[str], where: Where, label: str) -> None:
    """No two rows share the same value(s) in `names`; a row with a missing value is not compared
    (except in a primary key, which must be complete)."""
    key = _key(columns, names)
    missing = _missing_any(key)
    if label == "primary key" and missing.any():
        row = _first(missing)
        gap = next(n for n in names if pd.isna(columns[n].iloc[row - 1]))
        where.fail(f"a primary key value is missing (the key is {', '.join(names)})", row=row, column=gap)
    dup = key.duplicated(keep=False).to_numpy() & ~missing
    if dup.any():
        first = _first(dup)
        frame = pd.DataFrame({n: columns[n] for n in names})
        same = (frame == frame.iloc[first - 1]).all(axis=1).to_numpy() & ~missing
        second = int(np.flatnonzero(same)[1]) + 1
        values = ", ".join(f"{n}={_plain(frame[n].iloc[first - 1])!r}" for n in names)
        where.fail(f"rows {first} and {second} share the same {label} ({values})", row=second, column=names[0])


def check_references(columns: dict[str, pd.Series], names: list[str], target: pd.DataFrame, target_names: list[str],
                     where: Where, target_label: str) -> None:
    """Every row's values in `names` appear together in `target_names` of the target table (a
    foreign key); rows with a missing value in `names` are not checked."""
    if len(names) == 1:
        found = columns[names[0]].isin(target[target_names[0]].dropna()).to_numpy()
    else:
        mine = pd.MultiIndex.from_arrays([_plain_values(columns[n]) for n in names])
        found = mine.isin(pd.MultiIndex.from_arrays([_plain_values(target[n]) for n in target_names]))
    bad = ~found & ~_missing_any(_key(columns, names))
    row = _first(bad)
    if row is not None:
        value = ", ".join(repr(_plain(columns[n].iloc[row - 1])) for n in names)
        hint = closest(_plain(columns[names[0]].iloc[row - 1]), target[target_names[0]].dropna().unique()) \
            if len(names) == 1 else ""
        where.fail(f"{value} is not a {', '.join(target_names)} in the {target_label}{hint}", row=row,
                   column=", ".join(names))


def _plain_values(column: pd.Series) -> np.ndarray:
    return column.astype(object).to_numpy()


def _plain(value):
    """numpy and pandas scalars as the Python value a reader expects in a message."""
    return value.item() if hasattr(value, "item") else value
