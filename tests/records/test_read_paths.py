"""Opening a file (issue 18, item 4): a fixed number of statements whatever the number
of notes, and the same notes, links and addenda as reading them one by one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from safefile import records
from safefile.records.models import ClientIn, Note, NoteIn, ServiceIn
from safefile.records.notes import get_note, list_notes, list_process_notes
from safefile.store.vault import Vault


@contextmanager
def statements(vault: Vault) -> Iterator[list[str]]:
    seen: list[str] = []
    db: Any = vault.db  # the driver's connection (tracing is not part of our protocol)
    db.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        db.set_trace_callback(None)


def _file_with_notes(vault: Vault, n: int) -> tuple[int, int]:
    me = records.add_client(vault, ClientIn(name="Amina Diallo"), actor=vault.actor)
    partner = records.add_client(vault, ClientIn(name="Ben Okafor"), actor=vault.actor)
    for i in range(n):
        joint = [partner] if i % 3 == 0 else []
        ref = records.add_note(
            vault,
            NoteIn(client_ids=(me, *joint), on_date=date(2026, 1, 1 + i % 28), data=f"n{i}"),
            sign=i % 2 == 0,
            actor=vault.actor,
        )
        if i % 4 == 0:
            records.add_addendum(vault, ref, f"first addendum to {ref}", actor=vault.actor)
            records.add_addendum(vault, ref, f"second addendum to {ref}", actor=vault.actor)
        process = records.add_note(
            vault,
            NoteIn(kind="process", client_ids=(me,), on_date=date(2026, 2, 1), data="p"),
            sign=True,
            actor=vault.actor,
        )
        if i % 5 == 0:
            records.add_addendum(vault, process, f"addendum to {process}", actor=vault.actor)
    return me, partner


def test_notes_are_read_in_three_statements_whatever_their_number(vault: Vault) -> None:
    me, _ = _file_with_notes(vault, 12)
    with statements(vault) as few:
        assert len(list_notes(vault, me)) == 12
    with statements(vault) as process:
        assert len(list_process_notes(vault, me)) == 12
    assert len(few) == 3, few  # the notes, their links, their addenda
    assert len(process) == 2, process


def test_batched_notes_equal_notes_read_one_by_one(vault: Vault) -> None:
    me, partner = _file_with_notes(vault, 10)
    batched = list_notes(vault, me, include_process=True)
    one_by_one = [get_note(vault, n.ref) for n in batched]
    assert [n.model_dump() for n in batched] == [n.model_dump() for n in one_by_one]
    # Both are built without validation: they equal what validation would build.
    assert all(Note.model_validate(n.model_dump()) == n for n in batched)
    assert any(n.joint for n in batched) and any(n.addenda for n in batched)
    assert sum(len(n.addenda) for n in batched if n.kind == "process") == 2
    theirs = list_notes(vault, partner)
    assert {n.ref for n in theirs} == {n.ref for n in batched if n.joint}
    assert all(n.addenda == get_note(vault, n.ref).addenda for n in theirs)
    assert isinstance(batched[0].on_date, date)


def test_a_file_without_notes_reads_one_statement(vault: Vault) -> None:
    me = records.add_client(vault, ClientIn(name="Amina Diallo"), actor=vault.actor)
    with statements(vault) as seen:
        assert list_notes(vault, me) == []
    assert len(seen) == 1


def test_trusted_rows_equal_validated_ones(vault: Vault) -> None:
    """The rows built without validation are the models validation would build."""
    from pydantic import BaseModel

    from safefile.records.models import Addendum, Client, Document, Note, Service

    me, _ = _file_with_notes(vault, 4)
    records.add_service(
        vault, ServiceIn(client_id=me, on_date=date(2026, 1, 5), type="Intake"), actor=vault.actor
    )
    f = records.client_file(vault, me, actor=vault.actor)
    items: list[tuple[type[BaseModel], BaseModel]] = [(Client, f.client)]
    items += [(Service, s) for s in f.services]
    items += [(Note, n) for n in f.notes] + [(Addendum, a) for n in f.notes for a in n.addenda]
    assert any(n.addenda for n in f.notes)
    for model, item in items:
        assert set(item.__dict__) == set(model.model_fields), model  # every field given
        assert model.model_validate(item.model_dump()) == item
    for d in f.documents:
        assert Document.model_validate(d.model_dump()) == d
    assert f.client.intake_date == vault.clock.now().date()
