"""What each kind of entry in the record of sharing records: one typed structure per kind.

An entry's ``detail`` is stored as JSON text in ``disclosures.detail`` and covered by
the chain (store/chain.py), so its form is fixed: the keys a writer sets, sorted,
``ensure_ascii=False``, anything else through ``str``, exactly as the record has
always been written.  A key a writer does not set is not written (pydantic's
"unset"), so the typed structures write byte for byte what the dictionaries wrote
(tests/consent/test_details.py keeps it so).

Writing is strict: an unknown key or a value of the wrong type is a TypeError for
mypy and a ``ValidationError`` at run time.  Reading is lenient: an entry written
by an older release may lack a key (it gets the default) or hold one no longer
written (it stays in ``Entry.detail``, the stored mapping, and is shown by its
name); nothing already in a vault becomes unreadable.  The display labels of the
record of sharing (consent/log_view.LABELS) name only keys these structures
declare (tests/consent/test_details.py).
"""

from __future__ import annotations

import functools
import json
from typing import Any, ClassVar, get_origin

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError

from safefile.consent.kinds import EntryKind

# The ``for`` key (the entry an entry is for) is a Python keyword: ``for_`` here.
_FOR = AliasChoices("for", "for_")


class Detail(BaseModel):
    """The detail of one kind of entry; ``kind`` is the kind it is the detail of."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: ClassVar[EntryKind]

    def stored(self) -> str:
        """The JSON text the record keeps (and the chain covers), exactly as always."""
        values = self.model_dump(by_alias=True, exclude_unset=True)
        return json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)

    @classmethod
    def stored_keys(cls) -> frozenset[str]:
        """The keys this kind of entry may hold, as stored."""
        return _stored_keys(cls)


class _Road(Detail):
    """What a road out was asked for: a decision and a refusal both record it."""

    road: str = ""
    recipient: str = ""
    recipient_person: str = ""
    recipient_job_title: str = ""
    recipient_phone: str = ""
    recipient_address: str = ""
    categories: list[str] = []
    purpose: str | None = ""  # None: refused before the release that gives it was chosen
    method: str = ""
    release: str | None = None
    consent: str = ""
    client_informed: bool | None = None
    restriction_match: str = ""  # "full" or "partial", never the names (consent/people)
    left_out: list[str] = []
    grant_digest: str = ""  # what the grant lets out, as one hash (consent/decision)


class ReleaseAllowed(_Road):
    kind = EntryKind.GRANTED
    items: dict[str, object] = {}  # the client items (grants.Scope.items)


class _Legal(_Road):
    legal_kind: str = ""
    basis: str = ""
    authority: str = ""
    not_informed_reason: str = ""
    order_document: int | None = None  # a court order (consent/court_order.CourtOrder)
    judge: str = ""
    order_signed_on: str | None = None
    court: str = ""
    case: str = ""
    order_names_process_notes: bool = False
    old_order_reason: str = ""
    restriction_override: str = ""
    joint_parties: list[int] = []
    joint_notes_covered: bool = False
    parties_named: bool = False


class LegalAllowed(_Legal):
    kind = EntryKind.LEGAL


class _OwnCopy(_Road):
    collected_by: str = ""
    requested_on: str = ""
    received_on: str = ""
    due_on: str = ""
    withheld: list[str] = []
    withheld_reason: str = ""
    review_right: str = ""
    left_out_told: list[str] = []  # what the cover tells the client was left out
    cover_language: str = ""
    own_copy_request: str = ""


class OwnCopyAllowed(_OwnCopy):
    kind = EntryKind.OWN_COPY


class Refused(ReleaseAllowed, _Legal, _OwnCopy):
    """A refusal: what was asked (on any road) and every reason."""

    kind = EntryKind.REFUSED
    reasons: list[str]
    # the decision a redeeming re-checked
    for_: str = Field(default="", validation_alias=_FOR, serialization_alias="for")
    decision: str = ""  # an incoming request refused (consent/log.record_request)


class Deidentified(Detail):
    kind = EntryKind.DEIDENTIFIED
    road: str = ""
    purpose: str = ""
    description: str = ""
    grant_digest: str = ""


class Printed(Detail):
    """A printed record of sharing (consent/log_print.py)."""

    kind = EntryKind.PRINTED
    road: str = ""
    purpose: str = ""
    purpose_key: str = ""
    recipient: str = ""
    filter: str = ""
    filter_fields: dict[str, object] = {}
    entries: int = 0
    refs: list[str] = []
    names: bool = True
    grant_digest: str = ""
    shape: str = ""  # written before purpose_key; read only


class Written(Detail):
    """A file written under a grant (consent/redeem.py, consent/log_print.py)."""

    kind = EntryKind.WRITTEN
    for_: str = Field(default="", validation_alias=_FOR, serialization_alias="for")
    road: str = ""
    recipient: str = ""
    recipient_address: str = ""
    categories: list[str] = []
    purpose: str = ""
    release: str | None = None
    entries: int = 0  # a printed record of sharing: how many entries it holds
    pages: int = 0
    method: str = ""
    sha256: str = ""


class Failed(Detail):
    kind = EntryKind.FAILED
    for_: str = Field(default="", validation_alias=_FOR, serialization_alias="for")
    reason: str = ""


class _Request(Detail):
    """A request for information and the decision on it (consent/log.record_request)."""

    requester: str = ""
    organisation: str = ""
    job_title: str = ""
    phone: str = ""
    identity_confirmed_by: str = ""
    reason: str = ""
    summary: str = ""
    decision: str = ""
    decision_reasons: str = ""
    received_on: str = ""
    road: str = ""  # a request for the client's own copy (consent/own_copy.record)
    own_copy_request: str = ""
    authority: str = ""
    due_on: str = ""


class Incoming(_Request):
    kind = EntryKind.INCOMING


class Outgoing(_Request):
    kind = EntryKind.OUTGOING


class Correction(Detail):
    kind = EntryKind.CORRECTION
    corrects: str
    text: str


class Disclosed(Detail):
    """A disclosure made by other means, after its decision (consent/disclose.py)."""

    kind = EntryKind.DISCLOSED
    for_: str = Field(default="", validation_alias=_FOR, serialization_alias="for")
    road: str | None = None
    legal_kind: str | None = None
    recipient: str = ""
    recipient_person: str = ""
    recipient_job_title: str = ""
    recipient_phone: str = ""
    categories: list[str] = []
    purpose: str = ""
    release: str = ""
    method: str = ""
    shared_summary: str = ""
    left_out: list[str] = []


class Outcome(Detail):
    kind = EntryKind.OUTCOME
    for_: str = Field(default="", validation_alias=_FOR, serialization_alias="for")
    recipient: str = ""
    outcome: str = ""
    receipt_confirmed_by: str = ""
    next_step: str = ""


class LocalCopy(Detail):
    """A command's output written somewhere other than a terminal (consent/local_copy.py)."""

    kind = EntryKind.LOCAL_COPY
    command: str = ""
    what: list[str] = []
    to: str = ""


# The kinds of detail that name a recipient, and that list categories of information.
WITH_RECIPIENT = (_Road, Printed, Written, Disclosed, Outcome)
WITH_CATEGORIES = (_Road, Written, Disclosed)

DETAILS: dict[EntryKind, type[Detail]] = {
    cls.kind: cls
    for cls in (
        ReleaseAllowed,
        Refused,
        OwnCopyAllowed,
        LegalAllowed,
        Deidentified,
        Written,
        Failed,
        Incoming,
        Outgoing,
        Correction,
        Printed,
        Disclosed,
        Outcome,
        LocalCopy,
    )
}


def carried(detail: Detail) -> dict[str, Any]:
    """The fields ``detail``'s writer set, by name: what a road was asked, carried into
    its decision or its refusal (``ReleaseAllowed(**carried(asked), ...)``)."""
    return {name: getattr(detail, name) for name in detail.model_fields_set}


def decode(kind: EntryKind, stored: dict[str, object]) -> Detail:
    """The typed detail of a stored entry; keys it does not declare are left out of it
    (``Entry.detail`` keeps them), and a value an older release wrote differently is
    kept as it was rather than refused."""
    cls = DETAILS[EntryKind(kind)]
    known = cls.stored_keys()
    values = {k: v for k, v in stored.items() if k in known}
    for key, empty in _required(cls):  # a redacted entry (retention/destroy.py)
        values.setdefault(key, [] if empty is list else "")
    try:
        return cls.model_validate(values)
    except ValidationError:
        return cls.model_construct(None, **{_name(cls, k): v for k, v in values.items()})


@functools.cache
def _stored_keys(cls: type[Detail]) -> frozenset[str]:
    """(once per kind: the record of sharing is decoded entry by entry)"""
    return frozenset(f.serialization_alias or name for name, f in cls.model_fields.items())


@functools.cache
def _required(cls: type[Detail]) -> tuple[tuple[str, type[list[object]] | type[str]], ...]:
    """The stored keys ``cls`` requires, each with the type of its empty value."""
    return tuple(
        (f.serialization_alias or name, list if get_origin(f.annotation) is list else str)
        for name, f in cls.model_fields.items()
        if f.is_required()
    )


def _name(cls: type[Detail], key: str) -> str:
    for name, f in cls.model_fields.items():
        if f.serialization_alias == key:
            return name
    return key


__all__ = [
    "DETAILS",
    "WITH_CATEGORIES",
    "WITH_RECIPIENT",
    "Correction",
    "Deidentified",
    "Detail",
    "Disclosed",
    "Failed",
    "Incoming",
    "LegalAllowed",
    "LocalCopy",
    "Outcome",
    "Outgoing",
    "OwnCopyAllowed",
    "Printed",
    "Refused",
    "ReleaseAllowed",
    "Written",
    "carried",
    "decode",
]
