"""Requests for a client's own copy of their record (right of access), tracked to the day.

A request is recorded when received, with how the requester's identity was checked
(and, for a personal representative, their capacity and authority).  It is due 30
calendar days later; one extension of 30 days may be recorded (with the written
reason and the date the client was told), and the export that answers it is tied to
it.  After entry only those two things may be filled in, once each.  Rows go with
the client's file when the retention policy destroys it (ON DELETE CASCADE).
"""

STATEMENTS = [
    """CREATE TABLE own_copy_requests (
        id                  INTEGER PRIMARY KEY,
        client_id           INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        received_on         TEXT NOT NULL,
        identity_checked_by TEXT NOT NULL CHECK (length(trim(identity_checked_by)) > 0),
        representative      TEXT NOT NULL DEFAULT '',
        capacity            TEXT NOT NULL DEFAULT ''
            CHECK (capacity IN ('', 'parent', 'guardian', 'personal-representative')),
        authority           TEXT NOT NULL DEFAULT '',
        due_on              TEXT NOT NULL,
        extended_to         TEXT,
        extension_reason    TEXT,
        client_told_on      TEXT,
        answered_entry      TEXT,
        answered_at         TEXT,
        created_at          TEXT NOT NULL,
        recorded_by         TEXT NOT NULL,
        CHECK ((representative = '') = (capacity = '')),
        CHECK (due_on > received_on),
        CHECK ((extended_to IS NULL) = (extension_reason IS NULL)),
        CHECK ((extended_to IS NULL) = (client_told_on IS NULL))
    )""",
    "CREATE INDEX own_copy_requests_client ON own_copy_requests(client_id)",
    """CREATE TRIGGER own_copy_requests_fixed BEFORE UPDATE ON own_copy_requests
        WHEN NEW.id IS NOT OLD.id OR NEW.client_id IS NOT OLD.client_id
          OR NEW.received_on IS NOT OLD.received_on
          OR NEW.identity_checked_by IS NOT OLD.identity_checked_by
          OR NEW.representative IS NOT OLD.representative
          OR NEW.capacity IS NOT OLD.capacity OR NEW.authority IS NOT OLD.authority
          OR NEW.due_on IS NOT OLD.due_on OR NEW.created_at IS NOT OLD.created_at
          OR NEW.recorded_by IS NOT OLD.recorded_by
          OR (OLD.extended_to IS NOT NULL AND (NEW.extended_to IS NOT OLD.extended_to
              OR NEW.extension_reason IS NOT OLD.extension_reason
              OR NEW.client_told_on IS NOT OLD.client_told_on))
          OR (OLD.answered_entry IS NOT NULL AND (NEW.answered_entry IS NOT OLD.answered_entry
              OR NEW.answered_at IS NOT OLD.answered_at))
        BEGIN SELECT RAISE(ABORT, 'an own-copy request cannot be changed once entered'); END""",
]
