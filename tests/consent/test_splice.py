"""Old pages cannot bring back a revoked release, a lifted restriction, a released hold or a
missing own-copy request (issue 22, Build 8; store/seal.py, store/seen.py).

SQLCipher authenticates each page with its number but no version: a page copied from an
older copy of ``vault.db`` is authentic.  For each security change, every page the change
touched is copied back from the copy taken just before it, one at a time and all together;
each splice must be found at the opening (DamagedFile, exit 5) or leave the gate's decision
what it is on the unspliced vault.  And a whole older vault put in place on the same
computer opens with the warning that it is older than the one last opened here.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from safefile import settings
from safefile.consent import own_copy, people, releases
from safefile.consent.gate import ExportRequest, Refusal, decide
from safefile.errors import DamagedFile, InvalidInput, NotFound
from safefile.retention import destroy
from safefile.retention.closing import active_hold, place_hold, release_hold
from safefile.store import seen
from safefile.store.layout import DB_FILE
from safefile.store.seal import SEAL_FILE
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE, Cli, export_args
from tests.consent.conftest import World

pytestmark = pytest.mark.slow  # each opens the vault once per splice (Argon2id each time)

PAGE = 16384  # the page size of format 2 (store/database.py)
D = date.fromisoformat


def _pages(data: bytes) -> list[bytes]:
    return [data[i : i + PAGE] for i in range(0, len(data), PAGE)]


def _changed(before: bytes, after: bytes) -> list[int]:
    """Pages (by index) in both copies that differ: what a splice can bring back."""
    old, new = _pages(before), _pages(after)
    return [i for i in range(min(len(old), len(new))) if old[i] != new[i]]


def _splice(after: bytes, before: bytes, indexes: list[int]) -> bytes:
    pages, old = _pages(after), _pages(before)
    for i in indexes:
        pages[i] = old[i]
    return b"".join(pages)


def _put(folder: Path, db: bytes, seal_file: bytes) -> None:
    for side in ("-wal", "-shm"):
        (folder / f"{DB_FILE}{side}").unlink(missing_ok=True)
    (folder / DB_FILE).write_bytes(db)
    (folder / SEAL_FILE).write_bytes(seal_file)


Decision = Callable[[Vault], object]


@pytest.fixture
def recovery(new_vault: tuple[Vault, str]) -> str:
    """The world's recovery key: the many openings of a spliced vault unwrap the data key
    with it, without Argon2 (a splice is found by the database's seal, after either slot;
    the command line's test below opens with the passphrase)."""
    return new_vault[1]


def _decided(folder: Path, decision: Decision, recovery: str) -> object:
    """The decision on the vault as it is on disk, or "detected" (exit 5)."""
    try:
        vault = Vault.open(folder, recovery_key=recovery)
    except DamagedFile:
        return "detected"
    try:
        vault.settle()
        return decision(vault)
    except DamagedFile:
        return "detected"
    finally:
        vault.lock()


def _attack(
    world: World,
    change: Callable[[Vault], object],
    decision: Decision,
    recovery: str,
    *,
    table: str | None = None,
) -> None:
    """Change, then splice back every page the change touched, one at a time and together;
    and ``table``'s pages with its indexes' (each on one page in these small vaults)."""
    folder = world.vault.path
    world.vault.lock()
    before_decision = _decided(folder, decision, recovery)
    before = (folder / DB_FILE).read_bytes()
    vault = Vault.open(folder, recovery_key=recovery)
    change(vault)
    vault.lock()  # checkpoints the WAL into vault.db
    after = (folder / DB_FILE).read_bytes()
    seal_after = (folder / SEAL_FILE).read_bytes()
    expected = _decided(folder, decision, recovery)
    assert expected != before_decision, "the change must change the gate's decision"
    after = (folder / DB_FILE).read_bytes()  # (the decision's opening is recorded)
    seal_after = (folder / SEAL_FILE).read_bytes()
    touched = _changed(before, after)
    assert touched
    outcomes: dict[str, object] = {}
    subsets = [[i] for i in touched] + [touched]
    if table is not None:  # the table's page with its indexes', which SQLite's check compares
        with Vault.open(folder, recovery_key=recovery) as v:
            roots = v.db.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name = ?", (table,))
            together = [int(r[0]) - 1 for r in roots if int(r[0]) - 1 in touched]
        assert len(together) >= 2, together  # the table's page and an index's
        subsets.append(together)
        after = (folder / DB_FILE).read_bytes()
        seal_after = (folder / SEAL_FILE).read_bytes()
    for subset in subsets:
        _put(folder, _splice(after, before, subset), seal_after)
        got = _decided(folder, decision, recovery)
        outcomes[str(subset)] = got
        assert got in ("detected", expected), (subset, got, expected)
    # Bringing back every page the change touched is the state before it: always found.
    assert outcomes[str(touched)] == "detected"
    _put(folder, after, seal_after)
    assert _decided(folder, decision, recovery) == expected  # the unspliced vault still opens


def _export_allowed(world: World) -> Decision:
    def decision(v: Vault) -> object:
        d = decide(
            v,
            ExportRequest(world.amina, world.parole, ("attendance",), "Parole compliance"),
            actor=v.actor,
        )
        return "refused" if isinstance(d, Refusal) else "allowed"

    return decision


def test_a_spliced_revocation_is_found(world: World, recovery: str) -> None:
    rel = world.release()

    def revoke(v: Vault) -> None:
        releases.revoke_release(v, rel, D("2026-11-20"), taken_by="Test Advocate", actor=v.actor)

    _attack(world, revoke, _export_allowed(world), recovery)


def test_a_spliced_restriction_is_found(world: World, recovery: str) -> None:
    world.release(contact_person="Mallory Abuser")

    def restrict(v: Vault) -> None:
        people.add_restriction(v, world.amina, "Mallory Abuser", "protective order", actor=v.actor)

    _attack(world, restrict, _export_allowed(world), recovery)


def test_a_spliced_legal_hold_is_found(world: World, recovery: str) -> None:
    place_hold(world.vault, world.amina, "subpoena received", actor=world.vault.actor)

    def lift(v: Vault) -> None:
        release_hold(v, world.amina, actor=v.actor)

    def held(v: Vault) -> object:
        return active_hold(v, world.amina) is not None

    _attack(world, lift, held, recovery)


def test_a_spliced_placed_hold_is_found(world: World, recovery: str) -> None:
    def hold(v: Vault) -> None:
        place_hold(v, world.amina, "subpoena received", actor=v.actor)

    _attack(world, hold, lambda v: active_hold(v, world.amina) is not None, recovery)


def test_a_spliced_own_copy_request_is_found(world: World, recovery: str) -> None:
    def request(v: Vault) -> None:
        own_copy.record_request(
            v,
            world.amina,
            received_on=D("2026-11-20"),
            identity_checked_by="photo ID",
            actor=v.actor,
        )

    def answerable(v: Vault) -> object:
        try:
            return own_copy.check_answerable(v, 1, world.amina).ref
        except (NotFound, InvalidInput):
            return "no request"

    _attack(world, request, answerable, recovery)


def test_a_record_of_sharing_from_before_its_redaction_is_found(
    world: World, recovery: str
) -> None:
    """A destroyed file's entries in the record of sharing are redacted in place (their
    hash kept): a page of them from before the destruction, with its index's page, would
    name the client again. Each entry is sealed with its redaction's date, so the old
    pages are found."""
    world.release()
    _export_allowed(world)(world.vault)  # a decision: an entry naming Amina

    def destroy_file(v: Vault) -> None:
        destroy.destroy(v, {world.amina}, actor=v.actor)

    def named(v: Vault) -> object:
        q = "SELECT count(*) FROM disclosures WHERE client_id = ?"
        return v.db.execute(q, (world.amina,)).fetchone()[0]

    _attack(world, destroy_file, named, recovery, table="disclosures")


def test_the_command_line_says_exit_5_for_a_spliced_revocation(world: World, cli: Cli) -> None:
    rel = world.release()
    settings.save(world.vault, {"practitioner": "Test Advocate"})
    folder = world.vault.path
    world.vault.lock()
    before = (folder / DB_FILE).read_bytes()
    vault = Vault.open(folder, passphrase=PASSPHRASE)
    releases.revoke_release(
        vault, rel, D("2026-11-20"), taken_by="Test Advocate", actor=vault.actor
    )
    vault.lock()
    after = (folder / DB_FILE).read_bytes()
    seal_after = (folder / SEAL_FILE).read_bytes()
    touched = _changed(before, after)  # the release's page is among them
    found = 0
    for subset in [*([i] for i in touched), touched]:
        _put(folder, _splice(after, before, subset), seal_after)
        r = cli("check", str(folder), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
        assert r.code in (0, 5), (subset, r.err)
        if r.code == 5:  # at the opening, or the chains' check (an audit page)
            found += 1
            assert "damaged" in r.err and "The vault is sound" not in r.out
            exported = cli(
                *export_args(folder, folder.parent / "out.pdf"),
                "--passphrase-stdin",
                stdin=PASSPHRASE + "\n",
            )
            assert exported.code in (3, 5), exported.err  # never written
            assert not (folder.parent / "out.pdf").exists()
    assert found >= 2  # the release's own page, and all of them together
    _put(folder, _splice(after, before, touched), seal_after)
    r = cli("check", str(folder), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert r.code == 5
    assert "The vault is sound" not in r.out


def test_a_whole_older_vault_on_the_same_computer_is_said_to_be_older(
    world: World, cli: Cli, tmp_path: Path
) -> None:
    folder = world.vault.path
    world.vault.lock()
    yesterday = tmp_path / "yesterday"
    shutil.copytree(folder, yesterday)
    vault = Vault.open(folder, passphrase=PASSPHRASE)
    assert not vault.older_than_seen
    people.add_restriction(
        vault, world.amina, "Mallory Abuser", "protective order", actor=vault.actor
    )
    vault.lock()
    # Yesterday's vault.db alone over today's: its seal is behind the seal file (exit 5).
    today_db = (folder / DB_FILE).read_bytes()
    shutil.copy2(yesterday / DB_FILE, folder / DB_FILE)
    with pytest.raises(DamagedFile):
        Vault.open(folder, passphrase=PASSPHRASE)
    # Yesterday's whole folder (database and seal file): authentic, but older than what
    # this computer last saw.
    for name in (DB_FILE, SEAL_FILE):
        shutil.copy2(yesterday / name, folder / name)
    r = cli("check", str(folder), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert r.code == 0, r.err
    assert "this vault is older than the one last opened here" in r.err
    r = cli("client", "list", str(folder), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert "this vault is older than the one last opened here" not in r.err  # said once,
    r = cli("check", str(folder), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert "found older than the one last opened here" in r.err  # and kept in its trail
    assert today_db != (folder / DB_FILE).read_bytes()


def test_the_record_of_what_this_computer_saw_holds_no_client_data(world: World) -> None:
    world.vault.audit("client viewed", world.amina, name="Amina Diallo", actor=world.vault.actor)
    vault_id = world.vault.header.vault_id
    world.vault.lock()
    text = (seen.folder() / f"{vault_id}.json").read_text()
    assert "Amina" not in text
    assert set(__import__("json").loads(text)) == {
        "vault_id",
        "audit_seq",
        "audit_hash",
        "generation",
        "mac",
    }
