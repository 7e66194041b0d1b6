"""The gate holds on the command line (issue 22, CLI.md "Third round"): a minor's own copy,
a release's methods, what passes as a court order, imminent harm, a restricted person's
request and aliases.  Every refusal is exit 3 and recorded; nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest

from tests.conftest import PASSPHRASE, PRACTITIONER, Built, Cli, release_args

S = PASSPHRASE + "\n"


def ok(cli: Cli, *args: str, stdin: str = S) -> str:
    r = cli(*args, "--passphrase-stdin", stdin=stdin)
    assert r.code == 0, r.err
    return r.out.strip()


def entries(cli: Cli, v: str) -> list[dict[str, object]]:
    return list(json.loads(ok(cli, "log", v, "--json")))


@pytest.fixture
def v(tmp_path: Path, cli: Cli, built: Built) -> str:
    """Client 1 Amina (adult), client 2 Kid (10), org 1 County Court (clerk Bo), org 2
    Family Services (contact Mallory Abuser), a release R-1 to County Court by phone only."""

    def build(at: Path) -> None:
        path = str(at)
        assert cli("init", path, "--passphrase-stdin", *PRACTITIONER, stdin=S).code == 0
        ok(cli, "client", "add", path, "--name", "Amina Diallo", "--born", "1990-04-02")
        ok(cli, "client", "add", path, "--name", "Kid Diallo", "--born", "2016-05-01")
        ok(cli, "org", "add", path, "--name", "County Court", "--contact-person", "Clerk Bo")
        ok(
            cli,
            "org",
            "add",
            path,
            "--name",
            "Family Services",
            "--contact-person",
            "Mallory Abuser",
        )
        ok(cli, *release_args(path), "--methods", "phone")

    return str(built(tmp_path / "v.safefile", build))


def _attach(cli: Cli, v: str, tmp_path: Path, client: str, doc_type: str) -> str:
    f = tmp_path / f"{doc_type.replace(' ', '-')}.pdf"
    f.write_bytes(b"%PDF-1.4 signed order")
    return ok(cli, "attach", v, "--client", client, str(f), "--type", doc_type)


def test_a_phone_only_release_does_not_write_a_pdf(cli: Cli, v: str, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    r = cli(
        "export",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "attendance",
        "--purpose",
        "Parole compliance",
        "--release",
        "R-1",
        "--to",
        str(out),
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 3, r.err
    assert "does not allow information to be given as a PDF file (it allows: phone)" in r.err
    assert not out.exists()
    assert entries(cli, v)[-1]["kind"] == "export refused"


def test_a_minors_own_copy_on_the_spot_is_refused_with_the_way_through(
    cli: Cli, v: str, tmp_path: Path
) -> None:
    out = tmp_path / "kid.pdf"
    r = cli(
        "export",
        v,
        "--client",
        "2",
        "--own-copy",
        "--requested-on",
        "2026-11-20",
        "--identity-checked-by",
        "Someone, parent",
        "--to",
        str(out),
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 3, r.err
    assert "The client is a minor" in r.err and "own-copy request --representative" in r.err
    assert not out.exists()
    assert entries(cli, v)[-1]["kind"] == "export refused"
    assert "OC-" not in ok(cli, "own-copy", "list", v, "--client", "2")  # no request recorded
    # The way through: a request with the representative, capacity and authority.
    ref = ok(
        cli,
        "own-copy",
        "request",
        v,
        "--client",
        "2",
        "--received-on",
        "2026-11-20",
        "--identity-checked-by",
        "photo ID seen",
        "--representative",
        "Maria Diallo",
        "--capacity",
        "parent",
        "--authority",
        "birth certificate seen",
    ).split()[0]
    ok(cli, "export", v, "--client", "2", "--own-copy", "--request", ref, "--to", str(out))
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(out).pages).split())
    assert "Collected by Maria Diallo, a parent, for the client" in text
    assert "the client, at their request" not in text


def test_an_adults_own_copy_request_without_a_representative_still_goes(
    cli: Cli, v: str, tmp_path: Path
) -> None:
    out = tmp_path / "a.pdf"
    ok(
        cli,
        "export",
        v,
        "--client",
        "1",
        "--own-copy",
        "--requested-on",
        "2026-11-20",
        "--identity-checked-by",
        "photo ID seen",
        "--to",
        str(out),
    )
    assert out.exists()


def test_a_restricted_persons_request_cannot_be_granted(cli: Cli, v: str) -> None:
    ok(
        cli,
        "client",
        "restrict",
        v,
        "1",
        "--person",
        "Mallory Abuser",
        "--reason",
        "protective order",
        "--alias",
        "Mally",
        "--alias",
        "Em",
    )
    listed = ok(cli, "client", "restrictions", v, "1")
    assert "also known as: Mally, Em" in listed
    base: tuple[str, ...] = ("request", "add", v, "--client", "1", "--reason", "custody")
    base = (*base, "--summary", "address")
    base = (*base, "--identity-confirmed-by", "rang back")
    for name in ("Mallory Abuser", "Mally", "M\u0430llory"):
        r = cli(*base, "--requester", name, "--decision", "granted", "--passphrase-stdin", stdin=S)
        assert r.code == 3, r.err
        assert "Mallory" not in r.err and "Mally" not in r.err
        assert "refused or referred" in r.err
    ok(cli, *base, "--requester", "Mallory Abuser", "--decision", "referred")


def test_court_order_inputs(cli: Cli, v: str, tmp_path: Path) -> None:
    form = _attach(cli, v, tmp_path, "1", "signed release")
    order = _attach(cli, v, tmp_path, "1", "court order")
    base = (
        "export",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--exception",
        "court-order",
        "--client-told",
        "yes",
        "--court",
        "County Court",
    )

    def run(*extra: str, categories: str = "attendance") -> tuple[int, str, Path]:
        out = tmp_path / f"o{len(entries(cli, v))}.pdf"
        r = cli(
            *base,
            "--categories",
            categories,
            *extra,
            "--to",
            str(out),
            "--passphrase-stdin",
            stdin=S + "yes\n",
        )
        return r.code, r.err, out

    good = ("--judge", "Judge Ray", "--order-signed", "2026-11-20")
    cases = [
        (("--order", form, *good), 'was not attached as a court order (it is "signed release")'),
        (("--order", order, "--judge", ".", "--order-signed", "2026-11-20"), "Record the judge"),
        (("--order", order, "--judge", "Judge Ray", "--order-signed", "1900-01-01"), "2 years"),
        (("--order", order, "--judge", "Judge Ray", "--order-signed", "2026-12-01"), "future"),
    ]
    for extra, said in cases:
        code, err, out = run(*extra)
        assert code == 3 and said in err, (extra, err)
        assert not out.exists()
        assert entries(cli, v)[-1]["kind"] == "export refused"
    # An old order with the reason recorded goes.
    code, err, out = run(
        "--order",
        order,
        "--judge",
        "Judge Ray",
        "--order-signed",
        "2020-01-01",
        "--old-order-reason",
        "the order is a standing one, confirmed with the court",
    )
    assert code == 0, err
    # Process notes without the attestation: left out, and said; with it, they go.
    ok(cli, "note", "add", v, "--client", "1", "--kind", "process", "--data", "Process", "--sign")
    code, err, out = run("--order", order, *good, categories="attendance,process-notes")
    assert code == 0, err
    assert "Process notes are left out" in err
    last = [e for e in entries(cli, v) if e["kind"] == "disclosure required by law"][-1]
    assert last["detail"]["categories"] == ["attendance"]  # type: ignore[index]
    code, err, out = run(
        "--order", order, *good, "--order-names-process-notes", categories="process-notes"
    )
    assert code == 0, err
    last = [e for e in entries(cli, v) if e["kind"] == "disclosure required by law"][-1]
    assert last["detail"]["categories"] == ["process-notes"]  # type: ignore[index]


def test_court_order_judge_and_court_need_letters(cli: Cli, v: str, tmp_path: Path) -> None:
    order = _attach(cli, v, tmp_path, "1", "court order")
    out = tmp_path / "c.pdf"
    r = cli(
        "disclose",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "attendance",
        "--method",
        "phone",
        "--summary",
        "Attendance",
        "--exception",
        "court-order",
        "--client-told",
        "yes",
        "--order",
        order,
        "--judge",
        "J",
        "--court",
        "7",
        "--order-signed",
        "2026-11-20",
        "--passphrase-stdin",
        stdin=S + "yes\n",
    )
    assert r.code == 3 and "Record the judge" in r.err and "Record the court" in r.err
    assert not out.exists()


@pytest.mark.parametrize("cats", ["attendance,documents", "attendance,process-notes"])
def test_imminent_harm_takes_the_minimum(cli: Cli, v: str, tmp_path: Path, cats: str) -> None:
    out = tmp_path / "h.pdf"
    args: tuple[str, ...] = ("export", v, "--client", "1", "--recipient", "1")
    args = (*args, "--exception", "imminent-harm")
    args = (*args, "--basis", "threat to life", "--client-told", "no")
    args = (*args, "--not-told-reason", "it would raise the danger", "--to", str(out))
    r = cli(*args, "--categories", cats, "--passphrase-stdin", stdin=S)
    assert r.code == 3, r.err
    assert "only what is needed to prevent the harm" in r.err
    assert not out.exists()
    r = cli(*args, "--passphrase-stdin", stdin=S)
    assert r.code == 2  # the categories are required: no default
    r = cli(*args, "--categories", "contact", "--passphrase-stdin", stdin=S)
    assert r.code == 0, r.err
    assert "only what is needed to prevent the harm" in r.err  # the rule is shown


def test_legal_roads_to_a_restricted_contact_need_the_override(
    cli: Cli, v: str, tmp_path: Path
) -> None:
    ok(cli, "client", "restrict", v, "2", "--person", "Mallory Abuser", "--reason", "PO")
    out = tmp_path / "cp.pdf"
    args: tuple[str, ...] = ("export", v, "--client", "2", "--recipient", "2")
    args = (*args, "--categories", "attendance")
    args = (*args, "--exception", "child-protection", "--basis", "mandated report")
    args = (*args, "--client-told", "yes", "--to", str(out))
    r = cli(*args, "--passphrase-stdin", stdin=S)
    assert r.code == 3 and "Mallory" not in r.err and "--override-restriction" in r.err
    assert not out.exists()
    r = cli(
        *args,
        "--override-restriction",
        "the agency's intake line, not the person",
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 0, r.err
    shown = ok(cli, "accounting", v, "--client", "2")
    assert "the agency's intake line, not the person" in shown
    # and never under a release
    r = cli(
        "export",
        v,
        "--client",
        "1",
        "--recipient",
        "1",
        "--categories",
        "attendance",
        "--purpose",
        "Parole compliance",
        "--override-restriction",
        "x",
        "--to",
        str(tmp_path / "r.pdf"),
        "--passphrase-stdin",
        stdin=S,
    )
    assert r.code == 1 and "only go with --exception" in r.err
