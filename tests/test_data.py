"""The loaders: types declared in datapackage.json, caching, independence from the working
directory and from the source checkout (an installed wheel), and clear errors on bad data."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

import peru_us
from conftest import DATA, ROOT

PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}
LOADERS = {name: getattr(peru_us, f"load_{name}") for name in RESOURCES}


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_every_table_loads_with_its_declared_types(name):
    table = LOADERS[name]()
    fields = RESOURCES[name]["schema"]["fields"]
    assert list(table.columns) == [f["name"] for f in fields]
    assert len(table) > 0
    for field in fields:
        column = table[field["name"]]
        kind, enum = field["type"], field.get("constraints", {}).get("enum")
        if kind == "date":  # one unit on pandas 2 and 3 (pandas 2 alone would give [ns])
            assert column.dtype == "datetime64[us]", field["name"]
        elif kind == "integer":
            assert pd.api.types.is_integer_dtype(column), field["name"]
        elif kind == "number":
            assert pd.api.types.is_float_dtype(column), field["name"]
        elif kind == "boolean":
            assert pd.api.types.is_bool_dtype(column), field["name"]
        elif enum:
            assert isinstance(column.dtype, pd.CategoricalDtype) and list(column.cat.categories) == enum
        else:
            assert pd.api.types.is_string_dtype(column) or column.dtype == object, field["name"]


def test_load_by_name_equals_the_named_loader_and_returns_a_copy():
    first = peru_us.load("trade")
    pd.testing.assert_frame_equal(first, peru_us.load_trade())
    first.loc[0, "us_exports_musd"] = -1.0
    assert peru_us.load_trade().loc[0, "us_exports_musd"] != -1.0


def test_every_source_id_in_every_table_resolves():
    known = set(peru_us.load_sources()["source_id"])
    for name in RESOURCES:
        table = peru_us.load(name)
        for column in [c for c in table.columns if c.startswith("source_id")]:
            assert set(table[column].dropna()) <= known, (name, column)


def test_datasets_lists_every_table_with_its_loader_and_row_count():
    listing = peru_us.datasets().set_index("table")
    assert list(listing.index) == list(RESOURCES)
    assert listing.loc["un_votes", "loader"] == "load_un_votes()"
    assert listing.loc["trade", "rows"] == len(peru_us.load_trade())


def test_describe_reads_units_from_the_data_package():
    described = peru_us.describe("aid").set_index("column")
    assert described.loc["obligations_constant_2020_usd", "unit"] == "USD (constant 2020)"


def test_unknown_table_lists_the_valid_ones_and_suggests_the_closest():
    with pytest.raises(KeyError) as err:
        peru_us.load("ambasadors")
    message = str(err.value)
    assert "did you mean 'ambassadors'" in message and "un_votes" in message
    assert isinstance(err.value, ValueError)


# --------------------------------------------------------------------------- pandas 2 and 3 alike
def test_grouping_by_a_vocabulary_gives_the_groups_that_occur_without_a_warning():
    """Categorical columns group as in pandas 3 (observed=True) on pandas 2.3 too, where the
    default was observed=False with a FutureWarning (an error under this test suite's settings)."""
    events = peru_us.load_events()
    recent = events[events["date"].dt.year >= 2000]
    assert len(recent["category"].cat.categories) > recent["category"].nunique()  # some categories unused
    sizes = recent.groupby("category").size()
    assert sizes.to_dict() == recent["category"].astype(str).value_counts().to_dict()
    table = recent.pivot_table(index="category", values="event_id", aggfunc="count")
    assert set(table.index) == set(recent["category"].astype(str))
    everything = recent.groupby("category", observed=False).size()  # asking for empty groups still works
    assert len(everything) == len(recent["category"].cat.categories) and (everything == 0).any()


def test_cite_one_source_a_table_and_an_unknown_id():
    text = peru_us.cite("hsg-pocom")
    assert "history.state.gov" in text and "public domain" not in text
    assert peru_us.cite("hsg-pocom", licence=True) == text + " [public domain (U.S. Government work)]"
    lines = peru_us.cite(peru_us.load_trade()).splitlines()
    assert len(lines) == 2 and all("census.gov" in line for line in lines)
    with pytest.raises(KeyError, match="did you mean 'hsg-pocom'"):
        peru_us.cite("hsg-pocon")


def test_loading_does_not_depend_on_the_working_directory(tmp_path):
    code = "import peru_us; print(len(peru_us.load_events()), peru_us.data.data_dir())"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    count, folder = out.stdout.split()
    assert int(count) == len(peru_us.load_events()) and folder.endswith("data")


def test_an_installed_wheel_carries_the_data(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("peru_us-*.whl"))
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    assert (site / "peru_us" / "_data" / "datapackage.json").is_file()
    code = ("import peru_us, pathlib; d = peru_us.data.data_dir(); "
            "print(d.is_relative_to(pathlib.Path.cwd()), sum(len(peru_us.load(n)) for n in peru_us.table_names()))")
    env = {k: v for k, v in os.environ.items() if k != "PERU_US_DATA"} | {"PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", code], cwd=site, capture_output=True, text=True, env=env, check=True)
    inside, rows = out.stdout.split()
    assert inside == "True"
    assert int(rows) == sum(len(peru_us.load(n)) for n in peru_us.table_names())


def test_tables_are_cached():
    peru_us.load_un_votes()
    before = peru_us.data._read.cache_info().hits
    peru_us.load_un_votes()
    assert peru_us.data._read.cache_info().hits == before + 1


# --------------------------------------------------------------------------- broken copies
def _rewrite(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _error(name):
    with pytest.raises(peru_us.DataError) as err:
        peru_us.load(name)
    return err.value


def test_missing_file_names_the_file(data_copy):
    (data_copy / "trade.csv").unlink()
    err = _error("trade")
    assert "trade.csv" in str(err) and "missing" in str(err)


def test_missing_column_names_file_and_column(data_copy):
    _rewrite(data_copy / "trade.csv", "year,us_exports_musd", "yr,us_exports_musd")
    err = _error("trade")
    assert err.column == "year" and "trade.csv" in err.path and "header has" in str(err)


def test_wrong_type_names_file_row_and_column(data_copy):
    _rewrite(data_copy / "trade.csv", "1987,814.1", "1987,lots")
    err = _error("trade")
    assert (err.row, err.column) == (3, "us_exports_musd")
    assert "'lots' is not a number" in str(err) and "line 4" in str(err)


def test_bad_date_names_file_row_and_column(data_copy):
    _rewrite(data_copy / "visits.csv", "1906-09-10,1906-09-16", "1906-13-10,1906-09-16")
    err = _error("visits")
    assert (err.row, err.column) == (1, "start_date") and "YYYY-MM-DD" in str(err)


def test_unknown_source_id_is_reported_with_a_suggestion(data_copy):
    _rewrite(data_copy / "trade.csv", "census-c3330-v2020\n", "cenus-c3330-v2020\n")
    err = _error("trade")
    assert err.column == "source_id" and "did you mean 'census-c3330-v2020'" in str(err)


def test_duplicate_key_names_both_rows(data_copy):
    text = (data_copy / "opinion.csv").read_text(encoding="utf-8").splitlines()
    text.append(text[1])
    (data_copy / "opinion.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    err = _error("opinion")
    assert "rows 1 and" in str(err) and err.column == "opinion_id"


def test_value_outside_the_vocabulary_lists_the_allowed_values(data_copy):
    _rewrite(data_copy / "coca.csv", ",us_government,cultivation,", ",us_govt,cultivation,")
    err = _error("coca")
    assert err.column == "series" and "allowed values: us_government, national_monitoring" in str(err)


def test_empty_required_value_is_reported(data_copy):
    _rewrite(data_copy / "trade.csv", ",2020,census-c3330-v2020", ",,census-c3330-v2020")
    err = _error("trade")
    assert err.column == "vintage" and "required" in str(err)


def test_broken_json_names_the_file(data_copy):
    (data_copy / "datapackage.json").write_text("{ not json", encoding="utf-8")
    err = _error("trade")
    assert "datapackage.json" in str(err) and "not valid JSON" in str(err)


def test_undeclared_column_is_reported(data_copy):
    _rewrite(data_copy / "trade.csv", ",source_id\n", ",source_id,extra\n")
    lines = (data_copy / "trade.csv").read_text(encoding="utf-8").splitlines()
    (data_copy / "trade.csv").write_text("\n".join([lines[0]] + [line + "," for line in lines[1:]]) + "\n")
    assert "not declared" in str(_error("trade"))


# --------------------------------------------------------------------------- the data package
def test_frictionless_validates_the_data_package():
    from frictionless import validate

    report = validate(str(DATA / "datapackage.json"))
    problems = report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"]) if not report.valid else []
    assert report.valid, problems[:10]


def test_every_field_is_described_and_every_table_has_a_key():
    for resource in PACKAGE["resources"]:
        assert resource["schema"].get("primaryKey"), resource["name"]
        for field in resource["schema"]["fields"]:
            assert len(field.get("description", "")) > 5, (resource["name"], field["name"])
