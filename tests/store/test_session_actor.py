"""Who acts comes from the session (issue 27): opening a vault fixes ``vault.actor`` from
the practitioner's signature, changing the practitioner moves it, and every core call
that records takes the actor as a required argument (no hidden fallback)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import safefile
from safefile import records, settings
from safefile.backup.core import make_backup, restore_backup
from safefile.clock import FixedClock
from safefile.errors import InvalidInput
from safefile.records.models import ClientIn, NoteIn
from safefile.store.actor import Actor
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE

SRC = Path(safefile.__file__).parent
DANA = "Dana Whitfield, LCSW"


def _actor_defaults(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        a = node.args
        positional = [*a.posonlyargs, *a.args]
        with_default = positional[len(positional) - len(a.defaults) :]
        with_default += [k for k, d in zip(a.kwonlyargs, a.kw_defaults, strict=True) if d]
        name = getattr(node, "name", "lambda")
        found += [f"{name}:{node.lineno}" for p in with_default if p.arg == "actor"]
    return found


def test_no_function_has_a_default_actor() -> None:
    """A default actor is a hidden "who acts": every caller must say whose session it is."""
    found = [
        f"{path.relative_to(SRC)}:{where}"
        for path in sorted(SRC.rglob("*.py"))
        for where in _actor_defaults(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_default_probe_is_caught() -> None:
    probe = "def f(v, *, actor=None): ...\ndef g(v, actor=None): ...\ndef h(v, actor): ..."
    assert _actor_defaults(ast.parse(probe)) == ["f:1", "g:2"]


def test_store_actor_imports_nothing_of_the_store() -> None:
    """store/actor is a leaf: no import of safefile at all (function-local and
    TYPE_CHECKING ones included), so store/vault may import it without a circle."""
    tree = ast.parse((SRC / "store" / "actor.py").read_text(encoding="utf-8"))
    imported = [
        n.module if isinstance(n, ast.ImportFrom) else n.names[0].name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
    ]
    assert not [m for m in imported if m and m.startswith("safefile")]


def _note(vault: Vault, client: int) -> str:
    n = NoteIn.from_input({"client_ids": [client], "on_date": "2026-11-20", "data": "x"})
    return records.add_note(vault, n, sign=True, actor=vault.actor)


def _audit_actors(vault: Vault, event: str) -> list[str]:
    rows = vault.db.execute("SELECT actor FROM audit WHERE event = ? ORDER BY seq", (event,))
    return [str(r[0]) for r in rows]


def test_the_session_actor_follows_the_practitioner_and_is_recorded(
    vault: Vault, vault_path: Path, clock: FixedClock
) -> None:
    assert vault.actor == Actor("Test Advocate")  # the name given at creation
    client = records.add_client(vault, ClientIn.from_input({"name": "A"}), actor=vault.actor)
    before = records.get_note(vault, _note(vault, client))
    assert before.author == before.signed_by == "Test Advocate"

    settings.save(vault, {"practitioner": "Dana Whitfield", "credentials": "LCSW"})
    assert vault.actor == Actor(DANA)  # in the same session, at once
    # The change itself is recorded by the new signature, as before the session actor.
    assert _audit_actors(vault, "settings changed")[-1] == DANA
    after = records.get_note(vault, _note(vault, client))
    assert after.author == after.signed_by == DANA
    assert _audit_actors(vault, "note added")[-1] == DANA

    # A setting other than the practitioner leaves the actor; a refused change too.
    settings.save(vault, {"idle_minutes": 9})
    with pytest.raises(InvalidInput):
        settings.save(vault, {"practitioner": "Someone", "idle_minutes": 0})
    assert vault.actor == Actor(DANA)

    vault.lock()
    with Vault.open(vault_path, passphrase=PASSPHRASE, clock=clock) as again:
        assert again.actor == Actor(DANA)  # read from the vault at the opening
        again.settle()  # the unlock is recorded once the opening check has passed
        assert _audit_actors(again, "vault unlocked")[-1] == DANA


def test_recovery_key_and_restore_open_with_the_vaults_actor(
    new_vault: tuple[Vault, str], vault_path: Path, tmp_path: Path, clock: FixedClock
) -> None:
    vault, recovery = new_vault
    settings.save(vault, {"practitioner": "Dana Whitfield", "credentials": "LCSW"})
    info = make_backup(vault, tmp_path / "backups")
    vault.lock()
    with Vault.open(vault_path, recovery_key=recovery, clock=clock) as rescued:
        assert rescued.actor == Actor(DANA)
    restored = tmp_path / "restored.safefile"
    restore_backup(info.path, restored, passphrase=PASSPHRASE, clock=clock)
    with Vault.open(restored, passphrase=PASSPHRASE, clock=clock) as back:
        assert back.actor == Actor(DANA)
