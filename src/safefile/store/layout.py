"""The vault's folder, file by file: the one place each name is spelled (the seal file's
is store/seal.py's), and where a committed rebuild's key file is. A leaf: the command
line's start reads these names without loading any of the store.

    NAME.safefile/
        vault.json     key file: Argon2id parameters, the wrapped data key (store/header.py)
        vault.db       the SQLCipher 4 database (+ -wal/-shm while open)
        vault.state    the security state's seal (store/seal.py)
        documents/     attached documents, each encrypted and authenticated
        vault.lock     held by the one writer that has the vault open
        vault.readers  held (shared) by readers beside it: a backup, a check
        .rebuild-*     a rebuild's staging folder (store/rebuild.py)
"""

from __future__ import annotations

from pathlib import Path

from safefile.errors import NotAVault

HEADER_FILE = "vault.json"
DB_FILE = "vault.db"
LOCK_FILE = "vault.lock"
DOCUMENTS_DIR = "documents"
SUFFIX = ".safefile"
# A rebuild (store/rebuild.py) stages the new files in a folder named with this prefix;
# READY is the staging folder once its database is committed.
STAGING_PREFIX = ".rebuild-"
READY = ".rebuild-ready"

NOT_A_VAULT = "This is not a SafeFile vault. Check that you chose the right folder."


def require_vault(path: Path) -> None:
    """``NotAVault`` unless ``path`` is a folder with a key file."""
    if not path.is_dir() or not (path / HEADER_FILE).is_file():
        raise NotAVault(NOT_A_VAULT)


def identity(path: Path) -> tuple[int, int, int, int] | None:
    """The vault folder's and its database's (device, inode): what a replacement changes."""
    try:
        folder, db = path.stat(), (path / DB_FILE).stat()
    except OSError:
        return None
    return folder.st_dev, folder.st_ino, db.st_dev, db.st_ino


def going_with_database(path: Path, name: str) -> Path:
    """The file or folder ``name`` that goes with the database at ``path/vault.db``: the
    staging folder's when a committed rebuild has moved its database into place but not
    yet ``name`` (store/rebuild.py), else the vault's own."""
    ready = path / READY
    if ready.is_dir() and not (ready / DB_FILE).exists() and (ready / name).exists():
        return ready / name
    return path / name


def key_file_of(path: Path) -> Path:
    """The key file of the database at ``path/vault.db`` (``going_with_database``)."""
    return going_with_database(path, HEADER_FILE)
