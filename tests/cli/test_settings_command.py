"""``settings`` and ``init --practitioner``; commands that sign or record need the practitioner."""

from __future__ import annotations

import json
from pathlib import Path

from safefile import settings
from tests.conftest import PASSPHRASE

S = PASSPHRASE + "\n"


def run(cli, *args: str):  # type: ignore[no-untyped-def]
    return cli(*args, "--passphrase-stdin", stdin=S)


def test_init_with_practitioner_and_settings(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    v = str(tmp_path / "v.safefile")
    r = run(
        cli,
        "init",
        v,
        "--no-recovery-key",
        "--practitioner",
        "Dana Whitfield",
        "--credentials",
        "LCSW",
    )
    assert r.code == 0, r.err
    shown = json.loads(run(cli, "settings", v, "--json").out)
    assert shown["practitioner"] == "Dana Whitfield" and shown["credentials"] == "LCSW"
    assert shown["page_size"] in settings.PAGE_SIZES
    r = run(
        cli,
        "settings",
        v,
        "--program-name",
        "Harbour Advocacy",
        "--program-phone",
        "555-0142",
        "--program-address",
        "1 Quay St, Portland ME",
        "--page-size",
        "a4",
        "--release-max-days",
        "180",
        "--retention-months",
        "24",
    )
    assert r.code == 0, r.err
    assert "Program name: Harbour Advocacy  (changed)" in r.out
    assert "Paper size: a4  (changed)" in r.out
    shown = json.loads(run(cli, "settings", v, "--json").out)
    assert (shown["program_phone"], shown["release_max_days"], shown["retention_months"]) == (
        "555-0142",
        180,
        24,
    )
    # Every entry is made in the practitioner's name, not the computer's login.
    assert run(cli, "client", "add", v, "--name", "Amina").code == 0
    assert run(cli, "org", "add", v, "--name", "Parole").code == 0
    r = run(
        cli,
        "request",
        "add",
        v,
        "--client",
        "1",
        "--requester",
        "Officer",
        "--reason",
        "check",
        "--summary",
        "attendance",
        "--decision",
        "refused",
        "--decision-reasons",
        "no release",
        "--identity-confirmed-by",
        "rang back",
    )
    assert r.code == 0, r.err
    entries = json.loads(run(cli, "log", v, "--json").out)
    assert entries[-1]["actor"] == "Dana Whitfield, LCSW"


def test_bad_settings_change_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    v = str(tmp_path / "v.safefile")
    assert run(cli, "init", v, "--no-recovery-key", "--practitioner", "Dana").code == 0
    r = run(cli, "settings", v, "--release-max-days", "0", "--program-name", "New")
    assert r.code == 1 and "between 1 and 1825 days" in r.err
    r = run(cli, "settings", v, "--practitioner", "  ")
    assert r.code == 1 and "practitioner's name" in r.err
    assert run(cli, "settings", v, "--page-size", "legal").code == 2
    shown = json.loads(run(cli, "settings", v, "--json").out)
    assert shown["program_name"] == "" and shown["practitioner"] == "Dana"


def test_commands_that_sign_or_record_need_the_practitioner(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    v = str(tmp_path / "v.safefile")
    assert run(cli, "init", v, "--no-recovery-key").code == 0
    assert run(cli, "client", "add", v, "--name", "Amina").code == 0  # not signed or recorded
    r = run(cli, "note", "add", v, "--client", "1", "--kind", "progress", "--data", "Came in")
    assert r.code == 1 and "practitioner's name is not set" in r.err
    r = run(
        cli,
        "own-copy",
        "request",
        v,
        "--client",
        "1",
        "--received-on",
        "2026-11-20",
        "--identity-checked-by",
        "ID",
    )
    assert r.code == 1 and "practitioner's name is not set" in r.err
    assert run(cli, "settings", v, "--practitioner", "Dana Whitfield").code == 0
    r = run(cli, "note", "add", v, "--client", "1", "--kind", "progress", "--data", "Came in")
    assert r.code == 0, r.err


def test_credentials_without_a_name_refused_before_anything(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    v = tmp_path / "v.safefile"
    r = run(cli, "init", str(v), "--credentials", "LCSW")
    assert r.code == 1 and "--practitioner" in r.err and not v.exists()


def test_default_page_size_and_spelling_follow_the_region() -> None:
    assert settings.default_page_size("US") == "letter"
    assert settings.default_page_size("") == "letter"  # unknown: the US law it is built on
    assert settings.default_page_size("GB") == "a4"
    assert settings.default_locale("US") == "en-US" and settings.default_locale("AU") == "en-GB"


def test_written_out_choices_match_the_core() -> None:
    from safefile.cli import own_copy_cmds, settings_cmds
    from safefile.consent import own_copy

    assert settings_cmds.PAGE_SIZES == settings.PAGE_SIZES
    assert tuple(own_copy.CAPACITIES) == own_copy_cmds.CAPACITIES
