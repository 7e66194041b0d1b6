"""Passphrase rules, after NIST SP 800-63B revision 4 for a single factor.

* at least 15 characters (several words are easiest to remember), at most 1024;
* not on the list of common and breached passwords (resources/common-passwords.txt);
* not one character or one short pattern repeated, not the product's own name;
* no composition rules (no "one digit and one symbol"): length is what counts.

Each rejection says why in plain words.
"""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources

from safefile.errors import InvalidInput

MIN_LENGTH = 15
MAX_LENGTH = 1024
_CONTEXT_WORDS = {"safefile", "safe file", "passphrase", "password"}


@functools.cache
def _common() -> frozenset[str]:
    text = resources.files("safefile.resources").joinpath("common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def problems(passphrase: str) -> list[str]:
    """Why this passphrase would be refused; an empty list means it is acceptable."""
    text = unicodedata.normalize("NFKC", passphrase)
    found: list[str] = []
    if len(text) < MIN_LENGTH:
        found.append(
            f"It is {len(text)} characters long; use at least {MIN_LENGTH}. "
            "Three or four unrelated words make a passphrase that is long and easy to remember."
        )
    if len(text) > MAX_LENGTH:
        found.append(f"It is longer than {MAX_LENGTH} characters.")
    if text and text != text.strip():
        found.append("It starts or ends with a space, which is easy to forget. Remove it.")
    squashed = _squash(text)
    common = _common()
    if text.lower() in common or squashed in common:
        found.append("It is on a list of passwords that attackers try first. Choose another.")
    elif _is_repetition(squashed):
        found.append("It repeats the same few characters. Use words that do not repeat.")
    elif squashed in {_squash(w) for w in _CONTEXT_WORDS} or _strip_digits(squashed) in common:
        found.append("It is too easy to guess (a common word with digits). Choose another.")
    return found


def _is_repetition(text: str) -> bool:
    if not text:
        return False
    for size in range(1, 5):
        unit = text[:size]
        if len(text) > size and unit * (len(text) // size) + unit[: len(text) % size] == text:
            return True
    return False


def _strip_digits(text: str) -> str:
    return text.rstrip("0123456789").lstrip("0123456789")


def require_acceptable(passphrase: str) -> None:
    found = problems(passphrase)
    if found:
        raise InvalidInput("This passphrase cannot be used:\n" + "\n".join(f"- {p}" for p in found))


def strength(passphrase: str) -> int:
    """A 0–4 indication for the app's meter: 0 refused, then by length beyond the minimum."""
    if problems(passphrase):
        return 0
    n = len(unicodedata.normalize("NFKC", passphrase))
    words = len(passphrase.split())
    if n >= 30 or words >= 5:
        return 4
    if n >= 22 or words >= 4:
        return 3
    return 2 if n >= 18 or words >= 3 else 1
