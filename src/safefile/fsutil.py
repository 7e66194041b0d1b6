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

from safefile.errors import InvalidInput

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600

# What makes a folder a vault (store/vault.py names them; repeated here because the
# store imports this module).  A folder holding either is a vault, whole or damaged.
VAULT_MARKERS = ("vault.json", "vault.db")


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


def vault_containing(path: Path | str, *, include_self: bool = True) -> Path | None:
    """The vault folder that ``path`` is in (links followed), or None.

    ``include_self`` counts ``path`` itself when it is a vault folder.
    """
    resolved = Path(os.path.realpath(Path(path).expanduser()))
    candidates = [resolved, *resolved.parents] if include_self else list(resolved.parents)
    for folder in candidates:
        try:
            if folder.is_dir() and any((folder / m).exists() for m in VAULT_MARKERS):
                return folder
        except OSError:  # a folder we may not look into is not a vault we can harm
            continue
    return None


def refuse_inside_vault(path: Path | str, *, allow_vault_itself: bool = False) -> Path:
    """``path`` unchanged, or InvalidInput when writing there would write into a vault.

    Every place a user chooses for an output (a backup, an export, a restore, a new
    vault, a report) passes through here first: the path is resolved with its links
    followed, and neither it nor any folder above it may be a vault.  A backup
    written over ``vault.db`` would destroy the vault it copies.  ``allow_vault_itself``
    is for ``restore --replace``, whose target is a whole vault, never a part of one.
    """
    vault = vault_containing(path, include_self=not allow_vault_itself)
    if vault is not None:
        raise InvalidInput(
            f"{path} is inside the SafeFile vault {vault}. Nothing was written: writing "
            "there could destroy the vault. Choose a folder outside the vault, for "
            "example another drive."
        )
    return Path(path)
