"""The one guard at every core entry point: roles, acting in one's own name, closed files
(issue 28, Build 3 and 4).

Every core function that records something takes a required ``actor`` (issue 27); each
of them, and every reading entry point that needs a role, is decorated with
:func:`allowed`, which calls :func:`require_session` before the function runs:

* the role is the SESSION's (``vault.actor.role``, set at unlock), never an argument's;
  a refusal is ``RoleRefused`` (exit 3) naming the role needed (``roles.require``);
* the ``actor`` argument must be the session's member: no one acts in another's name
  (on a vault without staff accounts every actor has the uid "", as today);
* when the call names a client (a ``client_id`` argument, or a request's), a file
  closed to the session's member (staff/closures.py, ``known_to_staff``) does not exist
  for them: the refusal is the words and exit of a missing client (NotFound, exit 1),
  and the attempt is audited with the road (the function's name).

A vault without staff accounts has one session actor with uid "" and the
administrator's role: the role check passes and no closure is read, so the default path
costs one dictionary look-up. tests/staff/test_guard.py finds every public core
function with an ``actor`` parameter and fails unless it carries this guard (or is in
its exemption table, with the reason).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from safefile.errors import NotFound, RoleRefused
from safefile.staff.roles import Action, Role, require
from safefile.store.actor import Actor

P = ParamSpec("P")
R = TypeVar("R")

GUARD_ATTRIBUTE = "__safefile_action__"


def not_found(client_id: int) -> NotFound:
    """The words records.validation.require_client uses for a file that is not there."""
    return NotFound(f"There is no client with id {client_id}. Check the id with 'client list'.")


def closed_ids(vault: Any) -> frozenset[int]:
    """The clients closed to the session's member (empty on a vault without staff)."""
    uid = vault.actor.uid
    if not uid:
        return frozenset()
    rows = vault.db.execute(
        "SELECT k.client_id FROM known_to_staff k JOIN staff s ON s.id = k.member_id "
        "WHERE s.uid = ?",
        (uid,),
    )
    return frozenset(int(r[0]) for r in rows)


def is_closed(vault: Any, client_id: int) -> bool:
    uid = vault.actor.uid
    if not uid:
        return False
    row = vault.db.execute(
        "SELECT 1 FROM known_to_staff k JOIN staff s ON s.id = k.member_id "
        "WHERE k.client_id = ? AND s.uid = ?",
        (client_id, uid),
    ).fetchone()
    return row is not None


def require_open(vault: Any, client_id: int, *, road: str) -> None:
    """Refuse as if the file did not exist when it is closed to the session's member;
    the attempt is recorded first (with the road), never named to them."""
    if not is_closed(vault, client_id):
        return
    session: Actor = vault.actor
    vault.audit("closed file refused", client_id, actor=session, member=session.uid, road=road)
    raise not_found(client_id)


def hide_closed(vault: Any, client_ids: Any) -> Any:
    """``client_ids`` less those closed to the session's member (its type kept for
    lists/tuples of ints; anything else is filtered to a list)."""
    closed = closed_ids(vault)
    if not closed:
        return client_ids
    return [c for c in client_ids if c not in closed]


def require_session(
    vault: Any,
    action: Action,
    *,
    actor: Actor | None,
    client_id: int | None = None,
    road: str = "",
) -> None:
    """The guard: the session's role may ``action``; ``actor`` (if given) is the session's
    member; the client (if any) is not closed to them."""
    session: Actor = vault.actor
    if actor is not None and (
        actor.uid != session.uid or (session.uid and actor.name != session.name)
    ):
        raise RoleRefused(
            "This session belongs to another staff member: no one acts in another's name. "
            "Lock and unlock as yourself. Nothing was changed.",
            ("the member who unlocked",),
        )
    try:
        role = Role(session.role)
    except ValueError:
        raise RoleRefused(
            f"The session's role ({session.role!r}) is not a role. Nothing was changed.",
            tuple(r.value for r in Role),
        ) from None
    require(role, action)
    if client_id is not None and session.uid:
        require_open(vault, int(client_id), road=road or action.name.lower())


def _clients_of(vault: Any, arguments: dict[str, Any], *, refs: str | None) -> tuple[int, ...]:
    """The clients a call names: ``client_id``, ``with_client``, ``client_ids``, a
    client of any argument that holds one (a request, grant, draft, log filter, a
    note's or service's input), and the client of a release
    (``release_id``), a document (``doc_id``), a service (``service_id``) or the item a
    ``ref`` names (a note, a release draft, a release, an own-copy request, an entry of
    the record of sharing: :data:`_REFS_OF`). Read only on a vault with staff accounts."""
    found: list[Any] = [arguments.get("client_id"), arguments.get("with_client")]
    for name in ("client_ids", "file_ids", "process_note_ids"):  # the last two: retention's
        many = arguments.get(name)
        if isinstance(many, list | tuple | set | frozenset):
            found.extend(many)
    for name, value in arguments.items():  # a request, grant, draft, filter, entry's input
        if name == "vault" or isinstance(value, int | str | bytes | None):
            continue
        found.append(getattr(value, "client_id", None))
        held = getattr(value, "client_ids", None)
        if isinstance(held, list | tuple | frozenset | set):
            found.extend(held)
    db = vault.db
    number = _number(arguments.get("release_id"), "R-")
    if number is not None:
        found.extend(
            r[0] for r in db.execute("SELECT client_id FROM releases WHERE id = ?", (number,))
        )
    number = _number(arguments.get("doc_id"), "")
    if number is not None:
        found.extend(
            r[0] for r in db.execute("SELECT client_id FROM documents WHERE id = ?", (number,))
        )
    number = _number(arguments.get("service_id"), "")
    if number is not None:
        found.extend(
            r[0] for r in db.execute("SELECT client_id FROM services WHERE id = ?", (number,))
        )
    ref = arguments.get("ref")
    if isinstance(ref, str) and ref.strip().upper().startswith("D-"):
        found.extend(  # an entry in the record of sharing
            r[0]
            for r in db.execute(
                "SELECT client_id FROM disclosures WHERE ref = ?", (ref.strip().upper(),)
            )
        )
    elif isinstance(ref, str | int) and refs is not None:
        found.extend(_ref_clients(db, ref, refs))
    return tuple(c for c in found if isinstance(c, int) and not isinstance(c, bool))


def _ref_clients(db: Any, ref: str | int, refs: str) -> list[int]:
    """The clients of the item ``ref`` names, in the table ``refs`` says."""
    if refs == "notes":
        return _note_clients(db, str(ref))
    prefix, table = _REFS[refs]
    number = _number(ref, prefix)
    if number is None:
        return []
    return [int(r[0]) for r in db.execute(f"SELECT client_id FROM {table} WHERE id = ?", (number,))]  # noqa: S608


# What ``ref`` names, by entry point: (its prefix, the table holding its client).
_REFS = {
    "drafts": ("R-", "release_drafts"),
    "releases": ("R-", "releases"),
    "own_copy": ("OC-", "own_copy_requests"),
}
_REFS_OF = {
    "safefile.records.notes": "notes",
    "safefile.consent.drafts": "drafts",
    "safefile.export.release_form.print_release_form": "drafts",
    "safefile.export.release_form.print_revocation_form": "releases",
    "safefile.consent.revocation": "releases",
    "safefile.consent.own_copy": "own_copy",
}


def _number(value: Any, prefix: str) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip().upper().removeprefix(prefix)
        value = int(text) if text.isascii() and text.isdigit() else None
    if isinstance(value, int) and 0 < value < 2**63:  # beyond a row id: nothing to check
        return value
    return None


def _note_clients(db: Any, ref: str) -> list[int]:
    """The clients of a note ref ("N-12" a progress note, "P-3" a process note)."""
    text = ref.strip().upper()
    number = _number(text[2:], "") if text[:2] in ("N-", "P-") else _number(text, "")
    if number is None:
        return []
    if text.startswith("P-"):
        rows = db.execute("SELECT client_id FROM process_notes WHERE id = ?", (number,))
    else:
        rows = db.execute("SELECT client_id FROM note_clients WHERE note_id = ?", (number,))
    return [int(r[0]) for r in rows]


def allowed(action: Action) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a core entry point: :func:`require_session` with the call's vault,
    ``actor`` and client runs before it. The vault is the parameter named ``vault``."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        sig = inspect.signature(fn)
        if "vault" not in sig.parameters:
            raise TypeError(f"{fn.__qualname__}: a guarded entry point takes the vault")
        road = fn.__name__
        refs = _REFS_OF.get(f"{fn.__module__}.{fn.__name__}", _REFS_OF.get(fn.__module__))

        @functools.wraps(fn)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = sig.bind_partial(*args, **kwargs).arguments
            vault, actor = bound["vault"], bound.get("actor")
            require_session(vault, action, actor=actor if isinstance(actor, Actor) else None)
            if vault.actor.uid:  # a vault without staff accounts closes no file
                for client_id in _clients_of(vault, bound, refs=refs):
                    require_open(vault, client_id, road=road)
            return fn(*args, **kwargs)

        setattr(guarded, GUARD_ATTRIBUTE, action)
        return guarded

    return wrap


def action_of(fn: Any) -> Action | None:
    """The action a guarded entry point requires (None when it is not guarded)."""
    return getattr(fn, GUARD_ATTRIBUTE, None)


__all__ = [
    "GUARD_ATTRIBUTE",
    "action_of",
    "allowed",
    "closed_ids",
    "hide_closed",
    "is_closed",
    "not_found",
    "require_open",
    "require_session",
]
