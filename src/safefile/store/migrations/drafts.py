"""Drafts: what was typed in an unsaved form when the app locked, kept inside the vault.

Locking (idle, Ctrl+L, the desktop's lock) closes every dialog. What had been typed in
a form about a client (a note, a service, a release, a request, a disclosure) is kept
here, encrypted with the rest of the vault, never in a file; the same form offers it
back after the unlock, and the row goes when that form is saved or discarded. One
draft per form and client. A draft names its client, so it goes with the client's file
when the retention policy destroys it (ON DELETE CASCADE, and retention/destroy.py
follows every foreign key from ``clients``).
"""

STATEMENTS = [
    """CREATE TABLE drafts (
        id        INTEGER PRIMARY KEY,
        form      TEXT NOT NULL CHECK (length(form) > 0),
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        fields    TEXT NOT NULL,
        saved_at  TEXT NOT NULL,
        UNIQUE (form, client_id)
    )""",
]
