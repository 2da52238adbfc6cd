"""Signing in on the command line, for commands that act as a member of staff.

The name comes from ``--as NAME`` (asked for when missing), the PIN from a hidden prompt or,
for scripts, from the first line of standard input (``--pin-stdin``): never from an argument
or the environment, where other users of the machine could read it. The audit log names the
account that signed in.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from kiosk.cli.errors import CliError

if TYPE_CHECKING:
    from kiosk.services.site_context import SiteContext
    from kiosk.services.staff_accounts import StaffMember


def add_sign_in_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="sign_in_as", metavar="NAME", help="staff account to sign in")
    parser.add_argument(
        "--pin-stdin",
        action="store_true",
        help="read the PIN from the first line of standard input (for scripts)",
    )


def signed_in(args: argparse.Namespace, site: SiteContext, *, admin: bool) -> StaffMember:
    """The signed-in member, or CliError (also for a clerk where an administrator is needed)."""
    name = getattr(args, "sign_in_as", None)
    from_stdin = bool(getattr(args, "pin_stdin", False))
    if not name:
        if from_stdin or not sys.stdin.isatty():
            raise CliError("this command needs a sign-in: give --as NAME (and --pin-stdin)")
        name = input("Staff name: ").strip()
    secret = sys.stdin.readline().rstrip("\n") if from_stdin else getpass.getpass("PIN: ")
    member = site.staff.sign_in(name, secret, counter_id=None)
    if admin and not member.is_admin:
        raise CliError("this command needs an administrator's sign-in")
    return member
