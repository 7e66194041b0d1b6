"""The vault's key file (``vault.json``): what is needed to unlock, and nothing secret.

It holds the Argon2id parameters and salt and the data key wrapped under the
passphrase (and, optionally, under the recovery key).  A checksum over the
whole header tells an accidentally damaged key file apart from a wrong
passphrase.  The wrapping binds the vault id and the KDF parameters as
associated data, so parameters edited to weaken them no longer unwrap.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from safefile.errors import DamagedFile, NewerVersion, NotAVault
from safefile.fsutil import atomic_write
from safefile.store import keys
from safefile.store.keys import KdfParams, b64d, b64e
from safefile.store.memberslots import MemberSlot

FORMAT = "safefile-vault"
# The format version also names the database's page format (store/database.py
# PAGE_FORMATS): 1 = SQLCipher 4's defaults, 2 = 16 KiB pages with HMAC-SHA256.
FORMAT_VERSION = 2


def _b64_of(text: str, lengths: range) -> str:
    """``text`` when it is base64 of a length in ``lengths`` (checked before any use:
    issue 29, a 3-byte nonce with its checksum recomputed crashed the unwrap)."""
    if not isinstance(text, str) or len(text) > 4 * (lengths.stop // 3 + 1):
        raise ValueError("not base64 of the expected length")
    try:
        n = len(b64d(text))
    except (ValueError, UnicodeEncodeError):
        raise ValueError("not base64") from None
    if n not in lengths:
        raise ValueError("not the expected length")
    return text


class Wrapped(BaseModel):
    model_config = ConfigDict(frozen=True, strict=True)
    nonce: str
    ciphertext: str
    salt: str | None = None  # the recovery wrap's HKDF salt

    @field_validator("nonce")
    @classmethod
    def _nonce(cls, v: str) -> str:
        return _b64_of(v, range(keys.NONCE_BYTES, keys.NONCE_BYTES + 1))

    @field_validator("ciphertext")
    @classmethod
    def _ciphertext(cls, v: str) -> str:  # the 32-byte data key and the 16-byte tag
        return _b64_of(v, range(keys.KEY_BYTES + 16, keys.KEY_BYTES + 17))

    @field_validator("salt")
    @classmethod
    def _salt(cls, v: str | None) -> str | None:
        return None if v is None else _b64_of(v, range(16, 65))


class Header(BaseModel):
    model_config = ConfigDict(frozen=True, strict=True)

    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    vault_id: str
    created: str
    kdf: KdfParams
    # The single practitioner's passphrase slot; None once the vault has staff members,
    # each with their own slot (``members``; written only when there are any, so a
    # single-user key file stays as it was).
    passphrase_wrap: Wrapped | None
    recovery_wrap: Wrapped | None = None
    members: tuple[MemberSlot, ...] = Field(default=(), strict=False)  # JSON: a list

    @property
    def page_format(self) -> int:
        return self.format_version

    def passphrase_aad(self) -> bytes:
        return _canonical(
            {"purpose": "passphrase", "vault_id": self.vault_id, "kdf": self.kdf.model_dump()}
        )

    def recovery_aad(self) -> bytes:
        return _canonical({"purpose": "recovery", "vault_id": self.vault_id})


def _canonical(obj: object) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _checksum(body: dict[str, object]) -> str:
    return hashlib.sha256(_canonical(body)).hexdigest()


def dump(header: Header) -> bytes:
    body = header.model_dump()
    if not body["members"]:
        del body["members"]
    return json.dumps({**body, "checksum": _checksum(body)}, indent=2, sort_keys=True).encode()


def load(data: bytes) -> Header:
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise NotAVault(_not_a_vault()) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise NotAVault(_not_a_vault())
    version = raw.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise NewerVersion(
            "This vault was made by a newer version of SafeFile. "
            "Install the newer version to open it; nothing was changed."
        )
    checksum = raw.pop("checksum", None)
    if checksum != _checksum(raw):
        raise DamagedFile(_damaged())
    try:
        hdr = Header.model_validate(raw)
    except ValidationError:
        raise DamagedFile(_damaged()) from None
    check_kdf_bounds(hdr.kdf)
    for slot in hdr.members:  # each member's derivation bounded like the vault's
        check_kdf_bounds(slot.keys.kdf)
    return hdr


# Memory times passes: the work of one derivation, at most 4 times the most SafeFile
# calibrates (the floor's memory at the most passes), so a changed key file cannot make
# the opening take more than seconds even within each parameter's own bound.
MAX_WORK = 4 * keys.MIN_MEMORY_KIB * keys.MAX_TIME_COST


def check_kdf_bounds(kdf: KdfParams) -> None:
    """Refuse key-derivation settings out of range, before any derivation starts: each
    parameter's bound (``keys.check_kdf_bounds``, which names it), then the algorithm and
    the work of memory and passes together."""
    keys.check_kdf_bounds(kdf)
    if (
        kdf.alg != "argon2id"
        or kdf.version != 19
        or kdf.memory_kib < 8 * kdf.parallelism
        or kdf.memory_kib * kdf.time_cost > MAX_WORK
    ):
        raise DamagedFile(
            "The vault's key file asks for key-derivation settings SafeFile never uses "
            f"(memory {kdf.memory_kib:,} KiB, {kdf.time_cost:,} passes, {kdf.parallelism:,} "
            "lanes), so it was damaged or changed. Nothing was done. Restore the vault "
            "from your last backup."
        )


def read(path: Path) -> Header:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotAVault(_not_a_vault()) from None
    return load(data)


def write(path: Path, header: Header) -> None:
    """Replace the key file atomically: after a crash it holds the old or the new header."""
    atomic_write(path, dump(header))


def _not_a_vault() -> str:
    return "This is not a SafeFile vault. Check that you chose the right folder."


def _damaged() -> str:
    return (
        "The vault's key file is damaged or has been changed. Nothing was changed. "
        "Restore the vault from your last backup."
    )


__all__ = ["Header", "Wrapped", "b64d", "b64e", "check_kdf_bounds", "dump", "load", "read", "write"]
