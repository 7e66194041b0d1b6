"""What this computer recorded of each vault's key derivation (issue 29, F11).

Argon2id runs before anything authenticates the key file, so a key file changed to ask
for far more work than SafeFile made stalls the unlock, and then fails as if the
passphrase were wrong.  Each time this computer makes or opens a key file, it records
the file's parameters (memory, passes, lanes: nothing secret, no client data) in this
user's SafeFile data folder, one small file per vault id.  At the next opening:

* parameters that ask for more than 4 times the recorded work (memory times passes),
  or more than 4 times any one of them, are refused before any derivation;
* an unwrap that fails with parameters other than the recorded ones is a changed key
  file, said so, not "wrong passphrase".

Without a record (another computer, another user) the fixed bounds of
``keys.check_kdf_bounds`` and ``header.check_kdf_bounds`` still hold.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from safefile.errors import DamagedFile
from safefile.fsutil import atomic_write, private_mkdir, user_data_dir
from safefile.store.keys import KdfParams

FACTOR = 4
CHANGED = (
    "The vault's key file was changed: it asks for other key-derivation settings than "
    "this computer recorded for this vault (memory {memory:,} KiB, {passes:,} passes, "
    "{lanes:,} lanes; recorded: {r_memory:,} KiB, {r_passes:,} passes, {r_lanes:,} lanes). "
    "Nothing was done. If the passphrase was changed on another computer, open the vault "
    "there; otherwise restore the vault from your last backup."
)


def _path(vault_id: str) -> Path:
    safe = "".join(c for c in vault_id if c.isascii() and c.isalnum())[:64] or "unknown"
    return user_data_dir() / "calibration" / f"{safe}.json"


def recorded(vault_id: str) -> tuple[int, int, int] | None:
    """(memory KiB, passes, lanes) this computer last recorded for the vault, or None."""
    try:
        doc = json.loads(_path(vault_id).read_text("utf-8"))
        values = (int(doc["memory_kib"]), int(doc["time_cost"]), int(doc["parallelism"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return values if all(v > 0 for v in values) else None


def remember(vault_id: str, kdf: KdfParams) -> None:
    """Record the parameters of a key file this computer made or opened (best effort: a
    data folder that takes no writes only loses the check)."""
    values = (kdf.memory_kib, kdf.time_cost, kdf.parallelism)
    if recorded(vault_id) == values:
        return
    with contextlib.suppress(OSError):
        path = _path(vault_id)
        private_mkdir(path.parent)
        doc = {"memory_kib": values[0], "time_cost": values[1], "parallelism": values[2]}
        atomic_write(path, json.dumps(doc).encode())


def _message(kdf: KdfParams, rec: tuple[int, int, int]) -> str:
    return CHANGED.format(
        memory=kdf.memory_kib,
        passes=kdf.time_cost,
        lanes=kdf.parallelism,
        r_memory=rec[0],
        r_passes=rec[1],
        r_lanes=rec[2],
    )


def refuse_far_beyond(vault_id: str, kdf: KdfParams) -> None:
    """Before deriving: DamagedFile when the key file asks for more than ``FACTOR`` times
    the recorded work, or memory, passes or lanes."""
    rec = recorded(vault_id)
    if rec is None:
        return
    memory, passes, lanes = rec
    if (
        kdf.memory_kib * kdf.time_cost > FACTOR * memory * passes
        or kdf.memory_kib > FACTOR * memory
        or kdf.time_cost > FACTOR * passes
        or kdf.parallelism > FACTOR * lanes
    ):
        raise DamagedFile(_message(kdf, rec))


def changed(vault_id: str, kdf: KdfParams) -> str | None:
    """After a failed unwrap: the changed-key-file message when the parameters are not the
    recorded ones (then the passphrase is not what is wrong), else None."""
    rec = recorded(vault_id)
    if rec is None or rec == (kdf.memory_kib, kdf.time_cost, kdf.parallelism):
        return None
    return _message(kdf, rec)
