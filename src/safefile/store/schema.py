"""The vault's schema, as an ordered list of migrations.

Migration N brings a vault from schema version N-1 to N.  All pending
migrations run inside one transaction at open, so a vault is never left half
migrated.  ``PRAGMA user_version`` holds the version.  Never edit a migration
that has shipped: add a new one (tests/test_migrations.py opens a vault of
every earlier version, built by applying ``MIGRATIONS[:n]``).

Rules that must hold whatever the code path (signed notes are fixed, logs are
append-only, releases are never deleted) are enforced here with triggers, so
no interface and no SQL through the store can break them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from safefile.errors import NewerVersion
from safefile.store.migrations import (
    backup_counts,
    consent_hard_cases,
    drafts,
    drafts_by_member,
    fk_indexes,
    fts_secure_delete,
    funder_counts,
    gate_roads,
    intake_acknowledgement,
    orgs_contact,
    own_copy,
    own_copy_extension_late,
    program_categories,
    release_forms,
    release_original_reason,
    retention,
    seal,
    seal_deltas,
    security_seal,
    services_void,
    signatures,
    staff,
    v1_vault,
    v2_records,
    v3_consent,
)
from safefile.store.seal import drop_triggers, keep_triggers

MIGRATIONS: list[list[str]] = [
    v1_vault.STATEMENTS,
    v2_records.STATEMENTS,
    v3_consent.STATEMENTS,
    orgs_contact.STATEMENTS,
    consent_hard_cases.STATEMENTS,
    services_void.STATEMENTS,
    retention.STATEMENTS,
    own_copy.STATEMENTS,
    fts_secure_delete.STATEMENTS,
    release_forms.STATEMENTS,
    seal.STATEMENTS,
    funder_counts.STATEMENTS,
    own_copy_extension_late.STATEMENTS,
    intake_acknowledgement.STATEMENTS,
    gate_roads.STATEMENTS,
    drafts.STATEMENTS,
    security_seal.STATEMENTS,
    fk_indexes.STATEMENTS,
    program_categories.STATEMENTS,
    release_original_reason.STATEMENTS,
    staff.STATEMENTS,
    signatures.STATEMENTS,
    backup_counts.STATEMENTS,
    drafts_by_member.STATEMENTS,
    seal_deltas.STATEMENTS,
]
SCHEMA_VERSION = len(MIGRATIONS)


def version_of(conn: Any) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: Any,
    target: int = SCHEMA_VERSION,
    *,
    first: Callable[[Any], object] | None = None,
    before_commit: Callable[[Any], None] | None = None,
) -> int:
    """Apply pending migrations up to ``target`` in one transaction; return the old version.

    ``first`` runs inside that transaction before the first migration, ``before_commit``
    after the last (the vault checks its security state against the seal first and seals
    it there, so a migration that changes a sealed table is never committed without its
    seal, nor seals a state it did not check: store/seal.py)."""
    current = version_of(conn)
    if current > SCHEMA_VERSION:
        raise NewerVersion(
            "This vault was made by a newer version of SafeFile. "
            "Install the newer version to open it; nothing was changed."
        )
    if current >= target:
        return current
    conn.execute("BEGIN IMMEDIATE")
    try:
        if first is not None:
            first(conn)
        drop_triggers(conn)  # a migration may drop a column they name
        for statements in MIGRATIONS[current:target]:
            for statement in statements:
                conn.execute(statement)
        keep_triggers(conn)  # the sealed tables' triggers follow their columns
        if before_commit is not None:
            before_commit(conn)
        conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return current
