"""The clerk's card for the visitor at the counter: what the case is about, then each flag on
a line of its own, with its reason where there is one (why the ID is checked by hand, that a
call-back was asked for). Nothing the visitor typed is on it: that is in the case, one tap away.
"""

from __future__ import annotations

from typing import Any

from kiosk.domain.intake import MANUAL_ID_CHECK
from kiosk.domain.ticket import Ticket
from kiosk.settings import SiteConfig
from kiosk.settings.translations import tr
from kiosk.ui.staff.ticket_table_model import describe_flags

FLAG = "⚑"


def card_text(
    ticket: Ticket, card: Any, site: SiteConfig, language: str, help_names: dict[str, str]
) -> str:
    """``card`` is the counter view's CardFacts for this ticket (or None without a case)."""
    queue = site.queue(ticket.queue_id).name.get(language)
    known = next((c for c in site.case_types if c.id == ticket.case_type), None)
    case = known.name.get(language) if known else queue  # (a case type since removed)
    recalls = f" · ×{ticket.recall_count}" if ticket.recall_count else ""
    state = tr(language, f"state.{ticket.state.value}")
    lines = [f"{case} · {state}{recalls}"]
    others = frozenset(f for f in ticket.flags if f != MANUAL_ID_CHECK)
    if MANUAL_ID_CHECK in ticket.flags:
        lines.append(f"{FLAG} {tr(language, 'staff.flag.manual_id_check')}: {_why(card, language)}")
    lines += [f"{FLAG} {flag}" for flag in describe_flags(others, language, help_names)]
    if card is not None and card.callback:
        lines.append(f"{FLAG} {tr(language, 'staff.card.callback')}")
    return "\n".join(lines)


def _why(card: Any, language: str) -> str:
    if card is None:
        return tr(language, "staff.card.unknown")
    if card.declined:
        return tr(language, "staff.card.declined")
    if card.reason:
        text = tr(language, f"case.reason.{card.reason}")
        if text != f"case.reason.{card.reason}":
            return text
    return tr(language, "staff.card.not_passed")


def next_up_text(
    ticket: Ticket, now: Any, site: SiteConfig, language: str, help_names: dict[str, str]
) -> str:
    """With nobody at the counter: who "Call next" would call, how long they have waited and
    their flags, so the clerk is ready for them."""
    known = next((c for c in site.case_types if c.id == ticket.case_type), None)
    case = known.name.get(language) if known else site.queue(ticket.queue_id).name.get(language)
    minutes = max(0, int((now - ticket.arrived_at).total_seconds() // 60))
    lines = [tr(language, "staff.next_up", code=ticket.code, case=case, minutes=minutes)]
    if ticket.priority_class != "normal":
        lines.append(f"{FLAG} {tr(language, 'staff.flag.priority')}")
    lines += [f"{FLAG} {flag}" for flag in describe_flags(ticket.flags, language, help_names)]
    return "\n".join(lines)
