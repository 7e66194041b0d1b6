"""Reading a CSV file as Excel and LibreOffice write it, in a streaming pass.

Encodings: UTF-8 with or without a byte-order mark, UTF-16 with its byte-order mark
(a spreadsheet's "Unicode text"), else Windows-1252 (what Excel writes on Windows as
"CSV"); a file that is none of these is refused, naming the encoding it holds.
Separator: comma or semicolon (Excel in much of Europe writes semicolons), given or
found from the header row.  Quoted fields may hold the separator, quotes ("" inside
quotes) and line breaks.  Rows are numbered as the spreadsheet numbers them: the header
is row 1 and a row with a line break inside a cell is still one row.

The file is never held in memory whole (issue 29: a 1,000,000-row import peaked at
1.7 GB): its encoding is found in one streaming pass, and ``Table.rows`` reads the rows
again from the file each time it is walked; the file is read with a size cap that
refuses as soon as it is passed.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from safefile.errors import InvalidInput, NotFound

MAX_BYTES = 50 * 1024 * 1024
CHUNK = 1 << 20
TOO_LARGE = "The file is larger than 50 MB; split it into smaller files."
NOT_TEXT = (
    "This file is not text SafeFile can read (UTF-8 or Windows-1252). In the "
    'spreadsheet, use "Save as" and choose "CSV UTF-8".'
)


class _Capped(io.RawIOBase):
    """A file read with a size cap: refused as soon as it is passed (a file that grows,
    a pipe), never after reading everything."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh, self.read_so_far = fh, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.fh.read(len(buffer))
        self.read_so_far += len(data)
        if self.read_so_far > MAX_BYTES:
            raise InvalidInput(TOO_LARGE)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.fh.close()
        super().close()


class Rows:
    """The table's rows, (spreadsheet row number, cells), read from the file each time
    they are walked; ``len`` counts them (once), ``rows[:n]`` gives the first n."""

    def __init__(self, walk: Callable[[], Iterator[tuple[int, list[str]]]]) -> None:
        self._walk = walk
        self._count: int | None = None

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return self._walk()

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self._walk())
        return self._count

    def __getitem__(self, index: slice) -> list[tuple[int, list[str]]]:
        if not isinstance(index, slice) or index.start or index.step or index.stop is None:
            raise TypeError("only the first rows: rows[:n]")
        out: list[tuple[int, list[str]]] = []
        for row in self._walk():
            if len(out) >= index.stop:
                break
            out.append(row)
        return out


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: Rows = field(compare=False)  # (spreadsheet row number, cells), streamed
    encoding: str
    delimiter: str


def _named(head: bytes) -> tuple[str, str, int] | None:
    """(codec, name, bytes to skip) when the first bytes say the encoding."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # a spreadsheet's "Unicode text"
        return "utf-16", "UTF-16", 0
    if b"\x00" in head:  # UTF-16 (or UTF-32) without its byte-order mark
        raise InvalidInput(
            "This file looks like UTF-16 text without a byte-order mark, which SafeFile "
            'cannot tell apart reliably. In the spreadsheet, use "Save as" and choose '
            '"CSV UTF-8".'
        )
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8", "UTF-8 (with byte-order mark)", 3
    return None


def _decodes(chunks: Iterator[bytes], codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        for chunk in chunks:
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _encoding(chunks: Callable[[], Iterator[bytes]]) -> tuple[str, str, int]:
    """(codec, name, bytes to skip), found in streaming passes (constant memory)."""
    head = next(chunks(), b"")[:4096]
    named = _named(head)
    if named is not None:
        codec, name, skip = named
        if codec == "utf-16" and not _decodes(chunks(), codec):
            raise InvalidInput(
                'This file says it is UTF-16 text (a spreadsheet\'s "Unicode text") but is '
                'not whole. In the spreadsheet, use "Save as" and choose "CSV UTF-8".'
            )
        if codec == "utf-8" and not _decodes(chunks(), codec):
            codec, name, skip = "cp1252", "Windows-1252", 0
        else:
            return codec, name, skip
    elif _decodes(chunks(), "utf-8"):
        return "utf-8", "UTF-8", 0
    if not _decodes(chunks(), "cp1252"):
        raise InvalidInput(NOT_TEXT)
    return "cp1252", "Windows-1252", 0


def _split_header(text: str, delimiter: str) -> list[str]:
    first = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    return [c.strip() for c in first]


def guess_delimiter(text: str) -> str:
    """Comma or semicolon: whichever splits the header row into more columns."""
    commas = len(_split_header(text, ","))
    semis = len(_split_header(text, ";"))
    return ";" if semis > commas else ","


def _records(stream: IO[str], sep: str) -> Iterator[list[str]]:
    reader = csv.reader(stream, delimiter=sep, strict=True)
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise InvalidInput(
                    f"Row {reader.line_num}: a cell is longer than SafeFile reads (more than "
                    f'{csv.field_size_limit():,} characters). Often a quote (") opened in a '
                    "cell is never closed, so the rest of the file runs into it; check that "
                    "row in the spreadsheet and save it again as CSV."
                ) from None
            raise InvalidInput(
                f"Row {reader.line_num}: the file's quotes do not match ({exc}). Open it in "
                "the spreadsheet and save it again as CSV."
            ) from None
        yield record


def _table(open_text: Callable[[], IO[str]], encoding: str, delimiter: str | None) -> Table:
    if delimiter not in (None, ",", ";"):
        raise InvalidInput("The separator must be a comma or a semicolon.")
    with open_text() as stream:
        head = stream.read(64 * 1024).lstrip("\ufeff")
    if not head.strip():
        raise InvalidInput("The file is empty: it needs a header row and at least one row.")
    sep = delimiter or guess_delimiter(head)
    if len(_split_header(head, sep)) == 1 and "\t" in head.split("\n", 1)[0]:
        raise InvalidInput(
            f"This file ({encoding}) separates its columns with tabs, as a spreadsheet's "
            '"Unicode text" does; SafeFile reads commas or semicolons. In the spreadsheet, '
            'use "Save as" and choose "CSV UTF-8".'
        )

    def walk() -> Iterator[tuple[int, list[str]]]:
        with open_text() as stream:
            records = _records(stream, sep)
            next(records, None)  # the header
            for number, cells in enumerate(records, start=2):
                if any(c.strip() for c in cells):  # a blank line is not a row
                    yield number, cells

    with open_text() as stream:
        header = [c.strip().lstrip("\ufeff") for c in next(_records(stream, sep), [])]
    rows = Rows(walk)
    if not rows[:1]:
        raise InvalidInput("The file has a header row but no rows to import.")
    return Table(header, rows, encoding, sep)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of bytes already in memory."""
    codec, name, skip = _encoding(lambda: iter([data]))
    return data[skip:].decode(codec), name


def parse(data: bytes, delimiter: str | None = None) -> Table:
    """A table from bytes already in memory (small files, tests)."""
    text, encoding = decode(data)
    return _table(lambda: io.StringIO(text, newline=""), encoding, delimiter)


def read(path: Path, delimiter: str | None = None) -> Table:
    """A table read from ``path`` as it is walked (see the module's docstring)."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"There is no file at {path}.")
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput(TOO_LARGE)

    def chunks() -> Iterator[bytes]:
        with _Capped(path.open("rb")) as raw:
            while chunk := raw.read(CHUNK):
                yield chunk

    codec, name, skip = _encoding(chunks)

    def open_text() -> IO[str]:
        raw = _Capped(path.open("rb"))
        raw.read(skip)
        return io.TextIOWrapper(io.BufferedReader(raw, CHUNK), encoding=codec, newline="")

    return _table(open_text, name, delimiter)
