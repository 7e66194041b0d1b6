"""Consent for the hard cases: who signed for a minor, restricted people, narrow scope.

Releases gain: a co-signer; the staff member's attestation that no signer is alleged
to have harmed the minor, the minor's other parent or the client; the law that lets a
minor consent alone; the documents they cover (a JSON list); a period (services and
notes dated within it); and single use.  None of these changes once entered.

``restrictions``: people named on a client's file from whom no consent is accepted and
who never receive the client's (or their household's) information.  An entry is never
changed; the list itself never leaves the vault.
"""

STATEMENTS = [
    "ALTER TABLE releases ADD COLUMN co_signer TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE releases ADD COLUMN not_abuser INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE releases ADD COLUMN minor_law TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE releases ADD COLUMN document_ids TEXT",
    "ALTER TABLE releases ADD COLUMN period_from TEXT",
    "ALTER TABLE releases ADD COLUMN period_to TEXT",
    "ALTER TABLE releases ADD COLUMN single_use INTEGER NOT NULL DEFAULT 0",
    """CREATE TRIGGER releases_scope_fixed BEFORE UPDATE ON releases
        WHEN NEW.co_signer IS NOT OLD.co_signer OR NEW.not_abuser IS NOT OLD.not_abuser
          OR NEW.minor_law IS NOT OLD.minor_law OR NEW.document_ids IS NOT OLD.document_ids
          OR NEW.period_from IS NOT OLD.period_from OR NEW.period_to IS NOT OLD.period_to
          OR NEW.single_use IS NOT OLD.single_use
        BEGIN SELECT RAISE(ABORT, 'a release cannot be changed once entered'); END""",
    """CREATE TABLE restrictions (
        id         INTEGER PRIMARY KEY,
        client_id  INTEGER NOT NULL REFERENCES clients(id),
        person     TEXT NOT NULL CHECK (length(trim(person)) > 0),
        reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        added_by   TEXT NOT NULL,
        added_at   TEXT NOT NULL
    )""",
    "CREATE INDEX restrictions_client ON restrictions(client_id)",
    """CREATE TRIGGER restrictions_no_update BEFORE UPDATE ON restrictions
        BEGIN SELECT RAISE(ABORT, 'restrictions entries cannot be changed'); END""",
]
