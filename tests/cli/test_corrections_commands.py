"""Correcting what was entered from the command line: a service voided or corrected, a
note dated for its session, a draft edited or deleted; a signed note refuses."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import PASSPHRASE, Cli

S = PASSPHRASE + "\n"


def _run(cli: Cli, *args: str) -> tuple[int, str, str]:
    r = cli(*args, "--passphrase-stdin", stdin=S)
    return r.code, r.out, r.err


def _vault(cli: Cli, tmp_path: Path) -> str:
    v = str(tmp_path / "v.safefile")
    assert (
        cli(
            "init",
            v,
            "--passphrase-stdin",
            "--no-recovery-key",
            "--practitioner",
            "Test Advocate",
            stdin=S,
        ).code
        == 0
    )
    assert _run(cli, "client", "add", v, "--name", "Amina Diallo")[1].strip() == "1"
    return v


def test_void_and_correct_a_service(cli: Cli, tmp_path: Path) -> None:
    v = _vault(cli, tmp_path)
    code, out, _ = _run(
        cli,
        "service",
        "add",
        v,
        "--client",
        "1",
        "--date",
        "2026-11-10",
        "--type",
        "Intake",
        "--minutes",
        "300",
    )
    assert code == 0
    sid = out.strip()
    code, out, err = _run(cli, "service", "correct", v, sid, "--minutes", "30", "--reason", "typo")
    assert code == 0, err
    new = out.strip()
    shown = _run(cli, "client", "show", v, "1")[1]
    assert "VOID (typo" in shown and "30 min" in shown
    assert _run(cli, "service", "void", v, new, "--reason", "duplicate")[0] == 0
    code, _, err = _run(cli, "service", "void", v, new, "--reason", "again")
    assert code == 1 and "already voided" in err


def test_date_edit_and_delete_notes(cli: Cli, tmp_path: Path) -> None:
    v = _vault(cli, tmp_path)
    code, out, _ = _run(
        cli,
        "note",
        "add",
        v,
        "--client",
        "1",
        "--kind",
        "progress",
        "--data",
        "Met at the office",
        "--date",
        "2026-11-20",
    )
    assert code == 0
    ref = out.strip()
    assert f"{ref}  2026-11-20" in _run(cli, "client", "show", v, "1")[1]
    assert _run(cli, "note", "edit", v, ref, "--data", "Met at the centre")[0] == 0
    assert "Met at the centre" in _run(cli, "client", "show", v, "1")[1]
    assert _run(cli, "note", "delete", v, ref)[0] == 0
    assert "Met at the" not in _run(cli, "client", "show", v, "1")[1]
    code, out, _ = _run(
        cli, "note", "add", v, "--client", "1", "--kind", "progress", "--data", "Signed", "--sign"
    )
    signed = out.strip()
    code, _, err = _run(cli, "note", "edit", v, signed, "--data", "changed")
    assert code != 0 and "signed" in err.lower()
    assert _run(cli, "note", "delete", v, signed)[0] != 0
    code, _, err = _run(
        cli,
        "note",
        "add",
        v,
        "--client",
        "1",
        "--kind",
        "progress",
        "--data",
        "x",
        "--date",
        "2999-01-01",
    )
    assert code == 1 and "future" in err
