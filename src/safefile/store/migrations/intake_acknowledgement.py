"""What the client was told at intake about how their information is kept and shared, and
its limits (mandated reporting, court orders): on what day, by whom, and whether they got
the program's written notice (issue 26; DOMAIN.md principle 5, "Talk it out").

Rows are never changed (a correction is a new row; the newest counts).  They go with
the file when the retention policy destroys it (ON DELETE CASCADE).
"""

STATEMENTS = [
    """CREATE TABLE intake_acknowledgements (
        id            INTEGER PRIMARY KEY,
        client_id     INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        told_on       TEXT NOT NULL,
        told_by       TEXT NOT NULL CHECK (length(trim(told_by)) > 0),
        how_kept      INTEGER NOT NULL CHECK (how_kept IN (0, 1)),
        how_shared    INTEGER NOT NULL CHECK (how_shared IN (0, 1)),
        limits        INTEGER NOT NULL CHECK (limits IN (0, 1)),
        notice_given  INTEGER NOT NULL CHECK (notice_given IN (0, 1)),
        notice_language TEXT NOT NULL DEFAULT 'en',
        created_at    TEXT NOT NULL
    )""",
    "CREATE INDEX intake_acknowledgements_client ON intake_acknowledgements(client_id)",
    """CREATE TRIGGER intake_acknowledgements_no_update BEFORE UPDATE ON intake_acknowledgements
        BEGIN SELECT RAISE(ABORT, 'intake_acknowledgements entries cannot be changed'); END""",
]
