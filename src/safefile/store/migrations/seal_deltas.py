"""The security seal moves with what changed (issue 30: fast at any size).

The seal's digest is now the sum of a keyed MAC of each sealed row (store/seal.py), so a
commit seals the state anew from the rows it changed, not from every row of the sealed
tables (a client added to a vault of 50,000 read all 50,000 to seal it). The triggers of
each sealed table write each row that changed to ``seal_delta`` as it was (-1) and as it
is (+1); the commit adds their MACs to the seal and empties the table. The triggers are
made from the tables' columns by ``seal.keep_triggers``, which every migration runs, so a
column added later is recorded with the rest; this migration makes the table they write.
"""

STATEMENTS = [
    """CREATE TABLE IF NOT EXISTS seal_delta (
        sign INTEGER NOT NULL CHECK (sign IN (-1, 1)),
        tbl  TEXT NOT NULL,
        body TEXT NOT NULL
    )""",
]
