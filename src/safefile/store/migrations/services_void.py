"""Services: a wrong entry is voided (with who, when and why) or corrected, never erased.

A voided service stays in the file, marked, so the record shows what was entered and why
it no longer counts; it is left out of exports, copies and counts.  A correction voids the
old entry and points to the new one.  Once voided, an entry cannot be changed again.
"""

STATEMENTS = [
    "ALTER TABLE services ADD COLUMN voided_at TEXT",
    "ALTER TABLE services ADD COLUMN voided_by TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE services ADD COLUMN void_reason TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE services ADD COLUMN replaced_by INTEGER REFERENCES services(id)",
    """CREATE TRIGGER services_voided_fixed BEFORE UPDATE ON services
        WHEN OLD.voided_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a voided service entry cannot be changed'); END""",
]
