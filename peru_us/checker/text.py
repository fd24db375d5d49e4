"""Reading text answers: names and other words, multiple-choice letters, yes/no, and lists of names.

A text is compared in its *normal form*: lower case, no accents, punctuation and extra spaces
removed, no leading "the". That form is what the bank's hashes were made from, so it never
changes. Names are also tried in two more forms that map onto it: without a leading title
("President Alan García" -> "alan garcia") and in forename-surname order ("García, Alan").

>>> text_forms("President Alan García")
('president alan garcia', 'alan garcia')
>>> text_forms("García Pérez, Alan")
('garcia perez alan', 'alan garcia perez')
>>> normalise_choice("Option (B)"), normalise_bool("Sí")
('b', 'true')
"""
from __future__ import annotations

import collections.abc
import re
import unicodedata

import numpy as np
import pandas as pd

from .forms import MAX_ITEMS, MAX_TEXT, AnswerProblem, Reading, kind_of, plain_str, shown, unwrap_single

# Titles a student may put before a name (in their normal form), longest first so that
# "secretary of state" goes before "secretary". Only a *leading* title is dropped.
TITLES = sorted({
    "president", "presidente", "presidenta", "pres", "former president", "ex president", "expresidente",
    "vice president", "vicepresidente", "us president", "u s president", "president of peru",
    "presidente del peru", "peruvian president", "general", "gen", "gral", "mr", "mrs", "ms", "miss", "dr",
    "doctor", "doctora", "sr", "sra", "srta", "senor", "senora", "don", "dona", "sir", "secretary of state",
    "secretary", "secretario", "secretaria", "senator", "senador", "senadora", "ambassador", "embajador",
    "embajadora", "prime minister", "primer ministro", "minister", "ministro", "ministra", "colonel",
    "coronel", "commander", "comandante", "admiral", "almirante", "captain", "capitan", "professor", "prof",
    "ing", "lic", "king", "rey", "queen", "reina", "chancellor", "canciller", "charge d affaires",
}, key=lambda title: (-len(title), title))
_TITLE = re.compile(r"^(?:" + "|".join(re.escape(t) for t in TITLES) + r") (?=\S)")
MAX_NAME_WORDS = 5  # either side of a "surname, forename" comma

TRUE_WORDS = {"true", "yes", "y", "si", "verdadero", "cierto"}
FALSE_WORDS = {"false", "no", "n", "falso"}
_CHOICE = re.compile(r"(?:(?:option|opcion|answer|respuesta|letter|letra|alternative|alternativa|choice) )?([a-z])")
_CHOICE_WITH_TEXT = re.compile(r"\s*\(?([a-zA-Z])[).:]\s+\S.*", re.DOTALL)


def normalise_text(value) -> str:
    """Lower case, no accents, punctuation and extra spaces removed, no leading 'the'.
    (This is the form the bank's hashes are made from: do not change it.)

    >>> normalise_text("  The Río  Treaty! ")
    'rio treaty'
    """
    if not isinstance(value, str):
        raise AnswerProblem(f"this question wants a text answer in quotes, like \"Lima\"; you gave {kind_of(value)}")
    value = plain_str(value)
    if len(value) > MAX_TEXT:
        raise AnswerProblem(f"that answer is {len(value):,} characters long; answers here are short (a few words)")
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def without_title(normal: str) -> str:
    """A normalised name without its leading titles ("president alan garcia" -> "alan garcia").

    >>> without_title("us president george h w bush"), without_title("general")
    ('george h w bush', 'general')
    """
    for _ in range(4):  # "former president dr ..." has several
        shorter = _TITLE.sub("", normal, count=1)
        if shorter == normal:
            break
        normal = shorter
    return normal


def text_forms(value) -> tuple:
    """The normal form of a text answer, then the same text without a title and in
    forename-surname order when it was written "surname, forename" (no duplicates)."""
    base = normalise_text(value)
    forms = [base, without_title(base)]
    left, comma, right = plain_str(value).partition(",")
    if comma and "," not in right:
        left, right = normalise_text(left), normalise_text(right)
        if left and right and len(left.split()) <= MAX_NAME_WORDS and len(right.split()) <= MAX_NAME_WORDS:
            swapped = normalise_text(f"{right} {left}")
            forms += [swapped, without_title(swapped)]
    return tuple(dict.fromkeys(form for form in forms if form))


def read_text(value) -> Reading:
    """A text answer (also a one-element Series, as a lookup returns) in all its forms."""
    value = unwrap_single(value)
    forms = text_forms(value)
    return Reading(forms or ("",))


def normalise_choice(value) -> str:
    """The letter of a multiple-choice option: "b", "B", "(b)", "b)", "option b", "opción b",
    and "b) the text of the option" are all "b".

    >>> normalise_choice(" (B) "), normalise_choice("b) Relations were suspended")
    ('b', 'b')
    """
    value = unwrap_single(value)
    if not isinstance(value, str):
        raise AnswerProblem(f"answer with the letter of your choice in quotes, like \"b\"; you gave {kind_of(value)}")
    value = plain_str(value)
    if len(value) > MAX_TEXT:
        raise AnswerProblem(f"that answer is {len(value):,} characters long; answer with one letter, like \"b\"")
    with_text = _CHOICE_WITH_TEXT.fullmatch(value)
    if with_text:
        return with_text.group(1).lower()
    match = _CHOICE.fullmatch(normalise_text(value))  # "(b)" and "option b." are "b" and "option b" here
    if not match:
        raise AnswerProblem(f"answer with a single letter, like \"b\"; you wrote {shown(value)}")
    return match.group(1)


def normalise_bool(value) -> str:
    """True/False, also written yes/no, in English or Spanish (sí/no, verdadero/falso).

    >>> normalise_bool("Yes"), normalise_bool(False), normalise_bool("falso"), normalise_bool(pd.Series([True]))
    ('true', 'false', 'false', 'true')
    """
    value = unwrap_single(value)
    if isinstance(value, (bool, np.bool_)):
        return "true" if bool(value) else "false"
    if isinstance(value, str):
        word = normalise_text(value) if len(value) <= MAX_TEXT else ""
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return "true" if word in TRUE_WORDS else "false"
        raise AnswerProblem(f"answer True or False (without quotes), or \"yes\"/\"no\"; you wrote {shown(value)}")
    raise AnswerProblem(f"answer True or False (without quotes); you gave {kind_of(value)}")


def _as_list(value) -> list:
    """The items of a list-like answer, without calling anything the object may have redefined
    beyond iteration of the built-in and pandas types."""
    if isinstance(value, str):
        raise AnswerProblem("this question wants a list of answers, each in its own quotes, like "
                            "[\"Lima\", \"Cusco\"]; you gave a single text")
    if isinstance(value, pd.DataFrame):
        raise AnswerProblem("you gave a whole table (a pandas DataFrame); pick its column, e.g. table[\"name\"], "
                            "or make a list, like [\"Lima\", \"Cusco\"]")
    if isinstance(value, np.ndarray) and value.ndim != 1:
        raise AnswerProblem(f"you gave a numpy array with {value.ndim} dimensions; this question wants a list, "
                            "like [\"Lima\", \"Cusco\"]")
    if isinstance(value, (pd.Series, pd.Index, np.ndarray)):
        if value.size > MAX_ITEMS:
            raise AnswerProblem(f"that has {value.size:,} items; the answer has only a few")
        return list(value.tolist())
    if isinstance(value, (list, tuple, set, frozenset, collections.abc.KeysView, collections.abc.ValuesView)):
        size = (list.__len__(value) if isinstance(value, list) else tuple.__len__(value) if isinstance(value, tuple)
                else len(value))
        if size > MAX_ITEMS:
            raise AnswerProblem(f"that list has {size:,} items; the answer has only a few")
        return list(value)
    if isinstance(value, collections.abc.Iterator):
        raise AnswerProblem(f"you gave {kind_of(value)}, which gives its items one at a time; wrap it in list(...)")
    raise AnswerProblem(f"this question wants a list, like [\"Lima\", \"Cusco\"]; you gave {kind_of(value)}")


def set_item_forms(value) -> list[tuple]:
    """The forms (see :func:`text_forms`) of every item of a list-like answer (list, tuple, set,
    pandas Series or Index), in the order given.

    >>> set_item_forms(["Lima", "García, Alan"])
    [('lima',), ('garcia alan', 'alan garcia')]
    """
    items = []
    for position, item in enumerate(_as_list(value), start=1):
        if item is None or (isinstance(item, float) and item != item):
            raise AnswerProblem(f"item {position} of your list is missing (None or NaN)")
        if not isinstance(item, str):
            raise AnswerProblem(f"item {position} of your list is {kind_of(item)}; every item should be a text in quotes")
        forms = text_forms(item)
        if not forms:
            raise AnswerProblem(f"item {position} of your list is empty")
        items.append(forms)
    return items


def set_items(value) -> list[str]:
    """The normal forms of the items of a list-like answer, sorted, without duplicates.

    >>> set_items(["Lima", "cusco ", "Lima"])
    ['cusco', 'lima']
    """
    return sorted({forms[0] for forms in set_item_forms(value)})
