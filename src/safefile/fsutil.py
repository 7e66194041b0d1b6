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


# --- staging folders ---------------------------------------------------------------
# A restore, a backup check and a new vault are built in a hidden staging folder
# (encrypted, with the key file) and renamed into place.  A killed process leaves it
# behind; the next start removes it.  A live one holds an OS lock on ``.in-use``
# inside it, so a second process never removes a folder still being built.

IN_USE = ".in-use"
STALE_AFTER_SECONDS = 600  # a folder with no lock file is old when untouched this long


def hold_staging(folder: Path) -> int:
    """Mark ``folder`` as being built by this process; returns the fd to release."""
    fd = os.open(Path(folder) / IN_USE, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
    if os.name == "posix":
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def release_staging(fd: int | None) -> None:
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


def _in_use(folder: Path) -> bool:
    marker = folder / IN_USE
    if not marker.is_file():
        import time

        try:
            return time.time() - folder.stat().st_mtime < STALE_AFTER_SECONDS
        except OSError:
            return True
    if os.name != "posix":  # pragma: no cover - no lock to test: go by age
        return False
    import fcntl

    try:
        fd = os.open(marker, os.O_RDONLY)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def remove_stale_staging(candidates: list[Path]) -> list[Path]:
    """Remove the staging folders among ``candidates`` that no live process holds."""
    import shutil

    removed: list[Path] = []
    for folder in candidates:
        if folder.is_symlink() or not folder.is_dir() or _in_use(folder):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(folder)
    return removed


def staging_folders_beside(target: Path) -> list[Path]:
    """Hidden staging folders a restore or a new vault at ``target`` would leave."""
    target = Path(target)
    if not target.parent.is_dir():
        return []
    found: list[Path] = []
    for kind in ("restoring", "creating"):
        found += target.parent.glob(f".{target.name}.{kind}-*")
    return sorted(found)


def temp_staging_folders() -> list[Path]:
    """Backup checks' private copies in the system's temporary folder."""
    import tempfile

    return sorted(Path(tempfile.gettempdir()).glob("safefile-verify-*"))


def recover_replaced(target: Path) -> None:
    """A restore that replaced ``target`` moves the old vault aside, renames the new one
    in, then removes the old.  Killed between the renames, ``target`` is missing: put
    the old vault back.  Killed after, the old copy is left: remove it."""
    import shutil

    target = Path(target)
    if not target.parent.is_dir():
        return
    for old in sorted(target.parent.glob(f".{target.name}.replaced-*")):
        if old.is_symlink() or not old.is_dir():
            continue
        if not target.exists():
            os.rename(old, target)
            fsync_dir(target.parent)
        else:
            shutil.rmtree(old, ignore_errors=True)
