"""A new client at intake: the file (joined to a household if one was chosen), the language
they read, their intake answers and what they were told, in one transaction."""

from __future__ import annotations

from typing import Any

from safefile import records
from safefile.clock import today
from safefile.funder import intake
from safefile.records import acknowledgement, writes
from safefile.records.language import DEFAULT, set_client_language
from safefile.records.models import ClientIn
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.actor import Actor
from safefile.store.vault import Vault


@allowed(Action.EDIT_FILES)
def add_at_intake(
    vault: Vault,
    data: dict[str, object],
    link: tuple[int, str, str | None] | None,
    language: str,
    answers: dict[str, Any],
    told: tuple[str, ...],
    notice: bool,
    *,
    actor: Actor,
) -> int:
    """The new client's id. ``link``: the household to join (records.add_client_with_household);
    a refusal of any part adds no one."""
    with writes.together(vault):
        parsed = intake.parse(vault, **answers)
        client = ClientIn.from_input(data)
        if link is None:
            cid = records.add_client(vault, client, actor=actor)
        else:
            cid = records.add_client_with_household(vault, client, *link, actor=actor)
        if language != DEFAULT:
            set_client_language(vault, cid, language, actor=actor)
        intake.set_answers(vault, cid, parsed, actor=actor)
        if told or notice:
            acknowledgement.record(
                vault,
                cid,
                told_on=client.intake_date or today(vault.clock),
                told_by=actor.name,
                told=told,
                notice_given=notice,
                actor=actor,
            )
    return cid
