"""Funder reports: counts match an independent count, no one is named, small cells hidden."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from safefile import records
from safefile.consent import log
from safefile.consent.kinds import EntryKind
from safefile.errors import InvalidInput
from safefile.records.models import ClientIn, ServiceIn
from safefile.reports import counts, output
from safefile.store import checkup
from safefile.store.vault import Vault

START, END = date(2026, 1, 1), date(2026, 6, 30)


def _synthetic(
    vault: Vault, seed: int
) -> tuple[list[dict[str, object]], list[tuple[int, str, str, int]]]:
    rng = random.Random(seed)
    types = records.service_types(vault)[:4]
    people: list[dict[str, object]] = []
    services: list[tuple[int, str, str, int]] = []
    for i in range(60):
        intake = date(2025, 6, 1) + timedelta(days=rng.randrange(0, 500))
        if intake > date(2026, 11, 1):
            intake = date(2026, 11, 1)
        person: dict[str, object] = {
            "name": f"Synthname{i:03d} Person",
            "case_number": f"CASE-{9000 + i}",
            "born": f"19{rng.randrange(50, 99)}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}",
            "intake_date": intake.isoformat(),
        }
        cid = records.add_client(vault, ClientIn.from_input(person), actor=vault.actor)
        person["id"] = cid
        people.append(person)
        for _ in range(rng.randrange(0, 6)):
            on = intake + timedelta(days=rng.randrange(0, 200))
            if on > date(2026, 11, 20):
                continue
            t = rng.choice(types if rng.random() < 0.9 else types[:1])
            m = rng.choice([15, 30, 45, 60, 90])
            records.add_service(
                vault,
                ServiceIn.from_input(
                    {"client_id": cid, "on_date": on.isoformat(), "type": t, "minutes": m}
                ),
                actor=vault.actor,
            )
            services.append((cid, on.isoformat(), t, m))
    return people, services


@pytest.mark.parametrize("seed", [1, 7])
def test_counts_match_an_independent_count(vault: Vault, seed: int) -> None:
    people, services = _synthetic(vault, seed)
    a, b = START.isoformat(), END.isoformat()
    inside = [s for s in services if a <= s[1] <= b]
    served = len({s[0] for s in inside})
    new = sum(1 for p in people if a <= str(p["intake_date"]) <= b)
    by_type: Counter[str] = Counter(s[2] for s in inside)
    minutes: defaultdict[str, int] = defaultdict(int)
    for s in inside:
        minutes[s[2]] += s[3]
    types = records.service_types(vault)[:2]
    counts.set_configured_counts(
        vault, [{"label": "Clients in the first two", "service_types": types}], actor=vault.actor
    )
    configured = len({s[0] for s in inside if s[2] in types})

    r = counts.build(vault, START, END, 5)

    def check(cell: counts.Cell, expected: int) -> None:
        assert cell.count == expected or (cell.count is None and 0 < expected < 5)

    check(r.clients_served, served)
    check(r.new_clients, new)
    check(r.configured[0], configured)
    assert {c.label for c in r.services} == set(by_type)
    for c in r.services:
        if c.count is not None:
            assert c.count == by_type[c.label]
            assert c.hours == round(minutes[c.label] / 60, 1)
    assert r.services_total.count == sum(by_type.values())
    hidden = [c for c in r.services if c.count is None]
    assert len(hidden) != 1  # one hidden cell and a total would give it away


def test_small_and_derivable_cells_are_hidden(vault: Vault) -> None:
    a = records.add_client(
        vault, ClientIn.from_input({"name": "A", "intake_date": "2025-01-01"}), actor=vault.actor
    )
    t = records.service_types(vault)
    for i, (typ, n) in enumerate([(t[0], 10), (t[1], 7), (t[2], 2)]):
        for k in range(n):
            records.add_service(
                vault,
                ServiceIn.from_input(
                    {
                        "client_id": a,
                        "on_date": f"2026-02-{k + 1:02d}",
                        "type": typ,
                        "minutes": 60 + i,
                    }
                ),
                actor=vault.actor,
            )
    r = counts.build(vault, START, END)
    shown = {c.label: c.count for c in r.services}
    assert shown == {t[0]: 10, t[1]: None, t[2]: None}
    assert r.services_total.count == 19
    assert r.clients_served.count is None and r.clients_served.shown(5) == "fewer than 5"
    assert counts.suppress_group([1, 1, 9], 11, 5) == {0, 1, 2}  # 1 + 1 = 2 would give both


def test_voided_services_are_not_counted(vault: Vault) -> None:
    t = records.service_types(vault)[0]
    ids = []
    for i in range(7):
        c = records.add_client(vault, ClientIn.from_input({"name": f"C{i}"}), actor=vault.actor)
        ids.append(
            records.add_service(
                vault,
                ServiceIn(client_id=c, on_date=date(2026, 2, 1), type=t, minutes=60),
                actor=vault.actor,
            )
        )
    assert counts.build(vault, START, END).services_total.count == 7
    records.void_service(vault, ids[0], "entered twice", actor=vault.actor)
    records.void_service(vault, ids[1], "wrong client", actor=vault.actor)
    r = counts.build(vault, START, END)
    assert r.services_total.count == 5 and r.clients_served.count == 5


def test_bad_periods_are_refused(vault: Vault) -> None:
    with pytest.raises(InvalidInput, match="ends"):
        counts.build(vault, END, START)
    with pytest.raises(InvalidInput, match="at least 2"):
        counts.build(vault, START, END, 1)


def test_csv_and_pdf_name_no_one_and_are_recorded(vault: Vault, tmp_path: Path) -> None:
    people, _ = _synthetic(vault, 3)
    r = counts.build(vault, START, END)
    out_csv = output.write_csv(vault, r, tmp_path / "report.csv", actor=vault.actor)
    out_pdf = output.write_pdf(vault, r, tmp_path / "report.pdf", actor=vault.actor)
    text_csv = out_csv.path.read_text("utf-8-sig")
    text_pdf = "\n".join(p.extract_text() for p in PdfReader(out_pdf.path).pages)
    assert "De-identified" in text_pdf and "Unduplicated clients served" in text_pdf
    rows = list(csv.reader(io.StringIO(text_csv)))
    assert rows[0] == ["section", "measure", "count", "hours"]
    for text in (text_csv, text_pdf):
        for p in people:
            assert str(p["name"]).split()[0] not in text
            assert str(p["case_number"]) not in text and str(p["born"]) not in text
    kinds = [e.kind for e in log.entries(vault)]
    assert kinds.count(EntryKind.DEIDENTIFIED) == 2 and kinds.count(EntryKind.WRITTEN) == 2
    written = [e for e in log.entries(vault) if e.kind == EntryKind.WRITTEN]
    assert {e.digest for e in written} == {out_csv.sha256, out_pdf.sha256}
    assert checkup.check(vault).ok


def test_deidentified_material_refuses_names_and_is_recorded(vault: Vault, tmp_path: Path) -> None:
    from safefile.reports import deidentified

    records.add_client(
        vault,
        ClientIn.from_input({"name": "Rosalind Okafor", "case_number": "DV-77"}),
        actor=vault.actor,
    )
    with pytest.raises(InvalidInput, match="a client's name"):
        deidentified.write_pdf(
            vault, "teaching", "a case", "Rosalind came in.", tmp_path / "a.pdf", actor=vault.actor
        )
    with pytest.raises(InvalidInput, match="a case number, a full date"):
        deidentified.write_pdf(
            vault,
            "teaching",
            "a case",
            "File dv-77, seen 2026-01-02.",
            tmp_path / "a.pdf",
            actor=vault.actor,
        )
    assert not (tmp_path / "a.pdf").exists()
    r = deidentified.write_pdf(
        vault,
        "consultation",
        "a client in her 30s",
        "A woman in her thirties came in spring.",
        tmp_path / "a.pdf",
        actor=vault.actor,
    )
    text = "".join(p.extract_text() for p in PdfReader(r.path).pages)
    assert "De-identified material" in text and "thirties" in text
    assert [e.kind for e in log.entries(vault)][-2:] == [EntryKind.DEIDENTIFIED, EntryKind.WRITTEN]
