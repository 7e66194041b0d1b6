"""Read every page of a SQLCipher 4 database file (and its WAL) decrypted, free pages too.

SQLCipher 4's page format (https://www.zetetic.net/sqlcipher/design/): pages of
4096 bytes; each ends with a reserved area of 80 bytes whose first 16 bytes are the
page's random IV (then its HMAC-SHA512); the rest is AES-256-CBC under the raw key.
Page 1 begins with the 16-byte salt in clear, so its ciphertext starts at byte 16.
Reading the raw file this way sees what no SQL query can: free pages, freelist
trunks, slack space in cells.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80


def _decrypt(key: bytes, page: bytes, first: bool) -> bytes:
    start = 16 if first else 0
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    body = page[start : PAGE - RESERVE]
    d = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return d.update(body) + d.finalize()


def decrypted_pages(db_file: Path, key: bytes) -> list[bytes]:
    raw = db_file.read_bytes()
    assert len(raw) % PAGE == 0, "not a SQLCipher 4 file with 4096-byte pages"
    return [_decrypt(key, raw[i : i + PAGE], i == 0) for i in range(0, len(raw), PAGE)]


def decrypted_wal_frames(wal_file: Path, key: bytes) -> list[bytes]:
    if not wal_file.exists():
        return []
    raw = wal_file.read_bytes()
    out: list[bytes] = []
    pos = 32
    while pos + 24 + PAGE <= len(raw):
        page_no = int.from_bytes(raw[pos : pos + 4], "big")
        out.append(_decrypt(key, raw[pos + 24 : pos + 24 + PAGE], page_no == 1))
        pos += 24 + PAGE
    return out


def plaintext(vault_path: Path, key: bytes) -> bytes:
    pages = decrypted_pages(vault_path / "vault.db", key)
    pages += decrypted_wal_frames(vault_path / "vault.db-wal", key)
    return b"".join(pages)
