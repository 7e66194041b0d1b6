"""The audit trail's append: one entry, chained and authenticated (store/chain.py).

``Vault.audit`` is how the program records (it joins the caller's transaction, and
knows who acts); this is the row it writes, also written by ``Vault.create`` for the
vault's first entry.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from safefile.store import chain
from safefile.store.connection import Connection

PURPOSE = "audit"  # the sub-key of the data key that chains the trail


def detail_text(detail: Mapping[str, object]) -> str:
    """An entry's detail as stored: JSON, keys sorted, non-ASCII kept as written."""
    return json.dumps(detail, sort_keys=True, ensure_ascii=False)


def append(
    conn: Connection,
    key: bytes,
    *,
    at: str,
    actor: str,
    event: str,
    client_id: int | None,
    detail: str,
    signer: chain.Signer | None = None,
) -> int:
    """Append one entry inside the caller's transaction; its sequence number. ``key``:
    the data key's ``PURPOSE`` sub-key; ``detail``: JSON text (``detail_text``);
    ``signer``: the acting member (``Vault.signing_for``), None before staff accounts."""
    return chain.AUDIT.append(
        conn,
        key,
        {"at": at, "actor": actor, "event": event, "client_id": client_id, "detail": detail},
        signer=signer,
    )
