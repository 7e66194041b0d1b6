"""Plain words: every kind, road and category a person can meet has words, and no raw
code reaches a person through the record of sharing, the client's file or the CLI."""

from __future__ import annotations

from datetime import date

import pytest

from safefile import words
from safefile.consent import details, log
from safefile.consent.categories import CATEGORIES, parse_categories
from safefile.consent.kinds import ROADS, EntryKind, GrantKind, Road
from safefile.consent.log_view import Names, row
from safefile.store.vault import Vault

RAW = {k.value for k in EntryKind} | {r.value for r in Road} | {g.value for g in GrantKind}


@pytest.mark.parametrize("kind", list(EntryKind))
def test_every_entry_kind_has_words(kind: EntryKind) -> None:
    text = words.entry_kind(kind)
    assert text and text[0].isupper() and text not in RAW
    assert words.entry_kind(kind.value) == text  # as read back from the vault


@pytest.mark.parametrize("road", list(Road))
def test_every_road_has_words(road: Road) -> None:
    assert words.road(road) != road.value and words.road(road.value) == words.ROADS[road]


@pytest.mark.parametrize("kind", list(GrantKind))
def test_every_grant_kind_has_one_road_and_words(kind: GrantKind) -> None:
    assert ROADS[kind].grant is kind and words.GRANT_KINDS[kind] not in RAW


@pytest.mark.parametrize("code", list(CATEGORIES))
def test_every_category_has_words(code: str) -> None:
    assert parse_categories([code]) == (code,)
    assert words.category(code) != code and "-" not in words.category(code)
    assert words.categories([code]) == words.category(code)
    assert "-" not in words.category_short(code)


def test_dates_and_times() -> None:
    assert words.when("2026-11-22T17:14:09+01:00") == "2026-11-22 17:14"
    assert words.day(date(2026, 11, 22)) == "2026-11-22" and words.day(None) == "-"
    assert words.date_in_words(date(2027, 1, 31)) == "31 January 2027"


def test_no_raw_kind_in_the_record_of_sharing(vault: Vault) -> None:
    """Every kind of entry, read back as a person sees it, shows words, not its code."""
    sample = {"road": "release", "categories": ["progress-notes"], "reasons": ["x"]}
    sample |= {"corrects": "D-0001-AAAA", "text": "x"}
    for kind in EntryKind:
        cls = details.DETAILS[kind]
        detail = cls.model_validate({k: v for k, v in sample.items() if k in cls.stored_keys()})
        entry = log.append(vault, detail, actor=vault.actor)
        shown = row(entry, Names(vault), {})
        assert shown.kind_words == words.ENTRY_KINDS[kind]
        people_read = [shown.kind_words, shown.what, *(v for _, v in shown.fields)]
        assert kind.value not in people_read
        assert "progress-notes" not in " ".join(people_read)
