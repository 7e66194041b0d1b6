"""Organisations: a contact person and job title for delivery, and edits.

The recipient of a release is always the organisation; the contact person is noted for
delivery only (and a person named as having caused harm must never be one).
"""

STATEMENTS = [
    "ALTER TABLE orgs ADD COLUMN contact_person TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE orgs ADD COLUMN job_title TEXT NOT NULL DEFAULT ''",
]
