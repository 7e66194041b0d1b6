"""What support needs to know about this copy of SafeFile: its version and those of the
parts that hold the data safe. No client data, no paths."""

from __future__ import annotations

import platform

from safefile import __version__


def sqlcipher_versions() -> tuple[str, str]:
    """SQLCipher's and its SQLite's versions as the library in use reports them (asked of an
    empty in-memory database, never a vault)."""
    from sqlcipher3 import dbapi2 as sqlcipher

    conn = sqlcipher.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
        sqlite = conn.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        conn.close()
    return (str(row[0]) if row and row[0] else "missing"), str(sqlite)


def describe() -> list[tuple[str, str]]:
    """(part, version) pairs, SafeFile first."""
    cipher, sqlite = sqlcipher_versions()
    return [
        ("SafeFile", __version__),
        ("SQLCipher", cipher),
        ("SQLite", sqlite),
        ("Python", platform.python_version()),
    ]


def version_line() -> str:
    """``safefile --version``: one line, SafeFile's version first."""
    parts = describe()
    rest = ", ".join(f"{name} {version}" for name, version in parts[1:])
    return f"safefile {parts[0][1]} ({rest})"
