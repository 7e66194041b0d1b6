"""The whole-vault check that ``safefile check`` and the app run.

The vault checks itself (key, every page, the hash chains); the documents, which
live outside the database, are checked here so the store does not depend on the
records package.
"""

from __future__ import annotations

from safefile.records.documents import SealedDigest, check_documents
from safefile.store import checkup
from safefile.store.checkup import CheckReport
from safefile.store.vault import Vault

__all__ = ["SealedDigest", "check_vault"]  # SealedDigest: for a restore (backup/core.py)


def check_vault(
    vault: Vault, *, structure: bool = True, digests: dict[str, str | None] | None = None
) -> CheckReport:
    """``structure``: SQLite's own check too (a second pass over the file); ``digests``:
    the documents' content hashes taken while a restore wrote them (none read again)."""
    report = checkup.check(vault, structure=structure)
    n, problems, orphans = check_documents(vault, digests)
    report.checked.append(f"every document ({n}) is present, authentic and unchanged")
    if orphans:
        report.checked.append(
            f"{orphans} unrecorded encrypted file(s) in documents/ (left by an interrupted "
            "attach; harmless)"
        )
    report.problems += problems
    return report
