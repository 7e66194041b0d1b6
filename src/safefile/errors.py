"""Errors the core raises, each with a message a non-technical person understands.

Every error carries the exit code of the command line contract (docs/cli.md),
so the app and the command line report the same thing in the same words.
Messages never contain client data.
"""

from __future__ import annotations


class SafeFileError(Exception):
    """Something went wrong; the message says what and what to do next."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(SafeFileError):
    exit_code = 2


class MemberNeeded(UsageError):
    """A vault with more than one staff member was opened without saying who (issue 28):
    the message gives the members' count, never their names. Exit 2."""


class InvalidInput(SafeFileError):
    """Input that breaks a rule; nothing was changed."""

    exit_code = 1


class PractitionerNotSet(InvalidInput):
    """A command that signs or records, before the practitioner's name is set."""

    exit_code = 1


class NotFound(SafeFileError):
    exit_code = 1


class ConsentRefused(SafeFileError):
    """The consent gate refused an export; ``reasons`` lists every reason."""

    exit_code = 3

    def __init__(self, reasons: list[str], log_ref: str | None = None) -> None:
        super().__init__("The export was refused:\n" + "\n".join(reasons))
        self.reasons = list(reasons)
        self.log_ref = log_ref


class WrongKey(SafeFileError):
    exit_code = 4


class DamagedFile(SafeFileError):
    """Damaged, tampered with, or not a SafeFile file at all."""

    exit_code = 5


class NotAVault(DamagedFile):
    pass


class NewerVersion(SafeFileError):
    exit_code = 1


class AlreadyOpen(SafeFileError):
    exit_code = 1


class VaultReplaced(SafeFileError):
    """The vault's folder or database was replaced on disk while it was open here."""

    exit_code = 1


class SignedNoteImmutable(SafeFileError):
    exit_code = 1


class DiskFull(SafeFileError):
    """The disk is full (or over quota): which disk, how much is free and needed.

    Never "damaged": the files are as they were; the message says nothing was changed.
    """

    exit_code = 1


class CannotWrite(SafeFileError):
    """The place is read-only, or this user may not write there; nothing was changed."""

    exit_code = 1


class RoleRefused(SafeFileError):
    """The member's role does not allow the action (issue 28): the message names the role
    needed; nothing was changed. Exit 3, like every refusal (docs/cli-contract.md)."""

    exit_code = 3

    def __init__(self, message: str, needed: tuple[str, ...]) -> None:
        super().__init__(message)
        self.needed = needed
