"""Who acts: the member the session was unlocked by (``vault.actor``), shown, never typed.

The witness of a release, the person who took a revocation and who told a client how
their information is kept are the session's member (issue 28): the core records
``actor`` and signs with that member's key, so a name typed in a box could only differ
from what is recorded.  The field below shows the name read-only; the dialogs pass no
name of their own.  A client's or a parent's name as signer stays typed: not staff.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from safefile.ui.worker import VaultService


def session_name(service: VaultService) -> str:
    """The name the open session acts as ("" while locked)."""
    vault = service.worker.vault
    return vault.actor.name if vault is not None and vault.is_open else ""


def session_field(service: VaultService, what: str) -> QLineEdit:
    """A read-only line with the session's name, for ``what`` (its accessible name)."""
    edit = QLineEdit(session_name(service))
    edit.setReadOnly(True)
    edit.setAccessibleName(what)
    edit.setToolTip(
        "The person who unlocked SafeFile. To record it as someone else, lock SafeFile "
        "and let them unlock with their own name."
    )
    return edit


__all__ = ["session_field", "session_name"]
