"""The backup policy the app uses: a folder, timestamped files kept N deep, a reminder.

Each run writes a new file named with the time (never one file overwritten on
each run: users of other encrypted stores lost data exactly that way), then
removes the oldest of *this vault's* backups beyond ``keep``, recognising them
by their header (never by name alone).  The time of the last good backup is kept
in the vault so the app can remind the user when it is old.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from safefile.backup import archive
from safefile.backup.archive import Progress
from safefile.backup.core import BackupInfo, make_backup, verify_backup
from safefile.errors import DamagedFile, InvalidInput
from safefile.store.vault import Vault

FOLDER_KEY, KEEP_KEY, MAX_AGE_KEY = "backup_folder", "backup_keep", "backup_max_age_days"
LAST_KEY = "last_backup_at"
DEFAULT_KEEP, DEFAULT_MAX_AGE_DAYS = 10, 7
AUTO_EVERY = timedelta(days=1)
NEW_BACKUP_BAD = (
    "The new backup did not check out when it was read back, so it was removed and your "
    "older backups were kept. The backup drive may be failing: try again, and if it "
    "happens again use another drive."
)


@dataclass(frozen=True)
class Policy:
    folder: Path
    keep: int = DEFAULT_KEEP
    max_age_days: int = DEFAULT_MAX_AGE_DAYS

    @classmethod
    def of(cls, vault: Vault) -> Policy | None:
        folder = vault.get_meta(FOLDER_KEY)
        if not folder:
            return None
        return cls(
            Path(folder),
            int(vault.get_meta(KEEP_KEY) or DEFAULT_KEEP),
            int(vault.get_meta(MAX_AGE_KEY) or DEFAULT_MAX_AGE_DAYS),
        )

    def save(self, vault: Vault) -> None:
        """Store the policy in the vault, all of it or none of it."""
        if self.keep < 1:
            raise InvalidInput("Keep at least one backup.")
        if self.max_age_days < 1:
            raise InvalidInput("The reminder needs at least one day between backups.")
        folder, home = Path(self.folder).resolve(), vault.path.resolve()
        if folder == home or home in folder.parents:
            raise InvalidInput(
                "Backups kept inside the vault's own folder would be lost with it. Choose "
                "another folder, ideally on an external drive you keep locked away."
            )
        vault.set_metas(
            {
                FOLDER_KEY: str(self.folder),
                KEEP_KEY: str(self.keep),
                MAX_AGE_KEY: str(self.max_age_days),
            }
        )


def backup_now(
    vault: Vault, policy: Policy, progress: Progress | None = None, *, check: bool = True
) -> BackupInfo:
    """A new backup in the policy's folder, checked, then the oldest beyond ``keep`` removed.

    The new file is read back and checked with the vault's own key before anything old is
    removed: a backup that does not check out (a failing drive) is deleted and the older
    ones are kept.  ``progress`` sees writing as the first half and checking as the second.
    """
    if not policy.folder.is_dir():
        raise InvalidInput(
            f"The backup folder {policy.folder} is not there. Connect the backup drive, or "
            "choose another folder on the Backups tab."
        )
    # Temporary files of a run that was killed (the vault's lock says none is running now).
    for stale in policy.folder.glob(f".safefile-{vault.header.vault_id[:8]}-*"):
        stale.unlink(missing_ok=True)
    stamp = vault.clock.now().astimezone().strftime("%Y%m%d-%H%M%S")
    dest = policy.folder / f"safefile-{vault.header.vault_id[:8]}-{stamp}{archive.SUFFIX}"
    n = 1
    while dest.exists():
        n += 1
        dest = dest.with_name(f"safefile-{vault.header.vault_id[:8]}-{stamp}-{n}{archive.SUFFIX}")

    def half(offset: int) -> Progress | None:
        if progress is None:
            return None
        return lambda done, total: progress(offset * total + done, 2 * total)

    before = vault.get_meta(LAST_KEY)
    info = make_backup(vault, dest, half(0) if check else progress)
    if check:
        try:
            with vault.keyring.lend() as key:
                verify_backup(dest, clock=vault.clock, record_in=vault, progress=half(1), key=key)
        except BaseException as exc:  # stopped or bad: no unchecked file stays behind
            dest.unlink(missing_ok=True)
            vault.set_meta(LAST_KEY, before or "")
            if isinstance(exc, DamagedFile):
                vault.audit("backup failed its check", actor=vault.actor)
                raise DamagedFile(NEW_BACKUP_BAD) from None
            raise
    prune(vault, policy)
    return info


def backup_due(vault: Vault) -> bool:
    """Whether the app should back up on its own now: a folder is set and present, and the
    last backup is a day old or more (or there was none)."""
    policy = Policy.of(vault)
    if policy is None or not policy.folder.is_dir():
        return False
    last = last_backup(vault)
    return last is None or vault.clock.now() - last >= AUTO_EVERY


def backup_if_due(vault: Vault) -> BackupInfo | None:
    """The app's own schedule (daily while open, and when it locks or quits): a checked
    backup if one is due, else None."""
    policy = Policy.of(vault)
    if policy is None or not backup_due(vault):
        return None
    return backup_now(vault, policy)


def ours(vault: Vault, folder: Path) -> list[tuple[str, Path]]:
    """(created, path) of this vault's backups in ``folder``, oldest first."""
    found: list[tuple[str, Path]] = []
    for p in folder.glob(f"*{archive.SUFFIX}"):
        try:
            with p.open("rb") as fh:
                meta, _ = archive.read_header(fh)
        except (DamagedFile, OSError):
            continue
        if meta.get("vault_id") == vault.header.vault_id:
            found.append((str(meta.get("created", "")), p))
    return sorted(found)


def newest_backup(*folders: Path) -> Path | None:
    """The most recent SafeFile backup in ``folders`` (by the time its header says it was
    made; its plain header holds no client data), for a restore to offer first."""
    found: list[tuple[str, Path]] = []
    for folder in folders:
        try:
            candidates = list(folder.glob(f"*{archive.SUFFIX}"))
        except OSError:
            continue
        for p in candidates:
            try:
                with p.open("rb") as fh:
                    meta, _ = archive.read_header(fh)
            except (DamagedFile, OSError):
                continue
            found.append((str(meta.get("created", "")), p))
    return max(found)[1] if found else None


def prune(vault: Vault, policy: Policy) -> list[Path]:
    backups = ours(vault, policy.folder)
    removed = [p for _, p in backups[: max(0, len(backups) - policy.keep)]]
    for p in removed:
        p.unlink(missing_ok=True)
    if removed:
        vault.audit("old backups removed", count=len(removed), actor=vault.actor)
    return removed


def last_backup(vault: Vault) -> datetime | None:
    value = vault.get_meta(LAST_KEY)
    return datetime.fromisoformat(value) if value else None


def reminder(vault: Vault) -> str | None:
    """A plain sentence when a backup is due, or None."""
    policy = Policy.of(vault)
    last = last_backup(vault)
    if policy is None:
        return (
            "No backup folder is set. Choose one (an external drive you keep locked away) "
            "on the Backups tab."
        )
    if last is None:
        return "This vault has never been backed up. Back it up now."
    age = vault.clock.now() - last
    if age > timedelta(days=policy.max_age_days):
        return f"The last backup was {age.days} days ago. Back up now."
    return None


def backups_under_an_old_key(vault: Vault, *extra_folders: Path) -> list[Path]:
    """This vault's backups that its current key file does not open: made before a
    re-key, they still open with the old passphrase (and old recovery key), so whoever
    knew it can read them.  Looked for in the backup folder, beside the vault and in
    ``extra_folders``; the app and the command line offer a fresh backup and list these
    to be destroyed.
    """
    folders = {vault.path.parent, *extra_folders}
    policy = Policy.of(vault)
    if policy is not None:
        folders.add(policy.folder)
    current = _wraps_of(vault.header.model_dump())
    found: list[Path] = []
    for folder in sorted(folders):
        if not folder.is_dir():
            continue
        for _, p in ours(vault, folder):
            try:
                with p.open("rb") as fh:
                    meta, _ = archive.read_header(fh)
            except (DamagedFile, OSError):
                continue
            if not _wraps_of(meta.get("key_file") or {}) & current:
                found.append(p)
    return found


def _wraps_of(key_file: dict[str, Any]) -> set[str]:
    """The wraps of the data key a key file holds: the passphrase's, and each staff
    member's slot (issue 28); a re-key changes every one of them."""
    wraps = {str((key_file.get("passphrase_wrap") or {}).get("ciphertext") or "")}
    for slot in key_file.get("members") or ():
        if isinstance(slot, dict):
            wraps.add(str((slot.get("data_key") or {}).get("sealed") or ""))
    return wraps - {""}
