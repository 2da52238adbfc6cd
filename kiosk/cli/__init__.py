"""The ``kiosk`` command: the roles of the reception room and the tools around them.

Heavy modules (Qt, OpenCV, MediaPipe, SQLAlchemy) are imported inside the commands that need
them, so ``kiosk --help`` and the start of every role stay fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli.errors import CliError
from kiosk.cli.signin import add_sign_in_options, signed_in

if TYPE_CHECKING:
    from kiosk.domain.ticket import Ticket
    from kiosk.services.queue_service import QueueService
    from kiosk.storage import Database

ROLES = {
    "visitor": "the visitor kiosk (touchscreen intake wizard), full screen",
    "staff": "the staff console of one counter",
    "reception": "the reception desk: staff fill in the intake with a visitor",
    "display": "the waiting-room 'now serving' display",
    "admin": "the administrator's settings screen",
    "demo": "kiosk, staff console and display together on this machine",
}


def _database(args: argparse.Namespace) -> Database:
    from kiosk.storage import Database

    db = Database(args.database_url)
    db.upgrade()
    return db


def _queue_service(args: argparse.Namespace) -> QueueService:
    """The queue of the site (read-only commands: no sign-in)."""
    return _site(args).queue  # type: ignore[no-any-return]


def _acting(args: argparse.Namespace, *, admin: bool = False) -> tuple[Any, str]:
    """The site and the name of the member of staff who signed in to act on it."""
    site = _site(args)
    return site, signed_in(args, site, admin=admin).name


def _ticket_dict(ticket: Ticket) -> dict[str, Any]:
    return {
        "id": ticket.id,
        "code": ticket.code,
        "queue": ticket.queue_id,
        "state": ticket.state.value,
        "priority": ticket.priority_class,
        "counter": ticket.counter_id,
        "recalls": ticket.recall_count,
        "arrived_at": ticket.arrived_at.isoformat(),
        "called_at": ticket.called_at.isoformat() if ticket.called_at else None,
        "outcome": ticket.outcome.value if ticket.outcome else None,
    }


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else text)


# -- roles -----------------------------------------------------------------------------------
def _site(args: argparse.Namespace) -> Any:
    from kiosk.services.site_context import open_site

    return open_site(args.database_url)


def cmd_display(args: argparse.Namespace) -> int:
    from kiosk.ui.app import run_display

    site = _site(args)
    state = Path(args.state_file) if args.state_file else None
    return run_display(
        site,
        state_file=state,
        windowed=args.windowed,
        seconds=args.seconds,
        speech=not args.no_speech,
        call_log=Path(args.call_log) if args.call_log else None,
    )


def cmd_reception(args: argparse.Namespace) -> int:
    from kiosk.ui.app import run_reception

    site = _site(args)
    return run_reception(
        site,
        language=args.language or site.site.default_language,
        windowed=args.windowed,
        camera=args.camera,
    )


def cmd_staff(args: argparse.Namespace) -> int:
    from kiosk.ui.app import run_staff

    site = _site(args)
    return run_staff(
        site, language=args.language or site.site.default_language, windowed=args.windowed
    )


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError as exc:
        raise CliError(f"--size wants WIDTHxHEIGHT, like 1920x1080 (got '{text}')") from exc
    return width, height


def cmd_visitor(args: argparse.Namespace) -> int:
    from kiosk.ui.app import run_visitor

    return run_visitor(
        _site(args),
        windowed=args.windowed,
        camera=args.camera,
        size=_size(args.size),
        quit_after=args.seconds,
        report_ready=args.report_ready,
    )


def cmd_admin(args: argparse.Namespace) -> int:
    from kiosk.ui.app import run_admin

    site = _site(args)
    return run_admin(
        site,
        language=args.language or site.site.default_language,
        windowed=args.windowed,
        seconds=args.seconds,
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from kiosk.services.site_context import open_site

    site = open_site(args.database_url, demo=True)  # a new, empty database becomes a demo site
    if not site.demo_site:
        print("demo: this database is not a demo site: no demo clerk, no sample clip as camera")
    if args.autopilot:
        from kiosk.ui.app import run_autopilot

        if not args.out:
            raise CliError("--autopilot needs --out DIR for the screen pictures")
        languages = [lang.code for lang in site.site.languages]
        site.site.case_type(args.case_type)  # an unknown case type is refused before starting
        return run_autopilot(
            site,
            out=Path(args.out),
            languages=languages,
            size=_size(args.size),
            camera=args.camera,
            case_type=args.case_type,
        )
    from kiosk.services.site_kind import DEMO_CLERK, ensure_demo_clerk
    from kiosk.ui.app import run_demo

    if ensure_demo_clerk(site.staff, demo_site=site.demo_site):
        print(f"demo: staff account '{DEMO_CLERK[0]}', PIN {DEMO_CLERK[1]} (this demo site only)")
    return run_demo(site, language=args.language or site.site.default_language, camera=args.camera)


def cmd_accounts_add(args: argparse.Namespace) -> int:
    """An administrator adds an account; only the site's very first administrator is made
    without a sign-in (nobody could sign in before)."""
    import getpass

    site = _site(args)
    first = not site.staff.has_active_admin()
    if first and args.role != "admin":
        raise CliError("the site has no administrator yet: add one first (--role admin)")
    actor = "first administrator" if first else signed_in(args, site, admin=True).name
    if first:
        secret = sys.stdin.readline().rstrip("\n") if args.pin_stdin else getpass.getpass("PIN: ")
    else:
        secret = (
            sys.stdin.readline().rstrip("\n")
            if args.pin_stdin
            else getpass.getpass(f"PIN of {args.name}: ")
        )
    member = site.staff.add(args.name, secret, role=args.role, actor=actor)
    print(f"staff account {member.name} ({member.role}) created")
    return 0


# -- db --------------------------------------------------------------------------------------
def cmd_db_upgrade(args: argparse.Namespace) -> int:
    db = _database(args)
    print(f"database {db.describe()} is at revision {db.revision()}")
    return 0


def cmd_db_roles(args: argparse.Namespace) -> int:
    from kiosk.storage import roles

    if args.print_sql:
        print(";\n".join(roles.statements()) + ";")
        return 0
    db = _database(args)
    if not db.is_postgres:
        raise CliError("roles are for a shared PostgreSQL database; a SQLite kiosk has none")
    with db.write() as conn:
        count = roles.apply(conn)
    # The machines' logins may not create the first settings or say what kind of site this
    # is: do both now (a site that gets roles is a real one unless ``kiosk demo`` made it).
    from kiosk.services.site_context import open_site

    site = open_site(args.database_url)
    site.settings.current()
    kind = "a demo site" if site.demo_site else "a production site"
    print(f"database {db.describe()}: {count} role statements applied ({kind})")
    return 0


# -- queue -----------------------------------------------------------------------------------
def cmd_queue_issue(args: argparse.Namespace) -> int:
    site, actor = _acting(args)
    service = site.queue
    ticket = service.issue(
        queue_id=args.queue,
        case_type=args.case_type,
        priority_class=args.priority,
        language=args.language,
        actor=actor,
    )
    wait = service.estimate(ticket.id)
    data = _ticket_dict(ticket) | {"people_ahead": wait.people_ahead, "wait_minutes": wait.minutes}
    _emit(args, data, f"{ticket.code}  ({wait.people_ahead} ahead, about {wait.minutes} min)")
    return 0


def cmd_queue_call(args: argparse.Namespace) -> int:
    site, actor = _acting(args)
    ticket = site.queue.call_next(args.counter, actor=actor)
    if ticket is None:
        _emit(args, None, f"nobody is waiting for counter {args.counter}")
        return 0
    _emit(args, _ticket_dict(ticket), f"{ticket.code} -> counter {args.counter}")
    return 0


def _ticket_action(
    action: Callable[[QueueService, argparse.Namespace, str], Ticket],
) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        site, actor = _acting(args)
        ticket = action(site.queue, args, actor)
        _emit(args, _ticket_dict(ticket), f"{ticket.code}: {ticket.state.value}")
        return 0

    return run


def cmd_queue_counter(args: argparse.Namespace) -> int:
    site, actor = _acting(args)
    if args.queue_command == "open":
        site.queue.open_counter(args.counter, actor=actor)
    else:
        site.queue.close_counter(args.counter, actor=actor)
    _emit(
        args,
        {"counter": args.counter, "open": args.queue_command == "open"},
        f"counter {args.counter} {args.queue_command}ed".replace("closeed", "closed"),
    )
    return 0


def cmd_queue_show(args: argparse.Namespace) -> int:
    from kiosk.domain.ticket import CALLABLE

    service = _queue_service(args)
    ticket = service.public_ticket(args.ticket)
    data = _ticket_dict(ticket)
    line = f"{ticket.code}: {ticket.state.value}"
    if ticket.state in CALLABLE:
        wait = service.estimate(ticket.id)
        data |= {"people_ahead": wait.people_ahead, "wait_minutes": wait.minutes}
        line += f", {wait.people_ahead} ahead, about {wait.minutes} min"
    _emit(args, data, line)
    return 0


def cmd_queue_status(args: argparse.Namespace) -> int:
    service = _queue_service(args)
    statuses = service.status()
    language = args.language or service.site.default_language
    data = [
        {
            "queue": s.queue_id,
            "waiting": s.waiting,
            "counters_open": s.counters_open,
            "wait_minutes": s.newcomer_wait.minutes,
            "at_counters": [
                {"code": t.code, "counter": t.counter_id, "state": t.state.value}
                for t in s.at_counters
            ],
        }
        for s in statuses
    ]
    header = f"{'queue':<28}{'waiting':>8}{'open':>6}{'wait':>8}  at counters"
    lines = [header, "-" * len(header)]
    for s in statuses:
        name = f"{s.queue_id} ({service.site.queue(s.queue_id).name.get(language)})"
        serving = ", ".join(f"{t.code}@{t.counter_id}" for t in s.at_counters) or "-"
        lines.append(
            f"{name:<28}{s.waiting:>8}{s.counters_open:>6}{s.newcomer_wait.minutes:>6} m  {serving}"
        )
    _emit(args, data, "\n".join(lines))
    return 0


# -- tickets and printer ---------------------------------------------------------------------
def _site_and_printing(args: argparse.Namespace) -> tuple[Any, Any]:
    """The site (for a sign-in, where a command needs one) and its ticket printing."""
    from kiosk.services.ticket_printing import TicketPrinting

    site = _site(args)
    return site, TicketPrinting(site.queue)


def _ticket_printing(args: argparse.Namespace) -> Any:
    return _site_and_printing(args)[1]


def _language(args: argparse.Namespace, printing: Any) -> str:
    return str(args.language or printing.queue.site.default_language)


def cmd_ticket_render(args: argparse.Namespace) -> int:
    printing = _ticket_printing(args)
    receipt = printing.render(args.ticket, _language(args, printing), args.width)
    Path(args.out).write_bytes(receipt.pdf)
    print(f"wrote {args.out} ({receipt.width_mm} x {receipt.height_mm:.0f} mm)")
    return 0


def _print_and_report(
    args: argparse.Namespace, printing: Any, ticket: Any, reprint: bool, actor: str
) -> int:
    result = printing.print_ticket(ticket, _language(args, printing), actor=actor, reprint=reprint)
    data = {
        "code": result.ticket.code,
        "printed": result.printed,
        "state": result.state.value,
        "message": result.message,
        "detail": result.detail,
    }
    _emit(args, data, result.message + (f" ({result.detail})" if result.detail else ""))
    return 0 if result.printed else 3


def cmd_ticket_print(args: argparse.Namespace) -> int:
    site, printing = _site_and_printing(args)
    actor = signed_in(args, site, admin=False).name
    return _print_and_report(args, printing, args.ticket, args.reprint, actor)


def cmd_ticket_lookup(args: argparse.Namespace) -> int:
    site, printing = _site_and_printing(args)
    try:
        result = printing.lookup_image(Path(args.image), _language(args, printing))
    except (FileNotFoundError, ValueError) as exc:
        raise CliError(str(exc)) from exc
    data = {
        "code": result.ticket.code if result.ticket else None,
        "message": result.message,
        "can_reprint": result.can_reprint,
    }
    _emit(args, data, result.message)
    if result.ticket is None:
        return 4
    if args.reprint and result.can_reprint:
        actor = signed_in(args, site, admin=False).name
        return _print_and_report(args, printing, result.ticket.id, True, actor)
    return 0


def cmd_ticket_failures(args: argparse.Namespace) -> int:
    jobs = _ticket_printing(args).failed_jobs()
    data = [
        {
            "code": j.ticket_code,
            "at": j.created_at.isoformat(),
            "state": j.printer_state,
            "printer": j.printer,
            "detail": j.detail,
        }
        for j in jobs
    ]
    lines = [
        f"{j.ticket_code:<7} {j.created_at:%H:%M:%S}  {j.printer_state:<12} {j.detail}"
        for j in jobs
    ] or ["no failed prints"]
    _emit(args, data, "\n".join(lines))
    return 0


def cmd_printer_status(args: argparse.Namespace) -> int:
    printer = _ticket_printing(args).printer
    status = printer.status()
    data = {
        "backend": printer.backend,
        "printer": printer.name,
        "state": status.state.value,
        "detail": status.detail,
    }
    _emit(args, data, f"{printer.backend} {printer.name}: {status.state.value} {status.detail}")
    return 0 if status.can_print else 3


# -- doctor ----------------------------------------------------------------------------------
def cmd_doctor(args: argparse.Namespace) -> int:
    """This machine checked for its role, without changing anything (no migration)."""
    from kiosk.domain.errors import DatabaseUnavailable
    from kiosk.services.doctor import examine_site, finding_lines
    from kiosk.services.site_settings import SiteSettings
    from kiosk.settings import default_site
    from kiosk.settings.translations import tr
    from kiosk.storage import Database

    db = Database(args.database_url)
    try:
        site = SiteSettings(db).current().site
    except (DatabaseUnavailable, AssertionError, LookupError):
        site = default_site()  # what a new machine starts with (the database check says why)
    language = args.language or site.default_language
    role = args.role
    findings = examine_site(role, db, site, args.camera)
    db.dispose()
    blocking = sum(1 for f in findings if f.blocking)
    lines = finding_lines(findings, language, role)
    data = {
        "role": role,
        "ready": not blocking,
        "checks": [
            {
                "check": f.check,
                "status": f.status,
                "message": tr(language, f.key, **f.values),
                "values": f.values,
            }
            for f in findings
        ],
    }
    _emit(args, data, "\n".join(lines))
    return 1 if blocking else 0


# -- liveness --------------------------------------------------------------------------------
def cmd_liveness_analyze(args: argparse.Namespace) -> int:
    from kiosk.vision.evaluation import analyse_clip
    from kiosk.vision.sources import SourceError

    try:
        analysis = analyse_clip(Path(args.video))
    except SourceError as exc:
        raise CliError(str(exc)) from exc
    events = [
        {
            "action": e.action.value,
            "start_s": round(e.start_ms / 1000, 2),
            "end_s": round(e.end_ms / 1000, 2),
        }
        for e in analysis.events
    ]
    quality = {q.value: n for q, n in analysis.quality.most_common()}
    data = {
        "video": args.video,
        "frames": analysis.frames,
        "unreadable_frames": analysis.unreadable,
        "fps": analysis.fps,
        "events": events,
        "quality_frames": quality,
    }
    lines = [f"{args.video}: {analysis.frames} frames at {analysis.fps:.1f} fps", "events:"]
    lines += [f"  {e['start_s']:6.2f} s  {e['action']}" for e in events] or ["  none"]
    lines.append("quality flags (frames):")
    lines += [f"  {name:<22} {count}" for name, count in quality.items()] or ["  none"]
    _emit(args, data, "\n".join(lines))
    if analysis.unreadable:
        total = analysis.frames + analysis.unreadable
        print(
            f"kiosk: {analysis.unreadable} of {total} frames of {args.video} could not be read "
            "(a damaged or cut-off file); the result above covers the rest only",
            file=sys.stderr,
        )
        return 5
    return 0


def cmd_liveness_eval(args: argparse.Namespace) -> int:
    from kiosk.vision.eval_report import as_json, load_groups, render
    from kiosk.vision.evaluation import evaluate

    directory = Path(args.directory)
    if not (directory / "labels.json").exists():
        raise CliError(f"{directory / 'labels.json'} does not exist")
    verdicts = evaluate(
        directory, args.only, augment=args.augment, seed=args.seed, transforms=args.transform
    )
    checks = [c for v in verdicts for c in v.checks]
    held = sum(c.held for c in checks)
    if args.augment:
        groups = load_groups(directory, Path(args.groups) if args.groups else None)
        data = as_json(verdicts, groups)
        text = render(verdicts, groups)
        text += f"\ntotals: {len(verdicts)} runs, {held}/{len(checks)} expectations held"
        _emit(args, data, text)
        return 0 if held == len(checks) else 1
    data = {
        "clips": [v.as_dict() for v in verdicts],
        "totals": {
            "clips": len(verdicts),
            "clips_held": sum(v.held for v in verdicts),
            "checks": len(checks),
            "checks_held": held,
        },
    }
    lines = []
    for v in verdicts:
        lines.append(f"{'ok  ' if v.held else 'FAIL'} {v.name} ({v.label})")
        lines += [f"     {'✓' if c.held else '✗'} {c.what}: {c.why}" for c in v.checks]
        if not v.checks:
            lines.append("     (no expectations listed)")
    clips_held = sum(v.held for v in verdicts)
    lines.append(
        f"totals: {clips_held}/{len(verdicts)} clips, {held}/{len(checks)} expectations held"
    )
    _emit(args, data, "\n".join(lines))
    return 0 if held == len(checks) else 1


def cmd_liveness_replay(args: argparse.Namespace) -> int:
    from kiosk.services.liveness_service import rules_for
    from kiosk.settings import default_site
    from kiosk.vision.liveness_check import ReplayAttack
    from kiosk.vision.sources import SourceError, VideoFileSource

    rules = rules_for(default_site())
    rows = []
    for video in args.video:
        try:
            attack = ReplayAttack(VideoFileSource(Path(video), loop=True))
        except SourceError as exc:
            raise CliError(str(exc)) from exc
        try:
            sessions = [attack.session(rules, args.seed + i) for i in range(args.sessions)]
        finally:
            attack.close()
        passed = sum(s.passed for s in sessions)
        rows.append(
            {
                "video": video,
                "sessions": args.sessions,
                "passed": passed,
                "pass_rate": passed / args.sessions,
            }
        )
    lines = [
        f"{Path(r['video']).name}: {r['passed']}/{r['sessions']} sessions passed "
        f"({r['pass_rate']:.1%})"
        for r in rows
    ]
    _emit(args, rows, "\n".join(lines))
    return 0


# -- settings --------------------------------------------------------------------------------
def cmd_settings_validate(args: argparse.Namespace) -> int:
    from kiosk.settings import load_site_file

    site = load_site_file(Path(args.file))
    print(f"{args.file}: valid ({len(site.case_types)} case types, {len(site.counters)} counters)")
    return 0


def _site_settings(args: argparse.Namespace) -> Any:
    return _site(args).settings


def cmd_settings_import(args: argparse.Namespace) -> int:
    site, actor = _acting(args, admin=True)
    version = site.settings.import_file(Path(args.file), actor=actor)
    print(f"imported {args.file} as settings version {version}")
    return 0


def cmd_settings_export(args: argparse.Namespace) -> int:
    version = _site_settings(args).export_file(Path(args.file))
    print(f"wrote settings version {version} to {args.file}")
    return 0


def cmd_settings_history(args: argparse.Namespace) -> int:
    settings = _site_settings(args)
    settings.current()
    for stored in settings.history():
        print(
            f"{stored.id:>5}  {stored.created_at:%Y-%m-%d %H:%M}  {stored.created_by:<12} "
            f"{stored.comment}"
        )
    return 0


def cmd_settings_restore(args: argparse.Namespace) -> int:
    site, actor = _acting(args, admin=True)
    version = site.settings.restore(args.version, actor=actor)
    print(f"restored as settings version {version}")
    return 0


# -- reports -----------------------------------------------------------------------------------
def _day(text: str | None, default: date) -> date:
    if text is None:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"'{text}' is not a date like 2026-03-02") from exc


def cmd_report(args: argparse.Namespace) -> int:
    from kiosk.services.reports import build_report, report_csv

    site = _site(args)
    first = _day(args.first_day, site.queue.today())
    last = _day(args.last_day, first)
    if last < first:
        raise CliError("--to is before --from")
    text = report_csv(build_report(site.db, site.site, first, last))
    if args.csv:
        Path(args.csv).write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


def cmd_simulate_day(args: argparse.Namespace) -> int:
    """A made-up day of visitors: on demo sites only, where no real report can be spoiled."""
    from kiosk.services.day_simulation import simulate_day, with_counters
    from kiosk.services.site_context import open_site

    site = open_site(args.database_url, demo=True)  # a new, empty database becomes a demo site
    if not site.demo_site:
        raise CliError("simulate-day fills a site with made-up visits: demo sites only")
    if site.staff.has_active_admin():  # a demo site someone looks after: theirs to fill
        signed_in(args, site, admin=True)
    config = site.site
    if args.counters and args.counters != len(config.counters):
        config = with_counters(config, args.counters)
        version = site.settings.save(
            config, actor="simulation", comment=f"{args.counters} counters"
        )
        print(f"settings version {version}: the site now has {args.counters} counters")
    summary = simulate_day(
        site.db, config, _day(args.day, site.queue.today()), visitors=args.visitors, seed=args.seed
    )
    print(
        f"{summary.day}: {summary.visitors} visitors, {summary.tickets_done} served, "
        f"{summary.no_shows} no-shows, {summary.still_waiting} still waiting"
    )
    return 0


# -- parser ----------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Walk-in visitor intake kiosk.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="roles:\n" + "\n".join(f"  {name:<9} {text}" for name, text in ROLES.items()),
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="site database (default: KIOSK_DATABASE_URL, else a SQLite file on this machine)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    role_commands = {
        "visitor": cmd_visitor,
        "display": cmd_display,
        "staff": cmd_staff,
        "reception": cmd_reception,
        "demo": cmd_demo,
        "admin": cmd_admin,
    }
    for name, text in ROLES.items():
        role = commands.add_parser(name, help=text, description=text)
        role.set_defaults(func=role_commands[name])
        role.add_argument("--windowed", action="store_true", help="a window, not full screen")
        role.add_argument("--language", default=None, help="language of the staff screens")
        if name in ("visitor", "demo", "reception"):
            role.add_argument(
                "--camera",
                help="camera:N or a video file (default: the site's camera, else the sample clip)",
            )
            role.add_argument(
                "--size", default="1920x1080", help="window size WIDTHxHEIGHT (windowed, offscreen)"
            )
        if name == "demo":
            role.add_argument(
                "--autopilot", action="store_true", help="a scripted visitor in every language"
            )
            role.add_argument("--out", help="autopilot: folder for the screen pictures")
            role.add_argument(
                "--case-type",
                default="minor_spending_refund",
                help="autopilot: the case type the scripted visitor chooses",
            )
        if name in ("visitor", "display", "admin"):
            role.add_argument("--seconds", type=float, default=None, help="quit after this long")
        if name == "visitor":
            role.add_argument(
                "--report-ready",
                action="store_true",
                help="print a line once the welcome screen takes taps (for start-up timing)",
            )
        if name == "display":
            role.add_argument("--state-file", help="write what is shown to this JSON file")
            role.add_argument("--no-speech", action="store_true", help="chime and screen only")
            role.add_argument(
                "--call-log", help="append every call shown to this file (JSON lines)"
            )

    accounts = commands.add_parser("accounts", help="staff accounts")
    acc = accounts.add_subparsers(dest="accounts_command", required=True)
    add = acc.add_parser("add", help="add a staff account (asks for the PIN)")
    add.add_argument("name")
    add.add_argument("--role", choices=["clerk", "admin"], default="clerk")
    add_sign_in_options(add)  # --pin-stdin: the administrator's PIN first, then the new one
    add.set_defaults(func=cmd_accounts_add)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="create or migrate the tables").set_defaults(
        func=cmd_db_upgrade
    )
    db_roles = db_commands.add_parser(
        "roles", help="set up the least-privilege roles of a shared PostgreSQL database"
    )
    how = db_roles.add_mutually_exclusive_group(required=True)
    how.add_argument("--apply", action="store_true", help="create the roles and grant (again)")
    how.add_argument("--print", dest="print_sql", action="store_true", help="show the SQL")
    db_roles.set_defaults(func=cmd_db_roles)

    queue = commands.add_parser("queue", help="the queue in text mode (for staff scripts)")
    q = queue.add_subparsers(dest="queue_command", required=True, metavar="ACTION")

    def sub(
        name: str, help_text: str, func: Callable[[argparse.Namespace], int], acts: bool = True
    ) -> Any:
        p = q.add_parser(name, help=help_text)
        p.add_argument("--json", action="store_true", help="print JSON")
        if acts:  # acting as a member of staff: signed in, and audited under that name
            add_sign_in_options(p)
        p.set_defaults(func=func)
        return p

    issue = sub("issue", "issue a ticket", cmd_queue_issue)
    target = issue.add_mutually_exclusive_group(required=True)
    target.add_argument("--case-type", help="case type id (uses its prefix)")
    target.add_argument("--queue", help="queue id (uses the queue's prefix)")
    issue.add_argument("--priority", default="normal", help="priority class id")
    issue.add_argument("--language", default=None, help="visitor's language code")

    sub("call", "call the next ticket to a counter", cmd_queue_call).add_argument(
        "--counter", required=True
    )
    for name in ("open", "close"):
        sub(name, f"{name} a counter", cmd_queue_counter).add_argument("--counter", required=True)

    simple: dict[str, tuple[str, Callable[[QueueService, argparse.Namespace, str], Ticket]]] = {
        "recall": ("call a ticket again", lambda s, a, who: s.recall(a.ticket, actor=who)),
        "start": (
            "the visitor arrived at the counter",
            lambda s, a, who: s.start(a.ticket, actor=who),
        ),
        "no-show": ("the visitor did not come", lambda s, a, who: s.no_show(a.ticket, actor=who)),
        "hold": ("put a ticket on hold", lambda s, a, who: s.hold(a.ticket, actor=who)),
        "cancel": ("cancel a ticket", lambda s, a, who: s.cancel(a.ticket, actor=who)),
    }
    for name, (help_text, action) in simple.items():
        sub(name, help_text, _ticket_action(action)).add_argument("ticket", help="e.g. A012")

    transfer = sub(
        "transfer",
        "send a ticket to another queue or counter (keeps its number)",
        _ticket_action(lambda s, a, who: s.transfer(a.ticket, a.queue, a.counter, actor=who)),
    )
    transfer.add_argument("ticket")
    transfer.add_argument("--queue", required=True)
    transfer.add_argument("--counter", default=None)

    resume = sub(
        "resume",
        "call a held ticket back to a counter",
        _ticket_action(lambda s, a, who: s.resume(a.ticket, a.counter, actor=who)),
    )
    resume.add_argument("ticket")
    resume.add_argument("--counter", required=True)

    complete = sub(
        "complete",
        "finish a ticket with an outcome",
        _ticket_action(lambda s, a, who: s.complete(a.ticket, a.outcome, actor=who)),
    )
    complete.add_argument("ticket")
    complete.add_argument(
        "--outcome",
        required=True,
        choices=["resolved", "escalated", "callback_scheduled", "rejected"],
    )

    sub("show", "one ticket, with its position and wait", cmd_queue_show, acts=False).add_argument(
        "ticket"
    )
    sub("status", "waiting counts and waits per queue", cmd_queue_status, acts=False).add_argument(
        "--language", default=None
    )

    ticket = commands.add_parser("ticket", help="render, print and look up queue tickets")
    t = ticket.add_subparsers(dest="ticket_command", required=True, metavar="ACTION")

    def ticket_sub(name: str, help_text: str, func: Callable[[argparse.Namespace], int]) -> Any:
        p = t.add_parser(name, help=help_text)
        p.add_argument("--json", action="store_true", help="print JSON")
        p.add_argument("--language", default=None, help="language of the ticket (zh_CN, en)")
        p.set_defaults(func=func)
        return p

    render = ticket_sub("render", "write a ticket as a PDF file", cmd_ticket_render)
    render.add_argument("ticket", help="e.g. A012")
    render.add_argument("--out", required=True, help="PDF file to write")
    render.add_argument("--width", type=int, choices=[58, 80], default=None, help="paper (mm)")
    printed = ticket_sub("print", "print a ticket on the site's printer", cmd_ticket_print)
    printed.add_argument("ticket")
    printed.add_argument("--reprint", action="store_true")
    add_sign_in_options(printed)
    lookup = ticket_sub("lookup", "read a ticket's QR code from an image", cmd_ticket_lookup)
    lookup.add_argument("--image", required=True)
    lookup.add_argument("--reprint", action="store_true", help="print it again if still open")
    add_sign_in_options(lookup)
    ticket_sub("failures", "tickets whose printing failed", cmd_ticket_failures)

    doctor = commands.add_parser(
        "doctor", help="check this machine for its role (exit 1 on anything blocking)"
    )
    doctor.add_argument(
        "--role",
        choices=["visitor", "reception", "staff", "display", "admin"],
        default=os.environ.get("KIOSK_ROLE", "visitor"),
    )
    doctor.add_argument("--camera", help="camera:N (default: the site's camera)")
    doctor.add_argument("--language", default=None, help="language of the report")
    doctor.add_argument("--json", action="store_true")
    doctor.set_defaults(func=cmd_doctor)

    printer = commands.add_parser("printer", help="the site's ticket printer")
    pr = printer.add_subparsers(dest="printer_command", required=True)
    status = pr.add_parser("status", help="what the printer reports")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_printer_status)

    liveness = commands.add_parser("liveness", help="the face liveness check, offline")
    lv = liveness.add_subparsers(dest="liveness_command", required=True, metavar="ACTION")
    analyze = lv.add_parser("analyze", help="events and quality flags seen in a video")
    analyze.add_argument("video")
    analyze.add_argument("--json", action="store_true")
    analyze.set_defaults(func=cmd_liveness_analyze)
    evaluate = lv.add_parser("eval", help="check the analyser against DIR/labels.json")
    evaluate.add_argument("directory")
    evaluate.add_argument("--json", action="store_true")
    evaluate.add_argument(
        "--augment", action="store_true", help="also run every clip through the seeded transforms"
    )
    evaluate.add_argument("--seed", type=int, default=0, help="the transforms' seed (--augment)")
    evaluate.add_argument(
        "--only", action="append", metavar="CLIP", help="this clip only (repeatable)"
    )
    evaluate.add_argument(
        "--transform", action="append", metavar="NAME", help="this transform only (repeatable)"
    )
    evaluate.add_argument("--groups", help="the clips' groups file for the fairness table")
    evaluate.set_defaults(func=cmd_liveness_eval)
    replay = lv.add_parser("replay", help="random-prompt sessions with a recorded clip as camera")
    replay.add_argument("video", nargs="+")
    replay.add_argument("--sessions", type=int, default=200)
    replay.add_argument("--seed", type=int, default=0)
    replay.add_argument("--json", action="store_true")
    replay.set_defaults(func=cmd_liveness_replay)

    settings = commands.add_parser("settings", help="site configuration files and versions")
    s = settings.add_subparsers(dest="settings_command", required=True)
    s.add_parser("validate", help="check a settings file").add_argument("file")
    s.choices["validate"].set_defaults(func=cmd_settings_validate)
    for name, func, help_text in (
        ("import", cmd_settings_import, "validate a file and make it the settings in force"),
        ("export", cmd_settings_export, "write the settings in force to a file"),
    ):
        p = s.add_parser(name, help=help_text)
        p.add_argument("file")
        if name == "import":
            add_sign_in_options(p)
        p.set_defaults(func=func)
    s.add_parser("history", help="list settings versions").set_defaults(func=cmd_settings_history)
    restore = s.add_parser("restore", help="make an earlier version the settings in force")
    restore.add_argument("version", type=int)
    add_sign_in_options(restore)
    restore.set_defaults(func=cmd_settings_restore)

    report = commands.add_parser("report", help="tickets, waits, outcomes for a day or range")
    report.add_argument("--from", dest="first_day", help="first service day (default: today)")
    report.add_argument("--to", dest="last_day", help="last service day (default: --from)")
    report.add_argument("--csv", help="also write the report to this CSV file")
    report.set_defaults(func=cmd_report)

    simulate = commands.add_parser(
        "simulate-day", help="a seeded busy day of visitors through the real services"
    )
    simulate.add_argument("--day", required=True, help="the service day to fill, YYYY-MM-DD")
    simulate.add_argument("--visitors", type=int, default=1500)
    simulate.add_argument(
        "--counters", type=int, default=None, help="save the site with this many counters first"
    )
    simulate.add_argument("--seed", type=int, default=0)
    add_sign_in_options(simulate)
    simulate.set_defaults(func=cmd_simulate_day)

    from kiosk.cli import privacy

    privacy.add_parsers(commands)
    return parser


def _fewer_malloc_arenas() -> None:
    """glibc gives every thread its own heap arena; the kiosk's camera, job and Qt threads
    then hold on to much more memory than they use (about 90 MB more in a visit with the
    camera on). Two arenas are plenty for this program."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(-8, 2)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    _fewer_malloc_arenas()
    os.umask(0o077)  # every file the kiosk writes is its user's alone
    args = build_parser().parse_args(argv)
    # The roles log what an operator should know (a database outage, a printer fault);
    # a one-shot command says it in its one line of error instead.
    quiet = logging.WARNING if args.command in ROLES else logging.ERROR
    from kiosk.services.log_privacy import configure_logging

    configure_logging(logging.INFO if args.verbose else quiet)
    from kiosk.domain.errors import DomainError
    from kiosk.settings import SettingsError
    from kiosk.storage import DatabaseUnavailable

    try:
        return int(args.func(args))
    except DatabaseUnavailable as exc:
        print(f"kiosk: {exc} ({exc.cause})" if exc.cause else f"kiosk: {exc}", file=sys.stderr)
        return 1
    except (CliError, DomainError, SettingsError) as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
