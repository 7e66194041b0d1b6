"""An index behind every foreign key, so that deleting a row (retention's destruction of a
file) finds the rows that point to it without scanning their whole table.

Without ``services_replaced_by``, each deleted service made SQLite scan every service in
the vault to check that no correction pointed to it: destroying 100 files cost time in
proportion to the vault, not to the files (issue 30). ``tests/store/test_fk_indexes.py``
walks the schema and fails on any foreign key without an index.
"""

STATEMENTS = [
    "CREATE INDEX services_replaced_by ON services(replaced_by)",
    "CREATE INDEX services_type ON services(type)",
    "CREATE INDEX releases_form ON releases(form_document_id)",
    "CREATE INDEX releases_recipient ON releases(recipient_org_id)",
    "CREATE INDEX release_drafts_recipient ON release_drafts(recipient_org_id)",
    "CREATE INDEX release_prints_document ON release_prints(document_id)",
    "CREATE INDEX release_prints_client ON release_prints(client_id)",
    "CREATE INDEX revocation_forms_document ON revocation_forms(document_id)",
    "CREATE INDEX revocation_forms_client ON revocation_forms(client_id)",
    "CREATE INDEX revocation_forms_release ON revocation_forms(release_id)",
    "CREATE INDEX drafts_client ON drafts(client_id)",
]
