"""Table-driven: each refusal reason alone and in combination, with the exact reasons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from safefile.consent import log, releases
from safefile.consent.gate import ExportRequest, Grant, Refusal, decide
from safefile.consent.kinds import EntryKind
from tests.consent.conftest import D, World


def at(world: World, when: str) -> None:
    world.vault.clock.set(datetime.fromisoformat(when).astimezone())  # type: ignore[attr-defined]


CASES: list[tuple[str, dict[str, Any], dict[str, Any], str, list[str]]] = [
    # (name, release changes, request changes, moment, expected reasons)
    ("allowed", {}, {}, "2026-11-22T10:00", []),
    (
        "wrong client",
        {},
        {"client": "ben"},
        "2026-11-22T10:00",
        ["Release R-1 is from another client, not this one."],
    ),
    (
        "wrong recipient",
        {},
        {"recipient": "court"},
        "2026-11-22T10:00",
        ["Release R-1 names Division of Parole as the recipient, not County Court."],
    ),
    (
        "wrong purpose",
        {},
        {"purpose": "Employment check"},
        "2026-11-22T10:00",
        ['Release R-1 is for the purpose "Parole compliance", not "Employment check".'],
    ),
    (
        "same purpose, other case and spaces",
        {},
        {"purpose": "  parole   COMPLIANCE."},
        "2026-11-22T10:00",
        [],
    ),
    (
        "category not covered",
        {},
        {"categories": ("services", "documents")},
        "2026-11-22T10:00",
        ["Release R-1 does not cover documents."],
    ),
    (
        "not yet effective",
        {"effective_on": D("2026-12-01")},
        {},
        "2026-11-22T10:00",
        ["Release R-1 is not yet in effect: it takes effect on 2026-12-01."],
    ),
    (
        "expired yesterday",
        {"expires_on": D("2026-11-21")},
        {},
        "2026-11-22T00:00:01",
        ["Release R-1 expired on 2026-11-21."],
    ),
    ("valid through today", {"expires_on": D("2026-11-22")}, {}, "2026-11-22T23:59:59", []),
    (
        "revoked before",
        {"revoked_on": D("2026-11-20")},
        {},
        "2026-11-22T10:00",
        ["Release R-1 was revoked on 2026-11-20 (in writing)."],
    ),
    (
        "revoked today",
        {"revoked_on": D("2026-11-22")},
        {},
        "2026-11-22T10:00",
        ["Release R-1 was revoked on 2026-11-22 (in writing)."],
    ),
    (
        "no signed form",
        {"form_gone": True},
        {},
        "2026-11-22T10:00",
        [
            "Release R-1 has no signed form in the vault and no record that the signed original is on file."
        ],
    ),
    (
        "process notes under a general release",
        {},
        {"categories": ("process-notes",)},
        "2026-11-22T10:00",
        ["Process notes can be released only under a release that names process notes alone."],
    ),
    (
        "process notes with other categories",
        {"categories": ("process-notes",)},
        {"categories": ("process-notes", "services")},
        "2026-11-22T10:00",
        [
            "Process notes must be sent on their own, under a release that names them alone.",
            "Release R-1 does not cover services.",
        ],
    ),
    (
        "only for obtaining",
        {"direction": "obtain"},
        {},
        "2026-11-22T10:00",
        ["Release R-1 allows us to obtain information from Division of Parole, not to send it."],
    ),
    (
        "expired, wrong recipient and a category",
        {"expires_on": D("2026-11-21")},
        {"recipient": "court", "categories": ("services", "contact")},
        "2026-11-22T10:00",
        [
            "Release R-1 names Division of Parole as the recipient, not County Court.",
            "Release R-1 does not cover contact details.",
            "Release R-1 expired on 2026-11-21.",
        ],
    ),
    (
        "revoked, wrong purpose, not yet effective",
        {"effective_on": D("2026-11-02"), "revoked_on": D("2026-11-01")},
        {"purpose": "Housing"},
        "2026-11-01T12:00",
        [
            'Release R-1 is for the purpose "Parole compliance", not "Housing".',
            "Release R-1 is not yet in effect: it takes effect on 2026-11-02.",
            "Release R-1 was revoked on 2026-11-01 (in writing).",
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "rel", "req", "moment", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_gate(
    world: World,
    name: str,
    rel: dict[str, Any],
    req: dict[str, Any],
    moment: str,
    expected: list[str],
) -> None:
    v = world.vault
    rel = dict(rel)
    revoked_on = rel.pop("revoked_on", None)
    form_gone = rel.pop("form_gone", False)
    at(world, "2026-11-01T09:00")
    rid = world.release(**rel)
    if revoked_on:
        at(world, f"{revoked_on}T08:00")
        releases.revoke_release(v, rid, revoked_on, actor=v.actor)
    if form_gone:
        blob = v.db.execute("SELECT blob FROM documents WHERE id = ?", (world.form,)).fetchone()[0]
        (v.documents_dir / blob).unlink()
    at(world, moment)
    before = len(log.entries(v))
    request = ExportRequest(
        client_id=getattr(world, req.get("client", "amina")),
        recipient_org_id=getattr(world, req.get("recipient", "parole")),
        categories=req.get("categories", ("attendance", "services")),
        purpose=req.get("purpose", "Parole compliance"),
        release_id=rid,
    )
    result = decide(v, request, actor=v.actor)
    entries = log.entries(v)
    assert len(entries) == before + 1, "every decision is in the record of sharing"
    if expected:
        assert isinstance(result, Refusal)
        assert list(result.reasons) == expected
        assert entries[-1].kind == EntryKind.REFUSED and entries[-1].ref == result.log_ref
        assert entries[-1].detail["reasons"] == expected
    else:
        assert isinstance(result, Grant), getattr(result, "reasons", None)
        assert entries[-1].kind == EntryKind.GRANTED and entries[-1].ref == result.log_ref
        assert result.release_ref == "R-1"


def test_revoked_after_the_export(world: World) -> None:
    """An export made before a revocation stands; after it, nothing more leaves."""
    v = world.vault
    at(world, "2026-11-01T09:00")
    rid = world.release()
    at(world, "2026-11-22T10:00")
    granted = decide(
        v,
        ExportRequest(
            world.amina, world.parole, ("services",), release_id=rid, purpose="Parole compliance"
        ),
        actor=v.actor,
    )
    assert isinstance(granted, Grant)
    at(world, "2026-11-23T09:00")
    releases.revoke_release(
        v, rid, D("2026-11-23"), how="orally by phone", taken_by="J. Smith", actor=v.actor
    )
    refused = decide(
        v,
        ExportRequest(
            world.amina, world.parole, ("services",), release_id=rid, purpose="Parole compliance"
        ),
        actor=v.actor,
    )
    assert isinstance(refused, Refusal)
    assert list(refused.reasons) == ["Release R-1 was revoked on 2026-11-23 (orally by phone)."]
    assert (
        log.get_entry(v, granted.log_ref).kind == EntryKind.GRANTED
    )  # the earlier decision stands


def test_joint_note_party_without_release_is_left_out(world: World) -> None:
    at(world, "2026-11-22T10:00")
    world.release()
    g = decide(
        world.vault,
        ExportRequest(world.amina, world.parole, ("progress-notes",), purpose="Parole compliance"),
        actor=world.vault.actor,
    )
    assert isinstance(g, Grant)
    assert g.scope.note_refs == (world.own_note,)  # the draft never leaves either
    assert list(g.left_out) == [
        f"Joint note {world.joint_note} is left out: another party to it (client {world.ben}) "
        "has not consented to its release to Division of Parole."
    ]
    assert log.get_entry(world.vault, g.log_ref).detail["left_out"] == list(g.left_out)


def test_joint_note_included_when_every_adult_party_consented(world: World) -> None:
    at(world, "2026-11-22T10:00")
    world.release()
    ben_form = __import__("safefile.records", fromlist=["attach"]).attach(
        world.vault, world.ben, b"ben form", title="Ben ROI", actor=world.vault.actor
    )
    world.release(client_id=world.ben, form_document_id=ben_form)
    g = decide(
        world.vault,
        ExportRequest(world.amina, world.parole, ("progress-notes",), purpose="Parole compliance"),
        actor=world.vault.actor,
    )
    assert isinstance(g, Grant)
    assert set(g.scope.note_refs) == {world.own_note, world.joint_note}
    assert g.left_out == ()


def test_no_release_at_all(world: World) -> None:
    r = decide(
        world.vault,
        ExportRequest(world.amina, world.court, ("services",), purpose="Parole compliance"),
        actor=world.vault.actor,
    )
    assert isinstance(r, Refusal)
    assert list(r.reasons) == ["There is no release from this client naming County Court."]


def test_gate_finds_the_matching_release(world: World) -> None:
    at(world, "2026-11-01T09:00")
    world.release(expires_on=D("2026-11-15"))
    world.release(expires_on=D("2026-12-31"))
    at(world, "2026-11-22T10:00")
    g = decide(
        world.vault,
        ExportRequest(world.amina, world.parole, ("services",), purpose="Parole compliance"),
        actor=world.vault.actor,
    )
    assert isinstance(g, Grant) and g.release_ref == "R-2"


def test_process_notes_under_their_own_release(world: World) -> None:
    at(world, "2026-11-22T10:00")
    world.release(categories=("process-notes",))
    g = decide(
        world.vault,
        ExportRequest(world.amina, world.parole, ("process-notes",), purpose="Parole compliance"),
        actor=world.vault.actor,
    )
    assert isinstance(g, Grant)
    assert g.scope.process_note_refs == (world.process_note,)
    assert g.scope.note_refs == () and g.scope.service_ids == ()


def test_a_refusal_points_to_a_release_that_would_allow_it(world: World) -> None:
    at(world, "2026-11-22T10:00")
    narrow = world.release(categories=("attendance",))
    world.release()  # attendance and services
    refused = decide(
        world.vault,
        ExportRequest(
            world.amina,
            world.parole,
            ("attendance", "services"),
            release_id=narrow,
            purpose="Parole compliance",
        ),
        actor=world.vault.actor,
    )
    assert isinstance(refused, Refusal)
    assert list(refused.reasons) == [
        "Release R-1 does not cover services.",
        "Release R-2 to Division of Parole allows this: choose it instead.",
    ]
    # With no release that would allow it, nothing is suggested.
    refused = decide(
        world.vault,
        ExportRequest(
            world.amina, world.parole, ("contact",), release_id=narrow, purpose="Parole compliance"
        ),
        actor=world.vault.actor,
    )
    assert isinstance(refused, Refusal)
    assert list(refused.reasons) == ["Release R-1 does not cover contact details."]
