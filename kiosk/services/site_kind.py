"""Demo sites and real ones. A site is a demo site only if ``kiosk demo`` created it (found it
new and empty); demo parts (the sample clip as camera, the demo clerk) work only there."""

from __future__ import annotations

from datetime import datetime

from kiosk.services.staff_accounts import StaffAccounts
from kiosk.storage import Database
from kiosk.storage.site_facts import SITE_KIND, get_fact, set_fact_once, site_is_new

DEMO = "demo"
PRODUCTION = "production"


def is_demo_site(db: Database) -> bool:
    with db.read() as conn:
        return get_fact(conn, SITE_KIND) == DEMO


def claim_site_kind(db: Database, now: datetime, *, demo: bool) -> str:
    """The site's kind; a site seen for the first time becomes a demo site only when
    ``demo`` is asked for and it is still new and empty, otherwise a production site."""
    with db.write() as conn:
        known = get_fact(conn, SITE_KIND)
        if known is not None:
            return known
        kind = DEMO if demo and site_is_new(conn) else PRODUCTION
        return set_fact_once(conn, SITE_KIND, kind, now)


DEMO_CLERK = ("demo", "2468")


def ensure_demo_clerk(staff: StaffAccounts, *, demo_site: bool) -> bool:
    """The demo clerk, on a demo site nobody administers (made once); False elsewhere."""
    if not demo_site or staff.has_active_admin():
        return False
    name, pin = DEMO_CLERK
    if all(member.name != name for member in staff.members()):
        staff.add(name, pin, actor="demo", demo=True)
    return True
