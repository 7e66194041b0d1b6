"""Version 3: releases of information and the record of sharing."""

from safefile.store.migrations import _append_only

STATEMENTS = [
    # A written release of information (docs/rules.md, "Releases").  Never
    # deleted; after entry only its revocation, and an earlier expiry when the
    # event it expires on happens, may be recorded.
    """CREATE TABLE releases (
        id                INTEGER PRIMARY KEY,
        client_id         INTEGER NOT NULL REFERENCES clients(id),
        recipient_org_id  INTEGER NOT NULL REFERENCES orgs(id),
        contact_person    TEXT NOT NULL DEFAULT '',
        categories        TEXT NOT NULL,          -- JSON list, sorted
        purpose           TEXT NOT NULL CHECK (length(trim(purpose)) > 0),
        methods           TEXT NOT NULL DEFAULT '[]',
        direction         TEXT NOT NULL CHECK (direction IN ('release', 'obtain', 'both')),
        effective_on      TEXT NOT NULL,
        expires_on        TEXT NOT NULL,
        expiry_event      TEXT NOT NULL DEFAULT '',
        signed_on         TEXT NOT NULL,
        signer_name       TEXT NOT NULL,
        signer_capacity   TEXT NOT NULL,
        signer_authority  TEXT NOT NULL DEFAULT '',
        witness           TEXT NOT NULL,
        form_document_id  INTEGER REFERENCES documents(id),
        original_on_file  INTEGER NOT NULL DEFAULT 0 CHECK (original_on_file IN (0, 1)),
        statements        TEXT NOT NULL DEFAULT '{}',
        copy_given_on     TEXT,
        created_at        TEXT NOT NULL,
        revoked_on        TEXT,
        revoked_how       TEXT,
        revoked_taken_by  TEXT,
        CHECK (form_document_id IS NOT NULL OR original_on_file = 1),
        CHECK (expires_on >= effective_on)
    )""",
    "CREATE INDEX releases_client ON releases(client_id, recipient_org_id)",
    """CREATE TRIGGER releases_no_delete BEFORE DELETE ON releases
        BEGIN SELECT RAISE(ABORT, 'releases are never deleted'); END""",
    """CREATE TRIGGER releases_fixed BEFORE UPDATE ON releases
        WHEN NEW.id IS NOT OLD.id OR NEW.client_id IS NOT OLD.client_id
          OR NEW.recipient_org_id IS NOT OLD.recipient_org_id
          OR NEW.contact_person IS NOT OLD.contact_person
          OR NEW.categories IS NOT OLD.categories OR NEW.purpose IS NOT OLD.purpose
          OR NEW.methods IS NOT OLD.methods OR NEW.direction IS NOT OLD.direction
          OR NEW.effective_on IS NOT OLD.effective_on
          OR NEW.expires_on > OLD.expires_on
          OR NEW.signed_on IS NOT OLD.signed_on OR NEW.signer_name IS NOT OLD.signer_name
          OR NEW.signer_capacity IS NOT OLD.signer_capacity
          OR NEW.signer_authority IS NOT OLD.signer_authority
          OR NEW.witness IS NOT OLD.witness
          OR NEW.form_document_id IS NOT OLD.form_document_id
          OR NEW.original_on_file IS NOT OLD.original_on_file
          OR NEW.statements IS NOT OLD.statements
          OR NEW.copy_given_on IS NOT OLD.copy_given_on
          OR NEW.created_at IS NOT OLD.created_at
          OR (OLD.revoked_on IS NOT NULL AND (NEW.revoked_on IS NOT OLD.revoked_on
              OR NEW.revoked_how IS NOT OLD.revoked_how
              OR NEW.revoked_taken_by IS NOT OLD.revoked_taken_by))
        BEGIN SELECT RAISE(ABORT, 'a release cannot be changed once entered'); END""",
    # The record of sharing: every decision, request and disclosure; hash-chained,
    # append-only; ``ref`` is the short reference an exported document carries.
    """CREATE TABLE disclosures (
        seq              INTEGER PRIMARY KEY,
        ref              TEXT NOT NULL UNIQUE,
        at               TEXT NOT NULL,
        actor            TEXT NOT NULL,
        kind             TEXT NOT NULL,
        client_id        INTEGER,
        release_id       INTEGER,
        recipient_org_id INTEGER,
        digest           TEXT,
        detail           TEXT NOT NULL DEFAULT '{}',
        prev             TEXT NOT NULL,
        hash             TEXT NOT NULL
    )""",
    "CREATE INDEX disclosures_client ON disclosures(client_id)",
    "CREATE INDEX disclosures_digest ON disclosures(digest)",
    *_append_only("disclosures"),
]
