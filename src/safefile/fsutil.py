"""Files written safely: private permissions and atomic replacement.

``atomic_write`` writes to a temporary file in the destination's own folder,
fsyncs it, renames it over the destination and fsyncs the folder, so a crash
at any moment leaves either the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from safefile.errors import CannotWrite, DiskFull, InvalidInput, SafeFileError

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600

# What makes a folder a vault (store/vault.py names them; repeated here because the
# store imports this module).  A folder holding either is a vault, whole or damaged.
VAULT_MARKERS = ("vault.json", "vault.db")


PR_SET_DUMPABLE = 4  # linux/prctl.h


def secure_process_defaults() -> None:
    """Files this process creates are readable by the user alone, and it never dumps core.

    A core file of a process with a vault open holds the data key and whatever client
    text was on screen, written in clear by the system (systemd-coredump and apport keep
    them). So the core size limit is 0 (soft and hard: a child cannot raise it) and, on
    Linux, the process is not dumpable (no core, and other processes of the same user
    cannot attach to it or read its memory through /proc).
    """
    os.umask(0o077)
    disable_core_dumps()


def disable_core_dumps() -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows has no core files of this kind
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def user_data_dir() -> Path:
    """This user's SafeFile data folder (``$SAFEFILE_DATA_DIR``, else the usual one). It
    never holds client data: tombstones (retention/tombstones.py) and the key-derivation
    calibration records (store/calibration.py)."""
    env = os.environ.get("SAFEFILE_DATA_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "SafeFile"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "SafeFile"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "safefile"


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
    if os.name == "posix":  # elsewhere a folder cannot be opened to be flushed
        fsync_file(path)


def fsync_file(path: Path) -> None:
    """Flush a file already written and closed (or, on POSIX, a folder's entries) to the
    disk: fsync through a new handle flushes every write made to it, whoever made it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_path_beside(dest: Path) -> Path:
    # A dot-name that no reader mistakes for the real file.
    return dest.with_name(f".{dest.name}.{os.urandom(6).hex()}.part")


@contextlib.contextmanager
def atomic_writer(
    dest: Path, before_replace: Callable[[], None] | None = None
) -> Iterator[BinaryIO]:
    """Yield a file to write; on success it replaces ``dest`` atomically.

    On any error the temporary file is removed and ``dest`` is untouched.
    ``before_replace`` runs once the file is written and fsynced, before it replaces
    ``dest``; an error from it leaves no file either (a backup's last check of the vault).
    """
    dest = Path(dest)
    refuse_not_a_file(dest)
    tmp = temp_path_beside(dest)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if before_replace is not None:
            before_replace()
        refuse_not_a_file(dest)  # again: something may have appeared there meanwhile
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError) and exc.filename is None:
            # A refused write(2) names no file: name the one it was for.
            raise write_failure(exc, dest) or exc from None
        raise


def atomic_write(dest: Path, data: bytes) -> None:
    with atomic_writer(dest) as fh:
        fh.write(data)


# --- when the disk says no -------------------------------------------------------------

# SQLite's result codes for the same conditions (sqlite3.h): FULL, READONLY, CANTOPEN,
# IOERR (its extended codes share the low byte).
SQLITE_FULL, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_IOERR = 13, 8, 14, 10


def _size(n: int) -> str:
    if n < 1000:
        return f"{n:,} bytes"
    if n < 1000**2:
        return f"{n / 1000:.1f} KB"
    if n < 1000**3:
        return f"{n / 1000**2:.1f} MB"
    return f"{n / 1000**3:.1f} GB"


def _existing(path: Path) -> Path:
    p = Path(os.path.abspath(path))
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def disk_full(path: Path, needed: int | None = None) -> DiskFull:
    """The message for a full disk under ``path``: where, what is free, what is needed."""
    where = _existing(path)
    try:
        free_text = f" It has {_size(shutil.disk_usage(where).free)} free"
    except OSError:
        free_text = " It is full"
    need_text = f"; this needs about {_size(needed)}" if needed else ""
    return DiskFull(
        f"The disk holding {where} is full.{free_text}{need_text}. Nothing was changed. "
        "Free some space there (or choose another place) and try again."
    )


def cannot_write(path: Path) -> CannotWrite:
    where = _existing(path)
    return CannotWrite(
        f"SafeFile cannot write to {where}: the disk is read-only or you may not write "
        "there. Nothing was changed. Choose a place you can write to, or fix its permissions."
    )


def write_failure(
    exc: BaseException, path: Path | None, needed: int | None = None
) -> SafeFileError | None:
    """A clear error for a write the disk refused (full, read-only, not allowed), else None.

    ``exc`` is an OSError or an SQLite error (which carries ``sqlite_errorcode``).
    """
    where = Path(path) if path is not None else Path.cwd()
    if isinstance(exc, OSError):
        if exc.filename:
            where = Path(os.fsdecode(exc.filename))
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return disk_full(where, needed)
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return cannot_write(where)
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    if code & 0xFF == SQLITE_FULL:
        return disk_full(where, needed)
    if code & 0xFF in (SQLITE_READONLY, SQLITE_CANTOPEN):
        return cannot_write(where)
    if code & 0xFF == SQLITE_IOERR and is_full(where):
        return disk_full(where, needed)
    return None


def is_full(path: Path) -> bool:
    """Whether the disk holding ``path`` has (almost) no room left."""
    try:
        return shutil.disk_usage(_existing(path)).free < 64 * 1024
    except OSError:
        return False


def os_failure(exc: OSError, where: Path | None = None) -> SafeFileError:
    """A clear error for any refusal of the file system, naming the path it concerns."""
    failure = write_failure(exc, where)
    if failure is not None:
        return failure
    name = os.fsdecode(exc.filename) if exc.filename is not None else "a file"
    if len(name) > 200:
        name = name[:100] + "…" + name[-60:]
    messages = {
        errno.EISDIR: f"{name} is a folder where SafeFile expected a file.",
        errno.ENOTDIR: f"A part of {name} is a file where SafeFile expected a folder.",
        errno.ENAMETOOLONG: f"The name or path {name} is too long for this system.",
        errno.ENOENT: f"{name} does not exist.",
        errno.EEXIST: f"{name} already exists.",
        errno.ELOOP: f"{name} is a link that points to itself.",
    }
    text = messages.get(exc.errno or 0) or f"SafeFile could not use {name} ({exc.strerror})."
    return SafeFileError(f"{text} Nothing was changed.")


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


def refuse_not_a_file(dest: Path) -> None:
    """InvalidInput when something that is not a regular file is at ``dest`` (a device
    such as /dev/null, a pipe, a socket, a folder): replacing it (as root, a device node
    for the whole system) is never what was meant (issue 29 F7).  A link is followed."""
    try:
        mode = os.stat(dest).st_mode
    except FileNotFoundError:
        return
    except OSError:
        return  # the write that follows says what is wrong with the place
    if stat.S_ISREG(mode):
        return
    what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device or a pipe)"
    raise InvalidInput(
        f"{dest} is {what}, so SafeFile will not replace it. Nothing was written. "
        "Give the name of a new file, or of a file to replace."
    )


def output_path(path: Path | str, *, suffix: str | None = None, kind: str = "file") -> Path:
    """The one guard for every output a user chooses (a backup, an export, a report,
    CSV or PDF): outside any vault (``refuse_inside_vault``), named with ``suffix``, in
    a folder that exists, and not over anything that is not a regular file."""
    dest = refuse_inside_vault(Path(path).expanduser())
    if suffix is not None and dest.suffix.lower() != suffix:
        raise InvalidInput(f"The file name must end in {suffix}.")
    if dest.is_dir():
        raise InvalidInput(f"{dest} is a folder; give the {kind} a file name.")
    if not dest.parent.is_dir():
        raise InvalidInput(f"The folder {dest.parent} does not exist. Choose another place.")
    refuse_not_a_file(dest)
    return dest


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
