"""Read a CSV file's bytes into a header and rows of text, refusing anything that is not clean CSV.

Python's csv module (strict mode) does the parsing: it is the one reader that reports where a
quoted field never ends and lets us count lines exactly. A file is refused, with its line, when
it is not text in its declared encoding, a quote is unbalanced, or a row has more or fewer fields
than the header: a file cut short or a comma too many must never load as a shorter table.
Blank lines carry no data and are skipped (row numbers count data rows; line numbers count the
lines of the file, as an editor shows them).

>>> table = parse_csv(b'id,text\\n1,"two\\nlines"\\n\\n2,plain\\n', "utf-8", {}, "t.csv")
>>> table.header, table.rows, table.line_of(2)
(['id', 'text'], [['1', 'two\\nlines'], ['2', 'plain']], 5)
>>> parse_csv(b'id,text\\n1,"never closed\\n', "utf-8", {}, "t.csv")
Traceback (most recent call last):
peru_us.validation.DataError: t.csv, row 1 (line 2 of the file): a quoted field starts here and never ends...
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import gc
import io
from functools import cached_property

import numpy as np

from .validation import DataError


class CsvTable:
    """A parsed file: its header, its data rows (lists of text), and where each row starts."""

    def __init__(self, header: list[str], rows: list[list[str]], text: str, dialect: dict):
        self.header, self.rows, self._text, self._dialect = header, rows, text, dialect

    def column(self, index: int) -> np.ndarray:
        """The cells of one column, as a numpy array of str objects."""
        return self._columns[index]

    @cached_property
    def _columns(self) -> list[np.ndarray]:
        with _collector_paused():
            return [np.array(cells, dtype=object) for cells in zip(*self.rows)]

    def line_of(self, row: int) -> int:
        """The line of the file on which data row `row` (1 = the first) starts."""
        return self._starts[row - 1]

    @cached_property
    def _starts(self) -> list[int]:
        starts = [start for start, record in _records(self._text, self._dialect) if record]
        return starts[1:]  # the first non-blank record is the header


@contextlib.contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector while a file becomes rows. The rows are thousands
    of new lists (none in a reference cycle, so reference counting frees them); each full
    collection their creation triggers walks every object of the session (pandas, matplotlib,
    widgets). Measured in a fresh process loading every table: 120 ms of collections on Python
    3.10, 4 ms on 3.11."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def decode(raw: bytes, encoding: str, shown: str) -> str:
    """The file's text; a UTF-8 byte-order mark is dropped (spreadsheets write one)."""
    utf8 = codecs.lookup(encoding).name == "utf-8"
    if utf8 and raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise DataError(shown, "is saved as UTF-16, but datapackage.json declares UTF-8; save it as UTF-8")
    try:
        text = raw.decode("utf-8-sig" if utf8 else encoding)
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        hint = " (was it saved as Latin-1 or Windows-1252?); save it as UTF-8" if utf8 else ""
        raise DataError(shown, f"is not {'UTF-8' if utf8 else encoding} text: byte 0x{raw[err.start]:02x} cannot be read{hint}",
                        line=line) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DataError(shown, "contains a NUL character: is it a binary file, or saved as UTF-16?", line=line)
    return text


def parse_csv(raw: bytes, encoding: str, dialect: dict, shown: str) -> CsvTable:
    """Decode and parse; every row has as many fields as the header."""
    text = decode(raw, encoding, shown)
    try:
        with _collector_paused():
            records = list(csv.reader(io.StringIO(text, newline=""), strict=True, **dialect))
    except csv.Error:
        raise _csv_error(text, dialect, shown) from None
    records = [r for r in records if r] if [] in records else records
    if not records:
        return CsvTable([], [], text, dialect)
    header, rows = records[0], records[1:]
    widths = set(map(len, rows))
    if widths - {len(header)}:
        table = CsvTable(header, rows, text, dialect)
        number = next(i for i, r in enumerate(rows, start=1) if len(r) != len(header))
        got = len(rows[number - 1])
        why = ("a comma too many, or a text with a comma that is not in double quotes" if got > len(header)
               else "a comma missing, or the file cut short")
        raise DataError(shown, f"has {got} fields but the header has {len(header)} ({why})",
                        row=number, line=table.line_of(number))
    return CsvTable(header, rows, text, dialect)


def _records(text: str, dialect: dict):
    """(first line, record) for every record of the text, blank ones included."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, **dialect)
    end = 0
    for record in reader:
        yield end + 1, record
        end = reader.line_num


def _csv_error(text: str, dialect: dict, shown: str) -> DataError:
    """Find the record the csv module choked on and say what is wrong with it."""
    read, end, message = 0, 0, ""  # non-blank records read (the header is the first), last line they used
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, **dialect)
    try:
        for record in reader:
            read += bool(record)
            end = reader.line_num
    except csv.Error as err:
        message = str(err)
    if "unexpected end of data" in message:
        problem = ("a quoted field starts here and never ends: a closing double quote is missing, "
                   "or the file was cut short")
    elif "expected after" in message:
        problem = ("a quoted field is followed by more text before the next comma; inside a quoted field, "
                   "write a double quote as two (\"\")")
    else:
        problem = f"cannot be read as CSV ({message})"
    # The failing record starts on the line after the last good one; it is data row `read`
    # (or the header, when nothing was read).
    return DataError(shown, problem if read else f"the header row: {problem}", row=read or None, line=end + 1)
