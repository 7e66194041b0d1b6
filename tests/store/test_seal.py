"""The seal of the security state (store/seal.py): what it covers, how it moves with the
vault, and what it refuses.  The splice attacks themselves are in
tests/consent/test_splice.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from safefile.backup.core import make_backup, restore_backup
from safefile.clock import FixedClock
from safefile.errors import DamagedFile
from safefile.store import database, header, keys, seal
from safefile.store.layout import DB_FILE, HEADER_FILE
from safefile.store.migrations import security_seal
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE, Cli
from tests.schema_fixtures import _data_key, make_vault_at_version

S = PASSPHRASE + "\n"


def _restriction(vault: Vault, person: str = "Someone Else") -> None:
    with vault.transaction() as db:
        cid = db.execute(
            "INSERT INTO clients (name, intake_date, created_at) VALUES ('A', '2026-01-05', 'x')"
        ).lastrowid
        db.execute(
            "INSERT INTO restrictions (client_id, person, reason, added_by, added_at) "
            "VALUES (?, ?, 'order', 'Staff', 'x')",
            (cid, person),
        )


def test_every_sealed_table_marks_its_changes(vault: Vault) -> None:
    """A table added to seal.SEALED needs the three triggers that say it changed (else its
    changes are not sealed and the next opening calls the vault damaged)."""
    triggers = {
        r[0] for r in vault.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    for table in seal.SEALED:
        for event in ("insert", "update", "delete"):
            assert f"{table}_sealed_{event}" in triggers, (table, event)


def test_the_digest_covers_every_column_even_one_added_later(vault: Vault) -> None:
    _restriction(vault)
    key = vault.key_for(seal.PURPOSE)
    first = seal.state_digest(vault.db, key)
    # A column another change adds later is read with the rest (SELECT *).
    vault.db.execute("ALTER TABLE restrictions ADD COLUMN aliases TEXT NOT NULL DEFAULT ''")
    second = seal.state_digest(vault.db, key)
    assert second != first  # the column's name is part of the digest
    vault.db.execute("DROP TRIGGER restrictions_no_update")
    vault.db.execute("UPDATE restrictions SET aliases = 'Mal'")
    assert seal.state_digest(vault.db, key) not in (first, second)
    # A setting too; a hash chain's own end marker is not (it moves with every entry).
    before = seal.state_digest(vault.db, key)
    vault.db.execute("UPDATE meta SET value = 'x' WHERE key LIKE 'chain:%'")
    assert seal.state_digest(vault.db, key) == before
    vault.db.execute("INSERT INTO meta VALUES ('release_max_days', '3000')")
    assert seal.state_digest(vault.db, key) != before


def test_a_change_written_around_the_store_is_found_at_the_next_opening(
    vault: Vault, cli: Cli
) -> None:
    _restriction(vault)
    path = vault.path
    vault.db.execute("DELETE FROM restrictions")  # no transaction of the store: not sealed
    vault.lock()
    with pytest.raises(DamagedFile):
        Vault.open(path, passphrase=PASSPHRASE)
    r = cli("check", str(path), "--passphrase-stdin", stdin=S)
    assert r.code == 5 and "damaged" in r.err


def test_the_seal_file_may_be_behind_never_ahead_nor_missing(vault: Vault, cli: Cli) -> None:
    path = vault.path
    _restriction(vault)
    vault.lock()
    older = (path / seal.SEAL_FILE).read_bytes()
    vault = Vault.open(path, passphrase=PASSPHRASE)
    _restriction(vault, "Another Person")
    vault.lock()
    newer = (path / seal.SEAL_FILE).read_bytes()
    # A crash after the commit, before the file: the database is ahead; it opens, and the
    # file is written again.
    (path / seal.SEAL_FILE).write_bytes(older)
    Vault.open(path, passphrase=PASSPHRASE).lock()
    assert (path / seal.SEAL_FILE).read_bytes() == newer
    # Removed, or made up: the damage of exit 5.
    (path / seal.SEAL_FILE).unlink()
    assert cli("check", str(path), "--passphrase-stdin", stdin=S).code == 5
    (path / seal.SEAL_FILE).write_bytes(newer.replace(b'"generation": ', b'"generation": 9'))
    assert cli("check", str(path), "--passphrase-stdin", stdin=S).code == 5
    (path / seal.SEAL_FILE).write_bytes(newer)
    r = cli("check", str(path), "--passphrase-stdin", stdin=S)
    assert r.code == 0, r.err
    assert "is the sealed one" in r.out


def test_a_vault_made_before_the_seal_is_sealed_once_at_its_first_opening(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.safefile"
    make_vault_at_version(path, security_seal_version() - 1)
    assert not (path / seal.SEAL_FILE).exists()
    v = Vault.open(path, passphrase=PASSPHRASE)
    first = seal.stored(v.db)
    assert first is not None  # (1, and 2 once the opening recorded the time zone)
    v.lock()
    assert (path / seal.SEAL_FILE).is_file()
    with Vault.open(path, passphrase=PASSPHRASE) as again:
        assert seal.stored(again.db) == first


def test_a_first_seal_cut_short_after_its_file_opens(tmp_path: Path) -> None:
    """The first seal writes its file before its row: a crash between leaves a file of
    exactly the state, which the next opening takes; a file of another state it refuses."""
    path = tmp_path / "cut.safefile"
    make_vault_at_version(path, security_seal_version())  # the table, no row yet
    hdr = header.read(path / HEADER_FILE)
    data_key = _data_key(hdr)
    key = keys.subkey(data_key, seal.PURPOSE)
    conn = database.connect(path / DB_FILE, data_key)
    digest = seal.state_digest(conn, key)
    conn.close()
    good = seal.Seal(1, digest, seal.seal_mac(key, hdr.vault_id, 1, digest))
    other = seal.Seal(1, "0" * 64, seal.seal_mac(key, hdr.vault_id, 1, "0" * 64))
    seal.write_file(path, hdr.vault_id, other, key)
    with pytest.raises(DamagedFile):
        Vault.open(path, passphrase=PASSPHRASE)
    seal.write_file(path, hdr.vault_id, good, key)
    with Vault.open(path, passphrase=PASSPHRASE) as v:
        assert seal.stored(v.db) is not None


def test_a_schema_page_from_before_the_seal_is_found(tmp_path: Path) -> None:
    """A vault that has a seal file, whose schema page says it has no seal: that page came
    from a copy made before the upgrade (the tables added since would come back empty)."""
    path = tmp_path / "old.safefile"
    make_vault_at_version(path, security_seal_version() - 1)
    (path / seal.SEAL_FILE).write_text('{"generation": 1, "digest": "x", "mac": "y"}')
    with pytest.raises(DamagedFile):
        Vault.open(path, passphrase=PASSPHRASE)


def test_a_restored_backup_carries_its_seal(
    vault: Vault, tmp_path: Path, clock: FixedClock
) -> None:
    _restriction(vault)
    info = make_backup(vault, tmp_path / "b.sfbackup")
    vault.lock()
    restored = tmp_path / "restored.safefile"
    restore_backup(info.path, restored, passphrase=PASSPHRASE, clock=clock)
    assert (restored / seal.SEAL_FILE).is_file()
    with Vault.open(restored, passphrase=PASSPHRASE) as v:
        assert v.db.execute("SELECT count(*) FROM restrictions").fetchone()[0] == 1
    assert (restored / DB_FILE).is_file()


def security_seal_version() -> int:
    from safefile.store import schema

    return schema.MIGRATIONS.index(security_seal.STATEMENTS) + 1


def test_a_gate_decision_under_an_open_vault_sees_a_change_the_store_did_not_make(
    vault: Vault,
) -> None:
    """Found at the opening whatever happened while the vault was closed; and a sealed
    table changed under an open vault (not by the store) stops the next decision, and
    the next write, with exit 5."""
    from safefile.consent import details, log

    _restriction(vault)
    vault.db.execute("DELETE FROM restrictions")  # around the store (no transaction of it)
    with pytest.raises(DamagedFile):
        log.append(vault, details.Refused(reasons=["x"]), actor=vault.actor)
    with pytest.raises(DamagedFile):
        vault.audit("anything", actor=vault.actor)


def _closed_before_a_later_migration(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, statement: str
) -> Path:
    """The vault, with a restriction, locked; SafeFile given one more migration."""
    from safefile.store import schema

    _restriction(vault)
    vault.lock()
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, [statement]])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    monkeypatch.setattr(schema.migrate, "__defaults__", (len(schema.MIGRATIONS),))
    return vault.path


def test_a_later_migration_that_adds_a_column_is_sealed_with_it(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration after this one adds a column to a sealed table (SELECT * reads it): the
    migration's own transaction seals the new state, so the next opening finds it whole."""
    path = _closed_before_a_later_migration(
        vault,
        monkeypatch,
        "ALTER TABLE restrictions ADD COLUMN aliases TEXT NOT NULL DEFAULT 'none'",
    )
    with Vault.open(path, passphrase=PASSPHRASE) as v:
        assert v.db.execute("SELECT aliases FROM restrictions").fetchone()[0] == "none"
    with Vault.open(path, passphrase=PASSPHRASE) as v:  # opens: sealed with the column
        assert seal.stored(v.db) is not None


def test_a_change_left_by_something_other_than_the_store_is_damage(vault: Vault) -> None:
    """A sealed table changed and committed outside the store leaves its mark of change:
    every later check of the seal (a gate decision, a destruction's, the vault's check)
    says damage, inside a transaction that has changed nothing yet too."""
    vault.settle()
    vault.check_seal()
    vault.db.execute(
        "INSERT INTO clients (name, intake_date, created_at) VALUES ('Slipped In', "
        "'2026-01-01', 'x')"
    )
    with pytest.raises(DamagedFile):
        vault.check_seal()
    vault.db.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DamagedFile):
            vault.check_seal(fresh=True)
    finally:
        vault.db.execute("ROLLBACK")


def test_every_column_of_every_sealed_table_is_recorded_as_it_changes(vault: Vault) -> None:
    """A write seals what it changed (seal.seal_changes): the triggers of every sealed
    table record each changed row whole, every column as it was and as it is, so the seal
    moved by them is the seal of the whole state."""
    db = vault.db
    sql = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(seal.SEALED) <= tables  # every sealed table is in a vault of today
    for table in seal.SEALED:
        columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        for event, rows in (("insert", "NEW"), ("update", "OLD NEW"), ("delete", "OLD")):
            trigger = sql[f"{table}_sealed_{event}"]
            for row in rows.split():
                for column in columns:
                    assert f'quote({row}."{column}")' in trigger, (table, event, row, column)


def _whole(vault: Vault) -> str:
    return seal.state_digest(vault.db, vault.key_for(seal.PURPOSE))


def _sealed(vault: Vault) -> str:
    now = seal.stored(vault.db)
    assert now is not None
    return now.digest


def test_a_write_moves_the_seal_to_the_digest_of_the_whole_state(vault: Vault) -> None:
    """Rows added, changed (one column or several) and removed, a setting, an entry in the
    record of sharing: after each commit the seal is the digest read whole."""
    from safefile.consent import details, log

    _restriction(vault)
    assert _sealed(vault) == _whole(vault)
    with vault.transaction() as db:
        db.execute("UPDATE clients SET name = 'Ana María', born = '2010-03-04' WHERE name = 'A'")
    assert _sealed(vault) == _whole(vault)
    with vault.transaction() as db:
        db.execute("INSERT INTO meta VALUES ('release_max_days', '3000')")
        db.execute("UPDATE meta SET value = '2000' WHERE key = 'release_max_days'")
    assert _sealed(vault) == _whole(vault)
    log.append(vault, details.Refused(reasons=["no release"]), actor=vault.actor)
    assert _sealed(vault) == _whole(vault)
    with vault.transaction() as db:
        db.execute("DELETE FROM meta WHERE key = 'release_max_days'")
        assert db.execute("SELECT count(*) FROM seal_delta").fetchone()[0] == 1
    assert vault.db.execute("SELECT count(*) FROM seal_delta").fetchone()[0] == 0  # emptied
    assert _sealed(vault) == _whole(vault)
    # Changed and changed back: the same state, no new seal.
    before = seal.stored(vault.db)
    with vault.transaction() as db:
        db.execute("UPDATE clients SET name = 'X' WHERE name = 'Ana María'")
        db.execute("UPDATE clients SET name = 'Ana María' WHERE name = 'X'")
    assert seal.stored(vault.db) == before


def _as_a_page_would(path: Path, trigger: str, change: str) -> None:
    """Change rows of the vault at ``path`` from another connection with ``trigger`` (a
    seal's) away for the moment: as a page brought back would, no trigger fires."""
    other = database.connect(path / DB_FILE, _data_key(header.read(path / HEADER_FILE)))
    sql = other.execute("SELECT sql FROM sqlite_master WHERE name = ?", (trigger,)).fetchone()[0]
    other.execute(f"DROP TRIGGER {trigger}")
    other.execute(change)
    other.execute(sql)
    other.commit()
    other.close()


def test_a_change_made_around_the_store_while_open_is_not_sealed_by_the_next_write(
    vault: Vault,
) -> None:
    """A page brought back while the vault is open changes rows and fires no trigger. The
    next write seals only the rows it changed, from the seal this opening verified, so
    the changed rows are never taken into the seal: the next opening finds them (exit 5).
    (Sealing the whole state at each commit, as before, sealed the splice with the write.)"""
    _restriction(vault)
    vault.settle()
    path = vault.path
    _as_a_page_would(
        path, "clients_sealed_update", "UPDATE clients SET name = 'Somebody Else' WHERE name = 'A'"
    )
    _restriction(vault, "Another Person")  # the next write, of a sealed table
    vault.lock()
    with pytest.raises(DamagedFile):
        Vault.open(path, passphrase=PASSPHRASE)


def test_a_vault_sealed_whole_before_is_verified_so_then_sealed_by_its_rows(
    tmp_path: Path,
) -> None:
    """A vault sealed before the seal moved with its rows (one digest of the whole state)
    is verified with that digest at its opening, then sealed anew by its migration; a
    change made around the store before the upgrade is still found."""
    from safefile.store import schema
    from safefile.store.migrations import seal_deltas

    before = schema.MIGRATIONS.index(seal_deltas.STATEMENTS)
    for tampered in (False, True):
        path = tmp_path / f"v{int(tampered)}.safefile"
        make_vault_at_version(path, before)
        hdr = header.read(path / HEADER_FILE)
        data_key = _data_key(hdr)
        key = keys.subkey(data_key, seal.PURPOSE)
        conn = database.connect(path / DB_FILE, data_key)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO clients (name, intake_date, created_at) VALUES ('B', '2026-01-05', 'x')"
        )
        old = seal.seal_now(conn, key, hdr.vault_id)  # the digest of then (no seal_delta)
        conn.execute("COMMIT")
        assert old is not None
        seal.write_file(path, hdr.vault_id, old, key)
        if tampered:
            conn.execute("UPDATE clients SET name = 'C'")  # around the store
            conn.execute("UPDATE security_seal SET dirty = 0")  # and its mark undone
        conn.close()
        if tampered:
            with pytest.raises(DamagedFile):
                Vault.open(path, passphrase=PASSPHRASE)
            continue
        with Vault.open(path, passphrase=PASSPHRASE) as v:
            now = seal.stored(v.db)
            assert now is not None and now.generation > old.generation
            assert now.digest == _whole(v) != old.digest
        with Vault.open(path, passphrase=PASSPHRASE) as v:  # opens: the new seal holds
            assert seal.stored(v.db) == now


def test_a_rekey_does_not_sign_a_change_made_around_the_store(vault: Vault) -> None:
    """A re-key signs the state again under the new key: only after checking it is the
    sealed one, so a page brought back while the vault is open is refused there (exit 5),
    not signed; the vault is left as it was."""
    _restriction(vault)
    vault.settle()
    path = vault.path
    _as_a_page_would(path, "restrictions_sealed_delete", "DELETE FROM restrictions")
    with pytest.raises(DamagedFile):
        vault.rekey("a brand new passphrase of several words")
    vault.lock()
    with pytest.raises(DamagedFile):
        Vault.open(path, passphrase=PASSPHRASE)  # the old key still opens it: still found


def test_the_seal_file_holds_no_digest_and_is_this_vaults(vault: Vault, tmp_path: Path) -> None:
    """The digest is a sum of the rows' MACs: digests published side by side could be
    combined into a splice's. The file holds the generation and the seal's MAC, with a MAC
    of its own: a file made up, or another vault's, is damage even when it is behind; a
    file written before (with the digest) is still read."""
    import json

    _restriction(vault)
    path = vault.path
    vault.lock()
    with Vault.open(path, passphrase=PASSPHRASE) as v:
        now = seal.stored(v.db)
    assert now is not None
    state = path / seal.SEAL_FILE
    good = json.loads(state.read_bytes())
    assert set(good) == {"about", "vault_id", "generation", "mac", "file_mac"}
    other, _ = Vault.create(tmp_path / "other.safefile", PASSPHRASE, kdf=keys.KdfParams.minimum())
    other.lock()
    for wrong in (
        {**good, "generation": 1, "mac": "00", "file_mac": "00"},  # made up, behind
        json.loads((tmp_path / "other.safefile" / seal.SEAL_FILE).read_bytes()),
    ):
        state.write_text(json.dumps(wrong))
        with pytest.raises(DamagedFile):
            Vault.open(path, passphrase=PASSPHRASE)
    before = {"generation": now.generation, "digest": now.digest, "mac": now.mac}
    state.write_text(json.dumps(before))  # as a version before wrote it
    with Vault.open(path, passphrase=PASSPHRASE) as v:
        _restriction(v, "Another Person")
    assert "file_mac" in json.loads(state.read_bytes())  # written anew at the next seal


def test_a_change_marked_and_not_recorded_is_never_sealed_whole(vault: Vault) -> None:
    """A trigger that only marks the state changed (as before seal_deltas; an old schema
    page could bring one back) must not make the next write seal the whole state, with a
    page brought back meanwhile in it: the commit refuses (exit 5), nothing changed."""
    _restriction(vault)
    vault.settle()
    path = vault.path
    _as_a_page_would(path, "clients_sealed_update", "UPDATE clients SET name = 'Changed'")
    conn = database.connect(path / DB_FILE, _data_key(header.read(path / HEADER_FILE)))
    conn.execute("DROP TRIGGER restrictions_sealed_insert")
    conn.execute(
        "CREATE TRIGGER restrictions_sealed_insert AFTER INSERT ON restrictions "
        "BEGIN UPDATE security_seal SET dirty = 1 WHERE dirty = 0; END"
    )
    conn.commit()
    conn.close()
    with pytest.raises(DamagedFile), vault.transaction() as db:
        db.execute(
            "INSERT INTO restrictions (client_id, person, reason, added_by, added_at) "
            "SELECT id, 'Third Person', 'order', 'Staff', 'x' FROM clients"
        )
    assert vault.db.execute("SELECT count(*) FROM restrictions").fetchone()[0] == 1


def test_a_migration_does_not_seal_a_change_made_after_the_opening_checked(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The opening checks the state, then migrates in a transaction of its own, which
    seals the state read whole: it checks again first, so a page brought back between
    the two is found (exit 5), not sealed."""
    path = _closed_before_a_later_migration(
        vault, monkeypatch, "ALTER TABLE restrictions ADD COLUMN note TEXT NOT NULL DEFAULT ''"
    )
    verify = seal.verify

    def verify_then_splice(*args: object, **kwargs: object) -> seal.Verdict:
        verdict = verify(*args, **kwargs)  # type: ignore[arg-type]
        _as_a_page_would(path, "restrictions_sealed_delete", "DELETE FROM restrictions")
        return verdict

    monkeypatch.setattr(seal, "verify", verify_then_splice)
    with pytest.raises(DamagedFile):
        Vault.open(path, passphrase=PASSPHRASE)


def test_changed_rows_or_a_missing_trigger_left_by_something_else_are_damage(
    vault: Vault,
) -> None:
    """Changed rows recorded outside a transaction of the store would be sealed by the next
    write; a sealed table without its triggers would leave the next change unsealed. Each
    is damage at the opening."""
    _restriction(vault)
    path = vault.path
    vault.lock()
    for tamper in (
        "INSERT INTO seal_delta (sign, tbl, body) VALUES (-1, 'restrictions', 'x')",
        "DROP TRIGGER releases_sealed_update",
    ):
        copy = path.with_name(f"copy-{tamper[:4]}.safefile")
        shutil.copytree(path, copy)
        conn = database.connect(copy / DB_FILE, _data_key(header.read(copy / HEADER_FILE)))
        conn.execute(tamper)
        conn.commit()
        conn.close()
        with pytest.raises(DamagedFile):
            Vault.open(copy, passphrase=PASSPHRASE)
    Vault.open(path, passphrase=PASSPHRASE).lock()  # the untouched one opens


def test_a_later_migration_may_drop_a_column_of_a_sealed_table(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The triggers name every column: a migration's statements run without them, and
    they are made again from the columns left."""
    path = _closed_before_a_later_migration(
        vault, monkeypatch, "ALTER TABLE clients DROP COLUMN contact_how"
    )
    with Vault.open(path, passphrase=PASSPHRASE) as v:
        _restriction(v, "Another Person")  # a write: its rows recorded without the column
        assert _sealed(v) == _whole(v)
    Vault.open(path, passphrase=PASSPHRASE).lock()


def test_no_statement_replaces_a_row_without_its_delete_trigger() -> None:
    """REPLACE conflict resolution deletes the row it replaces without firing its delete
    trigger (recursive_triggers is off), so the replaced row's MAC would stay in the seal:
    no SQL of SafeFile's uses it, and no table's schema asks for it."""
    import re

    from sqlcipher3 import dbapi2

    from safefile.store import schema

    src = Path(seal.__file__).resolve().parents[1]
    pattern = re.compile(
        r"\b(INSERT|UPDATE)\s+OR\s+REPLACE\b|\bREPLACE\s+INTO\b|\bON\s+CONFLICT\s+REPLACE\b", re.I
    )
    found = [
        str(p.relative_to(src)) for p in src.rglob("*.py") if pattern.search(p.read_text("utf-8"))
    ]
    assert found == []
    conn = dbapi2.connect(":memory:")
    schema.migrate(conn)
    assert not [
        r for r in conn.execute("SELECT sql FROM sqlite_master") if r[0] and pattern.search(r[0])
    ]


@pytest.mark.parametrize(
    ("before_deltas", "digest"),
    [
        (True, "b012dfcc5f0440a52cc2e6c224c017595b12aab77ffd90ef23b4a3619d22771d"),
        (False, "f9d2890b776f332c429c6f85cc755c3b05ed40b5de45e328fea11c953b13bd25"),
    ],
)
def test_the_digest_of_a_known_state_is_fixed(before_deltas: bool, digest: str) -> None:
    """Every sealed vault holds a digest made by these definitions: the one before the
    seal moved with its rows (the value SafeFile computed then, at 350c095), with which
    an older vault is verified before its migration, and today's. A change to either
    fails here: it needs a migration that verifies with the old and seals anew."""
    from sqlcipher3 import dbapi2

    from safefile.store import schema
    from safefile.store.migrations import seal_deltas

    conn = dbapi2.connect(":memory:")
    before = schema.MIGRATIONS.index(seal_deltas.STATEMENTS)
    schema.migrate(conn, target=before if before_deltas else schema.SCHEMA_VERSION)
    conn.execute(
        "INSERT INTO clients (id, name, born, intake_date, created_at) "
        "VALUES (1, 'Ana ''María'' Ørsted', '2010-03-04', '2026-01-05', 'x')"
    )
    conn.execute("INSERT INTO meta VALUES ('release_max_days', '3000')")
    assert seal.state_digest(conn, bytes(range(32))) == digest


def test_a_rows_text_is_its_literals_joined_by_the_unit_separator() -> None:
    """A sealed row's text (the MAC's input, in the digest and in the triggers) is the SQL
    literals of its columns joined by char(31), as first defined with ``||``; ``concat_ws``
    must make exactly that text for any value: NULL, numbers, quotes, the separator
    itself, blobs with zero bytes, text beyond the BMP."""
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(":memory:")
    conn.execute("CREATE TABLE t (a, b, c)")
    values: list[object] = [
        None,
        0,
        -(2**63),
        1.5,
        1e300,
        "",
        "O'Brien",
        "a\x1fb",
        "Ørsted 王小明 🙂",
        b"",
        b"\x00\xff\x1f",
    ]
    rows = [(x, y, z) for x in values for y in values[:4] for z in values[-4:]]
    conn.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
    columns = ["a", "b", "c"]
    as_defined = " || char(31) || ".join(f'quote(t."{c}")' for c in columns)
    got = conn.execute(f"SELECT {seal._row_text(columns, 't')}, {as_defined} FROM t").fetchall()
    assert len(got) == len(rows) and all(ours == defined for ours, defined in got)
