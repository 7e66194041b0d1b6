"""``report`` and ``import`` (shared/CLI.md, "Running a program")."""

from __future__ import annotations

import argparse
from pathlib import Path

from safefile.cli.common import Context, iso_date, open_vault
from safefile.errors import UsageError
from safefile.numbers import count_arg

# reports.counts.DEFAULT_MIN_COUNT, written out so that --help imports no report code
# (tests/cli/test_program_commands.py checks they agree).
DEFAULT_MIN_COUNT = 5


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("report", parents=[parent], help="aggregate counts for funders (no names)")
    p.add_argument("vault")
    p.add_argument("--from", dest="start", type=iso_date, required=True)
    p.add_argument("--to", dest="end", type=iso_date, required=True)
    p.add_argument(
        "--form",
        choices=["pmt", "fvpsa", "program"],
        default="program",
        help="the funder's table: pmt (VOCA, quarterly), fvpsa (annual) or program "
        "(the program's own counts; the default)",
    )
    p.add_argument("--csv", type=Path, help="also write the report as a CSV file")
    p.add_argument("--pdf", type=Path, help="also write the report as a PDF")
    p.add_argument(
        "--min-count",
        type=count_arg,
        default=DEFAULT_MIN_COUNT,
        help='counts below this are shown as "fewer than N" (default 5)',
    )
    p.set_defaults(run=cmd_report)

    p = sub.add_parser(
        "import", parents=[parent], help="clients and services from a CSV file; all rows or none"
    )
    p.add_argument("vault")
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help="check the file; import nothing")
    p.set_defaults(run=cmd_import)


def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.reports import counts, output

    if args.min_count < 2:
        raise UsageError("--min-count must be at least 2 (5 is usual).")
    if args.form != "program":
        return _funder_report(args, ctx)
    with open_vault(args, ctx) as vault:
        report = counts.build(vault, args.start, args.end, args.min_count)
        written = []
        if args.csv:
            written.append(output.write_csv(vault, report, args.csv, actor=vault.actor))
        if args.pdf:
            written.append(output.write_pdf(vault, report, args.pdf, actor=vault.actor))
    if args.json:
        ctx.json(
            {
                "from": report.start,
                "to": report.end,
                "min_count": report.min_count,
                "rows": [dict(zip(output.COLUMNS, r, strict=True)) for r in report.rows()],
                "files": [{"file": str(w.path), "entry": w.written_ref} for w in written],
            }
        )
        return 0
    ctx.out(f"Funder report {report.start} to {report.end} (de-identified)")
    section = ""
    for sec, measure, count, hours in report.rows():
        if sec != section:
            ctx.out(sec)
            section = sec
        ctx.out(f"  {measure}: {count}" + (f" ({hours} hours)" if hours else ""))
    ctx.out(
        f'Counts from 1 to {report.min_count - 1} are shown as "fewer than {report.min_count}".'
    )
    for w in written:
        ctx.out(f"Wrote {w.path} (recorded as de-identified material, {w.written_ref}).")
    return 0


def _funder_report(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.funder import entries
    from safefile.reports import funder, output

    with open_vault(args, ctx) as vault:
        report = funder.build(vault, args.form, args.start, args.end, args.min_count)
        unmapped = entries.unmapped_types(vault) if args.form == "pmt" else []
        written = []
        if args.csv:
            written.append(output.write_funder_csv(vault, report, args.csv, actor=vault.actor))
        if args.pdf:
            written.append(output.write_funder_pdf(vault, report, args.pdf, actor=vault.actor))
    if args.json:
        ctx.json(
            {
                "form": report.form,
                "from": report.start,
                "to": report.end,
                "min_count": report.min_count,
                "rows": [dict(zip(output.FUNDER_COLUMNS, r, strict=True)) for r in report.table()],
                "files": [{"file": str(w.path), "entry": w.written_ref} for w in written],
            }
        )
        return 0
    ctx.out(f"{funder.TITLES[report.form]}: {report.start} to {report.end}")
    section = ""
    for sec, measure, count in report.table():
        if sec != section:
            ctx.out(sec)
            section = sec
        ctx.out(f"  {measure}: {count}")
    ctx.out(
        f'Counts from 1 to {report.min_count - 1} are shown as "fewer than {report.min_count}", '
        "and so are counts from which a hidden one could be worked out."
    )
    for w in written:
        ctx.out(f"Wrote {w.path} (recorded as de-identified material, {w.written_ref}).")
    if unmapped:
        ctx.err(
            "These service types have no PMT category and are counted as 'not mapped': "
            + ", ".join(unmapped)
            + ". Give each its category in the app (Settings, service types)."
        )
    return 0


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from safefile.importer import load

    with open_vault(args, ctx) as vault:
        result = load.import_csv(vault, args.file, dry_run=args.dry_run, actor=vault.actor)
    if args.json:
        ctx.json(vars(result) | {"advice": "" if args.dry_run else load.DELETE_ADVICE})
        return 0
    verb = "Would import" if result.dry_run else "Imported"
    ctx.out(
        f"{verb} {result.clients} client(s) and {result.services} service(s) "
        f"(read as {result.encoding}, separated by '{result.delimiter}')."
    )
    if result.dry_run:
        ctx.out("Nothing was imported (--dry-run).")
    else:
        ctx.out(load.DELETE_ADVICE)
    return 0
