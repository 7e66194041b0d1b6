"""The seal of the security state (store/seal.py): one row, the digest of every row the
gate reads, its generation and its MAC.  The vault seals itself once at the first
opening after this migration (it needs the key, which a migration does not have)."""

STATEMENTS = [
    """CREATE TABLE security_seal (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL CHECK (generation > 0),
        digest     TEXT NOT NULL,
        mac        TEXT NOT NULL
    )""",
    """CREATE TRIGGER security_seal_no_delete BEFORE DELETE ON security_seal
        BEGIN SELECT RAISE(ABORT, 'the security seal is replaced, never deleted'); END""",
    """CREATE TRIGGER security_seal_forward BEFORE UPDATE ON security_seal
        WHEN NEW.generation < OLD.generation
        BEGIN SELECT RAISE(ABORT, 'the security seal never goes back'); END""",
]
