"""Load the course dataset as tidy, typed pandas DataFrames.

The tables and their column types are declared once, in ``datapackage.json``; this module
reads that file (checked by :mod:`peru_us.descriptor`), parses each CSV (:mod:`peru_us.csvtext`),
checks and types its cells (:mod:`peru_us.validation`) and caches the result, so a table is
parsed once per session. Anything wrong in a file raises a :class:`~peru_us.validation.DataError`
naming the file, row and column; nothing wrong loads. Every table of this package must have at
least one row: a header with no rows is a file emptied by mistake, and the lessons and explorers
need rows.

The data are package data, read with :mod:`importlib.resources`: ``peru_us/_data`` in an
installed wheel, ``data/`` in a source checkout, never the working directory. Set the
environment variable ``PERU_US_DATA`` to a folder to load another copy (the tests do).

>>> from peru_us import load_trade
>>> trade = load_trade()
>>> int(trade["year"].min())
1985
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

import pandas as pd

from .csvtext import parse_csv
from .descriptor import Table, read_package, table_spec
from .pandas_compat import PANDAS_MAJOR, adopt_observed_default
from .validation import (
    DataError,
    UnknownName,
    Where,
    check_header,
    check_references,
    check_unique,
    closest,
    convert_column,
    shown,
)

DATA_ENV = "PERU_US_DATA"  # set to a folder to load a different copy of the data (tests do)
# With copy-on-write (always on from pandas 3), a shallow copy is as safe as a deep one: changing
# the copy never changes the cached table. Without it (pandas 2), loaders must copy the data.
COPY_ON_WRITE = PANDAS_MAJOR >= 3 or pd.get_option("mode.copy_on_write") is True
adopt_observed_default()  # pandas 2 groups categorical columns as pandas 3 does (see pandas_compat)


class Folder:
    """Where the data are: a path or a package resource (an importlib.resources Traversable),
    compared and cached by `key`, its path as text."""

    def __init__(self, key: str, root):
        self.key, self.root = key, root

    def __eq__(self, other) -> bool:
        return isinstance(other, Folder) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def file(self, relative: str):
        return self.root.joinpath(*relative.split("/"))

    def shown(self, relative: str) -> str:
        """How messages name a file: the data folder's name and the file's path in it."""
        return f"{self.root.name}/{relative}"


def data_folder() -> Folder:
    """The data the loaders read: PERU_US_DATA, else the package's own data."""
    if os.environ.get(DATA_ENV):
        path = Path(os.environ[DATA_ENV]).resolve()
        return Folder(str(path), path)
    import importlib.resources  # here, not at the top: it costs 5 ms to import where Jupyter has not already

    packaged = importlib.resources.files(__package__).joinpath("_data")
    if packaged.is_dir():  # an installed wheel
        return Folder(str(packaged), packaged)
    checkout = Path(__file__).resolve().parent.parent / "data"
    return Folder(str(checkout), checkout)


def data_dir():
    """The folder holding datapackage.json (a Path, or a Traversable inside an installed package).

    >>> data_dir().joinpath("datapackage.json").is_file()
    True
    """
    return data_folder().root


@functools.lru_cache(maxsize=8)
def _resources(folder: Folder) -> dict[str, dict]:
    descriptor = folder.file("datapackage.json")
    shown_path = folder.shown("datapackage.json")
    if not descriptor.is_file():
        hint = f" (is {DATA_ENV}={os.environ[DATA_ENV]!r} the right folder?)" if os.environ.get(DATA_ENV) else ""
        raise DataError(shown_path, f"the data package description is missing{hint}")
    return read_package(descriptor.read_bytes(), shown_path)


@functools.lru_cache(maxsize=64)
def _spec(name: str, folder: Folder) -> Table:
    return table_spec(_resources(folder), name, folder.shown("datapackage.json"))


def table_names() -> list[str]:
    """Names of all tables, in the order datapackage.json lists them.

    >>> table_names()[:3]
    ['sources', 'events', 'conflicts']
    """
    return list(_resources(data_folder()))


def _table_name(name, folder: Folder, function: str) -> str:
    """`name` if it is a table of the package; else a TypeError or UnknownName saying what is."""
    tables = _resources(folder)
    listing = f"the tables are: {', '.join(tables)}"
    if not isinstance(name, str):
        several = ""
        if isinstance(name, (list, tuple, set)) and all(isinstance(n, str) for n in name):
            several = f"; for several tables, call {function}() once per name: [{function}(n) for n in {sorted(name)!r}]"
        raise TypeError(f"{function}() takes the name of a table (a str such as 'trade'), "
                        f"got {shown(name)}{several}; {listing}")
    if name not in tables:
        raise UnknownName(f"there is no table {name!r}{closest(name, tables)}; {listing}")
    return name


_loading: set = set()  # tables being read: a foreign-key cycle would otherwise recurse forever


@functools.lru_cache(maxsize=64)
def _read(name: str, folder: Folder) -> pd.DataFrame:
    spec = _spec(name, folder)
    shown_path = folder.shown(spec.path)
    source = folder.file(spec.path)
    if not source.is_file():
        raise DataError(shown_path, f"the file is missing (datapackage.json lists it for the table '{name}')")
    parsed = parse_csv(source.read_bytes(), spec.encoding, spec.dialect, shown_path)
    where = Where(shown_path, parsed.line_of)
    declared = [f.name for f in spec.fields]
    check_header(parsed.header, declared, where)
    if not parsed.rows:
        where.fail("has a header but no rows: every table of this package must have at least one row")
    position = {column: i for i, column in enumerate(parsed.header)}
    columns = {f.name: convert_column(parsed.column(position[f.name]), f, spec.missing_values, where)
               for f in spec.fields}
    if spec.primary_key:
        check_unique(columns, spec.primary_key, where, "primary key")
    for f in spec.fields:
        if f.constraints.get("unique") and [f.name] != spec.primary_key:
            check_unique(columns, [f.name], where, "value (the column must be unique)")
    _loading.add(name)
    try:
        for fk in spec.foreign_keys:
            other = fk.resource or name  # "" refers to the table itself
            if other != name and other in _loading:
                raise DataError(folder.shown("datapackage.json"),
                                f"the foreign keys of tables '{name}' and '{other}' form a cycle")
            target = pd.DataFrame(columns) if other == name else _read(other, folder)
            check_references(columns, fk.fields, target, fk.reference, where, f"{other} table")
    finally:
        _loading.discard(name)
    return pd.DataFrame(columns)


def load(name: str) -> pd.DataFrame:
    """Load one table by name (a fresh copy each time, so changing it is safe).

    >>> load("events").columns[:3].tolist()
    ['event_id', 'date', 'date_precision']
    >>> load("evnts")
    Traceback (most recent call last):
    peru_us.validation.UnknownName: there is no table 'evnts' (did you mean 'events'?); the tables are: ...
    >>> load(["trade"])
    Traceback (most recent call last):
    TypeError: load() takes the name of a table (a str such as 'trade'), got a list (['trade']); ...
    """
    folder = data_folder()
    return _read(_table_name(name, folder, "load"), folder).copy(deep=not COPY_ON_WRITE)


def describe(name: str) -> pd.DataFrame:
    """The columns of a table: name, type, unit and description, from datapackage.json.

    >>> describe("trade").loc[1, "unit"]
    'million USD (current)'
    """
    folder = data_folder()
    fields = _spec(_table_name(name, folder, "describe"), folder).fields
    return pd.DataFrame([{"column": f.name, "type": f.type, "unit": f.unit, "description": f.description}
                         for f in fields])


def datasets() -> pd.DataFrame:
    """One row per table: its name, loader, number of rows and a one-line description.

    >>> "events" in datasets()["table"].tolist()
    True
    """
    folder = data_folder()
    return pd.DataFrame([{"table": name, "loader": f"load_{name}()", "rows": len(_read(name, folder)),
                          "title": _spec(name, folder).title} for name in _resources(folder)])


def clear_cache() -> None:
    """Forget cached tables (after editing the CSV files in a running session)."""
    _read.cache_clear()
    _spec.cache_clear()
    _resources.cache_clear()


# One loader per table: short names that tab-complete in JupyterLab.
def load_sources() -> pd.DataFrame:
    """The bibliography: every source the other tables cite.

    >>> load_sources().set_index("source_id").loc["hsg-pocom", "licence"]
    'public-domain-us-gov'
    """
    return load("sources")


def load_events() -> pd.DataFrame:
    """The timeline, 1826-2024: one dated event per row, with category, period and source.

    >>> events = load_events()
    >>> events["date"].min().year, str(events["date"].dtype)
    (1826, 'datetime64[us]')
    """
    return load("events")


def load_conflicts() -> pd.DataFrame:
    """Where sources disagree: both claims, the value used and why.

    >>> {"claim_a", "claim_b", "value_used"} <= set(load_conflicts().columns)
    True
    """
    return load("conflicts")


def load_leaders() -> pd.DataFrame:
    """Presidents of Peru and of the United States since 1945, with their terms.

    >>> sorted(load_leaders()["country"].unique())
    ['Peru', 'United States']
    """
    return load("leaders")


def load_ambassadors() -> pd.DataFrame:
    """U.S. chiefs of mission to Peru since 1826.

    >>> load_ambassadors().iloc[0]["name"]
    'James Cooley'
    """
    return load("ambassadors")


def load_visits() -> pd.DataFrame:
    """Peruvian leaders' visits to the U.S. and U.S. presidents' and secretaries' trips to Peru.

    >>> sorted(load_visits()["direction"].unique())
    ['elsewhere', 'to_peru', 'to_us']
    """
    return load("visits")


def load_un_votes() -> pd.DataFrame:
    """UN General Assembly roll calls with the U.S. and Peruvian votes, 1946-2019.

    >>> votes = load_un_votes()
    >>> sorted(votes["us_vote"].cat.categories)
    ['abstain', 'no', 'yes']
    """
    return load("un_votes")


def load_aid() -> pd.DataFrame:
    """U.S. aid obligations to Peru by fiscal year, category, agency and account.

    >>> aid = load_aid()
    >>> int(aid["fiscal_year"].min()), int(aid["fiscal_year"].max())
    (1946, 2020)
    """
    return load("aid")


def load_trade() -> pd.DataFrame:
    """U.S. goods trade with Peru by year, in millions of current dollars.

    >>> load_trade().set_index("year").loc[2009, "vintage"]
    '2020'
    """
    return load("trade")


def load_coca() -> pd.DataFrame:
    """Coca figures for Peru: cultivation, eradication and potential production, by series.

    >>> sorted(load_coca()["series"].cat.categories)
    ['eradication_reported', 'national_monitoring', 'us_government']
    """
    return load("coca")


def load_opinion() -> pd.DataFrame:
    """Poll figures on how Peruvians see the United States (and China).

    >>> bool(load_opinion()["value_pct"].between(0, 100).all())
    True
    """
    return load("opinion")


def load_figures() -> pd.DataFrame:
    """Single figures quoted by U.S. agencies and the press, for corroboration exercises.

    >>> "quote" in load_figures().columns
    True
    """
    return load("figures")
