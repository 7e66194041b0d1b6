"""Documents (scanned signed releases, letters) kept inside the vault, encrypted.

Each document is one file in ``documents/``: ``SFDOC1`` + a 12-byte nonce + the
AES-256-GCM ciphertext of the content, under a key derived from the vault's data
key, with the file's random name as associated data (so a file swapped for
another is detected).  The metadata row lives in the database.

Why files and not the database: a program may hold several GB of scans, and
integrity checks (every page's HMAC at every open), VACUUM (which needs memory
about the size of the database with in-memory temp storage) and backups of the
database all scale with its size.  Kept apart, the database stays small and
quick to open; documents are read only when asked for (see docs/performance.md).

Order of writing: the encrypted file first (atomically), then the row in a
transaction; if the row cannot be written the file is removed.  A crash between
the two leaves an orphan encrypted file that ``check_documents`` reports.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import AEADDecryptionContext, Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from safefile.clock import iso_now
from safefile.errors import DamagedFile, InvalidInput, NotFound
from safefile.fsutil import atomic_write, private_mkdir, vault_containing
from safefile.records.models import Document, trusted
from safefile.records.program_categories import check_tag
from safefile.records.validation import require_client
from safefile.records.writes import Actor, change
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.connection import Row
from safefile.store.vault import Vault

MAX_BYTES = 50 * 1024 * 1024  # a long scanned document; larger files are refused
MAGIC = b"SFDOC1"
NONCE = 12  # a sealed file: MAGIC, the AES-GCM nonce, the ciphertext, its 16-byte tag
HEAD = len(MAGIC) + NONCE
TAG = 16
# "court order": a signed order of a court; only a document attached as one opens the
# court-order road (consent/court_order.py).  A subpoena is a "court document".
DOC_TYPES = (
    "signed release",
    "letter",
    "court order",
    "court document",
    "identity document",
    "other",
)


@allowed(Action.EDIT_FILES)
def attach(
    vault: Vault,
    client_id: int,
    content: bytes | Path,
    *,
    title: str | None = None,
    doc_type: str = "other",
    filename: str | None = None,
    category: str | None = None,
    actor: Actor,
) -> int:
    """Store a document in the vault, encrypted; return its id. No copy is made elsewhere.

    ``category``: the program category it belongs to (records/program_categories.py)."""
    tag = check_tag(vault, category)
    if isinstance(content, Path):
        path = content
        if not path.is_file():
            raise NotFound(f"There is no file at {path}.")
        if vault_containing(path, include_self=False) is not None:
            raise InvalidInput(
                f"{path} is one of a SafeFile vault's own files (encrypted, and needed by "
                "the vault), not a document. Nothing was attached. Choose the document itself."
            )
        if path.stat().st_size > MAX_BYTES:
            raise InvalidInput(_too_big(path.stat().st_size))
        filename = filename or path.name
        with path.open("rb") as fh:  # never more than the cap, whatever the file does
            data = fh.read(MAX_BYTES + 1)
    else:
        data = content
    if len(data) > MAX_BYTES:
        raise InvalidInput(_too_big(len(data)))
    if not data:
        raise InvalidInput("The document is empty; there is nothing to store.")
    title = (title or (Path(filename).stem if filename else "")).strip()
    if not title:
        raise InvalidInput("Please give the document a title.")
    doc_type = doc_type.strip() or "other"
    media_type = (mimetypes.guess_type(filename)[0] if filename else None) or (
        "application/octet-stream"
    )
    require_client(vault.db, client_id)
    blob = secrets.token_hex(16)
    folder = private_mkdir(vault.documents_dir)
    target = folder / blob
    atomic_write(target, _seal(vault, blob, data))
    try:
        with change(vault, actor) as ch:
            db = ch.db
            cur = db.execute(
                "INSERT INTO documents (client_id, title, doc_type, media_type, size, sha256, "
                "blob, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    client_id,
                    title,
                    doc_type,
                    media_type,
                    len(data),
                    hashlib.sha256(data).hexdigest(),
                    blob,
                    iso_now(vault.clock),
                ),
            )
            doc_id = int(cur.lastrowid)
            if tag is not None:
                db.execute(
                    "INSERT INTO document_categories (document_id, category) VALUES (?, ?)",
                    (doc_id, tag),
                )
            ch.audit("document attached", client_id=client_id, document_id=doc_id)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return doc_id


def _too_big(size: int) -> str:
    return (
        f"The file is {size / 1024 / 1024:.1f} MB; documents can be at most "
        f"{MAX_BYTES // 1024 // 1024} MB. Scan it at a lower resolution or in parts."
    )


def _seal(vault: Vault, blob: str, data: bytes) -> bytes:
    nonce = os.urandom(NONCE)
    return MAGIC + nonce + AESGCM(vault.key_for("documents")).encrypt(nonce, data, blob.encode())


def _open(vault: Vault, blob: str, sealed: bytes) -> bytes:
    if not sealed.startswith(MAGIC):
        raise DamagedFile(_damaged())
    nonce, ct = sealed[len(MAGIC) : HEAD], sealed[HEAD:]
    try:
        return AESGCM(vault.key_for("documents")).decrypt(nonce, ct, blob.encode())
    except InvalidTag:
        raise DamagedFile(_damaged()) from None


class SealedDigest:
    """The SHA-256 of a sealed document's content, taken while its file streams past (a
    restore): ``update`` with each piece as it is written, then ``result()``, None when
    the file does not authenticate.  Nothing is collected: the content is decrypted
    piece by piece into one reused buffer, only to be hashed, and counts only once the
    tag at the end has been checked (``check_documents(digests=...)``)."""

    def __init__(self, documents_key: bytes, blob: str) -> None:
        self._key = documents_key
        self._blob = blob
        self._head = b""
        self._tail = b""  # the last bytes seen: the tag, once the file has ended
        self._decryptor: AEADDecryptionContext | None = None  # once the head is read
        self._out = bytearray()
        self._hash = hashlib.sha256()
        self._bad = False

    def update(self, piece: bytes | bytearray | memoryview) -> None:
        if self._bad:
            return
        if self._decryptor is None:
            self._head += bytes(piece)
            if len(self._head) < HEAD:
                return
            if self._head[: len(MAGIC)] != MAGIC:
                self._bad = True
                return
            nonce = self._head[len(MAGIC) : HEAD]
            self._decryptor = Cipher(algorithms.AES(self._key), modes.GCM(nonce)).decryptor()
            self._decryptor.authenticate_additional_data(self._blob.encode())
            piece, self._head = self._head[HEAD:], b""
        view = memoryview(piece)
        if len(view) >= TAG:
            self._decrypt(self._tail)
            self._decrypt(view[:-TAG])
            self._tail = bytes(view[-TAG:])
        else:
            joined = self._tail + bytes(view)
            self._decrypt(joined[:-TAG])
            self._tail = joined[-TAG:]

    def _decrypt(self, data: bytes | memoryview) -> None:
        if not data:
            return
        assert self._decryptor is not None  # content comes only after the head
        if len(self._out) < len(data) + TAG:
            self._out = bytearray(len(data) + TAG)
        n = self._decryptor.update_into(data, self._out)
        self._hash.update(memoryview(self._out)[:n])

    def result(self) -> str | None:
        if self._bad or self._decryptor is None or len(self._tail) < TAG:
            return None
        try:
            self._decryptor.finalize_with_tag(self._tail)
        except InvalidTag:
            return None
        return self._hash.hexdigest()


def _damaged() -> str:
    return (
        "This document's file in the vault is damaged or has been changed. "
        "Restore the vault from your last backup."
    )


_DOC_COLUMNS = "id, client_id, title, doc_type, media_type, size, sha256, added_at"


_DOC_FIELDS = tuple(_DOC_COLUMNS.split(", "))


def _doc(r: Row) -> Document:
    """A row of our own database, built without validating it again."""
    return trusted(Document, **dict(zip(_DOC_FIELDS, r, strict=True)))


def get_document(vault: Vault, doc_id: int) -> Document:
    r = vault.db.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)).fetchone()  # noqa: S608
    if r is None:
        raise NotFound(f"There is no document with id {doc_id}.")
    return _doc(r)


@allowed(Action.FIND_FILES)
def read_document(vault: Vault, doc_id: int, *, actor: Actor) -> bytes:
    """The document's content, in memory only (never written out by this module)."""
    row = vault.db.execute(
        "SELECT blob, client_id, sha256 FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"There is no document with id {doc_id}.")
    path = vault.documents_dir / row[0]
    if not path.is_file():
        raise DamagedFile(_damaged())
    data = _open(vault, row[0], path.read_bytes())
    if hashlib.sha256(data).hexdigest() != row[2]:
        raise DamagedFile(_damaged())
    vault.audit("document read", client_id=row[1], document_id=doc_id, actor=actor)
    return data


@allowed(Action.FIND_FILES)
def list_documents(vault: Vault, client_id: int) -> list[Document]:
    rows = vault.db.execute(
        f"SELECT {_DOC_COLUMNS} FROM documents WHERE client_id = ? "  # noqa: S608
        "ORDER BY added_at DESC, id DESC",
        (client_id,),
    ).fetchall()
    return [_doc(r) for r in rows]


def check_documents(
    vault: Vault, digests: dict[str, str | None] | None = None
) -> tuple[int, list[str], int]:
    """(documents checked, problems, orphan files).

    Every recorded document's file must exist and authenticate.  An orphan (an
    encrypted file with no record, left by a crash between writing the file and
    its record) is harmless and only counted.  ``digests`` (blob name -> content
    SHA-256, None if it did not authenticate) were taken as the files were written
    (a restore): then no file is read again.
    """
    problems: list[str] = []
    orphans = 0
    known: set[str] = set()
    n = 0
    for doc_id, blob, digest in vault.db.execute("SELECT id, blob, sha256 FROM documents"):
        n += 1
        known.add(blob)
        path = vault.documents_dir / blob
        if not path.is_file() or (digests is not None and blob not in digests):
            problems.append(f"document {doc_id}: its file is missing")
            continue
        if digests is not None:
            found = digests[blob]
        else:
            try:
                found = hashlib.sha256(_open(vault, blob, path.read_bytes())).hexdigest()
            except DamagedFile:
                found = None
        if found is None:
            problems.append(f"document {doc_id}: its file is damaged or was changed")
            continue
        if found != digest:
            problems.append(f"document {doc_id}: its content does not match its record")
    if vault.documents_dir.is_dir():
        for p in vault.documents_dir.iterdir():
            if p.is_file() and p.name not in known:
                orphans += 1
    return n, problems, orphans
