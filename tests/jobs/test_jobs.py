"""The jobs a screen asks for in one press, on a real vault without Qt: each done whole, or,
refused in any part, nothing of it kept (safefile/jobs/)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from safefile import records, settings
from safefile.backup.policy import Policy
from safefile.consent import releases
from safefile.errors import InvalidInput
from safefile.export import seal
from safefile.funder import intake
from safefile.jobs import new_client, signed_release
from safefile.jobs.first_start import first_start
from safefile.records import acknowledgement, services
from safefile.records.language import client_language
from safefile.records.models import ClientIn, OrgIn
from safefile.store.vault import Vault
from tests.conftest import ALL_TOLD

START = {"program_name": "Harbor House", "practitioner": "Dana Reyes", "credentials": ""}


def test_first_start_keeps_the_settings_the_seal_the_types_and_the_backups(
    vault: Vault, tmp_path: Path
) -> None:
    offered = services.default_service_types()
    chosen = offered[:2]
    first_start(
        vault,
        START,
        offered=offered,
        chosen=chosen,
        backup_folder=tmp_path / "b",
        actor=vault.actor,
    )
    assert settings.load(vault).program_name == "Harbor House"
    assert seal.current(vault) is not None
    assert services.service_types(vault) == chosen
    policy = Policy.of(vault)
    assert policy is not None and policy.folder == tmp_path / "b"


def test_first_start_refused_in_its_last_part_keeps_nothing(vault: Vault) -> None:
    offered = services.default_service_types()
    with pytest.raises(InvalidInput, match="vault's own folder"):
        first_start(
            vault,
            START,
            offered=offered,
            chosen=offered[:1],
            backup_folder=vault.path / "backups",
            actor=vault.actor,
        )
    assert settings.load(vault).program_name != "Harbor House"
    assert seal.current(vault) is None
    assert services.service_types(vault) == offered
    assert Policy.of(vault) is None


INTAKE: dict[str, Any] = {"gender": "female"}


def test_a_client_added_at_intake_has_language_answers_and_what_they_were_told(
    vault: Vault,
) -> None:
    told = tuple(acknowledgement.STATEMENTS)
    cid = new_client.add_at_intake(
        vault, {"name": "Amina Diallo"}, None, "es", INTAKE, told, True, actor=vault.actor
    )
    assert records.get_client(vault, cid).name == "Amina Diallo"
    assert client_language(vault, cid) == "es"
    assert intake.get(vault, cid).gender == "female"
    ack = acknowledgement.latest(vault, cid)
    assert ack is not None and ack.told == told and ack.told_by == "Test Advocate"


def test_a_client_refused_in_a_later_part_is_not_added(vault: Vault) -> None:
    with pytest.raises(InvalidInput, match="not a language"):  # checked once the file is made
        new_client.add_at_intake(
            vault, {"name": "Amina Diallo"}, None, "xx", INTAKE, (), True, actor=vault.actor
        )
    assert records.count_clients(vault) == 0


def _release(vault: Vault, **changes: Any) -> dict[str, Any]:
    cid = records.add_client(
        vault, ClientIn.from_input({"name": "Amina Diallo"}), actor=vault.actor
    )
    org = records.add_org(
        vault, OrgIn.from_input({"name": "Division of Parole"}), actor=vault.actor
    )
    return {
        "client_id": cid,
        "recipient_org_id": org,
        "categories": ("attendance",),
        "purpose": "Parole compliance",
        "signed_on": date(2026, 11, 1),
        "expires_on": date(2027, 1, 31),
        "statements": ALL_TOLD,
    } | changes


def test_a_release_entered_with_its_signed_form_names_it(vault: Vault, tmp_path: Path) -> None:
    form = tmp_path / "form.pdf"
    form.write_bytes(b"%PDF-1.4 signed")
    data = _release(vault)
    rid = signed_release.add_with_form(vault, data, form, actor=vault.actor)
    doc = releases.get_release(vault, rid).form_document_id
    docs = records.list_documents(vault, data["client_id"])
    assert doc is not None and [d.id for d in docs] == [doc]
    assert docs[0].doc_type == "signed release"


def test_a_refused_release_leaves_no_form_in_the_file(vault: Vault, tmp_path: Path) -> None:
    form = tmp_path / "form.pdf"
    form.write_bytes(b"%PDF-1.4 signed")
    data = _release(vault, expires_on=date(2026, 10, 1))  # before it was signed
    with pytest.raises(InvalidInput):
        signed_release.add_with_form(vault, data, form, actor=vault.actor)
    assert records.list_documents(vault, data["client_id"]) == []
    assert releases.list_releases(vault, data["client_id"]) == []
