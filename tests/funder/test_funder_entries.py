"""Issue 26 through the command line: the date a file was opened, intake answers that
count without naming, anonymous contacts, shelter, who is new in a fiscal year, and CSV
cells that a spreadsheet reads as text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from safefile import records
from safefile.clock import FixedClock
from safefile.errors import InvalidInput
from safefile.importer import load
from safefile.store.vault import Vault
from tests.conftest import (
    PASSPHRASE,
    Built,
    Cli,
    CliResult,
    _no_one_in_a_report,
    init_with_clients,
)

S = PASSPHRASE + "\n"


@pytest.fixture
def vpath(tmp_path: Path, cli: Cli, built: Built) -> Path:
    def init(at: Path) -> None:
        init_with_clients(cli, at)

    return built(tmp_path / "v.safefile", init)


def run(cli: Cli, *args: str) -> CliResult:
    return cli(*args, "--passphrase-stdin", stdin=S)


def rows(cli: Cli, v: Path | str, form: str, start: str, end: str, n: int = 2) -> dict[str, str]:
    r = run(
        cli,
        "report",
        str(v),
        "--from",
        start,
        "--to",
        end,
        "--form",
        form,
        "--min-count",
        str(n),
        "--json",
    )
    assert r.code == 0, r.err
    return {row["measure"]: row["count"] for row in json.loads(r.out)["rows"]}


NEW = "New victims (first service in the federal fiscal year)"


def test_intake_date_in_the_past_is_kept_and_the_future_refused(cli: Cli, vpath: Path) -> None:
    v = str(vpath)
    r = run(cli, "client", "add", v, "--name", "Paper File", "--intake", "2019-03-04")
    assert r.code == 0, r.err
    assert "intake: 2019-03-04" in run(cli, "client", "show", v, r.out.strip()).out
    r = run(cli, "client", "add", v, "--name", "Tomorrow", "--intake", "2026-11-23")
    assert r.code == 1 and "in the future" in r.err
    assert "Tomorrow" not in run(cli, "client", "list", v).out
    # a file opened long ago can now be closed before today
    assert run(cli, "client", "close", v, "1", "--on", "2020-06-30").code == 0


def test_import_takes_intake_date(vault: Vault, tmp_path: Path) -> None:
    f = tmp_path / "c.csv"
    f.write_text(
        "name,case_number,intake_date,service_date,service_type\n"
        "Ada Old,K-1,2018-05-02,2018-05-03,Intake\n"
        "Ada Old,K-1,2018-05-02,2019-01-03,Follow-up\n"
        "Bea New,K-2,,2026-02-01,Intake\n",
        encoding="utf-8",
    )
    load.import_csv(vault, f, actor=vault.actor)
    got = dict(vault.db.execute("SELECT case_number, intake_date FROM clients").fetchall())
    assert got == {"K-1": "2018-05-02", "K-2": "2026-02-01"}


def test_import_takes_an_intake_date_given_on_a_later_row(vault: Vault, tmp_path: Path) -> None:
    """The date the file gives wins over the first service's, on whichever row it is."""
    f = tmp_path / "c.csv"
    f.write_text(
        "name,case_number,intake_date,service_date,service_type\n"
        "Ann Later,C-1,,2026-03-01,Intake\n"
        "Ann Later,C-1,2026-01-15,2026-04-01,Follow-up\n",
        encoding="utf-8",
    )
    load.import_csv(vault, f, actor=vault.actor)
    got = vault.db.execute("SELECT intake_date FROM clients WHERE case_number = 'C-1'")
    assert got.fetchone()[0] == "2026-01-15"


def test_import_refuses_a_service_before_an_intake_given_later(
    vault: Vault, tmp_path: Path
) -> None:
    f = tmp_path / "c.csv"
    f.write_text(
        "name,case_number,intake_date,service_date,service_type\n"
        "Ann Later,C-1,,2026-01-02,Intake\n"
        "Ann Later,C-1,2026-01-15,2026-04-01,Follow-up\n",
        encoding="utf-8",
    )
    with pytest.raises(
        InvalidInput, match="Row 2, column 'service_date': the service on 2026-01-02"
    ):
        load.import_csv(vault, f, actor=vault.actor)
    assert records.count_clients(vault) == 0


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            "2027-01-01,2026-01-02",
            "Row 2, column 'intake_date': the intake date 2027-01-01 is in the future",
        ),
        ("2026-13-01,2026-01-02", "Row 2, column 'intake_date': '2026-13-01' is not a date"),
        (
            "2026-02-01,2026-01-02",
            "Row 2, column 'service_date': the service on 2026-01-02 is before",
        ),
    ],
)
def test_import_refuses_a_bad_intake_date(
    vault: Vault, tmp_path: Path, cells: str, message: str
) -> None:
    f = tmp_path / "c.csv"
    f.write_text(f"name,intake_date,service_date,service_type\nAda,{cells},Intake\n", "utf-8")
    with pytest.raises(Exception, match="Nothing was imported") as exc:
        load.import_csv(vault, f, actor=vault.actor)
    assert message in str(exc.value)
    assert vault.db.execute("SELECT count(*) FROM clients").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gender", "nope"], "'nope' is not one of the answers for gender identity"),
        (["--race-ethnicity", "white,declined"], "'declined' and 'not-asked' stand alone"),
        (["--gender", "female,male"], "Give one answer for gender identity"),
        (["--victimization", "arson,bogus"], "'bogus' is not one of the answers"),
        (["--born", "1990-01-01", "--age-band", "18-24"], "no age band is needed"),
    ],
)
def test_bad_intake_answers_change_nothing(
    cli: Cli, vpath: Path, args: list[str], message: str
) -> None:
    r = run(cli, "client", "add", str(vpath), "--name", "Cleo", *args)
    assert r.code == 1 and message in r.err, r.err
    assert "Cleo" not in run(cli, "client", "list", str(vpath)).out


def test_intake_answers_are_counted_never_printed(cli: Cli, vpath: Path, tmp_path: Path) -> None:
    v = str(vpath)
    for i in range(5):
        r = run(
            cli,
            "client",
            "add",
            v,
            "--name",
            f"Dana {i}",
            "--intake",
            "2026-10-02",
            "--gender",
            "Female",
            "--race-ethnicity",
            "asian",
            "--special",
            "lgbtq,veteran",
            "--victimization",
            "stalking",
        )
        assert r.code == 0, r.err
    for cid in ("4", "5"):
        r = run(cli, "client", "edit", v, cid, "--gender", "declined", "--age-band", "60+")
        assert r.code == 0, r.err
    got = rows(cli, v, "pmt", "2026-10-01", "2026-11-22")
    assert got["Gender: Female"] == "3" and got["Gender: Not reported"] == "2"
    assert got["Race/ethnicity: Asian"] == "5" and got["Age at intake: 60 and older"] == "2"
    assert got["LGBTQ"] == "5" and got["Veterans"] == "5" and got["Stalking/Harassment"] == "5"
    shown = run(cli, "client", "show", v, "1").out
    assert "lgbtq" not in shown.lower() and "asian" not in shown.lower()


def test_new_once_per_federal_fiscal_year(cli: Cli, vpath: Path) -> None:
    """A client returning in a new quarter of the same fiscal year is not new; one
    returning after 1 October is."""
    v = str(vpath)
    for i in range(3):  # opened in October 2025 (FY 2026), back in January 2026
        cid = run(cli, "client", "add", v, "--name", f"Eve {i}", "--intake", "2025-10-15").out
        assert (
            run(
                cli,
                "service",
                "add",
                v,
                "--client",
                cid.strip(),
                "--date",
                "2026-01-10",
                "--type",
                "Follow-up",
            ).code
            == 0
        )
    for i in range(4):  # served in March 2026, back on 20 October 2026 (FY 2027)
        cid = run(cli, "client", "add", v, "--name", f"Fay {i}", "--intake", "2026-03-01").out
        assert (
            run(
                cli,
                "service",
                "add",
                v,
                "--client",
                cid.strip(),
                "--date",
                "2026-10-20",
                "--type",
                "Follow-up",
            ).code
            == 0
        )
    q2 = rows(cli, v, "pmt", "2026-01-01", "2026-03-31")
    assert q2["Victims served"] == "7" and q2[NEW] == "4"  # the Fays, new in March
    q1 = rows(cli, v, "pmt", "2026-10-01", "2026-11-22")
    assert q1["Victims served"] == "4" and q1[NEW] == "4"  # new again after 1 October
    fy = rows(cli, v, "pmt", "2025-10-01", "2026-09-30")
    assert fy["Victims served"] == "7" and fy[NEW] == "7"


def test_anonymous_contacts_take_no_name_and_are_counted(cli: Cli, vpath: Path) -> None:
    v = str(vpath)
    assert (
        run(
            cli, "contact", "add", v, "--on", "2026-11-01", "--kind", "hotline", "--name", "Gail"
        ).code
        == 2
    )
    for kind in ["hotline"] * 5 + ["walk-in"] * 2:
        r = run(
            cli,
            "contact",
            "add",
            v,
            "--on",
            "2026-11-01",
            "--kind",
            kind,
            "--minutes",
            "20",
            "--victimization",
            "domestic-violence",
            "--referral",
            "legal aid",
        )
        assert r.code == 0, r.err
    r = run(
        cli, "contact", "add", v, "--on", "2026-11-01", "--kind", "text", "--referral", "x" * 201
    )
    assert r.code == 1 and "too long" in r.err
    r = run(cli, "contact", "add", v, "--on", "2026-12-01", "--kind", "text")
    assert r.code == 1 and "in the future" in r.err
    got = rows(cli, v, "pmt", "2026-10-01", "2026-11-22")
    assert got["Anonymous contacts"] == "7" and got["Hotline contacts"] == "5"
    assert got["Walk-in contacts"] == "2" and got["Victims served"] == "0"
    assert run(cli, "client", "list", v).out.strip() in ("", "No clients.")


def test_shelter_nights_adults_children_and_unmet(cli: Cli, vpath: Path) -> None:
    v = str(vpath)

    def add(name: str, born: str) -> str:
        r = run(cli, "client", "add", v, "--name", name, "--born", born, "--intake", "2026-10-01")
        assert r.code == 0, r.err
        return r.out.strip()

    mums = [add("Hana", "1990-02-02"), add("Hedy", "1985-03-03")]
    kids = [add("Ivo", "2019-02-02"), add("Iris", "2015-01-01")]
    for cid in mums + kids:
        r = run(
            cli, "shelter", "stay", v, "--client", cid, "--from", "2026-10-01", "--to", "2026-10-11"
        )
        assert r.code == 0, r.err
    r = run(cli, "shelter", "stay", v, "--client", mums[0], "--from", "2026-10-05")
    assert r.code == 1 and "already has a stay" in r.err
    r = run(cli, "shelter", "stay", v, "--client", mums[0], "--from", "2026-11-20")
    assert r.code == 0, r.err  # still there: nights up to the end of the period
    for size in ("3", "2"):
        r = run(
            cli,
            "shelter",
            "unmet",
            v,
            "--on",
            "2026-10-03",
            "--household-size",
            size,
            "--reason",
            "no-beds",
        )
        assert r.code == 0, r.err
    r = run(
        cli,
        "shelter",
        "unmet",
        v,
        "--on",
        "2026-10-03",
        "--household-size",
        "0",
        "--reason",
        "no-beds",
    )
    assert r.code == 1 and "household size" in r.err
    r = run(
        cli,
        "shelter",
        "unmet",
        v,
        "--on",
        "2026-10-03",
        "--household-size",
        "2",
        "--reason",
        "Jane Doe",
    )
    assert r.code == 1 and "is not one of the answers" in r.err
    got = rows(cli, v, "fvpsa", "2026-10-01", "2026-11-21")
    assert got["Shelter nights"] == "42"  # 4 x 10, and 20 and 21 November
    assert got["Nights: adults"] == "22" and got["Nights: children"] == "20"
    assert got["Shelter clients"] == "4" and got["Unmet requests for shelter"] == "2"
    assert got["No beds available"] == "2"
    assert got["People in the households not sheltered"] == "5"


BAD = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]


def test_a_cell_starting_with_tab_or_return_is_text() -> None:
    from safefile.reports.output import safe_cell

    assert [safe_cell(c) for c in ("\tx", "\rx", "=x", "a=b", "5")] == [
        "'\tx",
        "'\rx",
        "'=x",
        "a=b",
        "5",
    ]


@pytest.mark.parametrize("form", ["program", "pmt", "fvpsa"])
def test_no_csv_cell_is_read_as_a_formula(
    cli: Cli, vpath: Path, tmp_path: Path, vault_path: Path, form: str, clock: FixedClock
) -> None:
    v = str(vpath)
    assert run(cli, "settings", v, "--program-name", BAD[0]).code == 0
    with Vault.open(vpath, passphrase=PASSPHRASE, clock=clock) as vault:
        from safefile.funder import entries
        from safefile.records import services

        for i, t in enumerate(BAD):
            if i % 2:
                services.add_service_type(vault, t, actor=vault.actor)
            else:
                entries.add_service_type(vault, t, "C7", actor=vault.actor)
    cid = run(cli, "client", "add", v, "--name", "Jo", "--intake", "2026-10-01").out.strip()
    for t in BAD:
        r = run(cli, "service", "add", v, "--client", cid, "--date", "2026-10-02", f"--type={t}")
        assert r.code == 0, r.err
    out = tmp_path / "r.csv"
    r = run(
        cli,
        "report",
        v,
        "--from",
        "2026-10-01",
        "--to",
        "2026-11-22",
        "--form",
        form,
        "--csv",
        str(out),
    )
    assert r.code == 0, r.err
    cells = [
        c for row in csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))) for c in row
    ]
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    if form == "program":
        assert "'+1+1" in cells and "'@SUM(A1)" in cells
    assert f"'{BAD[0]}" in cells or form == "program"


def test_the_report_scan_finds_a_name(vault: Vault, tmp_path: Path) -> None:
    """The conftest scan that every de-identified file passes would catch a client."""
    from safefile import records
    from safefile.records.models import ClientIn

    records.add_client(
        vault, ClientIn(name="Kim Lowe", born="1980-04-05", case_number="Z-99"), actor=vault.actor
    )
    for text in ("kim lowe", "1980-04-05", "z-99"):
        f = tmp_path / "r.csv"
        f.write_text(f"section,measure,count\nx,{text},3\n", "utf-8")
        with pytest.raises(AssertionError):
            _no_one_in_a_report(vault, f)


def test_retention_destroys_anonymous_entries_after_their_fiscal_year(
    cli: Cli, vpath: Path
) -> None:
    """Kept as long as a closed file (12 months here), counted from the end of the federal
    fiscal year they fall in; then destroyed and recorded as counts."""
    v = str(vpath)
    assert run(cli, "settings", v, "--retention-months", "12").code == 0
    for on in ("2025-09-30", "2025-10-01"):  # FY 2025's last day (due), FY 2026's first
        assert run(cli, "contact", "add", v, "--on", on, "--kind", "hotline").code == 0
        r = run(
            cli, "shelter", "unmet", v, "--on", on, "--household-size", "2", "--reason", "no-beds"
        )
        assert r.code == 0, r.err
    r = run(cli, "retention", v)
    assert "Due for destruction: 1 anonymous contacts dated on or before 2025-09-30" in r.out
    r = run(cli, "retention", v, "--apply")
    assert r.code == 0, r.err
    assert "Destroyed 1 anonymous contacts dated on or before 2025-09-30" in r.out
    assert "Destroyed 1 unmet shelter requests" in r.out
    got = rows(cli, v, "fvpsa", "2024-10-01", "2026-09-30")
    assert got["Unmet requests for shelter"] == "fewer than 2"  # one left, of FY 2026
    assert "Nothing is due" in run(cli, "retention", v).out


def test_own_copy_extension_given_in_time_recorded_late(cli: Cli, vpath: Path) -> None:
    """Told on day 19, typed on day 52 (today): allowed, no longer overdue, and said late."""
    v = str(vpath)
    assert run(cli, "client", "add", v, "--name", "Lena", "--intake", "2026-09-01").code == 0
    r = run(
        cli,
        "own-copy",
        "request",
        v,
        "--client",
        "1",
        "--received-on",
        "2026-10-01",
        "--identity-checked-by",
        "photo ID seen",
    )
    assert r.code == 0, r.err
    assert "OC-1" in run(cli, "own-copy", "list", v, "--overdue").out
    r = run(cli, "own-copy", "extend", v, "OC-1", "--reason", "archive", "--told-on", "2026-10-20")
    assert r.code == 0, r.err
    assert "due 2026-11-30" in r.out and "Recorded late: on 2026-11-22" in r.out
    assert "OC-1" not in run(cli, "own-copy", "list", v, "--overdue").out
    assert "recorded late on 2026-11-22" in run(cli, "own-copy", "list", v).out


def test_addenda_and_corrections_are_checked_as_notes_are(cli: Cli, vpath: Path) -> None:
    """A code word, an escape route and an address in an addendum or a correction's reason
    are warned about before saving, as in a note (the entry is still saved)."""
    v = str(vpath)
    assert run(cli, "client", "add", v, "--name", "Mona").code == 0
    ref = run(
        cli,
        "note",
        "add",
        v,
        "--client",
        "1",
        "--kind",
        "progress",
        "--data",
        "Attended.",
        "--sign",
    ).out.strip()
    text = "Code word is pineapple; escape route by the back door; lives at 12 Elm Street."
    r = run(cli, "note", "addendum", v, ref, "--text", text)
    assert r.code == 0, r.err
    assert "Warning (safety plan" in r.err and "Warning (location" in r.err
    sid = run(
        cli, "service", "add", v, "--client", "1", "--date", "2026-11-01", "--type", "Follow-up"
    ).out.strip()
    r = run(cli, "service", "void", v, sid, "--reason", "she moved to 4 Oak Avenue")
    assert r.code == 0 and "Warning (location" in r.err, r.err


def test_intake_acknowledgement_is_recorded_and_shown(cli: Cli, vpath: Path) -> None:
    v = str(vpath)
    assert run(cli, "client", "add", v, "--name", "Nia", "--intake", "2026-11-01").code == 0
    assert "Told at intake: not recorded" in run(cli, "client", "show", v, "1").out
    r = run(
        cli,
        "client",
        "acknowledge",
        v,
        "1",
        "--told",
        "kept,limits",
        "--on",
        "2026-11-01",
        "--by",
        "Test Advocate",
        "--notice-given",
    )
    assert r.code == 0 and "Not recorded as told: how and when it is shared" in r.err
    shown = run(cli, "client", "show", v, "1").out
    assert "Told at intake: 2026-11-01 by Test Advocate; notice given" in shown
    assert "not told: how and when it is shared" in shown
    for args, message in (
        (["--told", "kept", "--on", "2026-10-01"], "before the file was opened"),
        (["--told", "kept", "--on", "2026-11-23"], "in the future"),
        (["--told", "everything", "--on", "2026-11-01"], "'everything' is not one of"),
    ):
        r = run(cli, "client", "acknowledge", v, "1", *args, "--by", "X")
        assert r.code == 1 and message in r.err, r.err


def test_the_intake_notice_ships() -> None:
    from safefile.records.acknowledgement import notice_text

    text = notice_text()
    assert "signed court order" in text and "in writing" in text


def test_a_program_extends_a_list_and_its_answer_is_counted(vault: Vault) -> None:
    from datetime import date

    from safefile import records
    from safefile.errors import InvalidInput
    from safefile.funder import intake, lists
    from safefile.records.models import ClientIn
    from safefile.reports import funder

    lists.add_answer(vault, "special", "rural", "Lives in a rural area", actor=vault.actor)
    with pytest.raises(InvalidInput, match="already has 'rural'"):
        lists.add_answer(vault, "special", "Rural", "again", actor=vault.actor)
    with pytest.raises(InvalidInput, match="no list called"):
        lists.add_answer(vault, "shoe-size", "x", "y", actor=vault.actor)
    for i in range(2):
        cid = records.add_client(
            vault, ClientIn(name=f"Ola {i}", intake_date=date(2026, 10, 3)), actor=vault.actor
        )
        intake.set_answers(vault, cid, intake.parse(vault, special="rural"), actor=vault.actor)
    report = funder.build(vault, "pmt", date(2026, 10, 1), date(2026, 11, 22), 2)
    got = {m: c for _s, m, c in report.table()}
    assert got["Lives in a rural area"] == "2"
    with pytest.raises(InvalidInput, match="'rural' is not one of the answers"):
        intake.parse(None, special="rural")  # not on the shipped list


def test_destroying_a_file_takes_its_intake_answers_stays_and_acknowledgement(
    cli: Cli, vpath: Path, clock: FixedClock
) -> None:
    v = str(vpath)
    assert run(cli, "settings", v, "--retention-months", "12").code == 0
    r = run(
        cli,
        "client",
        "add",
        v,
        "--name",
        "Quinn Old",
        "--intake",
        "2020-01-01",
        "--gender",
        "female",
        "--race-ethnicity",
        "white,asian",
        "--special",
        "homeless",
    )
    assert r.code == 0, r.err
    assert (
        run(
            cli,
            "client",
            "acknowledge",
            v,
            "1",
            "--told",
            "kept,shared,limits",
            "--on",
            "2020-01-01",
            "--by",
            "Test Advocate",
        ).code
        == 0
    )
    assert (
        run(
            cli, "shelter", "stay", v, "--client", "1", "--from", "2020-01-02", "--to", "2020-01-05"
        ).code
        == 0
    )
    assert run(cli, "client", "close", v, "1", "--on", "2020-06-30").code == 0
    r = run(cli, "retention", v, "--apply")
    assert r.code == 0 and "client files: 1" in r.out, r.out + r.err
    with Vault.open(vpath, passphrase=PASSPHRASE, clock=clock) as vault:
        for table in (
            "client_intake",
            "client_answers",
            "shelter_stays",
            "intake_acknowledgements",
        ):
            n = vault.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert n == 0, table


def test_the_pmt_report_names_service_types_without_a_category(
    cli: Cli, vpath: Path, clock: FixedClock
) -> None:
    v = str(vpath)
    with Vault.open(vpath, passphrase=PASSPHRASE, clock=clock) as vault:
        from safefile.records import services

        services.add_service_type(vault, "Art group", actor=vault.actor)
    r = run(cli, "report", v, "--from", "2026-10-01", "--to", "2026-11-22", "--form", "pmt")
    assert r.code == 0 and "no PMT category" in r.err and "Art group" in r.err
    assert "Intake" not in r.err  # the default types come mapped
