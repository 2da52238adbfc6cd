"""The reference printed as a QR code on each ticket, signed so that it cannot be forged.

Format: ``KT1.<ticket id>.<service day YYYYMMDD>.<code>.<signature>``, all upper-case letters,
digits and dots, so the QR code uses its compact alphanumeric mode. The signature is the first
80 bits of HMAC-SHA256 over the rest, keyed with the site's secret, in base32.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.domain.errors import DomainError

VERSION = "KT1"
_SIGNATURE_BYTES = 10
_PATTERN = re.compile(r"^KT1\.(\d{1,12})\.(\d{8})\.([A-Z]{1,2}\d{3,5})\.([A-Z2-7]{16})$")


class InvalidReference(DomainError):
    """Not a ticket reference of this centre: unreadable, altered or signed with another key."""


@dataclass(frozen=True, slots=True)
class TicketReference:
    ticket_id: int
    service_day: date
    code: str


def _signature(secret: bytes, body: str) -> str:
    digest = hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest()[:_SIGNATURE_BYTES]
    return base64.b32encode(digest).decode("ascii")


def sign_reference(secret: bytes, reference: TicketReference) -> str:
    body = f"{VERSION}.{reference.ticket_id}.{reference.service_day:%Y%m%d}.{reference.code}"
    return f"{body}.{_signature(secret, body)}"


def verify_reference(secret: bytes, text: str) -> TicketReference:
    """The reference in ``text`` if its signature holds; :class:`InvalidReference` otherwise."""
    match = _PATTERN.match(text.strip())
    if not match:
        raise InvalidReference("this is not a ticket code of this centre")
    body = text.strip().rsplit(".", 1)[0]
    if not hmac.compare_digest(_signature(secret, body), match.group(4)):
        raise InvalidReference("this ticket code has been altered or comes from elsewhere")
    try:
        day = datetime.strptime(match.group(2), "%Y%m%d").date()
    except ValueError as exc:  # a correctly signed reference always has a real date
        raise InvalidReference("this ticket code has an impossible date") from exc
    return TicketReference(int(match.group(1)), day, match.group(3))
