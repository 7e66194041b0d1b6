"""Reading a CSV file as Excel and LibreOffice write it.

Encodings: UTF-8 with or without a byte-order mark, UTF-16 with its byte-order mark
(a spreadsheet's "Unicode text"), else Windows-1252 (what Excel writes on Windows as
"CSV"); a file that is none of these is refused, naming the encoding it holds.  Separator: comma
or semicolon (Excel in much of Europe writes semicolons), given or found from the
header row.  Quoted fields may hold the separator, quotes ("" inside quotes) and
line breaks.  Rows are numbered as the spreadsheet numbers them: the header is row 1
and a row with a line break inside a cell is still one row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from safefile.errors import InvalidInput, NotFound

MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells)
    encoding: str
    delimiter: str


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # a spreadsheet's "Unicode text"
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise InvalidInput(
                "This file says it is UTF-16 text (a spreadsheet's \"Unicode text\") but is "
                'not whole. In the spreadsheet, use "Save as" and choose "CSV UTF-8".'
            ) from None
    if b"\x00" in data[:4096]:  # UTF-16 (or UTF-32) without its byte-order mark
        raise InvalidInput(
            "This file looks like UTF-16 text without a byte-order mark, which SafeFile "
            'cannot tell apart reliably. In the spreadsheet, use "Save as" and choose '
            '"CSV UTF-8".'
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 (with byte-order mark)"
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise InvalidInput(
            "This file is not text SafeFile can read (UTF-8 or Windows-1252). In the "
            'spreadsheet, use "Save as" and choose "CSV UTF-8".'
        ) from None


def _split_header(text: str, delimiter: str) -> list[str]:
    first = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    return [c.strip() for c in first]


def guess_delimiter(text: str) -> str:
    """Comma or semicolon: whichever splits the header row into more columns."""
    commas = len(_split_header(text, ","))
    semis = len(_split_header(text, ";"))
    return ";" if semis > commas else ","


def parse(data: bytes, delimiter: str | None = None) -> Table:
    if delimiter not in (None, ",", ";"):
        raise InvalidInput("The separator must be a comma or a semicolon.")
    text, encoding = decode(data)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InvalidInput("The file is empty: it needs a header row and at least one row.")
    sep = delimiter or guess_delimiter(text)
    if len(_split_header(text, sep)) == 1 and "\t" in text.split("\n", 1)[0]:
        raise InvalidInput(
            f"This file ({encoding}) separates its columns with tabs, as a spreadsheet's "
            '"Unicode text" does; SafeFile reads commas or semicolons. In the spreadsheet, '
            'use "Save as" and choose "CSV UTF-8".'
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InvalidInput(
                f"Row {reader.line_num}: a cell is longer than SafeFile reads (more than "
                f"{csv.field_size_limit():,} characters). Often a quote (\") opened in a "
                "cell is never closed, so the rest of the file runs into it; check that "
                "row in the spreadsheet and save it again as CSV."
            ) from None
        raise InvalidInput(
            f"Row {reader.line_num}: the file's quotes do not match ({exc}). Open it in the "
            "spreadsheet and save it again as CSV."
        ) from None
    header = [c.strip() for c in records[0]]
    rows = [
        (number, cells)
        for number, cells in enumerate(records[1:], start=2)
        if any(c.strip() for c in cells)  # a blank line is not a row
    ]
    if not rows:
        raise InvalidInput("The file has a header row but no rows to import.")
    return Table(header, rows, encoding, sep)


def read(path: Path, delimiter: str | None = None) -> Table:
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"There is no file at {path}.")
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput("The file is larger than 50 MB; split it into smaller files.")
    return parse(path.read_bytes(), delimiter)
