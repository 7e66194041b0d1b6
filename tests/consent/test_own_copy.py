"""Own-copy requests: due in 30 calendar days, one extension within the first 30, overdue."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from safefile import records
from safefile.clock import FixedClock
from safefile.consent import log, own_copy
from safefile.consent.kinds import EntryKind
from safefile.consent.people import add_restriction
from safefile.errors import ConsentRefused, InvalidInput
from safefile.records.models import ClientIn
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE, Built, Cli, init_with_clients

D = date.fromisoformat
S = PASSPHRASE + "\n"


@pytest.fixture
def client(vault: Vault) -> int:
    return records.add_client(vault, ClientIn.from_input({"name": "Amina"}), actor=vault.actor)


def test_due_in_thirty_calendar_days_and_logged(vault: Vault, client: int) -> None:
    req = own_copy.record_request(
        vault,
        client,
        received_on=D("2026-11-01"),
        identity_checked_by="photo ID seen",
        actor=vault.actor,
    )
    assert req.due_on == D("2026-12-01") and req.due == D("2026-12-01")
    assert req.ref == f"OC-{req.id}" and req.requester == "the client"
    entry = log.entries(vault, client_id=client, kind=EntryKind.INCOMING)[-1]
    assert entry.detail["own_copy_request"] == req.ref
    assert entry.detail["identity_confirmed_by"] == "photo ID seen"
    assert entry.detail["due_on"] == "2026-12-01"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"identity_checked_by": "  "}, "identity was checked"),
        ({"received_on": D("2026-11-23")}, "in the future"),
        ({"representative": "Sam Doe"}, "capacity"),
        ({"representative": "Sam Doe", "capacity": "guardian"}, "authority"),
        ({"capacity": "guardian", "authority": "order"}, "representative's name"),
    ],
)
def test_bad_requests_refused_and_nothing_recorded(
    vault: Vault, client: int, kwargs: dict[str, object], message: str
) -> None:
    args: dict[str, object] = {"received_on": D("2026-11-01"), "identity_checked_by": "ID seen"}
    args.update(kwargs)
    with pytest.raises(InvalidInput, match=message):
        own_copy.record_request(vault, client, actor=vault.actor, **args)  # type: ignore[arg-type]
    assert own_copy.list_requests(vault) == []
    assert log.entries(vault, kind=EntryKind.INCOMING) == []


def test_extension_within_thirty_days(vault: Vault, client: int, clock: FixedClock) -> None:
    clock.set(clock.now().replace(year=2026, month=11, day=30))
    req = own_copy.record_request(
        vault, client, received_on=D("2026-11-01"), identity_checked_by="ID seen", actor=vault.actor
    )
    out = own_copy.extend(
        vault, req.ref, reason="Scans are in storage", told_on=D("2026-11-29"), actor=vault.actor
    )
    assert out.extended_to == D("2026-12-31") and out.due == D("2026-12-31")
    assert out.client_told_on == D("2026-11-29") and out.extension_late  # typed a day on
    with pytest.raises(InvalidInput, match="only one extension"):
        own_copy.extend(vault, req.ref, reason="again", told_on=D("2026-11-29"), actor=vault.actor)


def test_extension_given_in_time_may_be_recorded_late(
    vault: Vault, client: int, clock: FixedClock
) -> None:
    """The 30 days are checked against the day the client was told, not the day it is
    typed: told on day 29, typed on day 31, it holds, and the request says it was late."""
    clock.set(clock.now().replace(year=2026, month=12, day=2))
    req = own_copy.record_request(
        vault, client, received_on=D("2026-11-01"), identity_checked_by="ID seen", actor=vault.actor
    )
    out = own_copy.extend(vault, req.ref, reason="busy", told_on=D("2026-11-30"), actor=vault.actor)
    assert out.due == D("2026-12-31") and not out.overdue_on(D("2026-12-02"))
    assert out.extension_recorded_on == D("2026-12-02") and out.extension_late


def test_extension_refused_when_the_client_was_told_after_thirty_days(
    vault: Vault, client: int, clock: FixedClock
) -> None:
    clock.set(clock.now().replace(year=2026, month=12, day=2))
    req = own_copy.record_request(
        vault, client, received_on=D("2026-11-01"), identity_checked_by="ID seen", actor=vault.actor
    )
    with pytest.raises(InvalidInput, match="first 30 days ended on 2026-12-01"):
        own_copy.extend(vault, req.ref, reason="busy", told_on=D("2026-12-02"), actor=vault.actor)
    assert own_copy.get_request(vault, req.id).extended_to is None


def test_extension_needs_a_reason_and_a_sensible_date(vault: Vault, client: int) -> None:
    req = own_copy.record_request(
        vault, client, received_on=D("2026-11-10"), identity_checked_by="ID seen", actor=vault.actor
    )
    with pytest.raises(InvalidInput, match="reason for the extension"):
        own_copy.extend(vault, req.ref, reason=" ", told_on=D("2026-11-20"), actor=vault.actor)
    with pytest.raises(InvalidInput, match="before the request was received"):
        own_copy.extend(vault, req.ref, reason="x", told_on=D("2026-11-01"), actor=vault.actor)
    with pytest.raises(InvalidInput, match="in the future"):
        own_copy.extend(vault, req.ref, reason="x", told_on=D("2026-11-23"), actor=vault.actor)


def test_overdue_listing(vault: Vault, client: int, clock: FixedClock) -> None:
    late = own_copy.record_request(
        vault, client, received_on=D("2026-10-22"), identity_checked_by="ID seen", actor=vault.actor
    )  # due 2026-11-21: overdue on 2026-11-22
    today_due = own_copy.record_request(
        vault, client, received_on=D("2026-10-23"), identity_checked_by="ID seen", actor=vault.actor
    )  # due today: not overdue
    assert [r.id for r in own_copy.list_requests(vault, overdue=True)] == [late.id]
    assert "OVERDUE" in late.state(D("2026-11-22")) and "1 days late" in late.state(D("2026-11-22"))
    assert "due today" in today_due.state(D("2026-11-22"))
    own_copy.answered(vault, late.id, "D-0001-ABCD", actor=vault.actor)
    assert own_copy.list_requests(vault, overdue=True) == []
    clock.advance(timedelta(days=1))
    assert [r.id for r in own_copy.list_requests(vault, overdue=True)] == [today_due.id]


def test_a_request_is_answered_once(vault: Vault, client: int) -> None:
    req = own_copy.record_request(
        vault, client, received_on=D("2026-11-01"), identity_checked_by="ID seen", actor=vault.actor
    )
    own_copy.answered(vault, req.id, "D-0002-AAAA", actor=vault.actor)
    with pytest.raises(InvalidInput, match="already answered"):
        own_copy.check_answerable(vault, req.id, client)
    other = records.add_client(vault, ClientIn.from_input({"name": "Other"}), actor=vault.actor)
    req2 = own_copy.record_request(
        vault, client, received_on=D("2026-11-01"), identity_checked_by="ID seen", actor=vault.actor
    )
    with pytest.raises(InvalidInput, match="another client"):
        own_copy.check_answerable(vault, req2.id, other)


def test_the_export_of_a_copy_marks_its_request_answered(
    vault: Vault, client: int, tmp_path: Path
) -> None:
    """The gate takes the request (its date, its requester); the export that writes the
    copy marks it answered in the same transaction as the written entry, in the app as
    on the command line."""
    from safefile.consent import gate
    from safefile.export.exporter import export_pdf

    req = own_copy.record_request(
        vault, client, received_on=D("2026-11-01"), identity_checked_by="ID seen", actor=vault.actor
    )
    with pytest.raises(InvalidInput, match="was received on 2026-11-01"):
        gate.own_copy(vault, client, D("2026-11-02"), request=req.ref, actor=vault.actor)
    with pytest.raises(InvalidInput, match="which recorded request"):
        gate.own_copy(vault, client, actor=vault.actor)
    grant = gate.granted(gate.own_copy(vault, client, request=req.ref, actor=vault.actor))
    assert grant.requested_on == D("2026-11-01") and grant.due_on == D("2026-12-01")
    assert own_copy.get_request(vault, req.id).answered_entry is None  # not before it is sent
    result = export_pdf(vault, grant, tmp_path / "copy.pdf", actor=vault.actor)
    assert own_copy.get_request(vault, req.id).answered_entry == result.decision_ref
    with pytest.raises(InvalidInput, match="already answered"):
        gate.own_copy(vault, client, request=req.ref, actor=vault.actor)
    assert own_copy.list_requests(vault, client, open_only=True) == []


def test_a_second_copy_for_an_answered_request_is_refused_and_recorded(
    vault: Vault, client: int, tmp_path: Path
) -> None:
    """Two grants for one request (two dialogs, the app and the command line): the second
    export is refused when it is redeemed, on the record, and writes nothing."""
    from safefile.consent import gate
    from safefile.export.exporter import export_pdf

    req = own_copy.record_request(
        vault, client, received_on=D("2026-11-01"), identity_checked_by="ID seen", actor=vault.actor
    )
    first = gate.granted(gate.own_copy(vault, client, request=req.ref, actor=vault.actor))
    second = gate.granted(gate.own_copy(vault, client, request=req.ref, actor=vault.actor))
    export_pdf(vault, first, tmp_path / "one.pdf", actor=vault.actor)
    with pytest.raises(ConsentRefused, match="already answered") as refused:
        export_pdf(vault, second, tmp_path / "two.pdf", actor=vault.actor)
    assert refused.value.log_ref
    assert not (tmp_path / "two.pdf").exists()


def test_the_database_keeps_a_request_fixed(vault: Vault, client: int) -> None:
    req = own_copy.record_request(
        vault, client, received_on=D("2026-11-01"), identity_checked_by="ID seen", actor=vault.actor
    )
    with pytest.raises(Exception, match="cannot be changed"), vault.transaction() as db:
        db.execute("UPDATE own_copy_requests SET due_on = '2027-01-01' WHERE id = ?", (req.id,))


def test_restricted_representative_refused_and_recorded(vault: Vault, client: int) -> None:
    if not vault.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'restrictions'").fetchone():
        pytest.skip("the restricted list (issue 12's migration) is not in the schema yet")
    add_restriction(vault, client, "Rex Harm", "named in the protective order", actor=vault.actor)
    with pytest.raises(ConsentRefused) as err:
        own_copy.record_request(
            vault,
            client,
            received_on=D("2026-11-01"),
            identity_checked_by="ID seen",
            representative="  rex   HARM ",
            capacity="parent",
            authority="birth certificate",
            actor=vault.actor,
        )
    assert own_copy.list_requests(vault) == []
    refused = log.get_entry(vault, err.value.log_ref or "")
    assert refused.kind == EntryKind.REFUSED and "restricted list" in refused.detail["reasons"][0]
    assert "Rex" not in json.dumps(refused.detail)  # the record does not name them
    ok = own_copy.record_request(
        vault,
        client,
        received_on=D("2026-11-01"),
        identity_checked_by="ID seen",
        representative="Grandmother Ada",
        capacity="guardian",
        authority="guardianship order, seen and copied",
        actor=vault.actor,
    )
    assert ok.requester == "Grandmother Ada, a legal guardian"


# --- the command line ---------------------------------------------------------------


@pytest.fixture
def v(tmp_path: Path, cli: Cli, built: Built) -> str:
    def build(at: Path) -> None:
        init_with_clients(cli, at, "Amina")

    return str(built(tmp_path / "v.safefile", build))


def test_cli_request_extend_list_and_export(cli, v: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def run(*a: str):  # type: ignore[no-untyped-def]
        return cli(*a, "--passphrase-stdin", stdin=S)

    r = run(
        "own-copy",
        "request",
        v,
        "--client",
        "1",
        "--received-on",
        "2026-10-01",
        "--identity-checked-by",
        "photo ID seen in person",
    )
    assert r.code == 0 and r.out.strip() == "OC-1 due 2026-10-31", r.err
    r = run("own-copy", "extend", v, "OC-1", "--reason", "archive", "--told-on", "2026-11-01")
    assert r.code == 1 and "can no longer be extended" in r.err  # told after the 30 days
    r = run("own-copy", "list", v, "--overdue")
    assert "OC-1" in r.out and "OVERDUE" in r.out
    r = run(
        "own-copy",
        "request",
        v,
        "--client",
        "1",
        "--received-on",
        "2026-11-20",
        "--identity-checked-by",
        "rang back",
        "--representative",
        "Sam",
        "--capacity",
        "guardian",
    )
    assert r.code == 1 and "authority" in r.err
    r = run(
        "export",
        v,
        "--client",
        "1",
        "--own-copy",
        "--request",
        "OC-1",
        "--to",
        str(tmp_path / "own.pdf"),
    )
    assert r.code == 0, r.err
    assert "22 days late" in r.err
    doc = json.loads(run("own-copy", "list", v, "--json").out)
    assert doc[0]["answered_entry"] and doc[0]["overdue"] is False
    assert run("own-copy", "list", v, "--overdue").out.strip() == "No overdue requests."
    again = run(
        "export",
        v,
        "--client",
        "1",
        "--own-copy",
        "--request",
        "OC-1",
        "--to",
        str(tmp_path / "own2.pdf"),
    )
    assert again.code == 1 and "already answered" in again.err
    r = run(
        "export",
        v,
        "--client",
        "1",
        "--own-copy",
        "--requested-on",
        "2026-11-20",
        "--to",
        str(tmp_path / "own3.pdf"),
    )
    assert r.code == 1 and "identity" in r.err and not (tmp_path / "own3.pdf").exists()
