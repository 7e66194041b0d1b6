"""Entering a release: the named checks of consent/releases.ENTRY_CHECKS that no other
test names, each refusing with its reason and entering nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest

from safefile.clock import today
from safefile.consent import releases
from safefile.consent.releases import ReleaseIn
from safefile.errors import InvalidInput
from safefile.records.clients import get_client
from tests.consent.conftest import D, World


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (  # _copy_date
            {"copy_given_on": D("2026-10-31")},
            "The copy was given to the client on 2026-10-31, before the release was signed "
            "(2026-11-01).",
        ),
        (  # _period_in_order
            {"period_from": D("2026-06-01"), "period_to": D("2026-05-01")},
            "The period starts (2026-06-01) after it ends (2026-05-01). Swap the dates.",
        ),
    ],
)
def test_an_entry_check_refuses_with_its_reason(
    world: World, changes: dict[str, Any], reason: str
) -> None:
    before = world.vault.db.execute("SELECT count(*) FROM releases").fetchone()[0]
    with pytest.raises(InvalidInput, match=re.escape(reason)):
        world.release(**changes)
    assert world.vault.db.execute("SELECT count(*) FROM releases").fetchone()[0] == before


def test_a_copy_given_in_the_future_is_refused(world: World) -> None:
    """_copy_date: the day the copy was given is not after today."""
    later = D("2027-01-30")
    assert later > today(world.vault.clock)
    with pytest.raises(InvalidInput, match=re.escape(f"The date the copy was given ({later})")):
        world.release(copy_given_on=later, signed_on=D("2026-11-01"))


def test_a_release_without_a_purpose_is_refused_by_its_check(world: World) -> None:
    """_purpose_stated: the model refuses an empty purpose first; the check refuses one that
    reaches it anyway (a release built without the model's validation)."""
    r = ReleaseIn.model_construct(purpose="")
    n = releases._New(
        world.vault, r, get_client(world.vault, world.amina), today(world.vault.clock)
    )
    assert releases._purpose_stated(n) == ["The release must state the purpose of the disclosure."]
