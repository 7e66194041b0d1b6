"""A restore of a backup, and what it runs on the restored vault: destroy again what the
tombstones name.

Above both ``backup`` and the rest of ``retention``: ``restore`` (what the command line
and the app call) hands ``after_restore`` to ``backup/core.restore_backup`` (``after=``),
so that backup never imports retention, and ``tombstones`` (which ``destroy`` writes)
never imports ``destroy``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from safefile.backup import BackupInfo, restore_backup
from safefile.backup.archive import Progress
from safefile.clock import Clock
from safefile.errors import DamagedFile, RoleRefused, WrongKey
from safefile.records import writes
from safefile.retention import plan, tombstones
from safefile.retention.destroy import destroy
from safefile.staff.roles import Role
from safefile.store import header, keyring, keys
from safefile.store.layout import HEADER_FILE, key_file_of
from safefile.store.vault import Vault


def reapply(vault: Vault, extra_dirs: Iterable[Path] = ()) -> tuple[int, int]:
    """Destroy again what tombstones name; return (files, files whose process notes went)."""
    stones = tombstones.known(vault, extra_dirs)
    if not stones:
        return 0, 0
    key = vault.key_for("tombstone")
    vid = vault.header.vault_id
    by_token = {t["token"]: t.get("kind", tombstones.KIND_FILE) for t in stones}
    files: set[int] = set()
    notes: set[int] = set()
    for cid, created in vault.db.execute("SELECT id, created_at FROM clients"):
        kind = by_token.get(tombstones.token(key, vid, int(cid), str(created)))
        if kind == tombstones.KIND_FILE:
            files.add(int(cid))
        elif kind == tombstones.KIND_NOTES:
            has_notes = vault.db.execute(
                "SELECT 1 FROM process_notes WHERE client_id = ? LIMIT 1", (cid,)
            ).fetchone()
            if has_notes:
                notes.add(int(cid))
    if files or notes:
        destroy(vault, files, notes, reapplied=True, actor=vault.actor)
    with writes.together(vault) as db:  # the restored vault knows them all from now on
        db.executemany(
            "INSERT OR IGNORE INTO tombstones (token, kind, destroyed_on) VALUES (?, ?, ?)",
            [
                (t["token"], t.get("kind", tombstones.KIND_FILE), t.get("destroyed_on", ""))
                for t in stones
            ],
        )
    return len(files), len(notes)


def after_restore(vault: Vault, backup_folder: Path) -> tuple[int, bool]:
    """What a restore runs on the restored vault (backup/core.AfterRestore): destroy again
    what the tombstones name; (files destroyed again, whether any record of destructions
    for this vault was found: in the backup itself, this user's data folder or beside
    the backup).  No record: destroyed files may have come back (issue 29 F14), and the
    caller says so and offers the retention run."""
    found = bool(tombstones.known(vault, [backup_folder]))
    files, _ = reapply(vault, [backup_folder])
    return files, found


@dataclass(frozen=True)
class Restored:
    info: BackupInfo
    # No record of destructions was found for the vault: how many files the policy makes
    # due now in the restored vault (None: a record was found).
    due_now: int | None


REPLACE_NEEDS_ADMINISTRATOR = (
    "Only an administrator of this vault, with their passphrase as it is now, may restore "
    "a backup over it (a backup can hold members removed since, and it undoes everything "
    "recorded after it was made). Nothing was changed."
)


def _may_replace(live: Path, passphrase: str | None, member: str | None) -> None:
    """A backup put over a vault of staff accounts undoes every removal and entry made
    since, so the one restoring must be an active administrator of the live vault: their
    passphrase opens it as it is now (a removed member's slot is gone) and their role is
    the administrator's. A live vault too damaged to open is checked by its key file alone
    (the person is a current member): the reason to restore over it."""
    if not (live / HEADER_FILE).is_file():
        return
    hdr = header.read(key_file_of(live))
    if not hdr.members:
        return  # a single practitioner's vault: as before
    if passphrase is None:
        raise RoleRefused(REPLACE_NEEDS_ADMINISTRATOR, (Role.ADMINISTRATOR,))
    try:
        vault = Vault.open(live, passphrase=passphrase, member=member, shared=True)
    except DamagedFile:
        opened = keyring.unlock(hdr, passphrase=passphrase, member=member)  # WrongKey if not
        keys.wipe(opened.data_key)  # (only who it is was asked: the key goes at once)
        return
    except WrongKey:
        raise RoleRefused(REPLACE_NEEDS_ADMINISTRATOR, (Role.ADMINISTRATOR,)) from None
    try:
        if vault.actor.role != Role.ADMINISTRATOR.value:
            raise RoleRefused(REPLACE_NEEDS_ADMINISTRATOR, (Role.ADMINISTRATOR,))
    finally:
        vault.lock()


def restore(
    path: Path,
    new_vault: Path,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    member: str | None = None,
    replace: bool = False,
    clock: Clock | None = None,
    progress: Progress | None = None,
) -> Restored:
    """Restore a backup into a new vault, destroying again what was destroyed after the
    backup was made: what the command line and the app call, so that neither can restore
    without it. Over a vault of staff accounts, only an administrator of that vault as it
    is now may restore (``_may_replace``)."""
    if replace:
        _may_replace(Path(new_vault), passphrase, member)
    due: list[int] = []

    def after(vault: Vault, folder: Path) -> tuple[int, bool]:
        files, found = after_restore(vault, folder)
        if not found:  # what the policy makes due now, in the restored vault
            due.append(len(plan.due(vault).files))
        return files, found

    info = restore_backup(
        path,
        new_vault,
        passphrase=passphrase,
        recovery_key=recovery_key,
        member=member,
        replace=replace,
        clock=clock,
        progress=progress,
        after=after,
    )
    return Restored(info, due[0] if due else None)
