"""Check a raw table against its schema in datapackage.json, then give it its declared types.

Every problem is reported as a :class:`DataError` that names the file, the row and the
column, says what was found and what is allowed. The checks are vectorised, so validating
the largest table (about 6,000 UN roll calls) takes a few milliseconds.
"""
from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pandas as pd


class DataError(ValueError):
    """A data file does not match datapackage.json.

    >>> err = DataError("data/events.csv", "is missing")
    >>> str(err)
    'data/events.csv: is missing'
    """

    def __init__(self, path, problem: str, row: int | None = None, column: str | None = None):
        self.path, self.row, self.column = str(path), row, column
        where = [self.path]
        if row is not None:
            where.append(f"row {row} (line {row + 1} of the file)")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(", ".join(where) + ": " + problem)


def closest(word: str, options) -> str:
    """A ' (did you mean ...?)' hint, or '' when nothing is close.

    >>> closest("evnts", ["events", "trade"])
    " (did you mean 'events'?)"
    """
    match = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def check_columns(raw: pd.DataFrame, fields: list[dict], path: Path) -> None:
    """Every declared column is present, and no undeclared one."""
    declared = [f["name"] for f in fields]
    for name in declared:
        if name not in raw.columns:
            raise DataError(path, f"the column is missing; the file's header has: {', '.join(raw.columns)}", column=name)
    extra = [c for c in raw.columns if c not in declared]
    if extra:
        raise DataError(path, f"column(s) {', '.join(extra)} are not declared in datapackage.json; declared: {', '.join(declared)}")


def _first_bad(mask) -> int | None:
    """Row number (1 = first data row) of the first True in mask (a Series or an array), or None."""
    hits = np.asarray(mask, dtype=bool).nonzero()[0]
    return int(hits[0]) + 1 if len(hits) else None


def _fail_at(mask: pd.Series, raw_col: pd.Series, path: Path, column: str, problem: str) -> None:
    row = _first_bad(mask)
    if row is not None:
        value = raw_col.iloc[row - 1]
        raise DataError(path, f"{value!r} {problem}", row=row, column=column)


def convert_column(raw_col: pd.Series, field: dict, path: Path) -> pd.Series:
    """Check one column's values and return it with the declared type."""
    name, kind = field["name"], field["type"]
    rules = field.get("constraints", {})
    # Masks are plain numpy arrays: a table has a hundred-odd columns to check, and pandas objects
    # cost more to build than the checks themselves.
    blank = raw_col.to_numpy() == ""  # a cell is empty when nothing stands between its commas
    any_blank = bool(blank.any())
    if any_blank and rules.get("required"):
        raise DataError(path, "a value is required here but the cell is empty", row=_first_bad(blank), column=name)
    present = ~blank
    values = raw_col.where(present) if any_blank else raw_col
    if kind == "string":
        col = values
        _check_text_rules(col, raw_col, present, rules, path, name)
        if "enum" in rules:
            return pd.Categorical(col, categories=rules["enum"])
        return col
    if kind == "date":
        col = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
        _fail_at(present & col.isna().to_numpy(), raw_col, path, name, "is not a valid date (expected YYYY-MM-DD)")
        return col
    if kind == "boolean":
        mapping = {"true": True, "false": False}
        _fail_at(present & ~raw_col.isin(mapping).to_numpy(), raw_col, path, name, "is not a boolean (expected true or false)")
        return raw_col.map(mapping).astype("boolean")
    if kind in ("integer", "number"):
        col = pd.to_numeric(values, errors="coerce")
        expected = "an integer" if kind == "integer" else "a number"
        _fail_at(present & col.isna().to_numpy(), raw_col, path, name, f"is not {expected}")
        if kind == "integer":
            _fail_at(present & (col % 1 != 0).to_numpy(), raw_col, path, name, "is not an integer")
        _check_range(col, raw_col, rules, path, name)
        if kind == "integer":
            return col.astype("int64") if present.all() else col.astype("Int64")
        return col.astype("float64")
    raise DataError(path, f"datapackage.json declares unsupported type {kind!r}", column=name)


def _check_text_rules(col, raw_col, present, rules, path, name) -> None:
    if "enum" in rules:
        allowed = rules["enum"]
        bad = present & ~col.isin(allowed).to_numpy()
        row = _first_bad(bad)
        if row is not None:
            value = raw_col.iloc[row - 1]
            raise DataError(path, f"{value!r} is not allowed{closest(value, allowed)}; allowed values: {', '.join(allowed)}",
                            row=row, column=name)
    if "pattern" in rules:
        ok = col.str.fullmatch(rules["pattern"]).fillna(False).astype(bool).to_numpy()
        _fail_at(present & ~ok, raw_col, path, name, f"does not match the pattern {rules['pattern']}")
    if "maxLength" in rules:
        _fail_at(present & (col.str.len() > rules["maxLength"]).fillna(False).to_numpy(dtype=bool), raw_col, path, name,
                 f"is longer than {rules['maxLength']} characters")


def _check_range(col, raw_col, rules, path, name) -> None:
    if "minimum" in rules:
        _fail_at(col < rules["minimum"], raw_col, path, name, f"is below the minimum {rules['minimum']}")
    if "maximum" in rules:
        _fail_at(col > rules["maximum"], raw_col, path, name, f"is above the maximum {rules['maximum']}")


def check_unique(raw: pd.DataFrame, columns: list[str], path: Path, label: str = "key") -> None:
    """No two rows share the same value(s) in `columns`."""
    dup = raw.duplicated(subset=columns, keep=False)
    if dup.any():
        rows = [int(i) + 1 for i in dup.to_numpy().nonzero()[0][:2]]
        values = ", ".join(f"{c}={raw[c].iloc[rows[0] - 1]!r}" for c in columns)
        raise DataError(path, f"rows {rows[0]} and {rows[1]} share the same {label} ({values})",
                        row=rows[1], column=columns[0])


def check_references(raw: pd.DataFrame, column: str, known: set[str], path: Path, target: str) -> None:
    """Every non-empty value of `column` is one of `known` (a foreign key)."""
    present = raw[column].to_numpy() != ""
    bad = present & ~raw[column].isin(known).to_numpy()
    row = _first_bad(bad)
    if row is not None:
        value = raw[column].iloc[row - 1]
        raise DataError(path, f"{value!r} is not a {target}{closest(value, known)}", row=row, column=column)
