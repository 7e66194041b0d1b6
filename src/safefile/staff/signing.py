"""When a vault's entries start being signed by its staff members (issue 28, item 2).

``start_signing`` is called once, when the vault gets its first member (the upgrade of a
single-user vault: staff/admin), in the transaction that records that member, before
the session's ``vault.signer`` is set. From then on every entry of the audit trail and
of the record of sharing must carry the acting member's signature (store/signatures.py);
entries made before stay unsigned and still pass ``check``.
"""

from __future__ import annotations

from safefile.records import writes
from safefile.store import signatures
from safefile.store.vault import Vault


def start_signing(vault: Vault) -> dict[str, int]:
    """Write the signature marker (sealed meta: each chain's last sequence number now),
    joining the caller's transaction; an existing marker stays. Returns the marker."""
    with writes.together(vault) as db:
        return signatures.write_marker(db)


__all__ = ["start_signing"]
