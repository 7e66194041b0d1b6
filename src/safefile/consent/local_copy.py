"""Command output that carries a client's notes or whole file, written off the screen.

``safefile client show ID --json > file`` used to write the whole record (process notes
included) in clear with only an audit entry, where the app refuses a far smaller
clipboard copy.  A command whose output is not a terminal (a file, a pipe, another
program) now:

* is recorded in the record of sharing as a **local copy**: who, when, which client,
  what it held, and where it went as far as the program can tell;
* never writes process notes unless ``--confirm-process-notes`` is given as well as
  ``--process-notes`` (process notes are kept apart from the record and leave only
  under a release naming them alone, DOMAIN.md).

A local copy is not a disclosure to anyone (it is not in the accounting of
disclosures); it is the staff member's own copy, on the record so that a file of
client information on the workstation can be traced to the command that wrote it.
"""

from __future__ import annotations

import os
import stat
from typing import IO

from safefile.consent import details, log
from safefile.errors import InvalidInput
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

CONFIRM_FLAG = "--confirm-process-notes"
PROCESS_NOTES_OFF_SCREEN = (
    "Process notes are kept apart from the client's record, and this output is not going "
    "to the screen (it goes to a file or another program). Nothing was written. If the "
    f"process notes must be written there, add {CONFIRM_FLAG}; the copy is recorded in "
    "the record of sharing."
)


def is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def destination(stream: IO[str]) -> str:
    """Where the output goes, in words, without naming a file (its name may name a client)."""
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (AttributeError, ValueError, OSError):
        return "another program"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISFIFO(mode):
        return "a pipe to another program"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def check_process_notes(stream: IO[str], *, process_notes: bool, confirmed: bool) -> None:
    """Refuse process notes to anything but a terminal unless confirmed; changes nothing."""
    if process_notes and not confirmed and not is_terminal(stream):
        raise InvalidInput(PROCESS_NOTES_OFF_SCREEN)


@allowed(Action.SHARE)
def record_local_copy(
    vault: Vault,
    stream: IO[str],
    *,
    client_id: int,
    command: str,
    what: list[str],
    actor: Actor,
) -> log.Entry | None:
    """Record the copy in the record of sharing when ``stream`` is not a terminal."""
    if is_terminal(stream):
        return None
    entry = log.append(
        vault,
        details.LocalCopy(command=command, what=what, to=destination(stream)),
        actor=actor,
        client_id=client_id,
    )
    vault.audit("local copy written", client_id=client_id, entry=entry.ref, actor=actor)
    return entry
