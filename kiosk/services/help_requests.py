"""A visitor calls a member of staff from a kiosk ("呼叫工作人员 / Call staff").

A request says where and how to help: the kiosk, the step of the visit, the visitor's language
and a dialect if one was asked for. Nothing about the person. Every console sees it (the change
feed carries it); one clerk claims it ("I'm going"), the others see who; the visitor sees that
someone is coming and may cancel. Every change is audited.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from kiosk.domain.clock import Clock, system_clock
from kiosk.domain.errors import DomainError
from kiosk.storage import Database
from kiosk.storage import help_requests as rows
from kiosk.storage.audit import record
from kiosk.storage.help_requests import CANCELLED, DONE, HelpRow

__all__ = ["HelpRequests", "HelpRow", "HelpTaken"]

log = logging.getLogger(__name__)

#: requests older than this are no longer shown (the visitor has long gone)
SHOWN_FOR = timedelta(hours=2)


class HelpTaken(DomainError):
    """Another member of staff claimed the request first (or it was cancelled)."""


class HelpRequests:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock

    def _audit(
        self, conn: object, action: str, request_id: int, actor: str, **details: object
    ) -> None:
        record(
            conn,  # type: ignore[arg-type]
            at=self.clock(),
            actor=actor[:80],
            action=action,
            entity="help",
            entity_id=request_id,
            details=dict(details),
        )

    def ask(self, *, kiosk: str, step: str, language: str, dialect: str | None = None) -> int:
        now = self.clock()
        with self.db.write() as conn:
            request_id = rows.insert_request(
                conn, kiosk=kiosk, step=step, language=language, dialect=dialect, now=now
            )
            self._audit(
                conn, "help_requested", request_id, "kiosk",
                kiosk=kiosk, step=step, language=language, kind=dialect or "", status=rows.OPEN,
            )  # fmt: skip
        log.info("help requested at kiosk %s (step %s)", kiosk, step)
        return request_id

    def cancel(self, request_id: int, *, actor: str = "kiosk") -> bool:
        """The visitor no longer needs help (or left); False if it was closed already."""
        with self.db.write() as conn:
            closed = rows.close(conn, request_id, CANCELLED, self.clock())
            if closed:
                self._audit(conn, "help_cancelled", request_id, actor, status=CANCELLED)
        return closed

    def claim(self, request_id: int, staff: str) -> None:
        """``staff`` goes to the visitor; HelpTaken when someone else was first."""
        with self.db.write() as conn:
            if rows.claim(conn, request_id, staff, self.clock()):
                self._audit(
                    conn, "help_claimed", request_id, staff,
                    status=rows.CLAIMED, claimed_by=staff,
                )  # fmt: skip
                return
            current = rows.get(conn, request_id)
        if current is not None and current.claimed_by:
            raise HelpTaken(f"{current.claimed_by} is already going")
        raise HelpTaken("the visitor no longer needs help")

    def done(self, request_id: int, staff: str) -> bool:
        with self.db.write() as conn:
            closed = rows.close(conn, request_id, DONE, self.clock())
            if closed:
                self._audit(conn, "help_done", request_id, staff, status=DONE)
        return closed

    def state(self, request_id: int) -> tuple[str, str | None]:
        """(status, who is coming) of one request."""
        with self.db.read() as conn:
            found = rows.state(conn, request_id)
        if found is None:
            raise DomainError(f"there is no help request {request_id}")
        return found

    def waiting(self) -> list[HelpRow]:
        """Open and claimed requests of the last hours, oldest first (for the consoles)."""
        with self.db.read() as conn:
            return rows.open_requests(conn, self.clock() - SHOWN_FOR)
