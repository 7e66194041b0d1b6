"""One process at a time: an exclusive OS lock on the vault's ``vault.lock``.

The lock is released by the OS when the process ends, however it ends.
"""

from __future__ import annotations

import os
from pathlib import Path

from safefile.errors import AlreadyOpen

ALREADY_OPEN = (
    "This vault is already open in another SafeFile window or command. "
    "Close it there first, then try again."
)


class VaultLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.name == "posix":
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            os.close(fd)
            raise AlreadyOpen(ALREADY_OPEN) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None
