"""The vault: one folder the user can see, move and back up (its files: store/layout.py).

Opening tells apart, each with its own error (errors.py) and exit code: not a
vault, wrong passphrase or recovery key, damaged or tampered, made by a newer
SafeFile, already open elsewhere.  A failed open writes nothing.

Unlocking takes the KDF's time at any size: the whole-file HMAC check runs in the
background (``database.BackgroundCheck``) while the user reads, and every write
(the "vault unlocked" audit entry included) waits for it (``settle``).  A failed
check locks the vault and raises ``DamagedFile``: a vault whose file was changed on
disk is never written to.  Reads are safe meanwhile: SQLCipher checks each page's
HMAC whenever it reads one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path

from safefile.clock import Clock, SystemClock, VaultClock, iso_now, local_zone_name, zone_named
from safefile.errors import (
    AlreadyOpen,
    DamagedFile,
    DiskFull,
    NotTheSigner,
    RoleRefused,
    SafeFileError,
    VaultReplaced,
    WrongKey,
)
from safefile.fsutil import (
    disk_full,
    fsync_file,
    is_full,
    remove_stale_staging,
    staging_folders_beside,
    write_failure,
)
from safefile.store import (
    audit,
    calibration,
    chain,
    creation,
    database,
    header,
    keyring,
    keys,
    memberslots,
    rebuild,
    schema,
    seal,
    seen,
    signatures,
)
from safefile.store.actor import Actor, os_user, session_actor
from safefile.store.connection import Connection
from safefile.store.layout import (
    DB_FILE,
    DOCUMENTS_DIR,
    HEADER_FILE,
    LOCK_FILE,
    READY,
    going_with_database,
    identity,
    key_file_of,
    require_vault,
)
from safefile.store.lockfile import READ_ONLY_MEDIA, VaultLock

RECOVERY_NOT_A_MEMBER = (
    "This vault has staff accounts: every entry is signed by the staff member who makes "
    "it, and the recovery key is no one's. Open it with your name and passphrase. The "
    "recovery key still checks and restores this vault's backups."
)
PLANTED_SLOT = (
    "A staff member's key slot in the vault's key file does not belong to any member the "
    "vault records (it was added or changed outside SafeFile). Nothing was done. Restore "
    "the vault from your last backup."
)
REMOVED_MEMBER = (
    "That staff member was removed from this vault, so their passphrase no longer opens "
    "it. Ask an administrator."
)
REPLACED = (
    "The vault was replaced on disk (restored from a backup, moved or copied over) while "
    "it was open here, so it has been locked and nothing more was written to it. Open it "
    "again to see what it holds now."
)


class Vault:
    """An unlocked vault.  Not thread-safe: one thread owns it (see ui/worker.py)."""

    def __init__(
        self, path: Path, hdr: header.Header, data_key: bytearray, lock: VaultLock, clock: Clock
    ) -> None:
        self.path = path
        self.header = hdr
        # The data key and the slots that unwrap it (store/keyring.py): the key ring.
        self.keyring = keyring.KeyRing(self, data_key)
        self._lock = lock
        self.clock = clock
        self._db: Connection | None = None
        self.recovery_used = False
        # Set when the disk would not take the "vault unlocked" entry: the vault opened
        # for reading and the entry was not written (the caller tells the user so).
        self.unrecorded: SafeFileError | None = None
        self._check: database.BackgroundCheck | None = None
        self._settled = True
        self._damaged = False  # the background check failed: every write raises DamagedFile
        self._unlock_entry: dict[str, str] | None = None
        # The security state's seal as last verified or written (store/seal.py).
        self._seal: seal.Seal | None = None
        # This vault is behind what this computer last saw (store/seen.py): said at the
        # opening, recorded in the audit trail with the unlock.
        self.older_than_seen = False
        self._seen_last: seen.Head | None = None
        # Every check of the opening passed, and it is the vault itself (not a backup being
        # restored or checked): then locking remembers what it saw (store/seen.py).
        self._opened = False
        self._identity = identity(path)
        # Who acts in this session (store/actor.py): read from the vault at the opening
        # (``_open_with_key``), moved by settings.save when the practitioner changes.
        self.actor: Actor = session_actor(None)
        # A reading's entry was committed without waiting for the disk (``reading_entry``):
        # locking fsyncs the write-ahead log before anything else (``_sync_readings``).
        self._unsynced_readings = False
        # The staff member who unlocked (issue 28): their private keys for the session
        # (they sign what they record: ``signing_for``) and their id; None and "" on a
        # vault without staff members, or opened with the recovery key.
        self.signer: memberslots.MemberKeys | None = None
        self.signer_uid: str = ""
        # The upgrade to staff accounts was cut short (a slot written, its row or the
        # removal of the passphrase wrap not yet): staff/admin.finish_upgrade ends it.
        self.staff_pending = False
        # Then, if the staff row is not written yet: the member's keys and id, which sign
        # nothing until the row and the signature marker are (staff/admin.finish_upgrade).
        self.pending_member: tuple[memberslots.MemberKeys, str] | None = None

    # --- creating and opening ---------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path | str,
        passphrase: str,
        *,
        with_recovery_key: bool = True,
        kdf: keys.KdfParams | None = None,
        clock: Clock | None = None,
        user_name: str | None = None,
        page_format: int = database.PAGE_FORMAT,
    ) -> tuple[Vault, str | None]:
        """Create a vault at ``path`` (store/creation.py); return it open, and the recovery
        key (shown once)."""
        clock = clock or SystemClock()
        made = creation.create(
            Path(path),
            passphrase,
            with_recovery_key=with_recovery_key,
            kdf=kdf,
            clock=clock,
            user_name=user_name or os_user(),
            page_format=page_format,
        )
        vault = cls._open_with_key(made.path, made.header, made.data_key, clock, verify=False)
        return vault, made.recovery_key

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        passphrase: str | None = None,
        recovery_key: str | None = None,
        member: str | None = None,
        clock: Clock | None = None,
        shared: bool = False,
        check_later: bool = False,
    ) -> Vault:
        """Open the vault; ``shared`` for a reader beside the one writer (store/lockfile.py):
        a backup, a check, a listing.  A reader changes nothing but its audit entries.

        ``check_later`` (a reader): the check of every page does not run at the opening
        but when the reader first needs it (``start_check``, ``settle``): a backup starts
        it once the file it streams out can no longer change, so that one pass checks
        exactly the bytes backed up while they stream (backup/core.py).

        ``member``: who unlocks, on a vault with staff members (issue 28): their slot is
        found by the name's tag and opened with their passphrase; None only when the vault
        has at most one member (``MemberNeeded``, exit 2, otherwise); an unknown name is a
        wrong passphrase (exit 4). The session's actor, signer and signer id are theirs."""
        path = Path(path)
        clock = clock or SystemClock()
        require_vault(path)
        # Before the key file is read: a rebuild may have left it. A reader finishes a
        # committed rebuild too (it is idempotent), or reads the key file that goes with
        # the database it will open (issue 29 F2).
        rebuild.finish_interrupted(path, reader=shared)
        if not shared:
            # Hidden folders a killed restore or creation left beside it (encrypted,
            # with a key file): nothing else would ever remove them.
            remove_stale_staging(staging_folders_beside(path))
        hdr = header.read(key_file_of(path))
        if not (path / DB_FILE).is_file():
            raise DamagedFile(database.DAMAGED)
        if recovery_key is not None and hdr.members and hdr.passphrase_wrap is None:
            # (a session of no member could read and record nothing: refused at once)
            raise WrongKey(RECOVERY_NOT_A_MEMBER)
        unlocked = keyring.unlock(
            hdr, passphrase=passphrase, recovery_key=recovery_key, member=member, own_key_file=True
        )
        vault = cls._open_with_key(
            path,
            hdr,
            unlocked.data_key,
            clock,
            shared=shared,
            check_later=check_later and shared,
            member=(unlocked.member, unlocked.uid) if unlocked.member is not None else None,
        )
        try:
            vault.recovery_used = recovery_key is not None
            # Recorded, with the time of the unlock, once every page is known to be
            # authentic: now when the check ran here, else when the background one passes.
            vault._unlock_entry = {
                "at": iso_now(clock),
                "method": "recovery key" if recovery_key else "passphrase",
            }
            if vault._settled:
                vault._record_unlock()
            if shared:  # the writer, not a reader, changes the key file and the format
                return vault
            if passphrase is not None and not hdr.members and hdr.kdf.is_weaker_than_floor():
                vault.settle()  # it writes: only to a file known to be whole
                if vault.unrecorded is not None:  # nothing may be written at this opening
                    return vault
                vault.keyring.strengthen(passphrase)
        except BaseException:
            vault.lock()
            raise
        return vault

    @classmethod
    def open_restored(
        cls,
        path: Path,
        hdr: header.Header,
        data_key: bytearray,
        clock: Clock,
        *,
        check: database.BackgroundCheck | None = None,
        member: tuple[memberslots.MemberKeys, str] | None = None,
    ) -> Vault:
        """Open a vault folder just extracted from a backup (backup/core.py), with the
        data key its key file unwrapped (``keyring.unwrap_data_key``; the vault holds
        it from now on and zeroes it when it locks) and the HMAC check its extraction
        started (``check``).  The backup was authenticated whole and carries no seal
        file: its sealed state is taken as it is; it is not the vault this computer
        last saw (store/seen.py)."""
        return cls._open_with_key(
            path, hdr, data_key, clock, check=check, adopt_seal=True, member=member
        )

    @classmethod
    def _open_with_key(
        cls,
        path: Path,
        hdr: header.Header,
        data_key: bytearray,
        clock: Clock,
        *,
        shared: bool = False,
        verify: bool = True,
        check: database.BackgroundCheck | None = None,
        adopt_seal: bool = False,
        check_later: bool = False,
        member: tuple[memberslots.MemberKeys, str] | None = None,
    ) -> Vault:
        """Open the database with the key; ``verify`` checks every page (a vault just built
        by ``create`` needs no check): in the background for the one writer, at once for a
        reader beside it and on a full disk, whose connection no second one can share.
        ``check``: that background check, already started on this file (a restore);
        ``adopt_seal``: a vault just extracted from a backup, which carries no seal file;
        ``check_later``: a reader's check waits until it is asked for (``Vault.open``)."""
        lock = VaultLock(path / LOCK_FILE, shared=shared)
        lock.acquire()
        vault = cls(path, hdr, data_key, lock, clock)
        if not shared:
            rebuild.recover(path)
        try:
            changed = header.read(key_file_of(path)) != hdr
        except BaseException:
            vault.lock()
            raise
        if changed:  # another process re-keyed the vault after we read its key file
            vault.lock()
            raise AlreadyOpen(rebuild.CHANGED_WHILE_OPENING)
        # A key file write cut short by a crash leaves a dot-temp beside it; the
        # lock says nobody is writing it now, so it can go.
        if not shared:
            for name in (HEADER_FILE, seal.SEAL_FILE):
                for stale in path.glob(f".{name}.*.part"):
                    stale.unlink(missing_ok=True)
        try:
            exclusive = False
            try:
                vault._db = database.connect(
                    path / DB_FILE,
                    data_key,
                    page_format=hdr.page_format,
                    readonly=lock.read_only_media,
                    immutable=lock.read_only_media,
                )
                if lock.read_only_media:  # checked now, and nothing is written there
                    exclusive = True
            except database.DatabaseError as exc:
                if not isinstance(write_failure(exc, path), DiskFull):
                    raise
                # No room for the WAL's shared index: keep it in memory (see connect).
                exclusive = True
                vault._db = database.connect(
                    path / DB_FILE, data_key, page_format=hdr.page_format, exclusive=True
                )
            if verify and (exclusive or (shared and not check_later)):
                if check is not None:  # it cannot share this connection's file
                    check.stop()
                if database.integrity_problems(vault._db, structure=False):
                    raise DamagedFile(database.DAMAGED)
            elif verify:
                database.guard_writes(vault._db, True)
                vault._settled = False
                if not check_later:
                    vault._check = check or database.BackgroundCheck(
                        path / DB_FILE, data_key, page_format=hdr.page_format
                    )
            stored_id = vault._db.execute("SELECT value FROM meta WHERE key='vault_id'").fetchone()
            if stored_id is None or stored_id[0] != hdr.vault_id:
                raise DamagedFile(database.DAMAGED)
            signature = vault._db.execute("SELECT value FROM meta WHERE key='user_name'")
            vault.actor = session_actor((signature.fetchone() or [None])[0])
            # Before any migration changes the tables: the state is the one sealed.
            verdict = None
            if verify and seal.has_table(vault._db):
                verdict = seal.verify(
                    vault._db,
                    vault.key_for(seal.PURPOSE),
                    hdr.vault_id,
                    seal.folder_of(path),
                    adopt=adopt_seal,
                )
            elif verify and (seal.folder_of(path) / seal.SEAL_FILE).exists():
                # A sealed vault whose schema page says it never was: that page was brought
                # back from a copy made before the seal (the tables added since would be
                # made again, empty).
                raise DamagedFile(database.DAMAGED)
            migrating = schema.version_of(vault._db) < schema.SCHEMA_VERSION
            if migrating:
                vault.settle()  # a migration writes: only to a file known to be whole
            if verdict is not None:
                vault._seal = verdict.seal
            resealed: list[seal.Seal | None] = []
            # A sealed vault's migration seals its own changes before it commits.
            sealed = verify and verdict is not None and verdict.seal is not None
            schema.migrate(
                vault._db,
                # The state checked again in the migration's own transaction (the one
                # verified above was read in another), then sealed by the digest itself
                # (an added column fires no trigger).
                first=(
                    lambda c: seal.still_current(
                        c, vault.key_for(seal.PURPOSE), hdr.vault_id, vault._seal, fresh=True
                    )
                )
                if sealed
                else None,
                before_commit=(
                    lambda c: resealed.append(
                        seal.seal_now(c, vault.key_for(seal.PURPOSE), hdr.vault_id)
                    )
                )
                if sealed
                else None,
            )
            if verdict is not None and verdict.seal is not None and verdict.file_behind:
                seal.write_file(path, hdr.vault_id, verdict.seal, vault.key_for(seal.PURPOSE))
            for new in resealed:
                vault.seal_after_commit(new)
            if verify and not sealed:
                vault._seal_after_upgrade()  # the first seal: a vault made before seals
            if member is not None:
                vault._adopt_member(*member)
            if verify and not adopt_seal:  # (a backup being restored or checked is not
                vault._compare_with_seen()  # what this computer last saw of the vault)
            elif seal.has_table(vault._db):
                vault._seal = seal.stored(vault._db)
            vault._use_time_zone()
            vault._opened = not adopt_seal
        except database.DatabaseError as exc:
            vault.lock()
            # A full or read-only disk is not damage: say which, and that nothing changed.
            raise (write_failure(exc, path) or DamagedFile(database.DAMAGED)) from None
        except BaseException:
            vault.lock()
            raise
        return vault

    def _adopt_member(self, keys_: memberslots.MemberKeys, uid: str) -> None:
        """The session is the member's who opened their slot: the ``staff`` table (sealed,
        the authority) must hold them active with the very public keys their slot's
        private keys make; a slot with no such row was planted (damage), save in the one
        case an upgrade to staff accounts was cut short after its key file was written
        (the passphrase wrap is still there): then ``staff_pending``."""
        row = self.db.execute(
            "SELECT name, credentials, role, x25519_public, ed25519_public, active "
            "FROM staff WHERE uid = ?",
            (uid,),
        ).fetchone()
        if row is None:
            if self.header.passphrase_wrap is None or len(self.header.members) != 1:
                raise DamagedFile(PLANTED_SLOT)
            # The practitioner, still: their member signs from the row and marker on.
            self.pending_member = (keys_, uid)
            self.staff_pending = not self._lock.shared  # a writer finishes it
            return
        self.signer, self.signer_uid = keys_, uid
        name, credentials, role, x_pub, ed_pub, active = row
        public = keys_.public
        if bytes(x_pub) != public.x25519 or bytes(ed_pub) != public.ed25519:
            raise DamagedFile(PLANTED_SLOT)
        if not active:
            raise WrongKey(REMOVED_MEMBER)
        self.actor = Actor(", ".join(x for x in (name, credentials) if x), uid, str(role))
        if self.header.passphrase_wrap is not None:
            self.staff_pending = not self._lock.shared  # the passphrase wrap is to go

    def _use_time_zone(self) -> None:
        """Tell time in the zone the vault recorded at creation (clock.py, docs/rules.md).

        A vault made before zones were recorded takes this workstation's zone, written
        down at its first open with a passphrase or recovery key.
        """
        name = self.get_meta("time_zone")
        if not name or zone_named(name) is None:  # unknown here: this workstation's zone
            name = local_zone_name()
        self.clock = VaultClock(self.clock, zone_named(name) or UTC, name)

    # --- using ------------------------------------------------------------------

    @property
    def db(self) -> Connection:
        if self._db is None:
            raise RuntimeError("the vault is locked")
        return self._db

    @property
    def is_open(self) -> bool:
        return self._db is not None

    @property
    def documents_dir(self) -> Path:
        """``documents/``; for a reader beside a committed rebuild not yet moved into
        place, the staging folder's, which go with the database in place (F2)."""
        if self._lock.shared:
            return going_with_database(self.path, DOCUMENTS_DIR)
        return self.path / DOCUMENTS_DIR

    @property
    def user_name(self) -> str:
        """The name of the person acting in this session (``actor``)."""
        return self.actor.name

    def key_for(self, purpose: str) -> bytes:
        """A sub-key for one purpose; callers drop it as soon as they are done."""
        return self.keyring.subkey(purpose)

    @property
    def replaced(self) -> bool:
        """Whether the vault's folder or database on disk is no longer the one opened."""
        return self._db is not None and identity(self.path) != self._identity

    def require_same(self) -> None:
        """Lock and raise ``VaultReplaced`` when the vault was replaced under us (F1)."""
        if self.replaced:
            self._unlock_entry = None
            self.lock()
            raise VaultReplaced(REPLACED)

    def transaction(self) -> contextlib.AbstractContextManager[Connection]:
        """A write transaction; the first one waits for the background check (``settle``).
        A vault replaced on disk since it was opened is locked instead (``require_same``).

        The outermost one first checks that the security state's seal is the one this
        opening verified (``seal.unchanged``), and seals the state again before it
        commits when a sealed table changed (store/seal.py).  A gate decision checks the
        state in full where it is recorded (``check_seal``, from consent/log.py)."""
        self.require_same()
        if not self._settled:
            self.settle()
        if self.db.in_transaction:
            return database.transaction(self.db)
        return self._sealed_transaction()

    @contextlib.contextmanager
    def _sealed_transaction(self) -> Iterator[Connection]:
        new: seal.Seal | None = None
        with database.transaction(self.db) as conn:
            if seal.has_table(conn):
                self._seal = seal.unchanged(
                    conn, self.key_for(seal.PURPOSE), self.header.vault_id, self._seal
                )
            yield conn
            new = self.seal_before_commit()
        self.seal_after_commit(new)

    def check_seal(self, *, fresh: bool = False) -> None:
        """The security state is still the sealed one, in full (DamagedFile, exit 5, if
        not): before every gate decision (consent/log.py) and destruction. ``fresh``: in a
        transaction that has changed nothing yet (a mark of change is then not ours)."""
        self._seal = seal.still_current(
            self.db, self.key_for(seal.PURPOSE), self.header.vault_id, self._seal, fresh=fresh
        )

    def seal_before_commit(self) -> seal.Seal | None:
        """Inside a write transaction, just before its COMMIT: seal the state again if
        it changed; give the result to ``seal_after_commit`` once committed."""
        if not seal.has_table(self.db) or not seal.dirty(self.db):
            return None
        return seal.seal_changes(self.db, self.key_for(seal.PURPOSE), self.header.vault_id)

    def seal_after_commit(self, new: seal.Seal | None) -> None:
        """After the COMMIT: the seal file follows the database (a failure to write it
        leaves it one step behind, which the next opening writes again)."""
        if new is None:
            return
        self._seal = new
        with contextlib.suppress(OSError, SafeFileError):
            self._sync_readings()  # the seal file is never ahead of what is durable
            seal.write_file(self.path, self.header.vault_id, new, self.key_for(seal.PURPOSE))

    def _seal_after_upgrade(self) -> None:
        """Seal a vault that has no seal yet (made before seals).  The first seal's file is
        written before its row, so a crash between leaves a file of exactly the state,
        which the next opening takes."""
        self.settle()
        key = self.key_for(seal.PURPOSE)
        vault_id = self.header.vault_id
        try:
            with database.transaction(self.db) as conn:
                first = seal.stored(conn) is None
                digest = seal.state_digest(conn, key)
                if first:
                    seal.write_file(
                        self.path,
                        vault_id,
                        seal.Seal(1, digest, seal.seal_mac(key, vault_id, 1, digest)),
                        key,
                    )
                new = seal.seal_now(conn, key, vault_id, digest=digest)
        except database.DatabaseError as exc:
            if self.unrecorded is None or not write_failure(exc, self.path):
                raise
            return  # a disk that takes nothing: sealed at the next opening that can write
        self._seal = seal.stored(self.db)
        if new is not None and not first:
            self.seal_after_commit(new)

    def _head(self) -> seen.Head:
        return seen.head_of(self.db, self.seal_generation)

    def _compare_with_seen(self) -> None:
        last = seen.recorded(self.key_for(seen.PURPOSE), self.header.vault_id)
        self.older_than_seen = seen.is_older(self._head(), last)
        self._seen_last = last

    @property
    def older_warning(self) -> str | None:
        """What to tell the user when this vault is behind what this computer last saw."""
        return seen.OLDER_WARNING if self.older_than_seen else None

    @property
    def read_only_media(self) -> bool:
        """A reader opened the vault from media that takes no writes (store/lockfile.py)."""
        return self._lock.read_only_media

    @property
    def unrecorded_warning(self) -> str | None:
        """What to tell the user when the disk would not take this opening's audit entry
        (``unrecorded``), or None."""
        if self.unrecorded is None:
            return None
        if self.read_only_media:
            return f"Warning: {READ_ONLY_MEDIA}"
        return (
            f"Warning: {self.unrecorded.message.split(' Nothing was changed.')[0]} "
            "So this opening of the vault, and what is read now, cannot be written to its "
            "audit trail, and will not be (they are kept nowhere else). Reading works; no "
            "change can be saved until there is room."
        )

    @property
    def check_finished(self) -> bool:
        """Whether the background check has ended (then ``settle`` does not wait); safe to
        ask from another thread."""
        check = self._check
        return check is None or check.finished

    @property
    def checked(self) -> bool:
        """Whether the background check of every page has passed (writes are allowed)."""
        return self._settled

    @property
    def check_started(self) -> bool:
        """Whether the check of every page has run or is running (``check_later``)."""
        return self._settled or self._damaged or self._check is not None

    def start_check(self) -> None:
        """Start the check of every page (in the background) if it has not started: a
        reader opened with ``check_later``.  ``settle`` waits for it."""
        if self.check_started:
            return
        self._check = database.BackgroundCheck(
            self.path / DB_FILE, self.keyring.data_key, page_format=self.header.page_format
        )

    def pages_whole(self) -> bool:
        """Wait for the check of every page (started now if need be); whether it passed.
        Nothing is written or locked: ``settle`` does that."""
        if self._settled:
            return True
        if self._damaged:
            return False
        self.start_check()
        return not self._hmac_problems()

    def settle(self) -> None:
        """Wait for the background check of every page; on success allow writes and record
        the unlock, on failure lock the vault and raise ``DamagedFile`` (nothing written).

        Every write calls this first; the app calls it once after unlock, so that a
        damaged vault locks with the damage message even if the user only reads.
        """
        if self._settled:
            return
        if self._damaged:
            raise DamagedFile(database.DAMAGED)
        db = self.db
        self.start_check()
        problems = self._hmac_problems()
        if problems:
            self._damaged = True
            self._unlock_entry = None
            self.lock()
            raise DamagedFile(database.DAMAGED)
        database.guard_writes(db, False)
        self._settled = True
        self._check = None
        self._record_unlock()

    @property
    def damaged(self) -> bool:
        """The background check found a changed page: the vault was locked for it."""
        return self._damaged

    def _hmac_problems(self) -> list[str]:
        """Every page's HMAC: the background check's result, or, when that check could
        not run (a busy or full disk, say: no reason to call the file damaged), the
        same check on the vault's own connection now."""
        assert self._check is not None
        problems = self._check.result()
        if not self._check.ran:
            problems = database.integrity_problems(self.db, structure=False)
        return problems

    def page_problems(self) -> list[str] | None:
        """The check of every page, if one ran or runs (waited for): its problems (none:
        every page is authentic); None when none did (store/checkup.py reads them then)."""
        if self._check is None:
            return None
        return self._hmac_problems()

    @property
    def seal_generation(self) -> int:
        """The security state's seal as last verified or written: its generation (0: none)."""
        return self._seal.generation if self._seal else 0

    def _record_unlock(self) -> None:
        """The "vault unlocked" entry, with the time of the unlock, and the vault's time
        zone if it has none yet.  A full or read-only disk does not fail the opening: the
        vault reads on, ``unrecorded`` says why nothing was written (the caller tells)."""
        entry = self._unlock_entry
        if entry is None:
            return
        try:
            self._append_audit(
                "vault unlocked",
                None,
                {"method": entry["method"]},
                actor=self.actor,
                at=entry["at"],
            )
        except database.DatabaseError as exc:
            self.unrecorded = write_failure(exc, self.path)
            if self.unrecorded is None:
                raise  # kept: the next write, or locking, tries again
            self._unlock_entry = None
            return
        self._unlock_entry = None
        if self.older_than_seen and self._seen_last is not None:
            self.audit(
                seen.OLDER_EVENT,
                last_seen_entry=self._seen_last.audit_seq,
                last_seen_seal=self._seen_last.generation,
                actor=self.actor,
            )
        if self.get_meta("time_zone") is None and isinstance(self.clock, VaultClock):
            zone = self.clock.zone_name
            self.set_meta("time_zone", zone)
            self.audit("time zone recorded", time_zone=zone, actor=self.actor)

    @contextlib.contextmanager
    def reading_entry(self) -> Iterator[None]:
        """Around the audit entry that records a reading (a client's file opened): the
        entry is committed before the reading is returned, as every entry is, but that
        COMMIT does not wait for the disk (``synchronous = NORMAL`` for it alone).

        What a crash can cost (docs/decisions.md, "A reading's entry"): in WAL mode a
        commit is whole or absent after any crash (SQLite checksums the log's frames in
        order and drops an unfinished tail), so the audit chain and its MACs, and the
        seal (an entry changes nothing sealed), stay valid and the vault opens. A killed
        process loses nothing: the log reached the operating system before COMMIT
        returned. Only a power loss or a system crash can lose such entries, and only
        those made since the last durable write: the next COMMIT at ``synchronous =
        FULL`` fsyncs the log and every earlier frame with it, and locking fsyncs it
        (``_sync_readings``) before this computer remembers the trail's head
        (store/seen.py), so a lost entry never looks like a vault rolled back.

        Inside a caller's transaction it changes nothing: the caller's COMMIT decides.
        """
        if self.db.in_transaction:
            yield
            return
        self.require_same()
        self.settle()  # the guard refuses the pragma until the check has passed
        self._unsynced_readings = True
        self.db.execute("PRAGMA synchronous = NORMAL")
        try:
            yield
        finally:
            if self._db is not None:
                self._db.execute("PRAGMA synchronous = FULL")

    def _sync_readings(self) -> None:
        """Make the readings' entries durable (``reading_entry``): fsync the write-ahead
        log, where they are. No log: SQLite has checkpointed it into the database, and
        a checkpoint syncs both."""
        if not self._unsynced_readings:
            return
        with contextlib.suppress(FileNotFoundError):
            fsync_file(self.path / f"{DB_FILE}-wal")
        self._unsynced_readings = False

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            creation.set_meta(self.db, key, value)

    def set_metas(self, values: dict[str, str]) -> None:
        """Several settings at once, in one transaction: all of them or none."""
        with self.transaction():
            for key, value in values.items():
                creation.set_meta(self.db, key, value)

    def audit(
        self,
        event: str,
        client_id: int | None = None,
        *,
        actor: Actor,
        **detail: object,
    ) -> int:
        """Append an entry to the audit trail (joining the caller's transaction if any).

        ``actor`` is who acted: the caller's, or this session's (``self.actor``).

        On a vault opened from a disk that takes no writes (``unrecorded``), an entry
        that records only a reading is not written, so that reading still works; the
        user was told so at the opening. An entry that is part of a change never is
        skipped: the change fails whole.
        """
        return self._append_audit(event, client_id, detail, actor=actor)

    def _append_audit(
        self,
        event: str,
        client_id: int | None,
        detail: dict[str, object],
        *,
        actor: Actor,
        at: str | None = None,
    ) -> int:
        who = actor
        standalone = not self.db.in_transaction
        try:
            with self.transaction():
                return audit.append(
                    self.db,
                    self.key_for(audit.PURPOSE),
                    at=at or iso_now(self.clock),
                    actor=who.name,
                    event=event,
                    client_id=client_id,
                    detail=audit.detail_text(detail),
                    signer=self.signing_for(who),
                )
        except database.DatabaseError as exc:
            if not (standalone and self.unrecorded and write_failure(exc, self.path)):
                raise
            return 0

    def signing_for(self, actor: Actor) -> chain.Signer | None:
        """Who signs an entry that ``actor`` makes (store/signatures.py): the session's
        member, and only for themselves. Called inside the entry's transaction, by the one
        append of each chain (here and consent/log.append).

        Refused (``NotTheSigner``, nothing recorded) when the entry names someone other
        than the member who unlocked, or when this vault's entries are signed and the
        session holds no member's key: either entry would be damage at the next check.
        """
        if self.signer is None:
            if signatures.started(self.db):
                raise NotTheSigner(
                    "This vault's entries are signed by the staff member who makes them, "
                    "and this session was not unlocked by a staff member. "
                    "Nothing was recorded; unlock with your own name and passphrase."
                )
            return None
        if not self.signer_uid or actor.uid != self.signer_uid:
            raise NotTheSigner(
                f"Only {self.actor.name}, who unlocked this vault, can make entries in this "
                "session; an entry in another person's name was refused. Nothing was recorded."
            )
        return signatures.signer_for(self.signer_uid, self.signer)

    # --- the key ring (store/keyring.py) ---------------------------------------

    def change_passphrase(self, new_passphrase: str) -> None:
        """Re-wrap the data key under a new passphrase (``KeyRing.change_passphrase``)."""
        self.keyring.change_passphrase(new_passphrase)

    def rekey(self, new_passphrase: str) -> str | None:
        """A new data key and passphrase, and a new recovery key (``KeyRing.rekey``)."""
        self._administrators_only()
        return self.keyring.rekey(new_passphrase)

    def issue_recovery_key(self, passphrase: str) -> str:
        """A new recovery key, the old one void (``KeyRing.issue_recovery_key``)."""
        self._administrators_only()
        return self.keyring.issue_recovery_key(passphrase)

    def _administrators_only(self) -> None:
        """Re-keying is the administrator's (staff/roles.ALLOWED[Action.REKEY]; the store
        sits below staff/, so the refusal is spelled here and tests/staff/test_guard.py
        holds it equal to roles.require's). The session's role, never an argument's."""
        role = self.actor.role
        if role != "administrator":
            raise RoleRefused(
                f"Your role ({role}) does not allow this: re-key the vault or issue its "
                "recovery key. It needs an administrator. Nothing was changed.",
                ("administrator",),
            )

    @property
    def page_format_is_old(self) -> bool:
        """Made before the faster page format: the writer moves it once, with a backup
        first (backup/core.upgrade_if_old, called where a writer opens the vault)."""
        return self.header.page_format < database.PAGE_FORMAT and not self._lock.shared

    def upgrade_page_format(self) -> None:
        """Move an older vault to the current page format (once; same key)."""
        self._rebuild(
            None, lambda old: old.model_copy(update={"format_version": database.PAGE_FORMAT})
        )
        self.audit("page format upgraded", page_format=database.PAGE_FORMAT, actor=self.actor)

    def _rebuild(
        self, new_key: bytearray | None, make_header: Callable[[header.Header], header.Header]
    ) -> None:
        self.settle()  # sqlcipher_export reads every page: only from a file known whole
        self.check_seal()  # and signs the state again: only the sealed one (store/seal.py)
        data_key = self.keyring.data_key
        old_format = self.header.page_format
        if self._lock.shared:
            raise RuntimeError("a reader cannot rebuild the vault")
        try:
            with self._lock.without_readers():
                conn, hdr = rebuild.rebuild(
                    self.path,
                    self.db,
                    data_key,
                    self.header,
                    new_key=new_key,
                    page_format=database.PAGE_FORMAT,
                    make_header=make_header,
                )
        except BaseException as exc:
            if (self.path / READY).exists():
                # Committed but not all moved into place: the next open finishes it.
                self.lock()
                raise
            try:
                self.db.execute("SELECT 1").fetchone()
            except Exception:
                self._db = database.connect(self.path / DB_FILE, data_key, page_format=old_format)
            refused = _disk_refused(exc, self.path)
            if refused is not None:  # a full disk (sqlcipher_export's too): say so (F12)
                raise refused from None
            raise
        self._db = conn
        self.header = hdr
        if seal.has_table(conn):  # signed again under the new key (rebuild._reseal)
            self._seal = seal.stored(conn)
        self._identity = identity(self.path)  # the rebuilt database is this vault's
        calibration.remember(hdr.vault_id, hdr.kdf)
        if new_key is not None:
            self.keyring.adopt(new_key)

    # --- locking ----------------------------------------------------------------

    def lock(self) -> None:
        """Close the database and drop every reference to key material we hold.

        An unlock not yet recorded (the user locked before any write) is recorded now,
        once the background check has passed; a failed check records nothing.
        """
        try:
            if self._unlock_entry is not None and self._db is not None:
                with contextlib.suppress(DamagedFile, database.DatabaseError):
                    self.settle()
                    self._record_unlock()  # if settling could not write it the first time
            if self._db is not None:
                with contextlib.suppress(OSError):  # then this computer remembers nothing
                    self._sync_readings()
            if (
                self._opened
                and self._db is not None
                and self._settled
                and not self._damaged
                and not self._unsynced_readings
            ):
                with contextlib.suppress(Exception):
                    seen.remember(self.key_for(seen.PURPOSE), self.header.vault_id, self._head())
        finally:
            self._unlock_entry = None
            if self._check is not None:  # no thread goes on reading a locked vault
                self._check.stop()
                self._check = None
            if self._db is not None:
                with contextlib.suppress(Exception):
                    self._db.close()
                self._db = None
            self.keyring.wipe()
            self.signer = None  # the member's private keys go with the session
            self._lock.release()

    close = lock

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        try:
            if exc_type is None and self.is_open:
                self.settle()  # a damaged file is reported, whatever was only read
        finally:
            self.lock()


# --- helpers --------------------------------------------------------------------


def _disk_refused(exc: BaseException, path: Path) -> SafeFileError | None:
    """A full or read-only disk's own message for a failed write, whatever raised it:
    ``sqlcipher_export`` reports a full disk as a plain SQL error (issue 29 F12)."""
    if isinstance(exc, SafeFileError) or not isinstance(exc, OSError | database.DatabaseError):
        return None
    refused = write_failure(exc, path)
    if refused is None and (is_full(path) or "disk is full" in str(exc)):
        refused = disk_full(path)
    return refused
