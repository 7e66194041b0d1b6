"""An organisation's contact person and their job title (for the record of sharing).

The recipient of a disclosure is an organisation; the person there and their job
title are recorded with each sharing (DOMAIN.md "The record of sharing"), taken from
the organisation (or the release's contact person) unless the user names another.
"""

STATEMENTS = [
    "ALTER TABLE orgs ADD COLUMN contact_person TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE orgs ADD COLUMN job_title TEXT NOT NULL DEFAULT ''",
]
