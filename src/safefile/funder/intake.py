"""Intake answers for the funder's counts: gender identity, race and ethnicity, age band,
victimization types, special classifications.

Each is optional; ``declined`` and ``not-asked`` are answers.  They are kept with the
client's file (and destroyed with it) and leave the vault only as counts: no export,
own copy or printed file carries them.  Age at intake comes from the birth date; an age
band is recorded only when the birth date is not known.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from safefile.clock import iso_now
from safefile.errors import InvalidInput
from safefile.funder import lists
from safefile.records.validation import require_client
from safefile.records.writes import Actor, change
from safefile.staff.guard import allowed
from safefile.staff.roles import Action
from safefile.store.vault import Vault


@dataclass(frozen=True)
class Answers:
    gender: str | None = None
    race_ethnicity: list[str] | None = None
    victimization: list[str] | None = None
    special: list[str] | None = None
    age_band: str | None = None

    def empty(self) -> bool:
        return all(v is None for v in vars(self).values())


@dataclass
class Intake:
    gender: str = lists.NOT_ASKED
    age_band: str = ""
    answers: dict[str, list[str]] = field(default_factory=dict)


def parse(
    vault: Vault | None,
    *,
    gender: str | None = None,
    race_ethnicity: str | list[str] | None = None,
    victimization: str | list[str] | None = None,
    special: str | list[str] | None = None,
    age_band: str | None = None,
) -> Answers:
    """What was typed, as keys; a plain error for an answer not on the list."""
    return Answers(
        gender=None if gender is None else lists.parse(vault, "gender", gender, several=False)[0],
        race_ethnicity=None
        if race_ethnicity is None
        else lists.parse(vault, "race-ethnicity", race_ethnicity, several=True),
        victimization=None
        if victimization is None
        else lists.parse(vault, "victimization", victimization, several=True),
        special=None if special is None else lists.parse(vault, "special", special, several=True),
        age_band=None
        if age_band is None
        else lists.parse(vault, "age-band", age_band, several=False)[0],
    )


@allowed(Action.EDIT_FILES)
def set_answers(vault: Vault, client_id: int, a: Answers, *, actor: Actor) -> None:
    """Record the answers given (those left None stay as they were), in one transaction."""
    if a.empty():
        return
    with change(vault, actor) as ch:
        db = ch.db
        require_client(db, client_id)
        if a.age_band not in (None, lists.DECLINED, lists.NOT_ASKED):
            born = db.execute("SELECT born FROM clients WHERE id = ?", (client_id,)).fetchone()
            if born and born[0]:
                raise InvalidInput(
                    "This client's birth date is recorded: the age at intake comes from it, "
                    "so no age band is needed."
                )
        db.execute(
            "INSERT INTO client_intake (client_id, updated_at) VALUES (?, ?) "
            "ON CONFLICT(client_id) DO NOTHING",
            (client_id, iso_now(vault.clock)),
        )
        if a.gender is not None:
            db.execute(
                "UPDATE client_intake SET gender = ?, updated_at = ? WHERE client_id = ?",
                (a.gender, iso_now(vault.clock), client_id),
            )
        if a.age_band is not None:
            db.execute(
                "UPDATE client_intake SET age_band = ?, updated_at = ? WHERE client_id = ?",
                (a.age_band, iso_now(vault.clock), client_id),
            )
        for question, values in (
            ("race-ethnicity", a.race_ethnicity),
            ("victimization", a.victimization),
            ("special", a.special),
        ):
            if values is None:
                continue
            db.execute(
                "DELETE FROM client_answers WHERE client_id = ? AND question = ?",
                (client_id, question),
            )
            db.executemany(
                "INSERT INTO client_answers (client_id, question, answer) VALUES (?, ?, ?)",
                [(client_id, question, v) for v in values],
            )
        ch.audit("intake answers recorded", client_id=client_id)


def get(vault: Vault, client_id: int) -> Intake:
    r = vault.db.execute(
        "SELECT gender, age_band FROM client_intake WHERE client_id = ?", (client_id,)
    ).fetchone()
    out = Intake() if r is None else Intake(gender=str(r[0]), age_band=str(r[1]))
    for question, answer in vault.db.execute(
        "SELECT question, answer FROM client_answers WHERE client_id = ? ORDER BY question, answer",
        (client_id,),
    ):
        out.answers.setdefault(str(question), []).append(str(answer))
    return out
