"""The program's settings in the vault: defaults, validation in plain words, audit."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from safefile import records, settings
from safefile.consent import releases
from safefile.consent.releases import ReleaseIn
from safefile.errors import InvalidInput
from safefile.records.models import ClientIn, OrgIn
from safefile.store.vault import Vault
from tests.conftest import ALL_TOLD


def _audit_events(vault: Vault) -> list[tuple[str, dict[str, object]]]:
    rows = vault.db.execute("SELECT event, detail FROM audit ORDER BY seq").fetchall()
    return [(r[0], json.loads(r[1])) for r in rows]


def test_defaults_of_a_new_vault(vault: Vault) -> None:
    s = settings.load(vault)
    assert (s.program_name, s.idle_minutes, s.retention_months, s.release_max_days) == (
        "",
        5,
        12,
        365,
    )
    assert s.idle_ms == 300_000


def test_save_and_reload(vault: Vault) -> None:
    saved = settings.save(
        vault,
        {
            "program_name": "  Harbour   Advocacy ",
            "idle_minutes": "10",
            "retention_months": 84,
            "release_max_days": 180,
        },
    )
    assert saved.program_name == "Harbour Advocacy"
    again = settings.load(vault)
    assert again == saved and again.idle_minutes == 10 and again.retention_months == 84
    assert vault.get_meta("program_name") == "Harbour Advocacy"  # what exports print
    assert releases.max_days(vault) == 180  # what the release rules read
    assert settings.retention_months(vault) == 84


def test_each_change_is_audited_without_the_name(vault: Vault) -> None:
    settings.save(vault, {"program_name": "Secret Shelter Name", "idle_minutes": 7})
    events = [(e, d) for e, d in _audit_events(vault) if e == "settings changed"]
    assert len(events) == 1
    _, detail = events[0]
    assert detail["fields"] == ["program_name", "idle_minutes"]
    assert "Secret Shelter Name" not in json.dumps(detail)
    settings.save(vault, {"idle_minutes": 7})  # no change: nothing recorded
    assert len([e for e, _ in _audit_events(vault) if e == "settings changed"]) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"idle_minutes": 0}, "Lock after between 1 and 60 minutes."),
        ({"idle_minutes": 61}, "Lock after between 1 and 60 minutes."),
        ({"idle_minutes": "five"}, "Lock after between 1 and 60 minutes. Write a whole number"),
        ({"idle_minutes": True}, "Lock after between 1 and 60 minutes."),
        ({"retention_months": 0}, "Keep closed client files between 1 and 360 months"),
        ({"release_max_days": 4000}, "A release may be valid for between 1 and 1825 days"),
        ({"program_name": "   "}, "Please fill in the program's name"),
        ({"program_name": "x" * 201}, "The program's name is too long"),
        ({"colour": "blue"}, "'colour' is not one of SafeFile's settings."),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    vault: Vault, changes: dict[str, object], message: str
) -> None:
    settings.save(vault, {"program_name": "Harbour", "idle_minutes": 9})
    before = settings.load(vault)
    audit_before = len(_audit_events(vault))
    with pytest.raises(InvalidInput) as err:
        settings.save(vault, {"retention_months": 24, **changes})
    assert message in err.value.message
    assert settings.load(vault) == before  # the valid part was not saved either
    assert len(_audit_events(vault)) == audit_before


def test_every_problem_is_named(vault: Vault) -> None:
    with pytest.raises(InvalidInput) as err:
        settings.save(vault, {"idle_minutes": 0, "release_max_days": 0})
    assert err.value.message.splitlines() == [
        "Lock after between 1 and 60 minutes.",
        "A release may be valid for between 1 and 1825 days at most.",
    ]


def test_lock_time_can_change_before_the_program_is_named(vault: Vault) -> None:
    assert settings.save(vault, {"idle_minutes": 1}).idle_ms == 60_000


def test_release_maximum_is_enforced_on_entry(vault: Vault) -> None:
    settings.save(vault, {"release_max_days": 30})
    client = records.add_client(
        vault, ClientIn.from_input({"name": "Amina Diallo"}), actor=vault.actor
    )
    org = records.add_org(
        vault, OrgIn.from_input({"name": "Division of Parole"}), actor=vault.actor
    )
    signed = date(2026, 11, 1)
    with pytest.raises(InvalidInput):
        releases.add_release(
            vault,
            ReleaseIn.from_input(
                {
                    "statements": ALL_TOLD,
                    "client_id": client,
                    "recipient_org_id": org,
                    "purpose": "Parole",
                    "categories": ("services",),
                    "signed_on": signed,
                    "expires_on": signed + timedelta(days=60),
                    "original_on_file": True,
                    "original_reason": "signed at a home visit",
                }
            ),
            actor=vault.actor,
        )


def test_stored_value_out_of_range_reads_as_default(vault: Vault) -> None:
    vault.set_meta(settings.IDLE_MINUTES_KEY, "9999")
    assert settings.load(vault).idle_minutes == settings.DEFAULT_IDLE_MINUTES
