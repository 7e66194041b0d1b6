"""Drafts by member (issue 28): a draft kept at a lock is its author's alone.

With staff accounts, "Lock and switch user" hands the workstation to another member: a
form's unsaved text (which can be a process note) must not be offered to them. Each
draft now names the member who typed it (``staff.uid``; "" on a vault without staff
accounts), and there is one draft per form, client and author. The table is rebuilt to
change its UNIQUE key; the drafts kept so far become the single practitioner's.
"""

STATEMENTS = [
    """CREATE TABLE drafts_by_member (
        id        INTEGER PRIMARY KEY,
        form      TEXT NOT NULL CHECK (length(form) > 0),
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        author    TEXT NOT NULL DEFAULT '',
        fields    TEXT NOT NULL,
        saved_at  TEXT NOT NULL,
        UNIQUE (form, client_id, author)
    )""",
    """INSERT INTO drafts_by_member (id, form, client_id, author, fields, saved_at)
        SELECT id, form, client_id, '', fields, saved_at FROM drafts""",
    "DROP TABLE drafts",
    "ALTER TABLE drafts_by_member RENAME TO drafts",
    "CREATE INDEX drafts_client ON drafts(client_id)",
]
