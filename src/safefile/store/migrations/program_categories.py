"""Program-defined categories of information (issue 26 item 7), and the tags that put a
progress note or a document in one.

A program category has a code (what a release names), a name, what it covers, whether
it travels alone (like process notes: only under a release that names it alone) and a
notice printed on every disclosure that carries an item of it.  A substance-use
category comes ready, with the 42 CFR 2.32(a)(2) notice (docs/rules.md says why that
statement).  The gate reads all three tables, so they are sealed (store/seal.py): each
gets the three triggers that mark the seal dirty, like store/migrations/security_seal.py.
"""

SUBSTANCE_USE_NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."


def _triggers(table: str) -> list[str]:
    out = []
    for event in ("INSERT", "UPDATE", "DELETE"):
        out.append(
            f"""CREATE TRIGGER {table}_sealed_{event.lower()} AFTER {event} ON {table}
            BEGIN UPDATE security_seal SET dirty = 1 WHERE dirty = 0; END"""  # noqa: S608
        )
    return out


STATEMENTS = [
    """CREATE TABLE program_categories (
        code       TEXT PRIMARY KEY CHECK (code GLOB '[a-z]*' AND code NOT GLOB '*[^a-z0-9-]*'),
        name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
        covers     TEXT NOT NULL CHECK (length(trim(covers)) > 0),
        alone      INTEGER NOT NULL DEFAULT 0 CHECK (alone IN (0, 1)),
        notice     TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE note_categories (
        note_id  INTEGER PRIMARY KEY REFERENCES progress_notes(id) ON DELETE CASCADE,
        category TEXT NOT NULL REFERENCES program_categories(code)
    )""",
    """CREATE TABLE document_categories (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        category    TEXT NOT NULL REFERENCES program_categories(code)
    )""",
    "CREATE INDEX note_categories_category ON note_categories(category)",
    "CREATE INDEX document_categories_category ON document_categories(category)",
    f"""INSERT INTO program_categories (code, name, covers, alone, notice, created_at)
        VALUES ('substance-use', 'Substance use',
        'substance use disorder records: diagnosis, treatment and referral (42 CFR part 2)',
        0, '{SUBSTANCE_USE_NOTICE}', '1970-01-01T00:00:00+00:00')""",  # noqa: S608
    *(
        s
        for t in ("program_categories", "note_categories", "document_categories")
        for s in _triggers(t)
    ),
]
