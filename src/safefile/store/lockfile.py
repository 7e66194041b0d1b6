"""Who may have the vault open: one writer, and any number of readers beside it.

* ``vault.lock``: an exclusive OS lock held by the one writer (the app, or a command
  that changes the vault).  A second writer gets a clean "already open".
* ``vault.readers``: a shared OS lock held by each reader (``safefile backup``,
  ``check`` and the commands that only show things), so a nightly backup runs while
  the app has the vault open.  A reader never takes ``vault.lock``; SQLite's own
  locking keeps its few writes (the audit entries) in order with the writer's.
  Replacing the database (store/rebuild.py) needs the readers' lock exclusively
  for its duration, so no reader is ever reading a file that is being swapped.

Locks are released by the OS when the process ends, however it ends.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from safefile.errors import AlreadyOpen

ALREADY_OPEN = (
    "This vault is already open in another SafeFile window or command. "
    "Close it there first, then try again."
)
BEING_REBUILT = (
    "The vault's key is being changed by another SafeFile window or command. "
    "Wait until it has finished, then try again."
)
READERS_PRESENT = (
    "A backup or another SafeFile command is reading the vault. Wait until it has "
    "finished, then try again. Nothing was changed."
)
READERS_FILE = "vault.readers"
READ_ONLY_MEDIA = (
    "The vault is on read-only media (or in a folder you may not write to): reading "
    "works, nothing can be changed there, and this reading is not written to its audit "
    "trail."
)


def _flock(fd: int, exclusive: bool) -> None:
    if os.name == "posix":
        import fcntl

        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    else:  # pragma: no cover - Windows has no shared lock here: one reader at a time
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]


class VaultLock:
    def __init__(self, path: Path, *, shared: bool = False) -> None:
        self.path = path
        self.shared = shared
        self._fd: int | None = None
        self.read_only_media = False  # a reader on media that takes no writes

    @property
    def readers_path(self) -> Path:
        return self.path.with_name(READERS_FILE)

    def acquire(self) -> None:
        target = self.readers_path if self.shared else self.path
        try:
            fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            if not (self.shared and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)):
                raise
            # Read-only media (a write-protected drive, a read-only mount): a reader reads.
            # The lock file, if there, is locked read-only; else the lock is this process's
            # alone (in memory): nothing can write the vault there anyway (issue 29).
            self.read_only_media = True
            try:
                fd = os.open(target, os.O_RDONLY)
            except OSError:
                return
        try:
            _flock(fd, exclusive=not self.shared)
        except OSError:
            os.close(fd)
            raise AlreadyOpen(BEING_REBUILT if self.shared else ALREADY_OPEN) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None

    @contextlib.contextmanager
    def without_readers(self) -> Iterator[None]:
        """Hold the readers' lock exclusively (the writer, while it swaps files)."""
        fd = os.open(self.readers_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                _flock(fd, exclusive=True)
            except OSError:
                raise AlreadyOpen(READERS_PRESENT) from None
            yield
        finally:
            os.close(fd)
