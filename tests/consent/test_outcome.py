"""The outcome of a sharing decision, recorded later as a new entry tied to it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from safefile import records
from safefile.consent import gate, log, releases
from safefile.consent.gate import ExportRequest
from safefile.consent.kinds import EntryKind
from safefile.consent.outcome import outcomes_of, record_outcome
from safefile.consent.releases import ReleaseIn
from safefile.errors import InvalidInput, NotFound
from safefile.export.exporter import export_pdf
from safefile.records.models import ClientIn, OrgIn
from safefile.store.vault import Vault
from tests.conftest import ALL_TOLD, PASSPHRASE, PRACTITIONER, Cli, export_args, release_args

D = date.fromisoformat
S = PASSPHRASE + "\n"


def _shared(vault: Vault, tmp_path: Path) -> str:
    a = records.add_client(vault, ClientIn.from_input({"name": "Amina"}), actor=vault.actor)
    org = records.add_org(vault, OrgIn.from_input({"name": "Parole"}), actor=vault.actor)
    releases.add_release(
        vault,
        ReleaseIn.from_input(
            {
                "statements": ALL_TOLD,
                "client_id": a,
                "recipient_org_id": org,
                "categories": ("attendance",),
                "purpose": "Parole compliance",
                "signed_on": D("2026-11-01"),
                "expires_on": D("2027-01-31"),
                "original_on_file": True,
                "original_reason": "signed at a home visit",
            }
        ),
        actor=vault.actor,
    )
    g = gate.require(
        vault, ExportRequest(a, org, ("attendance",), "Parole compliance"), actor=vault.actor
    )
    return export_pdf(vault, g, tmp_path / "x.pdf", actor=vault.actor).written_ref


def test_outcome_is_a_new_entry_tied_to_the_disclosure(vault: Vault, tmp_path: Path) -> None:
    written = _shared(vault, tmp_path)
    before = log.get_entry(vault, written)
    e = record_outcome(
        vault,
        written.lower(),
        outcome="Officer confirmed attendance meets the condition",
        receipt_confirmed_by="rang the officer on the main line",
        next_step="none",
        actor=vault.actor,
    )
    assert e.kind == EntryKind.OUTCOME and e.detail["for"] == written
    assert e.client_id == before.client_id and e.recipient_org_id == before.recipient_org_id
    assert e.detail["receipt_confirmed_by"] == "rang the officer on the main line"
    assert log.get_entry(vault, written) == before  # the original is unchanged
    assert [x.ref for x in outcomes_of(vault, written)] == [e.ref]


def test_outcome_refused_without_text_or_for_a_non_disclosure(vault: Vault, tmp_path: Path) -> None:
    written = _shared(vault, tmp_path)
    with pytest.raises(InvalidInput, match="Write the outcome"):
        record_outcome(vault, written, outcome="  ", actor=vault.actor)
    fix = log.correct(vault, written, "typo", actor=vault.actor)
    with pytest.raises(InvalidInput, match="has no outcome"):
        record_outcome(vault, fix.ref, outcome="done", actor=vault.actor)
    with pytest.raises(NotFound):
        record_outcome(vault, "D-9999-XXXX", outcome="done", actor=vault.actor)
    assert log.entries(vault, kind=EntryKind.OUTCOME) == []


def test_cli_outcome(cli: Cli, tmp_path: Path) -> None:
    v = str(tmp_path / "v.safefile")

    assert cli("init", v, "--passphrase-stdin", *PRACTITIONER, stdin=S).code == 0
    for args in (
        ("client", "add", v, "--name", "Amina"),
        ("org", "add", v, "--name", "Parole"),
        (*release_args(v),),
    ):
        r = cli(*args, "--passphrase-stdin", stdin=S)
        assert r.code == 0, r.err
    r = cli(
        *export_args(v, str(tmp_path / "o.pdf")),
        "--json",
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 0, r.err
    ref = json.loads(r.out)["entry"]
    r = cli(
        "outcome",
        v,
        ref,
        "--outcome",
        "Received",
        "--receipt-confirmed-by",
        "email reply",
        "--next-step",
        "review in May",
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 0 and r.out.strip().startswith("D-"), r.err
    r = cli("outcome", v, ref, "--outcome", "", "--passphrase-stdin", stdin=S)
    assert r.code == 1 and "Write the outcome" in r.err
    r = cli("outcome", v, ref, "--passphrase-stdin", stdin=S)
    assert r.code == 2


def test_one_sharing_holds_every_field_of_the_record(vault: Vault, tmp_path: Path) -> None:
    """DOMAIN.md's fields of a record of an information-sharing decision, on one export:
    the reason, with consent and whose, its limits, whether the client was told, what,
    how, the recipient's person, job title, organisation and phone, the outcome and next
    step, how receipt was confirmed, the date and time, and who made the entry."""
    from safefile import settings
    from safefile.records.models import OrgIn

    settings.save(vault, {"practitioner": "Dana Whitfield", "credentials": "LCSW"})
    org = records.add_org(
        vault,
        OrgIn.from_input(
            {
                "name": "Legal Aid",
                "phone": "555-0100",
                "contact_person": "Jo Park",
                "job_title": "Staff attorney",
            }
        ),
        actor=vault.actor,
    )
    written = _shared(vault, tmp_path)  # to Parole; and now one to Legal Aid as well
    a = log.get_entry(vault, written).client_id
    assert a is not None
    releases.add_release(
        vault,
        ReleaseIn.from_input(
            {
                "statements": ALL_TOLD,
                "client_id": a,
                "recipient_org_id": org,
                "categories": ("attendance",),
                "purpose": "Representation",
                "signed_on": D("2026-11-01"),
                "expires_on": D("2027-01-31"),
                "original_on_file": True,
                "original_reason": "signed at a home visit",
            }
        ),
        actor=vault.actor,
    )
    g = gate.require(
        vault, ExportRequest(a, org, ("attendance",), "Representation"), actor=vault.actor
    )
    result = export_pdf(vault, g, tmp_path / "la.pdf", actor=vault.actor)
    decision = log.get_entry(vault, result.decision_ref)
    made = record_outcome(
        vault,
        result.written_ref,
        outcome="Filed",
        receipt_confirmed_by="email",
        next_step="-",
        actor=vault.actor,
    )
    d = decision.detail
    assert d["purpose"] == "Representation"
    assert d["consent"].startswith("written release R-2 signed 2026-11-01")  # whose, limits
    assert d["client_informed"] is True
    assert d["categories"] == ["attendance"] and d["method"] == "PDF export"
    assert (d["recipient"], d["recipient_phone"]) == ("Legal Aid", "555-0100")
    assert (d["recipient_person"], d["recipient_job_title"]) == ("Jo Park", "Staff attorney")
    assert made.detail["for"] == result.written_ref and made.detail["next_step"] == "-"
    assert decision.at.startswith("2026-11-22T10:00")
    assert decision.actor == made.actor == "Dana Whitfield, LCSW"
