"""Parity: every command and option of the command line has its place in the app.

Each key is a command as typed (``"release revoke"``) or one of its options
(``"release revoke --how"``).  Its value is one of:

* a :class:`Place`: the widget or menu action (by object name, ``ui/names.py``) that does
  it.  ``opener`` is found in the main window, unlocked, with a client's file open;
  ``field``, when given, is found in the dialog that pressing ``opener`` shows.
* a :class:`CliOnly`: the reason it is deliberately command-line only (scripting, JSON,
  a secret read from standard input, a choice the app makes for the user's safety).

``tests/ui/test_parity.py`` walks the parser of ``safefile.cli.main`` and fails on any
command or option that is neither here nor in :data:`EVERY_COMMAND`, then opens the real
app and finds every place named here.  ``scripts/parity_doc.py`` prints the table of
``docs/parity.md`` from this module.

Adding a command or option: add one line per key below, in the group of its command
(keys are kept in the order ``safefile --help`` lists them, but order does not matter).
"""

from __future__ import annotations

from dataclasses import dataclass

FILE = "clients.file_view."  # the open client's file, in the workspace


@dataclass(frozen=True)
class Place:
    """Where the app does it: ``opener`` in the window, then ``field`` in its dialog."""

    opener: str
    field: str | None = None
    words: str = ""  # how a person finds it, shown in docs/parity.md


@dataclass(frozen=True)
class CliOnly:
    reason: str


Entry = Place | CliOnly

# The options every command has: what the app does instead (``--as``: the unlock screen's
# name field, asked once per session), or why it is the command line's alone.
EVERY_COMMAND: dict[str, Entry] = {
    "--as": Place(
        "unlockMember",
        words="the unlock screen: Your name (asked when the vault has more than one member; "
        "Lock and switch user lets the next person unlock as themselves)",
    ),
    "--passphrase-stdin": CliOnly("scripting: the app asks for the passphrase on its lock"),
    "--recovery-key-stdin": CliOnly(
        "scripting: the app's unlock screen has 'Use the recovery key' instead"
    ),
    "--json": CliOnly("scripting: machine-readable output"),
    "--help": CliOnly("the command line's own help"),
}

# What the app says in words for the most used places.
_RELEASES = "Client's file › Releases"
_SHARING = "Client's file › Sharing"
_SEND = "Client list › Send information…"
_RETENTION = "Program › Retention"
_OPEN = "the open client's file"
_WAITING = "Client's file › Releases › Waiting for signature"
_INTAKE = "Client's file › Overview › Intake answers…"
_TOLD = "Client's file › Overview › What the client was told…"
_COUNTS = "Program › Shelter and survey"
_SEAL = "Edit › Settings… › The program's seal"
_CATS = "Edit › Settings… › Categories of information"
_STAFF = "Edit › Settings… › Staff"

PARITY: dict[str, Entry] = {
    # --- the vault ---------------------------------------------------------------------
    "init": Place("setup.create_button", words="first start: Create vault"),
    "init --no-recovery-key": CliOnly(
        "the app always makes a recovery key and has it written down (the safer choice)"
    ),
    "init --practitioner": Place("setup.practitioner", words="first start: Practitioner"),
    "init --credentials": Place("setup.credentials", words="first start: Credentials"),
    "check": CliOnly(
        "the app checks every page of the vault by itself at each unlock and locks with "
        "the damage message if one fails; there is nothing to press"
    ),
    "passwd": Place("passphrase_action", "new1", "File › Change the passphrase…"),
    "passwd --rekey": Place("passphrase_action", "rekey", "File › Change the passphrase…"),
    "recovery-key": Place("recovery_action", words="File › A new recovery key…"),
    # --- clients -----------------------------------------------------------------------
    "client add": Place("clients.add_button", "name", "Clients › Add client…"),
    "client add --name": Place("clients.add_button", "name", "Add client: Name"),
    "client add --alias": Place("clients.add_button", "alias", "Add client: Preferred name"),
    "client add --case-number": Place("clients.add_button", "case", "Add client: Case number"),
    "client add --born": Place("clients.add_button", "intake.born", "Add client: Born"),
    "client add --household": Place(
        "clients.add_button", "intake.picker.household", "Add client: Same household as"
    ),
    "client add --role": Place(
        "clients.add_button", "intake.picker.role", "Add client: This client is (a child…)"
    ),
    "client add --language": Place(
        "clients.add_button", "language", "Add client: Language the client reads"
    ),
    "client add --intake": Place(
        "clients.add_button", "funder.intake", "Add client: Date the file was opened"
    ),
    "client add --gender": Place("clients.add_button", "funder.gender", "Add client: Gender"),
    "client add --race-ethnicity": Place(
        "clients.add_button", "funder.race", "Add client: Race and ethnicity"
    ),
    "client add --victimization": Place(
        "clients.add_button", "funder.victimization", "Add client: Victimization types"
    ),
    "client add --special": Place(
        "clients.add_button", "funder.special", "Add client: Special classifications"
    ),
    "client add --age-band": Place(
        "clients.add_button", "funder.age_band", "Add client: Age band (no birth date)"
    ),
    "client edit": Place(
        FILE + "overview.language_button", "language", "Client's file › Overview › Language…"
    ),
    "client edit --language": Place(
        FILE + "overview.language_button", "language", "Language: the language the client reads"
    ),
    "client edit --gender": Place(
        FILE + "overview.intake_button", "funder.gender", f"{_INTAKE}: Gender identity"
    ),
    "client edit --race-ethnicity": Place(
        FILE + "overview.intake_button", "funder.race", f"{_INTAKE}: Race and ethnicity"
    ),
    "client edit --victimization": Place(
        FILE + "overview.intake_button", "funder.victimization", f"{_INTAKE}: Victimization"
    ),
    "client edit --special": Place(
        FILE + "overview.intake_button", "funder.special", f"{_INTAKE}: Special classifications"
    ),
    "client edit --age-band": Place(
        FILE + "overview.intake_button", "funder.age_band", f"{_INTAKE}: Age band"
    ),
    "client acknowledge": Place(FILE + "overview.acknowledge_button", "told.kept", _TOLD),
    "client acknowledge --told": Place(
        FILE + "overview.acknowledge_button", "told.kept", "What the client was told: Told …"
    ),
    "client acknowledge --on": Place(
        FILE + "overview.acknowledge_button", "on", "What the client was told: On"
    ),
    "client acknowledge --by": Place(
        FILE + "overview.acknowledge_button", "by", "What the client was told: By"
    ),
    "client acknowledge --notice-given": Place(
        FILE + "overview.acknowledge_button",
        "notice",
        "What the client was told: Gave the program's written notice",
    ),
    "client restrict": Place(FILE + "restricted.add_button", words="Client's file › Restricted"),
    "client restrict --person": Place(FILE + "restricted.person", words="Restricted: Person"),
    "client restrict --reason": Place(FILE + "restricted.reason", words="Restricted: Reason"),
    "client restrict --alias": Place(
        FILE + "restricted.aliases", words="Restricted: Also known as (separated by commas)"
    ),
    "client restrictions": Place(FILE + "restricted.show_button", words="Restricted: Show"),
    "client list": Place("clients.table", words="Clients: the list"),
    "client list --search": Place("clients.search", words="Clients: Search"),
    "client list --status": Place("clients.status", words="Clients: Show files"),
    "client show": Place(FILE + "overview.name", words="Clients: choose one (Overview)"),
    "client show --process-notes": Place(
        FILE + "process.show_button", words="Client's file › Process notes › Show"
    ),
    "client show --confirm-process-notes": Place(
        FILE + "process.show_button", words="the app asks before showing process notes"
    ),
    "client close": Place("program.retention.close_button", "on", f"{_RETENTION} › Close a file…"),
    "client close --on": Place("program.retention.close_button", "on", "Close a file: Date"),
    "client close --reason": Place(
        "program.retention.close_button", "reason", "Close a file: Reason"
    ),
    # --- organisations -----------------------------------------------------------------
    "org add": Place("orgs.new_button", "fields.name", "Organisations › New organisation…"),
    "org add --name": Place("orgs.new_button", "fields.name", "New organisation: Name"),
    "org add --phone": Place("orgs.new_button", "fields.phone", "New organisation: Phone"),
    "org add --address": Place("orgs.new_button", "fields.address", "New organisation: Address"),
    "org add --contact-person": Place(
        "orgs.new_button", "fields.contact_person", "New organisation: Contact person"
    ),
    "org add --job-title": Place(
        "orgs.new_button", "fields.job_title", "New organisation: Job title"
    ),
    "org list": Place("orgs.table", words="Organisations"),
    # --- services and notes ------------------------------------------------------------
    "service add": Place(FILE + "services.record_button", "type", "Services › Record a service…"),
    "service add --client": Place(FILE + "services.record_button", words=_OPEN),
    "service add --date": Place(FILE + "services.record_button", "on", "Record a service: Date"),
    "service add --type": Place(FILE + "services.record_button", "type", "Record a service: Type"),
    "service add --minutes": Place(
        FILE + "services.record_button", "minutes", "Record a service: Minutes"
    ),
    "service add --note": Place(FILE + "services.record_button", "note", "Record a service: Note"),
    "service void": Place(FILE + "services.void_button", "reason", "Services › Void the entry…"),
    "service void --reason": Place(FILE + "services.void_button", "reason", "Void: Reason"),
    "service correct": Place(
        FILE + "services.correct_button", "reason", "Services › Correct the entry…"
    ),
    "service correct --reason": Place(FILE + "services.correct_button", "reason", "Correct: Why"),
    "service correct --date": Place(FILE + "services.correct_button", "on", "Correct: Date"),
    "service correct --type": Place(FILE + "services.correct_button", "type", "Correct: Type"),
    "service correct --minutes": Place(
        FILE + "services.correct_button", "minutes", "Correct: Minutes"
    ),
    "service correct --note": Place(FILE + "services.correct_button", "note", "Correct: Note"),
    "note add": Place(FILE + "notes.write_button", "data", "Notes › Write a note…"),
    "note add --client": Place(FILE + "notes.write_button", words=_OPEN),
    "note add --kind": Place(FILE + "notes.write_button", "kind", "Write a note: Kind"),
    "note add --data": Place(FILE + "notes.write_button", "data", "Write a note: Data"),
    "note add --assessment": Place(
        FILE + "notes.write_button", "assessment", "Write a note: Assessment"
    ),
    "note add --plan": Place(FILE + "notes.write_button", "plan", "Write a note: Plan"),
    "note add --with": Place(
        FILE + "notes.write_button", "with_clients", "Write a note: Joint session with"
    ),
    "note add --sign": Place(FILE + "notes.write_button", "sign", "Write a note: Sign it now"),
    "note add --date": Place(FILE + "notes.write_button", "on", "Write a note: Date"),
    "note add --category": Place(
        FILE + "notes.write_button", "noteCategory", "Write a note: Category"
    ),
    "note edit": Place(FILE + "notes.edit_button", "sections.data", "Notes › Change the draft…"),
    "note edit --data": Place(FILE + "notes.edit_button", "sections.data", "Change: Data"),
    "note edit --assessment": Place(
        FILE + "notes.edit_button", "sections.assessment", "Change: Assessment"
    ),
    "note edit --plan": Place(FILE + "notes.edit_button", "sections.plan", "Change: Plan"),
    "note delete": Place(FILE + "notes.delete_button", words="Notes › Delete the draft…"),
    "note sign": Place(FILE + "notes.sign_button", words="Notes › Sign the note…"),
    "note addendum": Place(FILE + "notes.addendum_button", "text", "Notes › Add an addendum…"),
    "note addendum --text": Place(FILE + "notes.addendum_button", "text", "Addendum: Text"),
    # --- documents ---------------------------------------------------------------------
    "attach": Place(FILE + "documents.attach_button", words="Documents › Attach a document…"),
    "attach --client": Place(FILE + "documents.attach_button", words=_OPEN),
    "attach --title": Place(FILE + "documents.attach_button", words="Attach: Title"),
    "attach --type": Place(FILE + "documents.attach_button", words="Attach: Kind"),
    "attach --category": Place(FILE + "documents.attach_button", words="Attach: Category"),
    # --- the program's categories of information -----------------------------------------
    "category add": Place("settings_action", "addCategoryButton", f"{_CATS} › Add the category"),
    "category add --name": Place("settings_action", "categoryName", f"{_CATS}: Name"),
    "category add --covers": Place("settings_action", "categoryCovers", f"{_CATS}: What it covers"),
    "category add --alone": Place("settings_action", "categoryAlone", f"{_CATS}: Sent alone"),
    "category add --notice": Place(
        "settings_action", "categoryNotice", f"{_CATS}: Notice printed with it"
    ),
    "category list": Place("settings_action", "programCategoryList", f"{_CATS}: the list"),
    # --- releases ----------------------------------------------------------------------
    "release add": Place(FILE + "releases.add_button", "purpose", f"{_RELEASES} › Add a release…"),
    "release add --client": Place(FILE + "releases.add_button", words=_OPEN),
    "release add --recipient": Place(FILE + "releases.add_button", "recipient", "Release: To"),
    "release add --categories": Place(
        FILE + "releases.add_button", "attendance", "Release: What may be shared"
    ),
    "release add --purpose": Place(FILE + "releases.add_button", "purpose", "Release: Purpose"),
    "release add --signed-on": Place(FILE + "releases.add_button", "signed_on", "Release: Signed"),
    "release add --expires": Place(FILE + "releases.add_button", "expires_on", "Release: Expires"),
    "release add --effective": Place(
        FILE + "releases.add_button", "effective_on", "Release: Takes effect"
    ),
    "release add --form": Place(
        FILE + "releases.add_button", "attach_button", "Release: Attach the scanned signed form…"
    ),
    "release add --original-on-file": Place(
        FILE + "releases.add_button", "original", "Release: The paper original is on file"
    ),
    "release add --original-reason": Place(
        FILE + "releases.add_button", "original_reason", "Release: Why on paper"
    ),
    "release add --signer": Place(FILE + "releases.add_button", "signer", "Release: Signed by"),
    "release add --capacity": Place(FILE + "releases.add_button", "capacity", "Release: As"),
    "release add --authority": Place(
        FILE + "releases.add_button", "authority", "Release: Authority"
    ),
    "release add --witness": Place(
        FILE + "releases.add_button",
        "witness",
        "Release: Witnessed by (the person unlocked, shown; never typed)",
    ),
    "release add --direction": Place(
        FILE + "releases.add_button", "direction", "Release: Direction"
    ),
    "release add --contact-person": Place(
        FILE + "releases.add_button", "contact", "Release: Contact person"
    ),
    "release add --methods": Place(
        FILE + "releases.add_button", "methods.phone", "Release: How it may be sent"
    ),
    "release add --expiry-event": Place(
        FILE + "releases.add_button", "expiry_event", "Release: Or ends when"
    ),
    "release add --told": Place(
        FILE + "releases.add_button", "statements.revocation", "Release: The client was told"
    ),
    "release add --copy-given-on": Place(
        FILE + "releases.add_button", "copy_given_on", "Release: Copy given on"
    ),
    "release add --co-signer": Place(
        FILE + "releases.add_button", "co_signer", "Release: Co-signer (a minor's)"
    ),
    "release add --not-abuser": Place(
        FILE + "releases.add_button", "not_abuser", "Release: No signer is alleged to have harmed"
    ),
    "release add --minor-may-consent-alone": Place(
        FILE + "releases.add_button", "minor_law", "Release: Law that lets the minor consent"
    ),
    "release add --documents": Place(
        FILE + "releases.add_button", "no_documents", "Release: The documents it covers"
    ),
    "release add --period-from": Place(
        FILE + "releases.add_button", "period_from", "Release: Only what is dated from"
    ),
    "release add --period-to": Place(
        FILE + "releases.add_button", "period_to", "Release: Only what is dated to"
    ),
    "release add --once": Place(
        FILE + "releases.add_button", "single_use", "Release: For one disclosure only"
    ),
    "release revoke": Place(FILE + "releases.revoke_button", "how", f"{_RELEASES} › Revoke…"),
    "release revoke --on": Place(FILE + "releases.revoke_button", "on", "Revoke: Date"),
    "release revoke --how": Place(FILE + "releases.revoke_button", "how", "Revoke: How"),
    "release revoke --taken-by": Place(
        FILE + "releases.revoke_button", "taken_by", "Revoke: Who took it"
    ),
    "release revoke --scan": Place(
        FILE + "releases.revoke_button",
        "scan",
        "Revoke: Signed writing (revoked orally before: Attach the written revocation…)",
    ),
    # --- the printed release (issue 24) ------------------------------------------------
    # A draft is the Add a release form with "Not signed yet" ticked: see the loop below.
    "release draft": Place(
        FILE + "releases.add_button", "releaseDraftMode", f"{_RELEASES} › Add… › Not signed yet"
    ),
    "release draft --client": Place(FILE + "releases.add_button", words=_OPEN),
    "release draft --recipient-kind": Place(
        FILE + "releases.add_button", "releaseRecipientKind", "Draft: Kind of organisation"
    ),
    "release draft --language": Place(
        FILE + "releases.add_button", "form_language", "Draft: Language of the form"
    ),
    # On a draft the core keeps no copy date: it is given with the signed form.
    "release draft --copy-given-on": Place(
        "attachSignedForm", "copy_given_on", "when signed: Attach signed form › Client's copy"
    ),
    "release print": Place("printReleaseForm", "path", f"{_WAITING} › Print form…"),
    "release print --to": Place("printReleaseForm", "path", "Print form: File"),
    "release print --language": Place("printReleaseForm", "language", "Print form: Language"),
    "release print --bilingual": Place(
        "printReleaseForm", "bilingual", "Print form: Also in English, after it"
    ),
    "release sign": Place("attachSignedForm", "path", f"{_WAITING} › Attach signed form…"),
    "release sign --scan": Place("attachSignedForm", "path", "Attach signed form: Scan"),
    "release sign --signed-on": Place("attachSignedForm", "on", "Attach signed form: Date signed"),
    "release sign --changed-by-hand": Place(
        "attachSignedForm", "changed", "Attach signed form: Changed by hand?"
    ),
    "release sign --signer": Place("attachSignedForm", "signer", "Attach signed form: Signed by"),
    "release sign --capacity": Place(
        "attachSignedForm", "capacity", "Attach signed form: Signed as"
    ),
    "release sign --authority": Place(
        "attachSignedForm", "authority", "Attach signed form: Their authority"
    ),
    "release sign --co-signer": Place(
        "attachSignedForm", "co_signer", "Attach signed form: Also signed by"
    ),
    "release sign --told": Place(
        "attachSignedForm", "told.revocation", "Attach signed form: Initialled: …"
    ),
    "release sign --copy-given-on": Place(
        "attachSignedForm", "copy_given_on", "Attach signed form: Client's copy"
    ),
    "release sign --not-abuser": Place(
        "attachSignedForm", "not_abuser", "Attach signed form: I attest that no signer…"
    ),
    "release withdraw": Place(
        FILE + "releases.withdraw_button", "save_button", f"{_WAITING} › Withdraw the draft…"
    ),
    "release waiting": Place(
        "waitingForSignature", words=f"{_WAITING} (each client's file; all at once: command line)"
    ),
    "release waiting --client": Place("waitingForSignature", words=_OPEN),
    "release revoke-form": Place(
        "printRevocationForm", "path", f"{_RELEASES} › Print revocation form…"
    ),
    "release revoke-form --to": Place("printRevocationForm", "path", "Revocation form: File"),
    "release revoke-form --language": Place(
        "printRevocationForm", "language", "Revocation form: Language"
    ),
    "release revoke-form --bilingual": Place(
        "printRevocationForm", "bilingual", "Revocation form: Also in English, after it"
    ),
    "release list": Place(FILE + "releases.table", words=_RELEASES),
    "release list --client": Place(FILE + "releases.table", words=_OPEN),
    # --- the record of sharing ---------------------------------------------------------
    "request add": Place(
        FILE + "sharing.request_button", "summary", f"{_SHARING} › Record a request…"
    ),
    "request add --client": Place(FILE + "sharing.request_button", "client", _OPEN),
    "request add --direction": Place(
        FILE + "sharing.request_button", "direction", "Request: Direction"
    ),
    "request add --requester": Place(
        FILE + "sharing.request_button", "requester", "Request: Requester"
    ),
    "request add --organisation": Place(
        FILE + "sharing.request_button", "organisation", "Request: Organisation"
    ),
    "request add --job-title": Place(
        FILE + "sharing.request_button", "job_title", "Request: Job title"
    ),
    "request add --phone": Place(FILE + "sharing.request_button", "phone", "Request: Phone"),
    "request add --identity-confirmed-by": Place(
        FILE + "sharing.request_button", "identity", "Request: Identity confirmed by"
    ),
    "request add --reason": Place(FILE + "sharing.request_button", "reason", "Request: Reason"),
    "request add --summary": Place(
        FILE + "sharing.request_button", "summary", "Request: What was asked for"
    ),
    "request add --decision": Place(
        FILE + "sharing.request_button", "decision", "Request: Decision"
    ),
    "request add --decision-reasons": Place(
        FILE + "sharing.request_button", "reasons", "Request: Reasons"
    ),
    "request add --received-on": Place(
        FILE + "sharing.request_button", "received", "Request: Received on"
    ),
    "log": Place("log.table", words="Record of sharing"),
    "log --verify": CliOnly(
        "an auditor's or a script's check of both chains and every member's signature; the "
        "app runs the same check inside every backup and restore (health.check_vault) and "
        "stops with the damage message if one fails"
    ),
    "log --client": Place("log.client", words="Record of sharing: Client"),
    "log --release": Place("log.search", words="Record of sharing: Search (type the release)"),
    # --- sending ------------------------------------------------------------------------
    "export": Place("clients.share_button", "save_button", _SEND),
    "export --client": Place("clients.share_button", words="the client chosen in the list"),
    "export --to": Place("clients.share_button", "save_button", "Send: Save PDF…"),
    "export --recipient": Place("clients.share_button", "release_road.recipient", "Send: To"),
    "export --categories": Place("clients.share_button", "release_road", "Send: What to send"),
    "export --release": Place(
        "clients.share_button", "release_road.release", "Send: Under which release"
    ),
    "export --purpose": Place("clients.share_button", "release_road.purpose", "Send: Purpose"),
    "export --own-copy": Place("clients.share_button", "own_road", "Send: The client's own copy"),
    "export --requested-on": Place(
        "clients.share_button", "own_road.record_button", "Send: Record a request…"
    ),
    "export --request": Place("clients.share_button", "own_road.request", "Send: Which request"),
    "export --identity-checked-by": Place(
        "clients.share_button", "own_road.record_button", "Own-copy request: Identity checked by"
    ),
    "export --bilingual": Place(
        "clients.share_button", "bilingual", "Send (own copy): Also in English, after it"
    ),
    "export --append-release": Place(
        "clients.share_button", "append_release", "Send: Append the signed release"
    ),
    "export --exception": Place(
        "clients.share_button", "legal_road.kind", "Send: Required by law: What requires it"
    ),
    "export --basis": Place("clients.share_button", "legal_road.basis", "Send: Legal basis"),
    "export --authority": Place("clients.share_button", "legal_road.authority", "Send: Authority"),
    "export --order": Place("clients.share_button", "legal_road.order_doc", "Send: The order"),
    "export --judge": Place("clients.share_button", "legal_road.judge", "Send: Judge"),
    "export --order-signed": Place(
        "clients.share_button", "legal_road.order_signed", "Send: Order signed"
    ),
    "export --court": Place("clients.share_button", "legal_road.court", "Send: Court"),
    "export --case": Place("clients.share_button", "legal_road.case", "Send: Case"),
    "export --client-told": Place(
        "clients.share_button", "legal_road.informed", "Send: Was the client told?"
    ),
    "export --not-told-reason": Place(
        "clients.share_button", "legal_road.not_informed", "Send: If not, why not"
    ),
    "export --override-restriction": Place(
        "clients.share_button", "legal_road.override", "Send: Override a restriction"
    ),
    "export --order-names-process-notes": Place(
        "clients.share_button",
        "legal_road.names_process_notes",
        "Send: The order names the client's process notes",
    ),
    "export --joint-notes-covered": Place(
        "clients.share_button", "legal_road.joint_covered", "Send: Joint notes: it covers them"
    ),
    "export --order-names-parties": Place(
        "clients.share_button",
        "legal_road.names_parties",
        "Send: The order names the other parties of joint notes",
    ),
    "export --old-order-reason": Place(
        "clients.share_button",
        "legal_road.old_order_reason",
        "Send: If signed over two years ago, why it still applies",
    ),
    "export --password-stdin": Place(
        "clients.share_button", "password", "Send: Password for the PDF"
    ),
    "export --password-prompt": Place(
        "clients.share_button", "password", "Send: Password for the PDF"
    ),
    "verify-export": Place(
        "log.verify_button", words="Record of sharing › Check a PDF someone shows you…"
    ),
    "verify-export --password-stdin": Place(
        "log.verify_password", words="Record of sharing: Its password (beside Check a PDF…)"
    ),
    "verify-export --password-prompt": Place(
        "log.verify_password", words="Record of sharing: Its password (beside Check a PDF…)"
    ),
    # --- the program's seal (issue 25) --------------------------------------------------
    "seal": Place("settings_action", "sealFingerprint", f"{_SEAL}: the fingerprint"),
    "seal --renew": Place("settings_action", "renewSealButton", f"{_SEAL} › Renew the seal…"),
    "seal --import": Place(
        "settings_action", "importSealButton", f"{_SEAL} › Import a certificate…"
    ),
    "seal --key": Place(
        "settings_action",
        "importSealButton",
        "Import a certificate…: the certificate, then its private key",
    ),
    "seal --card": Place(
        "settings_action", "printSealCardButton", f"{_SEAL} › Print the verification card…"
    ),
    # --- backups -----------------------------------------------------------------------
    "backup": Place("backups.backup_button", words="Backups › Back up now"),
    "verify-backup": Place("backups.check_button", words="Backups › Check this backup…"),
    "restore": Place("restore_action", words="File › Restore from a backup…"),
    "restore --replace": CliOnly(
        "the app never writes over a vault: it restores into a new folder beside it"
    ),
    # --- program -----------------------------------------------------------------------
    "hold": Place("program.retention.hold_button", "reason", f"{_RETENTION} › Legal hold…"),
    "hold --client": Place("program.retention.hold_button", "client", "Legal hold: Client"),
    "hold --reason": Place("program.retention.hold_button", "reason", "Legal hold: Reason"),
    "hold --release": Place(
        "program.retention.release_button", words="Retention › Release the hold"
    ),
    "retention": Place("program.retention.due_table", words=_RETENTION),
    "retention --apply": Place(
        "program.retention.destroy_button", words="Retention › Destroy what is due…"
    ),
    "report": Place("program.reports.show_button", words="Program › Funder reports"),
    "report --from": Place("program.reports.start", words="Funder reports: From"),
    "report --to": Place("program.reports.end", words="Funder reports: To"),
    "report --csv": Place("program.reports.csv_button", words="Funder reports: Save as CSV…"),
    "report --pdf": Place("program.reports.pdf_button", words="Funder reports: Save as PDF…"),
    "report --min-count": Place(
        "program.reports.min_count", words="Funder reports: Hide counts under"
    ),
    "report --form": Place("report_form", words="Funder reports: Form"),
    # --- the funder's other counts (issue 26) -------------------------------------------
    "contact add": Place(
        "anonymous_contact_button", "kind", "Clients › Anonymous contact… (no file, no name)"
    ),
    "contact add --on": Place("anonymous_contact_button", "on", "Anonymous contact: Date"),
    "contact add --kind": Place("anonymous_contact_button", "kind", "Anonymous contact: Kind"),
    "contact add --minutes": Place(
        "anonymous_contact_button", "minutes", "Anonymous contact: Minutes"
    ),
    "contact add --victimization": Place(
        "anonymous_contact_button", "victimization", "Anonymous contact: Victimization types"
    ),
    "contact add --referral": Place(
        "anonymous_contact_button", "referral", "Anonymous contact: Referred to"
    ),
    "shelter stay": Place("program.counts.stay_button", "client", f"{_COUNTS} › A shelter stay…"),
    "shelter stay --client": Place("program.counts.stay_button", "client", "Stay: Client"),
    "shelter stay --from": Place("program.counts.stay_button", "start", "Stay: First night"),
    "shelter stay --to": Place(
        "program.counts.stay_button", "end", "Stay: Left on (or Still staying)"
    ),
    "shelter end": Place("program.counts.end_button", "on", f"{_COUNTS} › End a stay…"),
    "shelter end --client": Place("program.counts.end_button", "client", "End a stay: Client"),
    "shelter end --on": Place("program.counts.end_button", "on", "End a stay: Left on"),
    "shelter unmet": Place(
        "program.counts.unmet_button", "reason", f"{_COUNTS} › A request for shelter not met…"
    ),
    "shelter unmet --on": Place("program.counts.unmet_button", "on", "Not met: Date"),
    "shelter unmet --household-size": Place(
        "program.counts.unmet_button", "household_size", "Not met: Household size"
    ),
    "shelter unmet --reason": Place(
        "program.counts.unmet_button", "reason", "Not met: Why not met"
    ),
    "survey add": Place("program.counts.survey_button", "responses", f"{_COUNTS} › Survey counts…"),
    "survey add --on": Place("program.counts.survey_button", "on", "Survey counts: Date"),
    "survey add --responses": Place(
        "program.counts.survey_button", "responses", "Survey counts: Responses"
    ),
    "survey add --safety-yes": Place(
        "program.counts.survey_button", "safety_yes", "Survey counts: Yes: safety strategies"
    ),
    "survey add --resources-yes": Place(
        "program.counts.survey_button",
        "resources_yes",
        "Survey counts: Yes: community resources",
    ),
    "import": Place("program.importer.choose_button", words="Program › Import"),
    "import --dry-run": Place(
        "program.importer.check_button", words="Import: Check (import nothing)"
    ),
    # --- staff (issue 28): Edit › Settings… › Staff, shown to administrators ----------
    "staff add": Place("settings_action", "staffAdd", f"{_STAFF} › Add a member…"),
    "staff add --name": Place("settings_action", "staffAdd", f"{_STAFF} › Add a member…: Name"),
    "staff add --role": Place("settings_action", "staffAdd", f"{_STAFF} › Add a member…: Role"),
    "staff add --credentials": Place(
        "settings_action", "staffAdd", f"{_STAFF} › Add a member…: Credentials"
    ),
    "staff list": Place("settings_action", "staffList", f"{_STAFF}: the list of members"),
    "staff list --removed": Place(
        "settings_action", "staffList", f"{_STAFF}: the list (removed members marked)"
    ),
    "staff remove": Place("settings_action", "staffRemove", f"{_STAFF} › Remove…"),
    "staff role": Place("settings_action", "staffRole", f"{_STAFF} › Change role…"),
    "staff role --role": Place("settings_action", "staffRole", f"{_STAFF} › Change role…: Role"),
    "staff restrict-file": Place(
        "settings_action", "staffRestrictFile", f"{_STAFF} › Close a file to a member…"
    ),
    "staff restrict-file --client": Place(
        "settings_action", "staffRestrictFile", f"{_STAFF} › Close a file to a member…: Client"
    ),
    "staff restrict-file --reason": Place(
        "settings_action", "staffRestrictFile", f"{_STAFF} › Close a file to a member…: Reason"
    ),
    "settings": Place("settings_action", "program", "Edit › Settings…"),
    "settings --program-name": Place("settings_action", "program", "Settings: Program name"),
    "settings --program-address": Place("settings_action", "program_address", "Settings: Address"),
    "settings --program-phone": Place("settings_action", "program_phone", "Settings: Phone"),
    "settings --practitioner": Place("settings_action", "practitioner", "Settings: Practitioner"),
    "settings --credentials": Place("settings_action", "credentials", "Settings: Credentials"),
    "settings --release-max-days": Place(
        "settings_action", "release_days", "Settings: Releases valid at most"
    ),
    "settings --retention-months": Place(
        "settings_action", "retention_months", "Settings: Keep closed files for"
    ),
    "settings --page-size": Place("settings_action", "page_size", "Settings: Paper size"),
    # --- the client's own copy ---------------------------------------------------------
    "own-copy request": Place(
        FILE + "sharing.own_copy_button", "identity", f"{_SHARING} › Own-copy request…"
    ),
    "own-copy request --client": Place(FILE + "sharing.own_copy_button", words=_OPEN),
    "own-copy request --received-on": Place(
        FILE + "sharing.own_copy_button", "received", "Own-copy request: Received"
    ),
    "own-copy request --identity-checked-by": Place(
        FILE + "sharing.own_copy_button", "identity", "Own-copy request: Identity checked by"
    ),
    "own-copy request --representative": Place(
        FILE + "sharing.own_copy_button", "representative", "Own-copy request: Representative"
    ),
    "own-copy request --capacity": Place(
        FILE + "sharing.own_copy_button", "capacity", "Own-copy request: As"
    ),
    "own-copy request --authority": Place(
        FILE + "sharing.own_copy_button", "authority", "Own-copy request: Authority"
    ),
    "own-copy extend": Place("requests.extend_button", "reason", "Own copies › Extend by 30 days…"),
    "own-copy extend --reason": Place("requests.extend_button", "reason", "Extend: Reason"),
    "own-copy extend --told-on": Place(
        "requests.extend_button", "told_on", "Extend: Client told on"
    ),
    "own-copy list": Place("requests.table", words="Own copies"),
    "own-copy list --client": Place(FILE + "sharing.table", words=_SHARING),
    "own-copy list --overdue": Place("requests.only_overdue", words="Own copies: Only overdue"),
    "accounting": Place(
        FILE + "sharing.accounting_button", "save_button", f"{_SHARING} › Accounting…"
    ),
    "accounting --client": Place(FILE + "sharing.accounting_button", words=_OPEN),
    "accounting --pdf": Place(
        FILE + "sharing.accounting_button", "save_button", "Accounting: Save as PDF…"
    ),
    "accounting --bilingual": Place(
        FILE + "sharing.accounting_button", "bilingual", "Accounting: Also in English, after it"
    ),
    # --- disclosures by other means, and outcomes (issue 23) -----------------------------
    "disclose": Place(
        FILE + "sharing.disclose_button",
        "summary",
        f"{_SHARING} › Record a disclosure (call, letter…)…",
    ),
    "disclose --client": Place(FILE + "sharing.disclose_button", words=_OPEN),
    "disclose --recipient": Place(
        FILE + "sharing.disclose_button", "release_road.recipient", "Disclosure: To"
    ),
    "disclose --categories": Place(
        FILE + "sharing.disclose_button", "release_road", "Disclosure: What was given"
    ),
    "disclose --method": Place(
        FILE + "sharing.disclose_button", "method", "Disclosure: How (phone, in person…)"
    ),
    "disclose --summary": Place(
        FILE + "sharing.disclose_button", "summary", "Disclosure: What was said or sent"
    ),
    "disclose --release": Place(
        FILE + "sharing.disclose_button", "release_road.release", "Disclosure: Under which release"
    ),
    "disclose --purpose": Place(
        FILE + "sharing.disclose_button", "release_road.purpose", "Disclosure: Purpose"
    ),
    "disclose --person": Place(FILE + "sharing.disclose_button", "person", "Disclosure: Spoken to"),
    "disclose --job-title": Place(
        FILE + "sharing.disclose_button", "job_title", "Disclosure: Job title"
    ),
    "disclose --exception": Place(
        FILE + "sharing.disclose_button", "legal_road.kind", "Disclosure: Required by law: What"
    ),
    "disclose --basis": Place(
        FILE + "sharing.disclose_button", "legal_road.basis", "Disclosure: Legal basis"
    ),
    "disclose --authority": Place(
        FILE + "sharing.disclose_button", "legal_road.authority", "Disclosure: Authority"
    ),
    "disclose --order": Place(
        FILE + "sharing.disclose_button", "legal_road.order_doc", "Disclosure: The order"
    ),
    "disclose --judge": Place(
        FILE + "sharing.disclose_button", "legal_road.judge", "Disclosure: Judge"
    ),
    "disclose --order-signed": Place(
        FILE + "sharing.disclose_button", "legal_road.order_signed", "Disclosure: Order signed"
    ),
    "disclose --court": Place(
        FILE + "sharing.disclose_button", "legal_road.court", "Disclosure: Court"
    ),
    "disclose --case": Place(
        FILE + "sharing.disclose_button", "legal_road.case", "Disclosure: Case"
    ),
    "disclose --client-told": Place(
        FILE + "sharing.disclose_button", "legal_road.informed", "Disclosure: Was the client told?"
    ),
    "disclose --not-told-reason": Place(
        FILE + "sharing.disclose_button", "legal_road.not_informed", "Disclosure: If not, why not"
    ),
    "disclose --override-restriction": Place(
        FILE + "sharing.disclose_button",
        "legal_road.override",
        "Disclosure: Override a restriction",
    ),
    "disclose --order-names-process-notes": Place(
        FILE + "sharing.disclose_button",
        "legal_road.names_process_notes",
        "Disclosure: The order names the client's process notes",
    ),
    "disclose --joint-notes-covered": Place(
        FILE + "sharing.disclose_button",
        "legal_road.joint_covered",
        "Disclosure: Joint notes: it covers them",
    ),
    "disclose --order-names-parties": Place(
        FILE + "sharing.disclose_button",
        "legal_road.names_parties",
        "Disclosure: The order names the other parties of joint notes",
    ),
    "disclose --old-order-reason": Place(
        FILE + "sharing.disclose_button",
        "legal_road.old_order_reason",
        "Disclosure: If signed over two years ago, why it still applies",
    ),
    "outcome": Place(
        FILE + "sharing.outcome_button",
        "outcome",
        f"{_SHARING} › choose the entry › Record the outcome…",
    ),
    "outcome --outcome": Place(FILE + "sharing.outcome_button", "outcome", "Outcome: Outcome"),
    "outcome --receipt-confirmed-by": Place(
        FILE + "sharing.outcome_button", "receipt", "Outcome: Receipt confirmed by"
    ),
    "outcome --next-step": Place(
        FILE + "sharing.outcome_button", "next_step", "Outcome: Next step"
    ),
}

# ``release draft`` takes the options of ``release add``; the app drafts in the same form,
# with "Not signed yet" ticked (the date signed, the copy and the scan wait for signing).
_AS_IN_ADD = (
    "--recipient",
    "--categories",
    "--purpose",
    "--expires",
    "--effective",
    "--signer",
    "--capacity",
    "--authority",
    "--witness",
    "--direction",
    "--contact-person",
    "--methods",
    "--expiry-event",
    "--told",
    "--co-signer",
    "--not-abuser",
    "--minor-may-consent-alone",
    "--documents",
    "--period-from",
    "--period-to",
    "--once",
)
for _option in _AS_IN_ADD:
    _add = PARITY[f"release add {_option}"]
    assert isinstance(_add, Place)
    PARITY[f"release draft {_option}"] = Place(
        _add.opener, _add.field, _add.words.replace("Release:", "Draft:")
    )
del _option, _add

# Commands and options the app cannot do yet (issue 23): each is a gap, shown as such in
# docs/parity.md.  The parity test accepts them only while they are listed here; remove
# a line when its place is built and mapped above.
GAPS: dict[str, str] = {}


def places() -> dict[str, Place]:
    every = {k: v for k, v in EVERY_COMMAND.items() if isinstance(v, Place)}
    return every | {k: v for k, v in PARITY.items() if isinstance(v, Place)}


__all__ = ["EVERY_COMMAND", "GAPS", "PARITY", "CliOnly", "Entry", "Place", "places"]
