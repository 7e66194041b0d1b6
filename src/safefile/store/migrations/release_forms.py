"""The written release, end to end: drafts, the forms printed from them, revocation forms,
and the client's preferred language (issue 24).

``release_drafts``: a release recorded before it is signed.  It is not a release: no road
reads this table, so nothing can leave under a draft.  Its id is taken from the same
numbers as ``releases`` (consent/releases.next_release_id), so the reference printed on the
form (R-12) is the reference the release has once the signed scan is attached.  What was
asked is kept as JSON (``fields``) and never changes; only its state moves on, once:
draft -> signed (with the release it became) or withdrawn.

``release_prints``: every form printed for a draft, numbered (version 1, 2, ...): the
language, the version of the form's text, the exact PDF (a sealed document in the vault)
and its SHA-256, and the check value its code carries.  Append-only.

``revocation_forms``: the written revocation attached to a revoked release (an oral
revocation is recorded at once on the release; this is its writing).  Append-only.

``client_languages``: the language the client reads (en, es, ...), for the forms and
notices printed for them.

Every row goes with the client's file when the retention policy destroys it.
"""

from safefile.store.migrations import _append_only

STATEMENTS = [
    """CREATE TABLE release_drafts (
        id                INTEGER PRIMARY KEY,
        client_id         INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        recipient_org_id  INTEGER NOT NULL REFERENCES orgs(id),
        fields            TEXT NOT NULL,
        recipient_kind    TEXT NOT NULL DEFAULT 'other',
        language          TEXT NOT NULL,
        state             TEXT NOT NULL DEFAULT 'draft'
            CHECK (state IN ('draft', 'signed', 'withdrawn')),
        signed_release_id INTEGER,
        created_at        TEXT NOT NULL,
        created_by        TEXT NOT NULL,
        closed_at         TEXT,
        CHECK ((state = 'signed') = (signed_release_id IS NOT NULL))
    )""",
    "CREATE INDEX release_drafts_client ON release_drafts(client_id)",
    """CREATE TRIGGER release_drafts_fixed BEFORE UPDATE ON release_drafts
        WHEN NEW.id IS NOT OLD.id OR NEW.client_id IS NOT OLD.client_id
          OR NEW.recipient_org_id IS NOT OLD.recipient_org_id
          OR NEW.fields IS NOT OLD.fields OR NEW.recipient_kind IS NOT OLD.recipient_kind
          OR NEW.language IS NOT OLD.language OR NEW.created_at IS NOT OLD.created_at
          OR NEW.created_by IS NOT OLD.created_by OR OLD.state IS NOT 'draft'
        BEGIN SELECT RAISE(ABORT, 'a release draft cannot be changed once entered'); END""",
    """CREATE TRIGGER release_drafts_no_delete BEFORE DELETE ON release_drafts
        BEGIN SELECT RAISE(ABORT, 'release drafts are never deleted'); END""",
    """CREATE TABLE release_prints (
        id            INTEGER PRIMARY KEY,
        draft_id      INTEGER NOT NULL REFERENCES release_drafts(id) ON DELETE CASCADE,
        client_id     INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        version       INTEGER NOT NULL CHECK (version > 0),
        language      TEXT NOT NULL,
        text_version  TEXT NOT NULL,
        document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        sha256        TEXT NOT NULL,
        check_value   TEXT NOT NULL,
        pages         INTEGER NOT NULL CHECK (pages > 0),
        printed_at    TEXT NOT NULL,
        printed_by    TEXT NOT NULL,
        UNIQUE (draft_id, version)
    )""",
    *_append_only("release_prints"),
    """CREATE TABLE revocation_forms (
        id            INTEGER PRIMARY KEY,
        release_id    INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
        client_id     INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        attached_at   TEXT NOT NULL,
        attached_by   TEXT NOT NULL
    )""",
    *_append_only("revocation_forms"),
    """CREATE TABLE client_languages (
        client_id  INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
        language   TEXT NOT NULL CHECK (length(language) BETWEEN 2 AND 12),
        set_at     TEXT NOT NULL
    )""",
]
