"""What this computer last saw of a vault: whole-file rollback on the same computer.

A whole older ``vault.db`` (with its own ``vault.state``) is authentic in every page,
and its seal is its own: nothing inside the vault can tell it is old.  So each time a
vault is locked, the newest entry of its audit trail (number and hash) and the
generation of its security seal (store/seal.py) are written to the user's state
folder, sealed with a MAC under a sub-key of the vault's data key (no client data:
the vault's id, two numbers and two digests).  An opening that finds the vault behind
that record says "this vault is older than the one last opened here", records it in
the audit trail, and ``safefile check`` says so.

A record whose MAC does not verify under this vault's key (a re-key since, or a file
changed by someone) is no record: it is replaced at the next locking.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safefile.errors import SafeFileError
from safefile.fsutil import atomic_write, private_mkdir

OLDER_WARNING = (
    "Warning: this vault is older than the one last opened here. Its audit trail ends "
    "before what this computer last saw, so it may be an older copy put in place of the "
    "current one: anything recorded since (a revocation, a restriction, a legal hold) is "
    "missing from it. If you did not restore a backup on purpose, stop, and find the "
    "newest copy of the vault."
)
OLDER_EVENT = "vault older than last opened here"
PURPOSE = "seen"


@dataclass(frozen=True)
class Head:
    audit_seq: int
    audit_hash: str
    generation: int


def folder() -> Path:
    """The user's state folder for SafeFile (platformdirs), ``seen/`` in it."""
    import platformdirs

    return Path(platformdirs.user_state_dir("SafeFile", appauthor=False)) / "seen"


def _path(vault_id: str) -> Path:
    return folder() / f"{vault_id}.json"


def _mac(key: bytes, vault_id: str, head: Head) -> str:
    body = json.dumps(
        ["seen", vault_id, head.audit_seq, head.audit_hash, head.generation],
        separators=(",", ":"),
    ).encode("ascii")
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def head_of(conn: Any, generation: int) -> Head:
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return Head(int(row[0]), str(row[1]), generation) if row else Head(0, "", generation)


def recorded(key: bytes, vault_id: str) -> Head | None:
    """This computer's record for the vault, or None (none, unreadable, or not sealed
    with this vault's key)."""
    try:
        data = json.loads(_path(vault_id).read_bytes())
        head = Head(int(data["audit_seq"]), str(data["audit_hash"]), int(data["generation"]))
        mac = str(data["mac"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return head if hmac.compare_digest(_mac(key, vault_id, head), mac) else None


def is_older(now: Head, last: Head | None) -> bool:
    """The vault's ``now`` is behind what this computer last saw."""
    if last is None:
        return False
    return (
        now.audit_seq < last.audit_seq
        or now.generation < last.generation
        or (now.audit_seq == last.audit_seq and now.audit_hash != last.audit_hash)
    )


def remember(key: bytes, vault_id: str, head: Head) -> None:
    """Write this computer's record (atomically); a failure to write is not the user's
    problem at locking, so it is left for the next time."""
    data = {
        "vault_id": vault_id,
        "audit_seq": head.audit_seq,
        "audit_hash": head.audit_hash,
        "generation": head.generation,
        "mac": _mac(key, vault_id, head),
    }
    try:
        private_mkdir(folder())
        atomic_write(_path(vault_id), json.dumps(data).encode("ascii"))
    except (OSError, SafeFileError):
        return


def forget(vault_id: str) -> None:
    """Drop the record (a restore put an older vault in place on purpose)."""
    try:
        os.unlink(_path(vault_id))
    except OSError:
        return
