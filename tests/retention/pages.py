"""Read every page of a SQLCipher 4 database file (and its WAL) decrypted, free pages too.

SQLCipher 4's page format (https://www.zetetic.net/sqlcipher/design/): each page
ends with a reserved area whose first 16 bytes are the page's random IV, then its
HMAC; the rest is AES-256-CBC under the raw key.  Page format 1 (SQLCipher's
defaults): 4096-byte pages, HMAC-SHA512, 80 reserved bytes; format 2 (the key
file's ``format_version``, store/database.py): 16384-byte pages, HMAC-SHA256, 48.
Page 1 begins with the 16-byte salt in clear, so its ciphertext starts at byte 16.
Reading the raw file this way sees what no SQL query can: free pages, freelist
trunks, slack space in cells.
"""

from __future__ import annotations

import json
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

FORMATS = {1: (4096, 80), 2: (16384, 48)}
PAGE, RESERVE = FORMATS[1]


def _decrypt(key: bytes, page: bytes, first: bool) -> bytes:
    size = len(page)
    reserve = dict(FORMATS.values())[size]
    start = 16 if first else 0
    iv = page[size - reserve : size - reserve + 16]
    body = page[start : size - reserve]
    d = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return d.update(body) + d.finalize()


def decrypted_pages(db_file: Path, key: bytes, page: int) -> list[bytes]:
    raw = db_file.read_bytes()
    assert len(raw) % page == 0, f"not a SQLCipher 4 file with {page}-byte pages"
    return [_decrypt(key, raw[i : i + page], i == 0) for i in range(0, len(raw), page)]


def decrypted_wal_frames(wal_file: Path, key: bytes, page: int) -> list[bytes]:
    if not wal_file.exists():
        return []
    raw = wal_file.read_bytes()
    out: list[bytes] = []
    pos = 32
    while pos + 24 + page <= len(raw):
        page_no = int.from_bytes(raw[pos : pos + 4], "big")
        out.append(_decrypt(key, raw[pos + 24 : pos + 24 + page], page_no == 1))
        pos += 24 + page
    return out


def plaintext(vault_path: Path, key: bytes) -> bytes:
    """Every page of the database and its WAL, decrypted, in the vault's page format."""
    fmt = json.loads((vault_path / "vault.json").read_text()).get("format_version", 1)
    page = FORMATS[int(fmt)][0]
    pages = decrypted_pages(vault_path / "vault.db", key, page)
    pages += decrypted_wal_frames(vault_path / "vault.db-wal", key, page)
    return b"".join(pages)
