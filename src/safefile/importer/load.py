"""Validate every row first, then import all of them in one transaction, or none.

Our columns (shared/CLI.md): ``name`` (required), ``alias``, ``born``,
``case_number``, ``intake_date`` (the day the file was opened, for files moved from
paper or another system: never after today, never after a service of the client;
without it, the first service's date or today), ``service_date``, ``service_type``,
``minutes``; one service a row;
rows with the same case number (or, without one, the same name) are one client.
A mapping (the app's mapping step) says which of the spreadsheet's columns is which
of ours; without one, the header must name our columns (case and spaces do not
matter).  A column that is neither ours nor left out on purpose is refused: it may
hold something the user expects to be imported.

Each problem names the row (as the spreadsheet numbers it), the column (as the
spreadsheet names it) and what is wrong; nothing is imported while any remains.
A case number already in the vault is refused (two files would merge silently).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from safefile.clock import iso_now, today
from safefile.errors import InvalidInput
from safefile.importer.reading import Table, read
from safefile.records import writes
from safefile.records.models import ClientIn
from safefile.records.services import service_types
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault

FIELDS = (
    "name",
    "alias",
    "born",
    "case_number",
    "intake_date",
    "service_date",
    "service_type",
    "minutes",
)
LABELS = {
    "name": "name",
    "alias": "preferred name",
    "born": "date of birth",
    "case_number": "case number",
    "intake_date": "intake date",
    "service_date": "date of the service",
    "service_type": "type of service",
    "minutes": "minutes",
}
MAX_SHOWN = 30
DELETE_ADVICE = (
    "Now delete the spreadsheet securely, and empty the Recycle Bin or Trash: it holds your "
    "clients' names in plain text that anyone who gets this computer, its backups or a cloud "
    "copy can read, while SafeFile keeps them encrypted. Check for copies in Downloads, in "
    "email attachments and on USB drives too."
)


@dataclass
class Plan:
    """What a validated file will import: counts, and how to read its rows again.

    Validation keeps no row: per client only a 64-bit key and the first row's number
    and fingerprint (issue 29: memory stays flat at any number of rows); ``write`` reads
    the rows again from the file.
    """

    table: Table
    index: dict[str, int]
    clients: int = 0
    services: int = 0


@dataclass(frozen=True)
class ImportResult:
    clients: int
    services: int
    dry_run: bool
    encoding: str
    delimiter: str


def _norm(column: str) -> str:
    return "_".join(column.strip().lower().replace("-", " ").split())


def default_mapping(columns: list[str]) -> dict[str, str | None]:
    """{spreadsheet column: our field or None}; a column we do not know maps to None."""
    return {c: (_norm(c) if _norm(c) in FIELDS else None) for c in columns}


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _h(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _key(name: str, case: str) -> int:
    return _h(("case:" + case) if case else ("name:" + " ".join(name.lower().split())))


def _column_index(
    table: Table, mapping: dict[str, str | None], explicit: bool
) -> tuple[dict[str, int], list[str]]:
    """{field: column number}, and the header's problems: a column SafeFile does not
    know (unless mapped to None on purpose), a target that is not a field, two columns
    for one field, no column for the name."""
    problems: list[str] = []
    index: dict[str, int] = {}
    for i, col in enumerate(table.columns):
        target = mapping.get(col)
        if target is None:
            if not explicit and col.strip():
                problems.append(
                    f"Row 1, column '{col}': SafeFile does not know this column. The columns "
                    f"are {', '.join(FIELDS)}; rename it, or remove it from the file."
                )
        elif target not in FIELDS:
            problems.append(f"Column '{col}': '{target}' is not one of SafeFile's columns.")
        elif target in index:
            problems.append(f"Row 1: two columns are both the {LABELS[target]} ('{col}').")
        else:
            index[target] = i
    if "name" not in index:
        problems.append("Row 1: no column holds the name; every client needs one.")
    return index, problems


@dataclass
class _Seen:
    """What validation knows beyond one row: the program's service types, today, the case
    numbers in the vault, and what earlier rows gave.

    ``clients``: key -> first row << 192 | name, alias and born fingerprints (one int:
    flat memory).  To refuse a service before the file was opened: ``opened``, the
    intake date and its row, for the clients whose rows give one; ``earliest``, each
    client's earliest service, packed in one int (its day's ordinal << 40 | its row)."""

    types: set[str]
    now: date
    existing: set[str]
    clients: dict[int, int] = field(default_factory=dict)
    opened: dict[int, tuple[date, int]] = field(default_factory=dict)
    earliest: dict[int, int] = field(default_factory=dict)
    services: int = 0


@dataclass
class _Row:
    """One row being validated, and its problems so far."""

    number: int
    cells: list[str]
    index: dict[str, int]
    col_of: dict[str, str]
    columns: int
    here: list[str] = field(default_factory=list)

    def cell(self, f: str) -> str:
        i = self.index.get(f)
        return self.cells[i].strip() if i is not None and i < len(self.cells) else ""

    def bad(self, f: str, what: str) -> None:
        self.here.append(f"Row {self.number}, column '{self.col_of[f]}': {what}")

    def has_service(self) -> bool:
        return bool(self.cell("service_date") or self.cell("service_type") or self.cell("minutes"))


def _row_width(row: _Row, seen: _Seen) -> None:
    """A row has no more cells than the header has columns."""
    if len(row.cells) > row.columns:
        row.here.append(
            f"Row {row.number}: it has {len(row.cells)} cells but the header names "
            f"{row.columns} columns (a separator inside a cell needs quotes)."
        )


def _name_given(row: _Row, seen: _Seen) -> None:
    """Every row names its client."""
    if not row.cell("name"):
        row.bad("name", "the name is empty; every row needs the client's name.")


def _born_date(row: _Row, seen: _Seen) -> None:
    """A date of birth is a date (or a year), not in the future."""
    born = row.cell("born")
    if not born:
        return
    d = _date(born) if len(born) != 4 else (date(int(born), 1, 1) if born.isdigit() else None)
    if d is None:
        row.bad("born", f"'{born}' is not a date; write it as YYYY-MM-DD (or just the year).")
    elif d > seen.now:
        row.bad("born", f"the date of birth {born} is in the future.")


def _intake_date(row: _Row, seen: _Seen) -> None:
    """An intake date is a date, not in the future."""
    intake_text = row.cell("intake_date")
    if not intake_text:
        return
    intake = _date(intake_text)
    if intake is None:
        row.bad(
            "intake_date",
            f"'{intake_text}' is not a date; write it as YYYY-MM-DD, e.g. 2024-03-14.",
        )
    elif intake > seen.now:
        row.bad("intake_date", f"the intake date {intake_text} is in the future.")


def _case_number_new(row: _Row, seen: _Seen) -> None:
    """A case number belongs to no client already in the vault."""
    case = row.cell("case_number")
    if case and case in seen.existing:
        row.bad("case_number", f"case number {case} already belongs to a client in this vault.")


def _service_date(row: _Row, seen: _Seen) -> None:
    """A service has its date, a date not in the future."""
    if not row.has_service():
        return
    sdate = row.cell("service_date")
    on = _date(sdate) if sdate else None
    if not sdate and "service_date" in row.index:
        row.bad("service_date", "a service needs its date.")
    elif not sdate:
        row.here.append(f"Row {row.number}: a service needs its date (a service_date column).")
    elif on is None:
        row.bad(
            "service_date", f"'{sdate}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-14."
        )
    elif on > seen.now:
        row.bad("service_date", f"the date {sdate} is in the future.")


def _service_type(row: _Row, seen: _Seen) -> None:
    """A service has its type, one of the program's service types."""
    if not row.has_service():
        return
    stype = row.cell("service_type")
    if not stype and "service_type" in row.index:
        row.bad("service_type", "a service needs its type.")
    elif not stype:
        row.here.append(f"Row {row.number}: a service needs its type (a service_type column).")
    elif stype not in seen.types:
        row.bad(
            "service_type",
            f"'{stype}' is not one of the program's service types "
            f"({', '.join(sorted(seen.types))}).",
        )


def _service_minutes(row: _Row, seen: _Seen) -> None:
    """A service's minutes are a whole number from 0 to 1440."""
    mins = row.cell("minutes")
    if row.has_service() and mins and (not mins.isdigit() or not 0 <= int(mins) <= 1440):
        row.bad("minutes", f"'{mins}' is not a whole number of minutes from 0 to 1440.")


# The rules each row must meet on its own, in the order their problems are listed.
ROW_CHECKS: tuple[Callable[[_Row, _Seen], None], ...] = (
    _row_width,
    _name_given,
    _born_date,
    _intake_date,
    _case_number_new,
    _service_date,
    _service_type,
    _service_minutes,
)


def _client_fields(row: _Row) -> ClientIn | None:
    """The row's client, or None with the problem the client's own rules find."""
    born, case, intake = row.cell("born"), row.cell("case_number"), row.cell("intake_date")
    try:
        return ClientIn(
            name=row.cell("name"),
            alias=row.cell("alias") or None,
            born=born or None,
            case_number=case or None,
            intake_date=_date(intake) if intake else None,
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        f = str(err["loc"][0]) if err["loc"] else "name"
        row.bad(
            f if f in row.col_of else "name",
            str(err["msg"]).removeprefix("Value error, ") + ".",
        )
        return None


def _same_client(row: _Row, seen: _Seen, client: ClientIn, key: int) -> None:
    """Rows of one client (same case number, else same name) agree on its name, alias
    and date of birth."""
    prints = [_h(getattr(client, f) or "") for f in ("name", "alias", "born")]
    packed = seen.clients.get(key)
    if packed is None:
        seen.clients[key] = row.number << 192 | prints[0] << 128 | prints[1] << 64 | prints[2]
        return
    first = packed >> 192
    for i, f in enumerate(("name", "alias", "born")):
        was = (packed >> (128 - 64 * i)) & (2**64 - 1)
        if getattr(client, f) and was != prints[i] and f in row.col_of:
            row.bad(f, f"the {LABELS[f]} differs from row {first} (same client).")


def _same_intake(row: _Row, seen: _Seen, client: ClientIn, key: int) -> None:
    """Rows of one client agree on its intake date."""
    if client.intake_date is None:
        return
    had = seen.opened.get(key)
    if had is None:
        seen.opened[key] = (client.intake_date, row.number)
    elif had[0] != client.intake_date and "intake_date" in row.col_of:
        row.bad(
            "intake_date",
            f"the {LABELS['intake_date']} differs from row {had[1]} (same client).",
        )


def _count_service(row: _Row, seen: _Seen, client: ClientIn, key: int) -> None:
    """A good row's service is counted, and its day kept if it is the client's earliest."""
    on = _date(row.cell("service_date")) if row.has_service() else None
    if on is None or not row.cell("service_type") or row.here:
        return
    seen.services += 1
    packed_service = on.toordinal() << 40 | row.number
    earlier = seen.earliest.get(key)
    if earlier is None or packed_service < earlier:
        seen.earliest[key] = packed_service


# The rules across rows of one client (once the row's own are met), in order.
CLIENT_CHECKS: tuple[Callable[[_Row, _Seen, ClientIn, int], None], ...] = (
    _same_client,
    _same_intake,
    _count_service,
)


def _check_row(row: _Row, seen: _Seen) -> None:
    """The row's own checks (ROW_CHECKS), then, for a row that meets them, its client's
    (CLIENT_CHECKS)."""
    for check in ROW_CHECKS:
        check(row, seen)
    name = row.cell("name")
    key = _key(name, row.cell("case_number"))
    if row.here or not name:
        return
    client = _client_fields(row)
    if client is not None:
        for client_check in CLIENT_CHECKS:
            client_check(row, seen, client, key)


def _services_after_intake(seen: _Seen, col_of: dict[str, str]) -> list[str]:
    """No service of a client is before the file was opened (its intake date)."""
    problems = []
    for key, (day, row) in seen.opened.items():
        first_service = seen.earliest.get(key)
        if first_service is not None and first_service >> 40 < day.toordinal():
            number, on = first_service & (2**40 - 1), date.fromordinal(first_service >> 40)
            problems.append(
                f"Row {number}, column '{col_of['service_date']}': the service on {on} is "
                f"before the file was opened ({day}, row {row}'s intake date)."
            )
    return problems


def validate(vault: Vault, table: Table, mapping: dict[str, str | None] | None = None) -> Plan:
    """What will be imported, or InvalidInput listing every problem (row, column, what).

    With an explicit ``mapping`` a column mapped to None is left out on purpose;
    without one, a column SafeFile does not know is a problem.  The header first
    (``_column_index``), then each row (``_check_row``), then across rows
    (``_services_after_intake``).
    """
    explicit = mapping is not None
    mapping = mapping if mapping is not None else default_mapping(table.columns)
    index, problems = _column_index(table, mapping, explicit)
    if problems:
        raise InvalidInput(_summary(problems))
    col_of = {f: table.columns[i] for f, i in index.items()}
    existing = {
        str(r[0])
        for r in vault.db.execute("SELECT case_number FROM clients WHERE case_number IS NOT NULL")
    }
    seen = _Seen(set(service_types(vault)), today(vault.clock), existing)
    shown: list[str] = []  # the first problems, and how many in all
    count = 0
    for number, cells in table.rows:
        row = _Row(number, cells, index, col_of, len(table.columns))
        _check_row(row, seen)
        count += len(row.here)
        shown += row.here[: max(0, MAX_SHOWN - len(shown))]
    problems = _services_after_intake(seen, col_of)
    if problems or count:
        raise InvalidInput(_summary(problems + shown, count + len(problems)))
    return Plan(table, index, len(seen.clients), seen.services)


def _summary(problems: list[str], total: int | None = None) -> str:
    head = "Nothing was imported. Fix these in the spreadsheet and try again:"
    shown = problems[:MAX_SHOWN]
    more = (len(problems) if total is None else total) - len(shown)
    tail = [f"... and {more} more problem(s)."] if more else []
    return "\n".join([head, *shown, *tail])


@allowed(Action.IMPORT)
def write(vault: Vault, plan: Plan, *, actor: Actor) -> tuple[int, int]:
    """All in one transaction: every client and service, or nothing. The rows are read
    again from the file (validated already: ``validate``); a client is written at its
    first row; its intake date is the one the file gives, else its first service's (or today
    without one)."""
    now_iso = iso_now(vault.clock)
    on = today(vault.clock).isoformat()
    author = actor.name
    index = plan.index

    def cell(cells: list[str], f: str) -> str:
        i = index.get(f)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    service_sql = (
        "INSERT INTO services (client_id, on_date, type, minutes, note, author, "
        "created_at) VALUES (?, ?, ?, ?, '', ?, ?)"
    )
    try:
        return _write_rows(vault, plan, cell, now_iso, on, author, service_sql, actor=actor)
    except (ValidationError, ValueError):  # the file changed since it was checked
        raise InvalidInput(
            "The file changed while it was being imported. Nothing was imported; try again."
        ) from None


def _write_rows(
    vault: Vault,
    plan: Plan,
    cell: Callable[[list[str], str], str],
    now_iso: str,
    on: str,
    author: str,
    service_sql: str,
    *,
    actor: Actor,
) -> tuple[int, int]:
    ids: dict[int, int] = {}  # client key -> its new id
    n_services = 0
    batch: list[tuple[object, ...]] = []
    with writes.together(vault) as db:
        first_id: int | None = None
        given: dict[int, str] = {}  # client id -> the intake date the file gives
        for _, cells in plan.table.rows:
            name, case = cell(cells, "name"), cell(cells, "case_number")
            key = _key(name, case)
            cid = ids.get(key)
            if cid is None:
                c = ClientIn(
                    name=name,
                    alias=cell(cells, "alias") or None,
                    born=cell(cells, "born") or None,
                    case_number=case or None,
                )
                cur = db.execute(
                    "INSERT INTO clients (name, alias, born, case_number, intake_date, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (c.name, c.alias, c.born, c.case_number, on, now_iso),
                )
                cid = ids[key] = int(cur.lastrowid)
                first_id = cid if first_id is None else first_id
            opened = cell(cells, "intake_date")  # on any of the client's rows (all agree)
            if opened:
                intake = _date(opened)
                if intake is None:
                    raise ValueError(opened)  # checked by validate: the file changed since
                given[cid] = intake.isoformat()
            sdate, stype = cell(cells, "service_date"), cell(cells, "service_type")
            if sdate and stype:
                mins = cell(cells, "minutes")
                day = date.fromisoformat(sdate).isoformat()
                batch.append((cid, day, stype, int(mins) if mins else None, author, now_iso))
                n_services += 1
                if len(batch) >= 10_000:
                    db.executemany(service_sql, batch)
                    batch.clear()
        if batch:
            db.executemany(service_sql, batch)
        if first_id is not None:  # the intake is the first service's date
            db.execute(
                "UPDATE clients SET intake_date = (SELECT min(on_date) FROM services "
                "WHERE client_id = clients.id) WHERE id >= ? "
                "AND EXISTS (SELECT 1 FROM services WHERE client_id = clients.id)",
                (first_id,),
            )
        if given:  # the intake date the file gives wins over the first service's
            db.executemany(
                "UPDATE clients SET intake_date = ? WHERE id = ?",
                [(day, cid) for cid, day in given.items()],
            )
        vault.audit("clients imported", clients=len(ids), services=n_services, actor=actor)
    return len(ids), n_services


@allowed(Action.IMPORT)
def import_csv(
    vault: Vault,
    path: Path,
    *,
    mapping: dict[str, str | None] | None = None,
    delimiter: str | None = None,
    dry_run: bool = False,
    actor: Actor,
) -> ImportResult:
    table = read(path, delimiter)
    plan = validate(vault, table, mapping)
    counts = (plan.clients, plan.services) if dry_run else write(vault, plan, actor=actor)
    return ImportResult(counts[0], counts[1], dry_run, table.encoding, table.delimiter)
