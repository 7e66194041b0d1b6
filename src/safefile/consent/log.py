"""The record of sharing: every disclosure, refusal and request, append-only and chained.

Each entry is a row of ``disclosures``, hash-chained (store/chain.DISCLOSURES,
keyed from the vault's data key) and protected by triggers against UPDATE and
DELETE: a correction is a new entry that points at the one it corrects.  Each
entry has a short reference ("D-0042-7F3A": its number and four random
characters) that an exported document carries; the entry that records a written
export holds the SHA-256 of the file, so ``verify-export`` can tie a PDF to it.
``safefile check`` verifies the chain.
"""

from __future__ import annotations

import json
import secrets
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel

from safefile.clock import iso_now, today
from safefile.consent.kinds import DISCLOSURE_KINDS, EntryKind
from safefile.errors import ConsentRefused, InvalidInput, NotFound
from safefile.store import chain
from safefile.store.actor import Actor
from safefile.store.connection import Row
from safefile.store.vault import Vault

# Kinds of entry (consent/kinds.py is the one vocabulary; these names are kept for readers)
GRANTED = EntryKind.GRANTED  # the gate allowed an export under a release
REFUSED = EntryKind.REFUSED
OWN_COPY = EntryKind.OWN_COPY
LEGAL = EntryKind.LEGAL
DEIDENTIFIED = EntryKind.DEIDENTIFIED
WRITTEN = EntryKind.WRITTEN
FAILED = EntryKind.FAILED
INCOMING = EntryKind.INCOMING
OUTGOING = EntryKind.OUTGOING
CORRECTION = EntryKind.CORRECTION
PRINTED = EntryKind.PRINTED  # a PDF of this record (consent/log_print.py)
DISCLOSED = EntryKind.DISCLOSED  # a disclosure made outside SafeFile (consent/disclose.py)
OUTCOME = EntryKind.OUTCOME  # the outcome of a sharing decision (consent/outcome.py)


class Entry(BaseModel):
    seq: int
    ref: str
    at: str
    actor: str
    kind: EntryKind
    client_id: int | None
    release_id: int | None
    recipient_org_id: int | None
    digest: str | None
    detail: dict[str, Any]


def append(
    vault: Vault,
    kind: EntryKind,
    detail: dict[str, Any],
    *,
    actor: Actor,
    client_id: int | None = None,
    release_id: int | None = None,
    recipient_org_id: int | None = None,
    digest: str | None = None,
) -> Entry:
    """Append one entry (joining the caller's transaction); return it with its reference.

    ``actor`` is the person making the entry (the session's: ``vault.actor``).
    """
    who = actor
    with vault.transaction() as db:
        # Every decision is made on the newest security state: none brought back from an
        # older copy of the vault's pages (store/seal.py; DamagedFile, exit 5).
        vault.check_seal()
        row = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM disclosures").fetchone()
        ref = f"D-{int(row[0]):04d}-{secrets.token_hex(2).upper()}"
        values: dict[str, object] = {
            "ref": ref,
            "at": iso_now(vault.clock),
            "actor": who.name,
            "kind": kind,
            "client_id": client_id,
            "release_id": release_id,
            "recipient_org_id": recipient_org_id,
            "digest": digest,
            "detail": json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str),
        }
        chain.DISCLOSURES.append(db, vault.key_for("disclosures"), values)
    return get_entry(vault, ref)


_SELECT = (
    "SELECT seq, ref, at, actor, kind, client_id, release_id, recipient_org_id, digest, detail "
    "FROM disclosures"
)


def _entry(r: Row) -> Entry:
    return Entry(
        seq=r[0],
        ref=r[1],
        at=r[2],
        actor=r[3],
        kind=r[4],
        client_id=r[5],
        release_id=r[6],
        recipient_org_id=r[7],
        digest=r[8],
        detail=json.loads(r[9]),
    )


def get_entry(vault: Vault, ref: str) -> Entry:
    r = vault.db.execute(_SELECT + " WHERE ref = ?", (ref.strip().upper(),)).fetchone()
    if r is None:
        raise NotFound(f"There is no entry {ref} in the record of sharing.")
    return _entry(r)


def entries(
    vault: Vault, client_id: int | None = None, kind: EntryKind | None = None
) -> list[Entry]:
    where: list[str] = []
    params: list[object] = []
    if client_id is not None:
        where.append("client_id = ?")
        params.append(client_id)
    if kind is not None:
        where.append("kind = ?")
        params.append(kind)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY seq"
    return [_entry(r) for r in vault.db.execute(sql, params)]


def find_by_digest(vault: Vault, digest: str) -> Entry | None:
    r = vault.db.execute(
        _SELECT + " WHERE digest = ? AND kind = ? ORDER BY seq LIMIT 1", (digest, WRITTEN)
    ).fetchone()
    return None if r is None else _entry(r)


def correct(vault: Vault, ref: str, text: str, *, actor: Actor) -> Entry:
    """A correction is a new entry naming the one it corrects; the original stays."""
    if not text.strip():
        raise InvalidInput("Please write what the correction is.")
    original = get_entry(vault, ref)
    return append(
        vault,
        CORRECTION,
        {"corrects": original.ref, "text": text.strip()},
        client_id=original.client_id,
        actor=actor,
    )


# The only decisions a request from a restricted person may be recorded with.
ACCEPTED_FOR_RESTRICTED = ("refused", "referred")


def _refuse_restricted_requester(
    vault: Vault,
    client_id: int,
    requester: str,
    organisation: str,
    decision: str,
    actor: Actor,
) -> None:
    """A request from a person who is (or may be) restricted for the client can be recorded
    only as refused or referred: anything else is refused (exit 3) and the refusal recorded,
    without naming them (consent/people.restriction_match)."""
    from safefile.consent.decision import refuse
    from safefile.consent.people import restriction_match

    m = restriction_match(vault, client_id, requester, organisation)
    if m is None:
        return
    reason = (
        f"The person asking {m.says}: their request cannot be recorded as {decision}; record "
        "it as refused or referred (nothing about the client is given to them)."
    )
    refusal = refuse(
        vault,
        {"road": "incoming request", "decision": decision, **m.detail()},
        [reason],
        actor=actor,
        client_id=client_id,
    )
    raise ConsentRefused([reason], refusal.log_ref)


def record_request(
    vault: Vault,
    *,
    direction: str,
    client_id: int | None,
    requester: str,
    organisation: str = "",
    job_title: str = "",
    phone: str = "",
    identity_confirmed_by: str = "",
    reason: str,
    summary: str,
    decision: str,
    decision_reasons: str = "",
    received_on: date | None = None,
    actor: Actor,
) -> Entry:
    """An incoming request for information (or one we make), and the decision on it."""
    if direction not in ("incoming", "outgoing"):
        raise InvalidInput("A request is either incoming (to us) or outgoing (made by us).")
    required = (
        ("who asked", requester),
        ("the reason", reason),
        ("what was asked for", summary),
        ("the decision", decision),
    )
    missing = [name for name, value in required if not value.strip()]
    if direction == "incoming" and not identity_confirmed_by.strip():
        missing.append("how the requester's identity was confirmed (e.g. rang back)")
    if decision not in ("granted", "refused", "pending", "referred"):
        raise InvalidInput("The decision is one of: granted, refused, pending, referred.")
    if decision == "refused" and not decision_reasons.strip():
        missing.append("the reasons for refusing")
    if missing:
        raise InvalidInput("Please record " + ", ".join(missing) + ".")
    when = received_on or today(vault.clock)
    if when > today(vault.clock):
        raise InvalidInput(f"The date received ({when}) is in the future.")
    if (
        direction == "incoming"
        and client_id is not None
        and decision not in ACCEPTED_FOR_RESTRICTED
    ):
        _refuse_restricted_requester(vault, client_id, requester, organisation, decision, actor)
    detail = {
        "requester": requester.strip(),
        "organisation": organisation.strip(),
        "job_title": job_title.strip(),
        "phone": phone.strip(),
        "identity_confirmed_by": identity_confirmed_by.strip(),
        "reason": reason.strip(),
        "summary": summary.strip(),
        "decision": decision,
        "decision_reasons": decision_reasons.strip(),
        "received_on": when.isoformat(),
    }
    return append(
        vault,
        INCOMING if direction == "incoming" else OUTGOING,
        detail,
        client_id=client_id,
        actor=actor,
    )


def accounting(vault: Vault, client_id: int, years: int = 6) -> list[dict[str, Any]]:
    """An accounting of disclosures for a client (HIPAA 164.528): date, recipient, what, why."""
    since = (today(vault.clock) - timedelta(days=365 * years + years // 4)).isoformat()
    rows: list[dict[str, Any]] = []
    for e in entries(vault, client_id=client_id, kind=WRITTEN):
        if e.at[:10] < since:
            continue
        d = e.detail
        rows.append(
            {
                "date": e.at[:10],
                "recipient": d.get("recipient", ""),
                "address": d.get("recipient_address", ""),
                "what": d.get("categories", []),
                "purpose": d.get("purpose", ""),
                "basis": d.get("road", ""),
                "entry": e.ref,
            }
        )
    return rows


__all__ = [
    "CORRECTION",
    "DEIDENTIFIED",
    "DISCLOSURE_KINDS",
    "FAILED",
    "GRANTED",
    "INCOMING",
    "LEGAL",
    "OUTGOING",
    "OWN_COPY",
    "PRINTED",
    "REFUSED",
    "WRITTEN",
    "Entry",
    "accounting",
    "append",
    "correct",
    "entries",
    "find_by_digest",
    "get_entry",
    "record_request",
]
