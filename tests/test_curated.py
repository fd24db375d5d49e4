"""The hand-curated rows under tools/curated/ that tools/build_data.py adds to the derived tables.

These run without ../shared/sources: the curated files live in the repository.
"""
from __future__ import annotations

import csv
import re
import sys

import pytest

from conftest import DATA, ROOT

sys.path.insert(0, str(ROOT))
from tools.build_data import AMBASSADORS_AFTER_2020, read_curated, schema_fields  # noqa: E402

CITED = re.compile(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-[0-9]+(?:-[a-z0-9]+)*\b")  # e.g. caretas-745527, andina-2023-08-24-kenna


def source_ids() -> set[str]:
    with (DATA / "sources.csv").open(encoding="utf-8") as fh:
        return {row["source_id"] for row in csv.DictReader(fh)}


def test_every_curated_ambassador_is_in_the_table_as_written():
    curated = read_curated(AMBASSADORS_AFTER_2020, "ambassadors")
    with (DATA / "ambassadors.csv").open(encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert [r["name"] for r in curated] == ["Lisa D. Kenna", "Stephanie Syptak-Ramnath", "Bernie Navarro"]
    assert table[-len(curated):] == curated


def test_every_curated_row_and_every_source_its_notes_name_are_in_the_bibliography():
    known = source_ids()
    cited = []
    for row in read_curated(AMBASSADORS_AFTER_2020, "ambassadors"):
        assert row["source_id"] in known, (row["chief_id"], row["source_id"])
        cited += [(row["chief_id"], i) for i in CITED.findall(row["note"] + " " + row["credentials_note"])]
    assert len(cited) >= 5
    assert [c for c in cited if c[1] not in known] == []


@pytest.mark.parametrize("text, message", [
    ("chief_id,name\npe-1,X\n", "the header must be the columns of ambassadors"),
    (",".join(schema_fields("ambassadors")) + "\n" + "x," * 12 + "\n", "line 2, column source_id: empty"),
    (",".join(schema_fields("ambassadors")) + "\n" + "x,y\n", "line 2: 13 columns expected"),
])
def test_a_broken_curated_file_names_the_file_the_line_and_the_column(tmp_path, text, message):
    broken = tmp_path / "broken.csv"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit, match=re.escape(message)) as error:
        read_curated(broken, "ambassadors")
    assert str(broken) in str(error.value)
