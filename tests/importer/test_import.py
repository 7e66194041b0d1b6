"""Import from CSV files as Excel and LibreOffice write them: all rows or none."""

from __future__ import annotations

from pathlib import Path

import pytest

from safefile import records
from safefile.errors import InvalidInput
from safefile.importer import load, reading
from safefile.records.models import ClientIn
from safefile.store import checkup
from safefile.store.vault import Vault

HEADER = ["name", "alias", "born", "case_number", "service_date", "service_type", "minutes"]


def _rows(n: int, bad_row: int | None = None) -> list[list[str]]:
    rows = []
    for i in range(2, n + 2):  # spreadsheet rows: the header is row 1
        day = f"2026-03-{(i % 28) + 1:02d}" if i != bad_row else "2026-02-30"
        rows.append(
            [f"Zoë Müller {i // 2}", "", "1990-05-01", f"C-{i // 2}", day, "Hotline call", "30"]
        )
    return rows


def _csv(rows: list[list[str]], sep: str = ",", newline: str = "\r\n") -> str:
    def q(c: str) -> str:
        return '"' + c.replace('"', '""') + '"' if any(x in c for x in (sep, '"', "\n")) else c

    return newline.join(sep.join(q(c) for c in r) for r in [HEADER, *rows]) + newline


def test_excel_utf8_with_bom_and_semicolons(vault: Vault, tmp_path: Path) -> None:
    f = tmp_path / "clients.csv"
    f.write_bytes(b"\xef\xbb\xbf" + _csv(_rows(20), sep=";").encode("utf-8"))
    result = load.import_csv(vault, f, actor=vault.actor)
    assert (result.clients, result.services, result.delimiter) == (10, 20, ";")
    assert "byte-order mark" in result.encoding
    names = {c.name for c in records.list_clients(vault)}
    assert "Zoë Müller 1" in names  # no BOM glued to the first column, accents intact


def test_windows_1252_with_quoted_newlines_and_separators(vault: Vault, tmp_path: Path) -> None:
    rows = [
        ["José Niño", 'Pepe, "el" rápido', "", "W-1", "2026-01-02", "Intake", "45"],
        ["Anaïs Dœuvre", "line one; line two", "1980", "W-2", "", "", ""],
    ]
    f = tmp_path / "win.csv"
    f.write_bytes(_csv(rows).encode("cp1252"))
    result = load.import_csv(vault, f, actor=vault.actor)
    assert result.encoding == "Windows-1252" and (result.clients, result.services) == (2, 1)
    c = {c.name: c for c in records.list_clients(vault)}
    assert c["José Niño"].alias == 'Pepe, "el" rápido'
    assert c["Anaïs Dœuvre"].alias == "line one; line two" and c["Anaïs Dœuvre"].born == "1980"


def test_a_quoted_line_break_in_a_name_is_refused_on_its_row(vault: Vault, tmp_path: Path) -> None:
    """A name or preferred name is one line (issue 29): a quoted line break in it is read
    as part of the field (the row numbers stay right) and refused, naming row and column."""
    rows = [
        ["José Niño", "", "", "W-1", "", "", ""],
        ["Anaïs Dœuvre", "line one\nline two", "1980", "W-2", "", "", ""],
        ["Chen Wei", "", "", "W-3", "", "", ""],
    ]
    f = tmp_path / "win.csv"
    f.write_bytes(_csv(rows).encode("cp1252"))
    with pytest.raises(InvalidInput) as exc:
        load.import_csv(vault, f, actor=vault.actor)
    assert "Row 3, column 'alias'" in exc.value.message and "control character" in exc.value.message
    assert records.count_clients(vault) == 0


def test_a_bad_date_on_row_57_imports_nothing_and_names_row_57(
    vault: Vault, tmp_path: Path
) -> None:
    rows = _rows(80, bad_row=57)
    rows[10][5] = "Counselling: individual"
    rows[3][1] = "has a\nline break"  # a quoted newline before row 57 must not shift the count
    f = tmp_path / "bad.csv"
    f.write_bytes(b"\xef\xbb\xbf" + _csv(rows, sep=";").encode("utf-8"))
    with pytest.raises(InvalidInput) as exc:
        load.import_csv(vault, f, actor=vault.actor)
    msg = exc.value.message
    assert "Nothing was imported" in msg
    assert "Row 57, column 'service_date': '2026-02-30' is not a date" in msg
    assert records.count_clients(vault) == 0
    assert vault.db.execute("SELECT count(*) FROM services").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({0: ""}, "Row 2, column 'name': the name is empty"),
        ({2: "12/05/1990"}, "Row 2, column 'born': '12/05/1990' is not a date"),
        ({2: "2099-01-01"}, "Row 2, column 'born': the date of birth 2099-01-01 is in the future"),
        ({5: "Yoga"}, "Row 2, column 'service_type': 'Yoga' is not one of the program's"),
        ({6: "ninety"}, "Row 2, column 'minutes': 'ninety' is not a whole number"),
        ({4: "2030-01-01"}, "Row 2, column 'service_date': the date 2030-01-01 is in the future"),
        ({4: ""}, "Row 2, column 'service_date': a service needs its date"),
    ],
)
def test_each_problem_names_row_column_and_what(
    vault: Vault, tmp_path: Path, cells: dict[int, str], expected: str
) -> None:
    rows = _rows(3)
    for i, v in cells.items():
        rows[0][i] = v
    f = tmp_path / "x.csv"
    f.write_text(_csv(rows), "utf-8")
    with pytest.raises(InvalidInput, match="Nothing was imported") as exc:
        load.import_csv(vault, f, actor=vault.actor)
    assert expected in exc.value.message
    assert records.count_clients(vault) == 0


def test_file_level_problems(vault: Vault, tmp_path: Path) -> None:
    f = tmp_path / "x.csv"
    f.write_text("nom,born\nA,1990\n", "utf-8")
    with pytest.raises(InvalidInput, match="column 'nom': SafeFile does not know this column"):
        load.import_csv(vault, f, actor=vault.actor)
    f.write_bytes(b"name\n\x81\x8d\x90\n")
    with pytest.raises(InvalidInput, match="UTF-8 or Windows-1252"):
        load.import_csv(vault, f, actor=vault.actor)
    f.write_text("name\n", "utf-8")
    with pytest.raises(InvalidInput, match="no rows"):
        load.import_csv(vault, f, actor=vault.actor)
    records.add_client(
        vault, ClientIn.from_input({"name": "Already", "case_number": "C-1"}), actor=vault.actor
    )
    f.write_text(_csv(_rows(2)), "utf-8")
    with pytest.raises(InvalidInput, match="case number C-1 already belongs"):
        load.import_csv(vault, f, actor=vault.actor)


def test_same_client_with_a_different_birth_date_is_refused(vault: Vault, tmp_path: Path) -> None:
    rows = _rows(2)  # rows 2 and 3 are client C-1
    rows[1][2] = "1991-01-01"
    f = tmp_path / "x.csv"
    f.write_text(_csv(rows), "utf-8")
    with pytest.raises(
        InvalidInput, match="Row 3, column 'born': the date of birth differs from row 2"
    ):
        load.import_csv(vault, f, actor=vault.actor)


def test_dry_run_and_mapping(vault: Vault, tmp_path: Path) -> None:
    f = tmp_path / "theirs.csv"
    f.write_text("Client,Date,Kind,Notes\nAmy,2026-01-05,Intake,secret\n", "utf-8")
    mapping = {"Client": "name", "Date": "service_date", "Kind": "service_type", "Notes": None}
    table = reading.read(f)
    assert load.default_mapping(table.columns) == dict.fromkeys(table.columns)
    dry = load.import_csv(vault, f, mapping=mapping, dry_run=True, actor=vault.actor)
    assert (dry.clients, dry.services, dry.dry_run) == (1, 1, True)
    assert records.count_clients(vault) == 0
    load.import_csv(vault, f, mapping=mapping, actor=vault.actor)
    (c,) = records.list_clients(vault)
    assert c.name == "Amy" and str(c.intake_date) == "2026-01-05"
    assert checkup.check(vault).ok
