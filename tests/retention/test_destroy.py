"""Retention: closing, holds, destruction with no readable remains, restore, check."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

import safefile
from safefile import records, settings
from safefile.backup import make_backup, restore_backup
from safefile.backup.policy import Policy
from safefile.clock import FixedClock
from safefile.consent import log, requests
from safefile.consent.kinds import EntryKind
from safefile.errors import InvalidInput, NotFound
from safefile.records.models import ClientIn, NoteIn, ServiceIn
from safefile.retention import backups, closing, destroy, plan, restore
from safefile.store import checkup, header
from safefile.store.keyring import unwrap_data_key
from safefile.store.layout import HEADER_FILE
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE
from tests.retention.pages import plaintext

NOTE_MARK = b"QUILLONBERT-NOTE-51d2"
NAME_MARK = "Quillonbert"
REQ_MARK = "Officer Vantablack"


def _key(vault_path: Path) -> bytes:
    return bytes(unwrap_data_key(header.read(vault_path / HEADER_FILE), passphrase=PASSPHRASE))


def _people(vault: Vault) -> dict[str, int]:
    old = records.add_client(
        vault,
        ClientIn.from_input({"name": f"Ada {NAME_MARK}", "intake_date": "2023-01-05"}),
        actor=vault.actor,
    )
    records.add_service(
        vault,
        ServiceIn.from_input(
            {
                "client_id": old,
                "on_date": "2023-02-01",
                "type": records.service_types(vault)[0],
                "minutes": 60,
                "note": "met at office",
            }
        ),
        actor=vault.actor,
    )
    ref = records.add_note(
        vault,
        NoteIn.from_input(
            {
                "client_ids": [old],
                "kind": "progress",
                "data": NOTE_MARK.decode(),
                "on_date": "2023-02-01",
            }
        ),
        sign=True,
        actor=vault.actor,
    )
    records.add_addendum(vault, ref, "addendum " + NOTE_MARK.decode(), actor=vault.actor)
    records.add_note(
        vault,
        NoteIn.from_input(
            {
                "client_ids": [old],
                "kind": "process",
                "data": "process " + NOTE_MARK.decode(),
                "on_date": "2023-02-01",
            }
        ),
        sign=True,
        actor=vault.actor,
    )
    records.attach(vault, old, b"scan " + NOTE_MARK, title="letter", actor=vault.actor)
    requests.record_request(
        vault,
        direction="incoming",
        client_id=old,
        requester=REQ_MARK,
        identity_confirmed_by="rang back",
        reason="court",
        summary="all notes",
        decision="refused",
        decision_reasons="no release",
        actor=vault.actor,
    )
    held = records.add_client(
        vault,
        ClientIn.from_input({"name": "Held Person", "intake_date": "2023-01-05"}),
        actor=vault.actor,
    )
    recent = records.add_client(
        vault,
        ClientIn.from_input({"name": "Recent Person", "intake_date": "2023-01-05"}),
        actor=vault.actor,
    )
    open_ = records.add_client(
        vault,
        ClientIn.from_input({"name": "Open Person", "intake_date": "2023-01-05"}),
        actor=vault.actor,
    )
    closing.close_file(vault, old, date(2024, 3, 1), "services ended", actor=vault.actor)
    closing.close_file(vault, held, date(2024, 3, 1), "moved away", actor=vault.actor)
    closing.close_file(vault, recent, date(2026, 6, 1), actor=vault.actor)
    closing.place_hold(vault, held, "subpoena received 2026-10-01", actor=vault.actor)
    return {"old": old, "held": held, "recent": recent, "open": open_}


def test_due_lists_old_closed_files_and_the_held_ones(vault: Vault) -> None:
    p = _people(vault)
    due = plan.due(vault)
    assert [f.client_id for f in due.files] == [p["old"]]
    assert due.held == [p["held"]] and due.held_would_be_due == [p["held"]]


@pytest.mark.parametrize("vacuum", [True, False], ids=["file rewritten", "free pages kept"])
def test_apply_leaves_no_readable_remains_and_check_passes(
    vault: Vault, vault_path: Path, vacuum: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the file rewritten (VACUUM) or not (few pages freed: secure_delete's zeroed
    pages and the search index's secure-delete alone), no page keeps a destroyed mark."""
    monkeypatch.setattr(destroy, "VACUUM_WHEN_FREE", 0.0 if vacuum else 2.0)
    p = _people(vault)
    key = _key(vault_path)
    vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = plaintext(vault_path, key)
    assert NOTE_MARK in before and NAME_MARK.lower().encode() in before.lower()  # the reader works
    docs_before = list(vault.documents_dir.iterdir())
    assert docs_before

    result = destroy.apply(vault, plan.due(vault), actor=vault.actor)

    assert result.files == 1 and result.counts["progress notes"] == 1
    assert result.counts["documents"] == 1 and result.counts["process notes"] == 1
    after = plaintext(vault_path, key)
    for mark in (NOTE_MARK, NAME_MARK.encode(), NAME_MARK.lower().encode(), REQ_MARK.encode()):
        assert mark not in after, mark
    assert not list(vault.documents_dir.iterdir())  # the document's file is gone
    remaining = {c.id for c in records.list_clients(vault)}
    assert remaining == {p["held"], p["recent"], p["open"]}
    assert checkup.check(vault).ok, checkup.check(vault).problems
    # the destruction entry: counts and dates, no name, no id
    entry = vault.db.execute(
        "SELECT client_id, detail FROM audit WHERE event = 'records destroyed'"
    ).fetchone()
    assert entry[0] is None and "Ada" not in entry[1] and NAME_MARK not in entry[1]
    assert json.loads(entry[1])["counts"]["client files"] == 1
    # the record of sharing keeps the entry, without the person
    (kept,) = [e for e in log.entries(vault) if e.kind == EntryKind.INCOMING]
    assert kept.client_id is None and "requester" not in kept.detail
    assert "destroyed" in kept.detail["redacted"]
    # nothing is due any more; a second run destroys nothing
    assert plan.due(vault).empty


def test_every_search_index_forgets_deleted_rows_at_once(vault: Vault) -> None:
    """Every FTS5 table has secure-delete on, so a destruction need not rebuild it."""
    names = [
        r[0]
        for r in vault.db.execute(
            "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%fts5%'"
        ).fetchall()
    ]
    assert names
    for name in names:
        row = vault.db.execute(f"SELECT v FROM {name}_config WHERE k = 'secure-delete'").fetchone()
        assert row is not None and row[0] == 1, name


def test_tampering_with_a_redacted_entry_is_found(vault: Vault) -> None:
    _people(vault)
    destroy.apply(vault, plan.due(vault), actor=vault.actor)
    guards = destroy._lift_guards(vault.db)
    vault.db.execute("UPDATE disclosures SET detail = '{}' WHERE redacted IS NOT NULL")
    destroy._restore_guards(vault.db, guards)
    assert any("disclosures" in p for p in checkup.check(vault).problems)


def test_blanking_an_entry_without_the_ledger_is_found(vault: Vault) -> None:
    p = _people(vault)
    guards = destroy._lift_guards(vault.db)
    vault.db.execute(
        "UPDATE audit SET client_id = NULL, redacted = '2026-01-01' WHERE client_id = ?",
        (p["recent"],),
    )
    destroy._restore_guards(vault.db, guards)
    assert any("audit" in x for x in checkup.check(vault).problems)


def test_restore_of_an_older_backup_destroys_again(
    vault: Vault, vault_path: Path, tmp_path: Path, clock: FixedClock
) -> None:
    p = _people(vault)
    folder = tmp_path / "backups"
    folder.mkdir()
    Policy(folder).save(vault)
    old_backup = make_backup(vault, folder / "before.sfbackup")
    clock.advance(timedelta(minutes=5))
    destroy.apply(vault, plan.due(vault), actor=vault.actor)
    assert backups.holding(vault) == [old_backup.path]
    vault.lock()

    restored = restore.restore(
        old_backup.path, tmp_path / "restored.safefile", passphrase=PASSPHRASE, clock=clock
    )
    info = restored.info
    assert info.reapplied == 1 and info.tombstones_found and restored.due_now is None
    with Vault.open(tmp_path / "restored.safefile", passphrase=PASSPHRASE, clock=clock) as again:
        ids = {c.id for c in records.list_clients(again)}
        assert p["old"] not in ids and {p["held"], p["recent"]} <= ids
        assert checkup.check(again).ok
        key = _key(tmp_path / "restored.safefile")
    assert NOTE_MARK not in plaintext(tmp_path / "restored.safefile", key)


def test_only_the_restore_that_destroys_again_calls_restore_backup() -> None:
    """The command line and the app restore through retention/restore.restore, so that
    neither can bring back a destroyed file by calling backup's restore without it."""
    src = Path(safefile.__file__).parent
    callers = sorted(
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if "restore_backup(" in path.read_text(encoding="utf-8")
    )
    assert callers == ["backup/core.py", "retention/restore.py"], callers


def test_restore_elsewhere_finds_the_tombstones_beside_the_backups(
    vault: Vault, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = _people(vault)
    folder = tmp_path / "backups"
    folder.mkdir()
    Policy(folder).save(vault)
    old_backup = make_backup(vault, folder / "before.sfbackup")
    destroy.apply(vault, plan.due(vault), actor=vault.actor)
    vault.lock()
    monkeypatch.setenv("SAFEFILE_DATA_DIR", str(tmp_path / "another-computer"))
    restore_backup(
        old_backup.path,
        tmp_path / "r.safefile",
        passphrase=PASSPHRASE,
        clock=clock,
        after=restore.after_restore,
    )
    with Vault.open(tmp_path / "r.safefile", passphrase=PASSPHRASE, clock=clock) as again:
        assert p["old"] not in {c.id for c in records.list_clients(again)}


def test_replace_backups_makes_a_fresh_one_and_deletes_the_old(
    vault: Vault, tmp_path: Path, clock: FixedClock
) -> None:
    _people(vault)
    folder = tmp_path / "backups"
    folder.mkdir()
    Policy(folder).save(vault)
    old = make_backup(vault, folder / "before.sfbackup")
    clock.advance(timedelta(minutes=1))
    destroy.apply(vault, plan.due(vault), actor=vault.actor)
    clock.advance(timedelta(minutes=1))
    fresh, removed = backups.replace(vault, actor=vault.actor)
    assert removed == [old.path] and not old.path.exists() and fresh.exists()
    assert backups.holding(vault) == []


def test_process_notes_can_go_before_the_file(vault: Vault, clock: FixedClock) -> None:
    c = records.add_client(
        vault, ClientIn.from_input({"name": "Pat", "intake_date": "2025-01-05"}), actor=vault.actor
    )
    records.add_note(
        vault,
        NoteIn.from_input(
            {"client_ids": [c], "kind": "process", "data": "process text", "on_date": "2025-02-01"}
        ),
        sign=True,
        actor=vault.actor,
    )
    closing.close_file(vault, c, date(2026, 1, 1), actor=vault.actor)
    settings.save(vault, {"retention_months": 60, "process_notes_months": 6})
    due = plan.due(vault)
    assert due.files == [] and [f.client_id for f in due.process_notes] == [c]
    destroy.apply(vault, due, actor=vault.actor)
    assert records.list_process_notes(vault, c) == [] and records.get_client(vault, c).name == "Pat"
    assert checkup.check(vault).ok


def test_a_joint_note_stays_with_the_client_who_stays(vault: Vault) -> None:
    a = records.add_client(
        vault, ClientIn.from_input({"name": "A", "intake_date": "2023-01-05"}), actor=vault.actor
    )
    b = records.add_client(
        vault, ClientIn.from_input({"name": "B", "intake_date": "2023-01-05"}), actor=vault.actor
    )
    joint = records.add_note(
        vault,
        NoteIn.from_input(
            {"client_ids": [a, b], "kind": "progress", "data": "joint", "on_date": "2023-02-01"}
        ),
        sign=True,
        actor=vault.actor,
    )
    alone = records.add_note(
        vault,
        NoteIn.from_input({"client_ids": [a], "data": "alone", "on_date": "2023-02-01"}),
        sign=True,
        actor=vault.actor,
    )
    closing.close_file(vault, a, date(2024, 1, 1), actor=vault.actor)
    destroy.apply(vault, plan.due(vault), actor=vault.actor)
    assert [n.ref for n in records.list_notes(vault, b)] == [joint]
    with pytest.raises(NotFound):
        records.get_note(vault, alone)
    assert checkup.check(vault).ok


def test_hold_rules(vault: Vault) -> None:
    c = records.add_client(
        vault, ClientIn.from_input({"name": "C", "intake_date": "2023-01-05"}), actor=vault.actor
    )
    with pytest.raises(InvalidInput, match="reason for the hold"):
        closing.place_hold(vault, c, "  ", actor=vault.actor)
    closing.place_hold(vault, c, "litigation", actor=vault.actor)
    with pytest.raises(InvalidInput, match="already under a legal hold"):
        closing.place_hold(vault, c, "again", actor=vault.actor)
    closing.release_hold(vault, c, actor=vault.actor)
    with pytest.raises(NotFound, match="not under a legal hold"):
        closing.release_hold(vault, c, actor=vault.actor)
    assert closing.holds(vault) == []


def test_closing_rules(vault: Vault, clock: FixedClock) -> None:
    c = records.add_client(
        vault, ClientIn.from_input({"name": "C", "intake_date": "2025-01-05"}), actor=vault.actor
    )
    with pytest.raises(InvalidInput, match="in the future"):
        closing.close_file(vault, c, date(2030, 1, 1), actor=vault.actor)
    with pytest.raises(InvalidInput, match="before the file was opened"):
        closing.close_file(vault, c, date(2024, 1, 1), actor=vault.actor)
    closing.close_file(vault, c, date(2026, 1, 1), "moved", actor=vault.actor)
    assert records.get_client(vault, c).closed_on == date(2026, 1, 1)
    assert closing.closing_reason(vault, c) == "moved"
    closing.reopen_file(vault, c, actor=vault.actor)
    assert records.get_client(vault, c).status == "open"


def test_a_vault_made_before_sealing_is_resealed_then_redacted(
    tmp_path: Path, clock: FixedClock
) -> None:
    from safefile.store import chain, database, keys, schema
    from safefile.store.migrations import retention
    from tests.schema_fixtures import make_vault_at_version

    path = tmp_path / "old.safefile"
    # The schema just before log entries were sealed (later migrations may follow it).
    make_vault_at_version(path, schema.MIGRATIONS.index(retention.STATEMENTS))
    data_key = unwrap_data_key(header.read(path / HEADER_FILE), passphrase=PASSPHRASE)
    conn = database.connect(path / "vault.db", data_key)
    conn.execute(
        "INSERT INTO clients (id, name, intake_date, status, closed_on, created_at) "
        "VALUES (1, 'Old Person', '2020-01-01', 'closed', '2021-01-01', '2020-01-01T00:00:00')"
    )
    chain.AUDIT.append(
        conn,
        keys.subkey(data_key, "audit"),
        {"at": "2020-01-01", "actor": "x", "event": "client added", "client_id": 1, "detail": "{}"},
    )
    chain.DISCLOSURES.append(
        conn,
        keys.subkey(data_key, "disclosures"),
        {
            "ref": "D-0001-AAAA",
            "at": "2020-02-01",
            "actor": "x",
            "kind": EntryKind.INCOMING,
            "client_id": 1,
            "release_id": None,
            "recipient_org_id": None,
            "digest": None,
            "detail": json.dumps({"requester": REQ_MARK}),
        },
    )
    conn.close()
    with Vault.open(path, passphrase=PASSPHRASE, clock=clock) as v:
        assert checkup.check(v).ok
        assert v.db.execute("SELECT count(*) FROM audit WHERE sealed IS NULL").fetchone()[0] == 1
        destroy.apply(v, plan.due(v), actor=v.actor)
        assert checkup.check(v).ok, checkup.check(v).problems
        assert v.db.execute("SELECT count(*) FROM audit WHERE sealed IS NULL").fetchone()[0] == 0
        (e,) = log.entries(v)
        assert e.client_id is None and REQ_MARK not in json.dumps(e.detail)


def test_a_rekey_after_a_destruction_keeps_the_chains_whole(
    vault_path: Path, vault: Vault, clock: FixedClock
) -> None:
    from tests.conftest import OTHER_PASSPHRASE

    _people(vault)
    destroy.apply(vault, plan.due(vault), actor=vault.actor)
    vault.rekey(OTHER_PASSPHRASE)
    vault.lock()
    with Vault.open(vault_path, passphrase=OTHER_PASSPHRASE, clock=clock) as again:
        assert checkup.check(again).ok, checkup.check(again).problems
        assert (
            again.db.execute(
                "SELECT count(*) FROM disclosures WHERE redacted IS NOT NULL"
            ).fetchone()[0]
            == 1
        )


def test_entries_of_destroyed_files_lose_the_rest_after_the_sharing_period(
    vault: Vault, clock: FixedClock
) -> None:
    _people(vault)
    destroy.apply(vault, plan.due(vault), actor=vault.actor)
    (e,) = [e for e in log.entries(vault) if e.kind == EntryKind.INCOMING]
    assert "expired" not in e.detail and plan.due(vault).sharing_entries == []
    clock.advance(timedelta(days=365 * 7))
    due = plan.due(vault)
    assert due.sharing_entries == [e.seq]
    result = destroy.apply(vault, due, actor=vault.actor)
    assert result.redacted["disclosures expired"] == 1
    again = log.get_entry(vault, e.ref)
    assert again.recipient_org_id is None and set(again.detail) == {"expired", "redacted"}
    assert checkup.check(vault).ok, checkup.check(vault).problems
    assert plan.due(vault).sharing_entries == []


def test_a_table_added_later_that_names_the_client_is_destroyed_too(vault: Vault) -> None:
    """Tables other parts add (with or without a foreign key) are reached without edits."""
    vault.db.execute(
        "CREATE TABLE extra_fk (id INTEGER PRIMARY KEY, client_id INTEGER REFERENCES clients(id), t TEXT)"
    )
    vault.db.execute("CREATE TABLE extra_plain (party_client_id INTEGER, t TEXT)")
    p = _people(vault)
    for table, col in (("extra_fk", "client_id"), ("extra_plain", "party_client_id")):
        for cid in (p["old"], p["recent"]):
            vault.db.execute(f"INSERT INTO {table} ({col}, t) VALUES (?, 'x')", (cid,))
    destroy.apply(vault, plan.due(vault), actor=vault.actor)
    assert vault.db.execute("SELECT client_id FROM extra_fk").fetchall() == [(p["recent"],)]
    assert vault.db.execute("SELECT party_client_id FROM extra_plain").fetchall() == [
        (p["recent"],)
    ]


def test_destruction_takes_the_release_drafts_printed_forms_and_language(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    """Issue 24's tables follow the client's file: a draft, its printed form (a sealed
    document), the client's language; the form's text is nowhere in the file after."""
    from safefile.consent import drafts
    from safefile.consent.releases import ReleaseIn
    from safefile.export.release_form import print_release_form
    from safefile.records.language import set_client_language
    from safefile.records.models import OrgIn

    p = _people(vault)
    settings.save(vault, {"program_name": "Harbor House", "program_phone": "555-0199"})
    org = records.add_org(
        vault, OrgIn.from_input({"name": "Division of Parole"}), actor=vault.actor
    )
    set_client_language(vault, p["old"], "es", actor=vault.actor)
    ref = drafts.draft_release(
        vault,
        ReleaseIn.from_input(
            {
                "client_id": p["old"],
                "recipient_org_id": org,
                "categories": ("attendance",),
                "purpose": "PURPOSE-" + NOTE_MARK.decode(),
                "expires_on": date.fromordinal(vault.clock.now().date().toordinal() + 30),
            }
        ),
        actor=vault.actor,
    )
    print_release_form(vault, ref, tmp_path / "form.pdf", actor=vault.actor)
    assert vault.db.execute("SELECT count(*) FROM release_prints").fetchone()[0] == 1
    due = plan.due(vault)
    assert [f.client_id for f in due.files] == [p["old"]]
    destroy.apply(vault, due, actor=vault.actor)
    for table in ("release_drafts", "release_prints", "client_languages"):
        assert vault.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert NOTE_MARK not in plaintext(vault_path, _key(vault_path))
    assert not list(vault.documents_dir.iterdir())
    assert checkup.check(vault).ok, checkup.check(vault).problems
