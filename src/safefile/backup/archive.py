"""The backup file format: one file, encrypted and authenticated from end to end.

    MAGIC (16 bytes) | header length (4, big-endian) | header (JSON) | chunks ...

The header (nothing secret) holds the format version, when it was made, the
vault's id and schema version, what it holds, and the vault's key file as it was
at the time of the backup: so the backup opens with that vault's passphrase or
recovery key, which unwrap the data key; the stream key is derived from it.

The payload is a sequence of files (the database snapshot, already SQLCipher-
encrypted, and the documents, already encrypted) framed as
``name length (2) | name | size (8) | bytes``, ended by an empty name.  It is
cut into 1 MiB chunks, each AES-256-GCM encrypted with a nonce made of a random
7-byte prefix, the chunk's number and a flag marking the last chunk, and the
SHA-256 of the header as associated data.  So a changed byte anywhere, a
truncated file, reordered chunks, or a header taken from another backup all
fail authentication; the whole file is verified before anything is restored.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from safefile.errors import DamagedFile, NewerVersion

MAGIC = b"SAFEFILE-BACKUP\x00"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024
TAG = 16  # AES-GCM's tag
MAX_HEADER = 1024 * 1024
SUFFIX = ".sfbackup"
Progress = Callable[[int, int], None]

DAMAGED = (
    "This backup is damaged, incomplete or has been changed, so it cannot be trusted. "
    "Nothing was restored. Use another backup."
)
NOT_A_BACKUP = "This is not a SafeFile backup. Check that you chose the right file."


def _nonce(prefix: bytes, index: int, final: bool) -> bytes:
    return prefix + struct.pack(">I", index) + (b"\x01" if final else b"\x00")


def read_header(fh: IO[bytes]) -> tuple[dict[str, Any], bytes]:
    """The header and its raw bytes; NotAVault-style errors for files that are not ours."""
    if fh.read(len(MAGIC)) != MAGIC:
        raise DamagedFile(NOT_A_BACKUP)
    raw_len = fh.read(4)
    if len(raw_len) != 4:
        raise DamagedFile(DAMAGED)
    (n,) = struct.unpack(">I", raw_len)
    if n > MAX_HEADER:
        raise DamagedFile(DAMAGED)
    raw = fh.read(n)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DamagedFile(DAMAGED) from None
    if not isinstance(header, dict) or type(header.get("format_version")) is not int:
        raise DamagedFile(DAMAGED)
    if header["format_version"] > FORMAT_VERSION:
        raise NewerVersion(
            "This backup was made by a newer version of SafeFile. Install it to restore; "
            "nothing was changed."
        )
    return header, raw


class Writer:
    """Encrypts a stream of files into chunks written to ``fh``.

    Without copies of the data: files are read straight into the one chunk buffer
    (``readinto``), and each chunk is sealed into one reused output buffer
    (``encrypt_into``) that is written with its length in one call (issue 18: the
    1 MiB copies cost more than AES-GCM itself).
    """

    def __init__(self, fh: IO[bytes], key: bytes, header: dict[str, Any]) -> None:
        self.fh = fh
        self.aead = AESGCM(key)
        self.prefix = os.urandom(7)
        header = {
            **header,
            "format_version": FORMAT_VERSION,
            "chunk": CHUNK,
            "nonce_prefix": self.prefix.hex(),
        }
        raw = json.dumps(header, sort_keys=True, ensure_ascii=True).encode()
        self.aad = hashlib.sha256(raw).digest()
        fh.write(MAGIC + struct.pack(">I", len(raw)) + raw)
        self.buf = memoryview(bytearray(CHUNK))
        self.fill = 0
        self.out = memoryview(bytearray(4 + CHUNK + TAG))
        self.index = 0

    def _seal(self, final: bool) -> None:
        """Encrypt the buffer's ``fill`` bytes as the next chunk and write it."""
        n = self.fill
        nonce = _nonce(self.prefix, self.index, final)
        out = self.out[: 4 + n + TAG]
        struct.pack_into(">I", out, 0, n + TAG)
        if hasattr(self.aead, "encrypt_into"):  # cryptography >= 46
            self.aead.encrypt_into(nonce, self.buf[:n], self.aad, out[4:])
        else:  # pragma: no cover - older cryptography: one copy of the chunk
            out[4:] = self.aead.encrypt(nonce, self.buf[:n], self.aad)
        self.fh.write(out)
        self.index += 1
        self.fill = 0

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            if self.fill == CHUNK:  # sealed only when more follows: the last is final
                self._seal(final=False)
            take = min(len(view), CHUNK - self.fill)
            self.buf[self.fill : self.fill + take] = view[:take]
            self.fill += take
            view = view[take:]

    def add_file(self, name: str, path: Path, progress: Callable[[int], None]) -> None:
        size = path.stat().st_size
        encoded = name.encode("utf-8")
        self.write(struct.pack(">H", len(encoded)) + encoded + struct.pack(">Q", size))
        done = 0
        with path.open("rb", buffering=0) as src:
            while True:
                if self.fill == CHUNK:
                    self._seal(final=False)
                n = src.readinto(self.buf[self.fill :])
                if not n:
                    break
                self.fill += n
                done += n
                progress(n)
        if done != size:
            raise DamagedFile(f"{name} changed while it was being backed up; try again.")

    def close(self) -> None:
        self.write(struct.pack(">H", 0))
        self._seal(final=True)


def _read_exactly(fh: IO[bytes], view: memoryview) -> int:
    got = 0
    while got < len(view):
        n = fh.readinto(view[got:])  # type: ignore[attr-defined]
        if not n:
            break
        got += n
    return got


def chunks(fh: IO[bytes], key: bytes, header: dict[str, Any], raw_header: bytes) -> Iterator[bytes]:
    """Decrypted chunks in order; DamagedFile on any changed, missing or extra byte.

    The ciphertext is read into one reused buffer; each chunk's plaintext is the only
    allocation.
    """
    aead = AESGCM(key)
    aad = hashlib.sha256(raw_header).digest()
    try:
        prefix = bytes.fromhex(str(header.get("nonce_prefix", "")))
    except ValueError:
        raise DamagedFile(DAMAGED) from None
    if len(prefix) != 7:
        raise DamagedFile(DAMAGED)
    length = memoryview(bytearray(4))
    buf = memoryview(bytearray(CHUNK + TAG))
    index = 0
    while True:
        if _read_exactly(fh, length) != 4:
            raise DamagedFile(DAMAGED)  # ended before the final chunk: truncated
        (n,) = struct.unpack(">I", length)
        if n > CHUNK + TAG:
            raise DamagedFile(DAMAGED)
        ct = buf[:n]
        if _read_exactly(fh, ct) != n:
            raise DamagedFile(DAMAGED)
        for final in (False, True):
            try:
                plain = aead.decrypt(_nonce(prefix, index, final), ct, aad)
            except InvalidTag:
                continue
            yield plain
            if final:
                if fh.read(1):
                    raise DamagedFile(DAMAGED)  # bytes after the final chunk
                return
            break
        else:
            raise DamagedFile(DAMAGED)
        index += 1


def files(stream: Iterator[bytes]) -> Iterator[tuple[str, Iterator[memoryview]]]:
    """Split the decrypted stream back into (name, pieces of content).

    The pieces are views into the decrypted chunks, valid until the next piece is
    asked for: the consumer writes (or hashes, or copies) each one, never keeps it.
    """
    it = iter(stream)
    cur = memoryview(b"")
    pos = 0

    def refill() -> None:
        nonlocal cur, pos
        try:
            cur = memoryview(next(it))
        except StopIteration:
            raise DamagedFile(DAMAGED) from None
        pos = 0

    def need(n: int) -> bytes:
        nonlocal pos
        out = bytearray()
        while len(out) < n:
            if pos == len(cur):
                refill()
            take = min(n - len(out), len(cur) - pos)
            out += cur[pos : pos + take]
            pos += take
        return bytes(out)

    while True:
        (name_len,) = struct.unpack(">H", need(2))
        if name_len == 0:
            if pos != len(cur) or next(it, None) is not None:
                raise DamagedFile(DAMAGED)
            return
        name = need(name_len).decode("utf-8")
        (size,) = struct.unpack(">Q", need(8))

        def content(size: int = size) -> Iterator[memoryview]:
            nonlocal pos
            left = size
            while left:
                if pos == len(cur):
                    refill()
                take = min(left, len(cur) - pos)
                piece = cur[pos : pos + take]
                pos += take
                left -= take
                yield piece

        body = content()
        yield name, body
        for _ in body:  # drain whatever the consumer did not read
            pass
