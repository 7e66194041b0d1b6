"""Disclosures by other means and court orders: through the gate, refused and recorded when
nothing allows them, every field of the record of sharing, the staff advice never sent."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pypdf
import pytest

from safefile import records
from safefile.consent import accounting, gate, log, releases
from safefile.consent.court_order import COURT_ORDER_NOTICE, STAFF_ADVICE, CourtOrder
from safefile.consent.disclose import disclose
from safefile.consent.kinds import EntryKind
from safefile.errors import ConsentRefused, InvalidInput
from safefile.export.exporter import export_pdf
from safefile.records.models import OrgIn
from tests.conftest import PASSPHRASE, PRACTITIONER, TOLD, Built, Cli, export_args, release_args
from tests.consent.conftest import World

D = date.fromisoformat


def _phone_release(world: World, methods: tuple[str, ...] = ("pdf", "phone")) -> int:
    return world.release(methods=methods, contact_person="Officer Ray")


def test_a_call_under_a_release_that_allows_calls(world: World) -> None:
    v = world.vault
    records.update_org(
        v,
        world.parole,
        OrgIn.from_input(
            {
                "name": "Division of Parole",
                "contact_person": "Officer Ray",
                "job_title": "Parole officer",
            }
        ),
        actor=v.actor,
    )
    rid = _phone_release(world)
    done = disclose(
        v,
        client_id=world.amina,
        recipient_org_id=world.parole,
        categories="attendance",
        purpose="Parole compliance",
        method="phone",
        summary="Confirmed she attended on 10 November",
        actor=v.actor,
    )
    decision = log.get_entry(v, done.decision_ref)
    made = log.get_entry(v, done.entry_ref)
    assert decision.kind == EntryKind.GRANTED and decision.detail["method"] == "phone"
    assert made.kind == EntryKind.DISCLOSED and made.detail["for"] == done.decision_ref
    for d in (decision.detail, made.detail):  # the person from the release, title from the org
        assert d["recipient_person"] == "Officer Ray"
        assert d["recipient_job_title"] == "Parole officer"
    assert made.release_id == rid and made.detail["shared_summary"].startswith("Confirmed")
    assert made.actor == "Test Advocate"
    got = accounting.disclosures(v, world.amina)
    assert [(x.entry, x.method, x.person) for x in got] == [
        (done.entry_ref, "phone", "Officer Ray, Parole officer")
    ]


def test_a_call_the_release_does_not_allow_is_refused_and_recorded(world: World) -> None:
    v = world.vault
    _phone_release(world, methods=("pdf",))
    with pytest.raises(ConsentRefused) as err:
        disclose(
            v,
            client_id=world.amina,
            recipient_org_id=world.parole,
            categories="attendance",
            purpose="Parole compliance",
            method="phone",
            summary="Attendance",
            actor=v.actor,
        )
    assert err.value.reasons == [
        "Release R-1 does not allow information to be given by phone (it allows: pdf)."
    ]
    refused = log.get_entry(v, err.value.log_ref or "")
    assert refused.kind == EntryKind.REFUSED and refused.detail["method"] == "phone"
    assert accounting.disclosures(v, world.amina) == []


def test_a_call_without_any_release_is_refused_and_recorded(world: World) -> None:
    with pytest.raises(ConsentRefused, match="no release from this client naming County Court"):
        disclose(
            world.vault,
            client_id=world.amina,
            recipient_org_id=world.court,
            categories="services",
            purpose="Parole compliance",
            method="in-person",
            summary="Talked about her services",
            actor=world.vault.actor,
        )
    assert log.entries(world.vault, kind=EntryKind.REFUSED)[-1].detail["method"] == "in-person"


def test_bad_input_records_nothing(world: World) -> None:
    before = len(log.entries(world.vault))
    with pytest.raises(InvalidInput, match="How it was shared"):
        disclose(
            world.vault,
            client_id=world.amina,
            recipient_org_id=world.parole,
            categories="attendance",
            purpose="Parole compliance",
            method="carrier pigeon",
            summary="x",
            actor=world.vault.actor,
        )
    with pytest.raises(InvalidInput, match="summary"):
        disclose(
            world.vault,
            client_id=world.amina,
            recipient_org_id=world.parole,
            categories="attendance",
            purpose="Parole compliance",
            method="fax",
            summary=" ",
            actor=world.vault.actor,
        )
    with pytest.raises(InvalidInput, match="whether the client was told"):
        disclose(
            world.vault,
            client_id=world.kid,
            recipient_org_id=world.court,
            categories="services",
            method="phone",
            summary="Report",
            exception="child-protection",
            basis="mandated report",
            actor=world.vault.actor,
        )
    assert len(log.entries(world.vault)) == before


def test_a_child_protection_call_is_recorded_as_required_by_law(world: World) -> None:
    done = disclose(
        world.vault,
        client_id=world.kid,
        recipient_org_id=world.court,
        categories="services",
        method="phone",
        summary="Reported bruising seen at session",
        exception="child-protection",
        basis="State mandated-reporter law",
        person="Intake worker Lee",
        client_informed=False,
        not_informed_reason="telling the parent would put the child at risk",
        actor=world.vault.actor,
    )
    decision = log.get_entry(world.vault, done.decision_ref)
    assert decision.kind == EntryKind.LEGAL and decision.detail["client_informed"] is False
    assert decision.detail["not_informed_reason"].startswith("telling the parent")
    assert decision.detail["recipient_person"] == "Intake worker Lee"
    assert [x.entry for x in accounting.disclosures(world.vault, world.kid)] == [done.entry_ref]


def _order(world: World) -> int:
    return records.attach(
        world.vault,
        world.amina,
        b"%PDF-1.4 order",
        title="Order",
        filename="o.pdf",
        doc_type="court order",
        actor=world.vault.actor,
    )


@pytest.mark.parametrize(
    ("missing", "reason"),
    [
        ("order", "signed order's copy is missing"),
        ("judge", "Record the judge"),
        ("signed_on", "date the order was signed"),
        ("court", "Record the court"),
        ("all", "A subpoena is not a court order"),
    ],
)
def test_a_court_order_without_each_part_is_refused_and_recorded(
    world: World, missing: str, reason: str
) -> None:
    parts: dict[str, object] = {
        "document_id": _order(world),
        "judge": "Judge Ray",
        "signed_on": D("2026-11-20"),
        "court": "County Court",
    }
    key = {"order": "document_id"}.get(missing, missing)
    if missing != "all":
        parts[key] = None if key in ("document_id", "signed_on") else " "
    order = None if missing == "all" else CourtOrder(**parts)  # type: ignore[arg-type]
    result = gate.legal_disclosure(
        world.vault,
        world.amina,
        "court-order",
        basis="subpoena from defence attorney",  # never stands in for the order
        recipient_org_id=world.court,
        categories="process-notes",
        client_informed=True,
        order=order,
        actor=world.vault.actor,
    )
    assert isinstance(result, gate.Refusal)
    assert any(reason in r for r in result.reasons), result.reasons
    refused = log.get_entry(world.vault, result.log_ref)
    assert refused.kind == EntryKind.REFUSED and refused.detail["legal_kind"] == "court-order"


def test_an_order_from_another_clients_file_or_the_future_is_refused(world: World) -> None:
    other = records.attach(
        world.vault,
        world.ben,
        b"%PDF-1.4 x",
        title="Other",
        filename="x.pdf",
        actor=world.vault.actor,
    )
    result = gate.legal_disclosure(
        world.vault,
        world.amina,
        "court-order",
        basis="",
        recipient_org_id=world.court,
        categories="attendance",
        client_informed=True,
        order=CourtOrder(other, "Judge Ray", D("2026-11-30"), "County Court"),
        actor=world.vault.actor,
    )
    assert isinstance(result, gate.Refusal)
    assert any("not in this client's file" in r for r in result.reasons)
    assert any("in the future" in r for r in result.reasons)


def test_court_order_pdf_carries_the_notice_never_the_staff_advice(
    world: World, tmp_path: Path
) -> None:
    g = gate.granted(
        gate.legal_disclosure(
            world.vault,
            world.amina,
            "court-order",
            basis="",
            recipient_org_id=world.court,
            categories="attendance",
            client_informed=True,
            order=CourtOrder(
                _order(world), "Judge Ray", D("2026-11-20"), "County Court", "26-CV-1"
            ),
            actor=world.vault.actor,
        )
    )
    out = tmp_path / "court.pdf"
    export_pdf(world.vault, g, out, actor=world.vault.actor)
    text = " ".join(
        unicodedata.normalize("NFKC", p.extract_text()) for p in pypdf.PdfReader(out).pages
    )
    text = " ".join(text.split())
    assert " ".join(COURT_ORDER_NOTICE.split()) in text
    for advice in (STAFF_ADVICE, "subpoena", "legal counsel", "narrowest scope"):
        assert advice.lower() not in text.lower()
    assert "Judge Ray" in text and "26-CV-1" in text


def test_release_person_and_job_title_when_given(world: World) -> None:
    v = world.vault
    world.release(methods=("fax",), contact_person="Records desk")
    done = disclose(
        v,
        client_id=world.amina,
        recipient_org_id=world.parole,
        categories="attendance",
        purpose="Parole compliance",
        method="fax",
        summary="Attendance letter",
        person="Sam Ortiz",
        job_title="Records clerk",
        actor=v.actor,
    )
    d = log.get_entry(v, done.entry_ref).detail
    assert (d["recipient_person"], d["recipient_job_title"]) == ("Sam Ortiz", "Records clerk")
    other = releases.get_release(v, 1)
    assert other.contact_person == "Records desk"


# --- the command line ---------------------------------------------------------------

S = PASSPHRASE + "\n"


@pytest.fixture
def v(tmp_path: Path, cli: Cli, built: Built) -> str:
    def build(at: Path) -> None:
        path = str(at)
        assert cli("init", path, "--passphrase-stdin", *PRACTITIONER, stdin=S).code == 0
        for args in (
            ("client", "add", path, "--name", "Amina"),
            (
                "org",
                "add",
                path,
                "--name",
                "County Court",
                "--contact-person",
                "Clerk Bo",
                "--job-title",
                "Court clerk",
            ),
            ("org", "add", path, "--name", "Parole"),
            (
                *release_args(path, recipient="2"),
                "--methods",
                "pdf,phone",
            ),
        ):
            r = cli(*args, "--passphrase-stdin", stdin=S)
            assert r.code == 0, r.err

    return str(built(tmp_path / "v.safefile", build))


def test_cli_disclose_by_phone_and_refusal(cli: Cli, v: str) -> None:
    r = cli(
        "disclose",
        v,
        "--client",
        "1",
        "--recipient",
        "2",
        "--categories",
        "attendance",
        "--method",
        "phone",
        "--purpose",
        "Parole compliance",
        "--summary",
        "Confirmed attendance",
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 0 and r.out.strip().startswith("D-"), r.err
    r = cli(
        "disclose",
        v,
        "--client",
        "1",
        "--recipient",
        "2",
        "--categories",
        "attendance",
        "--method",
        "email",
        "--purpose",
        "Parole compliance",
        "--summary",
        "Sent dates",
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 3 and "does not allow information to be given by email" in r.err
    r = cli(
        "disclose",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "attendance",
        "--method",
        "phone",
        "--purpose",
        "Parole compliance",
        "--summary",
        "x",
        "--judge",
        "Ray",
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 1 and "only go with --exception" in r.err
    doc = json.loads(
        cli("accounting", v, "--client", "1", "--json", "--passphrase-stdin", stdin=S).out
    )
    assert [x["method"] for x in doc["disclosures"]] == ["phone"]


def test_cli_court_order_warns_asks_and_requires_the_order(
    cli: Cli, v: str, tmp_path: Path
) -> None:
    order_file = tmp_path / "order.pdf"
    order_file.write_bytes(b"%PDF-1.4 signed order")
    r = cli(
        "attach",
        v,
        "--client",
        "1",
        str(order_file),
        "--title",
        "Court order",
        "--type",
        "court order",
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 0, r.err
    doc = r.out.strip()
    base = (
        "export",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "attendance",
        "--exception",
        "court-order",
        "--client-told",
        "yes",
        "--passphrase-stdin",
    )
    entries = len(json.loads(cli("log", v, "--json", "--passphrase-stdin", stdin=S).out))
    # Not confirmed: nothing recorded, nothing written.
    r = cli(
        *base,
        "--to",
        str(tmp_path / "a.pdf"),
        "--order",
        doc,
        "--judge",
        "Judge Ray",
        "--order-signed",
        "2026-11-20",
        "--court",
        "County Court",
        stdin=S + "no\n",
    )
    assert r.code == 1 and "Not confirmed" in r.err and "A subpoena is not a court order" in r.err
    assert len(json.loads(cli("log", v, "--json", "--passphrase-stdin", stdin=S).out)) == entries
    # Confirmed, but only a basis text: refused (exit 3) and recorded.
    r = cli(
        *base,
        "--to",
        str(tmp_path / "b.pdf"),
        "--basis",
        "subpoena from defence attorney",
        stdin=S + "yes\n",
    )
    assert r.code == 3 and "no description of a basis can stand in" in r.err
    assert not (tmp_path / "b.pdf").exists()
    assert "recorded in the record of sharing" in r.err
    # No judge: refused, that reason named.
    r = cli(
        *base,
        "--to",
        str(tmp_path / "c.pdf"),
        "--order",
        doc,
        "--order-signed",
        "2026-11-20",
        "--court",
        "County Court",
        stdin=S + "yes\n",
    )
    assert r.code == 3 and "Record the judge" in r.err
    # All of it: exported, with the notice and without the advice.
    r = cli(
        *base,
        "--to",
        str(tmp_path / "d.pdf"),
        "--order",
        doc,
        "--judge",
        "Judge Ray",
        "--order-signed",
        "2026-11-20",
        "--court",
        "County Court",
        "--case",
        "26-CV-9",
        stdin=S + "yes\n",
    )
    assert r.code == 0, r.err
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "d.pdf").pages).split()
    )
    assert "produced in response to a court order" in text and "subpoena" not in text.lower()
    # Without --client-told: exit 1, nothing recorded.
    r = cli(
        "export",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "contact",
        "--exception",
        "imminent-harm",
        "--basis",
        "threat",
        "--to",
        str(tmp_path / "e.pdf"),
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 1 and "whether the client was told" in r.err


def test_written_out_choices_match_the_core() -> None:
    from safefile.cli import disclose_cmds, legal_options
    from safefile.consent.methods import METHODS

    assert tuple(METHODS) == disclose_cmds.METHODS
    assert sorted(gate.LEGAL_KINDS) == list(legal_options.LEGAL_KINDS)


def test_a_restricted_person_never_receives_a_call(world: World) -> None:
    from safefile.consent.people import add_restriction

    if not world.vault.db.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'restrictions'"
    ).fetchone():
        pytest.skip("the restricted list (issue 12's migration) is not in the schema yet")
    add_restriction(
        world.vault,
        world.amina,
        "Rex Harm",
        "named in the protective order",
        actor=world.vault.actor,
    )
    _phone_release(world)
    with pytest.raises(ConsentRefused, match="restricted list") as err:
        disclose(
            world.vault,
            client_id=world.amina,
            recipient_org_id=world.parole,
            categories="attendance",
            purpose="Parole compliance",
            method="phone",
            summary="Attendance",
            person="rex harm",
            actor=world.vault.actor,
        )
    refused = log.get_entry(world.vault, err.value.log_ref or "")
    assert refused.kind == EntryKind.REFUSED and "Rex" not in json.dumps(refused.detail)
    assert accounting.disclosures(world.vault, world.amina) == []


def test_cli_append_release(cli: Cli, v: str, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    base: tuple[str, ...] = ("export", v, "--client", "1", "--recipient", "2")
    base = (*base, "--categories", "attendance", "--purpose", "Parole compliance")
    r = cli(*base, "--to", str(out), "--append-release", "--passphrase-stdin", stdin=S)
    assert r.code == 1 and "cannot be appended" in r.err and not out.exists()
    form = tmp_path / "form.pdf"
    form.write_bytes(pypdf_form())
    r = cli("attach", v, "--client", "1", str(form), "--passphrase-stdin", stdin=S)
    doc = r.out.strip()
    r = cli(
        "release",
        "add",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "attendance",
        "--purpose",
        "Parole",
        "--signed-on",
        "2026-11-01",
        "--expires",
        "2027-01-31",
        "--form",
        doc,
        "--told",
        TOLD,
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 0, r.err
    r = cli(
        *export_args(v, str(out), purpose="Parole"),
        "--append-release",
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 0, r.err
    last = pypdf.PdfReader(out).pages[-1].extract_text()
    assert "SIGNED-FORM-TEXT" in last


def pypdf_form() -> bytes:
    from tests.export.test_pdf_cover import signed_form_pdf

    return signed_form_pdf()
