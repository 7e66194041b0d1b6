"""``release``, ``request`` and ``log`` (docs/cli.md)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from safefile import words
from safefile.cli.common import Context, iso_date, open_vault, path_arg
from safefile.errors import DamagedFile
from safefile.numbers import id_arg, parse_ids

if TYPE_CHECKING:
    from safefile.consent.releases import ReleaseIn


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    rel = sub.add_parser("release", help="releases of information").add_subparsers(
        dest="release_cmd", metavar="ACTION", required=True
    )
    p = rel.add_parser("add", parents=[parent], help="enter a signed release; prints its id")
    p.add_argument("vault")
    _release_options(p, signed=True)
    p.set_defaults(run=cmd_release_add)

    p = rel.add_parser(
        "draft", parents=[parent], help="record a release not yet signed; prints its reference"
    )
    p.add_argument("vault")
    _release_options(p, signed=False)
    p.add_argument(
        "--recipient-kind",
        default="other",
        choices=list(words.RECIPIENT_KINDS),
        help="which risks and benefits the form explains (default other)",
    )
    p.add_argument("--language", help="the form's language (default: the client's)")
    p.set_defaults(run=cmd_release_draft)

    p = rel.add_parser("print", parents=[parent], help="print a draft's form for signing")
    p.add_argument("vault")
    p.add_argument("release")
    p.add_argument("--to", type=path_arg, required=True, metavar="FILE.pdf")
    p.add_argument("--language", help="the form's language (default: the draft's)")
    p.add_argument("--bilingual", action="store_true", help="the client's language, then English")
    p.set_defaults(run=cmd_release_print)

    p = rel.add_parser("sign", parents=[parent], help="attach the signed scan of a printed form")
    p.add_argument("vault")
    p.add_argument("release")
    p.add_argument("--scan", required=True, metavar="FILE", help="PDF, PNG or JPEG")
    p.add_argument("--signed-on", type=iso_date, required=True)
    p.add_argument(
        "--changed-by-hand",
        help="no: nothing on the form was changed by hand (required; yes: print a new form)",
    )
    p.add_argument("--signer", default="", help="who signed (must be who the form names)")
    p.add_argument("--capacity", default="", help="as the form says")
    p.add_argument("--authority", default="", help="as the form says")
    p.add_argument("--co-signer", default="", help="as the form says")
    p.add_argument(
        "--told",
        default="",
        help="the statements the client initialled (with those recorded at drafting, all "
        "five are required): revoke,not-conditioned,redisclosure,limits,risks",
    )
    p.add_argument("--copy-given-on", type=iso_date, help="when the client got a copy")
    p.add_argument(
        "--not-abuser",
        action="store_true",
        help="attest that no signer is alleged to have harmed the minor, the minor's other "
        "parent or the client",
    )
    p.set_defaults(run=cmd_release_sign)

    p = rel.add_parser(
        "withdraw", parents=[parent], help="the client does not want a draft after all"
    )
    p.add_argument("vault")
    p.add_argument("release")
    p.set_defaults(run=cmd_release_withdraw)

    p = rel.add_parser("waiting", parents=[parent], help="releases waiting for signature")
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg)
    p.set_defaults(run=cmd_release_waiting)

    p = rel.add_parser("revoke", parents=[parent], help="record that the client revoked it")
    p.add_argument("vault")
    p.add_argument("release")
    p.add_argument("--on", type=iso_date, required=True)
    p.add_argument(
        "--how", default="in writing", help="e.g. in writing, orally in person, by phone"
    )
    p.add_argument("--taken-by", default="")
    p.add_argument(
        "--scan",
        metavar="FILE",
        help="the signed written revocation (its form, or the client's letter); for a "
        "release revoked orally before, attaches the writing",
    )
    p.set_defaults(run=cmd_release_revoke)

    p = rel.add_parser("revoke-form", parents=[parent], help="print a release's revocation form")
    p.add_argument("vault")
    p.add_argument("release")
    p.add_argument("--to", type=path_arg, required=True, metavar="FILE.pdf")
    p.add_argument("--language", help="the form's language (default: the client's)")
    p.add_argument("--bilingual", action="store_true", help="the client's language, then English")
    p.set_defaults(run=cmd_release_revoke_form)

    p = rel.add_parser("list", parents=[parent], help="a client's releases and their state")
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg, required=True)
    p.set_defaults(run=cmd_release_list)

    req = sub.add_parser("request", help="requests for information").add_subparsers(
        dest="request_cmd", metavar="ACTION", required=True
    )
    p = req.add_parser("add", parents=[parent], help="record a request and the decision on it")
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg)
    p.add_argument("--direction", choices=["incoming", "outgoing"], default="incoming")
    p.add_argument("--requester", required=True, help="who asked (name)")
    p.add_argument("--organisation", default="")
    p.add_argument("--job-title", default="")
    p.add_argument("--phone", default="")
    p.add_argument("--identity-confirmed-by", default="", help="e.g. rang back on the main line")
    p.add_argument("--reason", required=True)
    p.add_argument("--summary", required=True, help="what was asked for")
    p.add_argument(
        "--decision", required=True, choices=["granted", "refused", "pending", "referred"]
    )
    p.add_argument("--decision-reasons", default="")
    p.add_argument("--received-on", type=iso_date)
    p.set_defaults(run=cmd_request_add)

    p = sub.add_parser("log", parents=[parent], help="the record of sharing")
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg)
    p.add_argument(
        "--release", help="every disclosure made under this release (whom to tell of a revocation)"
    )
    p.add_argument(
        "--verify",
        action="store_true",
        help="verify both logs' chains and every staff signature on them (exit 5 if not)",
    )
    p.set_defaults(run=cmd_log)


def _release_options(p: argparse.ArgumentParser, *, signed: bool) -> None:
    """The options of ``release add``; a draft (``signed=False``) has all but the signature."""
    p.add_argument("--client", type=id_arg, required=True)
    p.add_argument("--recipient", type=id_arg, required=True, help="organisation id")
    p.add_argument("--categories", required=True, help="e.g. attendance,services")
    p.add_argument("--purpose", required=True)
    if signed:
        p.add_argument("--signed-on", type=iso_date, required=True)
    p.add_argument("--expires", type=iso_date, required=True)
    p.add_argument("--effective", type=iso_date)
    if signed:
        form = p.add_mutually_exclusive_group(required=True)
        form.add_argument(
            "--form", type=id_arg, help="id of the scanned signed form (see 'attach')"
        )
        form.add_argument(
            "--original-on-file",
            action="store_true",
            help="the paper was signed without the printed form; the original is on file",
        )
        p.add_argument(
            "--original-reason",
            default="",
            metavar="TEXT",
            help="why the paper was signed without the printed form (required with "
            "--original-on-file)",
        )
    p.add_argument("--signer", default="", help="who signed (default: the client)")
    p.add_argument(
        "--capacity",
        default="client",
        choices=["client", "parent", "guardian", "personal-representative", "minor-with-parent"],
    )
    p.add_argument("--authority", default="", help="the signer's authority, if not the client")
    p.add_argument("--witness", default="")
    p.add_argument("--direction", default="release", choices=["release", "obtain", "both"])
    p.add_argument("--contact-person", default="", help="for delivery only")
    p.add_argument(
        "--methods",
        default="pdf",
        help="how it may be sent: pdf,mail,email,fax,phone,in-person (default pdf)",
    )
    p.add_argument("--expiry-event", default="", help="an event that ends it earlier")
    p.add_argument(
        "--told",
        default="",
        help="the statements the client was given, all five required: "
        "revoke,not-conditioned,redisclosure,limits,risks",
    )
    p.add_argument("--copy-given-on", type=iso_date, help="when the client got a copy")
    p.add_argument("--co-signer", default="", help="a second signer (e.g. the other parent)")
    p.add_argument(
        "--not-abuser",
        action="store_true",
        help="attest that no signer is alleged to have harmed the minor, the minor's other "
        "parent or the client",
    )
    p.add_argument(
        "--minor-may-consent-alone",
        default="",
        metavar="LAW",
        help="the law that lets this minor consent alone",
    )
    p.add_argument("--documents", help="the documents it covers (ids), e.g. 4,7")
    p.add_argument("--period-from", type=iso_date, help="covers services and notes from")
    p.add_argument("--period-to", type=iso_date, help="covers services and notes up to")
    p.add_argument("--once", action="store_true", help="one disclosure, then used up")


def cmd_release_add(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.consent import releases

    with open_vault(args, ctx) as vault:
        rid = releases.add_release(vault, _release_in(args), actor=vault.actor)
    ctx.json({"id": rid, "ref": releases.release_ref(rid)}) if args.json else ctx.out(str(rid))
    return 0


def cmd_release_draft(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.consent import drafts, releases

    with open_vault(args, ctx) as vault:
        rid = drafts.draft_release(
            vault,
            _release_in(args),
            recipient_kind=args.recipient_kind,
            language=args.language,
            actor=vault.actor,
        )
    ref = releases.release_ref(rid)
    ctx.json({"id": rid, "ref": ref, "state": "draft"}) if args.json else ctx.out(ref)
    return 0


def cmd_release_print(args: argparse.Namespace, ctx: Context) -> int:
    from pathlib import Path

    from safefile.export.release_form import print_release_form

    with open_vault(args, ctx) as vault:
        p = print_release_form(
            vault,
            args.release,
            Path(args.to),
            language=args.language,
            bilingual=args.bilingual,
            actor=vault.actor,
        )
    if args.json:
        ctx.json({"ref": p.ref, "version": p.version, "sha256": p.sha256, "pages": p.pages})
        return 0
    ctx.out(
        f"Printed the form of release {p.ref} (version {p.version}, {p.pages} pages) to "
        f"{p.path}. It is awaiting signature: nothing leaves under it until the signed form "
        "is attached ('release sign')."
    )
    return 0


def cmd_release_sign(args: argparse.Namespace, ctx: Context) -> int:
    from pathlib import Path

    from safefile.consent import drafts, releases

    confirm = {
        "signer_name": args.signer,
        "signer_capacity": args.capacity,
        "signer_authority": args.authority,
        "co_signer": args.co_signer,
    }
    with open_vault(args, ctx) as vault:
        rid = drafts.sign(
            vault,
            args.release,
            Path(args.scan),
            args.signed_on,
            changed_by_hand=args.changed_by_hand,
            statements=releases.told(args.told),
            copy_given_on=args.copy_given_on,
            not_abuser=args.not_abuser,
            confirm={k: v for k, v in confirm.items() if v},
            actor=vault.actor,
        )
        rel = releases.get_release(vault, rid)
    if args.json:
        ctx.json({"id": rid, "ref": rel.ref, "effective_on": str(rel.effective_on)})
        return 0
    ctx.out(f"Release {rel.ref} is signed; in effect from {rel.effective_on} to {rel.expires_on}.")
    return 0


def cmd_release_withdraw(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.consent import drafts

    with open_vault(args, ctx) as vault:
        d = drafts.withdraw(vault, args.release, actor=vault.actor)
    ctx.out(f"Release {d.ref} is withdrawn: it can no longer be printed or signed.")
    return 0


def cmd_release_waiting(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.consent import drafts

    with open_vault(args, ctx, shared=True) as vault:
        items = drafts.waiting(vault, args.client)
        rows = [
            {
                "ref": d.ref,
                "client": d.client_id,
                "recipient": vault.db.execute(
                    "SELECT name FROM orgs WHERE id = ?", (d.recipient_org_id,)
                ).fetchone()[0],
                "state": d.status,
                "drafted": d.created_at[:10],
            }
            for d in items
        ]
        vault.audit(
            "releases waiting for signature viewed", client_id=args.client, actor=vault.actor
        )
    if args.json:
        ctx.json(rows)
        return 0
    if not rows:
        ctx.out("No release is waiting for signature.")
    for r in rows:
        ctx.out(
            f"{r['ref']}  client {r['client']}  to {r['recipient']}  {r['state']}  "
            f"(drafted {r['drafted']})"
        )
    return 0


def cmd_release_revoke_form(args: argparse.Namespace, ctx: Context) -> int:
    from pathlib import Path

    from safefile.export.release_form import print_revocation_form

    with open_vault(args, ctx) as vault:
        p = print_revocation_form(
            vault,
            args.release,
            Path(args.to),
            language=args.language,
            bilingual=args.bilingual,
            actor=vault.actor,
        )
    ctx.out(f"Printed the revocation form of release {p.ref} to {p.path}.")
    return 0


def _release_in(args: argparse.Namespace) -> ReleaseIn:
    from safefile.consent import releases
    from safefile.consent.categories import parse_categories
    from safefile.consent.releases import ReleaseIn as In

    return In.from_input(
        {
            "client_id": args.client,
            "recipient_org_id": args.recipient,
            "categories": parse_categories(args.categories),
            "purpose": args.purpose,
            "signed_on": getattr(args, "signed_on", None),
            "expires_on": args.expires,
            "effective_on": args.effective,
            "form_document_id": getattr(args, "form", None),
            "original_on_file": getattr(args, "original_on_file", False),
            "original_reason": getattr(args, "original_reason", ""),
            "signer_name": args.signer,
            "signer_capacity": args.capacity,
            "signer_authority": args.authority,
            "witness": args.witness,
            "direction": args.direction,
            "contact_person": args.contact_person,
            "methods": tuple(m.strip() for m in args.methods.split(",") if m.strip()),
            "expiry_event": args.expiry_event,
            "statements": releases.told(args.told),
            "copy_given_on": args.copy_given_on,
            "co_signer": args.co_signer,
            "not_abuser": args.not_abuser,
            "minor_law": args.minor_may_consent_alone,
            "document_ids": _ids(args.documents),
            "period_from": args.period_from,
            "period_to": args.period_to,
            "single_use": args.once,
        }
    )


def _ids(text: str | None) -> tuple[int, ...] | None:
    if text is None:
        return None
    return parse_ids(text, "a document id", "4,7")


def cmd_release_revoke(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.consent import releases, revocation

    with open_vault(args, ctx) as vault:
        if args.scan:
            from pathlib import Path

            rel = revocation.attach_written(
                vault,
                args.release,
                Path(args.scan),
                on=args.on,
                how=args.how,
                taken_by=args.taken_by,
                actor=vault.actor,
            )
        else:
            rel = releases.revoke_release(
                vault, args.release, args.on, args.how, args.taken_by, actor=vault.actor
            )
        remind = revocation.reminder(vault, rel)
    ctx.out(f"Release {rel.ref} is revoked from {rel.revoked_on}; nothing more leaves under it.")
    if remind:
        ctx.err(remind)
    return 0


def cmd_release_list(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.clock import today
    from safefile.consent import drafts, releases, revocation

    with open_vault(args, ctx, shared=True) as vault:
        rels = releases.list_releases(vault, args.client)
        unsigned = drafts.list_drafts(vault, args.client)
        reminders = {
            r.release.id: r.text for r in revocation.waiting_for_writing(vault, args.client)
        }
        names = {
            d.recipient_org_id: vault.db.execute(
                "SELECT name FROM orgs WHERE id = ?", (d.recipient_org_id,)
            ).fetchone()[0]
            for d in unsigned
        }
        on = today(vault.clock)
        vault.audit("releases viewed", client_id=args.client, actor=vault.actor)
    if args.json:
        ctx.json(
            [
                {**r.model_dump(mode="json"), "state": releases.state(r, on)}
                | ({"reminder": reminders[r.id]} if r.id in reminders else {})
                for r in rels
            ]
            + [
                {
                    "id": d.id,
                    "ref": d.ref,
                    "recipient": names[d.recipient_org_id],
                    "purpose": d.fields.purpose,
                    "state": d.status,
                }
                for d in unsigned
            ]
        )
        return 0
    if not rels and not unsigned:
        ctx.out("No releases for this client.")
    for d in unsigned:
        ctx.out(f'{d.ref}  to {names[d.recipient_org_id]}  for "{d.fields.purpose}"')
        ctx.out(f"      {', '.join(d.fields.categories)}; {d.status}; nothing leaves under it")
    for r in rels:
        ctx.out(f'{r.ref}  to {r.recipient}  for "{r.purpose}"')
        ctx.out(f"      {', '.join(r.categories)}; signed {r.signed_on}; {releases.state(r, on)}")
        if r.original_on_file:
            ctx.out(
                f"      signed on paper without a printed form; the original is on file "
                f"(witness {r.witness})"
            )
            ctx.out(
                f"      why: {r.original_reason or '(not recorded: entered before it was asked)'}"
            )
        narrow = releases.limits(r)
        if narrow:
            ctx.out(f"      only {narrow}")
        if r.id in reminders:
            ctx.out(f"      reminder: {reminders[r.id]}")
    return 0


def cmd_request_add(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.consent import requests

    with open_vault(args, ctx) as vault:
        entry = requests.record_request(
            vault,
            direction=args.direction,
            client_id=args.client,
            requester=args.requester,
            organisation=args.organisation,
            job_title=args.job_title,
            phone=args.phone,
            identity_confirmed_by=args.identity_confirmed_by,
            reason=args.reason,
            summary=args.summary,
            decision=args.decision,
            decision_reasons=args.decision_reasons,
            received_on=args.received_on,
            actor=vault.actor,
        )
    ctx.json({"ref": entry.ref}) if args.json else ctx.out(entry.ref)
    return 0


def cmd_log(args: argparse.Namespace, ctx: Context) -> int:
    if args.verify:
        return cmd_log_verify(args, ctx)
    if args.release:
        return cmd_log_release(args, ctx)
    from safefile.consent import log
    from safefile.consent.kinds import EntryKind

    with open_vault(args, ctx, shared=True) as vault:
        items = log.entries(vault, client_id=args.client)
        vault.audit("record of sharing viewed", client_id=args.client, actor=vault.actor)
    if args.json:
        ctx.json([e.model_dump() for e in items])
        return 0
    for e in items:
        who = f"client {e.client_id}" if e.client_id is not None else "-"
        d = e.detail
        ctx.out(f"{e.ref}  {words.when(e.at)}  {words.entry_kind(e.kind)}  {who}  by {e.actor}")
        if d.get("recipient"):
            ctx.out(
                f"      to {d['recipient']}: {words.categories(d.get('categories', []))}"
                + (f" ({d['release']})" if d.get("release") else "")
            )
        for reason in d.get("reasons", []):
            ctx.out(f"      refused: {reason}")
        for item in d.get("left_out", []):
            ctx.out(f"      {item}")
        if d.get("for"):
            ctx.out(f"      for {d['for']}" + (f", sha256 {e.digest}" if e.digest else ""))
        if e.kind in (EntryKind.INCOMING, EntryKind.OUTGOING):
            # A retention destruction redacts the request's identifying fields (issue 29
            # F10): what is left is shown, and that the rest was destroyed.
            if "requester" in d or "summary" in d:
                ctx.out(
                    f"      {d.get('requester', '-')} ({d.get('organisation', '-')}): "
                    f"{d.get('summary', '-')} -> {d.get('decision', '-')}"
                )
            else:
                ctx.out("      details destroyed under the retention policy")
    return 0


def cmd_log_verify(args: argparse.Namespace, ctx: Context) -> int:
    """``log --verify``: the audit trail's and the record of sharing's chains and every
    staff signature on them (issue 28); exit 5 when any fails."""
    from safefile.store import checkup

    with open_vault(args, ctx, shared=True) as vault:
        report = checkup.verify_logs(vault)
        vault.audit("logs verified", ok=report.ok, actor=vault.actor)
    if args.json:
        ctx.json({"ok": report.ok, "checked": report.checked, "problems": report.problems})
    else:
        for item in report.checked:
            ctx.out(f"checked: {item}")
        for problem in report.problems:
            ctx.err(f"problem: {problem}")
        ctx.out("The logs are whole." if report.ok else "The logs have problems (listed above).")
    if not report.ok:
        raise DamagedFile(
            "The logs have been changed outside SafeFile, or an entry is not signed by the "
            "staff member it names. Restore the vault from your last backup."
        )
    return 0


def cmd_log_release(args: argparse.Namespace, ctx: Context) -> int:
    """``log --release R``: every disclosure made under release R."""
    from dataclasses import asdict

    from safefile.cli.accounting_cmds import show
    from safefile.consent import accounting, releases

    with open_vault(args, ctx) as vault:
        rel = releases.get_release(vault, args.release)
        items = accounting.under_release(vault, rel.id)
        vault.audit(
            "record of sharing viewed", client_id=rel.client_id, release=rel.ref, actor=vault.actor
        )
    if args.json:
        ctx.json([asdict(x) for x in items])
        return 0
    if not items:
        ctx.out(f"Nothing was disclosed under release {rel.ref}.")
        return 0
    ctx.out(f"Disclosed under release {rel.ref} ({len(items)}):")
    show(ctx, items)
    return 0
