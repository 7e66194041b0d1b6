"""Files written safely: private permissions and atomic replacement.

``atomic_write`` writes to a temporary file in the destination's own folder,
fsyncs it, renames it over the destination and fsyncs the folder, so a crash
at any moment leaves either the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def secure_process_defaults() -> None:
    """Files this process creates are readable by the user alone."""
    os.umask(0o077)


def private_mkdir(path: Path) -> Path:
    """Create ``path`` and any missing parents readable by the user alone.

    Folders that already exist are left as they are: the user's own folders
    (their home, /tmp, a USB drive) are theirs to set, never ours to change.
    """
    missing: list[Path] = []
    p = Path(path)
    while not p.exists():
        missing.append(p)
        p = p.parent
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR_MODE)
        if os.name == "posix" and stat.S_IMODE(folder.stat().st_mode) & 0o077:
            os.chmod(folder, PRIVATE_DIR_MODE)
    return Path(path)


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_path_beside(dest: Path) -> Path:
    # A dot-name that no reader mistakes for the real file.
    return dest.with_name(f".{dest.name}.{os.urandom(6).hex()}.part")


@contextlib.contextmanager
def atomic_writer(dest: Path) -> Iterator[BinaryIO]:
    """Yield a file to write; on success it replaces ``dest`` atomically.

    On any error the temporary file is removed and ``dest`` is untouched.
    """
    dest = Path(dest)
    tmp = temp_path_beside(dest)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def atomic_write(dest: Path, data: bytes) -> None:
    with atomic_writer(dest) as fh:
        fh.write(data)
