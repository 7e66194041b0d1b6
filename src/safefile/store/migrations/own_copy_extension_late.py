"""An own-copy extension is checked against the day the client was told, and may be typed
in later: the day it was recorded is kept beside it, so a late entry says so (issue 26).
Once the extension is recorded, that day is fixed like the rest of the extension."""

STATEMENTS = [
    "ALTER TABLE own_copy_requests ADD COLUMN extension_recorded_on TEXT",
    """CREATE TRIGGER own_copy_extension_recorded_fixed BEFORE UPDATE ON own_copy_requests
        WHEN OLD.extended_to IS NOT NULL
          AND NEW.extension_recorded_on IS NOT OLD.extension_recorded_on
        BEGIN SELECT RAISE(ABORT, 'an own-copy request cannot be changed once entered'); END""",
]
