"""Key material: Argon2id key derivation, key wrapping and the recovery key.

The vault's data is encrypted with a random 256-bit *data key*.  The data key
is stored only wrapped (AES-256-GCM) under a key derived from the passphrase
with Argon2id, and optionally under a key derived from the recovery key.
Changing the passphrase re-wraps 32 bytes: it is instant whatever the vault's size.

Where key bytes live (Python cannot wipe memory, so we keep them in few places):
  * the data key: the open vault's key ring (``store/keyring.KeyRing``, a bytearray
    zeroed when the vault locks), and a copy it lends for one job, zeroed after;
  * for the background check at unlock, a bytearray copy handed to its thread
    (``database.BackgroundCheck``), zeroed as soon as its connection is keyed;
  * transiently, the hex key string handed to ``PRAGMA key`` in
    ``store/database.py`` and the sub-keys derived by ``subkey`` below, which
    are dropped as soon as the operation that needed them returns.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
import unicodedata

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import BaseModel, ConfigDict, Field

from safefile.errors import DamagedFile, InvalidInput, WrongKey

KEY_BYTES = 32
NONCE_BYTES = 12  # AES-GCM

WRONG_PASSPHRASE = (
    "That passphrase does not open this vault. Check Caps Lock and the keyboard "  # noqa: S105
    "layout, and try again. If you have forgotten it, use your recovery key."
)


def b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64d(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


# RFC 9106, section 4, second recommended option: the floor we never go below.
MIN_MEMORY_KIB = 64 * 1024
MIN_TIME_COST = 3
MIN_PARALLELISM = 4
# At creation the passes are calibrated to about this long on the workstation,
# as KeePassXC does; a stolen vault file is open to offline guessing, so
# Argon2id's cost is the only brake.
TARGET_SECONDS = 1.0
# Upper bounds on what a key file may ask for (check_kdf_bounds): far above what
# calibration makes, far below what would exhaust a workstation.
MAX_TIME_COST = 200
# SafeFile keeps the floor's memory and lanes (calibration raises only the passes): a
# key file asking for more than 4 times either was changed (issue 29 F11: 1 GiB stalled
# the unlock for a minute). store/calibration.py bounds the passes by what this computer
# recorded for the vault.
MAX_MEMORY_KIB = 4 * MIN_MEMORY_KIB
MAX_PARALLELISM = 4 * MIN_PARALLELISM


class KdfParams(BaseModel):
    model_config = ConfigDict(frozen=True, strict=True)

    alg: str = "argon2id"
    version: int = 19
    memory_kib: int = Field(ge=8)
    time_cost: int = Field(ge=1)
    parallelism: int = Field(ge=1)
    salt: str  # hex

    @classmethod
    def minimum(cls) -> KdfParams:
        """RFC 9106's second recommendation with a fresh salt (fast: used by tests)."""
        return cls(
            memory_kib=MIN_MEMORY_KIB,
            time_cost=MIN_TIME_COST,
            parallelism=MIN_PARALLELISM,
            salt=secrets.token_hex(16),
        )

    def is_weaker_than_floor(self) -> bool:
        return (
            self.memory_kib < MIN_MEMORY_KIB
            or self.time_cost < MIN_TIME_COST
            or self.parallelism < MIN_PARALLELISM
        )

    def strengthened(self) -> KdfParams:
        """These parameters raised to at least the floor, with a fresh salt."""
        return KdfParams(
            memory_kib=max(self.memory_kib, MIN_MEMORY_KIB),
            time_cost=max(self.time_cost, MIN_TIME_COST),
            parallelism=max(self.parallelism, MIN_PARALLELISM),
            salt=secrets.token_hex(16),
        )


def normalize_passphrase(passphrase: str) -> bytes:
    """NFKC, as NIST SP 800-63B asks, so the same words typed differently still open."""
    return unicodedata.normalize("NFKC", passphrase).encode("utf-8")


def derive_key(passphrase: str, params: KdfParams) -> bytes:
    if params.alg != "argon2id" or params.version != 19:
        raise InvalidInput("This vault uses a key derivation this version does not know.")
    check_kdf_bounds(params)
    return hash_secret_raw(
        secret=normalize_passphrase(passphrase),
        salt=bytes.fromhex(params.salt),
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
        version=19,
    )


def check_kdf_bounds(params: KdfParams) -> None:
    """Refuse parameters read from a key file (or a backup's) that SafeFile never makes.

    Argon2id runs before anything authenticates the key file, so without upper bounds a
    changed file could make the unlock allocate gigabytes or run for hours.  Raises
    ``DamagedFile`` naming the parameter; the lower bounds are the floor, which an
    older vault may be under and is then strengthened (``Vault.open``).
    """
    problems = []
    if not 8 <= params.memory_kib <= MAX_MEMORY_KIB:
        problems.append(f"{params.memory_kib:,} KiB of memory (at most {MAX_MEMORY_KIB:,})")
    if not 1 <= params.time_cost <= MAX_TIME_COST:
        problems.append(f"{params.time_cost:,} passes (at most {MAX_TIME_COST:,})")
    if not 1 <= params.parallelism <= MAX_PARALLELISM:
        problems.append(f"{params.parallelism:,} lanes (at most {MAX_PARALLELISM:,})")
    try:
        salt_ok = 16 <= len(bytes.fromhex(params.salt)) <= 64
    except ValueError:
        salt_ok = False
    if not salt_ok:
        problems.append("a salt that is not 16 to 64 bytes of hex")
    if problems:
        raise DamagedFile(
            "The vault's key file asks for key-derivation settings SafeFile never makes ("
            + "; ".join(problems)
            + "), so it has been damaged or changed. Nothing was done. "
            "Restore the vault from your last backup."
        )


def _probe_seconds(params: KdfParams) -> float:
    """How long one derivation takes on this workstation when it is not busy.

    Wall time counts the time other programs hold the processor; the process's CPU
    time spread over the lanes that can run at once does not.  The smaller of the
    two is the quiet wall time, whatever the load (issue 18: a busy machine gave
    19 passes where a quiet one gives 30).
    """
    lanes = max(1, min(params.parallelism, os.cpu_count() or 1))
    wall, cpu = time.perf_counter(), time.process_time()
    derive_key("calibration passphrase", params)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return min(wall, cpu / lanes) if cpu > 0 else wall


def calibrate(
    target_seconds: float = TARGET_SECONDS, *, base: KdfParams | None = None, rounds: int = 2
) -> KdfParams:
    """``base``'s memory and lanes (the floor by default), with passes raised until one
    derivation takes about ``target_seconds`` on a quiet workstation; a fresh salt."""
    probe = base or KdfParams.minimum()
    low_passes, high_passes = MIN_TIME_COST, 2 * MIN_TIME_COST
    low = high = float("inf")
    for _ in range(rounds):  # the fastest of several probes
        low = min(low, _probe_seconds(probe.model_copy(update={"time_cost": low_passes})))
        high = min(high, _probe_seconds(probe.model_copy(update={"time_cost": high_passes})))
    # Two points, so the fixed cost (allocating the memory) is not counted per pass.
    per_pass = max((high - low) / (high_passes - low_passes), 1e-6)
    fixed = max(low - per_pass * low_passes, 0.0)
    passes = int((target_seconds - fixed) / per_pass)
    passes = max(MIN_TIME_COST, min(MAX_TIME_COST, passes))
    return probe.model_copy(update={"time_cost": passes, "salt": secrets.token_hex(16)})


def _fast_for_tests() -> bool:
    return os.environ.get("SAFEFILE_TEST_FAST_KDF") == "1"


def params_for_new_vault() -> KdfParams:
    """Calibrated parameters; the test suite sets SAFEFILE_TEST_FAST_KDF=1 to skip the
    one-second calibration and use the floor (still RFC 9106's recommended strength)."""
    if _fast_for_tests():
        return KdfParams.minimum()
    return calibrate()


def recalibrated(current: KdfParams) -> KdfParams:
    """A new passphrase's derivation: calibrated on this workstation now (the vault may
    have moved, or been made on a busy day), never weaker than ``current``; a fresh salt."""
    fresh = params_for_new_vault()
    return fresh.model_copy(
        update={
            "memory_kib": max(fresh.memory_kib, current.memory_kib),
            "time_cost": max(fresh.time_cost, current.time_cost),
            "parallelism": max(fresh.parallelism, current.parallelism),
            "salt": secrets.token_hex(16),
        }
    )


def wipe(key: bytearray) -> None:
    """Overwrite key bytes we hold with zeros, before dropping them."""
    key[:] = bytes(len(key))


def new_data_key() -> bytearray:
    return bytearray(os.urandom(KEY_BYTES))


def wrap(kek: bytes, key: bytes | bytearray, aad: bytes) -> tuple[bytes, bytes]:
    nonce = os.urandom(12)
    return nonce, AESGCM(kek).encrypt(nonce, bytes(key), aad)


def unwrap(kek: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytearray | None:
    """The wrapped key, or None when ``kek`` is not the key it was wrapped with."""
    try:
        return bytearray(AESGCM(kek).decrypt(nonce, ciphertext, aad))
    except InvalidTag:
        return None


def subkey(data_key: bytes | bytearray, purpose: str, length: int = KEY_BYTES) -> bytes:
    """An independent key for one purpose (audit chain, documents, backups)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=length, salt=None, info=f"safefile/{purpose}".encode()
    ).derive(bytes(data_key))


# --- recovery key -----------------------------------------------------------------
# 160 random bits written in Crockford's base32 (no I, L, O or U: nothing to confuse
# when copying by hand), in groups of four, with a last group that is a checksum so
# a typing mistake is told apart from a key that belongs to another vault.

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DECODE = {c: i for i, c in enumerate(_ALPHABET)} | {"O": 0, "I": 1, "L": 1}
RECOVERY_BYTES = 20
_GROUP = 4


def _b32(data: bytes) -> str:
    bits = int.from_bytes(data, "big")
    nchars = (len(data) * 8 + 4) // 5
    pad = nchars * 5 - len(data) * 8
    bits <<= pad
    return "".join(_ALPHABET[(bits >> (5 * i)) & 31] for i in reversed(range(nchars)))


def _checksum(body: str) -> str:
    digest = hashlib.sha256(body.encode()).digest()
    return _b32(digest[:3])[:_GROUP]


def new_recovery_key() -> str:
    body = _b32(os.urandom(RECOVERY_BYTES))
    full = body + _checksum(body)
    return "-".join(full[i : i + _GROUP] for i in range(0, len(full), _GROUP))


def parse_recovery_key(text: str) -> bytes:
    """The key's secret bytes; raises WrongKey (exit 4) on a typing mistake."""
    chars = "".join(ch for ch in text.upper() if ch not in " -\t\r\n")
    body_len = (RECOVERY_BYTES * 8 + 4) // 5
    if len(chars) != body_len + _GROUP or any(ch not in _DECODE for ch in chars):
        raise WrongKey(
            "That does not look like a recovery key. A recovery key is 9 groups of "
            "4 letters and digits, like ABCD-EFGH-... Check it and type it again."
        )
    chars = "".join(_ALPHABET[_DECODE[ch]] for ch in chars)
    body, check = chars[:body_len], chars[body_len:]
    if not hmac.compare_digest(_checksum(body), check):
        raise WrongKey(
            "The recovery key has a typing mistake (its last group does not match). "
            "Check each group against the paper copy and type it again."
        )
    bits = 0
    for ch in body:
        bits = (bits << 5) | _DECODE[ch]
    bits >>= body_len * 5 - RECOVERY_BYTES * 8
    return bits.to_bytes(RECOVERY_BYTES, "big")


def recovery_kek(recovery_secret: bytes, salt: bytes) -> bytes:
    # 160 random bits need no slow hash: guessing them is infeasible.
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"safefile/recovery-wrap"
    ).derive(recovery_secret)


def recovery_group(key: str, index: int) -> str:
    """Group ``index`` (from 0) of a recovery key as shown, for the "retype two groups" check."""
    return key.split("-")[index]


def group_matches(key: str, index: int, typed: str) -> bool:
    """Whether ``typed`` is group ``index`` of ``key`` (case and spaces do not matter)."""
    return "".join(typed.split()).upper() == recovery_group(key, index).upper()
