"""Numbers typed by a person: ids, references' numbers, counts (issue 29, input).

One parser for every id, so none of them can crash: only the ASCII digits 0-9 count
(``٣``, an Arabic-Indic three, is not taken for 3; Python's ``int`` would), and the
length is bounded before anything is converted, so a 5,000-digit "id" is refused at
once and an id beyond SQLite's 64-bit row ids (2^63 and up) is refused, not an
OverflowError behind "unexpected problem".
"""

from __future__ import annotations

import argparse

from safefile.errors import InvalidInput

MAX_ID = 2**63 - 1  # SQLite's largest row id
_MAX_DIGITS = len(str(MAX_ID))


def is_ascii_digits(text: str) -> bool:
    """Only the characters 0-9 (``str.isdigit`` also takes ``٣``, ``²``, ...)."""
    return bool(text) and text.isascii() and text.isdigit()


def whole_number(text: str | int, *, largest: int = MAX_ID) -> int | None:
    """``text`` as a whole number from 0 to ``largest``, or None; bounded before converting."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text if 0 <= text <= largest else None
    t = text.strip()
    if not is_ascii_digits(t) or len(t.lstrip("0")) > _MAX_DIGITS:
        return None
    n = int(t)
    return n if n <= largest else None


def parse_id(text: str | int, what: str = "an id", example: str = "12") -> int:
    """An id (1 to 2^63-1) or InvalidInput naming ``what`` it should have been."""
    n = whole_number(text)
    if n is None and is_ascii_digits(str(text).strip()):
        raise InvalidInput(f"'{str(text)[:40]}' is far too large a number to be {what}.")
    if n is None or n < 1:
        raise InvalidInput(
            f"'{text}' is not {what}: write it with the digits 0-9, for example {example}."
        )
    return n


def id_arg(text: str) -> int:
    """argparse ``type`` for an id (exit 2, the command line is wrong)."""
    try:
        return parse_id(text)
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def count_arg(text: str) -> int:
    """argparse ``type`` for a count (minutes, a household's size): ASCII digits only."""
    n = whole_number(text, largest=10**9)
    if n is None:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a whole number: write it with the digits 0-9, for example 30."
        )
    return n


def parse_ids(text: str, what: str = "an id", example: str = "4,7") -> tuple[int, ...]:
    """Ids separated by commas, each through ``parse_id``."""
    parts = [x.strip() for x in text.split(",") if x.strip()]
    if not parts:
        raise InvalidInput(f"'{text}' names no {what}; separate them by commas, e.g. {example}.")
    return tuple(parse_id(x, what, example) for x in parts)
