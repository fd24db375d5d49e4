"""What every answer reader shares: the problem a reader reports, safe descriptions of any value,
and the unwrapping of one-element containers.

None of these functions calls a method of the student's object that the object could have
redefined (``__str__``, ``__len__``, ``__eq__``, ``__getattr__`` ...): a student's value is
described by its type, and only known types (str, numbers, numpy, pandas) are looked into.

>>> kind_of(3), kind_of("x"), kind_of([1, 2])
('a whole number', 'a text', 'a list')
>>> unwrap_single([["Lima"]])
'Lima'
"""
from __future__ import annotations

import datetime as dt
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_TEXT = 2_000  # characters: any real answer here is far shorter
MAX_ITEMS = 200  # items in a set answer
MAX_UNWRAP = 4  # one-element containers inside one another: [[["Lima"]]] is still "Lima"


class AnswerProblem(Exception):
    """The answer cannot be read as the kind of answer the question wants (the message says why)."""


@dataclass(frozen=True)
class Reading:
    """How an answer was read: its normal forms, the first being the canonical one (the one the
    bank was hashed from), the others alternatives (a name without its title, say); and a note
    the checker adds to a "not quite" message (how an ambiguous answer was read)."""

    forms: tuple
    note: str = ""


_NAMES = {str: "a text", int: "a whole number", float: "a number", bool: "True/False", list: "a list",
          tuple: "a tuple", dict: "a dictionary", set: "a set", frozenset: "a set", bytes: "bytes (b\"...\")",
          type(None): "None", type(...): "... (Ellipsis)", complex: "a complex number",
          dt.date: "a date", dt.datetime: "a date and time", dt.timedelta: "a time span (timedelta)"}


def type_name(value) -> str:
    """The name of the value's type, never raising.

    >>> type_name(pd.Series([1]))
    'Series'
    """
    try:
        name = type(value).__name__
        return name if isinstance(name, str) else "object"
    except Exception:  # noqa: BLE001 - a metaclass can make even this raise
        return "object"


def kind_of(value) -> str:
    """A student-readable description of what kind of value this is (never raises).

    >>> kind_of(pd.Timestamp("1968-10-03")), kind_of(np.int64(3)), kind_of(object())
    ('a pandas Timestamp (a date)', 'a whole number', 'a value of type object')
    """
    kind = type(value)
    if kind in _NAMES:
        return _NAMES[kind]
    if isinstance(value, (bool, np.bool_)):
        return "True/False"
    if isinstance(value, pd.Timestamp):
        return "a pandas Timestamp (a date)"
    if isinstance(value, pd.Timedelta):
        return "a pandas Timedelta (a time span)"
    if isinstance(value, np.datetime64):
        return "a numpy datetime64 (a date)"
    if isinstance(value, np.timedelta64):
        return "a numpy timedelta64 (a time span)"
    if isinstance(value, (pd.Series, pd.DataFrame, pd.Index)):
        return f"a pandas {type_name(value)}"
    if isinstance(value, np.ndarray):
        return "a numpy array"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, numbers.Integral):
        return "a whole number"
    if isinstance(value, numbers.Real):
        return "a number"
    return f"a value of type {type_name(value)}"


def plain_str(value) -> str:
    """A str subclass (numpy.str_, or anything odd) as a plain str, without calling its methods.

    >>> type(plain_str(np.str_("Lima")))
    <class 'str'>
    """
    return str.__getitem__(value, slice(None))


def shown(value, limit: int = 40) -> str:
    """A short, quoted piece of a text for a message: 'Lima' or 'a very long te…'.

    >>> shown("x" * 60, 10)
    "'xxxxxxxxxx…'"
    """
    text = plain_str(value)
    return repr(text[:limit] + ("…" if len(text) > limit else ""))


def safe_text(value, limit: int = 60) -> str:
    """The value as text for a message, whatever it is (never raises).

    >>> safe_text("demo.q1"), safe_text(42)
    ('demo.q1', '42')
    """
    if isinstance(value, str):
        return plain_str(value)[:limit]
    if type(value) in (int, float, bool, type(None)):
        try:
            return repr(value)[:limit]
        except Exception:  # noqa: BLE001 - e.g. an int too long to print
            return type_name(value)
    return f"<{kind_of(value)}>"


def shown_argument(value, limit: int = 40) -> str:
    """An argument as a call would show it, for an error message: 'demo.q1' in quotes, 42, True,
    or <a list> (never raises).

    >>> shown_argument("1"), shown_argument(1), shown_argument([1])
    ("'1'", '1', '<a list>')
    """
    return shown(value, limit) if isinstance(value, str) else safe_text(value, limit)


def _single_element(value):
    """The one element of a pandas or numpy container, keeping numpy's own scalar types
    (``.tolist()`` would turn a datetime64[ns] into a whole number of nanoseconds)."""
    if isinstance(value, pd.DataFrame):
        return value.iat[0, 0]
    if isinstance(value, pd.Series):
        return value.iloc[0]
    if isinstance(value, pd.Index):
        return value[0]
    return value.reshape(-1)[0]


def container_size(value) -> int | None:
    """How many values a pandas/numpy container or a list/tuple holds; None for anything else."""
    if isinstance(value, (pd.Series, pd.DataFrame, pd.Index, np.ndarray)):
        return int(value.size)
    if isinstance(value, (list, tuple)):
        return list.__len__(value) if isinstance(value, list) else tuple.__len__(value)
    return None


def unwrap_single(value):
    """A one-element Series, DataFrame, array, list or tuple becomes its element (also when nested,
    up to a few levels); numpy scalars become Python values, except dates and time spans, which
    stay numpy/pandas values for the date reader. Anything longer is a problem.

    >>> unwrap_single(pd.Series([1968])), unwrap_single(np.float64(2.5))
    (1968, 2.5)
    >>> unwrap_single(pd.Series([1968, 1969]))
    Traceback (most recent call last):
    ...
    peru_us.checker.forms.AnswerProblem: you gave a pandas Series with 2 values; this question wants a single value (try
    .iloc[0], .sum() or len(...))
    """
    for _ in range(MAX_UNWRAP):
        size = container_size(value)
        if size is None:
            break
        if size == 0 and isinstance(value, (list, tuple)):
            raise AnswerProblem(f"you gave an empty {kind_of(value)[2:]}; this question wants a single value")
        if size == 0:
            raise AnswerProblem(f"you gave an empty {kind_of(value)[2:]}: your selection found nothing; "
                                "check the condition you filtered with")
        if size != 1:
            what = kind_of(value)
            if isinstance(value, (list, tuple)):
                raise AnswerProblem(f"you gave {what} with {size} values; this question wants a single value")
            raise AnswerProblem(f"you gave {what} with {size} values; this question wants a single value "
                                "(try .iloc[0], .sum() or len(...))")
        if isinstance(value, list):
            value = list.__getitem__(value, 0)
        elif isinstance(value, tuple):
            value = tuple.__getitem__(value, 0)
        else:
            value = _single_element(value)
    else:
        if container_size(value) is not None:
            raise AnswerProblem(f"you gave {kind_of(value)} inside one-element containers, one in another; "
                                "this question wants a single value")
    if isinstance(value, np.generic) and not isinstance(value, (np.datetime64, np.timedelta64)):
        try:
            value = value.item()
        except (TypeError, ValueError, OverflowError):
            pass
    return value
