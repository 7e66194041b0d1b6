"""The one write path: every change to the records and its audit entry pass through here.

``change(vault, actor)`` opens a transaction (joining the caller's, if any) and
yields a :class:`Change`: its ``db`` makes the writes and its ``audit`` writes the
audit entries, with the same actor, in the same transaction.  So a change and
its audit entry are committed together or not at all, and who made it is said
once, by the caller: the session's ``vault.actor`` (store/actor.py) or one given.

It is the only way outside ``store/`` to open a transaction (tests/test_layers.py):
``together`` for writes whose audit entries their caller makes (or that need none),
and ``undone`` to ask something that writes and keep none of it (a gate preview).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from safefile.store.actor import Actor
from safefile.store.connection import Connection
from safefile.store.vault import Vault


@dataclass(frozen=True)
class Change:
    vault: Vault
    db: Connection
    actor: Actor

    def audit(self, event: str, client_id: int | None = None, **detail: object) -> None:
        """Record ``event`` in the audit trail, in this change's transaction, by its actor."""
        self.vault.audit(event, client_id, actor=self.actor, **detail)

    def insert(self, sql: str, params: tuple[object, ...]) -> int:
        """Run an INSERT and return the new row's id."""
        return int(self.db.execute(sql, params).lastrowid)


@contextlib.contextmanager
def change(vault: Vault, actor: Actor) -> Iterator[Change]:
    """A transaction whose changes and audit entries are committed together."""
    with together(vault) as db:
        yield Change(vault, db, actor)


def together(vault: Vault) -> contextlib.AbstractContextManager[Connection]:
    """A write transaction (joining the caller's, if any): all of it is committed or none.
    The writes in it make their own audit entries (``vault.audit``, with their actor)."""
    return vault.transaction()


class _Undo(Exception):
    """Raised inside ``undone`` to roll its transaction back."""


@contextlib.contextmanager
def undone(vault: Vault) -> Iterator[Connection]:
    """A transaction that is always rolled back: what is done in it is seen inside it and
    kept nowhere (a preview of the gate's answer writes its log entry, then undoes it)."""
    try:
        with vault.transaction() as db:
            yield db
            raise _Undo
    except _Undo:
        pass


__all__ = ["Actor", "Change", "change", "together", "undone"]
