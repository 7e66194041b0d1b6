"""The counts of a funder report, with small cells suppressed.

Measures for a period (dates inclusive): unduplicated clients served (a client
with at least one service in the period counts once), new clients (intake date in
the period), services by type (how many, and hours), and the counts the program
configures (clients who received any of a set of service types).

Suppression: a count from 1 to N-1 (N = ``min_count``, default 5) is shown as
"fewer than N" (a zero reveals no one and is shown).  Where cells add up to a
shown total (services by type), one hidden cell could be worked out as the total
minus the others; and several hidden cells whose sum is known could be worked out
when that sum is small (two hidden cells summing to 2 are both 1).  So hidden
cells are joined by the next smallest shown ones until at least two are hidden
and their sum reaches N; hours are hidden exactly where counts are.
No name, id, case number, date of birth or date of a service appears anywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from safefile.errors import InvalidInput
from safefile.records import writes
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

DEFAULT_MIN_COUNT = 5
CONFIG_KEY = "report_counts"


@dataclass(frozen=True)
class Cell:
    label: str
    count: int | None  # None: suppressed
    hours: float | None = None  # services only; None: suppressed or not applicable

    def shown(self, n: int) -> str:
        return f"fewer than {n}" if self.count is None else str(self.count)

    def shown_hours(self) -> str:
        return "" if self.hours is None else f"{self.hours:.1f}"


@dataclass
class Report:
    start: date
    end: date
    min_count: int
    clients_served: Cell
    new_clients: Cell
    services: list[Cell] = field(default_factory=list)
    services_total: Cell = Cell("All services", 0, 0.0)
    configured: list[Cell] = field(default_factory=list)
    services_hours_hidden: bool = False

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(section, measure, count, hours) in order, as printed and in the CSV."""
        n = self.min_count
        out = [
            ("Clients", self.clients_served.label, self.clients_served.shown(n), ""),
            ("Clients", self.new_clients.label, self.new_clients.shown(n), ""),
        ]
        out += [("Services by type", c.label, c.shown(n), c.shown_hours()) for c in self.services]
        t = self.services_total
        out.append(("Services by type", t.label, t.shown(n), t.shown_hours()))
        out += [("Program counts", c.label, c.shown(n), "") for c in self.configured]
        return out


def configured_counts(vault: Vault) -> list[dict[str, object]]:
    """[{label, service_types: [...]}]: clients served with any of these types."""
    raw = vault.get_meta(CONFIG_KEY)
    return list(json.loads(raw)) if raw else []


@allowed(Action.CHANGE_SETTINGS)
def set_configured_counts(vault: Vault, items: list[dict[str, object]], *, actor: Actor) -> None:
    clean: list[dict[str, object]] = []
    for item in items:
        label = " ".join(str(item.get("label", "")).split())
        types = [str(t).strip() for t in item.get("service_types", []) or [] if str(t).strip()]  # type: ignore[attr-defined]
        if not label or not types:
            raise InvalidInput("Each program count needs a name and at least one service type.")
        clean.append({"label": label, "service_types": types})
    with writes.together(vault):
        vault.set_meta(CONFIG_KEY, json.dumps(clean, ensure_ascii=False))
        vault.audit("report counts configured", count=len(clean), actor=actor)


def _hide(n: int, value: int) -> bool:
    return 0 < value < n


def suppress_group(values: list[int], total: int, n: int) -> set[int]:
    """Indexes of ``values`` to hide so that none can be worked out from ``total``."""
    hidden = {i for i, v in enumerate(values) if _hide(n, v)}
    if not hidden or _hide(n, total):
        return hidden
    shown = sorted((v, i) for i, v in enumerate(values) if i not in hidden and v > 0)
    while shown and (len(hidden) < 2 or sum(values[i] for i in hidden) < n):
        hidden.add(shown.pop(0)[1])
    return hidden


@allowed(Action.REPORTS)
def build(vault: Vault, start: date, end: date, min_count: int = DEFAULT_MIN_COUNT) -> Report:
    if end < start:
        raise InvalidInput(f"The period ends ({end}) before it starts ({start}).")
    if min_count < 2:
        raise InvalidInput("The smallest count shown must be at least 2 (5 is usual).")
    n, a, b = min_count, start.isoformat(), end.isoformat()
    db = vault.db
    # One pass over the period's services (a covering index in date order), one count of
    # new files (an index on the intake date): linear in the vault, no query per client
    # or per configured count, no sort of the period's rows (issue 30).
    clients: set[int] = set()
    tally: dict[str, list[int]] = {}
    who_by_type: dict[str, set[int]] = {}
    for cid, kind, minutes in db.execute(
        "SELECT client_id, type, minutes FROM services "
        "WHERE on_date BETWEEN ? AND ? AND voided_at IS NULL",
        (a, b),
    ):
        clients.add(cid)
        t = tally.setdefault(kind, [0, 0])
        t[0] += 1
        t[1] += minutes or 0
        who_by_type.setdefault(kind, set()).add(cid)
    served = len(clients)
    new = int(
        db.execute(
            "SELECT count(*) FROM clients WHERE intake_date BETWEEN ? AND ?", (a, b)
        ).fetchone()[0]
    )
    by_type = [(k, v[0], v[1]) for k, v in sorted(tally.items())]
    counts = [int(r[1]) for r in by_type]
    total = sum(counts)
    total_minutes = sum(int(r[2]) for r in by_type)
    hidden = suppress_group(counts, total, n)
    services = [
        Cell(
            str(r[0]),
            None if i in hidden else int(r[1]),
            None if i in hidden else round(int(r[2]) / 60, 1),
        )
        for i, r in enumerate(by_type)
    ]
    total_hidden = _hide(n, total)
    report = Report(
        start=start,
        end=end,
        min_count=n,
        clients_served=Cell("Unduplicated clients served", None if _hide(n, served) else served),
        new_clients=Cell("New clients", None if _hide(n, new) else new),
        services=services,
        services_total=Cell(
            "All services",
            None if total_hidden else total,
            None if total_hidden else round(total_minutes / 60, 1),
        ),
    )
    for item in configured_counts(vault):
        types = [str(t) for t in item["service_types"]]  # type: ignore[attr-defined]
        v = len(set().union(*(who_by_type.get(t, set()) for t in types)))
        report.configured.append(Cell(str(item["label"]), None if _hide(n, v) else v))
    return report
