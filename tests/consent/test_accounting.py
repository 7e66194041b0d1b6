"""The accounting of disclosures (164.528) and who received information under a release.

The accounting is checked against a list kept independently while a random history
of exports, refusals, decisions never written, own copies, legal disclosures and
printed logs is made over eight years: only what actually left, in the last six
years, for that client, appears; refusals never do.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pypdf
import pytest

from safefile import records, settings
from safefile.clock import FixedClock
from safefile.consent import accounting, gate, log, log_print, releases
from safefile.consent.disclose import disclose
from safefile.consent.gate import ExportRequest, Refusal
from safefile.consent.kinds import EntryKind
from safefile.consent.log_view import LogFilter
from safefile.consent.releases import ReleaseIn
from safefile.errors import ConsentRefused
from safefile.export.exporter import export_pdf
from safefile.export.log_report import export_log_pdf
from safefile.records.models import ClientIn, OrgIn
from safefile.store.vault import Vault
from tests.conftest import (
    ALL_TOLD,
    PASSPHRASE,
    Built,
    Cli,
    export_args,
    init_with_clients,
    release_args,
)

D = date.fromisoformat


def _release(
    vault: Vault, client: int, org: int, on: date, methods: tuple[str, ...] = ("pdf",)
) -> int:
    return releases.add_release(
        vault,
        ReleaseIn.from_input(
            {
                "statements": ALL_TOLD,
                "client_id": client,
                "recipient_org_id": org,
                "categories": ("attendance",),
                "purpose": "Coordination",
                "signed_on": on,
                "expires_on": on + timedelta(days=200),
                "original_on_file": True,
                "original_reason": "signed at a home visit",
                "methods": methods,
            }
        ),
        actor=vault.actor,
    )


def test_accounting_matches_an_independent_list_over_a_random_history(
    vault: Vault, clock: FixedClock, tmp_path: Path
) -> None:
    rng = random.Random(1307)
    clock.set(datetime.fromisoformat("2018-06-01T09:00:00").astimezone())
    amina = records.add_client(vault, ClientIn.from_input({"name": "Amina"}), actor=vault.actor)
    ben = records.add_client(vault, ClientIn.from_input({"name": "Ben"}), actor=vault.actor)
    orgs = {
        records.add_org(
            vault,
            OrgIn.from_input({"name": f"Org {i}", "address": f"{i} High St"}),
            actor=vault.actor,
        ): f"Org {i}"
        for i in range(3)
    }
    expected: dict[int, list[tuple[str, str, str]]] = {amina: [], ben: []}
    refusals = 0
    for step in range(50):
        clock.advance(timedelta(days=rng.randint(30, 110), hours=rng.randint(0, 6)))
        on = clock.now().date()
        client = rng.choice([amina, ben])
        org = rng.choice(list(orgs))
        action = rng.choice(
            ["export", "refused", "unwritten", "own", "legal", "print", "call", "call-refused"]
        )
        out = tmp_path / f"{step}.pdf"
        if action == "export":
            _release(vault, client, org, on)
            g = gate.require(
                vault,
                ExportRequest(client, org, ("attendance",), "Coordination"),
                actor=vault.actor,
            )
            ref = export_pdf(vault, g, out, actor=vault.actor).written_ref
            expected[client].append((on.isoformat(), orgs[org], ref))
        elif action == "refused":
            result = gate.decide(
                vault,
                ExportRequest(client, org, ("progress-notes",), "Coordination"),
                actor=vault.actor,
            )
            assert isinstance(result, Refusal)
            refusals += 1
        elif action == "unwritten":  # a decision whose file was never written
            _release(vault, client, org, on)
            gate.require(
                vault,
                ExportRequest(client, org, ("attendance",), "Coordination"),
                actor=vault.actor,
            )
        elif action == "own":
            g = gate.granted(gate.own_copy(vault, client, on, actor=vault.actor))
            ref = export_pdf(vault, g, out, actor=vault.actor).written_ref
            expected[client].append((on.isoformat(), g.recipient, ref))
        elif action == "legal":
            g = gate.granted(
                gate.legal_disclosure(
                    vault,
                    client,
                    "imminent-harm",
                    basis="threat reported",
                    recipient_org_id=org,
                    categories="contact",
                    client_informed=True,
                    actor=vault.actor,
                )
            )
            ref = export_pdf(vault, g, out, actor=vault.actor).written_ref
            expected[client].append((on.isoformat(), orgs[org], ref))
        elif action == "call":
            _release(vault, client, org, on, ("pdf", "phone"))
            done = disclose(
                vault,
                client_id=client,
                recipient_org_id=org,
                categories="attendance",
                method="phone",
                summary="confirmed attendance",
                purpose="Coordination",
                actor=vault.actor,
            )
            expected[client].append((on.isoformat(), orgs[org], done.entry_ref))
        elif action == "call-refused":  # a fax no release allows: refused, recorded
            with pytest.raises(ConsentRefused):
                disclose(
                    vault,
                    client_id=client,
                    recipient_org_id=org,
                    categories="attendance",
                    method="fax",
                    summary="dates",
                    purpose="Coordination",
                    actor=vault.actor,
                )
            refusals += 1
        elif log.entries(vault):  # a printed record of sharing is not a disclosure
            g = log_print.print_log(vault, log_print.REVIEW, actor=vault.actor)
            export_log_pdf(vault, g, out, actor=vault.actor)
    assert refusals > 0
    every = [r for refs in expected.values() for _, _, r in refs]
    kinds = {log.get_entry(vault, r).kind for r in every}
    assert kinds == {EntryKind.WRITTEN, EntryKind.DISCLOSED}  # files and calls both happened
    first = accounting.since(clock.now().date()).isoformat()
    assert any(d < first for d, _, _ in expected[amina] + expected[ben])  # some aged out
    for client, made in expected.items():
        want = [(d, who, ref) for d, who, ref in made if d >= first]
        got = [(x.on, x.recipient, x.entry) for x in accounting.disclosures(vault, client)]
        assert got == want
        for ref in accounting.refs(vault, client):
            assert log.get_entry(vault, ref).kind != EntryKind.REFUSED
        assert accounting.refs(vault, client) == [r for _, _, r in want]


def test_who_received_information_under_a_release(vault: Vault, tmp_path: Path) -> None:
    a = records.add_client(vault, ClientIn.from_input({"name": "Amina"}), actor=vault.actor)
    org = records.add_org(
        vault, OrgIn.from_input({"name": "Parole", "address": "1 Main St"}), actor=vault.actor
    )
    r1 = _release(vault, a, org, D("2026-11-01"))
    g = gate.require(
        vault,
        ExportRequest(a, org, ("attendance",), "Coordination", release_id=r1),
        actor=vault.actor,
    )
    first = export_pdf(vault, g, tmp_path / "1.pdf", actor=vault.actor)
    g = gate.require(
        vault,
        ExportRequest(a, org, ("attendance",), "Coordination", release_id=r1),
        actor=vault.actor,
    )  # never written
    gate.decide(
        vault,
        ExportRequest(a, org, ("services",), "Coordination", release_id=r1),
        actor=vault.actor,
    )  # refused
    r2 = _release(vault, a, org, D("2026-11-02"))
    g = gate.require(
        vault,
        ExportRequest(a, org, ("attendance",), "Coordination", release_id=r2),
        actor=vault.actor,
    )
    export_pdf(vault, g, tmp_path / "2.pdf", actor=vault.actor)
    got = accounting.under_release(vault, r1)
    assert [x.entry for x in got] == [first.written_ref]
    assert got[0].recipient == "Parole" and got[0].address == "1 Main St"
    assert "release R-1" in got[0].road and got[0].method == "PDF export"


def test_printed_accounting_pdf_has_road_and_method(vault: Vault, tmp_path: Path) -> None:
    settings.save(vault, {"program_name": "Harbour", "program_phone": "555-0142"})
    a = records.add_client(vault, ClientIn.from_input({"name": "Amina"}), actor=vault.actor)
    org = records.add_org(
        vault, OrgIn.from_input({"name": "Parole", "address": "1 Main St"}), actor=vault.actor
    )
    _release(vault, a, org, D("2026-11-01"))
    g = gate.require(
        vault, ExportRequest(a, org, ("attendance",), "Coordination"), actor=vault.actor
    )
    written = export_pdf(vault, g, tmp_path / "1.pdf", actor=vault.actor).written_ref
    out = tmp_path / "acc.pdf"
    export_log_pdf(
        vault,
        log_print.print_log(vault, log_print.ACCOUNTING, LogFilter(client_id=a), actor=vault.actor),
        out,
        actor=vault.actor,
    )
    whole = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(out).pages).split())
    for must in (
        "Accounting of disclosures",
        "Parole",
        "1 Main St",
        written,
        "release R-1",
        "PDF export",
        "555-0142",
        "2020-11-22 to 2026-11-22",
    ):
        assert must in whole, must


# --- the command line ---------------------------------------------------------------

S = PASSPHRASE + "\n"


@pytest.fixture
def v(tmp_path: Path, cli: Cli, built: Built) -> str:
    def build(at: Path) -> None:
        path = init_with_clients(cli, at)
        for args in (
            ("client", "add", path, "--name", "Amina"),
            ("org", "add", path, "--name", "Parole", "--address", "1 Main St"),
            (*release_args(path),),
        ):
            r = cli(*args, "--passphrase-stdin", stdin=S)
            assert r.code == 0, r.err

    return str(built(tmp_path / "v.safefile", build))


def test_cli_accounting_and_log_release(cli, v: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def run(*a: str):  # type: ignore[no-untyped-def]
        return cli(*a, "--passphrase-stdin", stdin=S)

    r = run("accounting", v, "--client", "1")
    assert r.code == 0 and "since 2020-11-22: 0" in r.out
    r = run("log", v, "--release", "R-1")
    assert r.code == 0 and "Nothing was disclosed under release R-1" in r.out
    r = run(
        *export_args(v, str(tmp_path / "x.pdf")),
    )
    assert r.code == 0, r.err
    r = run(
        "export",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "services",
        "--purpose",
        "Parole compliance",
        "--to",
        str(tmp_path / "y.pdf"),
    )
    assert r.code == 3  # refused: never in the accounting
    doc = json.loads(run("accounting", v, "--client", "1", "--json").out)
    assert [x["recipient"] for x in doc["disclosures"]] == ["Parole"]
    assert doc["disclosures"][0]["address"] == "1 Main St"
    r = run("log", v, "--release", "R-1")
    assert "Disclosed under release R-1 (1)" in r.out and "to Parole" in r.out
    r = run("accounting", v, "--client", "1", "--pdf", str(tmp_path / "acc.pdf"))
    assert r.code == 0, r.err
    assert (tmp_path / "acc.pdf").exists() and "Record of sharing: D-" in r.out
    r = run("accounting", v, "--client", "9")
    assert r.code == 1 and not r.err.startswith("Traceback")


def test_the_accounting_is_printed_in_the_clients_language(vault: Vault, tmp_path: Path) -> None:
    from safefile.records.language import form_texts, set_client_language

    a = records.add_client(vault, ClientIn.from_input({"name": "Amina"}), actor=vault.actor)
    set_client_language(vault, a, "es", actor=vault.actor)
    out = tmp_path / "acc.pdf"
    export_log_pdf(
        vault,
        log_print.print_log(vault, log_print.ACCOUNTING, LogFilter(client_id=a), actor=vault.actor),
        out,
        actor=vault.actor,
    )
    whole = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(out).pages).split())
    t = form_texts("es")
    for key in ("acc_title", "acc_client", "acc_period", "acc_empty"):
        assert t.text(key) in whole, key
    assert "Accounting of disclosures" not in whole
