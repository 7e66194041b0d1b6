"""Hash-chained, append-only tables: the audit trail and the record of sharing.

Each entry's ``hash`` is an HMAC (keyed from the vault's data key) over the
previous entry's hash and the entry's own fields, so editing, removing or
reordering an entry breaks the chain from that point, and nobody without the
vault's key can forge a consistent chain.  The number of entries and the last
hash are also kept in ``meta`` so that cutting entries off the end is detected.
Triggers (store/schema.py) refuse UPDATE and DELETE on these tables.

Redaction (docs/decisions.md, "A chain that survives redaction"): entries written
since the retention migration are *sealed*: the identifying fields of an entry
(``redactable``: the client, the free-text detail...) are committed to by one keyed
digest, ``sealed``, and the chain hash covers the other fields and that digest,
not the identifying values themselves.  When a client's file is destroyed, those
fields are overwritten (``redacted`` holds the date) and ``sealed`` stays, so the
chain still verifies.  A redaction is legitimate only if a later audit entry
(event ``LEDGER_EVENT``) lists the entry with a keyed digest of exactly the values
it now holds: nobody without the vault's key can blank or change an entry and
keep ``check`` passing.  Entries written before sealing existed (``sealed`` NULL)
are re-chained in sealed form by ``reseal`` after the old chain was verified.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

GENESIS = "0" * 64
LEDGER_EVENT = "entries redacted"


def canonical(values: Sequence[object]) -> bytes:
    return json.dumps(
        list(values), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def entry_hash(key: bytes, prev: str, values: Sequence[object]) -> str:
    return hmac.new(
        key, prev.encode("ascii") + b"\x1f" + canonical(values), hashlib.sha256
    ).hexdigest()


def _mac(key: bytes, label: bytes, values: Sequence[object]) -> str:
    return hmac.new(key, label + b"\x1f" + canonical(values), hashlib.sha256).hexdigest()


def sealed_hash(key: bytes, prev: str, public: Sequence[object], sealed: str) -> str:
    """The chain hash of a sealed entry: its public fields and the seal of the others."""
    return hmac.new(
        key, prev.encode("ascii") + b"\x1fv2\x1f" + canonical([*public, sealed]), hashlib.sha256
    ).hexdigest()


def redaction_digest(values: Sequence[object]) -> str:
    """What the ledger records for a redacted entry: the digest of what it now holds.

    Not keyed: the ledger entry that holds it is itself in the (keyed) audit chain, and a
    re-key (store/rebuild.py) must not need the redacted values to sign the chain again.
    """
    return hashlib.sha256(b"redacted\x1f" + canonical(values)).hexdigest()


class Signer(NamedTuple):
    """The acting member, for ``Chain.append``: their ``staff.uid`` and a function that
    signs (purpose, bytes) with their Ed25519 key (store/signatures.py says what is
    signed)."""

    uid: str
    sign: Callable[[str, bytes], bytes]


class Chain:
    """One chained table.  ``fields`` are the columns covered, in order (``seq`` first);
    ``redactable`` are those a redaction may blank (sealed, see the module's text)."""

    def __init__(self, table: str, fields: Sequence[str], redactable: Sequence[str] = ()) -> None:
        self.table = table
        self.fields = tuple(fields)
        self.redactable = tuple(f for f in self.fields if f in redactable)
        self.public = tuple(f for f in self.fields if f not in redactable)

    def _head(self, conn: Any) -> tuple[int, str]:
        row = conn.execute(
            f"SELECT seq, hash FROM {self.table} ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return (int(row[0]), str(row[1])) if row else (0, GENESIS)

    def _sealable(self, conn: Any) -> bool:
        cols = {r[1] for r in conn.execute(f"PRAGMA table_info({self.table})")}
        return "sealed" in cols

    def _seal(self, key: bytes, row: dict[str, object]) -> tuple[str, str]:
        sealed = _mac(key, b"seal", [row.get(f) for f in self.redactable])
        return sealed, sealed_hash(key, str(row["prev"]), [row.get(f) for f in self.public], sealed)

    def _mark(self, conn: Any, seq: int, digest: str) -> None:
        conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (f"chain:{self.table}", f"{seq}:{digest}"),
        )

    @property
    def purpose(self) -> str:
        """The signatures' purpose (store/memberslots.sign): one per table, so an audit entry's
        signature never verifies as a record of sharing's."""
        return f"{self.table} entry"

    def signed_parts(self, signer: str, row: dict[str, object]) -> tuple[bytes, bytes]:
        """What an entry's two signatures cover (store/signatures.py): its public fields,
        and all its fields, each with the signer's uid, in the chain's canonical form."""
        public = canonical([signer, *(row.get(f) for f in self.public)])
        whole = canonical([signer, *(row.get(f) for f in self.fields)])
        return public, whole

    def append(
        self,
        conn: Any,
        key: bytes,
        values: dict[str, object],
        *,
        signer: Signer | None = None,
    ) -> int:
        """Append one entry (inside the caller's transaction); return its seq. With a
        ``signer``, the entry carries the acting member's signature (store/signatures.py)."""
        last_seq, prev = self._head(conn)
        seq = last_seq + 1
        row = {**values, "seq": seq, "prev": prev}
        covered = [row.get(f) for f in self.fields]
        if self._sealable(conn):
            sealed, digest = self._seal(key, row)
            cols = [*self.fields, "prev", "hash", "sealed"]
            params = [*covered, prev, digest, sealed]
        else:  # a table from before sealing (only while a migration is pending)
            digest = entry_hash(key, prev, covered)
            cols = [*self.fields, "prev", "hash"]
            params = [*covered, prev, digest]
        if signer is not None:
            public, whole = self.signed_parts(signer.uid, row)
            signature = signer.sign(self.purpose + " (public fields)", public) + signer.sign(
                self.purpose, whole
            )
            cols += ["signer", "signature"]
            params += [signer.uid, signature.hex()]
        conn.execute(
            f"INSERT INTO {self.table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            params,
        )
        self._mark(conn, seq, digest)
        return seq

    def _rows(self, conn: Any) -> Any:
        extra = ", sealed, redacted" if self._sealable(conn) else ", NULL, NULL"
        cols = ", ".join([*self.fields, "prev", "hash"])
        return conn.execute(f"SELECT {cols}{extra} FROM {self.table} ORDER BY seq")

    def verify(self, conn: Any, key: bytes) -> list[str]:
        """Problems found (an empty list means the chain is whole).

        A redacted entry must be listed in the redaction ledger, which lives in the
        audit trail (``safefile check`` verifies that chain too).
        """
        problems: list[str] = []
        ledger = redaction_ledger(conn).get(self.table, {})
        prev = GENESIS
        expected_seq = 1
        n = len(self.fields)
        for row in self._rows(conn):
            seq = int(row[0])
            if seq != expected_seq:
                problems.append(f"{self.table}: entry {expected_seq} is missing")
                expected_seq = seq
            values = dict(zip(self.fields, row[:n], strict=True))
            stored_prev, stored_hash, sealed, redacted = row[n], row[n + 1], row[n + 2], row[n + 3]
            if sealed is None:
                ok = redacted is None and entry_hash(key, prev, list(row[:n])) == stored_hash
            else:
                public = [values[f] for f in self.public]
                ok = sealed_hash(key, prev, public, sealed) == stored_hash
                current = [values[f] for f in self.redactable]
                if redacted is None:
                    ok = ok and _mac(key, b"seal", current) == sealed
                else:
                    ok = ok and ledger.get(seq) == redaction_digest(current)
            if stored_prev != prev or not ok:
                problems.append(f"{self.table}: entry {seq} was changed or removed")
                return problems
            prev = stored_hash
            expected_seq += 1
        mark = conn.execute(
            "SELECT value FROM meta WHERE key = ?", (f"chain:{self.table}",)
        ).fetchone()
        last = expected_seq - 1
        if mark is None:
            if last:
                problems.append(f"{self.table}: its end marker is missing")
        elif mark[0] != f"{last}:{prev}":
            problems.append(f"{self.table}: entries were removed from its end")
        return problems

    # --- redaction (inside the caller's transaction, with the table's guards lifted) ----

    def reseal(self, conn: Any, key: bytes) -> int:
        """Re-chain every entry in sealed form (after verifying the chain as it is).

        Needed once for entries written before sealing existed, so that they can be
        redacted.  Returns how many entries were re-chained (0 if all were sealed).
        """
        if (
            conn.execute(f"SELECT 1 FROM {self.table} WHERE sealed IS NULL LIMIT 1").fetchone()
            is None
        ):
            return 0
        problems = self.verify(conn, key)
        if problems:
            raise ValueError("; ".join(problems))
        prev = GENESIS
        count = 0
        rows = [list(r) for r in self._rows(conn)]
        n = len(self.fields)
        seq = 0
        for r in rows:
            row = {**dict(zip(self.fields, r[:n], strict=True)), "prev": prev}
            seq = int(row["seq"])
            sealed = (
                r[n + 2]
                if r[n + 2] is not None
                else _mac(key, b"seal", [row[f] for f in self.redactable])
            )
            digest = sealed_hash(key, prev, [row[f] for f in self.public], sealed)
            conn.execute(
                f"UPDATE {self.table} SET prev = ?, hash = ?, sealed = ? WHERE seq = ?",
                (prev, digest, sealed, seq),
            )
            prev = digest
            count += 1
        if count:
            self._mark(conn, seq, prev)
        return count

    def rechain(self, conn: Any, key: bytes) -> None:
        """Sign every entry again with ``key`` (a re-key, after the old chain verified).

        Unsealed entries keep the old form; a sealed entry gets a new seal from its
        values, except a redacted one, whose seal of the values it no longer holds stays.
        """
        n = len(self.fields)
        prev = GENESIS
        seq = 0
        for r in [list(x) for x in self._rows(conn)]:
            row = {**dict(zip(self.fields, r[:n], strict=True)), "prev": prev}
            seq = int(r[0])
            sealed, redacted = r[n + 2], r[n + 3]
            if sealed is None:
                digest = entry_hash(key, prev, r[:n])
            else:
                if redacted is None:
                    sealed = _mac(key, b"seal", [row[f] for f in self.redactable])
                digest = sealed_hash(key, prev, [row[f] for f in self.public], sealed)
            conn.execute(
                f"UPDATE {self.table} SET prev = ?, hash = ?"
                + (", sealed = ?" if sealed is not None else "")
                + " WHERE seq = ?",
                (prev, digest, *([sealed] if sealed is not None else []), seq),
            )
            prev = digest
        if seq:
            self._mark(conn, seq, prev)

    def redact(self, conn: Any, key: bytes, seq: int, values: dict[str, object], on: str) -> str:
        """Overwrite the redactable fields of entry ``seq``; return its ledger digest."""
        if set(values) - set(self.redactable):
            raise ValueError("only redactable fields can be redacted")
        row = conn.execute(
            f"SELECT {', '.join(self.redactable)} FROM {self.table} WHERE seq = ?", (seq,)
        ).fetchone()
        new = {**dict(zip(self.redactable, row, strict=True)), **values}
        sets = ", ".join(f"{f} = ?" for f in self.redactable)
        conn.execute(
            f"UPDATE {self.table} SET {sets}, redacted = ? WHERE seq = ?",
            [*(new[f] for f in self.redactable), on, seq],
        )
        return redaction_digest([new[f] for f in self.redactable])


def redaction_ledger(conn: Any) -> dict[str, dict[int, str]]:
    """{table: {seq: digest}} from the audit trail's ledger entries; the latest wins."""
    ledger: dict[str, dict[int, str]] = {}
    cols = {r[1] for r in conn.execute("PRAGMA table_info(audit)")}
    if "event" not in cols:
        return ledger
    for (detail,) in conn.execute(
        "SELECT detail FROM audit WHERE event = ? ORDER BY seq", (LEDGER_EVENT,)
    ):
        try:
            entries = json.loads(detail).get("entries", {})
        except (ValueError, AttributeError):
            continue
        for table, by_seq in entries.items():
            for seq, digest in by_seq.items():
                ledger.setdefault(table, {})[int(seq)] = str(digest)
    return ledger


AUDIT = Chain(
    "audit", ["seq", "at", "actor", "event", "client_id", "detail"], ["client_id", "detail"]
)
DISCLOSURES = Chain(
    "disclosures",
    [
        "seq",
        "ref",
        "at",
        "actor",
        "kind",
        "client_id",
        "release_id",
        "recipient_org_id",
        "digest",
        "detail",
    ],
    ["client_id", "release_id", "recipient_org_id", "digest", "detail"],
)
ALL = (AUDIT, DISCLOSURES)
