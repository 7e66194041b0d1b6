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
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from safefile.clock import iso_now
from safefile.consent import details
from safefile.consent.details import Detail
from safefile.consent.kinds import EntryKind
from safefile.errors import InvalidInput, NotFound
from safefile.records import writes
from safefile.staff import guard
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store import chain
from safefile.store.actor import Actor
from safefile.store.connection import Row
from safefile.store.vault import Vault

D = TypeVar("D", bound=Detail)


class Entry(BaseModel):
    """One entry: ``detail`` is the stored mapping as written (every key, for display and
    search); ``typed`` is the same, decoded to its kind's structure (consent/details.py)."""

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
    typed: Detail = Field(exclude=True)  # not in ``log --json``: ``detail`` is

    def read(self, cls: type[D]) -> D:
        """The typed detail, which must be of ``cls``'s kind (a TypeError otherwise)."""
        if not isinstance(self.typed, cls):
            raise TypeError(f"Entry {self.ref} is a {self.kind!r} entry, not {cls.kind!r}.")
        return self.typed


def append(
    vault: Vault,
    detail: Detail,
    *,
    actor: Actor,
    client_id: int | None = None,
    release_id: int | None = None,
    recipient_org_id: int | None = None,
    digest: str | None = None,
) -> Entry:
    """Append one entry of ``detail``'s kind (joining the caller's transaction); return it
    with its reference.

    ``actor`` is the person making the entry (the session's: ``vault.actor``).
    """
    with writes.together(vault) as db:
        # Every decision is made on the newest security state: none brought back from an
        # older copy of the vault's pages (store/seal.py; DamagedFile, exit 5).
        vault.check_seal()
        row = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM disclosures").fetchone()
        ref = f"D-{int(row[0]):04d}-{secrets.token_hex(2).upper()}"
        values: dict[str, object] = {
            "ref": ref,
            "at": iso_now(vault.clock),
            "actor": actor.name,
            "kind": detail.kind,
            "client_id": client_id,
            "release_id": release_id,
            "recipient_org_id": recipient_org_id,
            "digest": digest,
            "detail": detail.stored(),
        }
        chain.DISCLOSURES.append(
            db, vault.key_for("disclosures"), values, signer=vault.signing_for(actor)
        )
    return get_entry(vault, ref)


_SELECT = (
    "SELECT seq, ref, at, actor, kind, client_id, release_id, recipient_org_id, digest, detail "
    "FROM disclosures"
)


def _entry(r: Row) -> Entry:
    stored = json.loads(r[9])
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
        detail=stored,
        typed=details.decode(r[4], stored),
    )


def get_entry(vault: Vault, ref: str) -> Entry:
    r = vault.db.execute(_SELECT + " WHERE ref = ?", (ref.strip().upper(),)).fetchone()
    if r is None or (r[5] is not None and guard.is_closed(vault, int(r[5]))):
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
    found = [_entry(r) for r in vault.db.execute(sql, params)]
    closed = guard.closed_ids(vault)  # the member's view leaves out files closed to them
    return [e for e in found if e.client_id not in closed] if closed else found


def find_by_digest(vault: Vault, digest: str) -> Entry | None:
    r = vault.db.execute(
        _SELECT + " WHERE digest = ? AND kind = ? ORDER BY seq LIMIT 1", (digest, EntryKind.WRITTEN)
    ).fetchone()
    return None if r is None else _entry(r)


@allowed(Action.READ_LOG)
def correct(vault: Vault, ref: str, text: str, *, actor: Actor) -> Entry:
    """A correction is a new entry naming the one it corrects; the original stays."""
    if not text.strip():
        raise InvalidInput("Please write what the correction is.")
    original = get_entry(vault, ref)
    return append(
        vault,
        details.Correction(corrects=original.ref, text=text.strip()),
        client_id=original.client_id,
        actor=actor,
    )


__all__ = [
    "Entry",
    "append",
    "correct",
    "entries",
    "find_by_digest",
    "get_entry",
]
