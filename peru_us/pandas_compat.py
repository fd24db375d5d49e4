"""Make pandas 2 group categorical columns as pandas 3 does.

The course loads every column with a fixed vocabulary (an ``enum`` in datapackage.json) as a
Categorical, so that charts and explorers know every possible value. Grouping by such a column
differs between the pandas versions the course supports: pandas 3 groups by the values that
occur (``observed=True``); pandas 2.3 also returns an empty group for every unused category and
warns (FutureWarning) that this default is about to change. pandas has no option for it, so on
pandas 2 this module sets the default of ``observed`` to True in ``groupby`` and ``pivot_table``,
the behaviour pandas 3 adopted: a student's ``events.groupby("category").size()`` gives the same
table, and no warning, on both. Passing ``observed=`` explicitly still works as before. On
pandas 3 nothing is changed.

>>> import pandas as pd
>>> frame = pd.DataFrame({"kind": pd.Categorical(["a", "a"], categories=["a", "b"]), "n": [1, 2]})
>>> frame.groupby("kind")["n"].sum().to_dict()
{'a': 3}
>>> frame.groupby("kind", observed=False)["n"].sum().to_dict()
{'a': 3, 'b': 0}
"""
from __future__ import annotations

import functools

import pandas as pd

PANDAS_MAJOR = int(pd.__version__.split(".")[0])
PATCHED = "_peru_us_observed_default"


def _observed_by_default(method):
    """`method` with observed=True unless the caller passes observed (by name or position)."""
    if getattr(method, PATCHED, False):
        return method
    import inspect

    parameters = list(inspect.signature(method).parameters)
    position = parameters.index("observed")  # counting `self` (or the data, for pd.pivot_table)

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        if len(args) <= position and "observed" not in kwargs:
            kwargs["observed"] = True
        return method(*args, **kwargs)

    setattr(wrapper, PATCHED, True)
    return wrapper


def adopt_observed_default() -> bool:
    """On pandas 2, default observed=True in groupby and pivot_table (idempotent); True if patched."""
    if PANDAS_MAJOR >= 3:
        return False
    from pandas.core.reshape import pivot

    for owner in (pd.DataFrame, pd.Series):
        owner.groupby = _observed_by_default(owner.groupby)
    pd.DataFrame.pivot_table = _observed_by_default(pd.DataFrame.pivot_table)
    pd.pivot_table = pivot.pivot_table = _observed_by_default(pivot.pivot_table)
    return True
