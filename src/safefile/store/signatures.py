"""Staff signatures on the two chains (issue 28, item 2): each entry signed by its member.

The chains' MAC (store/chain.py) is keyed from the data key, which every member holds:
it shows that someone with the key wrote an entry, not who. Once a vault has staff
members, every entry of the audit trail and of the record of sharing is also signed with
the acting member's Ed25519 key (store/memberslots.py; ``Chain.append``'s ``signer``), and
``safefile check`` and ``safefile log --verify`` verify each against the public key of
the ``staff`` row it names (rows are never deleted and their keys never change, so a
removed member's entries still verify). One member can therefore not write in
another's name even with the data key.

What is signed: the entry's fields in the chain's canonical form (``chain.canonical``,
the bytes the chain's MAC covers), with the signer's uid, twice: once over the public
fields only and once over every field. A redaction (a destroyed file) blanks the
identifying fields; the signature over the public fields still verifies, and what the
blanked fields now hold is vouched for by the redaction ledger's entry, itself signed by
the member who destroyed the file. ``signature`` holds both, hex (128 bytes). The
chain's ``prev``, ``hash`` and ``sealed`` are not signed: a re-key rewrites them, and
the members who signed are not there to sign again.

The *marker* (meta ``signatures:start``, part of the sealed security state) holds each
chain's last sequence number when signing started (``staff/signing.start_signing``,
called when the vault gets its first member). Entries up to it may be unsigned (a
single-user vault's history); every entry after it must carry a valid signature by the
member it names, and after a signed entry no unsigned one may follow: either is damage
(exit 5). A vault with staff members and no marker is damage too, and so is a ``staff``
row that no verifying "staff member added" entry added with its public key (a row
planted by a key holder, with someone else's name and their own key).
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from safefile.store import chain

MARKER = "signatures:start"
ADDED_EVENT = "staff member added"  # staff/members.record_member: its detail vouches a row
PUBLIC_PURPOSE = " (public fields)"  # appended to ``Chain.purpose`` for the first signature
SIGNATURE_BYTES = 64


class SigningKeys(Protocol):
    """What signing needs of a member's keys (store/memberslots.MemberKeys has it)."""

    @property
    def ed25519(self) -> Ed25519PrivateKey: ...


def message(purpose: str, data: bytes) -> bytes:
    """What an Ed25519 signature covers: the purpose, then the data. The same framing as
    store/memberslots.sign (tests/store/test_signatures.py pins that the two agree)."""
    head = json.dumps(
        {"purpose": f"safefile/{purpose}"},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    return head + b"\0" + data


def signer_for(uid: str, member: SigningKeys) -> chain.Signer:
    """The ``Chain.append`` signer for the member ``uid`` whose keys are ``member``."""
    return chain.Signer(uid, lambda purpose, data: member.ed25519.sign(message(purpose, data)))


def _verifies(public: bytes, purpose: str, data: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message(purpose, data))
    except (InvalidSignature, ValueError):
        return False
    return True


def _tables(conn: Any) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _columns(conn: Any, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def marker(conn: Any) -> dict[str, int] | None:
    """Each chain's last sequence number when signing started; None before it did."""
    if "meta" not in _tables(conn):
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (MARKER,)).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(row[0])
        return {str(k): int(v) for k, v in value.items()}
    except (ValueError, AttributeError, TypeError):
        return {}  # unreadable: every entry must then be signed (checked as damage too)


def started(conn: Any) -> bool:
    """Whether entries of this vault must now be signed."""
    row = conn.execute("SELECT 1 FROM meta WHERE key = ?", (MARKER,)).fetchone()
    return row is not None


def write_marker(conn: Any) -> dict[str, int]:
    """Write the marker (inside the caller's transaction) at each chain's current end;
    an existing marker stays as it is (it never moves). Returns the marker."""
    existing = marker(conn)
    if existing is not None:
        return existing
    tables = _tables(conn)
    value = {
        ch.table: int(
            conn.execute(f"SELECT coalesce(max(seq), 0) FROM {ch.table}").fetchone()[0]  # noqa: S608
        )
        for ch in chain.ALL
        if ch.table in tables
    }
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?)",
        (MARKER, json.dumps(value, sort_keys=True)),
    )
    return value


class _Member:
    def __init__(self, row: Any) -> None:
        self.name = str(row[1])
        self.credentials = str(row[2])
        self.public = bytes(row[3])

    def names(self) -> set[str]:
        """How the member's entries name them: the name, or "name, credentials"."""
        return {self.name, ", ".join(x for x in (self.name, self.credentials) if x)}


def _members(conn: Any, tables: set[str]) -> dict[str, _Member]:
    if "staff" not in tables:
        return {}
    rows = conn.execute("SELECT uid, name, credentials, ed25519_public FROM staff")
    return {str(r[0]): _Member(r) for r in rows}


def problems(conn: Any) -> tuple[list[str], int]:
    """What is wrong with the signatures of both chains, and how many entries are signed."""
    tables = _tables(conn)
    found: list[str] = []
    members = _members(conn, tables)
    start = marker(conn)
    if start is None and members:
        found.append("the vault has staff members but no record of when signing started")
    elif start == {}:
        found.append("the record of when signing started is unreadable")
    signed = 0
    for ch in chain.ALL:
        if ch.table not in tables or "signature" not in _columns(conn, ch.table):
            continue
        bad, passing, count = _chain_problems(conn, ch, members, start)
        found += bad
        signed += count
        if ch is chain.AUDIT:
            found += _unvouched(conn, members, passing)
    return found, signed


def _unvouched(conn: Any, members: dict[str, _Member], passing: set[int]) -> list[str]:
    """Staff rows that no verifying "staff member added" entry added with their key.

    Without this a key holder could insert a row with a name of someone else's and a key
    of their own, and sign in that name. The entry that adds a member is signed by the
    member who added them (or made before signing started: the first member)."""
    added: dict[str, str] = {}
    for seq, detail in conn.execute(
        "SELECT seq, detail FROM audit WHERE event = ? ORDER BY seq", (ADDED_EVENT,)
    ):
        if int(seq) not in passing:
            continue
        try:
            value = json.loads(detail)
            added[str(value["member"])] = str(value["ed25519"])
        except (ValueError, KeyError, TypeError):
            continue
    return [
        f"staff member {m.name} was not added by a signed entry of the audit trail"
        for uid, m in members.items()
        if added.get(uid) != m.public.hex()
    ]


def _chain_problems(
    conn: Any, ch: chain.Chain, members: dict[str, _Member], start: dict[str, int] | None
) -> tuple[list[str], set[int], int]:
    """Problems of one chain, the entries that pass (signed and verifying, or unsigned
    where that is allowed) and how many are signed."""
    after = None if start is None else start.get(ch.table, 0)
    cols = ", ".join(ch.fields)
    rows = conn.execute(
        f"SELECT {cols}, signer, signature, redacted FROM {ch.table} ORDER BY seq"  # noqa: S608
    )
    n = len(ch.fields)
    problems: list[str] = []
    passing: set[int] = set()
    signed = 0
    seen_signed = False
    for r in rows:
        row = dict(zip(ch.fields, r[:n], strict=True))
        seq = int(r[0])
        signer, signature, redacted = r[n], r[n + 1], r[n + 2]
        if signer is None and signature is None:
            if (after is not None and seq > after) or seen_signed:
                problems.append(f"{ch.table}: entry {seq} carries no staff signature")
            else:
                passing.add(seq)
            continue
        seen_signed = True
        reason = _entry_problem(ch, row, signer, signature, redacted, members)
        if reason:
            problems.append(f"{ch.table}: entry {seq} {reason}")
        else:
            passing.add(seq)
            signed += 1
    return problems, passing, signed


def _entry_problem(
    ch: chain.Chain,
    row: dict[str, object],
    signer: object,
    signature: object,
    redacted: object,
    members: dict[str, _Member],
) -> str:
    member = members.get(str(signer)) if isinstance(signer, str) else None
    if member is None:
        return "is signed by no staff member of this vault"
    try:
        raw = bytes.fromhex(str(signature))
    except ValueError:
        raw = b""
    if len(raw) != 2 * SIGNATURE_BYTES:
        return "has an unreadable signature"
    public, whole = ch.signed_parts(str(signer), row)
    ok = _verifies(member.public, ch.purpose + PUBLIC_PURPOSE, public, raw[:SIGNATURE_BYTES])
    if redacted is None:
        ok = ok and _verifies(member.public, ch.purpose, whole, raw[SIGNATURE_BYTES:])
    if not ok:
        return "has a signature that does not verify"
    if str(row.get("actor")) not in member.names():
        return "names someone other than the staff member who signed it"
    return ""


__all__ = [
    "MARKER",
    "SigningKeys",
    "marker",
    "message",
    "problems",
    "signer_for",
    "started",
    "write_marker",
]
