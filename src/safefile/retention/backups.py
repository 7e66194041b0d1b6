"""Which backups still hold destroyed records, and replacing them.

A backup is an encrypted copy of the whole vault: one made before a destruction
still holds what was destroyed.  SafeFile knows the backups in the folder of its
backup policy (recognised by their header, never by name alone); copies made
elsewhere it cannot see, so the user is told to look for those too.
"""

from __future__ import annotations

from pathlib import Path

from safefile.backup.policy import Policy, backup_now, ours
from safefile.errors import InvalidInput
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

ELSEWHERE = (
    "Backups you copied anywhere else (another drive, another folder) also still hold the "
    "destroyed records: delete those yourself."
)


def last_destruction(vault: Vault) -> str | None:
    row = vault.db.execute("SELECT max(at) FROM destructions").fetchone()
    return None if row is None or row[0] is None else str(row[0])


def holding(vault: Vault) -> list[Path]:
    """Backups in the policy's folder made before the latest destruction, oldest first."""
    since = last_destruction(vault)
    policy = Policy.of(vault)
    if since is None or policy is None or not policy.folder.is_dir():
        return []
    return [p for created, p in ours(vault, policy.folder) if created and created < since]


@allowed(Action.DESTROY)
def replace(vault: Vault, *, actor: Actor) -> tuple[Path, list[Path]]:
    """Make a fresh backup, then delete the backups that still hold destroyed records."""
    policy = Policy.of(vault)
    if policy is None:
        raise InvalidInput("No backup folder is set. Choose one on the Backups tab first.")
    old = holding(vault)
    info = backup_now(vault, policy)
    removed: list[Path] = []
    for p in old:
        if p.exists() and p != info.path:
            p.unlink()
            removed.append(p)
    vault.audit("backups holding destroyed records deleted", count=len(removed), actor=actor)
    return info.path, removed
