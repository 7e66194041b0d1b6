"""The program seal: the key and certificate every PDF the program sends is signed with.

One row per seal the program has had; the newest is the one in use.  The private key
(PKCS#8) lives here, inside the encrypted vault database, and nowhere else.  A row is
never deleted and its certificate never changes, so an older export can still be told
apart from a forgery; when a seal is replaced, its private key is erased (set to an
empty value), the only change a row allows.
"""

STATEMENTS = [
    """CREATE TABLE program_seals (
        id          INTEGER PRIMARY KEY,
        cert_der    BLOB NOT NULL,
        key_der     BLOB NOT NULL,
        chain_der   BLOB NOT NULL DEFAULT x'',
        source      TEXT NOT NULL CHECK (source IN ('created', 'imported')),
        fingerprint TEXT NOT NULL UNIQUE CHECK (length(fingerprint) = 64),
        not_after   TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        created_by  TEXT NOT NULL
    )""",
    """CREATE TRIGGER program_seals_fixed BEFORE UPDATE ON program_seals
        WHEN NEW.id IS NOT OLD.id OR NEW.cert_der IS NOT OLD.cert_der
          OR NEW.chain_der IS NOT OLD.chain_der OR NEW.source IS NOT OLD.source
          OR NEW.fingerprint IS NOT OLD.fingerprint OR NEW.not_after IS NOT OLD.not_after
          OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
          OR (NEW.key_der IS NOT OLD.key_der AND length(NEW.key_der) > 0)
        BEGIN SELECT RAISE(ABORT, 'a program seal cannot be changed, only its key erased'); END""",
    """CREATE TRIGGER program_seals_kept BEFORE DELETE ON program_seals
        BEGIN SELECT RAISE(ABORT, 'a program seal is never deleted'); END""",
]
