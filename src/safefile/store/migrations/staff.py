"""Staff accounts (issue 28): the members of a vault, and the files closed to a member.

* ``staff``: one row per member, ever: name, credentials, role, the raw X25519 and
  Ed25519 public keys (store/memberslots.py), active or removed. A member is never deleted and
  their public keys never change, so every signature they made still verifies after
  they leave; a removed member stays removed (a person who returns is a new member,
  with new keys). ``uid`` is the member's id in the key file's slots and in signed
  entries (random, the same on every copy of the vault).
* ``known_to_staff``: a client's file closed to a member who knows the client personally
  or is related to the person who caused harm (staff/closures.py). It goes with the file
  when the retention policy destroys it (ON DELETE CASCADE).

Both are part of the sealed security state (store/seal.py: the gate and every road
read them, and a page of either brought back from an older copy must be seen), so each
gets the three triggers that mark the seal dirty, like store/migrations/security_seal.py.

The key slots are not here: they open the database, so they must be read before it is
open; they live in the key file beside the passphrase and recovery wraps
(docs/decisions.md, "Issue 28"). This migration makes no member: an existing vault's
practitioner becomes its first administrator at an upgrade that needs their passphrase.
"""

ROLES = ("volunteer", "advocate", "supervisor", "administrator")  # staff/roles.Role


def _sealed(table: str) -> list[str]:
    out = []
    for event in ("INSERT", "UPDATE", "DELETE"):
        out.append(
            f"""CREATE TRIGGER {table}_sealed_{event.lower()} AFTER {event} ON {table}
            BEGIN UPDATE security_seal SET dirty = 1 WHERE dirty = 0; END"""  # noqa: S608
        )
    return out


STATEMENTS = [
    f"""CREATE TABLE staff (
        id             INTEGER PRIMARY KEY,
        uid            TEXT NOT NULL UNIQUE
                       CHECK (length(uid) = 32 AND uid NOT GLOB '*[^0-9a-f]*'),
        name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
        name_key       TEXT NOT NULL CHECK (length(name_key) > 0),  -- store/memberslots.name_key
        credentials    TEXT NOT NULL DEFAULT '',
        role           TEXT NOT NULL CHECK (role IN {ROLES!r}),
        x25519_public  BLOB NOT NULL UNIQUE CHECK (length(x25519_public) = 32),
        ed25519_public BLOB NOT NULL UNIQUE CHECK (length(ed25519_public) = 32),
        active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        added_on       TEXT NOT NULL,
        added_by       TEXT NOT NULL,
        removed_on     TEXT,
        removed_by     TEXT,
        CHECK ((active = 1) = (removed_on IS NULL AND removed_by IS NULL))
    )""",
    # Two active members never share a name: it is how a member says who they are. The key
    # is folded in Python (SQLite's lower() folds ASCII only: "Álvaro" and "ÁLVARO").
    "CREATE UNIQUE INDEX staff_active_name ON staff(name_key) WHERE active = 1",
    """CREATE TRIGGER staff_kept BEFORE DELETE ON staff
        BEGIN SELECT RAISE(ABORT, 'a staff member is removed, never deleted'); END""",
    """CREATE TRIGGER staff_keys_fixed BEFORE UPDATE ON staff
        WHEN NEW.id IS NOT OLD.id OR NEW.uid IS NOT OLD.uid
          OR NEW.x25519_public IS NOT OLD.x25519_public
          OR NEW.ed25519_public IS NOT OLD.ed25519_public
          OR NEW.added_on IS NOT OLD.added_on OR NEW.added_by IS NOT OLD.added_by
        BEGIN SELECT RAISE(ABORT, 'a staff member''s id and public keys never change'); END""",
    """CREATE TRIGGER staff_removed_stays BEFORE UPDATE ON staff
        WHEN OLD.active = 0
        BEGIN SELECT RAISE(ABORT, 'a removed staff member stays removed'); END""",
    """CREATE TABLE known_to_staff (
        client_id   INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        member_id   INTEGER NOT NULL REFERENCES staff(id),
        reason      TEXT NOT NULL DEFAULT '',
        recorded_on TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        PRIMARY KEY (client_id, member_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX known_to_staff_member ON known_to_staff(member_id)",
    *_sealed("staff"),
    *_sealed("known_to_staff"),
]
