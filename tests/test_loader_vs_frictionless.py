"""Property-based: change one cell of a real table and the loader and `frictionless validate`
agree on accept or reject, for every type and constraint the data package uses (types string,
integer, number, boolean, date; required, unique, enum, pattern, maxLength, minimum, maximum;
the primary keys and the foreign keys to the sources table).

Where they legitimately differ, the loader is the stricter one, and `stricter_here` says why:
the loader must never accept what frictionless refuses. Frictionless reads cells with Python's
own parsers, which accept more than Table Schema writes: int() and Decimal() take surrounding
spaces, underscores and non-ASCII digits, Decimal() takes NaN and Infinity (and frictionless's
minimum lets Infinity through), strptime takes a date not padded to YYYY-MM-DD, and a pattern
``^...$`` lets a trailing newline through (``$`` matches before it). The loader refuses all of
these: none is a value this course's data should hold. The loader also refuses numbers beyond
float64 and integers beyond 64 bits, which pandas cannot hold.
"""
from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import peru_us
from conftest import DATA

PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}
# Every type and constraint of the package occurs in these tables; un_votes and aid are left out
# because frictionless takes seconds to validate them, and they use no rule the others lack.
TABLES = ["sources", "events", "conflicts", "leaders", "ambassadors", "visits", "trade", "coca", "opinion", "figures"]
ROWS = {name: list(csv.reader(io.StringIO((DATA / f"{name}.csv").read_text(encoding="utf-8"), newline="")))
        for name in TABLES}
SOURCE_IDS = [row[0] for row in ROWS["sources"][1:]]
DIGITS = re.compile(r"[+-]?[0-9]+")
DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def stricter_here(value: str, field: dict) -> str | None:
    """Why the loader refuses a value that frictionless reads, or None if there is no reason to."""
    kind, rules = field.get("type", "string"), field.get("constraints", {})
    if value == "":  # a missing value: neither reads it as a number or a date
        return None
    if kind == "integer":
        if not DIGITS.fullmatch(value):
            return "Table Schema's integer is digits with a sign; Python's int() also takes spaces, _ and other scripts"
        if not -2**63 <= int(value) < 2**63:
            return "pandas' integers have 64 bits"
    if kind == "number":
        if not DECIMAL.fullmatch(value):
            return "a number is a finite decimal here; Decimal() also takes NaN, Infinity, spaces and _"
        if abs(float(value)) == float("inf"):
            return "beyond float64: pandas would hold it as infinity"
    if kind == "date" and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return "a date is written YYYY-MM-DD in full; strptime also takes 1906-9-10"
    if "pattern" in rules and value.endswith("\n"):
        return "frictionless matches ^pattern$ with re.match, where $ matches before a final newline"
    return None


# --------------------------------------------------------------------------- cell values
def texts(max_size=8):
    # No NUL: Python 3.10's csv module can neither write nor read one. The loader refuses a file
    # holding a NUL on every Python (tests/test_loading_broken.py::nul_byte); frictionless reads
    # it on Python 3.11+, whose csv module does.
    return st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
                   max_size=max_size)


def values_for(table: str, field: dict):
    """Candidate cell values for a column: valid ones, near misses and junk."""
    kind, rules = field.get("type", "string"), field.get("constraints", {})
    column = ROWS[table][0].index(field["name"])
    existing = [row[column] for row in ROWS[table][1:]]
    common = [st.just(""), st.just(" "), st.sampled_from(existing), texts()]
    if kind == "integer":
        lo, hi = rules.get("minimum", -10**6), rules.get("maximum", 10**6)
        typed = [st.integers(lo - 3, hi + 3).map(str), st.integers(-2**70, 2**70).map(str),
                 st.integers(lo - 1, hi + 1).map(lambda n: f"{n}.0"),
                 st.integers(lo, hi).map(lambda n: f"+{n}"), st.integers(lo, hi).map(lambda n: f" {n}"),
                 st.sampled_from(["1_990", "1e3", "0x10", "0007", "-0", "١٩٩٠", "1990 "])]
    elif kind == "number":
        lo, hi = rules.get("minimum", -1e6), rules.get("maximum", 1e6)
        typed = [st.floats(allow_nan=True, allow_infinity=True).map(repr),
                 st.floats(lo - 2, hi + 2).map(lambda x: f"{x:.3f}"),
                 st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
                 st.sampled_from(["inf", "-inf", "INF", "Infinity", "NaN", "nan", "1e999", "-1e400", ".5", "5.",
                                  "1,5", "1_000", " 5", "5 ", "-0", "+3", "1e3", "0x1p3", "١٫٥"])]
    elif kind == "boolean":
        typed = [st.sampled_from(["true", "True", "TRUE", "1", "false", "False", "FALSE", "0", "yes", "no", "t",
                                  "tRue", " true", "true ", "2"])]
    elif kind == "date":
        typed = [st.dates().map(lambda d: d.isoformat()),
                 st.dates().map(lambda d: f"{d.year}-{d.month}-{d.day}"),
                 st.sampled_from(["2020-02-30", "1900-02-29", "2000-02-29", "2020-13-01", "20200105",
                                  "2020-01-05T00:00", "0000-01-01", " 2020-01-05", "2020-01-05 ", "2020/01/05"])]
    else:
        typed = [texts(20)]
        if "enum" in rules:
            typed += [st.sampled_from(rules["enum"]), st.sampled_from(rules["enum"]).map(str.upper),
                      st.sampled_from(rules["enum"]).map(lambda v: v + " ")]
        if "pattern" in rules:
            typed += [st.sampled_from(existing).map(lambda v: v + "\n"), st.sampled_from(existing).map(lambda v: v + "x"),
                      st.sampled_from(existing).map(lambda v: v.upper())]
        if "maxLength" in rules:
            typed += [st.integers(rules["maxLength"] - 2, rules["maxLength"] + 2).map(lambda n: "é" * n)]
        if field["name"].startswith("source_id"):
            typed += [st.sampled_from(SOURCE_IDS), st.sampled_from(SOURCE_IDS).map(lambda v: v[:-1])]
        typed += [st.sampled_from(existing).map(lambda v: v + "\r\nmore")]
    return st.one_of(*common, *typed)


@st.composite
def one_cell_changed(draw):
    table = draw(st.sampled_from(TABLES))
    field = draw(st.sampled_from(RESOURCES[table]["schema"]["fields"]))
    row = draw(st.integers(1, len(ROWS[table]) - 1))
    return table, field, row, draw(values_for(table, field))


# --------------------------------------------------------------------------- the two verdicts
def write_copy(folder: Path, table: str, field: dict, row: int, value: str) -> dict:
    """A data folder holding the sources table and `table` with one cell changed."""
    names = ["sources"] if table == "sources" else ["sources", table]
    descriptor = {"name": "one-cell-changed", "resources": [RESOURCES[n] for n in names]}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for name in names:
        rows = [list(r) for r in ROWS[name]]
        if name == table:
            rows[row][rows[0].index(field["name"])] = value
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        (folder / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return descriptor


def loader_accepts(folder: Path, table: str, monkeypatch) -> bool:
    monkeypatch.setenv("PERU_US_DATA", str(folder))
    peru_us.clear_cache()
    try:
        peru_us.load(table)
        return True
    except peru_us.DataError:
        return False
    finally:
        peru_us.clear_cache()


def frictionless_accepts(folder: Path, descriptor: dict, table: str) -> tuple[bool, list]:
    from frictionless import Package

    report = Package(descriptor, basepath=str(folder)).get_resource(table).validate()
    return report.valid, report.flatten(["rowNumber", "fieldName", "type"])[:3]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(change=one_cell_changed())
def test_loader_and_frictionless_agree_on_one_changed_cell(change, monkeypatch):
    table, field, row, value = change
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        descriptor = write_copy(folder, table, field, row, value)
        ours = loader_accepts(folder, table, monkeypatch)
        theirs, problems = frictionless_accepts(folder, descriptor, table)
    reason = stricter_here(value, field)
    event(f"loader {'accepts' if ours else 'refuses'}, frictionless {'accepts' if theirs else 'refuses'}")
    if theirs and reason:
        assert not ours, f"{table}.{field['name']}={value!r}: frictionless accepts, the loader should refuse: {reason}"
    else:
        assert ours == theirs, f"{table}.{field['name']} row {row} = {value!r}: loader {ours}, frictionless {theirs} {problems}"


@pytest.mark.parametrize("value, field, why", [
    (" 1990", {"type": "integer"}, "spaces"), ("1_990", {"type": "integer"}, "_"),
    ("99999999999999999999", {"type": "integer"}, "64 bits"), ("Infinity", {"type": "number"}, "NaN, Infinity"),
    ("1e999", {"type": "number"}, "float64"), ("1906-9-10", {"type": "date"}, "in full"),
    ("K01\n", {"type": "string", "constraints": {"pattern": "^K[0-9]{2}$"}}, "final newline"),
])
def test_every_stated_difference_is_one_frictionless_really_has(value, field, why, tmp_path):
    """The reasons above are facts about frictionless, not excuses: it accepts each value."""
    from frictionless import Resource

    (tmp_path / "t.csv").write_text(f'x\n"{value}"\n', encoding="utf-8")
    schema = {"fields": [{"name": "x", **field}]}
    report = Resource({"name": "t", "path": "t.csv", "schema": schema}, basepath=str(tmp_path)).validate()
    assert report.valid, report.flatten(["type", "note"])
    assert why in stricter_here(value, {"name": "x", **field})


def test_stricter_here_stays_silent_on_plain_values():
    assert stricter_here("", {"type": "integer"}) is None
    assert stricter_here("1990", {"type": "integer"}) is None
    assert stricter_here("-3.5e2", {"type": "number"}) is None
    assert stricter_here("1906-09-10", {"type": "date"}) is None
    assert stricter_here("K01", {"type": "string", "constraints": {"pattern": "^K[0-9]{2}$"}}) is None
