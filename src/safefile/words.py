"""Plain words for everything a person reads: dates and times, categories, entry kinds, roads.

One Qt-free place, used by the PDF, the command line and every screen, so the
same thing has the same words everywhere (the client's Sharing tab and the
Record of sharing both say "Request to us", never ``incoming request``).  A test
walks every kind and category (tests/test_words.py) and fails if a raw code
would reach a person.
"""

from __future__ import annotations

from datetime import date

# The kinds of recipient a printed release form explains the risks and benefits of
# (resources/release_forms/*.json, ``risks_<kind>``); the command line offers them.
RECIPIENT_KINDS = (
    "court",
    "police",
    "child-protection",
    "health",
    "housing",
    "school",
    "employer",
    "other",
)

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Categories of information (codes in consent/categories.py, which reads its words here).
CATEGORY_WORDS: dict[str, str] = {
    "attendance": "that the person is a client, and the dates they attended",
    "services": "services provided: types, dates, durations",
    "progress-notes": "progress notes",
    "process-notes": "psychotherapy (process) notes",
    "documents": "attached documents",
    "contact": "contact details",
}

# Keyed by the codes the vault stores (consent/kinds.py's StrEnum values); this module
# imports nothing of ours, so every layer may use it (tests/test_layers.py).
ENTRY_KINDS: dict[str, str] = {
    "export allowed": "Sharing allowed by a release",
    "export refused": "Sharing refused",
    "client's own copy": "Client's own copy",
    "disclosure required by law": "Disclosure required by law",
    "de-identified material": "De-identified material",
    "export written": "File saved",
    "export failed": "Saving failed",
    "incoming request": "Request to us",
    "request made": "Request we made",
    "correction": "Correction",
    "record of sharing printed": "Record of sharing printed",
    "local copy": "Copy written by a command (not to the screen)",
    "disclosure made": "Disclosure made (call, letter, email...)",
    "outcome recorded": "Outcome",
}

ROADS: dict[str, str] = {
    "release": "under a written release",
    "own copy": "the client's own copy",
    "required by law": "required by law, without consent",
    "de-identified": "de-identified material (no one named)",
    "record of sharing": "a printed copy of the record of sharing",
}

GRANT_KINDS: dict[str, str] = {
    "release": "Disclosure of client information",
    "own-copy": "Client's own copy of their record",
    "legal": "Disclosure required by law",
    "deidentified": "De-identified material",
    "log-report": "Record of sharing",
}


def category(code: str) -> str:
    """'progress-notes' -> 'progress notes'; an unknown code reads as itself, spaced."""
    return CATEGORY_WORDS.get(code, code.replace("-", " "))


def category_short(code: str) -> str:
    """A category in a word or two, for a table cell ('contact details', 'progress notes')."""
    return "contact details" if code == "contact" else code.replace("-", " ")


def categories(codes: object) -> str:
    """A list of category codes in words, '; '-separated ('' for none or not a list)."""
    items = codes if isinstance(codes, list | tuple) else []
    return "; ".join(category(str(c)) for c in items)


def entry_kind(kind: str) -> str:
    """An entry kind of the record of sharing in words ("Request to us")."""
    return ENTRY_KINDS.get(str(kind), str(kind).capitalize())


def road(value: str) -> str:
    """A road out in words ("under a written release")."""
    return ROADS.get(str(value), str(value))


def when(iso: str | None) -> str:
    """One format for every time shown: 2026-11-22 17:14."""
    return (iso or "-")[:16].replace("T", " ")


def day(iso_or_date: str | date | None) -> str:
    """One format for every date shown in a table: 2026-11-22."""
    if iso_or_date is None or iso_or_date == "":
        return "-"
    if isinstance(iso_or_date, date):
        return iso_or_date.isoformat()
    return iso_or_date[:10]


def date_in_words(d: date | None) -> str:
    """31 January 2027 (the same in every locale)."""
    if d is None:
        return "-"
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


__all__ = [
    "CATEGORY_WORDS",
    "ENTRY_KINDS",
    "GRANT_KINDS",
    "ROADS",
    "categories",
    "category",
    "category_short",
    "date_in_words",
    "day",
    "entry_kind",
    "road",
    "when",
]
