"""One contract for bad input to the course's public functions (charts, explorers, ``show``):
a call either does the right thing or raises a ``TypeError`` (wrong kind of value) or a
``ValueError`` (right kind, value not allowed) whose message names the argument, what it got and
what is allowed, with the closest match where that helps.

>>> choice("dollars", "euros", ["constant", "current"])
Traceback (most recent call last):
ValueError: dollars='euros' is not allowed; use 'constant' or 'current'
>>> names("columns", "year", ["year", "value"])  # one name is taken as a list of one
['year']
>>> year_pair("years", "1990", (1826, 2024))
Traceback (most recent call last):
TypeError: years='1990' (a str): expected a pair of whole years such as (1826, 2024)
"""
from __future__ import annotations

import difflib
import numbers

import pandas as pd

__all__ = ["axes", "boolean", "choice", "closest", "integer", "kind", "listing", "names", "shown", "table", "year_pair"]


def shown(value, limit: int = 60) -> str:
    """A short repr of what a caller passed, for an error message.

    >>> len(shown("x" * 100)), shown("x" * 100)[-3:]
    (60, "x…'")
    >>> shown(pd.DataFrame({"a": [1, 2]}))
    'a DataFrame of 2 rows'
    """
    if isinstance(value, pd.DataFrame):
        return f"a DataFrame of {len(value)} rows"
    if isinstance(value, pd.Series):
        return f"a Series of {len(value)} values"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[-1]


def kind(value) -> str:
    """The type of `value` with its article: 'a str', 'an int'."""
    name = type(value).__name__
    return ("an " if name[0].lower() in "aeiou" else "a ") + name


def closest(word, options) -> str:
    """A ' (did you mean ...?)' hint, or '' when nothing is close.

    >>> closest("cultivaton", ["cultivation", "eradication"])
    " (did you mean 'cultivation'?)"
    """
    match = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def listing(options, limit: int = 12) -> str:
    """'a', 'b' or 'c' (the first `limit` of many, then how many more).

    >>> listing(["a", "b", "c"])
    "'a', 'b' or 'c'"
    """
    options = [repr(o) for o in options]
    if len(options) > limit:
        return ", ".join(options[:limit]) + f" … ({len(options) - limit} more)"
    return options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]


def _same(value, option) -> bool:
    if isinstance(value, bool) != isinstance(option, bool):  # True is not 1 here
        return False
    try:
        return bool(value == option)
    except (TypeError, ValueError):  # arrays, tables: not a choice
        return False


def choice(name: str, value, allowed, what: str = ""):
    """The allowed option equal to `value`, else a ValueError (a TypeError for a value of the
    wrong kind, e.g. a number where names are allowed)."""
    allowed = list(allowed)
    for option in allowed:
        if _same(value, option):
            return option
    if not isinstance(value, str) and all(isinstance(a, str) for a in allowed):
        raise TypeError(f"{name}={shown(value)} ({kind(value)}): expected {what + ' ' if what else ''}{listing(allowed)}")
    of_what = what + " " if what else ""
    raise ValueError(f"{name}={shown(value)} is not allowed{closest(value, allowed)}; use {of_what}{listing(allowed)}")


def names(name: str, value, allowed=None, what: str = "") -> list:
    """A list of names from one name or a list/tuple of them; each must be in `allowed` (if given).

    >>> names("measures", ("a", "b"), ["a", "b", "c"])
    ['a', 'b']
    >>> names("measures", ["a", "x"], ["a", "b"])
    Traceback (most recent call last):
    ValueError: measures: 'x' is not allowed; use 'a' or 'b'
    """
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, (list, tuple, pd.Index, pd.Series, set, frozenset)):
        items = list(value)
    else:
        raise TypeError(f"{name}={shown(value)} ({kind(value)}): expected a name or a list of names"
                        + (f" from {listing(allowed)}" if allowed is not None else ""))
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{name}: {shown(item)} ({kind(item)}) is not a name; expected text"
                            + (f" such as {listing(list(allowed)[:3])}" if allowed is not None and len(allowed) else ""))
        if allowed is not None and item not in allowed:
            of_what = what + " " if what else ""
            raise ValueError(f"{name}: {item!r} is not allowed{closest(item, allowed)}; use {of_what}{listing(allowed)}")
    return items


def integer(name: str, value, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number (not a bool), within the bounds given.

    >>> integer("rows", 5.0, minimum=0)
    5
    >>> integer("rows", -1, minimum=0)
    Traceback (most recent call last):
    ValueError: rows=-1 is too small; use a whole number of at least 0
    """
    whole = isinstance(value, numbers.Integral) or (isinstance(value, numbers.Real) and float(value).is_integer())
    if isinstance(value, bool) or not whole:
        raise TypeError(f"{name}={shown(value)} ({kind(value)}): expected a whole number")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name}={value} is too small; use a whole number of at least {minimum}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name}={value} is too large; use a whole number of at most {maximum}")
    return value


def boolean(name: str, value) -> bool:
    """True or False (numpy booleans too; not 0/1 or text).

    >>> boolean("mark_tpa", "no")
    Traceback (most recent call last):
    TypeError: mark_tpa='no' (a str): expected True or False
    """
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    raise TypeError(f"{name}={shown(value)} ({kind(value)}): expected True or False")


def year_pair(name: str, value, bounds: tuple[int, int] | None = None, what: str = "years") -> tuple[int, int]:
    """(first, last) whole years with first <= last, inside `bounds` (the years the data cover).

    >>> year_pair("years", (1990, 2000), (1826, 2024))
    (1990, 2000)
    >>> year_pair("years", (1700, 1750), (1826, 2024))
    Traceback (most recent call last):
    ValueError: years=(1700, 1750) reaches outside the years of the table (1826–2024); choose years within them
    """
    example = bounds or (1990, 2000)
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or not hasattr(value, "__getitem__"):
        raise TypeError(f"{name}={shown(value)} ({kind(value)}): expected a pair of whole {what} such as {tuple(example)}")
    if len(value) != 2:
        raise ValueError(f"{name}={shown(value)} has {len(value)} values: expected two, the first and last of the "
                         f"{what}, such as {tuple(example)}")
    pair = tuple(integer(f"{name}[{i}]", v) for i, v in enumerate(value))
    if pair[0] > pair[1]:
        raise ValueError(f"{name}={pair}: the first year comes after the last; use ({pair[1]}, {pair[0]})")
    if bounds is not None and (pair[0] < bounds[0] or pair[1] > bounds[1]):
        raise ValueError(f"{name}={pair} reaches outside the {what} of the table ({bounds[0]}–{bounds[1]}); "
                         f"choose {what} within them")
    return pair


def table(name: str, value, columns=(), loader: str = "") -> pd.DataFrame:
    """`value` if it is a DataFrame with every one of `columns`, else a TypeError/ValueError that
    says which table would work (`loader`, e.g. 'peru_us.load_events()').

    >>> table("events", pd.DataFrame({"date": []}), ["date", "category"], "peru_us.load_events()")
    Traceback (most recent call last):
    ValueError: events lacks the column 'category' that this needs (it has: 'date'); pass peru_us.load_events() or a filtered
    copy of it
    """
    hint = f"; pass {loader} or a filtered copy of it" if loader else ""
    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name}={shown(value)} ({kind(value)}): expected a pandas DataFrame{hint}")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        has = listing([str(c) for c in value.columns]).replace(" or ", " and ") if len(value.columns) else "no columns"
        raise ValueError(f"{name} lacks the column{plural} {listing(missing).replace(' or ', ' and ')} that this needs "
                         f"(it has: {has}){hint}")
    return value


def axes(name: str, value):
    """None or a matplotlib Axes to draw on."""
    from matplotlib.axes import Axes

    if value is None or isinstance(value, Axes):
        return value
    raise TypeError(f"{name}={shown(value)} ({kind(value)}): expected a matplotlib Axes (e.g. from plt.subplots()) or None")
