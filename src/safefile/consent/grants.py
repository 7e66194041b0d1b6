"""Grants: what the gate allows to leave, and nothing else can make.

A grant is a capability (docs/decisions.md, "Grants as capabilities"): it is made
only inside this package (the gate), and that is structural:

* its constructor needs a module-private capability (``_MINT``); anything else
  gets a TypeError (``dataclasses.replace`` too: it must pass the capability);
* it is a frozen, slotted dataclass: it cannot be changed, copied, deep-copied
  or pickled;
* every grant is registered when made, with an HMAC of its contents under a key
  that lives only in this process, for the vault it was made for;
* the exporter must ``redeem`` it (consent/redeem.py): redeeming checks it was
  issued here, for this vault, is unchanged, is unspent, is used within minutes
  of being made and matches its entry in the record of sharing (and, for a
  release, that the release is still valid then), and spends it.

So a forged, copied, altered, stale or reused grant is refused, and the refusal
says so.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import secrets
import threading
from dataclasses import InitVar, dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal, NoReturn, NotRequired, TypedDict, Unpack, overload

from pydantic import BaseModel

from safefile.consent.kinds import GrantKind
from safefile.consent.releases import Release
from safefile.errors import ConsentRefused

GRANT_TTL = timedelta(minutes=15)  # from the decision shown to the user to the file written
_MINT = object()
_PROCESS_KEY = secrets.token_bytes(32)
_LOCK = threading.Lock()
_ISSUED: dict[str, tuple[str, str]] = {}  # token -> (vault id, mac)
_SPENT: set[str] = set()


@dataclass(frozen=True, slots=True)
class Scope:
    """The exact items a grant lets out; nothing outside it leaves.

    For a client's information: whether attendance dates and contact details go,
    and which services, notes, process notes and documents by id or reference.
    For a printed record of sharing: which entries (``log_refs``), in which
    shape, and whether people are named.
    """

    attendance: bool = False
    contact: bool = False
    service_ids: tuple[int, ...] = ()
    note_refs: tuple[str, ...] = ()
    process_note_refs: tuple[str, ...] = ()
    document_ids: tuple[int, ...] = ()
    log_refs: tuple[str, ...] = ()
    log_shape: str = ""
    names: bool = True

    def items(self) -> dict[str, object]:
        """The client items, as the record of sharing keeps them (its ``items`` field)."""
        return {
            "attendance": self.attendance,
            "contact": self.contact,
            "service_ids": list(self.service_ids),
            "note_refs": list(self.note_refs),
            "process_note_refs": list(self.process_note_refs),
            "document_ids": list(self.document_ids),
        }

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Grant:
    """What may leave: kind, client, recipient, purpose, categories and the exact items."""

    capability: InitVar[object]
    token: str
    kind: GrantKind
    client_id: int | None
    client_name: str
    recipient_org_id: int | None
    recipient: str
    purpose: str
    categories: tuple[str, ...]
    release: Release | None
    release_ref: str
    expires_on: date | None
    signed_on: date | None
    made_at: datetime
    log_ref: str
    scope: Scope
    left_out: tuple[str, ...]  # in full, for the user; never printed for the recipient
    notices: tuple[str, ...]
    some_left_out: bool = False  # the recipient is told only "some items are not included"
    requested_on: date | None = None  # own copy
    due_on: date | None = None  # own copy
    own_copy_request: int | None = None  # the recorded request it answers (own copy)
    collected_by: str = ""  # own copy: who collected it for the client ("" the client)
    renamed: tuple[tuple[str, str], ...] = ()  # (name, role): other parties named by role
    legal_kind: str = ""  # required by law
    basis: str = ""
    authority: str = ""
    purpose_key: str = ""  # printed record of sharing
    filter: str = ""

    def __post_init__(self, capability: object) -> None:
        if capability is not _MINT:
            raise TypeError("Grants are made only by the consent gate.")

    def __copy__(self) -> NoReturn:
        raise TypeError("A grant cannot be copied; ask the gate again.")

    def __deepcopy__(self, memo: object) -> NoReturn:
        raise TypeError("A grant cannot be copied; ask the gate again.")

    def __reduce_ex__(self, protocol: object) -> NoReturn:
        raise TypeError("A grant cannot be stored or sent; ask the gate again.")

    def __getstate__(self) -> NoReturn:
        raise TypeError("A grant cannot be stored or sent; ask the gate again.")

    def fields(self) -> dict[str, object]:
        """Every field by name (what the HMAC covers)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def __repr__(self) -> str:
        return f"<Grant {self.kind} {self.log_ref}>"


def _plain(value: object) -> object:
    if isinstance(value, Scope):
        return value.as_dict()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return str(value)


def _mac(fields: dict[str, object]) -> str:
    payload = json.dumps(fields, sort_keys=True, default=_plain, ensure_ascii=False).encode()
    return hmac.new(_PROCESS_KEY, payload, hashlib.sha256).hexdigest()


class _Fields(TypedDict):
    """What every grant says (Grant's fields but ``token``), by kind below."""

    client_id: int | None
    client_name: str
    recipient_org_id: int | None
    recipient: str
    purpose: str
    categories: tuple[str, ...]
    release: Release | None
    release_ref: str
    expires_on: date | None
    signed_on: date | None
    made_at: datetime
    log_ref: str
    scope: Scope
    left_out: tuple[str, ...]
    notices: tuple[str, ...]
    some_left_out: NotRequired[bool]


class ReleaseFields(_Fields):
    kind: Literal[GrantKind.RELEASE]


class OwnCopyFields(_Fields):
    kind: Literal[GrantKind.OWN_COPY]
    requested_on: date
    due_on: date
    own_copy_request: int | None
    collected_by: str


class LegalFields(_Fields):
    kind: Literal[GrantKind.LEGAL]
    legal_kind: str
    basis: str
    authority: str
    renamed: tuple[tuple[str, str], ...]


class DeidentifiedFields(_Fields):
    kind: Literal[GrantKind.DEIDENTIFIED]


class LogReportFields(_Fields):
    kind: Literal[GrantKind.LOG_REPORT]
    purpose_key: str
    filter: str


@overload
def mint(vault_id: str, **fields: Unpack[ReleaseFields]) -> Grant: ...
@overload
def mint(vault_id: str, **fields: Unpack[OwnCopyFields]) -> Grant: ...
@overload
def mint(vault_id: str, **fields: Unpack[LegalFields]) -> Grant: ...
@overload
def mint(vault_id: str, **fields: Unpack[DeidentifiedFields]) -> Grant: ...
@overload
def mint(vault_id: str, **fields: Unpack[LogReportFields]) -> Grant: ...
def mint(vault_id: str, **fields: Any) -> Grant:
    """Make and register a grant (called by the gate only).

    ``fields`` are Grant's fields but ``token``, typed per kind of grant (the overloads:
    mypy checks each place a grant is made); the dataclass checks each by name and its
    frozen, typed fields are what every reader sees.
    """
    grant = Grant(capability=_MINT, token=secrets.token_hex(16), **fields)
    with _LOCK:
        _ISSUED[grant.token] = (vault_id, _mac(grant.fields()))
    return grant


def void(grant: Grant) -> None:
    """A grant made only to show what the gate would answer (consent/preview.py): it can
    never be spent."""
    with _LOCK:
        _ISSUED.pop(grant.token, None)
        _SPENT.add(grant.token)


def spend(grant: object, vault_id: str, now: datetime) -> Grant:
    """Check a grant as described above and spend it; refuse with the reason otherwise."""
    if type(grant) is not Grant:
        raise ConsentRefused(["This is not a grant from the consent gate."])
    token = grant.token
    with _LOCK:
        if token in _SPENT:
            raise ConsentRefused(["This grant was already used; each export needs its own."])
        issued = _ISSUED.get(token)
        if issued is None:
            raise ConsentRefused(["This grant was not made by the consent gate."])
        if issued[0] != vault_id:
            raise ConsentRefused(["This grant was made for another vault."])
        if not hmac.compare_digest(issued[1], _mac(grant.fields())):
            raise ConsentRefused(["This grant was changed after the gate made it."])
        if now - grant.made_at > GRANT_TTL or now < grant.made_at:
            raise ConsentRefused(
                ["This grant has lapsed (it is valid only when it was made); ask the gate again."]
            )
        del _ISSUED[token]
        _SPENT.add(token)
    return grant


__all__ = [
    "GRANT_TTL",
    "DeidentifiedFields",
    "Grant",
    "LegalFields",
    "LogReportFields",
    "OwnCopyFields",
    "ReleaseFields",
    "Scope",
    "mint",
    "spend",
    "void",
]
