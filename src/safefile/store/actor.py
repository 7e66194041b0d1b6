"""Who acts: the person whose name signs, witnesses, revokes and makes entries.

The session fixes it: opening or creating a vault sets ``vault.actor`` from the
practitioner's signature the settings keep (the login name until one is set), and
changing the practitioner in the settings moves it.  Every core call that records
something takes an :class:`Actor` as a required argument; the command line and the
app pass ``vault.actor``.  This module imports nothing of the store.
"""

from __future__ import annotations

import getpass
from typing import NamedTuple


class Actor(NamedTuple):
    """Immutable; a NamedTuple, not a dataclass, because the command line imports this
    before it parses, and ``dataclasses`` alone costs 7 ms of every start (issue 18)."""

    name: str
    # The staff member (issue 28): their id in the ``staff`` table, and their role
    # (staff/roles.Role's value). A vault without staff accounts has one person, who may
    # do everything: no id, the administrator's role.
    uid: str = ""
    role: str = "administrator"

    def __str__(self) -> str:
        return self.name


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "staff"


def session_actor(signature: str | None) -> Actor:
    """The person a session acts as, from the signature the vault keeps (meta
    ``user_name``: the practitioner's name and credentials, or the name given at
    creation); the login name when there is none.  Read once, at the opening."""
    return Actor(signature or os_user())


__all__ = ["Actor", "os_user", "session_actor"]
