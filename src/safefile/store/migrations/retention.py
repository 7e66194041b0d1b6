"""Retention: closing a file, legal holds, destruction records, sealed log entries.

* ``audit`` and ``disclosures`` gain ``sealed`` (the keyed digest of an entry's
  identifying fields, which the chain covers instead of the fields themselves) and
  ``redacted`` (the date those fields were blanked): store/chain.py.
* ``file_closures``: why and when a file was closed (the retention clock starts).
* ``legal_holds``: a file under a hold is never destroyed; holds are released,
  never deleted (until the file itself is destroyed, long after).
* ``destructions``: each destruction with its date and counts, never a name.
* ``tombstones``: a keyed token per destroyed file (no name, no id in clear), so a
  restore of an older backup can destroy it again (retention/tombstones.py).
"""

from safefile.store.migrations import _append_only

STATEMENTS = [
    "ALTER TABLE audit ADD COLUMN sealed TEXT",
    "ALTER TABLE audit ADD COLUMN redacted TEXT",
    "ALTER TABLE disclosures ADD COLUMN sealed TEXT",
    "ALTER TABLE disclosures ADD COLUMN redacted TEXT",
    """CREATE TABLE file_closures (
        client_id   INTEGER PRIMARY KEY REFERENCES clients(id),
        closed_on   TEXT NOT NULL,
        reason      TEXT NOT NULL DEFAULT '',
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    )""",
    """CREATE TABLE legal_holds (
        id          INTEGER PRIMARY KEY,
        client_id   INTEGER NOT NULL REFERENCES clients(id),
        reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        placed_on   TEXT NOT NULL,
        placed_by   TEXT NOT NULL,
        released_on TEXT,
        released_by TEXT,
        CHECK ((released_on IS NULL) = (released_by IS NULL))
    )""",
    "CREATE UNIQUE INDEX legal_holds_one ON legal_holds(client_id) WHERE released_on IS NULL",
    """CREATE TRIGGER legal_holds_kept BEFORE DELETE ON legal_holds
        BEGIN SELECT RAISE(ABORT, 'a legal hold is released, never deleted'); END""",
    """CREATE TRIGGER legal_holds_fixed BEFORE UPDATE ON legal_holds
        WHEN OLD.released_on IS NOT NULL OR NEW.client_id IS NOT OLD.client_id
          OR NEW.reason IS NOT OLD.reason OR NEW.placed_on IS NOT OLD.placed_on
          OR NEW.placed_by IS NOT OLD.placed_by
        BEGIN SELECT RAISE(ABORT, 'a legal hold cannot be changed, only released'); END""",
    """CREATE TABLE destructions (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL,
        counts    TEXT NOT NULL,
        reapplied INTEGER NOT NULL DEFAULT 0 CHECK (reapplied IN (0, 1))
    )""",
    *_append_only("destructions"),
    """CREATE TABLE tombstones (
        token        TEXT PRIMARY KEY,
        kind         TEXT NOT NULL CHECK (kind IN ('file', 'process notes')),
        destroyed_on TEXT NOT NULL
    ) WITHOUT ROWID""",
]
