"""Make, verify and restore backups (see archive.py for the file format).

Consistency while the vault is open and in use: every committed page is first
checkpointed into vault.db, then the write lock is held while the file's bytes
(already SQLCipher-encrypted) are streamed out, so the backup never holds a
half-written page and no step ever makes a plaintext (or any temporary) copy.
SQLite's online backup API was measured first: between two keyed connections it
decrypts and re-encrypts every page and ran at about 100 MB/s, against 700 MB/s
for this stream (docs/performance.md).  The backup file is written as a dot-temp beside its
destination, fsynced and renamed: a killed backup leaves no file that looks like
a backup, and never touches the vault.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safefile.backup import archive
from safefile.backup.archive import Progress
from safefile.clock import Clock, SystemClock, iso_now
from safefile.errors import DamagedFile, InvalidInput, NotAVault, SafeFileError
from safefile.fsutil import (
    IN_USE,
    atomic_writer,
    fsync_dir,
    fsync_file,
    hold_staging,
    private_mkdir,
    recover_replaced,
    refuse_inside_vault,
    refuse_not_a_file,
    release_staging,
    remove_stale_staging,
    staging_folders_beside,
    temp_staging_folders,
)
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store import database, header, keyring, keys, memberslots, schema, signatures
from safefile.store.layout import DB_FILE, DOCUMENTS_DIR, HEADER_FILE, LOCK_FILE
from safefile.store.lockfile import VaultLock
from safefile.store.migrations import backup_counts
from safefile.store.vault import Vault

COUNTED = backup_counts.COUNTED  # what a backup's manifest says it holds


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: str
    vault_id: str
    schema_version: int
    counts: dict[str, int]
    size: int
    reapplied: int = 0  # destroyed files a restore destroyed again (retention/tombstones.py)
    # Whether the restore found any record of destructions for this vault (in the backup
    # itself, this user's data folder or beside the backup); None: nobody looked.
    tombstones_found: bool | None = None


# What a restore runs on the restored vault once it checked out, before it is renamed
# into place: the caller's (the command line, the app) re-application of destructions
# (retention/restore.after_restore), so that backup never imports retention.
# It gets the vault and the backup's folder; it returns (files destroyed again, whether
# any record of destructions for the vault was found).
AfterRestore = Callable[[Vault, Path], tuple[int, bool]]


def _counts(conn: Any) -> dict[str, int]:
    """The rows of each counted table, each counted (a check or a restore of a backup)."""
    return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in COUNTED}  # noqa: S608


def _kept_counts(conn: Any) -> dict[str, int]:
    """The same, as the vault keeps them while it is written (``row_counts``,
    store/migrations/backup_counts.py): no table is scanned.  A vault on read-only media
    whose schema could not be brought up to date has no such table: its rows are counted."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'row_counts'").fetchone():
        return _counts(conn)
    kept = dict(conn.execute("SELECT name, n FROM row_counts").fetchall())
    return {t: int(kept[t]) for t in COUNTED}


def _write_locked_and_checkpointed(db: Any, wal: Path, *, guarded: bool = False) -> None:
    """Hold SQLite's write lock with every committed page in vault.db and the WAL empty.

    With the app open beside a backup (store/lockfile.py), its commits can land between
    a checkpoint and our BEGIN IMMEDIATE.  So: checkpoint, take the write lock, and
    check that the WAL is empty; if it is not, let go and try again.  Holding the write
    lock with an empty WAL, nothing can be committed and nothing is left to checkpoint
    into vault.db, so its bytes cannot change while they are streamed out.

    ``guarded``: a reader whose check of every page waits for this moment (its connection
    refuses writes until then, store/database.guard_writes).  The checkpoint changes no
    row: it moves pages the writer committed into vault.db, where the check then reads
    them with the rest.
    """
    for _ in range(50):
        if guarded:
            database.guard_writes(db, False)
        try:
            busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            if guarded:
                database.guard_writes(db, True)
        db.execute("BEGIN IMMEDIATE")
        if not busy and (not wal.exists() or wal.stat().st_size == 0):
            return
        db.execute("ROLLBACK")
        time.sleep(0.1)
    raise InvalidInput("The vault is busy; try the backup again in a moment.")


class _NotWhole(Exception):
    """The check of every page failed while the backup streamed: nothing is kept."""


@allowed(Action.BACKUP)
def make_backup(vault: Vault, dest: Path, progress: Progress | None = None) -> BackupInfo:
    """Write a backup of the open vault to ``dest`` (a file path)."""
    dest = refuse_inside_vault(Path(dest))
    if dest.is_dir():
        raise InvalidInput(f"{dest} is a folder; give the backup a file name.")
    if not dest.parent.is_dir():
        raise InvalidInput(
            f"The folder {dest.parent} does not exist. Connect the drive or choose another."
        )
    refuse_not_a_file(dest)  # never a device or a pipe (issue 29 F7)
    if not vault.keyring.held:
        raise RuntimeError("the vault is locked")
    # Never a backup of a vault whose file was changed on disk.  A check running since
    # the unlock (the app) is waited for now.  A reader opened with ``check_later`` (the
    # command) starts its one check once the file is frozen below: it reads exactly the
    # bytes streamed out, beside them, and the backup replaces nothing until it passed.
    later = not vault.check_started
    if not later:
        vault.settle()
    db = vault.db
    if db.in_transaction:  # the one thread that owns the vault is mid-change
        raise RuntimeError("a backup cannot start inside a transaction")
    # Bring every committed page into vault.db, then hold the write lock while its
    # bytes (already SQLCipher-encrypted) are streamed out: the file cannot change
    # under us, so this is a consistent snapshot with no temporary copy anywhere.
    # On read-only media nothing can change the file, and nothing can lock it: read it.
    fixed = vault.read_only_media
    if not fixed:
        _write_locked_and_checkpointed(db, vault.path / f"{DB_FILE}-wal", guarded=later)
    if later:
        vault.start_check()

    def whole() -> None:
        if later and not vault.pages_whole():
            raise _NotWhole

    refused = False
    try:
        counts = _kept_counts(db)
        version = schema.version_of(db)
        db_file = vault.path / DB_FILE
        docs = (
            sorted(p for p in vault.documents_dir.glob("*") if p.is_file())
            if (vault.documents_dir.is_dir())
            else []
        )
        total = db_file.stat().st_size + sum(p.stat().st_size for p in docs)
        done = 0

        def step(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, total)

        created = iso_now(vault.clock)
        meta = {
            "created": created,
            "vault_id": vault.header.vault_id,
            "schema_version": version,
            "counts": counts,
            "key_file": json.loads(header.dump(vault.header)),
        }
        with atomic_writer(dest, before_replace=whole) as fh:
            w = archive.Writer(fh, vault.key_for("backup"), meta)
            w.add_file(DB_FILE, db_file, step)
            for doc in docs:
                w.add_file(f"{DOCUMENTS_DIR}/{doc.name}", doc, step)
            w.close()
    except _NotWhole:
        refused = True  # nothing was kept; settling below locks the vault and says so
    except database.DatabaseError:
        # A page that fails its HMAC as it is read: the check (running) says whether
        # the file is damaged; if it is whole, the error is another one and is raised.
        if not later or vault.pages_whole():
            raise
        refused = True
    finally:
        if not fixed:
            db.execute("ROLLBACK")
    vault.settle()  # a reader's unlock entry is recorded now, its check having passed
    if refused:  # (settling raised already: the check's result does not change)
        raise DamagedFile(database.DAMAGED)
    if not fixed:  # read-only media: the warning at the opening said nothing is recorded
        vault.set_meta("last_backup_at", created)
        vault.audit("backup made", bytes=dest.stat().st_size, actor=vault.actor)
    return BackupInfo(dest, created, vault.header.vault_id, version, counts, dest.stat().st_size)


def _open(
    path: Path,
    passphrase: str | None,
    recovery_key: str | None,
    key: bytearray | None = None,
    member: str | None = None,
) -> tuple[Any, bytes, dict[str, Any], header.Header, keyring.Unlocked]:
    try:
        fh = Path(path).open("rb")  # noqa: SIM115 - handed to the caller, who closes it
    except FileNotFoundError:
        raise DamagedFile(archive.NOT_A_BACKUP) from None
    except IsADirectoryError:
        raise DamagedFile(archive.NOT_A_BACKUP) from None
    try:
        meta, raw = archive.read_header(fh)
        try:
            hdr = header.Header.model_validate(meta["key_file"] | {})
        except Exception:  # any malformed key file is damage
            raise DamagedFile(archive.DAMAGED) from None
        checked = header.load(json.dumps(meta["key_file"]).encode())  # checks its checksum
        unlocked = (
            keyring.Unlocked(bytearray(key))
            if key is not None
            else keyring.unlock(
                checked, passphrase=passphrase, recovery_key=recovery_key, member=member
            )
        )
        return fh, raw, meta, hdr, unlocked
    except BaseException:
        fh.close()
        raise


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and its ancestors that do not exist yet, deepest first."""
    missing: list[Path] = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


@dataclass
class Extracted:
    meta: dict[str, Any]
    hdr: header.Header
    data_key: bytearray
    digests: dict[str, str | None]  # each document's content hash, taken as it streamed out
    check: database.BackgroundCheck | None  # every page's HMAC, started once it was written
    member: tuple[memberslots.MemberKeys, str] | None = None  # who opened it (issue 28)


def _extract(
    path: Path,
    passphrase: str | None,
    recovery_key: str | None,
    into: Path,
    progress: Progress | None = None,
    key: bytearray | None = None,
    member: str | None = None,
) -> Extracted:
    """Decrypt and authenticate the whole backup into ``into`` (all or nothing).

    Every file is fsynced once all are written, and the folders after, so a restore
    renamed into place survives a power cut.  Each document is checked as it streams out
    (it authenticates under the vault's key, and its content's SHA-256 is kept for
    ``check_documents``), so none is read again afterwards.  The database comes first
    in a backup: the HMAC check of its every page starts as soon as it is written and
    runs on its own thread while the documents stream out (``Extracted.check``).
    """
    from safefile.health import SealedDigest

    fh, raw, meta, hdr, unlocked = _open(path, passphrase, recovery_key, key, member)
    data_key = unlocked.data_key
    who = (unlocked.member, unlocked.uid) if unlocked.member is not None else None
    total = Path(path).stat().st_size
    documents_key = keys.subkey(data_key, "documents")
    digests: dict[str, str | None] = {}
    check: database.BackgroundCheck | None = None
    written: list[Path] = []
    try:
        with fh:
            stream = archive.chunks(fh, keys.subkey(data_key, "backup"), meta, raw)
            private_mkdir(into / DOCUMENTS_DIR)
            seen_db = False
            for name, body in archive.files(stream):
                parts = Path(name).parts
                if name == DB_FILE:
                    seen_db = True
                elif not (len(parts) == 2 and parts[0] == DOCUMENTS_DIR and parts[1][0] != "."):
                    raise DamagedFile(archive.DAMAGED)
                sealed = SealedDigest(documents_key, parts[1]) if name != DB_FILE else None
                with (into / name).open("xb") as out:
                    for piece in body:
                        out.write(piece)
                        if sealed is not None:
                            sealed.update(piece)
                        if progress:  # about once a chunk, so a large database shows movement
                            progress(fh.tell(), total)
                written.append(into / name)
                if sealed is not None:
                    digests[parts[1]] = sealed.result()
                elif check is None:
                    check = database.BackgroundCheck(
                        into / name, data_key, page_format=hdr.page_format
                    )
                if progress:
                    progress(fh.tell(), total)
            if not seen_db:
                raise DamagedFile(archive.DAMAGED)
        # Every file, once all are written: the kernel has been writing them back meanwhile.
        for done in written:
            fsync_file(done)
        fsync_dir(into / DOCUMENTS_DIR)
        fsync_dir(into)
    except BaseException:
        if check is not None:  # the folder may be about to go: nothing may still read it
            check.stop()
        raise
    return Extracted(meta, hdr, data_key, digests, check, who)


def _open_extracted(folder: Path, got: Extracted, clock: Clock | None) -> Vault:
    """The extracted vault, open, with the check its extraction started; a failure
    stops that check before the folder can be removed."""
    try:
        return Vault.open_restored(
            folder,
            got.hdr,
            got.data_key,
            clock or SystemClock(),
            check=got.check,
            member=got.member,
        )
    except BaseException:
        if got.check is not None:
            got.check.stop()
        raise


def verify_backup(
    path: Path,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    clock: Clock | None = None,
    record_in: Vault | None = None,
    progress: Progress | None = None,
    key: bytearray | None = None,
    member: str | None = None,
) -> BackupInfo:
    """Authenticate every byte, then check the database and the logs' chains.

    Writes nothing where the backup is: the check runs on a SQLCipher-encrypted
    copy in a private temporary folder that is removed afterwards.  The app passes
    its open vault as ``record_in`` so the verification is in its audit trail (the
    command line's ``verify-backup`` opens no vault, by its contract).  ``progress``
    gets (bytes of the backup read, its size) and may raise to stop the check.
    ``key``: instead of a passphrase or recovery key, the data key of the vault the backup
    was just made from, lent by its key ring (``KeyRing.lend``). ``member``: whose passphrase
    it is, when the backup's vault has staff members (issue 28)."""
    remove_stale_staging(temp_staging_folders())  # left by a killed check
    with tempfile.TemporaryDirectory(prefix="safefile-verify-") as tmp:
        held = hold_staging(Path(tmp))
        try:
            work = Path(tmp) / "v"
            got = _extract(Path(path), passphrase, recovery_key, work, progress, key, member)
            meta = got.meta
            header.write(work / HEADER_FILE, got.hdr)
            vault = _open_extracted(work, got, clock)
            try:
                from safefile.health import check_vault

                report = check_vault(vault, digests=got.digests)
                counts = _counts(vault.db)
            finally:
                vault.lock()
            if not report.ok:
                raise DamagedFile(archive.DAMAGED + " (" + "; ".join(report.problems) + ")")
        finally:
            release_staging(held)
    if record_in is not None:
        record_in.audit("backup verified", backup_created=meta["created"], actor=record_in.actor)
    return BackupInfo(
        Path(path),
        meta["created"],
        meta["vault_id"],
        int(meta["schema_version"]),
        counts,
        Path(path).stat().st_size,
    )


def restore_backup(
    path: Path,
    new_vault: Path,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    member: str | None = None,
    replace: bool = False,
    clock: Clock | None = None,
    progress: Progress | None = None,
    after: AfterRestore | None = None,
) -> BackupInfo:
    """Restore into a new vault folder; never over an existing vault unless ``replace``.
    ``after`` runs on the restored vault before it is renamed into place (see
    ``AfterRestore``)."""
    new_vault = refuse_inside_vault(Path(new_vault), allow_vault_itself=True)
    if new_vault.exists() and (not new_vault.is_dir() or any(new_vault.iterdir())):
        if not replace:
            raise InvalidInput(
                f"There is already something at {new_vault}. Restore into a new folder, or "
                "ask explicitly to replace it."
            )
        if not (new_vault / HEADER_FILE).is_file():
            raise NotAVault(f"{new_vault} is not a SafeFile vault; it will not be replaced.")
    with _holding(new_vault):
        return _restore(path, new_vault, passphrase, recovery_key, clock, progress, after, member)


@contextlib.contextmanager
def _holding(vault: Path) -> Any:
    """An existing vault is replaced only holding its writer's lock and, for the swap,
    its readers' lock: refused ("already open") while the app or any command has it, so
    no write made there is lost (issue 29 F1)."""
    if not (vault / HEADER_FILE).is_file():
        yield
        return
    lock = VaultLock(vault / LOCK_FILE)
    lock.acquire()
    try:
        with lock.without_readers():
            yield
    finally:
        lock.release()


def _restore(
    path: Path,
    new_vault: Path,
    passphrase: str | None,
    recovery_key: str | None,
    clock: Clock | None,
    progress: Progress | None,
    after: AfterRestore | None,
    member: str | None = None,
) -> BackupInfo:
    recover_replaced(new_vault)
    remove_stale_staging(staging_folders_beside(new_vault))  # left by a killed restore
    made_parents = _missing_folders(new_vault.parent)
    private_mkdir(new_vault.parent)
    staging = new_vault.parent / f".{new_vault.name}.restoring-{secrets.token_hex(4)}"
    old = new_vault.parent / f".{new_vault.name}.replaced-{secrets.token_hex(4)}"
    held: int | None = None
    try:
        private_mkdir(staging)
        held = hold_staging(staging)
        got = _extract(Path(path), passphrase, recovery_key, staging, progress, member=member)
        meta = got.meta
        header.write(staging / HEADER_FILE, got.hdr)
        vault = _open_extracted(staging, got, clock)
        try:
            from safefile.health import check_vault

            # One pass over the database: every page's HMAC (the background check
            # started at open) and the chains; the documents were checked as they
            # were written.  The backup itself authenticated every byte on the way.
            report = check_vault(vault, structure=False, digests=got.digests)
            if not report.ok:
                raise DamagedFile(archive.DAMAGED)
            if vault.signer is not None or not signatures.started(vault.db):
                # (restored with the recovery key, a vault of staff accounts has no member
                # to sign this entry: the restore is then seen only in the backup's own
                # history; docs/security.md)
                vault.audit(
                    "restored from backup", backup_created=meta["created"], actor=vault.actor
                )
            reapplied, found = 0, None
            if after is not None:
                reapplied, found = after(vault, Path(path).parent)
            counts = _counts(vault.db)
        finally:
            vault.lock()  # checkpoints the audit entry into vault.db (synchronous=FULL)
        (staging / IN_USE).unlink()
        fsync_dir(staging)
        if new_vault.exists():
            os.rename(new_vault, old)
        os.rename(staging, new_vault)
        fsync_dir(new_vault.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        release_staging(held)
        if old.exists() and not new_vault.exists():
            os.rename(old, new_vault)
        for folder in made_parents:  # deepest first; a failed restore leaves nothing behind
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    release_staging(held)
    shutil.rmtree(old, ignore_errors=True)
    return BackupInfo(
        Path(path),
        meta["created"],
        meta["vault_id"],
        int(meta["schema_version"]),
        counts,
        Path(path).stat().st_size,
        reapplied,
        found,
    )


def upgrade_if_old(vault: Vault) -> Path | None:
    """Where a writer opens the vault (the app's unlock, a command that changes
    something): the one-time move to the faster page format, a backup made first; the
    backup's path, or None when there was nothing to do or it must wait.

    If it cannot be done now (no room beside the vault for the backup, say) the vault
    stays as it is, the attempt is audited, and the next opening tries again; nothing
    fails because of it.
    """
    if not vault.page_format_is_old:
        return None
    vault.settle()  # it writes: only to a file known to be whole
    if vault.unrecorded is not None:  # a disk that takes no writes
        return None
    try:
        return upgrade_page_format(vault)
    except (SafeFileError, OSError, database.DatabaseError) as exc:
        # On a full disk the entry itself may not fit: that is no reason to fail.
        with contextlib.suppress(database.DatabaseError, OSError):
            vault.audit(
                "page format upgrade postponed", reason=type(exc).__name__, actor=vault.actor
            )
        return None


def backup_before(vault: Vault, what: str) -> Path:
    """A backup beside the vault, checked, before a one-time change of its format
    (``NAME-before-WHAT-DATE.sfbackup``, encrypted like every backup): the page-format
    upgrade, the upgrade to staff accounts (staff/admin.py)."""
    stamp = vault.clock.now().astimezone().strftime("%Y%m%d-%H%M%S")
    dest = vault.path.parent / f"{vault.path.stem}-before-{what}-{stamp}{archive.SUFFIX}"
    make_backup(vault, dest)
    with vault.keyring.lend() as key:
        verify_backup(dest, clock=vault.clock, key=key)
    return dest


def upgrade_page_format(vault: Vault) -> Path:
    """Move a vault made before the faster page format to it, once, with a backup first.

    The backup goes beside the vault (``NAME-before-upgrade-DATE.sfbackup``, encrypted
    like every backup) and is checked before the database is rebuilt; the rebuild
    itself is atomic (store/rebuild.py).  Returns the backup's path.
    """
    dest = backup_before(vault, "upgrade")
    vault.upgrade_page_format()
    vault.audit("backup before upgrade", file=dest.name, actor=vault.actor)
    return dest
