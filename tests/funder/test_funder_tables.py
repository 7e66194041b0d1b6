"""Acceptance for issue 26: a generated program year, whose PMT and FVPSA tables are
worked out here from the generated facts (not from the vault) and compared cell by cell
with ``report --form pmt|fvpsa --csv``, suppression included."""

from __future__ import annotations

import csv
import io
import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest

from safefile import records
from safefile.clock import FixedClock
from safefile.funder import entries, intake
from safefile.records import services as services_core
from safefile.records.models import ClientIn, ServiceIn
from safefile.store import keys
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE, Cli

LISTS = json.loads((Path(__file__).parents[2] / "resources" / "funder_lists.json").read_text())
N = 5  # the smallest count shown
TODAY = date(2026, 11, 22)
FY26 = (date(2025, 10, 1), date(2026, 9, 30))
Q2_FY26 = (date(2026, 1, 1), date(2026, 3, 31))
Q1_FY27 = (date(2026, 10, 1), TODAY)
CUSTOM_UNMAPPED = "@Custom unmapped"
CUSTOM_MAPPED = "=Civil legal clinic"


@dataclass
class Person:
    id: int
    intake: date
    born: str | None
    band: str
    gender: str | None
    race: list[str]
    vict: list[str]
    special: list[str]
    dates: list[date] = field(default_factory=list)  # services not voided


@dataclass
class Year:
    people: dict[int, Person]
    services: list[tuple[int, date, str]]  # not voided
    contacts: list[tuple[date, str]]
    stays: list[tuple[int, date, date | None]]
    unmet: list[tuple[date, int, str]]
    surveys: list[tuple[date, int, int, int]]


def _day(rng: random.Random, a: date, b: date) -> date:
    return a + timedelta(days=rng.randrange((b - a).days + 1))


def _pick(rng: random.Random, name: str, most: int) -> list[str]:
    roll = rng.random()
    if roll < 0.06:
        return ["declined"]
    if roll < 0.12:
        return ["not-asked"]
    if roll < 0.18:
        return []  # never asked: no answer at all
    keys_ = [k for k, _ in LISTS[name]]
    return rng.sample(keys_, rng.randint(1, most))


def generate(vault: Vault, seed: int = 26) -> Year:
    """A program year built through the core, in one transaction."""
    rng = random.Random(seed)
    types = [t for t in records.service_types(vault)]
    people: dict[int, Person] = {}
    services: list[tuple[int, date, str]] = []
    with vault.transaction():
        services_core.add_service_type(
            vault, CUSTOM_UNMAPPED, actor=vault.actor
        )  # mapped to nothing
        entries.add_service_type(vault, CUSTOM_MAPPED, "E6", actor=vault.actor)
        types += [CUSTOM_UNMAPPED, CUSTOM_MAPPED]
        for i in range(320):
            if i < 30:  # files opened years ago, moved from paper
                opened = _day(rng, date(2022, 1, 1), date(2024, 12, 31))
            elif i < 270:
                opened = _day(rng, FY26[0], FY26[1])
            else:
                opened = _day(rng, Q1_FY27[0], TODAY)
            roll = rng.random()
            born = (
                _day(rng, date(1950, 1, 1), date(2022, 1, 1)).isoformat()
                if roll < 0.75
                else str(rng.randint(1950, 2015))
                if roll < 0.82
                else None
            )
            band = "" if born else rng.choice(["", "declined", "0-12", "25-59", "60+"])
            gender = rng.choice(
                ["female"] * 12 + ["male"] * 5 + ["other", "declined", "not-asked", None]
            )
            p = Person(
                0,
                opened,
                born,
                band,
                gender,
                _pick(rng, "race-ethnicity", 2),
                _pick(rng, "victimization", 3),
                _pick(rng, "special", 2),
            )
            p.id = records.add_client(
                vault,
                ClientIn(
                    name=f"Client Name{i:03d}",
                    born=born,
                    case_number=f"CN-{i:04d}",
                    intake_date=opened,
                ),
                actor=vault.actor,
            )
            intake.set_answers(
                vault,
                p.id,
                intake.parse(
                    vault,
                    gender=gender,
                    race_ethnicity=p.race or None,
                    victimization=p.vict or None,
                    special=p.special or None,
                    age_band=band or None,
                ),
                actor=vault.actor,
            )
            people[p.id] = p
            first = max(opened, FY26[0] - timedelta(days=60))
            for _ in range(rng.randint(0, 6)):
                on = _day(rng, first, TODAY)
                t = rng.choice(types)
                sid = records.add_service(
                    vault,
                    ServiceIn(client_id=p.id, on_date=on, type=t, minutes=30),
                    actor=vault.actor,
                )
                if rng.random() < 0.05:
                    services_core.void_service(
                        vault, sid, "entered on the wrong file", actor=vault.actor
                    )
                else:
                    services.append((p.id, on, t))
                    p.dates.append(on)
        contacts = []
        for _ in range(160):
            on, kind = (
                _day(rng, FY26[0], TODAY),
                rng.choice(["hotline"] * 6 + ["walk-in", "walk-in", "text", "other"]),
            )
            entries.add_contact(
                vault, on, kind, victimization="domestic-violence", actor=vault.actor
            )
            contacts.append((on, kind))
        stays: list[tuple[int, date, date | None]] = []
        for cid in rng.sample(sorted(people), 60):
            a = _day(rng, max(people[cid].intake, date(2025, 8, 1)), TODAY)
            z = None if rng.random() < 0.15 else min(a + timedelta(days=rng.randint(0, 90)), TODAY)
            entries.add_stay(vault, cid, a, z, actor=vault.actor)
            stays.append((cid, a, z))
        unmet = []
        for _ in range(23):
            u = (
                _day(rng, FY26[0], TODAY),
                rng.randint(1, 5),
                rng.choice(["no-beds"] * 5 + ["not-eligible", "other"]),
            )
            entries.add_unmet(vault, *u, actor=vault.actor)
            unmet.append(u)
        surveys = [(date(2026, 3, 31), 40, 37, 33), (date(2026, 9, 30), 22, 21, 19)]
        for s in surveys:
            entries.add_survey(vault, *s, actor=vault.actor)
    return Year(people, services, contacts, stays, unmet, surveys)


# ---- the tables, worked out from the generated facts -------------------------------


def fy(d: date) -> int:
    return d.year + (d.month >= 10)


def hide(v: int) -> bool:
    return 0 < v < N


def suppressed(values: list[int], total: int, total_hidden: bool = False) -> set[int]:
    if total_hidden:
        return {i for i, v in enumerate(values) if v}
    out = {i for i, v in enumerate(values) if hide(v)}
    if out and not hide(total):
        for _v, i in sorted((v, i) for i, v in enumerate(values) if i not in out and v):
            if len(out) >= 2 and sum(values[j] for j in out) >= N:
                break
            out.add(i)
    return out


class Expect:
    def __init__(self) -> None:
        self.cells: dict[tuple[str, str], str] = {}
        self.complementary: list[str] = []  # hidden although not small themselves

    def put(self, section: str, measure: str, value: int, hidden: bool) -> None:
        assert (section, measure) not in self.cells, measure
        self.cells[(section, measure)] = f"fewer than {N}" if hidden else str(value)
        if hidden and value >= N:
            self.complementary.append(measure)

    def one(self, section: str, measure: str, value: int) -> bool:
        self.put(section, measure, value, hide(value))
        return hide(value)

    def group(
        self,
        section: str,
        cells: list[tuple[str, int]],
        total: int,
        total_label: str | None = None,
        total_hidden: bool = False,
    ) -> set[int]:
        h = suppressed([v for _, v in cells], total, total_hidden)
        if total_label:
            self.put(section, total_label, total, total_hidden or hide(total))
        for i, (label, v) in enumerate(cells):
            self.put(section, label, v, i in h)
        return h


def activity(y: Year, start: date, end: date) -> tuple[set[int], set[int]]:
    served, new = set(), set()
    for p in y.people.values():
        days = [p.intake, *p.dates]
        if any(start <= d <= end for d in days):
            served.add(p.id)
        for d in days:
            if start <= d <= end and d == min(x for x in days if fy(x) == fy(d)):
                new.add(p.id)
    return served, new


def age(born: str, on: date) -> int:
    b = date(int(born), 1, 1) if len(born) == 4 else date.fromisoformat(born)
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def band(p: Person) -> str:
    if p.born is None:
        return p.band or "not-asked"
    a = age(p.born, p.intake)
    return (
        "0-12"
        if a <= 12
        else "13-17"
        if a <= 17
        else "18-24"
        if a <= 24
        else ("25-59" if a <= 59 else "60+")
    )


def demographics(e: Expect, y: Year, who: set[int], section: str, total_hidden: bool) -> None:
    def tally(prefix: str, name: str, answer: dict[int, str], extra: list[str]) -> None:
        labels = (
            [(k, v) for k, v in LISTS[name]]
            + [(x, x) for x in extra]
            + [("declined", "Not reported"), ("not-asked", "Not tracked")]
        )
        count: dict[str, int] = defaultdict(int)
        for cid in who:
            count[answer[cid]] += 1
        e.group(
            section,
            [(f"{prefix}: {v}", count[k]) for k, v in labels],
            len(who),
            total_hidden=total_hidden,
        )

    race = {
        c: (
            "not-asked"
            if not y.people[c].race
            else y.people[c].race[0]
            if len(y.people[c].race) == 1
            else "Multiple races"
        )
        for c in who
    }
    tally("Race/ethnicity", "race-ethnicity", race, ["Multiple races"])
    tally("Gender", "gender", {c: y.people[c].gender or "not-asked" for c in who}, [])
    tally("Age at intake", "age-band", {c: band(y.people[c]) for c in who}, [])


def expected_pmt(y: Year, start: date, end: date) -> Expect:
    e = Expect()
    served, new = activity(y, start, end)
    e.one("Individuals", "Victims served", len(served))
    new_hidden = e.one(
        "Individuals", "New victims (first service in the federal fiscal year)", len(new)
    )
    kinds = {"hotline": "Hotline", "walk-in": "Walk-in", "text": "Text", "other": "Other"}
    anon = [k for d, k in y.contacts if start <= d <= end]
    e.group(
        "Anonymous contacts",
        [(f"{v} contacts", anon.count(k)) for k, v in kinds.items()],
        len(anon),
        "Anonymous contacts",
    )
    demographics(e, y, new, "Demographics (new victims)", new_hidden)
    for q, attr, title in (
        ("victimization", "vict", "Victimization types"),
        ("special", "special", "Special classifications"),
    ):
        labels = [(k, v) for k, v in LISTS[q]] + [
            ("declined", "Not reported"),
            ("not-asked", "Not tracked"),
        ]
        for k, v in labels:
            n = sum(1 for c in served if k in (getattr(y.people[c], attr) or ["not-asked"]))
            e.one(f"{title} (victims served)", v, n)
    mapping = dict(LISTS["service-types"]) | {CUSTOM_MAPPED: "E6"}
    subs = [(k, v) for k, v in LISTS["pmt-sub-services"]]
    done = [(c, mapping.get(t, "")) for c, d, t in y.services if start <= d <= end]
    sec = "Services by PMT category"

    def cat_of(s: str) -> str:
        return s.rstrip("0123456789")

    cats = [(k, v) for k, v in LISTS["pmt-categories"]]
    cat_times = [
        (f"{v}: times provided", sum(1 for _, s in done if s and cat_of(s) == k)) for k, v in cats
    ]
    cat_times.append(
        ("Not mapped to a PMT category: times provided", sum(1 for _, s in done if not s))
    )
    top = e.group(sec, cat_times, len(done), "All services: times provided")
    for i, (k, v) in enumerate(cats):
        mine = [(s, lab) for s, lab in subs if cat_of(s) == k]
        e.one(sec, f"{v}: individuals", len({c for c, s in done if s and cat_of(s) == k}))
        for s, lab in mine:
            e.one(sec, f"{s} {lab}: individuals", len({c for c, x in done if x == s}))
        e.group(
            sec,
            [(f"{s} {lab}: times provided", sum(1 for _, x in done if x == s)) for s, lab in mine],
            cat_times[i][1],
            total_hidden=i in top,
        )
    return e


def expected_fvpsa(y: Year, start: date, end: date) -> Expect:
    e = Expect()
    served, _ = activity(y, start, end)
    nights: dict[int, int] = defaultdict(int)
    for cid, a, z in y.stays:
        d = a
        while d <= end and (z is None or d < z):
            if d >= start:
                nights[cid] += 1
            d += timedelta(days=1)
    sheltered = {c for c, n in nights.items() if n}
    everyone = served | sheltered
    non = everyone - sheltered

    def kind(c: int) -> int:
        p = y.people[c]
        on = max(start, p.intake)
        if p.born:
            return 1 if age(p.born, on) < 18 else 0
        return {"0-12": 1, "25-59": 0, "60+": 0}.get(p.band, 2)

    top = e.group(
        "Clients",
        [("Shelter clients", len(sheltered)), ("Non-shelter clients", len(non))],
        len(everyone),
        "Clients served",
    )
    labels = ["adults", "children", "age not known"]
    hidden_shelter: set[int] = set()
    for i, (who, name) in enumerate(((sheltered, "Shelter"), (non, "Non-shelter"))):
        h = e.group(
            f"{name} clients",
            [
                (f"{name}: {lab}", sum(1 for c in who if kind(c) == j))
                for j, lab in enumerate(labels)
            ],
            len(who),
            total_hidden=i in top or hide(len(who)),
        )
        if i == 0:
            hidden_shelter = h
    e.put(
        "Shelter nights", "Shelter nights", sum(nights.values()), 0 in top or hide(len(sheltered))
    )
    for j, lab in enumerate(labels):
        v = sum(n for c, n in nights.items() if kind(c) == j)
        e.put("Shelter nights", f"Nights: {lab}", v, j in hidden_shelter and v > 0)
    un = [u for u in y.unmet if start <= u[0] <= end]
    reasons = [(k, v) for k, v in LISTS["unmet-reasons"]]
    e.group(
        "Unmet requests for shelter",
        [(v, sum(1 for u in un if u[2] == k)) for k, v in reasons],
        len(un),
        "Unmet requests for shelter",
    )
    e.put(
        "Unmet requests for shelter",
        "People in the households not sheltered",
        sum(u[1] for u in un),
        hide(len(un)),
    )
    anon = sum(1 for d, k in y.contacts if start <= d <= end and k == "hotline")
    calls = sum(1 for _, d, t in y.services if start <= d <= end and t == "Hotline call")
    e.group(
        "Hotline calls",
        [("Anonymous hotline calls", anon), ("Hotline calls with a client's file", calls)],
        anon + calls,
        "Hotline calls",
    )
    demographics(e, y, everyone, "Demographics (clients served)", hide(len(everyone)))
    s = [x for x in y.surveys if start <= x[0] <= end]
    responses = sum(x[1] for x in s)
    h0 = e.one("Outcomes (client survey)", "Survey responses", responses)
    for label, yes in (
        ("Have strategies for enhancing their safety", sum(x[2] for x in s)),
        ("Have knowledge of available community resources", sum(x[3] for x in s)),
    ):
        hidden = h0 or hide(yes) or hide(responses - yes)
        e.put("Outcomes (client survey)", label, yes, hidden and yes > 0)
    return e


# ---- the test ------------------------------------------------------------------------


def _table(path: Path) -> dict[tuple[str, str], str]:
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["section", "measure", "count"]
    return {(r[0], r[1]): r[2] for r in rows[1:] if r[0] not in ("report", "note")}


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Year]:
    import os

    os.environ["SAFEFILE_TEST_FAST_KDF"] = "1"
    path = tmp_path_factory.mktemp("year") / "program.safefile"
    clock = FixedClock(
        __import__("datetime").datetime.fromisoformat("2026-11-22T10:00:00").astimezone()
    )
    vault, _ = Vault.create(
        path, PASSPHRASE, kdf=keys.KdfParams.minimum(), clock=clock, user_name="Test Advocate"
    )
    try:
        y = generate(vault)
    finally:
        vault.lock()
    return path, y


@pytest.mark.slow
@pytest.mark.parametrize(
    ("form", "period"),
    [("pmt", Q2_FY26), ("pmt", Q1_FY27), ("pmt", FY26), ("fvpsa", FY26), ("fvpsa", Q1_FY27)],
)
def test_the_tables_match_cell_by_cell(
    cli: Cli, year: tuple[Path, Year], tmp_path: Path, form: str, period: tuple[date, date]
) -> None:
    path, y = year
    out = tmp_path / f"{form}.csv"
    r = cli(
        "report",
        str(path),
        "--from",
        period[0].isoformat(),
        "--to",
        period[1].isoformat(),
        "--form",
        form,
        "--csv",
        str(out),
        "--pdf",
        str(tmp_path / f"{form}.pdf"),
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert r.code == 0, r.err
    got = _table(out)
    expect = (expected_pmt if form == "pmt" else expected_fvpsa)(y, *period)
    want = expect.cells
    assert set(got) == set(want)
    wrong = {k: (got[k], want[k]) for k in want if got[k] != want[k]}
    assert not wrong
    shown = [v for v in got.values() if v != f"fewer than {N}"]
    assert sum(int(v) for v in shown) > 100  # the table is not all hidden
    if form == "pmt" and period != FY26:  # small cells hidden, and others with them
        assert any(v == f"fewer than {N}" for v in got.values())
        assert expect.complementary


def test_a_report_leaves_the_cycle_collector_as_it_found_it(vault: Vault) -> None:
    """The collector waits while a report is built (reports/funder._collector_waits), then
    runs again: on after a report, off after one if a caller had turned it off."""
    import gc

    from safefile.reports import funder

    assert gc.isenabled()
    for form in ("pmt", "fvpsa"):
        funder.build(vault, form, date(2025, 10, 1), date(2026, 9, 30))
        assert gc.isenabled()
    gc.disable()
    try:
        funder.build(vault, "pmt", date(2025, 10, 1), date(2025, 12, 31))
        assert not gc.isenabled()
    finally:
        gc.enable()
