"""Drafts of unsaved forms (records/drafts.py): kept inside the vault, one per form and
client, gone when discarded and with the client's file."""

from __future__ import annotations

import pytest

from safefile import records
from safefile.errors import InvalidInput
from safefile.records import drafts
from safefile.records.models import ClientIn
from safefile.retention.destroy import destroy
from safefile.store.vault import Vault


def _client(vault: Vault, name: str) -> int:
    return records.add_client(vault, ClientIn.from_input({"name": name}), actor=vault.actor)


def test_keep_find_replace_and_discard(vault: Vault) -> None:
    amina, ben = _client(vault, "Amina Diallo"), _client(vault, "Ben Okafor")
    drafts.keep(vault, "note", amina, {"QPlainTextEdit#0": "first", "QCheckBox#0": True})
    drafts.keep(vault, "note", amina, {"QPlainTextEdit#0": "second"})
    found = drafts.find(vault, "note", amina)
    assert found is not None and found.fields == {"QPlainTextEdit#0": "second"}
    assert drafts.find(vault, "note", ben) is None
    assert drafts.find(vault, "service", amina) is None
    assert drafts.forms_with_drafts(vault, amina) == ["note"]
    drafts.discard(vault, "note", amina)
    assert drafts.find(vault, "note", amina) is None


def test_only_known_forms_and_plain_values(vault: Vault) -> None:
    amina = _client(vault, "Amina Diallo")
    with pytest.raises(InvalidInput, match="not a form"):
        drafts.keep(vault, "passphrase", amina, {"x": "y"})
    with pytest.raises(InvalidInput, match="text, ticks and numbers"):
        drafts.keep(vault, "note", amina, {"x": [1, 2]})  # type: ignore[dict-item]
    assert drafts.forms_with_drafts(vault, amina) == []


def test_a_destroyed_file_takes_its_drafts(vault: Vault) -> None:
    amina, ben = _client(vault, "Amina Diallo"), _client(vault, "Ben Okafor")
    drafts.keep(vault, "note", amina, {"QPlainTextEdit#0": "about Amina"})
    drafts.keep(vault, "note", ben, {"QPlainTextEdit#0": "about Ben"})
    destroy(vault, [amina], actor=vault.actor)
    assert drafts.find(vault, "note", amina) is None
    kept = drafts.find(vault, "note", ben)
    assert kept is not None and kept.fields["QPlainTextEdit#0"] == "about Ben"
