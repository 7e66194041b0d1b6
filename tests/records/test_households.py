"""Households and birth dates after intake (issue 23): linking files, leaving, and the birth
date the minors' rules read."""

from __future__ import annotations

from datetime import date

import pytest

from safefile import records
from safefile.consent.people import minor_on
from safefile.errors import InvalidInput, NotFound
from safefile.records.models import ClientIn
from safefile.store.vault import Vault

ON = date(2026, 11, 22)  # the test clock's day


def _client(vault: Vault, name: str) -> int:
    return records.add_client(vault, ClientIn.from_input({"name": name}), actor=vault.actor)


def test_joining_makes_the_household_once_and_links_both(vault: Vault) -> None:
    mum, kid, gran = (_client(vault, n) for n in ("Maria", "Lia", "Rosa"))
    hid = records.join_household(vault, kid, mum, "child", "parent", actor=vault.actor)
    assert records.get_client(vault, mum).household_id == hid
    assert records.get_client(vault, mum).household_role == "parent"
    assert records.get_client(vault, kid).household_role == "child"
    # A third member joins the same household; no role is asked of the others again.
    assert records.join_household(vault, gran, kid, "other", actor=vault.actor) == hid
    assert records.get_client(vault, gran).household_id == hid
    # A child recorded in a household is a minor even without a birth date.
    assert minor_on(records.get_client(vault, kid), ON).minor

    records.leave_household(vault, gran, actor=vault.actor)
    gone = records.get_client(vault, gran)
    assert (gone.household_id, gone.household_role) == (None, None)
    assert records.get_client(vault, mum).household_id == hid  # the others stay linked


def test_joining_refuses_bad_input_and_changes_nothing(vault: Vault) -> None:
    a, b = _client(vault, "A"), _client(vault, "B")
    with pytest.raises(InvalidInput, match="say their role"):
        records.join_household(
            vault, a, b, "child", actor=vault.actor
        )  # B has no household: B's role?
    with pytest.raises(InvalidInput, match="itself"):
        records.join_household(vault, a, a, "child", "parent", actor=vault.actor)
    with pytest.raises(InvalidInput, match="parent, child or other"):
        records.join_household(vault, a, b, "cousin", "parent", actor=vault.actor)
    with pytest.raises(NotFound):
        records.join_household(vault, a, 999, "child", "parent", actor=vault.actor)
    for cid in (a, b):
        assert records.get_client(vault, cid).household_id is None
    assert vault.db.execute("SELECT count(*) FROM households").fetchone()[0] == 0


def test_birth_date_or_year_later_and_the_minors_rules_see_it(vault: Vault) -> None:
    cid = _client(vault, "Sam")
    assert not minor_on(records.get_client(vault, cid), ON).minor
    records.set_born(vault, cid, "2015-03-04", actor=vault.actor)
    assert records.get_client(vault, cid).born == "2015-03-04"
    assert minor_on(records.get_client(vault, cid), ON).minor
    records.set_born(vault, cid, "1990", actor=vault.actor)
    assert records.get_client(vault, cid).born == "1990"
    records.set_born(vault, cid, None, actor=vault.actor)
    assert records.get_client(vault, cid).born is None


@pytest.mark.parametrize(
    ("born", "words"), [("2027-01-01", "in the future"), ("04/03/2015", "YYYY-MM-DD")]
)
def test_a_bad_birth_date_is_refused_and_changes_nothing(
    vault: Vault, born: str, words: str
) -> None:
    cid = _client(vault, "Sam")
    records.set_born(vault, cid, "2015", actor=vault.actor)
    with pytest.raises(InvalidInput, match=words):
        records.set_born(vault, cid, born, actor=vault.actor)
    assert records.get_client(vault, cid).born == "2015"


def test_a_new_client_and_their_household_link_are_one_change(vault: Vault) -> None:
    mum = _client(vault, "Maria")
    kid = records.add_client_with_household(
        vault,
        ClientIn.from_input({"name": "Lia", "born": "2016"}),
        mum,
        "child",
        "parent",
        actor=vault.actor,
    )
    assert (
        records.get_client(vault, kid).household_id == records.get_client(vault, mum).household_id
    )
    before = records.count_clients(vault)
    with pytest.raises(InvalidInput, match="say their role"):  # Rosa has no household yet
        records.add_client_with_household(
            vault,
            ClientIn.from_input({"name": "Tom"}),
            _client(vault, "Rosa"),
            "child",
            actor=vault.actor,
        )
    assert records.count_clients(vault) == before + 1  # Rosa; Tom was not added
