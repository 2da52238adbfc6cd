"""A visitor's requests about their data: a copy of everything held (access), or erasure.

Found by ticket number (and day) or by phone number. Both are done by an administrator and
audited with who did it and why (a reason from a fixed list, so that the audit row holds no
personal data). An erased case keeps only what every ticket has: number, times, outcome.
"""

from __future__ import annotations

import base64
import logging
from datetime import date, datetime
from typing import Any

from kiosk.domain.clock import Clock, service_day, system_clock
from kiosk.domain.errors import DomainError
from kiosk.domain.forms import normalise_phone
from kiosk.domain.privacy import REQUEST_REASONS
from kiosk.domain.ticket import Ticket, parse_ticket_code
from kiosk.services.settings_in_force import SettingsSource, settings_source
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage import cases as case_rows
from kiosk.storage import tickets as ticket_rows
from kiosk.storage.audit import record
from kiosk.storage.vault import Vault, VaultError

log = logging.getLogger(__name__)

REASONS = REQUEST_REASONS


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class DataRequests:
    def __init__(
        self, db: Database, settings: SiteConfig | SettingsSource, clock: Clock = system_clock
    ) -> None:
        self.db = db
        self.settings = settings_source(settings)
        self.clock = clock
        self.vault = Vault(db)

    def find(
        self, *, ticket: str | None = None, phone: str | None = None, day: date | None = None
    ) -> list[int]:
        """The cases of a ticket (of ``day``, default today) or of a phone number."""
        if (ticket is None) == (phone is None):
            raise DomainError("name either a ticket number or a phone number")
        with self.db.read() as conn:
            if ticket is not None:
                prefix, number = parse_ticket_code(ticket)
                day = day or service_day(self.clock(), self.settings.site.timezone)
                return case_rows.case_ids_of_ticket(conn, prefix, number, day)
            assert phone is not None
            number_given = normalise_phone(phone)
            if len(number_given.removeprefix("+")) < 5:
                raise DomainError("that is not a phone number")
            return case_rows.case_ids_of_phone(conn, number_given)

    @staticmethod
    def _check(actor: str, reason: str) -> None:
        if reason not in REASONS:
            raise DomainError(f"the reason must be one of: {', '.join(REASONS)}")
        if not actor:
            raise DomainError("an administrator must be named")

    # -- access --------------------------------------------------------------------------------
    def export(
        self, case_ids: list[int], *, actor: str, reason: str, with_media: bool = False
    ) -> dict[str, Any]:
        """Everything held about these cases, as a plain document (media only if asked)."""
        self._check(actor, reason)
        site = self.settings.site
        now = self.clock()
        exported = []
        for case_id in case_ids:
            with self.db.read() as conn:
                ticket_id = case_rows.ticket_of_case(conn, case_id)
                held = case_rows.case_record(conn, ticket_id)
                ticket = ticket_rows.get_ticket(conn, ticket_id)
            exported.append(self._document(site, ticket, held, with_media, now, actor))
        with self.db.write() as conn:
            record(
                conn,
                at=now,
                actor=actor,
                action="data_exported",
                entity="data_request",
                entity_id=None,
                details={"cases": len(case_ids), "reason": reason, "media": with_media},
            )
        log.info("data export of %d case(s) by %s (%s)", len(case_ids), actor, reason)
        return {"exported_at": now.isoformat(), "site": site.site_name.root, "cases": exported}

    def _document(
        self,
        site: SiteConfig,
        ticket: Ticket,
        held: case_rows.CaseRecord,
        with_media: bool,
        now: datetime,
        actor: str,
    ) -> dict[str, Any]:
        case = held.case or {}
        language = str(case.get("language") or site.default_language)
        labels: dict[str, str] = {}
        try:
            for field in site.case_type(str(case.get("case_type"))).form.fields:
                labels[field.id] = field.label.get(language)
        except DomainError:
            pass  # a case type no longer on the site: the field ids stand alone
        document: dict[str, Any] = {
            "ticket": ticket.code,
            "service_day": ticket.service_day.isoformat(),
            "arrived_at": _when(ticket.arrived_at),
            "state": ticket.state.value,
            "case_type": case.get("case_type"),
            "language": language,
            "answers": [
                {"question": labels.get(field_id, field_id), "field": field_id, "answer": value}
                for field_id, value in (held.answers or {}).items()
            ],
            "callback": None
            if not case.get("callback_phone")
            else {
                "phone": case.get("callback_phone"),
                "window": case.get("callback_window"),
                "due": _when(case.get("callback_due")),
            },
            "clerk_note": case.get("outcome_note") or None,
            "acknowledgement": _agreement(held.acknowledgement, "acknowledged_at"),
            "consent": _agreement(held.consent, "recorded_at"),
            "face_check": None,
        }
        check = held.liveness
        if check is not None:
            face: dict[str, Any] = {
                "passed": check["passed"],
                "at": _when(check["created_at"]),
                "result": check["result"],
            }
            if with_media:
                for name, media_id in (
                    ("video", check["video_id"]),
                    ("best_frame", check["frame_id"]),
                ):
                    if media_id is None:
                        continue
                    try:
                        data = self.vault.read(
                            media_id, now=now, actor=actor, purpose="data export"
                        )
                    except VaultError as exc:
                        face[name] = {"unavailable": str(exc)}
                        continue
                    face[name] = base64.b64encode(data).decode()
            document["face_check"] = face
        return document

    # -- erasure -------------------------------------------------------------------------------
    def erase(self, case_ids: list[int], *, actor: str, reason: str) -> int:
        """Delete everything personal of these cases (answers, agreements, face checks and
        their media, call-back details, notes); returns how many cases were erased."""
        self._check(actor, reason)
        now = self.clock()
        media_ids: list[int] = []
        with self.db.write() as conn:
            for case_id in case_ids:
                media_ids += case_rows.erase_case(conn, case_id, now)
            record(
                conn,
                at=now,
                actor=actor,
                action="data_erased",
                entity="data_request",
                entity_id=None,
                details={"cases": len(case_ids), "reason": reason},
            )
        self.vault.purge(now=now, actor=actor, only=media_ids)
        log.info("data of %d case(s) erased by %s (%s)", len(case_ids), actor, reason)
        return len(case_ids)


def _agreement(row: dict[str, Any] | None, at: str) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "granted": row.get("granted", True),
        "text_version": row["text_version"],
        "text_sha256": row["text_sha256"],
        "language": row["language"],
        "at": _when(row[at]),
    }
