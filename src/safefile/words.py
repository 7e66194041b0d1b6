"""Plain words for everything a person reads: dates and times, categories, entry kinds, roads.

One Qt-free place, used by the PDF, the command line and every screen, so the
same thing has the same words everywhere (the client's Sharing tab and the
Record of sharing both say "Request to us", never ``incoming request``).  A test
walks every kind and category (tests/test_words.py) and fails if a raw code
would reach a person.
"""

from __future__ import annotations

from datetime import date

from safefile.consent.kinds import EntryKind, GrantKind, Road

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

ENTRY_KINDS: dict[EntryKind, str] = {
    EntryKind.GRANTED: "Sharing allowed by a release",
    EntryKind.REFUSED: "Sharing refused",
    EntryKind.OWN_COPY: "Client's own copy",
    EntryKind.LEGAL: "Disclosure required by law",
    EntryKind.DEIDENTIFIED: "De-identified material",
    EntryKind.WRITTEN: "File saved",
    EntryKind.FAILED: "Saving failed",
    EntryKind.INCOMING: "Request to us",
    EntryKind.OUTGOING: "Request we made",
    EntryKind.CORRECTION: "Correction",
    EntryKind.PRINTED: "Record of sharing printed",
}

ROADS: dict[Road, str] = {
    Road.RELEASE: "under a written release",
    Road.OWN_COPY: "the client's own copy",
    Road.LEGAL: "required by law, without consent",
    Road.DEIDENTIFIED: "de-identified material (no one named)",
    Road.LOG_REPORT: "a printed copy of the record of sharing",
}

GRANT_KINDS: dict[GrantKind, str] = {
    GrantKind.RELEASE: "Disclosure of client information",
    GrantKind.OWN_COPY: "Client's own copy of their record",
    GrantKind.LEGAL: "Disclosure required by law",
    GrantKind.DEIDENTIFIED: "De-identified material",
    GrantKind.LOG_REPORT: "Record of sharing",
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
    try:
        return ENTRY_KINDS[EntryKind(kind)]
    except ValueError:
        return str(kind).capitalize()


def road(value: str) -> str:
    """A road out in words ("under a written release")."""
    try:
        return ROADS[Road(value)]
    except ValueError:
        return str(value)


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
