"""The search index forgets a deleted client at once.

FTS5 normally only marks a deleted row's terms as deleted, keeping them in the index's
segments until a merge rewrites those; retention therefore rebuilt the whole index after
every destruction, in time proportional to the vault. With FTS5's ``secure-delete``
option (SQLite 3.44+, a setting kept in the index itself) a delete removes the terms
from the segments immediately, so the destruction touches only the destroyed rows
(issue 30; the raw-page marker test in tests/retention/test_destroy.py checks it).
"""

STATEMENTS = [
    "INSERT INTO clients_fts(clients_fts, rank) VALUES ('secure-delete', 1)",
]
