"""category add / list, and note add / attach --category, through the in-process CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE

S = PASSPHRASE + "\n"


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFEFILE_DATA_DIR", str(tmp_path / "data"))


def run(cli, *args: str, extra: str = ""):  # type: ignore[no-untyped-def]
    return cli(*args, "--passphrase-stdin", stdin=S + extra)


def test_category_add_list_and_tagging(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    v = str(tmp_path / "v.safefile")
    init = ("init", v, "--passphrase-stdin", "--no-recovery-key", "--practitioner", "Test")
    assert cli(*init, stdin=S).code == 0
    r = run(
        cli,
        "category",
        "add",
        v,
        "--name",
        "HIV status",
        "--covers",
        "HIV test results",
        "--alone",
        "--notice",
        "-",
        extra="Do not redisclose\nHIV information.\n",
    )
    assert (r.code, r.out.strip()) == (0, "hiv-status"), r.err
    listed = json.loads(run(cli, "category", "list", v, "--json").out)
    assert listed == [
        {
            "code": "hiv-status",
            "name": "HIV status",
            "covers": "HIV test results",
            "alone": True,
            "notice": "Do not redisclose\nHIV information.",
        },
        {
            "code": "substance-use",
            "name": "Substance use",
            "covers": "substance use disorder records: diagnosis, treatment and referral "
            "(42 CFR part 2)",
            "alone": False,
            "notice": "42 CFR part 2 prohibits unauthorized use or disclosure of these records.",
        },
    ]
    text = run(cli, "category", "list", v).out
    assert "hiv-status  HIV status: HIV test results  (travels alone)" in text
    # the same name again, a built-in name: refused, nothing added
    for name in ("hiv STATUS", "Process notes"):
        bad = run(cli, "category", "add", v, "--name", name, "--covers", "x")
        assert bad.code == 1 and bad.out == "", bad
    assert len(json.loads(run(cli, "category", "list", v, "--json").out)) == 2

    cid = run(cli, "client", "add", v, "--name", "Amina Diallo").out.strip()
    ref = run(
        cli,
        "note",
        "add",
        v,
        "--client",
        cid,
        "--kind",
        "progress",
        "--data",
        "Screen",
        "--category",
        "substance-use",
    )
    assert ref.code == 0, ref.err
    unknown = run(
        cli,
        "note",
        "add",
        v,
        "--client",
        cid,
        "--kind",
        "progress",
        "--data",
        "x",
        "--category",
        "gambling",
    )
    assert unknown.code != 0 and "no program category 'gambling'" in unknown.err
    doc = tmp_path / "lab.pdf"
    doc.write_bytes(b"%PDF-1.4 lab")
    got = run(cli, "attach", v, "--client", cid, str(doc), "--category", "hiv-status")
    assert got.code == 0, got.err
    # a release naming the alone category with another is refused at entry
    form = run(cli, "attach", v, "--client", cid, str(doc), "--type", "signed release")
    org = run(cli, "org", "add", v, "--name", "Clinic").out.strip()
    rel = run(
        cli,
        "release",
        "add",
        v,
        "--client",
        cid,
        "--recipient",
        org,
        "--categories",
        "hiv-status,services",
        "--purpose",
        "Care",
        "--signed-on",
        "2026-01-01",
        "--expires",
        "2026-12-31",
        "--form",
        form.out.strip(),
    )
    assert rel.code != 0 and "hiv-status travels alone" in rel.err
