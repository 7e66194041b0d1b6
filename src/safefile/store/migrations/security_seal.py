"""The seal of the security state (store/seal.py): one row, the digest of every row the
gate reads, its generation and its MAC.  The vault seals itself once at the first
opening after this migration (it needs the key, which a migration does not have).

``dirty`` says that a sealed table changed in the transaction under way (the triggers
below set it; the commit seals the state anew and clears it), so a write that changes
nothing the gate reads costs no digest.  (Since store/migrations/seal_deltas.py the
triggers of every table in ``seal.SEALED`` are made by ``seal.keep_triggers`` after each
migration and also record the rows changed; these statements are kept as shipped.)
"""

# The tables sealed when this migration was written, and the rows of each that count.
_SEALED = {
    "releases": "1",
    "restrictions": "1",
    "restriction_aliases": "1",  # a restricted person's other names (gate_roads.py)
    "legal_holds": "1",
    "own_copy_requests": "1",
    "clients": "1",
    "households": "1",
    "orgs": "1",
    "documents": "1",
    "file_closures": "1",
    "meta": "{row}.key NOT LIKE 'chain:%'",
    "disclosures": "1",  # its newest entry (single-use releases are spent there)
}


def _triggers(table: str, when: str) -> list[str]:
    out = []
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        cond = when.format(row=row)
        out.append(
            f"""CREATE TRIGGER {table}_sealed_{event.lower()} AFTER {event} ON {table}
            WHEN {cond}
            BEGIN UPDATE security_seal SET dirty = 1 WHERE dirty = 0; END"""  # noqa: S608
        )
    return out


STATEMENTS = [
    """CREATE TABLE security_seal (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL CHECK (generation > 0),
        digest     TEXT NOT NULL,
        mac        TEXT NOT NULL,
        dirty      INTEGER NOT NULL DEFAULT 0 CHECK (dirty IN (0, 1))
    )""",
    """CREATE TRIGGER security_seal_no_delete BEFORE DELETE ON security_seal
        BEGIN SELECT RAISE(ABORT, 'the security seal is replaced, never deleted'); END""",
    """CREATE TRIGGER security_seal_forward BEFORE UPDATE ON security_seal
        WHEN NEW.generation < OLD.generation
        BEGIN SELECT RAISE(ABORT, 'the security seal never goes back'); END""",
    *(s for table, when in _SEALED.items() for s in _triggers(table, when)),
]
