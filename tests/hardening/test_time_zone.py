"""Date rules follow the vault's time zone, whatever zone the process runs in (17.9).

A revocation entered on a laptop whose zone is already tomorrow used to be dated
tomorrow, so an export made in UTC at the same moment was still allowed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from safefile import records
from safefile.clock import FixedClock, today
from safefile.consent import gate, releases
from safefile.records.models import ClientIn, OrgIn
from safefile.store import keys
from safefile.store.vault import Vault
from tests.conftest import PASSPHRASE

# Every statement given (a release never assumes one).
TOLD = {"statements": dict.fromkeys(releases.STATEMENTS, True)}
MOMENT = datetime.fromisoformat("2026-11-22T11:00:00+00:00")  # 01:00 on the 23rd at UTC+14


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def test_today_is_the_vault_zones_day_in_any_process_zone(
    tmp_path: Path, zone: Callable[[str], None]
) -> None:
    zone("UTC")
    clock = FixedClock(MOMENT)
    v, _ = Vault.create(
        tmp_path / "v.safefile", PASSPHRASE, kdf=keys.KdfParams.minimum(), clock=clock
    )
    assert v.get_meta("time_zone") == "UTC"
    v.lock()
    zone("Pacific/Kiritimati")  # UTC+14: already the 23rd
    with Vault.open(tmp_path / "v.safefile", passphrase=PASSPHRASE, clock=clock) as v:
        assert today(v.clock) == date(2026, 11, 22)
        assert today(clock) == date(2026, 11, 23)  # the process's own day differs


def test_a_revocation_entered_ahead_of_utc_stops_an_export_made_in_utc(
    tmp_path: Path,
    zone: Callable[[str], None],
) -> None:
    zone("UTC")
    clock = FixedClock(MOMENT)
    path = tmp_path / "v.safefile"
    v, _ = Vault.create(path, PASSPHRASE, kdf=keys.KdfParams.minimum(), clock=clock)
    with v:
        amina = records.add_client(v, ClientIn.from_input({"name": "Amina"}), actor=v.actor)
        parole = records.add_org(v, OrgIn.from_input({"name": "Division of Parole"}), actor=v.actor)
        form = records.attach(
            v, amina, b"%PDF-1.4 form", title="ROI", doc_type="signed release", actor=v.actor
        )
        rel = releases.add_release(
            v,
            releases.ReleaseIn.from_input(
                {
                    "client_id": amina,
                    "recipient_org_id": parole,
                    "categories": ("attendance",),
                    "purpose": "Parole compliance",
                    "signed_on": date(2026, 11, 1),
                    "expires_on": date(2027, 1, 31),
                    "form_document_id": form,
                    **TOLD,
                }
            ),
            actor=v.actor,
        )
    # The advocate's laptop runs at UTC+14 and records the revocation "today".
    zone("Pacific/Kiritimati")
    with Vault.open(path, passphrase=PASSPHRASE, clock=clock) as v:
        revoked = releases.revoke_release(v, rel, on=today(v.clock), actor=v.actor)
        assert revoked.revoked_on == date(2026, 11, 22)
    # A nightly script in UTC exports at the same moment: refused.
    zone("UTC")
    with Vault.open(path, passphrase=PASSPHRASE, clock=clock) as v:
        decision = gate.decide(
            v,
            gate.ExportRequest(
                client_id=amina,
                recipient_org_id=parole,
                categories=("attendance",),
                purpose="Parole compliance",
            ),
            actor=v.actor,
        )
        assert isinstance(decision, gate.Refusal), decision
        assert any("revoked" in r for r in decision.reasons)


def test_a_vault_made_before_zones_were_recorded_gets_one_at_first_open(
    vault_path: Path,
    zone: Callable[[str], None],
) -> None:
    zone("Europe/Paris")
    v, _ = Vault.create(vault_path, PASSPHRASE, kdf=keys.KdfParams.minimum())
    with v.transaction() as db:  # (through the store: the settings are sealed, store/seal.py)
        db.execute("DELETE FROM meta WHERE key='time_zone'")
    v.lock()
    zone("America/Chicago")
    with Vault.open(vault_path, passphrase=PASSPHRASE) as v:
        v.settle()  # recorded with the unlock, once the background check has passed
        assert v.get_meta("time_zone") == "America/Chicago"
    zone("Asia/Tokyo")
    with Vault.open(vault_path, passphrase=PASSPHRASE) as v:
        assert v.get_meta("time_zone") == "America/Chicago"
        assert (
            v.clock.now().utcoffset()
            == datetime.now(__import__("zoneinfo").ZoneInfo("America/Chicago")).utcoffset()
        )
    assert os.environ["TZ"] == "Asia/Tokyo"
