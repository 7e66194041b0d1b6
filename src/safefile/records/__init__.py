"""Client records: clients, households, organisations, services, notes, documents.

A plain functional API taking the open :class:`~safefile.store.vault.Vault` first.
Every change and every read of a client's file is written to the audit trail
(ids and kinds only, never content).
"""

from safefile.records.clientfile import client_file
from safefile.records.clients import (
    add_client,
    add_client_with_household,
    add_household,
    count_clients,
    ensure_household,
    get_client,
    join_household,
    leave_household,
    link_household,
    list_clients,
    set_born,
    set_status,
    update_contact,
)
from safefile.records.documents import attach, get_document, list_documents, read_document
from safefile.records.notes import (
    add_addendum,
    add_note,
    delete_draft,
    get_note,
    list_notes,
    list_process_notes,
    sign_note,
    update_draft,
)
from safefile.records.orgs import add_org, delete_org, get_org, list_orgs, org_in_use, update_org
from safefile.records.services import (
    add_service,
    correct_service,
    get_service,
    list_services,
    service_types,
    void_service,
)
from safefile.records.warnings import check_entry

__all__ = [
    "add_addendum",
    "add_client",
    "add_client_with_household",
    "add_household",
    "add_note",
    "add_org",
    "add_service",
    "attach",
    "check_entry",
    "client_file",
    "count_clients",
    "ensure_household",
    "delete_draft",
    "delete_org",
    "get_client",
    "get_document",
    "get_note",
    "get_org",
    "join_household",
    "leave_household",
    "link_household",
    "list_clients",
    "list_documents",
    "list_notes",
    "list_orgs",
    "list_process_notes",
    "list_services",
    "correct_service",
    "get_service",
    "void_service",
    "org_in_use",
    "read_document",
    "service_types",
    "set_born",
    "set_status",
    "sign_note",
    "update_org",
    "update_contact",
    "update_draft",
]
