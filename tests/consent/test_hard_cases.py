"""Consent for the hard cases, table-driven with the exact reasons: minors, restricted
people, narrow scope, validity from the signature, informed consent, the purpose."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from safefile import records
from safefile.consent import log, people, releases
from safefile.consent.decision import SOME_LEFT_OUT
from safefile.consent.gate import ExportRequest, Grant, Refusal, decide, legal_disclosure
from safefile.consent.kinds import EntryKind
from safefile.consent.releases import STATEMENTS, ReleaseIn
from safefile.errors import InvalidInput
from safefile.records.models import ClientIn, NoteIn
from tests.consent.conftest import ALL_TOLD, D, World

PURPOSE = "Parole compliance"


def at(world: World, when: str) -> None:
    world.vault.clock.set(datetime.fromisoformat(when).astimezone())  # type: ignore[attr-defined]


@dataclass
class Family:
    world: World
    father: str = "Marc Diallo"
    mother: str = "Maria Diallo"


@pytest.fixture
def family(world: World) -> Family:
    at(world, "2026-11-22T10:00")
    return Family(world)


def kid_release(f: Family, **changes: Any) -> ReleaseIn:
    data: dict[str, Any] = {
        "client_id": f.world.kid,
        "recipient_org_id": f.world.court,
        "categories": ("services",),
        "purpose": "Family court hearing",
        "signed_on": D("2026-11-01"),
        "expires_on": D("2027-01-31"),
        "original_on_file": True,
        "original_reason": "signed at a home visit",
        "statements": ALL_TOLD,
    } | changes
    return ReleaseIn.from_input(data)


MINOR_ALONE = (
    "The release was signed by the client alone, who was a minor (under 18 on 2026-11-01, "
    "born 2015-06-01). A parent or guardian must sign it (capacity parent, guardian, or "
    "minor with parent, with the signer's name), unless a law lets this minor consent alone: "
    "then record which law."
)
NO_ATTESTATION = (
    "The release is for a minor (under 18 on 2026-11-01, born 2015-06-01): the staff member "
    "must attest that no one who signed it is alleged to have harmed the minor, the minor's "
    "other parent or the client."
)
PARENT = {"signer_capacity": "parent", "signer_name": "Maria Diallo", "signer_authority": "mother"}

# (name, restricted people on the kid's file, release changes, expected reasons)
ENTRY_CASES: list[tuple[str, list[str], dict[str, Any], list[str]]] = [
    ("minor alone", [], {}, [MINOR_ALONE]),
    ("minor with parent, no attestation", [], PARENT, [NO_ATTESTATION]),
    ("minor with parent and attestation", [], {**PARENT, "not_abuser": True}, []),
    (
        "minor alone where the law allows it",
        [],
        {"minor_law": "State law: counselling from age 12"},
        [],
    ),
    (
        "restricted signer",
        ["marc  DIALLO"],
        {**PARENT, "signer_name": "Marc Diallo", "not_abuser": True},
        [
            "The signer is on this client's restricted list: no consent is accepted from them; "
            "someone else must sign."
        ],
    ),
    (
        "restricted co-signer, no attestation",
        ["Marc Diallo"],
        {**PARENT, "co_signer": "Marc Diallo"},
        [
            NO_ATTESTATION,
            "The co-signer is on this client's restricted list: no consent is accepted from them; "
            "someone else must sign.",
        ],
    ),
    (
        "restricted contact person",
        ["Marc Diallo"],
        {**PARENT, "not_abuser": True, "contact_person": "Marc Diallo"},
        [
            "The contact person (or the recipient) is on this client's restricted list: they "
            "never receive the client's information."
        ],
    ),
    (
        "the minor signing as parent",
        [],
        {**PARENT, "signer_name": "Kid Diallo", "not_abuser": True},
        [
            "The release is for a minor (under 18 on 2026-11-01, born 2015-06-01): record the "
            "name of the parent or guardian who signed it."
        ],
    ),
    (
        "effective before signing",
        [],
        {**PARENT, "not_abuser": True, "effective_on": D("2026-10-01")},
        [
            "The release takes effect on 2026-10-01, before it was signed on 2026-11-01: a "
            "release is valid only from the day it is signed. Check the dates; if one was "
            "mistyped, enter the release again with the dates on the signed form."
        ],
    ),
    (
        "stale signature",
        [],
        {
            **PARENT,
            "not_abuser": True,
            "signed_on": D("2019-03-01"),
            "effective_on": D("2026-10-01"),
        },
        [
            "The release runs 2893 days from its signature (2019-03-01) to its expiry "
            "(2027-01-31); this program allows at most 365 days. Check the dates on the signed "
            "form; if they are right, ask the client to sign a release with an earlier expiry.",
        ],
    ),
    (
        "a statement not told",
        [],
        {
            **PARENT,
            "not_abuser": True,
            "statements": {k: True for k in STATEMENTS if k != "limits"},
        },
        [
            "The client must be told each statement, and you record that they were (consent is "
            "informed only when the client was told each one, never assumed); not recorded as "
            "told: the limits of confidentiality (mandated reports, court orders)."
        ],
    ),
    (
        "documents not named",
        [],
        {**PARENT, "not_abuser": True, "categories": ("documents",)},
        [
            "A release that covers documents must name the documents it covers (their ids, "
            "from the client's file)."
        ],
    ),
    (
        "minor alone, restricted contact, nothing told",
        ["Marc Diallo"],
        {"contact_person": "Marc Diallo", "statements": {}},
        [
            "The client must be told each statement, and you record that they were (consent is "
            "informed only when the client was told each one, never assumed); not recorded as "
            "told: " + "; ".join(STATEMENTS.values()) + ".",
            MINOR_ALONE,
            "The contact person (or the recipient) is on this client's restricted list: they "
            "never receive the client's information.",
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "banned", "changes", "expected"), ENTRY_CASES, ids=[c[0] for c in ENTRY_CASES]
)
def test_release_entry(
    family: Family, name: str, banned: list[str], changes: dict[str, Any], expected: list[str]
) -> None:
    v = family.world.vault
    for person in banned:
        people.add_restriction(v, family.world.kid, person, "protective order", actor=v.actor)
    before = len(releases.list_releases(v, family.world.kid))
    if not expected:
        releases.add_release(v, kid_release(family, **changes), actor=v.actor)
        assert len(releases.list_releases(v, family.world.kid)) == before + 1
        return
    with pytest.raises(InvalidInput) as err:
        releases.add_release(v, kid_release(family, **changes), actor=v.actor)
    assert err.value.message.split("\n")[1:] == expected
    assert len(releases.list_releases(v, family.world.kid)) == before  # nothing entered


def test_restriction_on_a_household_member_covers_the_child(family: Family) -> None:
    v, w = family.world.vault, family.world
    parent = next(c.id for c in records.list_clients(v) if c.name == "Parent")
    people.add_restriction(v, parent, "Marc Diallo", "he harmed the parent", actor=v.actor)
    with pytest.raises(InvalidInput, match="The signer is on this client's restricted list"):
        releases.add_release(
            v,
            kid_release(family, **{**PARENT, "signer_name": "Marc Diallo", "not_abuser": True}),
            actor=v.actor,
        )
    assert [r.person for r in people.list_restrictions(v, w.kid, actor=v.actor)] == ["Marc Diallo"]


def test_restriction_input_and_confidentiality(family: Family) -> None:
    v, kid = family.world.vault, family.world.kid
    with pytest.raises(InvalidInput, match="the person's name and the reason"):
        people.add_restriction(v, kid, " ", "", actor=v.actor)
    people.add_restriction(v, kid, "Marc Diallo", "protective order", actor=v.actor)
    with pytest.raises(InvalidInput, match="already on the client's restricted list"):
        people.add_restriction(v, kid, "MARC DIALLO", "again", actor=v.actor)


def test_birth_year_only_counts_as_a_minor_and_asks_to_complete(family: Family) -> None:
    v = family.world.vault
    teen = records.add_client(
        v, ClientIn.from_input({"name": "Teen", "born": "2008"}), actor=v.actor
    )
    with pytest.raises(InvalidInput) as err:
        releases.add_release(v, kid_release(family, client_id=teen), actor=v.actor)
    assert people.COMPLETE_BIRTH_DATE in err.value.message
    assert "possibly under 18 on 2026-11-01, born in 2008" in err.value.message


def test_birth_date_decides_over_the_household_role(family: Family) -> None:
    """An adult born 1990 recorded as a household's child is an adult (issue 17 item 7)."""
    v, w = family.world.vault, family.world
    hh = records.add_household(v, actor=v.actor)
    adult = records.add_client(
        v,
        ClientIn.from_input(
            {
                "name": "Grown Child",
                "born": "1990-05-05",
                "household_id": hh,
                "household_role": "child",
            }
        ),
        actor=v.actor,
    )
    releases.add_release(
        v, kid_release(family, client_id=adult), actor=v.actor
    )  # signed alone: accepted
    refused = legal_disclosure(
        v,
        adult,
        "child-protection",
        basis="report",
        recipient_org_id=w.court,
        categories="services",
        client_informed=True,
        actor=v.actor,  # every disclosure without consent records it
    )
    assert isinstance(refused, Refusal)
    assert refused.reasons == (
        "A child-protection report may include the child's records only; this client is not "
        "a child (18 or over on 2026-11-22, born 1990-05-05).",
    )
    unknown = records.add_client(
        v,
        ClientIn.from_input({"name": "No Date", "household_id": hh, "household_role": "child"}),
        actor=v.actor,
    )
    assert isinstance(
        legal_disclosure(
            v,
            unknown,
            "child-protection",
            basis="r",
            recipient_org_id=w.court,
            categories="services",
            client_informed=False,
            not_informed_reason="the child's safety",
            actor=v.actor,
        ),
        Grant,
    )


# --- at the gate ------------------------------------------------------------------------


def raw_release(w: World, **cols: Any) -> int:
    """A release as an older version may have stored it, bypassing today's entry rules."""
    row: dict[str, Any] = {
        "client_id": w.amina,
        "recipient_org_id": w.parole,
        "categories": json.dumps(["services"]),
        "purpose": PURPOSE,
        "methods": '["pdf"]',
        "direction": "release",
        "effective_on": "2026-11-01",
        "expires_on": "2027-01-31",
        "signed_on": "2026-11-01",
        "signer_name": "Amina Diallo",
        "signer_capacity": "client",
        "witness": "staff",
        "original_on_file": 1,
        "statements": json.dumps(ALL_TOLD),
        "created_at": "2026-11-01T10:00:00+00:00",
    } | cols
    with w.vault.transaction() as db:
        cur = db.execute(
            f"INSERT INTO releases ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            tuple(row.values()),
        )
    return int(cur.lastrowid)


def request(w: World, **changes: Any) -> ExportRequest:
    data: dict[str, Any] = {
        "client_id": w.amina,
        "recipient_org_id": w.parole,
        "categories": ("services",),
        "purpose": PURPOSE,
    } | changes
    return ExportRequest(**data)


def test_gate_no_purpose(family: Family) -> None:
    w = family.world
    w.release()
    result = decide(w.vault, request(w, purpose=None), actor=w.vault.actor)
    assert isinstance(result, Refusal)
    assert result.reasons == (
        "State the purpose of this disclosure: information leaves only for the purpose the "
        "client agreed to in the release.",
    )


def test_gate_wrong_purpose(family: Family) -> None:
    w = family.world
    w.release()
    result = decide(w.vault, request(w, purpose="Employment check"), actor=w.vault.actor)
    assert isinstance(result, Refusal)
    assert result.reasons == (
        'Release R-1 is for the purpose "Parole compliance", not "Employment check".',
    )


def test_gate_restricted_signer_added_after_entry(family: Family) -> None:
    w = family.world
    w.release(signer_name="Amina Diallo")
    people.add_restriction(
        w.vault, w.amina, "Amina Diallo", "test: her own name", actor=w.vault.actor
    )
    result = decide(w.vault, request(w), actor=w.vault.actor)
    assert isinstance(result, Refusal) and result.reasons == (
        "Release R-1 was signed by a person who is on this client's restricted list: no consent "
        "is "
        "accepted from them.",
    )
    assert "Amina Diallo" not in " ".join(log.get_entry(w.vault, result.log_ref).detail["reasons"])


def test_gate_restricted_contact_person(family: Family) -> None:
    w = family.world
    w.release(contact_person="Officer Ray")
    people.add_restriction(w.vault, w.amina, "Officer Ray", "stalked her", actor=w.vault.actor)
    result = decide(w.vault, request(w), actor=w.vault.actor)
    assert isinstance(result, Refusal) and result.reasons == (
        "The contact person for release R-1 is on this client's restricted list: they never "
        "receive the client's information.",
    )


def test_gate_stale_signature_and_early_effect(family: Family) -> None:
    w = family.world
    raw_release(w, signed_on="2019-03-01", effective_on="2026-10-01")
    result = decide(w.vault, request(w), actor=w.vault.actor)
    assert isinstance(result, Refusal) and result.reasons == (
        "Release R-1 runs 2893 days from its signature (2019-03-01) to its expiry (2027-01-31); "
        "this program allows at most 365 days. Check the dates on the signed form; if they are "
        "right, ask the client to sign a release with an earlier expiry.",
    )


def test_gate_minor_release_signed_alone(family: Family) -> None:
    w = family.world
    raw_release(w, client_id=w.kid, signer_name="Kid Diallo")
    result = decide(w.vault, request(w, client_id=w.kid), actor=w.vault.actor)
    assert isinstance(result, Refusal) and result.reasons == (
        MINOR_ALONE.replace("The release", "Release R-1"),
    )


def test_gate_minor_with_parent_without_attestation(family: Family) -> None:
    w = family.world
    raw_release(w, client_id=w.kid, signer_name="Maria Diallo", signer_capacity="parent")
    result = decide(w.vault, request(w, client_id=w.kid), actor=w.vault.actor)
    assert isinstance(result, Refusal) and result.reasons == (
        NO_ATTESTATION.replace("The release", "Release R-1"),
    )


def test_gate_documents_release_naming_none(family: Family) -> None:
    w = family.world
    raw_release(w, categories=json.dumps(["documents"]))
    result = decide(w.vault, request(w, categories=("documents",)), actor=w.vault.actor)
    assert isinstance(result, Refusal) and result.reasons == (
        "Release R-1 covers documents but does not name them: enter a release that names the "
        "documents it covers.",
    )


def test_gate_gives_only_the_named_documents(family: Family) -> None:
    w = family.world
    other = records.attach(
        w.vault, w.amina, b"%PDF-1.4 protective order", title="Order", actor=w.vault.actor
    )
    w.release(categories=("documents",), document_ids=(w.form,))
    g = decide(w.vault, request(w, categories=("documents",)), actor=w.vault.actor)
    assert isinstance(g, Grant) and g.scope.document_ids == (w.form,)
    assert other not in g.scope.document_ids


def test_gate_gives_only_the_period(family: Family) -> None:
    w = family.world
    w.release(period_from=D("2026-11-11"), period_to=D("2026-11-30"))
    g = decide(w.vault, request(w, categories=("services", "progress-notes")), actor=w.vault.actor)
    assert isinstance(g, Grant)
    assert g.scope.service_ids == ()  # the one service is dated 2026-11-10
    assert w.own_note not in g.scope.note_refs  # dated 2026-11-10


def test_gate_single_use_release_used_twice(family: Family, tmp_path: Any) -> None:
    from safefile.export.exporter import export_pdf

    w = family.world
    w.release(single_use=True)
    first = decide(w.vault, request(w), actor=w.vault.actor)
    assert isinstance(first, Grant)
    written = export_pdf(w.vault, first, tmp_path / "one.pdf", actor=w.vault.actor)
    second = decide(w.vault, request(w), actor=w.vault.actor)
    assert isinstance(second, Refusal)
    assert second.reasons == (
        f"Release R-1 was for one disclosure only, and it was used on 2026-11-22 (entry "
        f"{written.written_ref}).",
    )


def test_single_use_release_decided_twice_written_once(family: Family, tmp_path: Any) -> None:
    from safefile.errors import ConsentRefused
    from safefile.export.exporter import export_pdf

    w = family.world
    w.release(single_use=True)
    a, b = (
        decide(w.vault, request(w), actor=w.vault.actor),
        decide(w.vault, request(w), actor=w.vault.actor),
    )
    assert isinstance(a, Grant) and isinstance(b, Grant)
    export_pdf(w.vault, a, tmp_path / "a.pdf", actor=w.vault.actor)
    with pytest.raises(ConsentRefused, match="one disclosure only"):
        export_pdf(w.vault, b, tmp_path / "b.pdf", actor=w.vault.actor)
    assert not (tmp_path / "b.pdf").exists()


def _joint_with_kid(w: World) -> str:
    return records.add_note(
        w.vault,
        NoteIn.from_input(
            {"client_ids": [w.amina, w.kid], "on_date": D("2026-11-14"), "data": "Group session"}
        ),
        sign=True,
        actor=w.vault.actor,
    )


def test_minor_in_a_joint_note_without_consent_is_left_out(family: Family, tmp_path: Any) -> None:
    from pypdf import PdfReader

    from safefile.export.exporter import export_pdf

    w = family.world
    note = _joint_with_kid(w)
    w.release()
    g = decide(w.vault, request(w, categories=("progress-notes",)), actor=w.vault.actor)
    assert isinstance(g, Grant) and note not in g.scope.note_refs
    assert (
        f"Joint note {note} is left out: another party to it (client {w.kid}) has not "
        "consented to its release to Division of Parole."
    ) in g.left_out
    out = export_pdf(w.vault, g, tmp_path / "p.pdf", actor=w.vault.actor)
    text = "\n".join(p.extract_text() for p in PdfReader(out.path).pages)
    assert SOME_LEFT_OUT in text
    for leak in ("Kid Diallo", f"client {w.kid}", "Joint note", "joint", note):
        assert leak not in text, leak
    assert out.left_out == g.left_out  # the user is told in full


def test_minor_in_a_joint_note_with_a_parents_attested_release(family: Family) -> None:
    w = family.world
    note = _joint_with_kid(w)
    w.release()
    releases.add_release(
        w.vault,
        kid_release(
            family,
            **PARENT,
            not_abuser=True,
            recipient_org_id=w.parole,
            categories=("progress-notes",),
            purpose=PURPOSE,
        ),
        actor=w.vault.actor,
    )
    g = decide(w.vault, request(w, categories=("progress-notes",)), actor=w.vault.actor)
    assert isinstance(g, Grant) and note in g.scope.note_refs
    assert not [x for x in g.left_out if note in x]


def test_own_copy_asked_for_by_a_restricted_person(family: Family) -> None:
    from safefile.consent.gate import own_copy

    w = family.world
    people.add_restriction(w.vault, w.kid, "Marc Diallo", "protective order", actor=w.vault.actor)
    result = own_copy(
        w.vault, w.kid, D("2026-11-20"), requested_by="marc diallo", actor=w.vault.actor
    )
    assert isinstance(result, Refusal) and result.reasons[0] == (
        "This copy was asked for by, or on behalf of, a person who is on this client's "
        "restricted list: nothing is given to them."
    )
    assert log.get_entry(w.vault, result.log_ref).kind == EntryKind.REFUSED
