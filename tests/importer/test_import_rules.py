"""Each of the import's named checks (importer/load: the header's, ROW_CHECKS and
CLIENT_CHECKS), one case per rule, with the problem it names; every check in the tables
has a case here."""

from __future__ import annotations

import pytest

from safefile import records
from safefile.errors import InvalidInput
from safefile.importer import load
from safefile.importer.reading import Rows, Table
from safefile.records.models import ClientIn
from safefile.store.vault import Vault

HEADER = ["name", "case_number", "intake_date", "service_date", "service_type", "minutes"]
GOOD = ["Ann Lee", "C-1", "2026-01-05", "2026-02-01", "Hotline call", "30"]


def _table(header: list[str], rows: list[list[str]]) -> Table:
    """A table as the reader gives it, the header on row 1."""
    return Table(header, Rows(lambda: iter(list(enumerate(rows, start=2)))), "utf-8", ",")


def _with(i: int, value: str) -> list[str]:
    row = list(GOOD)
    row[i] = value
    return row


# check -> (header, rows, the problem named)
CASES: dict[str, tuple[list[str], list[list[str]], str]] = {
    "_column_index": (
        ["name", "name"],
        [["A", "A"]],
        "Row 1: two columns are both the name ('name').",
    ),
    "_row_width": (HEADER, [[*GOOD, "extra"]], "Row 2: it has 7 cells but the header names 6"),
    "_name_given": (HEADER, [_with(0, "")], "Row 2, column 'name': the name is empty"),
    "_born_date": (["name", "born"], [["A", "19x0"]], "Row 2, column 'born': '19x0' is not"),
    "_intake_date": (HEADER, [_with(2, "2099-01-01")], "intake date 2099-01-01 is in the future"),
    "_case_number_new": (
        HEADER,
        [_with(1, "C-9")],
        "Row 2, column 'case_number': case number C-9 already belongs to a client",
    ),
    "_service_date": (HEADER, [_with(3, "")], "Row 2, column 'service_date': a service needs"),
    "_service_type": (
        ["name", "service_date"],
        [["A", "2026-02-01"]],
        "Row 2: a service needs its type (a service_type column).",
    ),
    "_service_minutes": (HEADER, [_with(5, "1441")], "'1441' is not a whole number of minutes"),
    "_client_fields": (
        HEADER,
        [_with(0, "A\x07")],
        "Row 2, column 'name': it holds a control character",
    ),
    "_same_client": (
        ["name", "case_number", "born"],
        [["A", "C-1", "1990"], ["A", "C-1", "1991"]],
        "Row 3, column 'born': the date of birth differs from row 2 (same client).",
    ),
    "_same_intake": (
        HEADER,
        [GOOD, _with(2, "2026-01-06")],
        "Row 3, column 'intake_date': the intake date differs from row 2 (same client).",
    ),
    "_services_after_intake": (
        HEADER,
        [_with(3, "2026-01-01")],
        "the service on 2026-01-01 is before the file was opened (2026-01-05, row 2's",
    ),
}


def test_every_named_check_refuses_with_its_problem(vault: Vault) -> None:
    records.add_client(
        vault, ClientIn.from_input({"name": "Other", "case_number": "C-9"}), actor=vault.actor
    )
    for check, (header, rows, problem) in CASES.items():
        with pytest.raises(InvalidInput) as exc:
            load.validate(vault, _table(header, rows))
        assert problem in exc.value.message, (check, exc.value.message)
    checks = {c.__name__ for c in (*load.ROW_CHECKS, *load.CLIENT_CHECKS)} - {"_count_service"}
    assert checks <= set(CASES), checks - set(CASES)


def test_a_good_file_counts_each_client_once_and_each_service(vault: Vault) -> None:
    """_count_service: a service counts once its row meets every check."""
    rows = [GOOD, _with(3, "2026-02-02"), ["Ben", "C-2", "", "", "", ""]]
    plan = load.validate(vault, _table(HEADER, rows))
    assert (plan.clients, plan.services) == (2, 2)
