"""Reading date answers: a date object of any kind, or a date typed in a common English or Spanish form.

A date is compared in its ISO form, YYYY-MM-DD. Accepted: datetime.date and datetime.datetime,
pandas Timestamps and numpy datetime64 values of any unit (pandas 2 loads dates as
datetime64[ns], pandas 3 as datetime64[us]), a one-element Series of them, and texts such as
"1989-12-29", "29 December 1989", "December 29, 1989", "29 Dec. 1989", "29/12/1989",
"29-12-1989", "29 de diciembre de 1989" and "viernes 29 de diciembre de 1989". Written with
numbers only, the day comes first (as in Peru and Britain); "12/29/1989" can only be month
first, and "05/06/1989", which could be either, gets a question back.

>>> [normalise_date(text) for text in ("29 December 1989", "December 29, 1989", "29/12/1989", "29 de diciembre de 1989")]
['1989-12-29', '1989-12-29', '1989-12-29', '1989-12-29']
>>> normalise_date(np.datetime64("1989-12-29T00:00:00.000000000")), normalise_date(pd.Timestamp("1989-12-29").as_unit("s"))
('1989-12-29', '1989-12-29')
>>> normalise_date("05/06/1989")
Traceback (most recent call last):
...
peru_us.checker.forms.AnswerProblem: "05/06/1989" could be 5 June or 6 May 1989; write it as "1989-06-05" (year-month-day) or
with the month in words, like "5 June 1989"
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

import numpy as np
import pandas as pd

from .forms import AnswerProblem, Reading, kind_of, plain_str, shown, unwrap_single

MAX_DATE_TEXT = 80
MONTHS = {
    1: "january jan enero ene", 2: "february feb febrero", 3: "march mar marzo", 4: "april apr abril abr",
    5: "may mayo", 6: "june jun junio", 7: "july jul julio", 8: "august aug agosto ago",
    9: "september sep sept setiembre septiembre set", 10: "october oct octubre",
    11: "november nov noviembre", 12: "december dec diciembre dic",
}
MONTH_OF = {word: number for number, words in MONTHS.items() for word in words.split()}
MONTH_NAME = {number: words.split()[0].capitalize() for number, words in MONTHS.items()}
WEEKDAYS = set("monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
               "lunes martes miercoles jueves viernes sabado domingo".split())
FILLER = {"de", "del", "of", "the", "on", "el", "y", "a", "in"}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?")
_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th|ro|do|er|o|a|º|°|ª)\b")


def _iso(year: int, month: int, day: int, written: str) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise AnswerProblem(f"{shown(written)} is not a real calendar date") from None


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-").replace("\u2013", "-")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().strip()
    return _ORDINAL.sub("", text)


def read_date_text(text: str) -> str:
    """A typed date in one of the accepted forms, as YYYY-MM-DD."""
    written = plain_str(text)
    if len(written) > MAX_DATE_TEXT:
        raise AnswerProblem("that is a very long answer for a date; type just the date, like \"1968-10-03\"")
    text = _clean(written)
    iso = _ISO.fullmatch(text)
    if iso:
        return _iso(*map(int, iso.groups()), written)
    numeric = _NUMERIC.fullmatch(text)
    if numeric:
        first, second, year = numeric.groups()
        if len(year) == 2:
            raise AnswerProblem(f"write the year with four digits: {shown(written)} could be 19{year} or 20{year}")
        first, second, year = int(first), int(second), int(year)
        if first > 12 >= second:
            return _iso(year, second, first, written)  # day first: 29/12/1989
        if second > 12 >= first:
            return _iso(year, first, second, written)  # month first: 12/29/1989
        if first == second:
            return _iso(year, first, first, written)
        if first <= 12 and second <= 12:
            raise AnswerProblem(f"\"{written.strip()}\" could be {first} {MONTH_NAME[second]} or {second} "
                                f"{MONTH_NAME[first]} {year}; write it as \"{year}-{second:02d}-{first:02d}\" "
                                f"(year-month-day) or with the month in words, like \"{first} {MONTH_NAME[second]} {year}\"")
        raise AnswerProblem(f"{shown(written)} is not a real calendar date")
    return _date_in_words(text, written)


def _date_in_words(text: str, written: str) -> str:
    words = [w for w in re.split(r"[\s,./-]+", text) if w and w not in FILLER and w not in WEEKDAYS]
    months = [MONTH_OF[w] for w in words if w in MONTH_OF]
    numbers = [w for w in words if w.isdigit()]
    unknown = [w for w in words if w not in MONTH_OF and not w.isdigit()]
    years = [int(n) for n in numbers if len(n) == 4]
    days = [int(n) for n in numbers if len(n) <= 2]
    example = " Write it like \"1968-10-03\" or \"3 October 1968\"."
    if unknown or len(months) > 1 or len(numbers) > 2 or not (months or numbers):
        raise AnswerProblem(f"I cannot read {shown(written)} as a date.{example[:-1]}")
    if len(months) == 1 and len(years) == 1 and len(days) == 1:
        return _iso(years[0], months[0], days[0], written)
    if len(years) == 1 and not days:
        missing = "day" if months else "month and day"
        raise AnswerProblem(f"this question wants a full date; {shown(written)} has no {missing}.{example}")
    if months and days and not years:
        raise AnswerProblem(f"this question wants a full date; {shown(written)} has no year.{example}")
    raise AnswerProblem(f"I cannot read {shown(written)} as a date.{example[:-1]}")


def _datetime64(value: np.datetime64) -> str:
    if np.isnat(value):
        raise AnswerProblem("that date is missing (NaT): your lookup found no date")
    unit = np.datetime_data(value.dtype)[0]
    if unit in ("Y", "M", "W"):
        raise AnswerProblem(f"you gave a numpy datetime64 that holds only a {'year' if unit == 'Y' else 'month'}; "
                            "this question wants a full date")
    day = value.astype("datetime64[D]").astype(object)
    if not isinstance(day, dt.date):
        raise AnswerProblem("that date is far outside the years this course covers")
    return day.isoformat()


def read_date(value) -> Reading:
    """A date answer (see the module's docstring for the forms) as YYYY-MM-DD."""
    value = unwrap_single(value)
    if value is pd.NaT:
        raise AnswerProblem("that date is missing (NaT): your lookup found no date")
    if isinstance(value, np.datetime64):
        return Reading((_datetime64(value),))
    if isinstance(value, pd.Timestamp):
        return Reading((value.date().isoformat(),))
    if isinstance(value, (dt.datetime, dt.date)):
        day = value.date() if isinstance(value, dt.datetime) else value
        return Reading((dt.date(day.year, day.month, day.day).isoformat(),))
    if isinstance(value, pd.Period):
        if value.freqstr not in ("D", "B"):
            raise AnswerProblem(f"you gave a pandas Period of {value.freqstr}; this question wants a full date")
        return Reading((value.start_time.date().isoformat(),))
    if isinstance(value, str):
        return Reading((read_date_text(value),))
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1000 <= value <= 9999:
        raise AnswerProblem(f"you gave the year {int(value)}; this question wants a full date, like \"1968-10-03\"")
    raise AnswerProblem(f"this question wants a date like \"1968-10-03\"; you gave {kind_of(value)}")


def normalise_date(value) -> str:
    """An ISO date YYYY-MM-DD (the form the bank hashes).

    >>> normalise_date("1968-10-3"), normalise_date(dt.date(1968, 10, 3))
    ('1968-10-03', '1968-10-03')
    """
    return read_date(value).forms[0]
