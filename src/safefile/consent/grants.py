"""Grants: what the gate allows to leave, and nothing else can make.

A grant is made only inside this package (the gate), and that is structural:

* its constructor needs a module-private capability (``_MINT``); anything else
  gets a TypeError;
* it cannot be changed, copied, deep-copied or pickled;
* every grant is registered when made, with an HMAC of its contents under a key
  that lives only in this process, for the vault it was made for;
* the exporter must ``redeem`` it: redeeming checks it was issued here, for this
  vault, is unchanged, is unspent and is used within minutes of being made (and,
  for a release, that the release is still valid then), and spends it.

So a forged, copied, altered, stale or reused grant is refused, and the refusal
says so.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

from safefile.errors import ConsentRefused

GRANT_TTL = timedelta(minutes=15)  # from the decision shown to the user to the file written
_MINT = object()
_PROCESS_KEY = secrets.token_bytes(32)
_LOCK = threading.Lock()
_ISSUED: dict[str, tuple[str, str]] = {}  # token -> (vault id, mac)
_SPENT: set[str] = set()


class Grant:
    """What may leave: kind, client, recipient, purpose, categories and the exact items.

    Kinds: ``release`` (under a written release), ``own-copy`` (the client's right of
    access), ``legal`` (a disclosure required by law), ``deidentified``.
    """

    __slots__ = ("_data",)

    def __init__(self, mint: object, **fields: Any) -> None:
        if mint is not _MINT:
            raise TypeError("Grants are made only by the consent gate.")
        object.__setattr__(self, "_data", MappingProxyType(dict(fields)))

    def __getattr__(self, name: str) -> Any:
        try:
            return object.__getattribute__(self, "_data")[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("A grant cannot be changed.")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("A grant cannot be changed.")

    def __copy__(self) -> Grant:
        raise TypeError("A grant cannot be copied; ask the gate again.")

    def __deepcopy__(self, memo: object) -> Grant:
        raise TypeError("A grant cannot be copied; ask the gate again.")

    def __reduce_ex__(self, protocol: object) -> Any:
        raise TypeError("A grant cannot be stored or sent; ask the gate again.")

    def as_dict(self) -> dict[str, Any]:
        return dict(object.__getattribute__(self, "_data"))

    def __repr__(self) -> str:
        return f"<Grant {self.kind} {self.log_ref}>"


def _mac(fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False).encode()
    return hmac.new(_PROCESS_KEY, payload, hashlib.sha256).hexdigest()


def mint(vault_id: str, **fields: Any) -> Grant:
    """Make and register a grant (called by the gate only)."""
    token = secrets.token_hex(16)
    fields = {**fields, "token": token}
    with _LOCK:
        _ISSUED[token] = (vault_id, _mac(fields))
    return Grant(_MINT, **fields)


def spend(grant: object, vault_id: str, now: datetime) -> Grant:
    """Check a grant as described above and spend it; refuse with the reason otherwise."""
    if type(grant) is not Grant:
        raise ConsentRefused(["This is not a grant from the consent gate."])
    fields = grant.as_dict()
    token = fields.get("token", "")
    with _LOCK:
        if token in _SPENT:
            raise ConsentRefused(["This grant was already used; each export needs its own."])
        issued = _ISSUED.get(token)
        if issued is None:
            raise ConsentRefused(["This grant was not made by the consent gate."])
        if issued[0] != vault_id:
            raise ConsentRefused(["This grant was made for another vault."])
        if not hmac.compare_digest(issued[1], _mac(fields)):
            raise ConsentRefused(["This grant was changed after the gate made it."])
        made_at: datetime = fields["made_at"]
        if now - made_at > GRANT_TTL or now < made_at:
            raise ConsentRefused(
                ["This grant has lapsed (it is valid only when it was made); ask the gate again."]
            )
        del _ISSUED[token]
        _SPENT.add(token)
    return grant
