"""Who acts: the person whose name signs, witnesses, revokes and makes entries.

Every core call that records something takes an :class:`Actor`.  Where the
caller has none to give, ``actor_for(vault)`` says who it is, and it is the one
place that does: today the vault's user name (the login name unless set at
creation); the practitioner's name from the settings will take its place here.
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from safefile.store.vault import Vault


class Actor(NamedTuple):
    """Immutable; a NamedTuple, not a dataclass, because the command line imports this
    before it parses, and ``dataclasses`` alone costs 7 ms of every start (issue 18)."""

    name: str

    def __str__(self) -> str:
        return self.name


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "staff"


def actor_for(vault: Vault) -> Actor:
    """The person acting in this vault (the one place that decides it)."""
    return Actor(vault.get_meta("user_name") or os_user())


__all__ = ["Actor", "actor_for", "os_user"]
