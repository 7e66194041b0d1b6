"""Tombstones: what a restore of an older backup must destroy again.

A backup made before a destruction still holds the destroyed files.  So that a
restore never brings one back silently, every destruction leaves a *tombstone*
per file: a keyed token, HMAC-SHA256 under a key derived from the vault's data
key, of the vault's id, the file's internal number and the second it was created.
Without the data key a token says nothing (not even a number); with it, it
matches exactly one file of this vault, in any backup of it.

Tombstones are kept in three places, none of which holds a name:

1. the vault's own ``tombstones`` table, so every later backup carries them;
2. this computer's SafeFile data folder (``$SAFEFILE_DATA_DIR``, else the usual
   per-user data folder), one file per vault id: found by a restore into a NEW
   vault on this computer, whatever the old vault's folder became;
3. beside the backups, in the backup folder of the vault's policy: found by a
   restore of any backup from that folder, on any computer.

``reapply`` runs inside every restore (backup/core.py): it reads all three,
destroys the files (and process notes) they name, and says how many.  Limits:
a backup made before ``passwd --rekey`` has another data key, so its tokens do
not match (docs/decisions.md says what to do then); tombstones that were never
written anywhere the restore can see (another computer, the backup folder not at
hand) cannot be applied.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from safefile.fsutil import atomic_write, private_mkdir, user_data_dir
from safefile.store.vault import Vault

KIND_FILE, KIND_NOTES = "file", "process notes"
SIDECAR = "safefile-{vid}.destroyed.json"


def data_dir() -> Path:
    """This user's SafeFile data folder (no client data is kept there, only tombstones)."""
    return user_data_dir()


def _token(key: bytes, vault_id: str, client_id: int, created_at: str) -> str:
    msg = f"{vault_id}:{client_id}:{created_at}".encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def tokens_for(vault: Vault, client_ids: Iterable[int], kind: str) -> list[tuple[str, str]]:
    key = vault.key_for("tombstone")
    out: list[tuple[str, str]] = []
    for cid in sorted(set(client_ids)):
        row = vault.db.execute("SELECT created_at FROM clients WHERE id = ?", (cid,)).fetchone()
        if row is not None:
            out.append((_token(key, vault.header.vault_id, cid, str(row[0])), kind))
    return out


def record(vault: Vault, tokens: list[tuple[str, str]], on: date) -> None:
    """Keep tokens in the vault (inside the destruction's transaction)."""
    vault.db.executemany(
        "INSERT OR IGNORE INTO tombstones (token, kind, destroyed_on) VALUES (?, ?, ?)",
        [(t, k, on.isoformat()) for t, k in tokens],
    )


def stored(vault: Vault) -> list[dict[str, str]]:
    return [
        {"token": r[0], "kind": r[1], "destroyed_on": r[2]}
        for r in vault.db.execute("SELECT token, kind, destroyed_on FROM tombstones ORDER BY token")
    ]


def _places(vault: Vault) -> list[Path]:
    vid = vault.header.vault_id
    places = [data_dir() / "destroyed" / f"{vid}.json"]
    folder = vault.get_meta("backup_folder")
    if folder and Path(folder).is_dir():
        places.append(Path(folder) / SIDECAR.format(vid=vid[:8]))
    return places


def _read(path: Path, vault_id: str) -> list[dict[str, str]]:
    try:
        doc = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(doc, dict) or doc.get("vault_id") != vault_id:
        return []
    return [t for t in doc.get("tombstones", []) if isinstance(t, dict) and "token" in t]


def publish(vault: Vault) -> list[Path]:
    """Write the vault's tombstones (merged with what is there) to places a restore looks."""
    written: list[Path] = []
    mine = stored(vault)
    if not mine:
        return written
    vid = vault.header.vault_id
    for path in _places(vault):
        merged = {t["token"]: t for t in _read(path, vid)}
        merged |= {t["token"]: t for t in mine}
        doc = {"vault_id": vid, "tombstones": sorted(merged.values(), key=lambda t: t["token"])}
        try:
            private_mkdir(path.parent)
            atomic_write(path, json.dumps(doc, indent=1).encode())
            written.append(path)
        except OSError:
            continue  # a backup drive not connected: the other places still hold them
    return written


def known(vault: Vault, extra_dirs: Iterable[Path] = ()) -> list[dict[str, str]]:
    """Every tombstone of this vault the restore can see."""
    vid = vault.header.vault_id
    found = {t["token"]: t for t in stored(vault)}
    paths = [*_places(vault)] + [Path(d) / SIDECAR.format(vid=vid[:8]) for d in extra_dirs]
    for path in paths:
        for t in _read(path, vid):
            found.setdefault(t["token"], t)
    return list(found.values())


def reapply(vault: Vault, extra_dirs: Iterable[Path] = ()) -> tuple[int, int]:
    """Destroy again what tombstones name; return (files, files whose process notes went)."""
    from safefile.retention.destroy import destroy

    stones = known(vault, extra_dirs)
    if not stones:
        return 0, 0
    key = vault.key_for("tombstone")
    vid = vault.header.vault_id
    by_token = {t["token"]: t.get("kind", KIND_FILE) for t in stones}
    files: set[int] = set()
    notes: set[int] = set()
    for cid, created in vault.db.execute("SELECT id, created_at FROM clients"):
        kind = by_token.get(_token(key, vid, int(cid), str(created)))
        if kind == KIND_FILE:
            files.add(int(cid))
        elif kind == KIND_NOTES:
            has_notes = vault.db.execute(
                "SELECT 1 FROM process_notes WHERE client_id = ? LIMIT 1", (cid,)
            ).fetchone()
            if has_notes:
                notes.add(int(cid))
    if files or notes:
        destroy(vault, files, notes, reapplied=True, actor=vault.actor)
    with vault.transaction() as db:  # the restored vault knows them all from now on
        db.executemany(
            "INSERT OR IGNORE INTO tombstones (token, kind, destroyed_on) VALUES (?, ?, ?)",
            [(t["token"], t.get("kind", KIND_FILE), t.get("destroyed_on", "")) for t in stones],
        )
    return len(files), len(notes)


def after_restore(vault: Vault, backup_folder: Path) -> tuple[int, bool]:
    """What a restore runs on the restored vault (backup/core.AfterRestore): destroy again
    what the tombstones name; (files destroyed again, whether any record of destructions
    for this vault was found: in the backup itself, this user's data folder or beside
    the backup).  No record: destroyed files may have come back (issue 29 F14), and the
    caller says so and offers the retention run."""
    found = bool(known(vault, [backup_folder]))
    files, _ = reapply(vault, [backup_folder])
    return files, found


NO_RECORD = (
    "No record of files destroyed under the retention policy was found for this vault: "
    "not in the backup, not in this user's SafeFile data folder, not beside the backup. "
    "If files were destroyed after this backup was made (perhaps under another user "
    "account or on another computer), they may have come back."
)
