"""Revocation has a form too (issue 24): an oral revocation is recorded at once with a
reminder until the written one is attached; the revocation form carries the release's
reference and its own code; and the command line for the written release end to end."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from safefile.consent import revocation
from safefile.consent.form_scan import read_codes
from safefile.errors import InvalidInput
from safefile.export.release_form import print_revocation_form
from safefile.records.language import form_texts
from tests.conftest import PASSPHRASE, PRACTITIONER, TOLD, Cli, release_args
from tests.consent.conftest import World
from tests.consent.test_release_forms import _program, _scan

D = date.fromisoformat


def test_an_oral_revocation_is_reminded_until_the_writing_is_attached(
    world: World, tmp_path: Path
) -> None:
    from safefile.consent import releases

    _program(world)
    rid = world.release()
    other = world.release(purpose="Housing")
    releases.revoke_release(
        world.vault,
        rid,
        D("2026-11-20"),
        "orally, by phone",
        "Test Advocate",
        actor=world.vault.actor,
    )
    [waiting] = revocation.waiting_for_writing(world.vault, world.amina)
    assert waiting.release.id == rid and "by phone" in waiting.text
    form = print_revocation_form(
        world.vault, rid, tmp_path / "revoke.pdf", language="es", actor=world.vault.actor
    )
    text = " ".join(p.extract_text() for p in PdfReader(form.path).pages)
    assert "R-1" in text and form_texts("es").text("revoke_title") in " ".join(text.split())
    assert form.code.startswith("SFV1 R-1 ") and "Amina" not in form.code
    scan = _scan(form.path, tmp_path / "signed.pdf")
    assert read_codes(scan.read_bytes())[0] == [form.code] * form.pages
    # Another release's revocation form, or a release form, is not this writing.
    with pytest.raises(InvalidInput, match="not release R-2's"):
        revocation.attach_written(
            world.vault, other, scan, on=D("2026-11-21"), actor=world.vault.actor
        )
    assert releases.get_release(world.vault, other).revoked_on is None
    revocation.attach_written(world.vault, rid, scan, actor=world.vault.actor)
    assert revocation.waiting_for_writing(world.vault, world.amina) == []
    assert revocation.written_form(world.vault, rid) is not None
    with pytest.raises(InvalidInput, match="attached already"):
        revocation.attach_written(world.vault, rid, scan, actor=world.vault.actor)


@pytest.mark.slow
def test_cli_the_written_release_end_to_end(cli: Cli, tmp_path: Path) -> None:
    v = str(tmp_path / "v.safefile")
    s = PASSPHRASE + "\n"

    def run(*args: str) -> tuple[int, str, str]:
        r = cli(*args, "--passphrase-stdin", stdin=s)
        return r.code, r.out, r.err

    assert run("init", v, "--no-recovery-key", *PRACTITIONER)[0] == 0
    assert run("settings", v, "--program-name", "Harbor House", "--program-phone", "555")[0] == 0
    assert run("client", "add", v, "--name", "Ana Ruiz", "--language", "es")[0] == 0
    assert run("org", "add", v, "--name", "County Court")[0] == 0
    code, out, err = run(
        "release", "draft", v, "--client", "1", "--recipient", "1", "--categories",
        "attendance", "--purpose", "Custody hearing", "--expires", "2027-02-01",
        "--recipient-kind", "court", "--told", "revoke,not-conditioned",
    )  # fmt: skip
    assert code == 0 and out.strip() == "R-1", err
    code, out, err = run(
        "release", "draft", v, "--client", "1", "--recipient", "1", "--categories",
        "attendance", "--purpose", "x", "--expires", "2030-01-01",
    )  # fmt: skip
    assert code == 1 and "at most 365 days" in err
    form = tmp_path / "form.pdf"
    code, out, err = run("release", "print", v, "R-1", "--to", str(form))
    assert code == 0 and "awaiting signature" in out, err
    assert "Autorización para compartir información" in PdfReader(form).pages[0].extract_text()
    code, out, _ = run("release", "waiting", v)
    assert "R-1" in out and "awaiting signature" in out
    # No road: the export is refused (exit 3) and says why.
    code, _, err = run(
        "export", v, "--client", "1", "--recipient", "1", "--categories", "attendance",
        "--purpose", "Custody hearing", "--to", str(tmp_path / "out.pdf"), "--release", "R-1",
    )  # fmt: skip
    assert code == 3 and "not signed yet" in err
    scan = _scan(form, tmp_path / "scan.pdf")
    code, _, err = run("release", "sign", v, "R-1", "--scan", str(scan), "--signed-on",
                       "2026-11-22", "--told", TOLD)  # fmt: skip
    assert code == 1 and "--changed-by-hand no" in err
    code, out, err = run("release", "sign", v, "R-1", "--scan", str(scan), "--signed-on",
                         "2026-11-22", "--told", TOLD, "--changed-by-hand", "no")  # fmt: skip
    assert code == 0 and "in effect from 2026-11-22" in out, err
    code, out, _ = run("release", "waiting", v)
    assert "No release is waiting" in out
    code, out, err = run(
        "export", v, "--client", "1", "--recipient", "1", "--categories", "attendance",
        "--purpose", "Custody hearing", "--to", str(tmp_path / "out.pdf"),
    )  # fmt: skip
    assert code == 0, err
    code, _, err = run("release", "revoke", v, "R-1", "--on", "2026-11-22", "--how", "orally")
    assert code == 0 and "attach the written revocation" in err
    code, out, _ = run("release", "list", v, "--client", "1")
    assert "reminder:" in out
    rform = tmp_path / "revoke.pdf"
    code, out, err = run("release", "revoke-form", v, "R-1", "--to", str(rform), "--bilingual")
    assert code == 0, err
    code, out, err = run("release", "revoke", v, "R-1", "--on", "2026-11-22", "--scan",
                         str(_scan(rform, tmp_path / "rscan.pdf")))  # fmt: skip
    assert code == 0 and not err, err
    code, out, _ = run("release", "list", v, "--client", "1")
    assert "reminder:" not in out and "revoked on 2026-11-22" in out
    # A paper signed without a printed form says so on the record.
    code, _, err = run(*release_args(v))
    assert code == 0, err
    code, out, _ = run("release", "list", v, "--client", "1")
    assert "signed on paper without a printed form; the original is on file" in out
