"""One contract for bad input to the data functions (load, load_<table>, describe, datasets,
table_names, clear_cache, cite): a TypeError or ValueError whose message names the argument or
function, what it got and what is allowed. An unknown name raises UnknownName, which is both a
KeyError (what a failed look-up always raised, so `except KeyError` keeps working) and a
ValueError, and suggests the closest name."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import peru_us
from peru_us.validation import UnknownName

UNKNOWN = (UnknownName, KeyError, ValueError)
TABLES = "the tables are: sources, events"


def trade():
    return peru_us.load_trade()


BAD_CALLS = [
    # (call, exception types it must be, words its message must contain)
    (lambda: peru_us.load(["trade"]), (TypeError,), ["load()", "got a list (['trade'])", "call load() once per name"]),
    (lambda: peru_us.load(("trade", "aid")), (TypeError,), ["a tuple", "[load(n) for n in ['aid', 'trade']]"]),
    (lambda: peru_us.load({"trade"}), (TypeError,), ["a set", "once per name"]),
    (lambda: peru_us.load(3), (TypeError,), ["load() takes the name of a table", "got an int (3)", TABLES]),
    (lambda: peru_us.load(1.5), (TypeError,), ["got a float (1.5)"]),
    (lambda: peru_us.load(None), (TypeError,), ["got None", "a str such as 'trade'"]),
    (lambda: peru_us.load(b"trade"), (TypeError,), ["got a bytes (b'trade')"]),
    (lambda: peru_us.load(pd.DataFrame()), (TypeError,), ["got a DataFrame with 0 rows and 0 columns"]),
    (lambda: peru_us.load(peru_us.load_trade), (TypeError,), ["got the function load_trade (did you mean load_trade()?)"]),
    (lambda: peru_us.load("evnts"), UNKNOWN, ["there is no table 'evnts'", "did you mean 'events'", TABLES]),
    (lambda: peru_us.load("Trade"), UNKNOWN, ["'Trade'", "did you mean 'trade'"]),
    (lambda: peru_us.load(" trade"), UNKNOWN, ["did you mean 'trade'"]),
    (lambda: peru_us.load("trade.csv"), UNKNOWN, ["'trade.csv'", "did you mean 'trade'"]),
    (lambda: peru_us.load("load_trade"), UNKNOWN, ["did you mean 'trade'"]),
    (lambda: peru_us.load("un votes"), UNKNOWN, ["did you mean 'un_votes'"]),
    (lambda: peru_us.load("UN_VOTES"), UNKNOWN, ["did you mean 'un_votes'"]),
    (lambda: peru_us.load(""), UNKNOWN, ["there is no table ''", TABLES]),
    (lambda: peru_us.load("xyzzy"), UNKNOWN, ["there is no table 'xyzzy'; the tables are"]),
    (lambda: peru_us.load(), (TypeError,), ["missing 1 required positional argument: 'name'"]),
    (lambda: peru_us.load("trade", "aid"), (TypeError,), ["takes 1 positional argument but 2 were given"]),
    (lambda: peru_us.load(table="trade"), (TypeError,), ["unexpected keyword argument 'table'"]),
    (lambda: peru_us.describe(3), (TypeError,), ["describe() takes the name of a table", "got an int (3)"]),
    (lambda: peru_us.describe(None), (TypeError,), ["describe()", "got None"]),
    (lambda: peru_us.describe(["aid"]), (TypeError,), ["[describe(n) for n in ['aid']]"]),
    (lambda: peru_us.describe(b"aid"), (TypeError,), ["got a bytes"]),
    (lambda: peru_us.describe(trade()), (TypeError,), ["got a DataFrame with 41 rows and 6 columns"]),
    (lambda: peru_us.describe("aide"), UNKNOWN, ["there is no table 'aide'", "did you mean 'aid'"]),
    (lambda: peru_us.describe(""), UNKNOWN, ["there is no table ''"]),
    (lambda: peru_us.datasets("trade"), (TypeError,), ["takes 0 positional arguments but 1 was given"]),
    (lambda: peru_us.table_names(1), (TypeError,), ["takes 0 positional arguments but 1 was given"]),
    (lambda: peru_us.clear_cache("trade"), (TypeError,), ["takes 0 positional arguments but 1 was given"]),
    (lambda: peru_us.load_trade("x"), (TypeError,), ["load_trade() takes 0 positional arguments"]),
    (lambda: peru_us.load_events(1990), (TypeError,), ["load_events() takes 0 positional arguments"]),
    (lambda: peru_us.load_un_votes(year=1990), (TypeError,), ["unexpected keyword argument 'year'"]),
    (lambda: peru_us.cite(None), (TypeError,), ["cite() takes a source_id", "a list of them", "got None"]),
    (lambda: peru_us.cite(3), (TypeError,), ["got an int (3)"]),
    (lambda: peru_us.cite(3.5), (TypeError,), ["got a float (3.5)"]),
    (lambda: peru_us.cite(b"hsg-pocom"), (TypeError,), ["got a bytes (b'hsg-pocom')"]),
    (lambda: peru_us.cite({"hsg-pocom": 1}), (TypeError,), ["got a dict"]),
    (lambda: peru_us.cite(peru_us.load_trade), (TypeError,), ["got the function load_trade"]),
    (lambda: peru_us.cite(["hsg-pocom", 3]), (TypeError,), ["item 2 of the list is an int (3)",
                                                            "every item must be a source_id"]),
    (lambda: peru_us.cite([["hsg-pocom"]]), (TypeError,), ["item 1 of the list is a list"]),
    (lambda: peru_us.cite(("hsg-pocom", True)), (TypeError,), ["item 2 of the tuple is a bool (True)"]),
    (lambda: peru_us.cite(pd.DataFrame()), (ValueError,), ["cite() needs a table with a source_id column",
                                                           "0 rows and 0 columns", "columns are: none"]),
    (lambda: peru_us.cite(trade()[["year", "vintage"]]), (ValueError,), ["columns are: year, vintage"]),
    (lambda: peru_us.cite(trade().iloc[0:0]), (ValueError,), ["0 rows", "nothing to cite"]),
    (lambda: peru_us.cite(trade()["year"]), (ValueError,), ["a Series of 41 values named 'year'",
                                                            "give a source_id column"]),
    (lambda: peru_us.cite([]), (ValueError,), ["got a list ([]) with no source_id in it"]),
    (lambda: peru_us.cite([None, np.nan]), (ValueError,), ["no source_id in it"]),
    (lambda: peru_us.cite(pd.Series([], dtype=object, name="source_id")), (ValueError,), ["no source_id in it"]),
    (lambda: peru_us.cite(""), UNKNOWN, ["unknown source_id ''", "load_sources()"]),
    (lambda: peru_us.cite("hsg-pocon"), UNKNOWN, ["unknown source_id 'hsg-pocon'", "did you mean 'hsg-pocom'"]),
    (lambda: peru_us.cite("HSG-POCOM"), UNKNOWN, ["did you mean 'hsg-pocom'"]),
    (lambda: peru_us.cite(["hsg-pocom", "nope-nothing"]), UNKNOWN, ["unknown source_id 'nope-nothing'"]),
    (lambda: peru_us.cite(), (TypeError,), ["missing 1 required positional argument: 'what'"]),
]


@pytest.mark.parametrize("call, kinds, words", BAD_CALLS, ids=[f"bad-call-{i}" for i in range(len(BAD_CALLS))])
def test_a_bad_call_raises_a_clear_type_or_value_error(call, kinds, words):
    with pytest.raises(kinds[0]) as caught:
        call()
    err = caught.value
    assert all(isinstance(err, kind) for kind in kinds), f"{type(err).__mro__} is not all of {kinds}"
    assert isinstance(err, (TypeError, ValueError))
    message = str(err)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_there_are_at_least_forty_bad_calls():
    assert len(BAD_CALLS) >= 40


def test_an_unknown_name_still_caught_as_a_key_error_reads_without_quotes():
    try:
        peru_us.load("evnts")
    except KeyError as err:  # what notebooks and older code catch
        assert str(err).startswith("there is no table 'evnts'")


@pytest.mark.parametrize("what", [
    "hsg-pocom", ["hsg-pocom"], ("hsg-pocom",), {"hsg-pocom"}, np.array(["hsg-pocom"]), pd.Index(["hsg-pocom"]),
    pd.Series(["hsg-pocom", None], name="source_id"), ["hsg-pocom", None, "hsg-pocom"],
])
def test_cite_takes_an_id_in_every_reasonable_container(what):
    assert peru_us.cite(what) == peru_us.cite("hsg-pocom")


def test_cite_takes_a_row_and_every_source_of_a_conflict():
    conflicts = peru_us.load_conflicts()
    row = conflicts.iloc[0]
    lines = peru_us.cite(row).splitlines()
    assert len(lines) == len({row["source_id_a"], row["source_id_b"]})
    assert peru_us.cite(trade().iloc[0]) == peru_us.cite(trade().iloc[0]["source_id"])
