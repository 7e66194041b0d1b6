"""The funder's tables: OVC's PMT (quarterly, VOCA) and the FVPSA performance report (annual).

Every figure is a count (or a sum of nights), built from one query per table over the
period, so the work grows linearly with the vault (no query per client).

Definitions (docs/funder-reports.md has them in full):

* A client's *activity* is the file's intake date and every service not voided.
  *Victims served* in the period: clients with activity in it.
* *New victims*: clients whose first activity in a federal fiscal year (1 October to
  30 September) falls in the period.  A client returning in a later quarter of the same
  fiscal year is not new; one returning after 1 October is new again.
* Demographics (race and ethnicity, gender identity, age at intake) count new victims
  (PMT) or clients served (FVPSA), one answer each, so each list sums to its total:
  several races count as "Multiple races", ``declined`` as "Not reported", ``not-asked``
  or no answer as "Not tracked".
* Victimization types and special classifications count victims served; a client may
  have several, so these lists do not sum to a total.
* Services by PMT category: individuals (distinct clients) and times provided, per
  category and per sub-service, through each service type's mapping.
* Shelter nights: the nights of each stay that fall in the period (a stay's last day is
  the day the client left, not a night); adults and children by age during the period.

Suppression: a count from 1 to N-1 is hidden.  In a list that sums to a shown total,
hidden cells are joined by the next smallest shown ones until two are hidden and their
sum reaches N (``counts.suppress_group``); a total hidden for that reason hides every
non-zero cell of the list beneath it, so no hidden cell can be worked out from totals.
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from safefile.errors import InvalidInput
from safefile.funder import entries, lists
from safefile.reports.counts import DEFAULT_MIN_COUNT, suppress_group
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.vault import Vault

FORMS = ("pmt", "fvpsa")
MULTIPLE_RACES = "Multiple races"
AGE_NOT_KNOWN = "Age not known"
ANONYMOUS_KINDS = {"hotline": "Hotline", "walk-in": "Walk-in", "text": "Text", "other": "Other"}
TITLES = {
    "pmt": "VOCA performance measures (OVC PMT), de-identified",
    "fvpsa": "FVPSA performance report, de-identified",
}


@dataclass(frozen=True)
class Row:
    section: str
    measure: str
    count: int | None  # None: suppressed


@dataclass
class FunderReport:
    form: str
    start: date
    end: date
    min_count: int
    rows: list[Row] = field(default_factory=list)

    def table(self) -> list[tuple[str, str, str]]:
        """(section, measure, count as shown) in order: as printed and in the CSV."""
        n = self.min_count
        return [
            (r.section, r.measure, f"fewer than {n}" if r.count is None else str(r.count))
            for r in self.rows
        ]


def fiscal_year(d: date) -> int:
    """The federal fiscal year: FY 2027 runs from 1 October 2026 to 30 September 2027."""
    return d.year + (1 if d.month >= 10 else 0)


def fiscal_start(d: date) -> date:
    return date(fiscal_year(d) - 1, 10, 1)


def age_on(born: str, on: date) -> int:
    """Whole years; a year alone counts from 1 January (as the records do)."""
    b = date(int(born), 1, 1) if len(born) == 4 else date.fromisoformat(born)
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def band_of(age: int) -> str:
    for key, low, high in (("0-12", 0, 12), ("13-17", 13, 17), ("18-24", 18, 24)):
        if low <= age <= high:
            return key
    return "25-59" if age <= 59 else "60+"


class _Builder:
    """Rows, with each list's suppression applied as it is added."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.rows: list[Row] = []

    def hide(self, v: int) -> bool:
        return 0 < v < self.n

    def single(self, section: str, label: str, value: int) -> bool:
        """A count on its own; returns whether it is hidden."""
        hidden = self.hide(value)
        self.rows.append(Row(section, label, None if hidden else value))
        return hidden

    def group(
        self,
        section: str,
        cells: list[tuple[str, int]],
        total: int,
        *,
        total_label: str | None = None,
        total_hidden: bool = False,
    ) -> set[int]:
        """Cells that sum to ``total``; returns the indexes hidden.  ``total_hidden``: the
        total is hidden above (its own list), so every non-zero cell here is hidden."""
        values = [v for _, v in cells]
        if total_hidden:
            hidden = {i for i, v in enumerate(values) if v}
        else:
            hidden = suppress_group(values, total, self.n)
        if total_label is not None:
            self.rows.append(
                Row(section, total_label, None if total_hidden or self.hide(total) else total)
            )
        for i, (label, v) in enumerate(cells):
            self.rows.append(Row(section, label, None if i in hidden else v))
        return hidden

    def each(self, section: str, cells: Iterable[tuple[str, int]]) -> None:
        """Counts that do not sum to anything shown (several answers a person)."""
        for label, v in cells:
            self.single(section, label, v)


@dataclass
class _Person:
    born: str | None
    intake: date
    role: str | None
    gender: str
    age_band: str
    answers: dict[str, list[str]] = field(default_factory=dict)


def _people(vault: Vault, ids: set[int]) -> dict[int, _Person]:
    """The counted facts of the clients in ``ids``: two queries, whatever their number
    (the ids go in as one JSON array)."""
    db = vault.db
    wanted = json.dumps(sorted(ids))
    people = {
        int(r[0]): _Person(
            r[1] or None,
            date.fromisoformat(r[2]),
            r[3],
            str(r[4] or lists.NOT_ASKED),
            str(r[5] or ""),
        )
        for r in db.execute(
            "SELECT c.id, c.born, c.intake_date, c.household_role, i.gender, i.age_band "
            "FROM clients c LEFT JOIN client_intake i ON i.client_id = c.id "
            "WHERE c.id IN (SELECT value FROM json_each(?))",
            (wanted,),
        )
    }
    for cid, question, answer in db.execute(
        "SELECT client_id, question, answer FROM client_answers "
        "WHERE client_id IN (SELECT value FROM json_each(?))",
        (wanted,),
    ):
        people[int(cid)].answers.setdefault(str(question), []).append(str(answer))
    return people


def _activity(vault: Vault, start: date, end: date) -> tuple[set[int], set[int]]:
    """(served, new) in the period: one query over the intake dates and services from the
    start of the first fiscal year the period touches, grouped by client and fiscal year
    (the year from the ISO text: October on counts to the next). Every date read is on or
    before the period's end, so a group with its latest date in the period was served in
    it, and one with its first date in the period is new."""
    since, a, b = fiscal_start(start).isoformat(), start.isoformat(), end.isoformat()
    rows = vault.db.execute(
        "SELECT cid, min(d), max(d) FROM ("
        " SELECT id AS cid, intake_date AS d FROM clients WHERE intake_date BETWEEN ?1 AND ?2"
        " UNION ALL SELECT client_id, on_date FROM services"
        " WHERE voided_at IS NULL AND on_date BETWEEN ?1 AND ?2"
        ") GROUP BY cid, CAST(substr(d, 1, 4) AS INTEGER) + (substr(d, 6, 2) >= '10')",
        (since, b),
    )
    served: set[int] = set()
    new: set[int] = set()
    for cid, first, last in rows:
        if last >= a:
            served.add(cid)
            if first >= a:
                new.add(cid)
    return served, new


def _age_band(p: _Person, on: date) -> str:
    if p.born:
        return band_of(age_on(p.born, on))
    return p.age_band or lists.NOT_ASKED


def _demographics(
    vault: Vault,
    b: _Builder,
    who: set[int],
    people: dict[int, _Person],
    section: str,
    total_hidden: bool,
) -> None:
    total = len(who)

    def tally(prefix: str, name: str, answer_of: dict[int, str], extra: list[str]) -> None:
        count: dict[str, int] = defaultdict(int)
        for cid in who:
            count[answer_of[cid]] += 1
        keys = lists.answers(vault, name)
        labels = dict(keys) | {
            lists.DECLINED: lists.NOT_REPORTED,
            lists.NOT_ASKED: lists.NOT_TRACKED,
        }
        order = [k for k, _ in keys] + extra + [lists.DECLINED, lists.NOT_ASKED]
        b.group(
            section,
            [(f"{prefix}: {labels.get(k, k)}", count.get(k, 0)) for k in order],
            total,
            total_hidden=total_hidden,
        )

    race: dict[int, str] = {}
    for cid in who:
        given = people[cid].answers.get("race-ethnicity", [])
        race[cid] = (
            lists.NOT_ASKED if not given else given[0] if len(given) == 1 else MULTIPLE_RACES
        )
    tally("Race/ethnicity", "race-ethnicity", race, [MULTIPLE_RACES])
    tally("Gender", "gender", {cid: people[cid].gender for cid in who}, [])
    tally(
        "Age at intake",
        "age-band",
        {cid: _age_band(people[cid], people[cid].intake) for cid in who},
        [],
    )


def _answers_of(
    vault: Vault, b: _Builder, who: set[int], people: dict[int, _Person], question: str
) -> None:
    count: dict[str, int] = defaultdict(int)
    for cid in who:
        for a in people[cid].answers.get(question, []) or [lists.NOT_ASKED]:
            count[a] += 1
    labels = lists.answers(vault, question) + [
        (lists.DECLINED, lists.NOT_REPORTED),
        (lists.NOT_ASKED, lists.NOT_TRACKED),
    ]
    title = "Victimization types" if question == "victimization" else "Special classifications"
    b.each(f"{title} (victims served)", [(v, count.get(k, 0)) for k, v in labels])


def _services(vault: Vault, b: _Builder, start: date, end: date) -> dict[str, int]:
    """Services by PMT category and sub-service; returns times provided per sub-service."""
    rows = vault.db.execute(
        "SELECT s.client_id, coalesce(m.sub_service, ''), count(*) FROM services s "
        "LEFT JOIN service_type_pmt m ON m.name = s.type "
        "WHERE s.voided_at IS NULL AND s.on_date BETWEEN ? AND ? "
        "GROUP BY s.client_id, m.sub_service",
        (start.isoformat(), end.isoformat()),
    ).fetchall()
    times: dict[str, int] = defaultdict(int)
    people_sub: dict[str, set[int]] = defaultdict(set)
    for cid, sub, n in rows:
        times[str(sub)] += int(n)
        people_sub[str(sub)].add(int(cid))
    subs = lists.sub_services()
    cats = lists.categories()
    section = "Services by PMT category"
    cat_times = [
        (f"{label}: times provided", sum(times[s] for s, _ in subs if s.rstrip("0123456789") == c))
        for c, label in cats
    ]
    cat_times.append(("Not mapped to a PMT category: times provided", times.get("", 0)))
    hidden_cats = b.group(
        section, cat_times, sum(times.values()), total_label="All services: times provided"
    )
    for i, (c, label) in enumerate(cats):
        mine = [(s, slabel) for s, slabel in subs if s.rstrip("0123456789") == c]
        b.single(
            section,
            f"{label}: individuals",
            len(set().union(*(people_sub[s] for s, _ in mine))),
        )
        for s, slabel in mine:
            b.single(section, f"{s} {slabel}: individuals", len(people_sub[s]))
        b.group(
            section,
            [(f"{s} {slabel}: times provided", times[s]) for s, slabel in mine],
            cat_times[i][1],
            total_hidden=i in hidden_cats,
        )
    return dict(times)


def _anonymous(vault: Vault, start: date, end: date) -> dict[str, int]:
    return {
        str(k): int(n)
        for k, n in vault.db.execute(
            "SELECT kind, count(*) FROM anonymous_contacts WHERE on_date BETWEEN ? AND ? "
            "GROUP BY kind",
            (start.isoformat(), end.isoformat()),
        )
    }


def build_pmt(vault: Vault, b: _Builder, start: date, end: date) -> None:
    served, new = _activity(vault, start, end)
    people = _people(vault, served)
    section = "Individuals"
    b.single(section, "Victims served", len(served))
    new_hidden = b.single(
        section, "New victims (first service in the federal fiscal year)", len(new)
    )
    anon = _anonymous(vault, start, end)
    b.group(
        "Anonymous contacts",
        [(f"{v} contacts", anon.get(k, 0)) for k, v in ANONYMOUS_KINDS.items()],
        sum(anon.values()),
        total_label="Anonymous contacts",
    )
    _demographics(vault, b, new, people, "Demographics (new victims)", new_hidden)
    _answers_of(vault, b, served, people, "victimization")
    _answers_of(vault, b, served, people, "special")
    _services(vault, b, start, end)


def _nights(a: date, b: date | None, start: date, end: date) -> int:
    """Nights of a stay [a, b) within the period [start, end] (the night of ``end`` counts)."""
    first = max(a, start)
    last = min(b - timedelta(days=1) if b else end, end)
    return max(0, (last - first).days + 1)


def _is_child(p: _Person, on: date) -> bool | None:
    if p.born:
        return age_on(p.born, on) < 18
    if p.age_band in ("0-12", "13-17"):
        return True
    if p.age_band in ("18-24", "25-59", "60+"):
        return False
    return True if p.role == "child" else None


def build_fvpsa(vault: Vault, b: _Builder, start: date, end: date) -> None:
    served, _new = _activity(vault, start, end)
    stays = vault.db.execute(
        "SELECT client_id, from_date, to_date FROM shelter_stays "
        "WHERE from_date <= ? AND (to_date IS NULL OR to_date > ?)",
        (end.isoformat(), start.isoformat()),
    ).fetchall()
    nights: dict[int, int] = defaultdict(int)
    for cid, a, z in stays:
        n = _nights(date.fromisoformat(a), date.fromisoformat(z) if z else None, start, end)
        if n:
            nights[int(cid)] += n
    sheltered = set(nights)
    everyone = served | sheltered
    people = _people(vault, everyone)
    non_shelter = everyone - sheltered

    def split(who: set[int]) -> tuple[list[set[int]], list[str]]:
        groups: list[set[int]] = [set(), set(), set()]
        for cid in who:
            p = people[cid]
            child = _is_child(p, max(start, p.intake))
            groups[0 if child is False else 1 if child else 2].add(cid)
        return groups, ["Adults", "Children", AGE_NOT_KNOWN]

    section = "Clients"
    top = b.group(
        section,
        [("Shelter clients", len(sheltered)), ("Non-shelter clients", len(non_shelter))],
        len(everyone),
        total_label="Clients served",
    )
    shelter_hidden: set[int] = set()
    for i, (who, name) in enumerate(((sheltered, "Shelter"), (non_shelter, "Non-shelter"))):
        groups, labels = split(who)
        h = b.group(
            f"{name} clients",
            [(f"{name}: {lab.lower()}", len(g)) for lab, g in zip(labels, groups, strict=True)],
            len(who),
            total_hidden=i in top or b.hide(len(who)),
        )
        if i == 0:
            shelter_hidden = h
            shelter_groups = groups
    section = "Shelter nights"
    total_nights = sum(nights.values())
    nights_hidden = 0 in top or b.hide(len(sheltered))
    b.rows.append(Row(section, "Shelter nights", None if nights_hidden else total_nights))
    for j, lab in enumerate(["Adults", "Children", AGE_NOT_KNOWN]):
        v = sum(nights[c] for c in shelter_groups[j])
        b.rows.append(
            Row(section, f"Nights: {lab.lower()}", None if j in shelter_hidden and v else v)
        )
    unmet = {
        str(r[0]): (int(r[1]), int(r[2]))
        for r in vault.db.execute(
            "SELECT reason, count(*), sum(household_size) FROM shelter_unmet "
            "WHERE on_date BETWEEN ? AND ? GROUP BY reason",
            (start.isoformat(), end.isoformat()),
        )
    }
    requests = sum(v[0] for v in unmet.values())
    b.group(
        "Unmet requests for shelter",
        [(label, unmet.get(k, (0, 0))[0]) for k, label in lists.answers(vault, "unmet-reasons")],
        requests,
        total_label="Unmet requests for shelter",
    )
    persons = sum(v[1] for v in unmet.values())
    b.rows.append(
        Row(
            "Unmet requests for shelter",
            "People in the households not sheltered",
            None if b.hide(requests) else persons,
        )
    )
    anon_hotline = _anonymous(vault, start, end).get("hotline", 0)
    times = vault.db.execute(
        "SELECT count(*) FROM services s JOIN service_type_pmt m ON m.name = s.type "
        "WHERE s.voided_at IS NULL AND s.on_date BETWEEN ? AND ? AND m.sub_service = 'C2'",
        (start.isoformat(), end.isoformat()),
    ).fetchone()
    file_calls = int(times[0])
    b.group(
        "Hotline calls",
        [
            ("Anonymous hotline calls", anon_hotline),
            ("Hotline calls with a client's file", file_calls),
        ],
        anon_hotline + file_calls,
        total_label="Hotline calls",
    )
    _demographics(
        vault, b, everyone, people, "Demographics (clients served)", b.hide(len(everyone))
    )
    s = vault.db.execute(
        "SELECT coalesce(sum(responses), 0), coalesce(sum(safety_yes), 0), "
        "coalesce(sum(resources_yes), 0) FROM survey_counts WHERE on_date BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat()),
    ).fetchone()
    responses = int(s[0])
    section = "Outcomes (client survey)"
    hidden_total = b.single(section, "Survey responses", responses)
    for label, yes in (
        ("Have strategies for enhancing their safety", int(s[1])),
        ("Have knowledge of available community resources", int(s[2])),
    ):
        # the 'no' answers are the responses less the 'yes': hide both or neither
        hide_yes = hidden_total or bool(suppress_group([yes, responses - yes], responses, b.n))
        b.rows.append(Row(section, label, None if hide_yes and yes else yes))


@allowed(Action.REPORTS)
def build(
    vault: Vault, form: str, start: date, end: date, min_count: int = DEFAULT_MIN_COUNT
) -> FunderReport:
    if form not in FORMS:
        raise InvalidInput(f"The form must be one of {', '.join(FORMS)} or program.")
    if end < start:
        raise InvalidInput(f"The period ends ({end}) before it starts ({start}).")
    if min_count < 2:
        raise InvalidInput("The smallest count shown must be at least 2 (5 is usual).")
    entries.seed_mapping(vault)
    b = _Builder(min_count)
    with _collector_waits():
        (build_pmt if form == "pmt" else build_fvpsa)(vault, b, start, end)
    return FunderReport(form, start, end, min_count, b.rows)


@contextlib.contextmanager
def _collector_waits() -> Iterator[None]:
    """A report holds a record per client counted, with its answers: tens of thousands of
    objects, none in a cycle. Python's cycle collector, run as they accumulate, walks all
    of them again each time (``_people`` grew as N^1.5, 48 to 544 ms from 10,000 to 50,000
    clients; 41 to 208 ms with the collector waiting): it runs once the report is built."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
