"""Version 1: settings and the audit trail."""

from safefile.store.migrations import _append_only

STATEMENTS = [
    """CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    # The audit trail: hash-chained (store/chain.py), append-only.
    """CREATE TABLE audit (
        seq       INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL,
        event     TEXT NOT NULL,
        client_id INTEGER,
        detail    TEXT NOT NULL DEFAULT '{}',
        prev      TEXT NOT NULL,
        hash      TEXT NOT NULL
    )""",
    "CREATE INDEX audit_client ON audit(client_id)",
    *_append_only("audit"),
]
