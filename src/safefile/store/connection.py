"""The typed face of the database connection every layer uses (``Vault.db``).

The driver (sqlcipher3, a DB-API 2 module) is untyped; this protocol names the
few operations the code relies on, so a call that does not exist or a wrong
argument is a type error.  A row is a tuple of SQLite values (str, int, float,
bytes or None) read by position where it is used: SQLite rows have no static
type, so :data:`Row` is the one place ``Any`` remains at this seam.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

Row = Any  # one row: a tuple of SQLite values, read by position
Params = Sequence[object] | Mapping[str, object]


class Cursor(Protocol):
    @property
    def lastrowid(self) -> int: ...  # read only after an INSERT, where it is the new row's id

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Row: ...

    def fetchall(self) -> list[Row]: ...

    def __iter__(self) -> Iterator[Row]: ...


class Connection(Protocol):
    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, parameters: Params = ..., /) -> Cursor: ...

    # Any iterable of rows, as the driver takes: a generator inserts many without a list.
    def executemany(self, sql: str, parameters: Iterable[Params], /) -> Cursor: ...

    def executescript(self, sql: str, /) -> Cursor: ...

    def commit(self) -> None: ...

    def close(self) -> None: ...


__all__ = ["Connection", "Cursor", "Params", "Row"]
