"""How many rows each table a backup describes holds, kept as the rows are written.

A backup's manifest says what it holds (clients, services, notes, documents, releases,
disclosures, audit entries).  Counting them with ``SELECT count(*)`` decrypts and scans
every page of every one of those tables: 0.35 s of a 1 GB backup (issue 30).  Here one
row per table in ``row_counts``, moved by one trigger on every insert and one on every
delete (those of ``ON DELETE CASCADE`` and retention's destruction included), and set
from the rows themselves when this migration runs, so a vault made before it starts right.

The counts only describe a backup (its manifest, what ``safefile backup --json``
prints): nothing decides anything by them, and a check or a restore counts the rows it
restored itself.  So ``row_counts`` is not part of the sealed security state
(store/seal.py).  A later migration that rebuilds one of these tables (a new table, the
rows copied, the old one dropped) must make its two triggers again.
"""

COUNTED = (
    "clients",
    "services",
    "progress_notes",
    "process_notes",
    "documents",
    "releases",
    "disclosures",
    "audit",
)


def _kept(table: str) -> list[str]:
    # (the names are this module's constants above, never input)
    return [
        f"INSERT INTO row_counts(name, n) SELECT '{table}', count(*) FROM {table}",  # noqa: S608
        f"""CREATE TRIGGER row_counts_{table}_insert AFTER INSERT ON {table}
BEGIN UPDATE row_counts SET n = n + 1 WHERE name = '{table}'; END""",  # noqa: S608
        f"""CREATE TRIGGER row_counts_{table}_delete AFTER DELETE ON {table}
BEGIN UPDATE row_counts SET n = n - 1 WHERE name = '{table}'; END""",  # noqa: S608
    ]


STATEMENTS = [
    "CREATE TABLE row_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID",
    *(s for table in COUNTED for s in _kept(table)),
]
