"""What ``safefile check`` and ``safefile log --verify`` find in an open vault: every
page authentic (the background check's result when it ran), SQLite's own structure
check, both hash chains and every staff signature on them, and the security state
against its seal. The documents, outside the database, are checked by health.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from safefile.errors import DamagedFile
from safefile.store import chain, database, seal, seen, signatures

if TYPE_CHECKING:
    from safefile.store.vault import Vault


@dataclass
class CheckReport:
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # said, but not damage (exit 0)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(vault: Vault, *, structure: bool = True) -> CheckReport:
    """Every page's HMAC (the background check's result when it ran), SQLite's own
    structure check (``structure``), the hash chains and the seal."""
    report = CheckReport()
    report.checked.append("the key opens the vault")
    problems = vault.page_problems()
    if problems is None:  # no check ran: one pass reads every page for both
        problems = database.integrity_problems(vault.db, structure=structure)
    elif not problems and structure:
        problems = database.integrity_problems(vault.db, hmac=False)
    report.checked.append(
        "every page of the database is authentic and its structure sound"
        if structure
        else "every page of the database is authentic"
    )
    report.problems += problems
    tables = _tables(vault)
    _check_logs_into(vault, report, tables)
    _check_seal_into(vault, report, tables)
    return report


def verify_logs(vault: Vault) -> CheckReport:
    """Both chains (the audit trail and the record of sharing) and every staff
    signature on them: ``safefile log --verify``; part of ``check``."""
    report = CheckReport()
    _check_logs_into(vault, report, _tables(vault))
    return report


def _tables(vault: Vault) -> set[str]:
    return {r[0] for r in vault.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _check_logs_into(vault: Vault, report: CheckReport, tables: set[str]) -> None:
    for ch in chain.ALL:
        if ch.table in tables:
            n = vault.db.execute(f"SELECT count(*) FROM {ch.table}").fetchone()[0]  # noqa: S608
            report.checked.append(f"the {ch.table} chain ({n} entries) is unbroken")
            report.problems += ch.verify(vault.db, vault.key_for(ch.table))
    # Every staff signature against the ``staff`` table's public keys, and every entry
    # made since signing started signed (store/signatures.py).
    problems, signed = signatures.problems(vault.db)
    report.problems += problems
    if signed or signatures.marker(vault.db) is not None:
        report.checked.append(
            f"every entry since signing started is signed by its staff member ({signed} "
            "signed entries verify)"
        )


def _check_seal_into(vault: Vault, report: CheckReport, tables: set[str]) -> None:
    """The security state against its seal (checked at the opening too, where a page
    brought back from an older copy already stops with exit 5), and whether this
    vault is, or was once found, older than the one last opened on this computer."""
    if seal.TABLE in tables:
        try:
            vault.check_seal()
        except DamagedFile:
            report.problems.append(
                "the security state (releases, revocations, restrictions, legal holds, "
                "own-copy requests, settings) does not match its seal: part of the "
                "database was brought back from an older copy"
            )
        else:
            report.checked.append(
                "the security state (releases, revocations, restrictions, legal holds, "
                f"own-copy requests, settings) is the sealed one (seal {vault.seal_generation})"
            )
    if vault.older_than_seen:
        report.warnings.append(
            "this vault is older than the one last opened here (on this computer)"
        )
    for (at,) in vault.db.execute(
        "SELECT at FROM audit WHERE event = ? ORDER BY seq", (seen.OLDER_EVENT,)
    ):
        report.warnings.append(f"this vault was found older than the one last opened here, at {at}")
