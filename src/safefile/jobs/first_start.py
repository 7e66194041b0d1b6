"""The first start of a new vault: the program's settings, its seal, the service types it
offers and where its backups go, all of it or none of it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from safefile import settings
from safefile.backup.policy import Policy
from safefile.export import seal
from safefile.records import services, writes
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault


@allowed(Action.CHANGE_SETTINGS)
def first_start(
    vault: Vault,
    changes: dict[str, Any],
    *,
    offered: Iterable[str],
    chosen: Iterable[str],
    backup_folder: Path | None = None,
    actor: Actor,
) -> None:
    """Save the first start's ``changes`` (settings.first_start), make the program seal,
    turn on the ``chosen`` service types of those ``offered`` and retire the others, and
    keep the backup folder if one was given; a refusal of any part changes nothing."""
    picked = set(chosen)
    with writes.together(vault):
        settings.first_start(vault, changes)
        seal.ensure(vault, actor=actor)  # the program seal, made at first start (issue 25)
        active = set(services.service_types(vault))  # seeds the defaults
        for name in offered:
            if name in picked and name not in active:
                services.add_service_type(vault, name, actor=actor)
            elif name not in picked and name in active:
                services.retire_service_type(vault, name, actor=actor)
        if backup_folder is not None:
            Policy(backup_folder).save(vault)
