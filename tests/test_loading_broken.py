"""Broken and re-saved copies of data/ (loaded through PERU_US_DATA): every broken copy raises a
DataError naming the file (and the row, column and line where there is one); every benign
re-save loads exactly the same table as the original."""
from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

import peru_us
from conftest import DATA


# --------------------------------------------------------------------------- helpers
def rows_of(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path, rows, **options):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=options.pop("lineterminator", "\n"), **options).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def set_cell(path, row, column, value):
    """Data row `row` (1 = first) of `column` set to `value`."""
    rows = rows_of(path)
    rows[row][rows[0].index(column)] = value
    write_rows(path, rows)


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


def edit_package(copy, change):
    path = copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    change(package)
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")


def resource(package, name):
    return next(r for r in package["resources"] if r["name"] == name)


def field(package, table, name):
    return next(f for f in resource(package, table)["schema"]["fields"] if f["name"] == name)


def original(name, monkeypatch):
    with monkeypatch.context() as m:
        m.setenv("PERU_US_DATA", str(DATA))
        return peru_us.load(name)


# --------------------------------------------------------------------------- broken copies
def int_beyond_int64(d):
    set_cell(d / "aid.csv", 1, "obligations_current_usd", "99999999999999999999")


def inf_in_minimum_0(d):
    set_cell(d / "trade.csv", 3, "us_exports_musd", "inf")


def nan_in_number(d):
    set_cell(d / "trade.csv", 3, "balance_musd", "NaN")


def cut_in_half(d):
    """Cut the file in the middle of row 15 (conflict C15), between two unquoted fields."""
    text = (d / "conflicts.csv").read_text(encoding="utf-8")
    start = text.index("\nC15,") + 1
    (d / "conflicts.csv").write_text(text[: text.index(",", start + 5)], encoding="utf-8")


def cut_inside_a_quoted_field(d):
    text = (d / "conflicts.csv").read_text(encoding="utf-8")
    start = text.index(',"', text.index("\nC16,"))  # the first quoted field of row 16 (conflict C16)
    (d / "conflicts.csv").write_text(text[: start + 20], encoding="utf-8")


def header_only(d):
    text = (d / "opinion.csv").read_text(encoding="utf-8")
    (d / "opinion.csv").write_text(text.splitlines()[0] + "\n", encoding="utf-8")


def zero_bytes(d):
    (d / "opinion.csv").write_bytes(b"")


def field_too_many(d):
    lines = (d / "trade.csv").read_text(encoding="utf-8").splitlines()
    lines[5] += ",extra"
    (d / "trade.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def field_too_few(d):
    lines = (d / "trade.csv").read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].rsplit(",", 1)[0]
    (d / "trade.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def stray_quote_opening_a_field(d):
    lines = (d / "trade.csv").read_text(encoding="utf-8").splitlines()
    lines[5] = '"' + lines[5]
    (d / "trade.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def text_after_a_closing_quote(d):
    replace(d / "visits.csv", '"Callao, Lima"', '"Callao, Lima" (port)')


def latin1_csv(d):
    text = (d / "events.csv").read_text(encoding="utf-8")
    (d / "events.csv").write_bytes(text.encode("latin-1", errors="replace"))


def utf16_csv(d):
    (d / "trade.csv").write_bytes((d / "trade.csv").read_text(encoding="utf-8").encode("utf-16"))


def nul_byte(d):
    replace(d / "trade.csv", "1987,", "1987\x00,")


def latin1_package(d):
    text = (d / "datapackage.json").read_text(encoding="utf-8").replace("Peru-United", "Perú-United", 1)
    (d / "datapackage.json").write_bytes(text.encode("latin-1", errors="replace"))


def utf16_package(d):
    (d / "datapackage.json").write_bytes((d / "datapackage.json").read_text(encoding="utf-8").encode("utf-16"))


def package_not_json(d):
    (d / "datapackage.json").write_text("{ not json", encoding="utf-8")


def package_duplicate_key(d):
    replace(d / "datapackage.json", '"name": "trade",', '"name": "trade",\n      "name": "trade2",')


def no_resources(d):
    edit_package(d, lambda p: p.pop("resources"))


def no_schema(d):
    edit_package(d, lambda p: resource(p, "trade").pop("schema"))


def unsupported_constraint(d):
    edit_package(d, lambda p: field(p, "trade", "year")["constraints"].update(exclusiveMinimum=1900))


def unsupported_field_property(d):
    edit_package(d, lambda p: field(p, "trade", "us_exports_musd").update(bareNumber=False))


def unsupported_type(d):
    edit_package(d, lambda p: field(p, "trade", "vintage").update(type="year"))


def misspelt_schema_property(d):
    edit_package(d, lambda p: resource(p, "trade")["schema"].update(primarykey=["year"]))


def enum_on_an_integer(d):
    edit_package(d, lambda p: field(p, "trade", "year")["constraints"].update(enum=[1985]))


def foreign_key_to_no_table(d):
    edit_package(d, lambda p: resource(p, "trade")["schema"]["foreignKeys"][0]["reference"].update(resource="sourcez"))


def path_outside_the_folder(d):
    edit_package(d, lambda p: resource(p, "trade").update(path="../trade.csv"))


def min_length_broken(d):
    edit_package(d, lambda p: field(p, "trade", "vintage")["constraints"].update(minLength=5))


def unique_non_key_broken(d):
    edit_package(d, lambda p: field(p, "trade", "vintage").setdefault("constraints", {}).update(unique=True))


def composite_key_duplicated(d):
    edit_package(d, lambda p: resource(p, "trade")["schema"].update(primaryKey=["vintage", "source_id"]))


def primary_key_string_duplicated(d):
    edit_package(d, lambda p: resource(p, "trade")["schema"].update(primaryKey="year"))
    set_cell(d / "trade.csv", 2, "year", "1985")


def foreign_key_lists_broken(d):
    def lists(p):
        fk = resource(p, "trade")["schema"]["foreignKeys"][0]
        fk["fields"], fk["reference"]["fields"] = ["source_id"], ["source_id"]
    edit_package(d, lists)
    set_cell(d / "trade.csv", 4, "source_id", "cenus-c3330-v2020")


def duplicate_header(d):
    replace(d / "trade.csv", "year,us_exports_musd,us_imports_musd", "year,us_exports_musd,year")


def day_out_of_range(d):
    set_cell(d / "visits.csv", 2, "start_date", "1928-02-30")


def date_not_in_full(d):
    set_cell(d / "visits.csv", 1, "start_date", "1906-9-10")


def integer_written_as_decimal(d):
    set_cell(d / "trade.csv", 2, "year", "1986.0")


def boolean_word_unknown(d):
    set_cell(d / "coca.csv", 1, "preferred", "yes")


def error_after_a_blank_line(d):
    lines = (d / "trade.csv").read_text(encoding="utf-8").splitlines()
    lines.insert(2, "")
    (d / "trade.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    replace(d / "trade.csv", "1987,814.1", "1987,lots")


def error_after_a_multi_line_cell(d):
    replace(d / "sources.csv", "U.S. Department of State, Office of the Historian",
            "U.S. Department of State,\nOffice of the Historian")
    replace(d / "sources.csv", "\nhsg-visits,", "\nBAD ID,")


BROKEN = [
    # (change, table, file, words in the message, row, column, line)
    (int_beyond_int64, "aid", "aid.csv", "64 bits", 1, "obligations_current_usd", 2),
    (inf_in_minimum_0, "trade", "trade.csv", "infinity are not allowed", 3, "us_exports_musd", 4),
    (nan_in_number, "trade", "trade.csv", "NaN and infinity", 3, "balance_musd", 4),
    (cut_in_half, "conflicts", "conflicts.csv", "cut short", 15, None, 16),
    (cut_inside_a_quoted_field, "conflicts", "conflicts.csv", "never ends", 16, None, 17),
    (header_only, "opinion", "opinion.csv", "no rows", None, None, None),
    (zero_bytes, "opinion", "opinion.csv", "the file is empty", None, None, None),
    (field_too_many, "trade", "trade.csv", "7 fields but the header has 6", 5, None, 6),
    (field_too_few, "trade", "trade.csv", "5 fields but the header has 6", 5, None, 6),
    (stray_quote_opening_a_field, "trade", "trade.csv", "never ends", 5, None, 6),
    (text_after_a_closing_quote, "visits", "visits.csv", "followed by more text", 1, None, 2),
    (latin1_csv, "events", "events.csv", "not UTF-8", None, None, 2),
    (utf16_csv, "trade", "trade.csv", "UTF-16", None, None, None),
    (nul_byte, "trade", "trade.csv", "NUL", None, None, 4),
    (latin1_package, "trade", "datapackage.json", "not UTF-8", None, None, None),
    (utf16_package, "trade", "datapackage.json", "UTF-16", None, None, None),
    (package_not_json, "trade", "datapackage.json", "not valid JSON", None, None, None),
    (package_duplicate_key, "trade", "datapackage.json", "appears twice", None, None, None),
    (no_resources, "trade", "datapackage.json", "'resources'", None, None, None),
    (no_schema, "trade", "datapackage.json", "no 'schema'", None, None, None),
    (unsupported_constraint, "trade", "datapackage.json", "'exclusiveMinimum' is not supported", None, None, None),
    (unsupported_field_property, "trade", "datapackage.json", "'bareNumber' is not supported", None, None, None),
    (unsupported_type, "trade", "datapackage.json", "type 'year' is not supported", None, None, None),
    (misspelt_schema_property, "trade", "datapackage.json", "did you mean 'primaryKey'", None, None, None),
    (enum_on_an_integer, "trade", "datapackage.json", "'enum' does not apply to a integer", None, None, None),
    (foreign_key_to_no_table, "trade", "datapackage.json", "did you mean 'sources'", None, None, None),
    (path_outside_the_folder, "trade", "datapackage.json", "inside the data folder", None, None, None),
    (min_length_broken, "trade", "trade.csv", "shorter than 5 characters", 1, "vintage", 2),
    (unique_non_key_broken, "trade", "trade.csv", "rows 1 and 2 share the same value", 2, "vintage", 3),
    (composite_key_duplicated, "trade", "trade.csv", "share the same primary key (vintage='2020', source_id=", 2,
     "vintage", 3),
    (primary_key_string_duplicated, "trade", "trade.csv", "rows 1 and 2 share the same primary key (year=1985)", 2,
     "year", 3),
    (foreign_key_lists_broken, "trade", "trade.csv", "did you mean 'census-c3330-v2020'", 4, "source_id", 5),
    (duplicate_header, "trade", "trade.csv", "appears twice in the header", None, None, None),
    (day_out_of_range, "visits", "visits.csv", "real month and day", 2, "start_date", 3),
    (date_not_in_full, "visits", "visits.csv", "YYYY-MM-DD", 1, "start_date", 2),
    (integer_written_as_decimal, "trade", "trade.csv", "is not an integer", 2, "year", 3),
    (boolean_word_unknown, "coca", "coca.csv", "is not a boolean", 1, "preferred", 2),
    (error_after_a_blank_line, "trade", "trade.csv", "'lots' is not a number", 3, "us_exports_musd", 5),
    (error_after_a_multi_line_cell, "sources", "sources.csv", "'BAD ID' does not match", 2, "source_id", 4),
]


@pytest.mark.parametrize("change, table, file, words, row, column, line", BROKEN, ids=[c[0].__name__ for c in BROKEN])
def test_a_broken_copy_raises_a_data_error_naming_file_row_and_column(data_copy, change, table, file, words, row,
                                                                      column, line):
    change(data_copy)
    with pytest.raises(peru_us.DataError) as caught:
        peru_us.load(table)
    err = caught.value
    assert err.path == f"data/{file}", str(err)
    assert words in str(err), str(err)
    assert (err.row, err.column, err.line) == (row, column, line), str(err)


def test_a_missing_data_folder_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("PERU_US_DATA", str(tmp_path / "nowhere"))
    peru_us.clear_cache()
    with pytest.raises(peru_us.DataError, match="description is missing.*PERU_US_DATA"):
        peru_us.load("trade")
    peru_us.clear_cache()


def test_foreign_keys_that_form_a_cycle_are_refused(data_copy):
    edit_package(data_copy, lambda p: resource(p, "sources")["schema"].update(
        foreignKeys=[{"fields": "source_id", "reference": {"resource": "trade", "fields": "source_id"}}]))
    with pytest.raises(peru_us.DataError, match="form a cycle"):
        peru_us.load("trade")


# --------------------------------------------------------------------------- benign re-saves
def bom_in_package(d):
    (d / "datapackage.json").write_bytes(b"\xef\xbb\xbf" + (d / "datapackage.json").read_bytes())


def bom_in_csv(d):
    (d / "coca.csv").write_bytes(b"\xef\xbb\xbf" + (d / "coca.csv").read_bytes())


def windows_line_endings(d):
    write_rows(d / "coca.csv", rows_of(d / "coca.csv"), lineterminator="\r\n")


def every_field_quoted(d):
    write_rows(d / "coca.csv", rows_of(d / "coca.csv"), quoting=csv.QUOTE_ALL)


def no_final_newline(d):
    (d / "coca.csv").write_text((d / "coca.csv").read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")


def blank_lines(d):
    lines = (d / "coca.csv").read_text(encoding="utf-8").split("\n")
    (d / "coca.csv").write_text("\n".join(lines[:3] + [""] + lines[3:]) + "\n\n", encoding="utf-8")


def columns_in_another_order(d):
    rows = rows_of(d / "coca.csv")
    write_rows(d / "coca.csv", [row[::-1] for row in rows])


def booleans_in_other_default_words(d):
    rows = rows_of(d / "coca.csv")
    column = rows[0].index("preferred")
    words = {"true": ["True", "TRUE", "1"], "false": ["False", "FALSE", "0"]}
    for number, row in enumerate(rows[1:]):
        row[column] = words[row[column]][number % 3]
    write_rows(d / "coca.csv", rows)


def primary_key_as_a_string(d):
    edit_package(d, lambda p: resource(p, "coca")["schema"].update(primaryKey="figure_id"))


def foreign_key_fields_as_lists(d):
    def lists(p):
        fk = resource(p, "coca")["schema"]["foreignKeys"][0]
        fk["fields"], fk["reference"]["fields"] = ["source_id"], ["source_id"]
    edit_package(d, lists)


def composite_key_unique_as_a_whole(d):
    # series repeats, figure_id does not: (series, figure_id) is a valid composite key
    edit_package(d, lambda p: resource(p, "coca")["schema"].update(primaryKey=["series", "figure_id"]))


def min_length_satisfied(d):
    edit_package(d, lambda p: field(p, "coca", "figure_id")["constraints"].update(minLength=3))


BENIGN = [bom_in_package, bom_in_csv, windows_line_endings, every_field_quoted, no_final_newline, blank_lines,
          columns_in_another_order, booleans_in_other_default_words, primary_key_as_a_string,
          foreign_key_fields_as_lists, composite_key_unique_as_a_whole, min_length_satisfied]


@pytest.mark.parametrize("change", BENIGN, ids=[c.__name__ for c in BENIGN])
def test_a_benign_re_save_loads_the_same_table(data_copy, monkeypatch, change):
    change(data_copy)
    pd.testing.assert_frame_equal(peru_us.load("coca"), original("coca", monkeypatch))
