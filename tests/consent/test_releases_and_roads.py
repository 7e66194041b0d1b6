"""Release entry rules, the other roads out, grants that cannot be forged, the log."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import re
from datetime import datetime, timedelta
from typing import Any

import pytest

from safefile import records
from safefile.consent import accounting, gate, log, releases, requests
from safefile.consent.court_order import COURT_ORDER_NOTICE, CourtOrder
from safefile.consent.gate import (
    ExportRequest,
    Grant,
    Refusal,
    decide,
    granted,
    legal_disclosure,
    own_copy,
)
from safefile.consent.grants import Grant as GrantClass
from safefile.consent.kinds import EntryKind
from safefile.consent.redeem import redeem
from safefile.errors import ConsentRefused, InvalidInput
from safefile.store import database
from safefile.store.vault import Vault
from tests.consent.conftest import D, World


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"expires_on": None}, "has no expiry date"),
        ({"expires_on": D("2026-10-01")}, "expires (2026-10-01) before it takes effect"),
        ({"signed_on": None}, "has no signed date"),
        ({"signed_on": D("2026-12-01")}, "in the future"),
        ({"form_document_id": None}, "has no signed form"),
        ({"recipient_org_id": 99}, "not a person"),
        ({"categories": ("process-notes", "services")}, "names process notes alone"),
        ({"categories": ("everything",)}, "Unknown category"),
        ({"expires_on": D("2028-01-01")}, "at most 365 days"),
        ({"signer_capacity": "guardian"}, "record their authority"),
        ({"statements": {"revocation": True}}, "The client must be told"),
        ({"form_document_id": 999}, "not a document in this client's file"),
        ({"purpose": ""}, "fill in the purpose"),
        ({"methods": ()}, "say how the information may be sent"),
        ({"methods": ("carrier pigeon",)}, "not a way of sending SafeFile knows"),
    ],
)
def test_invalid_release_refused_with_reason(
    world: World, changes: dict[str, Any], reason: str
) -> None:
    before = world.vault.db.execute("SELECT count(*) FROM releases").fetchone()[0]
    with pytest.raises(InvalidInput, match=re.escape(reason)):
        world.release(**changes)
    assert world.vault.db.execute("SELECT count(*) FROM releases").fetchone()[0] == before


def test_original_on_file_is_enough(world: World) -> None:
    rid = world.release(form_document_id=None, original_on_file=True, original_reason="home visit")
    rel = releases.get_release(world.vault, rid)
    assert rel.original_on_file and rel.original_reason == "home visit"
    with pytest.raises(database.IntegrityError, match="cannot be changed"):  # fixed once entered
        world.vault.db.execute("UPDATE releases SET original_reason = 'x' WHERE id = ?", (rid,))
    assert releases.get_release(world.vault, rid).original_reason == "home visit"


def test_a_paper_original_needs_its_reason(world: World) -> None:
    with pytest.raises(InvalidInput, match="without the printed form"):
        world.release(form_document_id=None, original_on_file=True)
    with pytest.raises(InvalidInput, match="only with the paper original on file"):
        world.release(original_reason="home visit")
    assert releases.list_releases(world.vault, world.amina) == []


def test_release_never_deleted_nor_changed(world: World) -> None:
    rid = world.release()
    db = world.vault.db
    with pytest.raises(database.IntegrityError, match="never deleted"):
        db.execute("DELETE FROM releases WHERE id = ?", (rid,))
    with pytest.raises(database.IntegrityError, match="cannot be changed"):
        db.execute("UPDATE releases SET categories = '[\"documents\"]' WHERE id = ?", (rid,))
    with pytest.raises(database.IntegrityError, match="cannot be changed"):
        db.execute("UPDATE releases SET expires_on = '2027-06-01' WHERE id = ?", (rid,))


def test_revocation_recorded_once(world: World) -> None:
    rid = world.release()
    rel = releases.revoke_release(
        world.vault, rid, D("2026-11-20"), "orally in person", "A. Lee", actor=world.vault.actor
    )
    assert (rel.revoked_on, rel.revoked_how, rel.revoked_taken_by) == (
        D("2026-11-20"),
        "orally in person",
        "A. Lee",
    )
    with pytest.raises(InvalidInput, match="already revoked"):
        releases.revoke_release(world.vault, rid, D("2026-11-21"), actor=world.vault.actor)
    with pytest.raises(database.IntegrityError):
        world.vault.db.execute("UPDATE releases SET revoked_on = NULL")
    assert releases.state(rel, D("2026-11-22")) == "revoked on 2026-11-20"


def test_expiry_event_shortens(world: World) -> None:
    rid = world.release(expiry_event="end of parole")
    rel = releases.record_expiry_event(world.vault, rid, D("2026-11-15"), actor=world.vault.actor)
    assert rel.expires_on == D("2026-11-15")
    assert releases.state(rel, D("2026-11-22")) == "expired on 2026-11-15"


def test_release_states(world: World) -> None:
    rel = releases.get_release(world.vault, world.release())
    assert releases.state(rel, D("2026-11-22")) == "in effect, expires in 70 days (2027-01-31)"
    assert releases.state(rel, D("2027-01-31")) == "in effect, expires at the end of today"


# --- the other roads -------------------------------------------------------------------


def granted_own_copy(vault: Vault, *args: Any, **kw: Any) -> Grant:
    return granted(own_copy(vault, *args, actor=vault.actor, **kw))


def legal(vault: Vault, *args: Any, **kw: Any) -> Grant:
    return granted(legal_disclosure(vault, *args, actor=vault.actor, **kw))


def test_own_copy(world: World) -> None:
    g = granted(own_copy(world.vault, world.amina, D("2026-11-20"), actor=world.vault.actor))
    assert g.kind == "own-copy" and g.due_on == D("2026-12-20")
    assert g.scope.process_note_refs == ()
    assert g.scope.note_refs == (world.own_note,)
    assert any(world.joint_note in x for x in g.left_out)
    e = log.get_entry(world.vault, g.log_ref)
    assert e.kind == EntryKind.OWN_COPY and e.detail["due_on"] == "2026-12-20"
    with pytest.raises(InvalidInput, match="recorded reason"):
        own_copy(
            world.vault,
            world.amina,
            D("2026-11-20"),
            withheld=(world.own_note,),
            actor=world.vault.actor,
        )
    g2 = granted_own_copy(
        world.vault,
        world.amina,
        D("2026-11-20"),
        withheld=(world.own_note,),
        withheld_reason="risk of serious harm to a third party",
    )
    assert g2.scope.note_refs == ()
    assert "review" in log.get_entry(world.vault, g2.log_ref).detail["review_right"]


def test_legal_disclosures(world: World) -> None:
    v = world.vault
    order = records.attach(
        v,
        world.amina,
        b"%PDF-1.4 order",
        title="Order",
        filename="o.pdf",
        doc_type="court order",
        actor=v.actor,
    )
    g = legal(
        v,
        world.amina,
        "court-order",
        basis="",
        order=CourtOrder(order, "Judge X", D("2026-11-20"), "County Court", "12-345"),
        recipient_org_id=world.court,
        categories="attendance",
        client_informed=True,
    )
    assert g.kind == "legal" and g.notices == (COURT_ORDER_NOTICE,)  # not the staff advice
    entry = log.get_entry(v, g.log_ref)
    assert entry.kind == EntryKind.LEGAL and entry.detail["judge"] == "Judge X"
    assert entry.detail["basis"].startswith("order of Judge X, County Court, case 12-345")
    refused = legal_disclosure(
        v,
        world.amina,
        "child-protection",
        basis="CPS report",
        recipient_org_id=world.court,
        categories="services",
        client_informed=True,
        actor=v.actor,
    )
    assert isinstance(refused, Refusal) and "child's records only" in refused.reasons[0]
    assert log.get_entry(v, refused.log_ref).kind == EntryKind.REFUSED
    g = legal(
        v,
        world.kid,
        "child-protection",
        basis="Mandated report",
        recipient_org_id=world.court,
        categories="services",
        client_informed=False,
        not_informed_reason="would put the child at risk",
    )
    assert g.client_id == world.kid
    with pytest.raises(InvalidInput, match="legal basis"):
        legal_disclosure(
            v,
            world.amina,
            "imminent-harm",
            basis=" ",
            recipient_org_id=world.court,
            categories="contact",
            actor=v.actor,
        )
    with pytest.raises(InvalidInput, match="why the client was not told"):
        legal_disclosure(
            v,
            world.amina,
            "imminent-harm",
            basis="threat",
            recipient_org_id=world.court,
            categories="contact",
            client_informed=False,
            actor=v.actor,
        )


def test_deidentified_is_its_own_road(world: World) -> None:
    g = granted(
        gate.deidentified(
            world.vault, "funder report", "counts of services by month", actor=world.vault.actor
        )
    )
    assert g.kind == "deidentified"
    assert log.get_entry(world.vault, g.log_ref).kind == EntryKind.DEIDENTIFIED


# --- grants cannot be forged -------------------------------------------------------------


@pytest.fixture
def grant(world: World) -> Grant:
    world.release()
    g = decide(
        world.vault,
        ExportRequest(world.amina, world.parole, ("services",), purpose="Parole compliance"),
        actor=world.vault.actor,
    )
    assert isinstance(g, Grant)
    return g


def test_grant_cannot_be_constructed(grant: Grant) -> None:
    fields: dict[str, Any] = {k: v for k, v in grant.fields().items()}
    with pytest.raises(TypeError, match="only by the consent gate"):
        GrantClass(capability=object(), **fields)
    with pytest.raises(TypeError):
        GrantClass(**fields)
    with pytest.raises(ValueError, match="capability"):  # replace() must pass it too
        dataclasses.replace(grant, purpose="anything")  # type: ignore[call-arg]


def test_grant_cannot_be_copied_or_changed(grant: Grant) -> None:
    with pytest.raises(TypeError):
        copy.copy(grant)
    with pytest.raises(TypeError):
        copy.deepcopy(grant)
    with pytest.raises(TypeError):
        pickle.dumps(grant)
    with pytest.raises(AttributeError):
        grant.categories = ("process-notes",)  # type: ignore[misc]
    with pytest.raises(AttributeError):  # slotted: no attribute can be added either
        object.__setattr__(grant, "extra", 1)


def test_altered_grant_refused(world: World, grant: Grant) -> None:
    object.__setattr__(grant, "categories", ("services", "contact"))
    with pytest.raises(ConsentRefused, match="changed after the gate made it"):
        redeem(world.vault, grant, actor=world.vault.actor)


def test_spent_grant_refused(world: World, grant: Grant) -> None:
    redeem(world.vault, grant, actor=world.vault.actor)
    with pytest.raises(ConsentRefused, match="already used"):
        redeem(world.vault, grant, actor=world.vault.actor)


def test_lapsed_grant_refused(world: World, grant: Grant) -> None:
    world.vault.clock.advance(timedelta(minutes=16))  # type: ignore[attr-defined]
    with pytest.raises(ConsentRefused, match="lapsed"):
        redeem(world.vault, grant, actor=world.vault.actor)


def test_duck_typed_grant_refused(world: World, grant: Grant) -> None:
    class Fake:
        kind = "release"

    with pytest.raises(ConsentRefused, match="not a grant"):
        redeem(world.vault, Fake(), actor=world.vault.actor)


def test_grant_minted_outside_the_gate_refused(world: World, grant: Grant) -> None:
    from safefile.consent.grants import mint

    # every field of a real grant, copied (so untyped here), but a made-up decision
    fields: dict[str, Any] = {k: v for k, v in grant.fields().items() if k != "token"}
    fake = mint(world.vault.header.vault_id, **(fields | {"log_ref": "D-9999-AAAA"}))
    with pytest.raises(ConsentRefused, match="does not match any decision"):
        redeem(world.vault, fake, actor=world.vault.actor)


def test_grant_for_another_vault_refused(world: World, grant: Grant, tmp_path: Any) -> None:
    from safefile.store import keys

    other, _ = Vault.create(
        tmp_path / "other.safefile", "quiet lantern mosaic orchard", kdf=keys.KdfParams.minimum()
    )
    try:
        with pytest.raises(ConsentRefused, match="another vault"):
            redeem(other, grant, actor=other.actor)
    finally:
        other.lock()


def test_release_revoked_between_decision_and_writing(world: World, grant: Grant) -> None:
    assert grant.release is not None
    releases.revoke_release(
        world.vault, grant.release.id, D("2026-11-22"), "by phone", actor=world.vault.actor
    )
    with pytest.raises(ConsentRefused, match="revoked"):
        redeem(world.vault, grant, actor=world.vault.actor)


# --- the record of sharing ----------------------------------------------------------------


def test_log_entries_cannot_be_changed(world: World, grant: Grant) -> None:
    db = world.vault.db
    with pytest.raises(database.IntegrityError):
        db.execute("UPDATE disclosures SET kind = 'nothing'")
    with pytest.raises(database.IntegrityError):
        db.execute("DELETE FROM disclosures")
    fix = log.correct(
        world.vault, grant.log_ref, "The purpose was parole supervision.", actor=world.vault.actor
    )
    assert fix.detail["corrects"] == grant.log_ref


def test_requests_recorded(world: World) -> None:
    e = requests.record_request(
        world.vault,
        direction="incoming",
        client_id=world.amina,
        requester="Officer Ray",
        organisation="Division of Parole",
        phone="555-0100",
        identity_confirmed_by="rang back",
        reason="compliance check",
        summary="attendance dates",
        decision="refused",
        decision_reasons="no release on file",
        actor=world.vault.actor,
    )
    assert e.kind == EntryKind.INCOMING and e.detail["identity_confirmed_by"] == "rang back"
    with pytest.raises(InvalidInput, match="identity was confirmed"):
        requests.record_request(
            world.vault,
            direction="incoming",
            client_id=world.amina,
            requester="X",
            reason="r",
            summary="s",
            decision="granted",
            actor=world.vault.actor,
        )
    with pytest.raises(InvalidInput, match="reasons for refusing"):
        requests.record_request(
            world.vault,
            direction="outgoing",
            client_id=world.amina,
            requester="X",
            reason="r",
            summary="s",
            decision="refused",
            actor=world.vault.actor,
        )


def test_accounting_of_disclosures(world: World, grant: Grant) -> None:
    g = redeem(world.vault, grant, actor=world.vault.actor)
    gate.record_export_written(world.vault, g, "ab" * 32, pages=2, actor=world.vault.actor)
    rows = accounting.disclosures(world.vault, world.amina)
    assert [(x.on, x.recipient, x.address, x.categories, x.purpose) for x in rows] == [
        ("2026-11-22", "Division of Parole", "", ("services",), "Parole compliance")
    ]
    found = log.find_by_digest(world.vault, "ab" * 32)
    assert found is not None and found.ref == rows[0].entry


def test_tampered_log_fails_check(world: World, grant: Grant) -> None:
    from safefile.health import check_vault

    assert check_vault(world.vault).ok
    db = world.vault.db
    db.execute("DROP TRIGGER disclosures_no_update")
    db.execute("UPDATE disclosures SET detail = '{}' WHERE ref = ?", (grant.log_ref,))
    report = check_vault(world.vault)
    assert not report.ok and any("disclosures" in p for p in report.problems)


def test_moment_uses_the_vault_clock(world: World) -> None:
    world.release(expires_on=D("2026-11-30"))
    world.vault.clock.set(datetime.fromisoformat("2026-12-01T00:00:00").astimezone())  # type: ignore[attr-defined]
    r = decide(
        world.vault,
        ExportRequest(world.amina, world.parole, ("services",), purpose="Parole compliance"),
        actor=world.vault.actor,
    )
    assert isinstance(r, Refusal)
    assert list(r.reasons) == ["Release R-1 expired on 2026-11-30."]
