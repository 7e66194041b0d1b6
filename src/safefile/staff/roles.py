"""Roles, in one core module: which role may do what (issue 28).

Every core entry point that a role may be refused calls :func:`require` with the
session's member's role and its :class:`Action` before it reads or changes anything,
like the gate: hiding a button is never the rule. A refusal names the role needed
(``RoleRefused``, exit 3, docs/cli-contract.md "Third round").

The table is :data:`ALLOWED`; tests/staff/test_roles.py holds an independent copy, and
the wiring round adds a test over every core entry point times every role against it.
An administrator may do everything an action allows any role (a single practitioner's
vault upgrades with its practitioner as the first administrator and must keep every
power it had); what no role's table gives is the reading of another author's process
notes, which :func:`may_read_process_note` decides.
"""

from __future__ import annotations

from enum import StrEnum

from safefile.errors import InvalidInput, RoleRefused


class Role(StrEnum):
    """In order of reach; the value is what the staff table and the CLI's --role hold."""

    VOLUNTEER = "volunteer"
    ADVOCATE = "advocate"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"

    @property
    def with_article(self) -> str:
        return ("an " if self.value[0] in "aeiou" else "a ") + self.value


class Action(StrEnum):
    """Everything a role may be refused; the value is how a refusal says it."""

    FIND_FILES = "find and open client files"
    EDIT_FILES = "add and change client files, services, drafts and attachments"
    RECORD_CONTACT = "record an anonymous contact or an unmet request for shelter"
    READ_PROCESS_NOTES = "read process notes"
    SIGN_NOTES = "sign notes and addenda"
    RECORD_RELEASE = "record, sign, withdraw or revoke a release"
    SHARE = "share or export information through the consent gate"
    RESTRICT_PERSON = "restrict a person on a client's file"
    CLOSE_FILE = "close or reopen a client's file"
    DESTROY = "destroy files under the retention policy"
    LEGAL_HOLD = "place or release a legal hold"
    IMPORT = "import clients from a spreadsheet"
    CHANGE_SETTINGS = "change the program's settings and categories"
    MANAGE_STAFF = "add, remove or change staff members, and close files to them"
    REKEY = "re-key the vault or issue its recovery key"
    PROGRAM_SEAL = "renew or import the program seal"
    BACKUP = "make and verify backups"
    RESTORE = "restore a backup"
    REPORTS = "make the program's and funders' reports"
    READ_LOG = "read and verify the audit log and the record of sharing"
    CHECK = "check the vault"
    OWN_PASSPHRASE = "change your own passphrase"  # noqa: S105


_V, _A, _S, _ADMIN = Role.VOLUNTEER, Role.ADVOCATE, Role.SUPERVISOR, Role.ADMINISTRATOR
_STAFF = frozenset({_A, _S, _ADMIN})  # those who work client files
_LEADS = frozenset({_S, _ADMIN})
_ADMIN_ONLY = frozenset({_ADMIN})
_EVERYONE = frozenset(Role)

# Action -> the roles allowed. A volunteer on the hotline records anonymous contacts and
# sees no client file; advocates work files and share them through the gate; a
# supervisor also destroys, holds, reports and reads the logs; the administrator also
# runs the program's keys, staff, settings, imports and restores.
ALLOWED: dict[Action, frozenset[Role]] = {
    Action.FIND_FILES: _STAFF,
    Action.EDIT_FILES: _STAFF,
    Action.RECORD_CONTACT: _EVERYONE,
    Action.READ_PROCESS_NOTES: _STAFF,  # and then only per may_read_process_note
    Action.SIGN_NOTES: _STAFF,
    Action.RECORD_RELEASE: _STAFF,
    Action.SHARE: _STAFF,
    Action.RESTRICT_PERSON: _STAFF,
    Action.CLOSE_FILE: _STAFF,
    Action.DESTROY: _LEADS,
    Action.LEGAL_HOLD: _LEADS,
    Action.IMPORT: _ADMIN_ONLY,
    Action.CHANGE_SETTINGS: _ADMIN_ONLY,
    Action.MANAGE_STAFF: _ADMIN_ONLY,
    Action.REKEY: _ADMIN_ONLY,
    Action.PROGRAM_SEAL: _ADMIN_ONLY,
    Action.BACKUP: _STAFF,
    Action.RESTORE: _ADMIN_ONLY,
    Action.REPORTS: _LEADS,
    Action.READ_LOG: _LEADS,
    Action.CHECK: _EVERYONE,
    Action.OWN_PASSPHRASE: _EVERYONE,
}


def parse_role(text: str) -> Role:
    """The role a person typed (``--role``); ``InvalidInput`` names the roles there are."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise InvalidInput(
            f"There is no role {text!r}. The roles are: {', '.join(r.value for r in Role)}."
        ) from None


def allows(role: Role, action: Action) -> bool:
    return role in ALLOWED[action]


def roles_for(action: Action) -> tuple[Role, ...]:
    """The roles allowed ``action``, in order of reach (the least first)."""
    return tuple(r for r in Role if r in ALLOWED[action])


def _either(roles: tuple[Role, ...]) -> str:
    names = [r.with_article for r in roles]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def require(role: Role, action: Action) -> None:
    """``RoleRefused`` (exit 3) naming the role needed, unless ``role`` may ``action``."""
    if allows(role, action):
        return
    needed = roles_for(action)
    raise RoleRefused(
        f"Your role ({role.value}) does not allow this: {action.value}. "
        f"It needs {_either(needed)}. Nothing was changed.",
        tuple(r.value for r in needed),
    )


def may_read_process_note(
    reader_id: str, role: Role, author_id: str, *, supervisor_reads: bool
) -> bool:
    """Process notes are read by their author, and by a supervisor when the program's
    setting says so (``supervisor_reads``); by no one else, an administrator included."""
    if not allows(role, Action.READ_PROCESS_NOTES):
        return False
    return reader_id == author_id or (supervisor_reads and role is Role.SUPERVISOR)


def require_process_note(
    reader_id: str, role: Role, author_id: str, *, supervisor_reads: bool
) -> None:
    """``RoleRefused`` unless the reader may read the note (:func:`may_read_process_note`)."""
    if may_read_process_note(reader_id, role, author_id, supervisor_reads=supervisor_reads):
        return
    who = "its author or a supervisor" if supervisor_reads else "its author"
    needed = ("author", Role.SUPERVISOR.value) if supervisor_reads else ("author",)
    raise RoleRefused(
        f"A process note is read only by {who}. Nothing was shown.",
        needed,
    )


__all__ = [
    "ALLOWED",
    "Action",
    "Role",
    "allows",
    "may_read_process_note",
    "parse_role",
    "require",
    "require_process_note",
    "roles_for",
]
