"""``export`` (three roads: a release, the client's own copy, a legal exception) and
``verify-export`` (docs/cli.md)."""

from __future__ import annotations

import argparse

from safefile.cli import legal_options
from safefile.cli.common import Context, iso_date, open_vault, path_arg
from safefile.errors import InvalidInput, UsageError
from safefile.numbers import id_arg

# consent.gate.LEGAL_KINDS, written out so that --help does not import the gate
# (tests/cli/test_cli_start.py checks they agree).
LEGAL_KINDS = legal_options.LEGAL_KINDS


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("export", parents=[parent], help="export a client's information as a PDF")
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg, required=True)
    p.add_argument("--to", type=path_arg, required=True, help="the PDF to write")
    p.add_argument("--recipient", type=id_arg, help="organisation id")
    p.add_argument("--categories")
    p.add_argument("--release", help="the release to export under (e.g. R-12)")
    p.add_argument("--purpose", help="the purpose of this disclosure (required under a release)")
    p.add_argument("--own-copy", action="store_true", help="the client's own copy")
    p.add_argument("--requested-on", type=iso_date, help="when the client asked (own copy)")
    p.add_argument("--request", help="the own-copy request this copy answers (e.g. OC-3)")
    p.add_argument(
        "--identity-checked-by",
        default="",
        help="how the requester's identity was checked (own copy with --requested-on)",
    )
    p.add_argument(
        "--bilingual",
        action="store_true",
        help="own copy: in the client's language, then in English for the file",
    )
    p.add_argument(
        "--append-release",
        action="store_true",
        help="append the signed release (its attached form) to the PDF",
    )
    legal_options.add_legal_options(p)
    pw = p.add_mutually_exclusive_group()
    pw.add_argument(
        "--password-stdin",
        action="store_true",
        help="protect the PDF with a password read from standard input",
    )
    pw.add_argument(
        "--password-prompt",
        action="store_true",
        help="protect the PDF with a password typed at a hidden prompt",
    )
    p.set_defaults(run=cmd_export)

    p = sub.add_parser(
        "verify-export",
        parents=[parent],
        help="tell whether a PDF is one this vault exported, unchanged",
    )
    p.add_argument("vault")
    p.add_argument("file", type=path_arg)
    vpw = p.add_mutually_exclusive_group()
    vpw.add_argument(
        "--password-stdin",
        action="store_true",
        help="the PDF's password, read from standard input, to check the seal of an encrypted PDF",
    )
    vpw.add_argument(
        "--password-prompt",
        action="store_true",
        help="the PDF's password, typed at a hidden prompt",
    )
    p.set_defaults(run=cmd_verify_export)


def _road(args: argparse.Namespace) -> str:
    if args.own_copy and args.exception:
        raise UsageError("Choose one: --own-copy or --exception.")
    if args.own_copy:
        if args.request and args.requested_on:
            raise UsageError("Choose one: --request REQUEST or --requested-on DATE.")
        if not args.request and not args.requested_on:
            raise UsageError(
                "--own-copy needs --request REQUEST (a recorded request), or --requested-on "
                "DATE --identity-checked-by TEXT to record the request now."
            )
        if args.requested_on and not args.identity_checked_by.strip():
            raise InvalidInput(
                "Record how the requester's identity was checked: --identity-checked-by TEXT "
                "(for example: photo ID seen in person). Nothing was exported."
            )
        legal_options.check_not_legal(args)
        return "own-copy"
    if args.request:
        raise UsageError("--request is for the client's own copy (--own-copy).")
    if args.bilingual:
        raise UsageError(
            "--bilingual is for the client's own copy (--own-copy): a recipient's PDF is in "
            "English."
        )
    if args.recipient is None or not args.categories:
        raise UsageError("An export to a recipient needs --recipient ORG_ID and --categories.")
    if args.exception:
        return "legal"
    legal_options.check_not_legal(args)
    if not (args.purpose or "").strip():
        raise UsageError(
            "An export under a release needs --purpose TEXT: the purpose of this disclosure, "
            "as the release states it."
        )
    return "release"


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.clock import today
    from safefile.consent import gate, own_copy
    from safefile.consent.categories import parse_categories
    from safefile.consent.releases import parse_release_ref
    from safefile.export.exporter import export_pdf

    road = _road(args)
    with open_vault(args, ctx) as vault:
        password = None
        if args.password_stdin:
            password = ctx.stdin_line("PDF password")
        elif args.password_prompt:
            password = ctx.prompt_secret("Password for the PDF: ")
            if password != ctx.prompt_secret("Type it again: "):
                raise InvalidInput("The two passwords are different. Nothing was exported.")
        if password is not None and len(password) < 8:
            raise InvalidInput("Use a PDF password of at least 8 characters.")
        if road == "legal":
            legal_options.confirm_court_order(args, ctx)
        request = None
        if road == "own-copy":
            if args.request:
                request = own_copy.check_answerable(vault, args.request, args.client)
            else:
                request = own_copy.record_request(
                    vault,
                    args.client,
                    received_on=args.requested_on,
                    identity_checked_by=args.identity_checked_by,
                    actor=vault.actor,
                )
            grant = gate.granted(
                gate.own_copy(vault, args.client, request=request.id, actor=vault.actor)
            )
        elif road == "legal":
            grant = gate.granted(
                gate.legal_disclosure(
                    vault,
                    args.client,
                    args.exception,
                    recipient_org_id=args.recipient,
                    categories=args.categories,
                    actor=vault.actor,
                    **legal_options.legal_kwargs(args, vault),
                )
            )
        else:
            grant = gate.require(
                vault,
                gate.ExportRequest(
                    client_id=args.client,
                    recipient_org_id=args.recipient,
                    categories=parse_categories(args.categories),
                    purpose=args.purpose,
                    release_id=parse_release_ref(args.release) if args.release else None,
                ),
                actor=vault.actor,
            )
        result = export_pdf(
            vault,
            grant,
            args.to,
            password=password,
            append_release=args.append_release,
            bilingual=args.bilingual,
            actor=vault.actor,
        )
        late = ""
        if request is not None:  # the export marked it answered (consent/redeem.py)
            late = own_copy.lateness(request, today(vault.clock))
    if late:
        ctx.err(late)
    if args.json:
        ctx.json(
            {
                "file": str(result.path),
                "entry": result.decision_ref,
                "written_entry": result.written_ref,
                "sha256": result.sha256,
                "pages": result.pages,
                "left_out": list(result.left_out),
            }
        )
    else:
        ctx.out(f"Exported {result.pages} page(s) to {result.path}")
        ctx.out(f"Record of sharing: {result.decision_ref} (file recorded as {result.written_ref})")
        for item in result.left_out:
            ctx.err(item)
    return 0


def cmd_verify_export(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.export.exporter import check_export

    with open_vault(args, ctx) as vault:
        password = None
        if args.password_stdin:
            password = ctx.stdin_line("PDF password")
        elif args.password_prompt:
            password = ctx.prompt_secret("Password of the PDF: ")
        found = check_export(vault, args.file, password)
    entry = found.entry
    if args.json:
        ctx.json(
            {
                "ok": True,
                "entry": entry.detail.get("for"),
                "written_entry": entry.ref,
                "exported_at": entry.at,
                "recipient": entry.detail.get("recipient"),
                "digest_ok": True,
                "seal_ok": found.seal.ok,
                "seal_fingerprint": found.seal.fingerprint or None,
                "seal_note": found.seal.problem,
            }
        )
    else:
        ctx.out(f"This PDF was exported from this vault on {entry.at} and is unchanged.")
        ctx.out(
            f"Record of sharing: {entry.detail.get('for')} (file recorded as {entry.ref}),"
            f" to {entry.detail.get('recipient')}."
        )
        if found.seal.ok:
            ctx.out("Seal: intact, covers the whole file, made with this program's seal.")
        else:
            ctx.out(f"Seal: not checked. {found.seal.problem}")
    return 0
