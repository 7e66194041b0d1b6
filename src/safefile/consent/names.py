"""Comparing a name with a restricted person's, so that a variant cannot step around it.

A person who harmed a client may give their name in another form: in capitals, with an
accent, with a Cyrillic "а" for a Latin "a", as "Mal" for "Mallory", as "M. Abuser", with a
middle initial, or under a nickname.  :func:`key` reduces a name to tokens that compare
equal across those forms, and :func:`compare` says how a given name matches a restricted
one:

* **normalise**: Unicode NFKC (full-width and styled letters become plain ones), then
  letters that pass for Latin ones are mapped to the Latin letter (the "skeleton" of
  Unicode Technical Standard #39, from a reviewed subset of its confusables.txt committed
  as ``resources/confusables.tsv``, its source named there), then case-folded, accents
  removed, and the look-alikes of the Latin script itself folded together ("I", "l", "1"
  and "|" are one letter, "0" is "o", "rn" is "m", "vv" is "w");
* **tokens**: the name split at every character that is not a letter or digit
  (punctuation and spaces), so "Abuser, Mallory" and "mallory-abuser" give the same tokens;
  titles and words of family role ("Mr", "Dr", "parent", "father", "guardian") are not
  part of a name and are dropped, so "Mallory, parent" is the first name alone;
* **full match**: every token of the restricted name is among the given name's tokens
  ("Mallory Abuser", "Dr. Mallory Abuser, parent", "Abuser Mallory");
* **partial match** (the person "may be" the restricted one): the given name is the first
  name alone ("Mallory"); or it has the surname and a first token that is the restricted
  first name's initial or a shortened form of it, or the other way round ("M. Abuser",
  "Mal Abuser", "Mark A. Abuser" for "Mark Abuser").

An alias recorded for the restriction is compared the same way; any match of an alias
is a partial match.  Matching errs towards a match: a refusal can be looked at again by a
person, a disclosure to the wrong person cannot be undone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

FULL = "full"
PARTIAL = "partial"

_LATIN_LOOKALIKES = (("rn", "m"), ("vv", "w"))
_ONE_LETTER = str.maketrans({"i": "l", "1": "l", "|": "l", "0": "o"})
_SPLIT = re.compile(r"[^0-9a-z]+")


@cache
def confusables() -> dict[str, str]:
    """The look-alike letters (resources/confusables.tsv): letter -> Latin letter."""
    text = resources.files("safefile.resources").joinpath("confusables.tsv").read_text("utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, latin, _name = line.split("\t", 2)
        table[chr(int(code, 16))] = latin
    return table


def skeleton(name: str) -> str:
    """The name as one plain string: normalised, mapped to Latin, folded (module docstring)."""
    table = confusables()
    text = unicodedata.normalize("NFKC", name)
    text = "".join(table.get(ch, ch) for ch in text).casefold()
    text = unicodedata.normalize("NFD", text)
    text = "".join(table.get(ch, ch) for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFKC", text).translate(_ONE_LETTER)
    for seen, letter in _LATIN_LOOKALIKES:
        text = text.replace(seen, letter)
    return text


# Words that go with a name but are not part of it (titles, a family role, "on behalf of").
NOT_A_NAME = [
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "sir",
    "madam",
    "jr",
    "sr",
    "parent",
    "mother",
    "father",
    "mom",
    "mum",
    "dad",
    "guardian",
    "stepmother",
    "stepfather",
    "stepparent",
    "grandmother",
    "grandfather",
    "grandparent",
    "aunt",
    "uncle",
    "legal",
    "representative",
    "personal",
    "for",
    "of",
    "on",
    "behalf",
    "the",
    "client",
    "a",
    "an",
    "and",
]


@cache
def _noise() -> frozenset[str]:
    return frozenset(t for w in NOT_A_NAME for t in _SPLIT.split(skeleton(w)) if t)


def key(name: str) -> tuple[str, ...]:
    """The name's tokens, each normalised, without titles and role words (empty for a
    name with no letters or digits)."""
    tokens = tuple(t for t in _SPLIT.split(skeleton(name)) if t)
    kept = tuple(t for t in tokens if t not in _noise())
    return kept or tokens


def _shortened(a: str, b: str) -> bool:
    """Whether one first name is the other's initial or a shortened form of it."""
    return a != b and (a.startswith(b) or b.startswith(a))


def compare(given: str, restricted: str) -> str | None:
    """FULL, PARTIAL or None: how ``given`` matches the restricted name (module docstring)."""
    g, r = key(given), key(restricted)
    if not g or not r:
        return None
    if set(r) <= set(g):
        return FULL
    if len(g) == 1 and g[0] in r[:-1]:
        return PARTIAL  # a first (or middle) name alone
    if len(r) >= 2 and r[-1] in g:
        rest = list(g)
        rest.remove(r[-1])
        if rest and (rest[0] == r[0] or _shortened(rest[0], r[0])):
            return PARTIAL  # initial, shortened form, or middle names added
    return None


@dataclass(frozen=True)
class NameMatch:
    """How a name matched one restricted person (never shown with the restricted name)."""

    given: str
    restriction_id: int
    kind: str  # FULL or PARTIAL
    by_alias: bool = False


def match(
    given: str, restriction_id: int, person: str, aliases: tuple[str, ...]
) -> NameMatch | None:
    """The match of ``given`` with one restricted person and their aliases, or None."""
    how = compare(given, person)
    if how is not None:
        return NameMatch(given, restriction_id, how)
    for alias in aliases:
        if compare(given, alias) is not None:
            return NameMatch(given, restriction_id, PARTIAL, by_alias=True)
    return None


__all__ = ["FULL", "PARTIAL", "NameMatch", "compare", "confusables", "key", "match", "skeleton"]
