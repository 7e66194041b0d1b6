"""One vocabulary for the roads out: kinds of grant, roads, kinds of log entry.

Each road out of the vault has one :class:`GrantKind` (what the gate hands the
exporter), one :class:`Road` (how the record of sharing names it, in its
``road`` field) and one :class:`EntryKind` for the decision that allows it.
:data:`ROADS` is the one mapping between them; nothing else spells them.

The enums are ``StrEnum``: their values are exactly the strings the vault has
always stored, so entries written before this module existed read the same.
The words a person sees for each live in ``safefile.words``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class GrantKind(StrEnum):
    RELEASE = "release"  # under a written release
    OWN_COPY = "own-copy"  # the client's right of access
    LEGAL = "legal"  # a disclosure required by law
    DEIDENTIFIED = "deidentified"  # de-identified material
    LOG_REPORT = "log-report"  # the printed record of sharing


class Road(StrEnum):
    RELEASE = "release"
    OWN_COPY = "own copy"
    LEGAL = "required by law"
    DEIDENTIFIED = "de-identified"
    LOG_REPORT = "record of sharing"


class EntryKind(StrEnum):
    GRANTED = "export allowed"  # the gate allowed an export under a release
    REFUSED = "export refused"
    OWN_COPY = "client's own copy"
    LEGAL = "disclosure required by law"
    DEIDENTIFIED = "de-identified material"
    WRITTEN = "export written"
    FAILED = "export failed"
    INCOMING = "incoming request"
    OUTGOING = "request made"
    CORRECTION = "correction"
    PRINTED = "record of sharing printed"


@dataclass(frozen=True, slots=True)
class RoadOut:
    """A road out: the grant it gives, how the log names it, the entry that allows it."""

    grant: GrantKind
    road: Road
    decision: EntryKind


ROADS: dict[GrantKind, RoadOut] = {
    GrantKind.RELEASE: RoadOut(GrantKind.RELEASE, Road.RELEASE, EntryKind.GRANTED),
    GrantKind.OWN_COPY: RoadOut(GrantKind.OWN_COPY, Road.OWN_COPY, EntryKind.OWN_COPY),
    GrantKind.LEGAL: RoadOut(GrantKind.LEGAL, Road.LEGAL, EntryKind.LEGAL),
    GrantKind.DEIDENTIFIED: RoadOut(
        GrantKind.DEIDENTIFIED, Road.DEIDENTIFIED, EntryKind.DEIDENTIFIED
    ),
    GrantKind.LOG_REPORT: RoadOut(GrantKind.LOG_REPORT, Road.LOG_REPORT, EntryKind.PRINTED),
}

# The decisions under which client information leaves as an exported file.
DISCLOSURE_KINDS: tuple[EntryKind, ...] = (EntryKind.GRANTED, EntryKind.OWN_COPY, EntryKind.LEGAL)


def road_of(kind: GrantKind | str) -> Road:
    return ROADS[GrantKind(kind)].road


__all__ = ["DISCLOSURE_KINDS", "ROADS", "EntryKind", "GrantKind", "Road", "RoadOut", "road_of"]
