"""``client``, ``org``, ``service``, ``note`` and ``attach`` (docs/cli.md)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from safefile.cli.common import Context, iso_date, open_vault, path_arg
from safefile.errors import InvalidInput
from safefile.numbers import count_arg, id_arg, parse_ids

if TYPE_CHECKING:  # the implementations are imported by the handlers that run them
    from safefile.funder.intake import Answers
    from safefile.records.models import ClientFile, Note, Warning
    from safefile.store.vault import Vault


def intake_options(p: argparse.ArgumentParser) -> None:
    """The intake answers a funder counts (resources/funder_lists.json); each takes
    'declined' and 'not-asked'.  They leave the vault only as counts."""
    p.add_argument("--gender", help="gender identity: female, male, other, declined, not-asked")
    p.add_argument(
        "--race-ethnicity", help="one or more, comma-separated (e.g. black,hispanic), or declined"
    )
    p.add_argument(
        "--victimization", help="PMT victimization types, comma-separated (e.g. domestic-violence)"
    )
    p.add_argument(
        "--special", help="special classifications, comma-separated (e.g. homeless,lgbtq)"
    )
    p.add_argument(
        "--age-band",
        help="when the birth date is not known: 0-12, 13-17, 18-24, 25-59, 60+, declined",
    )


def _intake_answers(args: argparse.Namespace, vault: Vault) -> Answers:
    from safefile.funder import intake

    return intake.parse(
        vault,
        gender=args.gender,
        race_ethnicity=args.race_ethnicity,
        victimization=args.victimization,
        special=args.special,
        age_band=args.age_band,
    )


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    client = sub.add_parser("client", help="clients' files").add_subparsers(
        dest="client_cmd", metavar="ACTION", required=True
    )
    p = client.add_parser("add", parents=[parent], help="add a client; prints the new id")
    p.add_argument("vault")
    p.add_argument("--name", required=True)
    p.add_argument("--alias")
    p.add_argument("--born", help="YYYY-MM-DD, or just the year")
    p.add_argument("--case-number")
    p.add_argument("--household", type=id_arg, help="household id (created if new)")
    p.add_argument("--role", choices=["parent", "child", "other"])
    p.add_argument(
        "--language", help="the language the client reads (en, es); forms are printed in it"
    )
    p.add_argument(
        "--intake",
        type=iso_date,
        help="the date the file was opened (default today; never after today), "
        "for files moved from paper or another system",
    )
    intake_options(p)
    p.set_defaults(run=cmd_client_add)

    p = client.add_parser(
        "acknowledge",
        parents=[parent],
        help="record what the client was told at intake about keeping and sharing their "
        "information, and its limits",
    )
    p.add_argument("vault")
    p.add_argument("id", type=id_arg)
    p.add_argument(
        "--told",
        required=True,
        help="the statements given: kept (how it is kept), shared (how and when it is "
        "shared), limits (mandated reporting, court orders); comma-separated",
    )
    p.add_argument("--on", type=iso_date, required=True, help="the day the client was told")
    p.add_argument("--by", required=True, help="the staff member who told them")
    p.add_argument(
        "--notice-given", action="store_true", help="the client got the program's written notice"
    )
    p.set_defaults(run=cmd_client_acknowledge)

    p = client.add_parser(
        "edit",
        parents=[parent],
        help="change a client's language or intake answers (funder counts)",
    )
    p.add_argument("vault")
    p.add_argument("id", type=id_arg)
    p.add_argument(
        "--language", help="the language the client reads (en, es); forms are printed in it"
    )
    intake_options(p)
    p.set_defaults(run=cmd_client_edit)

    p = client.add_parser(
        "restrict",
        parents=[parent],
        help="name a person from whom no consent is accepted and who never receives information",
    )
    p.add_argument("vault")
    p.add_argument("id", type=id_arg)
    p.add_argument("--person", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument(
        "--alias",
        action="append",
        default=[],
        metavar="NAME",
        help="another name or nickname the person goes by (repeatable); matched like the name",
    )
    p.set_defaults(run=cmd_client_restrict)

    p = client.add_parser(
        "restrictions", parents=[parent], help="the people restricted for a client"
    )
    p.add_argument("vault")
    p.add_argument("id", type=id_arg)
    p.set_defaults(run=cmd_client_restrictions)

    p = client.add_parser("list", parents=[parent], help="list clients")
    p.add_argument("vault")
    p.add_argument("--search")
    p.add_argument("--status", choices=["open", "closed", "all"], default="all")
    p.set_defaults(run=cmd_client_list)

    p = client.add_parser("show", parents=[parent], help="a client's file")
    p.add_argument("vault")
    p.add_argument("id", type=id_arg)
    p.add_argument(
        "--process-notes", action="store_true", help="also show process (psychotherapy) notes"
    )
    p.add_argument(
        "--confirm-process-notes",
        action="store_true",
        help="with --process-notes: write them even though the output is not a terminal "
        "(a file or another program); the copy is recorded in the record of sharing",
    )
    p.set_defaults(run=cmd_client_show)

    org = sub.add_parser("org", help="organisations that may receive information").add_subparsers(
        dest="org_cmd", metavar="ACTION", required=True
    )
    p = org.add_parser("add", parents=[parent], help="add an organisation; prints its id")
    p.add_argument("vault")
    p.add_argument("--name", required=True)
    p.add_argument("--phone", default="")
    p.add_argument("--address", default="")
    p.add_argument("--contact-person", default="", help="for delivery only")
    p.add_argument("--job-title", default="", help="the contact person's job title")
    p.set_defaults(run=cmd_org_add)
    p = org.add_parser("list", parents=[parent], help="list organisations")
    p.add_argument("vault")
    p.set_defaults(run=cmd_org_list)

    service = sub.add_parser("service", help="services provided").add_subparsers(
        dest="service_cmd", metavar="ACTION", required=True
    )
    p = service.add_parser("add", parents=[parent], help="record a service; prints its id")
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg, required=True)
    p.add_argument("--date", type=iso_date, required=True)
    p.add_argument("--type", required=True)
    p.add_argument("--minutes", type=count_arg)
    p.add_argument("--note", default="")
    p.set_defaults(run=cmd_service_add)
    p = service.add_parser(
        "void", parents=[parent], help="mark a wrong entry void (kept, marked, no longer counted)"
    )
    p.add_argument("vault")
    p.add_argument("service", type=id_arg)
    p.add_argument("--reason", required=True, help="why the entry is wrong (kept with it)")
    p.set_defaults(run=cmd_service_void)
    p = service.add_parser(
        "correct", parents=[parent], help="replace a wrong entry; prints the new entry's id"
    )
    p.add_argument("vault")
    p.add_argument("service", type=id_arg)
    p.add_argument("--reason", required=True, help="why the entry is wrong (kept with it)")
    p.add_argument("--date", type=iso_date, help="the corrected date (default: as entered)")
    p.add_argument("--type", help="the corrected type (default: as entered)")
    p.add_argument("--minutes", type=count_arg, help="the corrected minutes (default: as entered)")
    p.add_argument("--note", help="the corrected note (default: as entered)")
    p.set_defaults(run=cmd_service_correct)

    note = sub.add_parser("note", help="progress and process notes").add_subparsers(
        dest="note_cmd", metavar="ACTION", required=True
    )
    p = note.add_parser("add", parents=[parent], help="write a note; prints its reference")
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg, required=True)
    p.add_argument("--kind", choices=["progress", "process"], required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--assessment", default="")
    p.add_argument("--plan", default="")
    p.add_argument("--with", dest="with_", help="other clients present: ID,ID,...")
    p.add_argument("--sign", action="store_true")
    p.add_argument(
        "--date", type=iso_date, help="the date of the session it records (default: today)"
    )
    p.add_argument(
        "--category",
        metavar="CODE",
        help="a program category it belongs to (e.g. substance-use): it then goes only "
        "under a release naming that category (category list)",
    )
    p.set_defaults(run=cmd_note_add)
    p = note.add_parser("edit", parents=[parent], help="change a draft (signed notes never)")
    p.add_argument("vault")
    p.add_argument("note")
    p.add_argument("--data")
    p.add_argument("--assessment")
    p.add_argument("--plan")
    p.set_defaults(run=cmd_note_edit)
    p = note.add_parser("delete", parents=[parent], help="throw a draft away (signed notes never)")
    p.add_argument("vault")
    p.add_argument("note")
    p.set_defaults(run=cmd_note_delete)

    p = note.add_parser("sign", parents=[parent], help="sign a draft note")
    p.add_argument("vault")
    p.add_argument("note")
    p.set_defaults(run=cmd_note_sign)
    p = note.add_parser("addendum", parents=[parent], help="add a dated addendum to a signed note")
    p.add_argument("vault")
    p.add_argument("note")
    p.add_argument("--text", required=True)
    p.set_defaults(run=cmd_note_addendum)

    p = sub.add_parser("attach", parents=[parent], help="store a document in the vault")
    p.add_argument("vault")
    p.add_argument("--client", type=id_arg, required=True)
    p.add_argument("file", type=path_arg)
    p.add_argument("--title")
    p.add_argument("--type", dest="doc_type", default="other")
    p.add_argument(
        "--category",
        metavar="CODE",
        help="a program category it belongs to (e.g. substance-use): it then goes only "
        "under a release naming that category (category list)",
    )
    p.set_defaults(run=cmd_attach)


def _warn(ctx: Context, warnings: list[Warning]) -> None:
    for w in warnings:
        ctx.err(f"Warning ({w.kind}: {w.match}): {w.advice}")


def cmd_client_restrict(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.consent import people

    with open_vault(args, ctx) as vault:
        rid = people.add_restriction(
            vault, args.id, args.person, args.reason, aliases=args.alias, actor=vault.actor
        )
    ctx.json({"id": rid}) if args.json else ctx.out(str(rid))
    return 0


def cmd_client_restrictions(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.consent import people

    with open_vault(args, ctx) as vault:
        found = people.list_restrictions(vault, args.id, actor=vault.actor)
    if args.json:
        ctx.json([vars(r) for r in found])
        return 0
    if not found:
        ctx.out("No one is restricted for this client.")
    for r in found:
        whose = "" if r.client_id == args.id else f" (on household member {r.client_id}'s file)"
        ctx.out(f"{r.person}{whose}: {r.reason}")
        if r.aliases:
            ctx.out(f"      also known as: {', '.join(r.aliases)}")
        ctx.out(f"      added {r.added_at[:10]} by {r.added_by}")
    return 0


def cmd_client_add(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import records
    from safefile.records.language import check_language, set_client_language
    from safefile.records.models import ClientIn
    from safefile.records.writes import change

    if (args.household is None) != (args.role is None):
        raise InvalidInput("--household and --role go together.")
    from safefile.funder import intake

    if args.language is not None:
        check_language(args.language)
    with open_vault(args, ctx) as vault, change(vault, vault.actor) as ch:
        answers = _intake_answers(args, vault)
        if args.household is not None:
            records.ensure_household(vault, args.household, actor=ch.actor)
        cid = records.add_client(
            vault,
            ClientIn.from_input(
                {
                    "name": args.name,
                    "alias": args.alias,
                    "born": args.born,
                    "case_number": args.case_number,
                    "household_id": args.household,
                    "household_role": args.role,
                    "intake_date": args.intake,
                }
            ),
            actor=ch.actor,
        )
        if args.language is not None:
            set_client_language(vault, cid, args.language, actor=ch.actor)
        intake.set_answers(vault, cid, answers, actor=ch.actor)
    ctx.json({"id": cid}) if args.json else ctx.out(str(cid))
    return 0


def cmd_client_acknowledge(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.records import acknowledgement

    told = acknowledgement.parse_told(args.told)
    with open_vault(args, ctx) as vault:
        ack = acknowledgement.record(
            vault,
            args.id,
            told_on=args.on,
            told_by=args.by,
            told=told,
            notice_given=args.notice_given,
            actor=vault.actor,
        )
    if args.json:
        ctx.json({"id": args.id, "told": list(ack.told), "missing": ack.missing})
        return 0
    ctx.out(f"Recorded: client {args.id} was told on {ack.told_on} by {ack.told_by}.")
    for what in ack.missing:
        ctx.err(f"Not recorded as told: {what}. Tell the client and record it again.")
    return 0


def cmd_client_edit(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.funder import intake
    from safefile.records.language import check_language, languages, set_client_language
    from safefile.records.writes import change

    if args.language is not None:
        check_language(args.language)
    with open_vault(args, ctx) as vault, change(vault, vault.actor) as ch:
        answers = _intake_answers(args, vault)
        if answers.empty() and args.language is None:
            raise InvalidInput(
                "Nothing to change: give --language, --gender, --race-ethnicity, "
                "--victimization, --special or --age-band."
            )
        if args.language is not None:
            set_client_language(vault, args.id, args.language, actor=ch.actor)
        if not answers.empty():
            intake.set_answers(vault, args.id, answers, actor=ch.actor)
    if args.json:
        ctx.json({"id": args.id})
    else:
        if args.language is not None:
            ctx.out(f"Client {args.id} reads {languages()[args.language]}.")
        if not answers.empty():
            ctx.out(f"Intake answers of client {args.id} saved.")
    return 0


def cmd_client_list(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import records

    with open_vault(args, ctx, shared=True) as vault:
        rows = records.list_clients(vault, search=args.search, status=args.status, limit=-1)
        vault.audit("client list viewed", search=bool(args.search), actor=vault.actor)
    if args.json:
        ctx.json([c.model_dump(mode="json") for c in rows])
    else:
        for c in rows:
            alias = f" ({c.alias})" if c.alias else ""
            case = f"  case {c.case_number}" if c.case_number else ""
            ctx.out(f"{c.id:>6}  {c.name}{alias}{case}  [{c.status}]")
    return 0


def cmd_client_show(args: argparse.Namespace, ctx: Context) -> int:
    """The client's file.  Written anywhere but a terminal it is a local copy, recorded in
    the record of sharing; process notes need --confirm-process-notes there
    (consent/local_copy.py)."""
    from safefile import records
    from safefile.consent import local_copy
    from safefile.records import acknowledgement

    local_copy.check_process_notes(
        ctx.stdout, process_notes=args.process_notes, confirmed=args.confirm_process_notes
    )
    with open_vault(args, ctx, shared=True) as vault:
        f = records.client_file(
            vault, args.id, include_process=args.process_notes, actor=vault.actor
        )
        what = ["client details", "services", "progress notes", "list of documents"]
        if args.process_notes:
            what.append("process notes")
        local_copy.record_local_copy(
            vault,
            ctx.stdout,
            client_id=args.id,
            command="client show" + (" --json" if args.json else ""),
            what=what,
            actor=vault.actor,
        )
        ack = acknowledgement.latest(vault, args.id)
    if args.json:
        ctx.json(f.model_dump(mode="json"))
    else:
        _print_file(ctx, f, args.process_notes)
        if ack is None:
            ctx.out("  Told at intake: not recorded (client acknowledge)")
        else:
            notice = "notice given" if ack.notice_given else "no written notice"
            ctx.out(f"  Told at intake: {ack.told_on} by {ack.told_by}; {notice}")
            for statement in ack.missing:
                ctx.out(f"    not told: {statement}")
    return 0


def _print_file(ctx: Context, f: ClientFile, with_process: bool) -> None:
    c = f.client
    ctx.out(f"{c.name}" + (f" ({c.alias})" if c.alias else "") + f"   client {c.id}")
    ctx.out(f"  case number: {c.case_number or '-'}   born: {c.born or '-'}")
    status = f"closed on {c.closed_on}" if c.status == "closed" else "open"
    ctx.out(f"  intake: {c.intake_date}   file: {status}")
    contact = c.contact_how or "-"
    ctx.out(f"  safe to contact: {'yes' if c.contact_safe else 'NO'}   how: {contact}")
    if f.household:
        links = ", ".join(f"client {i} ({role})" for i, _, role in f.household)
        ctx.out(f"  household: {c.household_role} in household {c.household_id}; linked: {links}")
    ctx.out("")
    ctx.out(f"Services ({len(f.services)})")
    for s in f.services:
        mins = f" {s.minutes} min" if s.minutes is not None else ""
        void = f"  VOID ({s.void_reason}; by {s.voided_by})" if s.voided else ""
        ctx.out(
            f"  {s.id:>4}  {s.on_date}  {s.type}{mins}" + (f"  {s.note}" if s.note else "") + void
        )
    ctx.out("")
    ctx.out(f"Progress notes ({len(f.notes)})")
    for n in f.notes:
        _print_note(ctx, n)
    if with_process:
        ctx.out("")
        ctx.out(f"Process notes ({len(f.process_notes)}) - kept apart from the record")
        for n in f.process_notes:
            _print_note(ctx, n)
    else:
        ctx.out("")
        ctx.out("(process notes are kept apart; add --process-notes to see them)")
    ctx.out("")
    ctx.out(f"Documents ({len(f.documents)})")
    for d in f.documents:
        ctx.out(f"  {d.id:>4}  {d.title}  [{d.doc_type}, {d.size} bytes, added {d.added_at[:10]}]")


def _print_note(ctx: Context, n: Note) -> None:
    state = f"signed by {n.signed_by} at {n.signed_at}" if n.signed else "DRAFT"
    joint = f"  joint note with clients {', '.join(map(str, n.client_ids))}" if n.joint else ""
    ctx.out(f"  {n.ref}  {n.on_date}  {state}{joint}")
    ctx.out(f"    Data: {n.data}")
    if n.assessment:
        ctx.out(f"    Assessment: {n.assessment}")
    if n.plan:
        ctx.out(f"    Plan: {n.plan}")
    for a in n.addenda:
        ctx.out(f"    Addendum {a.at} by {a.author}: {a.text}")


def cmd_org_add(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import records
    from safefile.records.models import OrgIn

    with open_vault(args, ctx) as vault:
        oid = records.add_org(
            vault,
            OrgIn.from_input(
                {
                    "name": args.name,
                    "phone": args.phone,
                    "address": args.address,
                    "contact_person": args.contact_person,
                    "job_title": args.job_title,
                }
            ),
            actor=vault.actor,
        )
    ctx.json({"id": oid}) if args.json else ctx.out(str(oid))
    return 0


def cmd_org_list(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import records

    with open_vault(args, ctx, shared=True) as vault:
        orgs = records.list_orgs(vault)
    if args.json:
        ctx.json([o.model_dump() for o in orgs])
    else:
        for o in orgs:
            contact = ", ".join(x for x in (o.contact_person, o.job_title) if x)
            extra = "".join(f"  {x}" for x in (o.phone, contact) if x)
            ctx.out(f"{o.id:>6}  {o.name}{extra}")
    return 0


def cmd_service_add(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import records
    from safefile.records.models import ServiceIn
    from safefile.records.warnings import check_entry

    with open_vault(args, ctx) as vault:
        _warn(ctx, check_entry(vault, args.note))
        sid = records.add_service(
            vault,
            ServiceIn.from_input(
                {
                    "client_id": args.client,
                    "on_date": args.date,
                    "type": args.type,
                    "minutes": args.minutes,
                    "note": args.note,
                }
            ),
            actor=vault.actor,
        )
    ctx.json({"id": sid}) if args.json else ctx.out(str(sid))
    return 0


def cmd_service_void(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import records
    from safefile.records.warnings import check_entry

    with open_vault(args, ctx) as vault:
        _warn(ctx, check_entry(vault, args.reason))  # a correction's reason stays in the file
        records.void_service(vault, args.service, args.reason, actor=vault.actor)
    ctx.out(f"Service entry {args.service} is void; it stays in the file, marked.")
    return 0


def cmd_service_correct(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import records
    from safefile.records.models import ServiceIn
    from safefile.records.warnings import check_entry

    with open_vault(args, ctx) as vault:
        old = records.get_service(vault, args.service)
        note = old.note if args.note is None else args.note
        _warn(ctx, check_entry(vault, note, args.reason))
        new = records.correct_service(
            vault,
            args.service,
            ServiceIn.from_input(
                {
                    "client_id": old.client_id,
                    "on_date": args.date or old.on_date,
                    "type": args.type or old.type,
                    "minutes": old.minutes if args.minutes is None else args.minutes,
                    "note": note,
                }
            ),
            args.reason,
            actor=vault.actor,
        )
    ctx.json({"id": new}) if args.json else ctx.out(str(new))
    return 0


def cmd_note_edit(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import records
    from safefile.records.warnings import check_entry

    with open_vault(args, ctx) as vault:
        _warn(ctx, check_entry(vault, *(t for t in (args.data, args.assessment, args.plan) if t)))
        records.update_draft(
            vault,
            args.note,
            data=args.data,
            assessment=args.assessment,
            plan=args.plan,
            actor=vault.actor,
        )
    ctx.out(f"Draft {args.note} changed.")
    return 0


def cmd_note_delete(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import records

    with open_vault(args, ctx) as vault:
        records.delete_draft(vault, args.note, actor=vault.actor)
    ctx.out(f"Draft {args.note} deleted.")
    return 0


def _ids(text: str | None) -> list[int]:
    if not text:
        return []
    return list(parse_ids(text, "a client id (--with takes ids separated by commas)", "12,13"))


def cmd_note_add(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import records
    from safefile.clock import today
    from safefile.records.models import NoteIn
    from safefile.records.warnings import check_entry

    with open_vault(args, ctx) as vault:
        _warn(ctx, check_entry(vault, args.data, args.assessment, args.plan))
        ref = records.add_note(
            vault,
            NoteIn.from_input(
                {
                    "kind": args.kind,
                    "client_ids": [args.client, *_ids(args.with_)],
                    "on_date": args.date or today(vault.clock),
                    "data": args.data,
                    "assessment": args.assessment,
                    "plan": args.plan,
                }
            ),
            sign=args.sign,
            category=args.category,
            actor=vault.actor,
        )
    ctx.json({"id": ref}) if args.json else ctx.out(ref)
    return 0


def cmd_note_sign(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import records

    with open_vault(args, ctx) as vault:
        note = records.sign_note(vault, args.note, actor=vault.actor)
    if args.json:
        ctx.json(note.model_dump(mode="json"))
    else:
        ctx.out(f"Signed {note.ref} ({note.content_hash})")
    return 0


def cmd_note_addendum(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import records
    from safefile.records.warnings import check_entry

    with open_vault(args, ctx) as vault:
        _warn(ctx, check_entry(vault, args.text))  # addenda are checked as notes are
        aid = records.add_addendum(vault, args.note, args.text, actor=vault.actor)
    ctx.json({"id": aid}) if args.json else ctx.out(str(aid))
    return 0


def cmd_attach(args: argparse.Namespace, ctx: Context) -> int:
    from safefile import records

    with open_vault(args, ctx) as vault:
        did = records.attach(
            vault,
            args.client,
            args.file,
            title=args.title,
            doc_type=args.doc_type,
            category=args.category,
            actor=vault.actor,
        )
    ctx.json({"id": did}) if args.json else ctx.out(str(did))
    return 0
