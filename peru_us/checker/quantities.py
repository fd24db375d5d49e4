"""Reading number answers: digits as students type them, with a decimal comma or point,
thousands separators, a minus sign from a chart, and the question's unit.

A number is compared in its normal form: rounded to the question's decimals and written with a
point ("45.5", "1968"). What changes here is only how a typed text becomes a number:

* ``"2,5"`` and ``"28,8"`` are 2.5 and 28.8 (a decimal comma, as in Peru); ``"1,968"`` and
  ``"52.100,5"`` use thousands separators. ``"1,234"`` could be either: in a question that wants
  a whole number it is 1234 (as before); where decimals are wanted the checker asks.
* ``"−203"`` (the minus sign charts print) is -203; ``"52 100"`` is 52100.
* A unit may follow: the question's own unit is accepted (``"203 days"``, ``"61%"``,
  ``"USD 780 million"``), a scale is applied (``"4.9 billion"`` in a question counted in
  billions is 4.9; ``"0.78 billion"`` in one counted in millions is 780), and another unit gets a
  message about the unit (``"29 weeks"`` -> this question is in days).

>>> [normalise_number(text, 1) for text in ("2,5", "28,8", "−3.5", "1.234,5")]
['2.5', '28.8', '-3.5', '1234.5']
>>> normalise_number("USD 780 million", 0, "million USD"), normalise_number("4,9 mil millones", 1, "billion USD")
('780', '4.9')
>>> normalise_number("29 weeks", 0, "days")
Traceback (most recent call last):
...
peru_us.checker.forms.AnswerProblem: this question is in days, and you wrote weeks: give the number of days
"""
from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

from .forms import AnswerProblem, Reading, kind_of, plain_str, shown, unwrap_single

MAX_NUMBER_TEXT = 80  # characters: "USD 780 million" is 15
LARGEST = 1e15  # no answer in the course comes near this

# ----------------------------------------------------------------------------- words
CURRENCY = {"usd", "us$", "$", "us", "u s", "dollar", "dollars", "us dollars", "u s dollars", "dolar", "dolares",
            "dolares americanos", "dolares estadounidenses"}
OTHER_CURRENCY = {"sol": "soles", "soles": "soles", "pen": "soles", "s/": "soles", "eur": "euros", "euro": "euros",
                  "euros": "euros", "€": "euros", "£": "pounds", "gbp": "pounds"}
SCALES = {"thousand": 1e3, "thousands": 1e3, "k": 1e3, "mil": 1e3, "miles": 1e3,
          "million": 1e6, "millions": 1e6, "millon": 1e6, "millones": 1e6, "mn": 1e6, "mio": 1e6, "m": 1e6, "mm": 1e6,
          "mill": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "mil millones": 1e9, "millardo": 1e9,
          "millardos": 1e9, "trillion": 1e12, "trillions": 1e12}
SPANISH_BILLON = {"billon", "billones"}
FILLER = {"about", "around", "approximately", "approx", "aprox", "aproximadamente", "roughly", "circa", "ca",
          "some", "nearly", "almost", "unos", "unas", "cerca", "casi", "de", "del", "of", "in", "en", "the", "el",
          "la", "los", "las", "a", "an", "un", "una", "is", "es", "it", "~", "≈", "=", "total", "answer"}
PERCENT = {"%", "percent", "per cent", "pct", "por ciento", "porciento", "percentage", "porcentaje"}
POINTS = {"percentage points", "percentage point", "points", "point", "pp", "p p", "pts", "puntos", "punto",
          "puntos porcentuales", "punto porcentual"}
TIME = {"week": "weeks", "weeks": "weeks", "semana": "weeks", "semanas": "weeks", "month": "months",
        "months": "months", "mes": "months", "meses": "months", "year": "years", "years": "years", "ano": "years",
        "anos": "years", "hour": "hours", "hours": "hours", "hora": "hours", "horas": "hours", "h": "hours",
        "day": "days", "days": "days", "d": "days", "dia": "days", "dias": "days"}
AREA = {"ha": "hectares", "hectare": "hectares", "hectares": "hectares", "hectarea": "hectares",
        "hectareas": "hectares", "sqkm": "square kilometres",
        "square kilometres": "square kilometres", "square kilometers": "square kilometres", "acres": "acres"}
MASS = {"t": "metric tons", "ton": "metric tons", "tons": "metric tons", "tonne": "metric tons",
        "tonnes": "metric tons", "metric ton": "metric tons", "metric tons": "metric tons", "mt": "metric tons",
        "tm": "metric tons", "tonelada": "metric tons", "toneladas": "metric tons",
        "toneladas metricas": "metric tons", "kg": "kilograms", "kilograms": "kilograms", "kilos": "kilograms",
        "kilogramos": "kilograms"}
FISCAL = {"fy", "fiscal year", "ano fiscal", "af", "year", "ano"}
VISITS = {"visit", "visits", "trip", "trips", "visita", "visitas", "viaje", "viajes"}
TIMES = {"times", "x", "veces", "fold"}


@dataclass(frozen=True)
class Unit:
    """What a question's numbers are counted in, and which words a student may write with them.

    says: how messages name it; wants: what the question wants, after "this question";
    words: the words accepted with the number (normal forms);
    scale: the question counts in this many base units (1e6 for millions of dollars);
    scalable: whether "thousand", "million" ... make sense with it."""

    says: str
    wants: str
    words: frozenset
    scale: float = 1.0
    scalable: bool = True
    others: dict = field(default_factory=dict)  # words of other units -> their name, for the message


def _unit(says, wants, words, scale=1.0, scalable=True):
    return Unit(says, wants, frozenset(words), scale, scalable)


_NOT = {**{w: name for w, name in TIME.items()}, **AREA, **MASS, **{w: "percent" for w in PERCENT},
        **{w: "percentage points" for w in POINTS}, **OTHER_CURRENCY, **{w: "visits" for w in VISITS},
        **{w: "times" for w in TIMES}, **{w: "U.S. dollars" for w in CURRENCY}}


def _others(accepted):
    return {w: name for w, name in _NOT.items() if w not in accepted}


UNITS: dict[str, Unit] = {
    "days": _unit("days", "is in days", {w for w, n in TIME.items() if n == "days"}, scalable=False),
    "years": _unit("years", "is in years", {w for w, n in TIME.items() if n == "years"}, scalable=False),
    "year": _unit("a year", "asks for a year", FISCAL, scalable=False),
    "percent": _unit("percent", "asks for a percentage (%)", PERCENT, scalable=False),
    "percentage points": _unit("percentage points", "is in percentage points", POINTS | PERCENT, scalable=False),
    "million USD": _unit("millions of U.S. dollars", "is in millions of U.S. dollars", CURRENCY, scale=1e6),
    "billion USD": _unit("billions of U.S. dollars", "is in billions of U.S. dollars", CURRENCY, scale=1e9),
    "hectares": _unit("hectares", "is in hectares", {w for w, n in AREA.items() if n == "hectares"}),
    "metric tons": _unit("metric tons", "is in metric tons", {w for w, n in MASS.items() if n == "metric tons"}),
    "visits": _unit("visits", "asks for a number of visits", VISITS, scalable=False),
    "times": _unit("times", "asks for a ratio (how many times)", TIMES, scalable=False),
}
UNITS = {name: Unit(u.says, u.wants, u.words, u.scale, u.scalable, _others(u.words)) for name, u in UNITS.items()}
NO_UNIT = Unit("a plain number", "wants just a number", frozenset({"%"}), others=_others({"%"}))  # "45%" always worked
_PHRASES = sorted({*SCALES, *SPANISH_BILLON, *FILLER, *_NOT, *FISCAL}, key=lambda w: (-len(w.split()), w))

# ----------------------------------------------------------------------------- number tokens
_DASHES = dict.fromkeys(map(ord, "\u2212\u2012\u2013\u2014\ufe63\uff0d"), "-")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u202f\u2002\u2003\u2004\u2005\u2006\u2008\u200a"), " ")
_TOKEN = re.compile(r"[-+]?(?:\d[\d.,]*\d|\d)|[.,]\d+|[^\W\d_]+\$?|[$€£%~≈=]|\S")
_GROUPED_BY_SPACES = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])")
_IS_NUMBER = re.compile(r"[-+]?(?:\d[\d.,]*\d|\d|[.,]\d+)")


def _valid_groups(digits: str, sep: str) -> bool:
    groups = digits.split(sep)
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]) and all(g.isdigit() for g in groups)


def _plain(number: str) -> str:
    return number if "." not in number else number.rstrip("0").rstrip(".")


def read_number_token(token: str, decimals: int) -> tuple[Decimal, str]:
    """A number written with digits, a decimal comma or point and thousands separators, and a
    note saying how an ambiguous one was read (empty when it was not).

    >>> read_number_token("28,8", 1), read_number_token("1,968", 0), read_number_token("1.234.567", 0)
    ((Decimal('28.8'), ''), (Decimal('1968'), ''), (Decimal('1234567'), ''))
    >>> read_number_token("1,234", 1)
    Traceback (most recent call last):
    ...
    peru_us.checker.forms.AnswerProblem: "1,234" could be 1234 or 1.234: did you mean 1.234? Write decimals with a point (1.234)
    and whole numbers without separators (1234)
    """
    sign, body = ("-", token[1:]) if token[:1] == "-" else ("", token.lstrip("+"))
    note = ""
    if "," in body and "." in body:
        cut = max(body.rfind(","), body.rfind("."))
        whole, point, fraction = body[:cut], body[cut], body[cut + 1:]
        thousands = "." if point == "," else ","
        if point in whole or not _valid_groups(whole, thousands) or not fraction.isdigit():
            raise AnswerProblem(f"{shown(token)} mixes commas and points in a way I cannot read; "
                                "type the number with a point for decimals and no thousands separators, like 1234.5")
        text = whole.replace(thousands, "") + "." + fraction
    elif "," in body or "." in body:
        mark = "," if "," in body else "."
        whole, _, fraction = body.partition(mark)
        if mark in fraction:  # "1,234,567" or "1.234.567": thousands separators
            if not _valid_groups(body, mark):
                raise AnswerProblem(f"I cannot read {shown(token)} as a number; type it without separators, like 1234567")
            text = body.replace(mark, "")
        else:
            ambiguous = len(fraction) == 3 and 1 <= len(whole) <= 3 and whole.isdigit() and not whole.startswith("0")
            as_thousands, as_decimal = whole + fraction, f"{whole or '0'}.{fraction or '0'}"
            if ambiguous and mark == "," and decimals == 0:
                text = as_thousands  # "1,968": a thousands separator, as English writes it
            elif ambiguous and mark == ",":
                raise AnswerProblem(f"\"{token}\" could be {sign}{as_thousands} or {sign}{as_decimal}: did you mean "
                                    f"{sign}{as_decimal}? Write decimals with a point ({sign}{as_decimal}) and whole "
                                    f"numbers without separators ({sign}{as_thousands})")
            else:
                text = as_decimal
                if ambiguous and decimals == 0:
                    note = (f"I read \"{token}\" as {sign}{_plain(as_decimal)}; if you meant {sign}{as_thousands}, "
                            "type it without the point.")
    else:
        text = body
    try:
        return Decimal(sign + text), note
    except InvalidOperation:
        raise AnswerProblem(f"I cannot read {shown(token)} as a number; type digits, like 1968 or 12.5") from None


def _clean(text: str) -> str:
    """Lower case, no accents, every dash a minus, every space a plain space, digit groups joined."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_SPACES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"\bs/\.?", " soles ", text).replace("u.s.", "u s").replace("p.p.", "pp")
    text = re.sub(r"\bkm ?2\b", " sqkm ", text)
    text = re.sub(r"(?<=[a-z$])(?=\d)|(?<=\d)(?=[a-z%$€£])", " ", text)  # FY2006, 4.9bn, 61%
    return _GROUPED_BY_SPACES.sub(lambda m: m.group(0).replace(" ", ""), text.strip())


def _phrases(words: list[str]) -> list[str]:
    """Known phrases (longest first), one per item; an unknown word stays as it is."""
    found, i = [], 0
    while i < len(words):
        for phrase in _PHRASES:
            size = len(phrase.split())
            if " ".join(words[i:i + size]) == phrase:
                found.append(phrase)
                i += size
                break
        else:
            found.append(words[i])
            i += 1
    return found


def read_number_text(text: str, decimals: int, unit: Unit) -> tuple[float, str]:
    """A typed number with its unit, in the question's unit, and a note on how it was read."""
    text = plain_str(text)
    if len(text) > MAX_NUMBER_TEXT:
        raise AnswerProblem("that is a very long answer for a number; please type just the number")
    tokens = _TOKEN.findall(_clean(text))
    numbers_ = [t for t in tokens if _IS_NUMBER.fullmatch(t)]
    if not numbers_:
        raise AnswerProblem(f"{shown(text)} is not a number; type digits, like 1968 or 12.5")
    if len(numbers_) > 1:
        raise AnswerProblem(f"I see {len(numbers_)} numbers in {shown(text)}; type just one number")
    value, note = read_number_token(numbers_[0], decimals)
    words = [t for t in tokens if not _IS_NUMBER.fullmatch(t) and t not in {".", ",", "(", ")", ":", ";", "'", '"'}]
    scale = 1.0
    for phrase in _phrases(words):
        if phrase in FILLER or phrase in unit.words:
            continue
        if phrase in SPANISH_BILLON:
            raise AnswerProblem("in Spanish a \"billón\" is a million million; for a thousand million write "
                                "\"mil millones\" or \"billion\"")
        if phrase in SCALES and unit.scalable:
            scale *= SCALES[phrase]
        elif phrase in SCALES:
            raise AnswerProblem(f"this question {unit.wants}; leave out \"{phrase}\"")
        elif phrase in unit.others and unit is NO_UNIT:
            raise AnswerProblem(f"this question wants just a number, without \"{phrase}\"")
        elif phrase in unit.others:
            other = unit.others[phrase]
            convert = f": give the number of {unit.says}" if other in TIME.values() and unit.says in TIME.values() else ""
            raise AnswerProblem(f"this question {unit.wants}, and you wrote {other}{convert}")
        else:
            raise AnswerProblem(f"I can read the number in {shown(text)} but not \"{phrase[:20]}\"; type just the number")
    if scale != 1.0:
        value = value * Decimal(scale) / Decimal(unit.scale)
    elif unit.scale != 1.0 and abs(value) >= 100_000:
        word = {1e3: "thousand", 1e6: "million", 1e9: "billion"}.get(unit.scale, "units")
        note = f"This question counts in {unit.says}: {value} means {value} {word} dollars here."
    return float(value), note


# ----------------------------------------------------------------------------- values of any kind
def _from_value(value, unit: Unit) -> tuple[float, str]:
    """A Python, numpy or pandas number (or, for a question in days, a time span)."""
    if isinstance(value, (bool, np.bool_)):
        raise AnswerProblem("this question wants a number; True/False is not a number here")
    if isinstance(value, (pd.Timedelta, dt.timedelta, np.timedelta64)):
        if unit is not UNITS["days"]:
            raise AnswerProblem(f"you gave {kind_of(value)}; this question wants a number")
        span = pd.Timedelta(value)
        if span is pd.NaT:
            raise AnswerProblem("that time span is missing (NaT): check the dates you subtracted")
        return span / pd.Timedelta(days=1), ""
    if isinstance(value, (pd.Timestamp, dt.date, np.datetime64)) or value is pd.NaT:
        tip = " (the year of a date d is d.year)" if unit is UNITS["year"] else ""
        raise AnswerProblem(f"you gave {kind_of(value)}; this question wants a number{tip}")
    if value is pd.NA:
        raise AnswerProblem("your answer is missing (pd.NA): the calculation found no value")
    if not isinstance(value, numbers.Number) or isinstance(value, (complex, np.complexfloating)):
        raise AnswerProblem(f"this question wants a number, like 1968; you gave {kind_of(value)}")
    try:
        return float(value), ""
    except (OverflowError, TypeError, ValueError):
        raise AnswerProblem("that number is too large to be the answer") from None


def read_number(value, decimals: int = 0, unit: str | None = None) -> Reading:
    """A number answer (number, numeric text with its unit, one-element Series ...) in normal form."""
    kind = UNITS[unit] if unit else NO_UNIT
    value = unwrap_single(value)
    if isinstance(value, str):
        number, note = read_number_text(value, decimals, kind)
    else:
        number, note = _from_value(value, kind)
    if math.isnan(number) or math.isinf(number):
        raise AnswerProblem("that is not a finite number (NaN or infinity): check your calculation")
    if abs(number) > LARGEST:
        raise AnswerProblem("that number is far too large to be the answer: check your calculation")
    rounded = round(number, decimals)
    form = f"{rounded:.{decimals}f}" if decimals > 0 else str(int(round(rounded)))
    return Reading((form,), note)


def normalise_number(value, decimals: int = 0, unit: str | None = None) -> str:
    """A number rounded to `decimals`, as text (the form the bank hashes).

    >>> normalise_number(" 1,968 "), normalise_number(12.345, 1), normalise_number("45%"), normalise_number("203 días", 0, "days")
    ('1968', '12.3', '45', '203')
    """
    return read_number(value, decimals, unit).forms[0]
