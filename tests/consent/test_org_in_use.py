"""An organisation that a release names is never deleted: the record must say who received what."""

from __future__ import annotations

import pytest

from safefile import records
from safefile.errors import InvalidInput, NotFound
from safefile.records.models import OrgIn
from tests.consent.conftest import World


def test_org_deleted_only_while_nothing_names_it(world: World) -> None:
    v = world.vault
    spare = records.add_org(v, OrgIn.from_input({"name": "Typo Org"}), actor=v.actor)
    assert not records.org_in_use(v, spare)
    records.delete_org(v, spare, actor=v.actor)
    with pytest.raises(NotFound):
        records.get_org(v, spare)
    world.release(recipient_org_id=world.court)
    assert records.org_in_use(v, world.court)
    with pytest.raises(InvalidInput, match="cannot be deleted"):
        records.delete_org(v, world.court, actor=v.actor)
    assert records.get_org(v, world.court).name == "County Court"
