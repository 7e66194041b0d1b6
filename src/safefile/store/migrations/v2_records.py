"""Version 2: client records (clients, households, organisations, services, notes, documents)."""

from safefile.store.migrations import _append_only


def _signed_note_guards(table: str) -> list[str]:
    return [
        # A signed note is never changed or deleted; only the signing itself
        # (filling the signature of a draft) passes.
        f"""CREATE TRIGGER {table}_signed_fixed BEFORE UPDATE ON {table}
            WHEN OLD.signed_at IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed'); END""",
        f"""CREATE TRIGGER {table}_signed_kept BEFORE DELETE ON {table}
            WHEN OLD.signed_at IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'a signed note cannot be deleted'); END""",
    ]


STATEMENTS = [
    """CREATE TABLE households (
        id         INTEGER PRIMARY KEY,
        label      TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE clients (
        id             INTEGER PRIMARY KEY,
        name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
        alias          TEXT,
        born           TEXT,             -- YYYY or YYYY-MM-DD
        case_number    TEXT UNIQUE,
        intake_date    TEXT NOT NULL,
        status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        closed_on      TEXT,
        contact_safe   INTEGER NOT NULL DEFAULT 0 CHECK (contact_safe IN (0, 1)),
        contact_how    TEXT NOT NULL DEFAULT '',
        household_id   INTEGER REFERENCES households(id),
        household_role TEXT CHECK (household_role IN ('parent', 'child', 'other')),
        created_at     TEXT NOT NULL,
        CHECK ((household_id IS NULL) = (household_role IS NULL)),
        CHECK ((status = 'closed') = (closed_on IS NOT NULL))
    )""",
    "CREATE INDEX clients_household ON clients(household_id)",
    "CREATE INDEX clients_name ON clients(name COLLATE NOCASE)",
    """CREATE VIRTUAL TABLE clients_fts USING fts5(
        name, alias, case_number,
        content='clients', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER clients_fts_ai AFTER INSERT ON clients BEGIN
        INSERT INTO clients_fts(rowid, name, alias, case_number)
        VALUES (new.id, new.name, new.alias, new.case_number);
    END""",
    """CREATE TRIGGER clients_fts_ad AFTER DELETE ON clients BEGIN
        INSERT INTO clients_fts(clients_fts, rowid, name, alias, case_number)
        VALUES ('delete', old.id, old.name, old.alias, old.case_number);
    END""",
    """CREATE TRIGGER clients_fts_au AFTER UPDATE ON clients BEGIN
        INSERT INTO clients_fts(clients_fts, rowid, name, alias, case_number)
        VALUES ('delete', old.id, old.name, old.alias, old.case_number);
        INSERT INTO clients_fts(rowid, name, alias, case_number)
        VALUES (new.id, new.name, new.alias, new.case_number);
    END""",
    """CREATE TABLE orgs (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        phone      TEXT NOT NULL DEFAULT '',
        address    TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE service_types (
        name     TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
        active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        position INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE services (
        id         INTEGER PRIMARY KEY,
        client_id  INTEGER NOT NULL REFERENCES clients(id),
        on_date    TEXT NOT NULL,
        type       TEXT NOT NULL REFERENCES service_types(name),
        minutes    INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 0 AND 1440),
        note       TEXT NOT NULL DEFAULT '',
        author     TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX services_client ON services(client_id, on_date)",
    # Progress notes belong to the client record; a joint note (couple, family,
    # group) is linked to every client present through note_clients.
    """CREATE TABLE progress_notes (
        id           INTEGER PRIMARY KEY,
        on_date      TEXT NOT NULL,
        data         TEXT NOT NULL,
        assessment   TEXT NOT NULL DEFAULT '',
        plan         TEXT NOT NULL DEFAULT '',
        author       TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        signed_by    TEXT,
        signed_at    TEXT,
        content_hash TEXT,
        CHECK ((signed_at IS NULL) = (signed_by IS NULL)),
        CHECK ((signed_at IS NULL) = (content_hash IS NULL))
    )""",
    """CREATE TABLE note_clients (
        note_id   INTEGER NOT NULL REFERENCES progress_notes(id),
        client_id INTEGER NOT NULL REFERENCES clients(id),
        PRIMARY KEY (note_id, client_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX note_clients_client ON note_clients(client_id, note_id)",
    """CREATE TRIGGER note_clients_signed_ins BEFORE INSERT ON note_clients
        WHEN (SELECT signed_at FROM progress_notes WHERE id = NEW.note_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed'); END""",
    """CREATE TRIGGER note_clients_signed_del BEFORE DELETE ON note_clients
        WHEN (SELECT signed_at FROM progress_notes WHERE id = OLD.note_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed'); END""",
    """CREATE TRIGGER note_clients_no_update BEFORE UPDATE ON note_clients
        BEGIN SELECT RAISE(ABORT, 'note links cannot be changed'); END""",
    # Process (psychotherapy) notes are kept apart from the record: their own table.
    """CREATE TABLE process_notes (
        id           INTEGER PRIMARY KEY,
        client_id    INTEGER NOT NULL REFERENCES clients(id),
        on_date      TEXT NOT NULL,
        data         TEXT NOT NULL,
        assessment   TEXT NOT NULL DEFAULT '',
        plan         TEXT NOT NULL DEFAULT '',
        author       TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        signed_by    TEXT,
        signed_at    TEXT,
        content_hash TEXT,
        CHECK ((signed_at IS NULL) = (signed_by IS NULL)),
        CHECK ((signed_at IS NULL) = (content_hash IS NULL))
    )""",
    "CREATE INDEX process_notes_client ON process_notes(client_id, on_date)",
    *_signed_note_guards("progress_notes"),
    *_signed_note_guards("process_notes"),
    # Corrections to signed notes: dated, attributed, never changed.
    """CREATE TABLE addenda (
        id        INTEGER PRIMARY KEY,
        note_kind TEXT NOT NULL CHECK (note_kind IN ('progress', 'process')),
        note_id   INTEGER NOT NULL,
        text      TEXT NOT NULL CHECK (length(trim(text)) > 0),
        author    TEXT NOT NULL,
        at        TEXT NOT NULL
    )""",
    "CREATE INDEX addenda_note ON addenda(note_kind, note_id)",
    """CREATE TRIGGER addenda_signed_only BEFORE INSERT ON addenda
        WHEN (NEW.note_kind = 'progress' AND
              (SELECT signed_at FROM progress_notes WHERE id = NEW.note_id) IS NULL)
          OR (NEW.note_kind = 'process' AND
              (SELECT signed_at FROM process_notes WHERE id = NEW.note_id) IS NULL)
        BEGIN SELECT RAISE(ABORT, 'addenda are for signed notes only'); END""",
    *_append_only("addenda"),
    # Documents: metadata here, the content encrypted in documents/ (records/documents.py).
    """CREATE TABLE documents (
        id         INTEGER PRIMARY KEY,
        client_id  INTEGER NOT NULL REFERENCES clients(id),
        title      TEXT NOT NULL CHECK (length(trim(title)) > 0),
        doc_type   TEXT NOT NULL,
        media_type TEXT NOT NULL DEFAULT 'application/octet-stream',
        size       INTEGER NOT NULL CHECK (size >= 0),
        sha256     TEXT NOT NULL,
        blob       TEXT NOT NULL UNIQUE,
        added_at   TEXT NOT NULL
    )""",
    "CREATE INDEX documents_client ON documents(client_id)",
]
