"""Restrictions bind every road (issue 22): the other names a restricted person goes by.

``restriction_aliases``: a nickname or another name of a restricted person, recorded with
the restriction (``client restrict ... --alias NAME``); a name matching an alias is
refused as "may be the restricted person" (consent/names.py).  Like the restriction it
belongs to, an alias is never changed; the list never leaves the vault.
"""

STATEMENTS = [
    """CREATE TABLE restriction_aliases (
        id             INTEGER PRIMARY KEY,
        restriction_id INTEGER NOT NULL REFERENCES restrictions(id),
        alias          TEXT NOT NULL CHECK (length(trim(alias)) > 0),
        added_by       TEXT NOT NULL,
        added_at       TEXT NOT NULL
    )""",
    "CREATE INDEX restriction_aliases_restriction ON restriction_aliases(restriction_id)",
    """CREATE TRIGGER restriction_aliases_no_update BEFORE UPDATE ON restriction_aliases
        BEGIN SELECT RAISE(ABORT, 'restriction aliases cannot be changed'); END""",
]
