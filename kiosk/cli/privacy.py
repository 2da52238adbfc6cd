"""Commands that keep the privacy promises: the retention purge, a visitor's requests for a
copy or erasure of their data, and a new media key. All but ``retention status`` need an
administrator's sign-in."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.cli.errors import CliError
from kiosk.cli.signin import add_sign_in_options, signed_in


def _site(args: argparse.Namespace) -> Any:
    from kiosk.services.site_context import open_site

    return open_site(args.database_url)


def _moment(text: str | None, timezone: str) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"'{text}' is not a date and time like 2027-06-01T03:00") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(timezone))


def _print(args: argparse.Namespace, data: Any, lines: list[str]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else "\n".join(lines))


# -- retention -------------------------------------------------------------------------------
def cmd_retention_run(args: argparse.Namespace) -> int:
    from kiosk.services.retention import RetentionService

    site = _site(args)
    member = signed_in(args, site, admin=True)
    now = _moment(args.now, site.site.timezone)
    report = RetentionService(site.db, site.in_force).run(now=now, actor=member.name)
    data = {"run": report.run_id, "at": report.at.isoformat(), "deleted": report.counts}
    lines = [f"retention run {report.run_id} at {report.at:%Y-%m-%d %H:%M} UTC, deleted:"]
    lines += [f"  {name:<14} {count}" for name, count in report.counts.items()]
    _print(args, data, lines)
    return 0


def cmd_retention_status(args: argparse.Namespace) -> int:
    from kiosk.services.retention import RetentionService

    site = _site(args)
    zone = ZoneInfo(site.site.timezone)
    status = RetentionService(site.db, site.in_force).status()
    last = status.last_run
    data = {
        "last_run": None
        if last is None
        else {
            "at": last.finished_at.isoformat() if last.finished_at else None,
            "machine": last.machine,
            "by": last.actor,
            "deleted": last.counts,
        },
        "next_run": status.next_run.isoformat(),
        "due_now": status.due,
        "limits": site.site.retention.model_dump(mode="json"),
    }
    if last is None or last.finished_at is None:
        lines = ["last run: never"]
    else:
        counts = ", ".join(f"{k} {v}" for k, v in last.counts.items())
        lines = [
            f"last run: {last.finished_at.astimezone(zone):%Y-%m-%d %H:%M} on {last.machine} "
            f"({last.actor}): {counts}"
        ]
    lines.append(f"next run: {status.next_run.astimezone(zone):%Y-%m-%d %H:%M} (site time)")
    lines.append("past their limit now: " + ", ".join(f"{k} {v}" for k, v in status.due.items()))
    _print(args, data, lines)
    return 0


# -- a visitor's requests --------------------------------------------------------------------
def _cases(args: argparse.Namespace, requests: Any) -> list[int]:
    day = None
    if args.day:
        try:
            day = date.fromisoformat(args.day)
        except ValueError as exc:
            raise CliError(f"'{args.day}' is not a date like 2026-03-02") from exc
    found: list[int] = requests.find(ticket=args.ticket, phone=args.phone, day=day)
    if not found:
        raise CliError("nothing is held for that ticket or phone number")
    return found


def cmd_data_export(args: argparse.Namespace) -> int:
    from kiosk.services.data_requests import DataRequests

    site = _site(args)
    member = signed_in(args, site, admin=True)
    requests = DataRequests(site.db, site.in_force)
    cases = _cases(args, requests)
    document = requests.export(
        cases, actor=member.name, reason=args.reason, with_media=args.with_media
    )
    out = Path(args.out)
    out.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    out.chmod(0o600)
    print(f"wrote {len(cases)} case(s) to {out}")
    return 0


def cmd_data_erase(args: argparse.Namespace) -> int:
    from kiosk.services.data_requests import DataRequests

    site = _site(args)
    member = signed_in(args, site, admin=True)
    requests = DataRequests(site.db, site.in_force)
    erased = requests.erase(_cases(args, requests), actor=member.name, reason=args.reason)
    print(f"erased the personal data of {erased} case(s)")
    return 0


# -- the media key ---------------------------------------------------------------------------
def cmd_vault_rotate(args: argparse.Namespace) -> int:
    from kiosk.services.media_keys import rotate_media_key

    site = _site(args)
    member = signed_in(args, site, admin=True)
    moved, path = rotate_media_key(site, member.name)
    print(
        f"{moved} media item(s) re-encrypted; the new key is in {path}: copy it to every "
        "machine that shows face-check videos"
    )
    return 0


def add_parsers(commands: Any) -> None:
    from kiosk.domain.privacy import REQUEST_REASONS as REASONS

    retention = commands.add_parser("retention", help="delete what is past its time")
    r = retention.add_subparsers(dest="retention_command", required=True)
    run = r.add_parser("run", help="run the purge now (an administrator)")
    run.add_argument("--now", help="as if it were this moment (ISO 8601, site time)")
    run.add_argument("--json", action="store_true")
    add_sign_in_options(run)
    run.set_defaults(func=cmd_retention_run)
    status = r.add_parser("status", help="the last run, the next one, what is due")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_retention_status)

    data = commands.add_parser("data", help="a visitor's requests: a copy of their data, erasure")
    d = data.add_subparsers(dest="data_command", required=True)
    for name, func, text in (
        ("export", cmd_data_export, "everything held about a visitor, as JSON"),
        ("erase", cmd_data_erase, "delete everything personal about a visitor"),
    ):
        p = d.add_parser(name, help=text)
        which = p.add_mutually_exclusive_group(required=True)
        which.add_argument("--ticket", help="ticket number, e.g. A012 (of --day, default today)")
        which.add_argument("--phone", help="a phone number the visitor gave")
        p.add_argument("--day", help="the ticket's service day, YYYY-MM-DD")
        p.add_argument("--reason", required=True, choices=REASONS, help="why (audited)")
        if name == "export":
            p.add_argument("--out", required=True, help="JSON file to write (mode 0600)")
            p.add_argument("--with-media", action="store_true", help="include video and frame")
        add_sign_in_options(p)
        p.set_defaults(func=func)

    vault = commands.add_parser("vault", help="the encrypted media vault")
    v = vault.add_subparsers(dest="vault_command", required=True)
    rotate = v.add_parser("rotate-key", help="re-encrypt all media under a new key")
    add_sign_in_options(rotate)
    rotate.set_defaults(func=cmd_vault_rotate)
