"""Client records: every rule, and bad input refused with a clear message and nothing changed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from safefile import records
from safefile.errors import DamagedFile, InvalidInput, NotFound, SignedNoteImmutable
from safefile.health import check_vault
from safefile.records import documents
from safefile.records.models import ClientIn, NoteIn, OrgIn, ServiceIn
from safefile.records.warnings import check_text
from safefile.store import database
from safefile.store.vault import Vault
from tests.conftest import MARKER, all_bytes_under

TODAY = date(2026, 11, 22)


def snapshot(vault: Vault) -> dict[str, list[Any]]:
    """Every row of every record table, to prove a refusal changed nothing."""
    tables = [
        "clients",
        "households",
        "orgs",
        "services",
        "progress_notes",
        "note_clients",
        "process_notes",
        "addenda",
        "documents",
    ]
    return {t: vault.db.execute(f"SELECT * FROM {t}").fetchall() for t in tables}


@pytest.fixture
def client(vault: Vault) -> int:
    return records.add_client(
        vault,
        ClientIn.from_input({"name": "Amina Diallo", "case_number": "DV-001"}),
        actor=vault.actor,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "fill in the name"),
        ({"name": "   "}, "fill in the name"),
        ({"name": "A", "born": "2027-01-01"}, "in the future"),
        ({"name": "A", "born": "2030"}, "in the future"),
        ({"name": "A", "born": "31/12/1990"}, "YYYY-MM-DD"),
        ({"name": "A", "intake_date": "2026-12-01"}, "in the future"),
        ({"name": "A", "household_id": 99, "household_role": "child"}, "no household"),
        ({"name": "A", "household_role": "child"}, "needs both"),
        ({"name": "A", "ssn": "123"}, "not something SafeFile records"),
    ],
)
def test_bad_client_input(vault: Vault, data: dict[str, Any], message: str) -> None:
    before = snapshot(vault)
    with pytest.raises((InvalidInput, NotFound), match=message):
        records.add_client(vault, ClientIn.from_input(data), actor=vault.actor)
    assert snapshot(vault) == before


def test_duplicate_case_number(vault: Vault, client: int) -> None:
    before = snapshot(vault)
    with pytest.raises(InvalidInput, match="already has case number"):
        records.add_client(
            vault, ClientIn.from_input({"name": "B", "case_number": "DV-001"}), actor=vault.actor
        )
    assert snapshot(vault) == before


@pytest.mark.parametrize(
    "name", ["Nguyễn Thị Ánh", "محمد", "王小明", "שרה כהן", "Ольга Петрова", "Ζωή Παπαδοπούλου"]
)
def test_unicode_names_stored_as_given(vault: Vault, name: str) -> None:
    cid = records.add_client(vault, ClientIn.from_input({"name": name}), actor=vault.actor)
    assert records.get_client(vault, cid).name == name


def test_search_prefix_and_diacritics(vault: Vault) -> None:
    a = records.add_client(
        vault, ClientIn.from_input({"name": "Nguyễn Thị Ánh", "alias": "Annie"}), actor=vault.actor
    )
    b = records.add_client(
        vault,
        ClientIn.from_input({"name": "Maria Lopez", "case_number": "RE-2026-77"}),
        actor=vault.actor,
    )
    records.add_client(vault, ClientIn.from_input({"name": "王小明"}), actor=vault.actor)
    assert [c.id for c in records.list_clients(vault, search="nguy")] == [a]
    assert [c.id for c in records.list_clients(vault, search="anh")] == [a]
    assert [c.id for c in records.list_clients(vault, search="ann")] == [a]
    assert [c.id for c in records.list_clients(vault, search="RE-2026")] == [b]
    assert [c.name for c in records.list_clients(vault, search="王")] == ["王小明"]
    assert records.list_clients(vault, search='"; DROP TABLE clients; --') == []
    assert records.count_clients(vault) == 3


def test_status_filter_and_closing(vault: Vault, client: int) -> None:
    other = records.add_client(vault, ClientIn.from_input({"name": "Zed"}), actor=vault.actor)
    records.set_status(vault, other, "closed", actor=vault.actor)
    assert [c.id for c in records.list_clients(vault, status="open")] == [client]
    assert records.get_client(vault, other).closed_on == TODAY
    with pytest.raises(InvalidInput, match="in the future"):
        records.set_status(vault, client, "closed", on=TODAY + timedelta(days=1), actor=vault.actor)


def test_household_files_stay_apart(vault: Vault) -> None:
    hh = records.add_household(vault, actor=vault.actor)
    mum = records.add_client(
        vault,
        ClientIn.from_input({"name": "Parent P", "household_id": hh, "household_role": "parent"}),
        actor=vault.actor,
    )
    kid = records.add_client(
        vault,
        ClientIn.from_input({"name": "Child C", "household_id": hh, "household_role": "child"}),
        actor=vault.actor,
    )
    records.add_service(
        vault,
        ServiceIn.from_input(
            {"client_id": mum, "on_date": TODAY, "type": "Intake", "note": "mum only"}
        ),
        actor=vault.actor,
    )
    records.add_note(
        vault,
        NoteIn.from_input({"client_ids": [kid], "on_date": TODAY, "data": "child only"}),
        actor=vault.actor,
    )
    records.attach(vault, mum, b"%PDF-1.4 mum letter", title="Mum letter", actor=vault.actor)
    kid_file = records.client_file(vault, kid, actor=vault.actor)
    assert kid_file.services == () and kid_file.documents == ()
    assert [n.data for n in kid_file.notes] == ["child only"]
    assert kid_file.household == ((mum, "", "parent"),)
    assert "Parent P" not in kid_file.model_dump_json()
    mum_file = records.client_file(vault, mum, actor=vault.actor)
    assert mum_file.notes == ()
    assert "child only" not in mum_file.model_dump_json()


def test_orgs_unique_regardless_of_case(vault: Vault) -> None:
    oid = records.add_org(
        vault,
        OrgIn.from_input({"name": "Division of Parole", "phone": "555-0100"}),
        actor=vault.actor,
    )
    with pytest.raises(InvalidInput, match="already in the list"):
        records.add_org(
            vault, OrgIn.from_input({"name": "  division of parole "}), actor=vault.actor
        )
    assert records.get_org(vault, oid).phone == "555-0100"
    with pytest.raises(InvalidInput, match="fill in the name"):
        records.add_org(vault, OrgIn.from_input({"name": ""}), actor=vault.actor)
    with pytest.raises(NotFound):
        records.get_org(vault, 999)


def test_org_contact_person_and_correction(vault: Vault) -> None:
    oid = records.add_org(
        vault,
        OrgIn.from_input(
            {"name": "Legal Aid", "contact_person": "Ana Ruiz", "job_title": "Paralegal"}
        ),
        actor=vault.actor,
    )
    org = records.get_org(vault, oid)
    assert (org.contact_person, org.job_title) == ("Ana Ruiz", "Paralegal")
    records.update_org(
        vault,
        oid,
        OrgIn.from_input({"name": "Legal Aid Society", "phone": "555-0101"}),
        actor=vault.actor,
    )
    org = records.get_org(vault, oid)
    assert (org.name, org.phone, org.contact_person) == ("Legal Aid Society", "555-0101", "")
    other = records.add_org(vault, OrgIn.from_input({"name": "Parole"}), actor=vault.actor)
    before = snapshot(vault)
    with pytest.raises(InvalidInput, match="already in the list"):
        records.update_org(
            vault, other, OrgIn.from_input({"name": "legal aid society"}), actor=vault.actor
        )
    with pytest.raises(NotFound):
        records.update_org(vault, 999, OrgIn.from_input({"name": "Nobody"}), actor=vault.actor)
    assert snapshot(vault) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "Juggling"}, "not one of the program's service types"),
        ({"on_date": TODAY + timedelta(days=1)}, "in the future"),
        ({"minutes": -5}, "between 0 and 1440"),
        ({"minutes": 2000}, "between 0 and 1440"),
        ({"client_id": 999}, "no client with id 999"),
        ({"on_date": "yesterday"}, "not a date"),
    ],
)
def test_bad_service_input(vault: Vault, client: int, data: dict[str, Any], message: str) -> None:
    entry = {"client_id": client, "on_date": TODAY, "type": "Intake", "minutes": 30} | data
    before = snapshot(vault)
    with pytest.raises((InvalidInput, NotFound), match=message):
        records.add_service(vault, ServiceIn.from_input(entry), actor=vault.actor)
    assert snapshot(vault) == before


def test_service_types_are_program_configurable(vault: Vault, client: int) -> None:
    from safefile.records import services

    assert "Intake" in records.service_types(vault)
    services.add_service_type(vault, "Job readiness", actor=vault.actor)
    records.add_service(
        vault,
        ServiceIn.from_input({"client_id": client, "on_date": TODAY, "type": "Job readiness"}),
        actor=vault.actor,
    )
    services.retire_service_type(vault, "Job readiness", actor=vault.actor)
    with pytest.raises(InvalidInput):
        records.add_service(
            vault,
            ServiceIn.from_input({"client_id": client, "on_date": TODAY, "type": "Job readiness"}),
            actor=vault.actor,
        )
    assert [s.type for s in records.list_services(vault, client)] == ["Job readiness"]


def test_note_draft_edit_sign_addendum(vault: Vault, client: int) -> None:
    ref = records.add_note(
        vault,
        NoteIn.from_input(
            {"client_ids": [client], "on_date": TODAY, "data": "Attended.", "plan": "Follow up."}
        ),
        actor=vault.actor,
    )
    assert ref.startswith("N-")
    records.update_draft(vault, ref, data="Attended 50 minutes.", actor=vault.actor)
    signed = records.sign_note(vault, ref, actor=vault.actor)
    assert signed.signed_by == "Test Advocate" and signed.content_hash and signed.signed_at
    with pytest.raises(SignedNoteImmutable, match="addendum"):
        records.update_draft(vault, ref, data="changed", actor=vault.actor)
    with pytest.raises(SignedNoteImmutable):
        records.delete_draft(vault, ref, actor=vault.actor)
    with pytest.raises(SignedNoteImmutable, match="already signed"):
        records.sign_note(vault, ref, actor=vault.actor)
    records.add_addendum(vault, ref, "Correction: the session was on Monday.", actor=vault.actor)
    note = records.get_note(vault, ref)
    assert note.data == "Attended 50 minutes."
    assert [a.text for a in note.addenda] == ["Correction: the session was on Monday."]
    assert records.client_file(vault, client, actor=vault.actor).notes[0].addenda == note.addenda


def test_addendum_only_for_signed_notes(vault: Vault, client: int) -> None:
    ref = records.add_note(
        vault,
        NoteIn.from_input({"client_ids": [client], "on_date": TODAY, "data": "x"}),
        actor=vault.actor,
    )
    with pytest.raises(InvalidInput, match="still a draft"):
        records.add_addendum(vault, ref, "more", actor=vault.actor)
    with pytest.raises(database.IntegrityError):
        vault.db.execute(
            "INSERT INTO addenda (note_kind, note_id, text, author, at) "
            "VALUES ('progress', 1, 'sneaky', 'x', 'now')"
        )


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE progress_notes SET data = 'rewritten' WHERE id = 1",
        "UPDATE progress_notes SET signed_at = NULL, signed_by = NULL, content_hash = NULL",
        "DELETE FROM progress_notes WHERE id = 1",
        "DELETE FROM note_clients WHERE note_id = 1",
        "INSERT INTO note_clients (note_id, client_id) VALUES (1, 2)",
        "UPDATE addenda SET text = 'x'",
        "DELETE FROM addenda",
    ],
)
def test_signed_note_cannot_be_changed_through_sql(vault: Vault, client: int, sql: str) -> None:
    records.add_client(vault, ClientIn.from_input({"name": "Second"}), actor=vault.actor)
    ref = records.add_note(
        vault,
        NoteIn.from_input({"client_ids": [client], "on_date": TODAY, "data": "orig"}),
        sign=True,
        actor=vault.actor,
    )
    records.add_addendum(vault, ref, "addendum", actor=vault.actor)
    before = snapshot(vault)
    with pytest.raises(database.IntegrityError):
        vault.db.execute(sql)
    assert snapshot(vault) == before


def test_signed_process_note_cannot_be_changed_through_sql(vault: Vault, client: int) -> None:
    records.add_note(
        vault,
        NoteIn.from_input(
            {"kind": "process", "client_ids": [client], "on_date": TODAY, "data": "p"}
        ),
        sign=True,
        actor=vault.actor,
    )
    with pytest.raises(database.IntegrityError):
        vault.db.execute("UPDATE process_notes SET data = 'x'")


def test_joint_note_linked_to_every_client_present(vault: Vault, client: int) -> None:
    partner = records.add_client(vault, ClientIn.from_input({"name": "Partner"}), actor=vault.actor)
    ref = records.add_note(
        vault,
        NoteIn.from_input(
            {"client_ids": [client, partner, client], "on_date": TODAY, "data": "Couple session"}
        ),
        actor=vault.actor,
    )
    note = records.get_note(vault, ref)
    assert note.joint and set(note.client_ids) == {client, partner}
    for cid in (client, partner):
        assert [n.ref for n in records.list_notes(vault, cid)] == [ref]


def test_process_notes_kept_apart(vault: Vault, client: int) -> None:
    records.add_note(
        vault,
        NoteIn.from_input({"client_ids": [client], "on_date": TODAY, "data": "progress"}),
        actor=vault.actor,
    )
    pref = records.add_note(
        vault,
        NoteIn.from_input(
            {"kind": "process", "client_ids": [client], "on_date": TODAY, "data": "process"}
        ),
        actor=vault.actor,
    )
    assert pref.startswith("P-")
    assert [n.data for n in records.list_notes(vault, client)] == ["progress"]
    assert records.client_file(vault, client, actor=vault.actor).process_notes == ()
    assert [
        n.data
        for n in records.client_file(
            vault, client, include_process=True, actor=vault.actor
        ).process_notes
    ] == ["process"]
    partner = records.add_client(vault, ClientIn.from_input({"name": "Partner"}), actor=vault.actor)
    with pytest.raises(InvalidInput, match="one client's file only"):
        records.add_note(
            vault,
            NoteIn.from_input(
                {"kind": "process", "client_ids": [client, partner], "on_date": TODAY, "data": "x"}
            ),
            actor=vault.actor,
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"data": ""}, "fill in the Data section"),
        ({"on_date": TODAY + timedelta(days=2)}, "in the future"),
        ({"client_ids": [999]}, "no client with id 999"),
        ({"client_ids": []}, "fill in the clients"),
        ({"kind": "diary"}, "must be one of"),
    ],
)
def test_bad_note_input(vault: Vault, client: int, data: dict[str, Any], message: str) -> None:
    entry = {"client_ids": [client], "on_date": TODAY, "data": "ok"} | data
    before = snapshot(vault)
    with pytest.raises((InvalidInput, NotFound), match=message):
        records.add_note(vault, NoteIn.from_input(entry), actor=vault.actor)
    assert snapshot(vault) == before


def test_bad_note_reference(vault: Vault) -> None:
    with pytest.raises(InvalidInput, match="not a note reference"):
        records.get_note(vault, "X-1")
    with pytest.raises(NotFound, match="no note N-5"):
        records.get_note(vault, "5")


def test_documents_encrypted_and_authenticated(vault: Vault, client: int, tmp_path: Path) -> None:
    scan = tmp_path / "release.pdf"
    scan.write_bytes(b"%PDF-1.4 " + MARKER.encode() * 100)
    did = records.attach(vault, client, scan, doc_type="signed release", actor=vault.actor)
    meta = records.get_document(vault, did)
    assert meta.title == "release" and meta.media_type == "application/pdf"
    assert records.read_document(vault, did, actor=vault.actor) == scan.read_bytes()
    scan.unlink()
    assert MARKER.encode() not in all_bytes_under(vault.path)
    n, problems, orphans = documents.check_documents(vault)
    assert (n, problems, orphans) == (1, [], 0)
    # One flipped byte in the stored file is detected.
    blob = next(vault.documents_dir.iterdir())
    data = bytearray(blob.read_bytes())
    data[-3] ^= 1
    blob.write_bytes(bytes(data))
    with pytest.raises(DamagedFile):
        records.read_document(vault, did, actor=vault.actor)
    assert not check_vault(vault).ok


def test_document_swapped_for_another_is_detected(vault: Vault, client: int) -> None:
    a = records.attach(vault, client, b"first document", title="A", actor=vault.actor)
    records.attach(vault, client, b"second document", title="B", actor=vault.actor)
    blob_a, blob_b = (
        vault.db.execute("SELECT blob FROM documents ORDER BY id").fetchall()[i][0] for i in (0, 1)
    )
    (vault.documents_dir / blob_a).write_bytes((vault.documents_dir / blob_b).read_bytes())
    with pytest.raises(DamagedFile):
        records.read_document(vault, a, actor=vault.actor)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"content": b""}, "empty"),
        ({"content": b"x", "title": "  "}, "give the document a title"),
        ({"content": b"x" * (documents.MAX_BYTES + 1), "title": "big"}, "at most 50 MB"),
        ({"content": Path("/nonexistent/scan.pdf")}, "no file at"),
    ],
)
def test_bad_documents(vault: Vault, client: int, kwargs: dict[str, Any], message: str) -> None:
    before = snapshot(vault)
    content = kwargs.pop("content")
    with pytest.raises((InvalidInput, NotFound), match=message):
        records.attach(vault, client, content, actor=vault.actor, **kwargs)
    assert snapshot(vault) == before
    assert not vault.documents_dir.exists() or list(vault.documents_dir.iterdir()) == []


def test_attach_to_unknown_client_leaves_no_file(vault: Vault) -> None:
    with pytest.raises(NotFound):
        records.attach(vault, 42, b"data", title="t", actor=vault.actor)
    assert not vault.documents_dir.exists() or list(vault.documents_dir.iterdir()) == []


def test_audit_trail_records_reads_and_changes_without_content(vault: Vault, client: int) -> None:
    records.add_service(
        vault,
        ServiceIn.from_input(
            {"client_id": client, "on_date": TODAY, "type": "Intake", "note": MARKER}
        ),
        actor=vault.actor,
    )
    records.client_file(vault, client, actor=vault.actor)
    rows = vault.db.execute(
        "SELECT event, client_id, detail FROM audit WHERE client_id = ?", (client,)
    )
    events = [(r[0], r[1]) for r in rows]
    assert ("client added", client) in events
    assert ("service added", client) in events
    assert ("file read", client) in events
    all_details = " ".join(r[0] for r in vault.db.execute("SELECT detail FROM audit"))
    assert MARKER not in all_details and "Amina" not in all_details


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("We reviewed her safety plan and the escape route.", {"safety plan"}),
        ("She now lives at 14 Oak Street.", {"location"}),
        ("I think he is probably lying.", {"speculation"}),
        ("Client appears depressed.", {"speculation", "diagnosis"}),
        ("Accompanied client to court hearing. Hearing continued to 12/3.", set()),
        ("The streetlight case", set()),  # whole words only
    ],
)
def test_minimum_necessary_warnings(text: str, kinds: set[str]) -> None:
    assert {w.kind for w in check_text(text, program_kind="advocacy")} == kinds


def test_diagnosis_warning_only_for_advocacy() -> None:
    assert check_text("Symptoms consistent with PTSD.", program_kind="counselling") == []


def test_warnings_never_alter_text(vault: Vault, client: int) -> None:
    text = "I think she probably moved to Elm Street."
    assert records.check_entry(vault, text)
    ref = records.add_note(
        vault,
        NoteIn.from_input({"client_ids": [client], "on_date": TODAY, "data": text}),
        actor=vault.actor,
    )
    assert records.get_note(vault, ref).data == text


def test_program_can_edit_the_rules(vault: Vault) -> None:
    from safefile.records import warnings

    warnings.set_rules(
        vault, [{"kind": "names", "advice": "no", "phrases": ["grandma"]}], actor=vault.actor
    )
    assert [w.kind for w in records.check_entry(vault, "Grandma came")] == ["names"]
    with pytest.raises(InvalidInput):
        warnings.set_rules(vault, [{"kind": "x"}], actor=vault.actor)
