"""The record of sharing read in plain words, filtered, and the road out for printing it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from safefile.clock import FixedClock
from safefile.consent import accounting, gate, log, log_print, log_view, requests
from safefile.consent.gate import ExportRequest
from safefile.consent.kinds import EntryKind
from safefile.consent.log_view import LogFilter
from safefile.errors import ConsentRefused, InvalidInput
from safefile.export.exporter import export_pdf
from safefile.export.log_report import export_log_pdf
from tests.consent.conftest import World

D = date.fromisoformat


def share(world: World, tmp_path: Path, name: str = "out.pdf") -> str:
    """A release-bound export of Amina's services; returns its "export written" ref."""
    g = gate.require(
        world.vault,
        ExportRequest(world.amina, world.parole, ("services",), purpose="Parole compliance"),
        actor=world.vault.actor,
    )
    return export_pdf(world.vault, g, tmp_path / name, actor=world.vault.actor).written_ref


def request_for_ben(world: World, decision: str = "granted", reasons: str = "") -> str:
    return requests.record_request(
        world.vault,
        direction="incoming",
        client_id=world.ben,
        requester="Officer Dana Reyes",
        organisation="County Probation",
        identity_confirmed_by="rang back on the main number",
        reason="supervision",
        summary="attendance dates",
        decision=decision,
        decision_reasons=reasons,
        actor=world.vault.actor,
    ).ref


@pytest.fixture
def filled(world: World, tmp_path: Path) -> World:
    world.release()
    share(world, tmp_path)
    request_for_ben(world)
    gate.decide(
        world.vault,
        ExportRequest(world.amina, world.court, ("services",), purpose="Parole compliance"),
        actor=world.vault.actor,
    )  # refused
    return world


def test_rows_are_newest_first_in_plain_words(filled: World) -> None:
    rows = log_view.select(filled.vault)
    assert [r.seq for r in rows] == sorted((r.seq for r in rows), reverse=True)
    kinds = [r.kind_words for r in rows]
    assert kinds == [
        "Sharing refused",
        "Request to us",
        "File saved",
        "Sharing allowed by a release",
    ]
    request = rows[1]
    assert request.client == "Ben Okafor"
    assert request.recipient == "From: Officer Dana Reyes, County Probation"
    assert "attendance dates" in request.what
    fields = dict(request.fields)
    assert fields["How their identity was confirmed"] == "rang back on the main number"
    assert fields["Decision"] == "granted" and fields["Entered by"] == "Test Advocate"
    assert "grant_digest" not in " ".join(k for k, _ in rows[3].fields)
    assert dict(rows[3].fields)["Information"] == "services provided: types, dates, durations"


def test_filter_by_client_kind_text_and_dates(filled: World, clock: FixedClock) -> None:
    v = filled.vault
    ben = log_view.select(v, LogFilter(client_id=filled.ben))
    assert [r.kind for r in ben] == [EntryKind.INCOMING]
    amina = log_view.select(v, LogFilter(client_id=filled.amina))
    assert {r.kind for r in amina} == {EntryKind.GRANTED, EntryKind.WRITTEN, EntryKind.REFUSED}
    assert [r.kind for r in log_view.select(v, LogFilter(group="refusals"))] == [EntryKind.REFUSED]
    assert [r.kind for r in log_view.select(v, LogFilter(group="requests"))] == [EntryKind.INCOMING]
    assert {r.kind for r in log_view.select(v, LogFilter(group="disclosures"))} == {
        EntryKind.GRANTED,
        EntryKind.WRITTEN,
    }
    assert [r.kind for r in log_view.select(v, LogFilter(text="probation DANA"))] == [
        EntryKind.INCOMING
    ]
    assert log_view.select(v, LogFilter(text="nobody-by-this-name")) == []
    clock.advance(timedelta(days=3))
    request_for_ben(filled, "refused", "no release from the client")
    later = log_view.select(v, LogFilter(date_from=D("2026-11-24")))
    assert [r.kind for r in later] == [EntryKind.INCOMING]
    earlier = log_view.select(v, LogFilter(date_to=D("2026-11-22")))
    assert len(earlier) == 4
    # a request refused is a decision not to share: it is among the refusals
    assert len(log_view.select(v, LogFilter(group="refusals"))) == 2


def test_bad_filters_are_refused_in_plain_words(filled: World) -> None:
    with pytest.raises(InvalidInput, match=r"'from' date \(2026-11-22\) is after the 'to' date"):
        log_view.select(filled.vault, LogFilter(date_from=D("2026-11-22"), date_to=D("2026-11-01")))
    with pytest.raises(InvalidInput, match="kind of entry"):
        log_view.select(filled.vault, LogFilter(group="everything"))


def test_a_correction_is_shown_on_the_entry_it_corrects(filled: World) -> None:
    v = filled.vault
    original = log.entries(v, kind=EntryKind.INCOMING)[0].ref
    fix = log.correct(v, original, "The request came by post, not by phone.", actor=v.actor)
    rows = {r.ref: r for r in log_view.select(v)}
    assert dict(rows[original].fields)["Corrected by"] == fix.ref
    assert rows[fix.ref].what.startswith(f"Corrects {original}")
    assert rows[fix.ref].client == "Ben Okafor"


def test_accounting_holds_only_that_clients_disclosures(
    filled: World, tmp_path: Path, clock: FixedClock
) -> None:
    v = filled.vault
    mine = log.entries(v, client_id=filled.amina, kind=EntryKind.WRITTEN)[0].ref
    g = log_print.print_log(
        v, log_print.ACCOUNTING, LogFilter(client_id=filled.amina), actor=v.actor
    )
    assert g.scope.log_refs == (mine,)  # not Ben's request, not the refusal, not the decision
    export_log_pdf(v, g, tmp_path / "accounting.pdf", actor=v.actor)
    # the printed accounting is the program's own record, not a disclosure of the file
    assert accounting.refs(v, filled.amina) == [mine]
    assert accounting.refs(v, filled.ben) == []
    # Six years to the calendar day on, it is still in the period (the safer reading);
    # a day later it has aged out.
    clock.advance(timedelta(days=365 * 6 + 2))
    assert accounting.refs(v, filled.amina) == [mine]
    clock.advance(timedelta(days=1))
    assert accounting.refs(v, filled.amina) == []


def test_printing_is_recorded_with_purpose_filter_and_count(filled: World) -> None:
    v = filled.vault
    flt = LogFilter(group="requests", client_id=filled.ben)
    g = log_print.print_log(v, log_print.REVIEW, flt, actor=v.actor)
    entry = log.get_entry(v, g.log_ref)
    assert entry.kind == EntryKind.PRINTED and entry.client_id == filled.ben
    assert entry.actor == "Test Advocate"
    assert entry.detail["purpose"] == "the program's own review of its sharing"
    assert entry.detail["filter"] == f"requests, client {filled.ben}"
    assert entry.detail["entries"] == 1
    assert entry.detail["refs"] == [log.entries(v, kind=EntryKind.INCOMING)[0].ref]


@pytest.mark.parametrize(
    ("purpose", "flt", "message"),
    [
        ("", LogFilter(), "Choose why you are printing"),
        ("gossip", LogFilter(), "Choose why you are printing"),
        (log_print.ACCOUNTING, LogFilter(), "An accounting of disclosures is for one client"),
        (log_print.REVIEW, LogFilter(text="no such words"), "No entries match this filter"),
        (
            log_print.AUDIT,
            LogFilter(date_from=D("2026-12-01"), date_to=D("2026-11-01")),
            "'from' date",
        ),
    ],
)
def test_printing_refused_changes_nothing(
    filled: World, purpose: str, flt: LogFilter, message: str
) -> None:
    before = len(log.entries(filled.vault))
    with pytest.raises(InvalidInput, match=message):
        log_print.print_log(filled.vault, purpose, flt, actor=filled.vault.actor)
    assert len(log.entries(filled.vault)) == before


def test_a_print_grant_is_redeemed_once_and_only_on_its_own_road(
    filled: World, tmp_path: Path
) -> None:
    v = filled.vault
    g = log_print.print_log(v, log_print.REVIEW, actor=v.actor)
    with pytest.raises(ConsentRefused, match="does not match any decision"):
        export_pdf(
            v, g, tmp_path / "a.pdf", actor=v.actor
        )  # the gate's exporter refuses it (and spends it)
    with pytest.raises(ConsentRefused, match="already used"):
        export_log_pdf(v, g, tmp_path / "b.pdf", actor=v.actor)
    release_grant = gate.require(
        v,
        ExportRequest(filled.amina, filled.parole, ("services",), purpose="Parole compliance"),
        actor=v.actor,
    )
    with pytest.raises(ConsentRefused, match="does not match any decision"):
        export_log_pdf(v, release_grant, tmp_path / "c.pdf", actor=v.actor)
    assert not any((tmp_path / n).exists() for n in ("a.pdf", "b.pdf", "c.pdf"))
