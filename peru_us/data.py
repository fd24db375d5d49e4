"""Load the course dataset as tidy, typed pandas DataFrames.

The tables and their column types are declared once, in ``datapackage.json``; this module
reads that file, checks each CSV against it (see :mod:`peru_us.validation`) and caches the
result, so a table is parsed once per session. Loading never depends on the current working
directory: the data ship inside the package (``peru_us/_data`` in a wheel, ``data/`` in a
source checkout).

>>> from peru_us import load_trade
>>> trade = load_trade()
>>> int(trade["year"].min())
1985
"""
from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pandas as pd

from .validation import DataError, check_columns, check_references, check_unique, closest, convert_column

DATA_ENV = "PERU_US_DATA"  # set to a folder to load a different copy of the data (tests do)
# With copy-on-write (always on from pandas 3), a shallow copy is as safe as a deep one: changing
# the copy never changes the cached table. Without it (pandas 2), loaders must copy the data.
COPY_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3 or pd.get_option("mode.copy_on_write") is True


def data_dir() -> Path:
    """The folder holding datapackage.json.

    >>> (data_dir() / "datapackage.json").is_file()
    True
    """
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    here = Path(__file__).resolve().parent
    installed = here / "_data"
    return installed if installed.is_dir() else here.parent / "data"


@functools.lru_cache(maxsize=8)
def _package(folder: Path) -> dict:
    path = folder / "datapackage.json"
    if not path.is_file():
        raise DataError(path, "the data package description is missing")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DataError(path, f"is not valid JSON ({err.msg} at line {err.lineno})") from None


def _resources(folder: Path) -> dict[str, dict]:
    return {r["name"]: r for r in _package(folder)["resources"]}


def table_names() -> list[str]:
    """Names of all tables, in the order datapackage.json lists them.

    >>> table_names()[:3]
    ['sources', 'events', 'conflicts']
    """
    return list(_resources(data_dir()))


def _resource(name: str, folder: Path) -> dict:
    resources = _resources(folder)
    if not isinstance(name, str) or name not in resources:
        raise KeyError(f"there is no table {name!r}{closest(name, resources)}; "
                       f"the tables are: {', '.join(resources)}")
    return resources[name]


@functools.lru_cache(maxsize=32)
def _read(name: str, folder: Path) -> pd.DataFrame:
    resource = _resource(name, folder)
    path = folder / resource["path"]
    shown = Path(folder.name) / resource["path"]
    if not path.is_file():
        raise DataError(shown, f"the file is missing (datapackage.json lists it for the table '{name}')")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    schema = resource["schema"]
    check_columns(raw, schema["fields"], shown)
    if schema.get("primaryKey"):  # one key, of one column or several (event_documents: event_id + doc_key)
        check_unique(raw, schema["primaryKey"], shown)
    for fk in schema.get("foreignKeys", []):
        target = fk["reference"]["resource"]
        known = set(_read(target, folder)[fk["reference"]["fields"]])
        check_references(raw, fk["fields"], known, shown, f"{fk['reference']['fields']} in the {target} table")
    columns = {f["name"]: convert_column(raw[f["name"]], f, shown) for f in schema["fields"]}
    return pd.DataFrame(columns)


def load(name: str) -> pd.DataFrame:
    """Load one table by name (a fresh copy each time, so changing it is safe).

    >>> load("events").columns[:3].tolist()
    ['event_id', 'date', 'date_precision']
    >>> load("evnts")
    Traceback (most recent call last):
    KeyError: "there is no table 'evnts' (did you mean 'events'?); the tables are: ..."
    """
    return _read(name, data_dir().resolve()).copy(deep=not COPY_ON_WRITE)


def describe(name: str) -> pd.DataFrame:
    """The columns of a table: name, type, unit and description, from datapackage.json.

    >>> describe("trade").loc[1, "unit"]
    'million USD (current)'
    """
    fields = _resource(name, data_dir())["schema"]["fields"]
    return pd.DataFrame([{"column": f["name"], "type": f["type"], "unit": f.get("unit", ""),
                          "description": f["description"]} for f in fields])


def datasets() -> pd.DataFrame:
    """One row per table: its name, loader, number of rows and a one-line description.

    >>> "events" in datasets()["table"].tolist()
    True
    """
    rows = []
    for name, resource in _resources(data_dir()).items():
        rows.append({"table": name, "loader": f"load_{name}()", "rows": len(_read(name, data_dir().resolve())),
                     "title": resource["title"]})
    return pd.DataFrame(rows)


def clear_cache() -> None:
    """Forget cached tables (after editing the CSV files in a running session)."""
    _read.cache_clear()
    _package.cache_clear()


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
    >>> events["date"].min().year
    1826
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

    >>> load_opinion()["value_pct"].between(0, 100).all()
    np.True_
    """
    return load("opinion")


def load_figures() -> pd.DataFrame:
    """Single figures quoted by U.S. agencies and the press, for corroboration exercises.

    >>> "quote" in load_figures().columns
    True
    """
    return load("figures")
