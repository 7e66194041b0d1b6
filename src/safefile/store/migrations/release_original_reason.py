"""Why a release was signed on paper without SafeFile's printed form (issue 24, item 3).

``release add --original-on-file`` records a paper signed without a printed form, so
nothing ties the paper to the record but the witness's word; the reason it was signed so
(a form from another program, a paper signed before the printed form existed, a visit
away from the office) is part of the record. Existing releases keep "" (none was asked);
the reason is fixed once entered, like the rest of a release.
"""

STATEMENTS = [
    "ALTER TABLE releases ADD COLUMN original_reason TEXT NOT NULL DEFAULT ''",
    """CREATE TRIGGER releases_original_reason_fixed BEFORE UPDATE ON releases
        WHEN NEW.original_reason IS NOT OLD.original_reason
        BEGIN SELECT RAISE(ABORT, 'a release cannot be changed once entered'); END""",
]
