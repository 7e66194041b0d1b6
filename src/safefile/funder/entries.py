"""Anonymous contacts, shelter stays, unmet shelter requests, survey counts, and each
service type's PMT sub-service.

An anonymous contact (a hotline call, a walk-in, a text with no client file) has a date,
minutes, kind, victimization types and whether a referral was given: never a name or a
number.  An unmet shelter request has a date, the household's size and a reason: nothing
that identifies the person.  Survey counts are what the program tallied from its short
client survey (the FVPSA outcome measures), never a person's answer.
"""

from __future__ import annotations

from datetime import date

from safefile.clock import iso_now, today
from safefile.errors import InvalidInput, NotFound
from safefile.funder import lists
from safefile.records import writes
from safefile.records.validation import not_in_future, require_client
from safefile.records.writes import Actor, change
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.vault import Vault

KINDS = ("hotline", "walk-in", "text", "other")
MAX_REFERRAL = 200


@allowed(Action.RECORD_CONTACT)
def add_contact(
    vault: Vault,
    on: date,
    kind: str,
    *,
    minutes: int | None = None,
    victimization: str | list[str] | None = None,
    referral: str = "",
    actor: Actor,
) -> int:
    """An anonymous contact; prints no one and joins no file.  Returns its id."""
    not_in_future(on, today(vault.clock), "the date of the contact")
    if kind not in KINDS:
        raise InvalidInput(f"The kind of contact must be one of {', '.join(KINDS)}.")
    if minutes is not None and not 0 <= minutes <= 1440:
        raise InvalidInput("The minutes must be a whole number from 0 to 1440.")
    referral = " ".join(referral.split())
    if len(referral) > MAX_REFERRAL:
        raise InvalidInput(
            f"The referral is too long (at most {MAX_REFERRAL} characters): name where the "
            "caller was referred, nothing about the caller."
        )
    types = (
        []
        if victimization is None
        else lists.parse(vault, "victimization", victimization, several=True)
    )
    with change(vault, actor) as ch:
        cid = ch.insert(
            "INSERT INTO anonymous_contacts (on_date, kind, minutes, referral, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (on.isoformat(), kind, minutes, referral, iso_now(vault.clock)),
        )
        ch.db.executemany(
            "INSERT INTO anonymous_contact_answers (contact_id, answer) VALUES (?, ?)",
            [(cid, t) for t in types],
        )
        ch.audit("anonymous contact recorded", kind=kind)
    return cid


@allowed(Action.RECORD_CONTACT)
def add_stay(
    vault: Vault,
    client_id: int,
    start: date,
    end: date | None = None,
    *,
    actor: Actor,
) -> int:
    """A shelter stay from ``start`` (the first night) to ``end`` (the day they left; None
    while they stay).  Nights are the days from ``start`` up to, not including, ``end``."""
    now = today(vault.clock)
    not_in_future(start, now, "the first night of the stay")
    if end is not None:
        not_in_future(end, now, "the day the stay ended")
        if end < start:
            raise InvalidInput(f"The stay ends ({end}) before it starts ({start}).")
    with change(vault, actor) as ch:
        db = ch.db
        require_client(db, client_id)
        overlap = db.execute(
            "SELECT from_date, to_date FROM shelter_stays WHERE client_id = ? "
            "AND from_date < ? AND (to_date IS NULL OR to_date > ?)",
            (client_id, (end or date.max).isoformat(), start.isoformat()),
        ).fetchone()
        if overlap:
            raise InvalidInput(
                f"This client already has a stay from {overlap[0]}"
                + (f" to {overlap[1]}" if overlap[1] else " (not ended)")
                + " that covers some of these nights."
            )
        sid = ch.insert(
            "INSERT INTO shelter_stays (client_id, from_date, to_date, created_at) "
            "VALUES (?, ?, ?, ?)",
            (client_id, start.isoformat(), end.isoformat() if end else None, iso_now(vault.clock)),
        )
        ch.audit("shelter stay recorded", client_id=client_id)
    return sid


@allowed(Action.RECORD_CONTACT)
def end_stay(vault: Vault, client_id: int, end: date, *, actor: Actor) -> None:
    """The day the client's open stay ended."""
    not_in_future(end, today(vault.clock), "the day the stay ended")
    with change(vault, actor) as ch:
        db = ch.db
        require_client(db, client_id)
        r = db.execute(
            "SELECT id, from_date FROM shelter_stays WHERE client_id = ? AND to_date IS NULL",
            (client_id,),
        ).fetchone()
        if r is None:
            raise NotFound("This client has no stay that has not ended.")
        if end.isoformat() < str(r[1]):
            raise InvalidInput(f"The stay ends ({end}) before it starts ({r[1]}).")
        db.execute("UPDATE shelter_stays SET to_date = ? WHERE id = ?", (end.isoformat(), r[0]))
        ch.audit("shelter stay ended", client_id=client_id)


@allowed(Action.RECORD_CONTACT)
def add_unmet(vault: Vault, on: date, household_size: int, reason: str, *, actor: Actor) -> int:
    """A request for shelter that could not be met; nothing that identifies the person."""
    not_in_future(on, today(vault.clock), "the date of the request")
    if not 1 <= household_size <= 30:
        raise InvalidInput("The household size must be a whole number from 1 to 30.")
    key = lists.parse(vault, "unmet-reasons", reason, several=False)[0]
    if key in (lists.DECLINED, lists.NOT_ASKED):
        raise InvalidInput(
            "Give the reason the request could not be met: "
            + ", ".join(k for k, _ in lists.answers(vault, "unmet-reasons"))
            + "."
        )
    with change(vault, actor) as ch:
        uid = ch.insert(
            "INSERT INTO shelter_unmet (on_date, household_size, reason, created_at) "
            "VALUES (?, ?, ?, ?)",
            (on.isoformat(), household_size, key, iso_now(vault.clock)),
        )
        ch.audit("unmet shelter request recorded")
    return uid


@allowed(Action.RECORD_CONTACT)
def add_survey(
    vault: Vault,
    on: date,
    responses: int,
    safety_yes: int,
    resources_yes: int,
    *,
    actor: Actor,
) -> int:
    """Counts from the program's client survey: how many answered, and how many said yes to
    'I have strategies for enhancing my safety' and 'I know more about community resources'."""
    not_in_future(on, today(vault.clock), "the date of the survey")
    if responses < 1:
        raise InvalidInput("The number of survey responses must be at least 1.")
    for n, what in ((safety_yes, "safety"), (resources_yes, "resources")):
        if not 0 <= n <= responses:
            raise InvalidInput(
                f"The 'yes' answers on {what} must be from 0 to the {responses} responses."
            )
    with change(vault, actor) as ch:
        sid = ch.insert(
            "INSERT INTO survey_counts (on_date, responses, safety_yes, resources_yes, "
            "created_at) VALUES (?, ?, ?, ?, ?)",
            (on.isoformat(), responses, safety_yes, resources_yes, iso_now(vault.clock)),
        )
        ch.audit("survey counts recorded")
    return sid


def seed_mapping(vault: Vault) -> None:
    """The default service types come mapped (resources/funder_lists.json)."""
    from safefile.records.services import service_types

    service_types(vault)  # seeds the list on first use
    with writes.together(vault) as db:
        db.executemany(
            "INSERT OR IGNORE INTO service_type_pmt (name, sub_service) "
            "SELECT name, ? FROM service_types WHERE name = ?",
            [(sub, name) for name, sub in lists.default_mapping().items()],
        )


@allowed(Action.CHANGE_SETTINGS)
def map_service_type(vault: Vault, name: str, sub_service: str, *, actor: Actor) -> None:
    """Which PMT sub-service (A1 … E11) a service type is; its letter is the category."""
    code = sub_service.strip().upper()
    known = dict(lists.sub_services())
    if code not in known:
        raise InvalidInput(
            f"'{sub_service}' is not a PMT sub-service; use one of {', '.join(known)}."
        )
    with change(vault, actor) as ch:
        if not ch.db.execute("SELECT 1 FROM service_types WHERE name = ?", (name,)).fetchone():
            raise NotFound(f"'{name}' is not one of the program's service types.")
        ch.db.execute(
            "INSERT INTO service_type_pmt (name, sub_service) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET sub_service = excluded.sub_service",
            (name, code),
        )
        ch.audit("service type mapped", sub_service=code)


@allowed(Action.CHANGE_SETTINGS)
def add_service_type(vault: Vault, name: str, sub_service: str, *, actor: Actor) -> None:
    """A program's own service type, with the PMT sub-service it counts under (asked
    for when the type is added), in one transaction."""
    from safefile.records.services import add_service_type as add_type

    code = sub_service.strip().upper()
    if code not in dict(lists.sub_services()):
        raise InvalidInput(
            f"'{sub_service}' is not a PMT sub-service; use one of "
            f"{', '.join(k for k, _ in lists.sub_services())}."
        )
    with writes.together(vault):
        add_type(vault, name, actor=actor)
        map_service_type(vault, name.strip(), code, actor=actor)


def unmapped_types(vault: Vault) -> list[str]:
    """Service types in use with no PMT sub-service: counted on the report's 'not mapped'
    line until the program maps them."""
    seed_mapping(vault)
    return [
        str(r[0])
        for r in vault.db.execute(
            "SELECT name FROM service_types WHERE active = 1 AND name NOT IN "
            "(SELECT name FROM service_type_pmt) ORDER BY position, name"
        )
    ]
