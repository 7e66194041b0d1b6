"""Hash-chained, append-only tables: the audit trail and the record of sharing.

Each entry's ``hash`` is an HMAC (keyed from the vault's data key) over the
previous entry's hash and the entry's own fields, so editing, removing or
reordering an entry breaks the chain from that point, and nobody without the
vault's key can forge a consistent chain.  The number of entries and the last
hash are also kept in ``meta`` so that cutting entries off the end is detected.
Triggers (store/schema.py) refuse UPDATE and DELETE on these tables.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from typing import Any

GENESIS = "0" * 64


def canonical(values: Sequence[object]) -> bytes:
    return json.dumps(
        list(values), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def entry_hash(key: bytes, prev: str, values: Sequence[object]) -> str:
    return hmac.new(
        key, prev.encode("ascii") + b"\x1f" + canonical(values), hashlib.sha256
    ).hexdigest()


class Chain:
    """One chained table.  ``fields`` are the columns covered, in order (``seq`` first)."""

    def __init__(self, table: str, fields: Sequence[str]) -> None:
        self.table = table
        self.fields = tuple(fields)

    def _head(self, conn: Any) -> tuple[int, str]:
        row = conn.execute(
            f"SELECT seq, hash FROM {self.table} ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return (int(row[0]), str(row[1])) if row else (0, GENESIS)

    def append(self, conn: Any, key: bytes, values: dict[str, object]) -> int:
        """Append one entry (inside the caller's transaction); return its seq."""
        last_seq, prev = self._head(conn)
        seq = last_seq + 1
        row = {**values, "seq": seq}
        covered = [row.get(f) for f in self.fields]
        digest = entry_hash(key, prev, covered)
        cols = [*self.fields, "prev", "hash"]
        conn.execute(
            f"INSERT INTO {self.table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [*covered, prev, digest],
        )
        conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (f"chain:{self.table}", f"{seq}:{digest}"),
        )
        return seq

    def verify(self, conn: Any, key: bytes) -> list[str]:
        """Problems found (an empty list means the chain is whole)."""
        problems: list[str] = []
        prev = GENESIS
        expected_seq = 1
        cols = ", ".join([*self.fields, "prev", "hash"])
        cur = conn.execute(f"SELECT {cols} FROM {self.table} ORDER BY seq")
        n = len(self.fields)
        for row in cur:
            seq = int(row[0])
            if seq != expected_seq:
                problems.append(f"{self.table}: entry {expected_seq} is missing")
                expected_seq = seq
            if row[n] != prev or entry_hash(key, prev, list(row[:n])) != row[n + 1]:
                problems.append(f"{self.table}: entry {seq} was changed or removed")
                return problems
            prev = row[n + 1]
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


AUDIT = Chain("audit", ["seq", "at", "actor", "event", "client_id", "detail"])
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
)
ALL = (AUDIT, DISCLOSURES)
