"""Everything a clerk sees about the visitor at the counter, read in one go, and audited.

Answers are shown under the question the visitor read (in the clerk's language), formatted by
their type; the acknowledgement, the consent and the face check come with them. The recorded
face-check video is decrypted in memory for the counter's player, never written to disk. Each
opening of a case and each viewing of a video is in the audit log (who, which ticket, when).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.domain.clock import Clock, system_clock
from kiosk.domain.errors import DomainError
from kiosk.domain.forms import FieldType
from kiosk.domain.recording import unpack_recording
from kiosk.services.settings_in_force import SettingsSource, settings_source
from kiosk.settings import SettingsError, SiteConfig, parse_site
from kiosk.settings.models import FormField
from kiosk.settings.translations import tr
from kiosk.storage import Database, settings_store
from kiosk.storage import cases as case_rows
from kiosk.storage import tickets as ticket_rows
from kiosk.storage.audit import record
from kiosk.storage.cases import CallbackRow, CaseRecord, case_record, open_callbacks
from kiosk.storage.vault import Vault, VaultError

CaseFile = CaseRecord
CallbackDue = CallbackRow


def case_file(db: Database, ticket_id: int) -> CaseFile:
    """The case as stored (for tests and exports; screens use CaseViews)."""
    with db.read() as conn:
        return case_record(conn, ticket_id)


def callbacks_due(
    db: Database, queues: Iterable[str], now: datetime, timezone: str, limit: int = 50
) -> list[CallbackDue]:
    """Open call-backs for ``queues`` due today (site time) or overdue, soonest first (the
    phone number is shown to staff only)."""
    zone = ZoneInfo(timezone)
    tomorrow = datetime.combine(now.astimezone(zone).date() + timedelta(days=1), time(0), zone)
    with db.read() as conn:
        return open_callbacks(conn, queues, tomorrow, limit)


@dataclass(frozen=True, slots=True)
class AnswerLine:
    question: str
    answer: str
    answered: bool
    long: bool = False


@dataclass(frozen=True)
class CaseView:
    """A case as the clerk reads it, in the clerk's language."""

    ticket_code: str
    case_type: str
    visitor_language: str
    answers: list[AnswerLine]
    acknowledgement: str
    consent: str
    face_check: str
    face_reasons: list[str] = field(default_factory=list)
    has_video: bool = False
    has_best_frame: bool = False
    manual_id_check: bool = False
    callback: str | None = None
    note: str = ""
    #: the member of staff who filled the intake in with the visitor at reception
    assisted_by: str | None = None


@dataclass(frozen=True)
class CaseVideo:
    frames: list[tuple[int, bytes]]  # (ms, JPEG)
    best_frame: bytes | None


def format_answer(field_def: FormField | None, value: Any, language: str) -> AnswerLine:
    question = field_def.label.get(language) if field_def is not None else ""
    kind = field_def.type if field_def is not None else None
    if value is None or value == "" or value == []:
        return AnswerLine(question, tr(language, "case.not_answered"), False)
    if kind is FieldType.YES_NO or isinstance(value, bool):
        return AnswerLine(question, tr(language, "answer.yes" if value else "answer.no"), True)
    if kind is FieldType.CHOICE and field_def is not None:
        labels = {c.value: c.label.get(language) for c in field_def.choices}
        chosen = value if isinstance(value, list) else [value]
        separator = "、" if language.startswith("zh") else ", "
        return AnswerLine(question, separator.join(labels.get(v, str(v)) for v in chosen), True)
    return AnswerLine(question, str(value), True, long=kind is FieldType.MULTILINE)


class CaseViews:
    def __init__(
        self, db: Database, settings: SiteConfig | SettingsSource, clock: Clock = system_clock
    ) -> None:
        self.db = db
        self.settings = settings_source(settings)
        self.clock = clock
        self.vault = Vault(db)

    def _site_of(self, case: dict[str, Any]) -> SiteConfig:
        """The settings the visitor saw (the questions as they were), else those in force."""
        version = case.get("settings_version")
        if version is not None:
            with self.db.read() as conn:
                stored = settings_store.get_version(conn, int(version))
            if stored is not None:
                try:
                    return parse_site(stored.document, f"version {version}")
                except SettingsError:
                    pass
        return self.settings.site

    def view(self, ticket_id: int, language: str, actor: str) -> CaseView | None:
        """The case of a ticket (None: the ticket was issued without one); audited."""
        now = self.clock()
        with self.db.read() as conn:
            held = case_record(conn, ticket_id)
            ticket = ticket_rows.get_ticket(conn, ticket_id)
        if held.case is None:
            return None
        case = held.case
        site = self._site_of(case)
        zone = ZoneInfo(self.settings.site.timezone)
        try:
            kind = site.case_type(str(case["case_type"]))
            fields = {f.id: f for f in kind.form.fields}
            case_name = kind.name.get(language)
        except DomainError:
            fields, case_name = {}, str(case["case_type"])
        answers = held.answers or {}
        order = [f for f in fields if f in answers] + [f for f in answers if f not in fields]
        lines = []
        for field_id in order:
            line = format_answer(fields.get(field_id), answers[field_id], language)
            lines.append(
                line if line.question else AnswerLine(field_id, line.answer, line.answered)
            )
        with self.db.write() as conn:
            record(
                conn,
                at=now,
                actor=actor,
                action="case_viewed",
                entity="case",
                entity_id=case["id"],
                details={"code": ticket.code},
            )
        return CaseView(
            ticket_code=ticket.code,
            case_type=case_name,
            visitor_language=next(
                (lang.native_name for lang in site.languages if lang.code == case["language"]),
                str(case["language"]),
            ),
            answers=lines,
            acknowledgement=self._agreement(
                held.acknowledgement, "acknowledged_at", zone, language
            ),
            consent=self._consent(held.consent, zone, language),
            face_check=self._face(held.liveness, case, language),
            face_reasons=self._reasons(held.liveness, case, language),
            has_video=bool(held.liveness and held.liveness["video_id"]),
            has_best_frame=bool(held.liveness and held.liveness["frame_id"]),
            manual_id_check=bool(case["manual_id_check"]),
            callback=self._callback(case, zone, language),
            note=str(case.get("outcome_note") or ""),
            assisted_by=case.get("assisted_by"),
        )

    @staticmethod
    def _agreement(row: dict[str, Any] | None, at: str, zone: ZoneInfo, language: str) -> str:
        if row is None:
            return tr(language, "case.none")
        moment = row[at].astimezone(zone)
        text = tr(language, "case.agreed", version=row["text_version"], time=f"{moment:%H:%M}")
        return text + _heard_by(row, language)

    def _consent(self, row: dict[str, Any] | None, zone: ZoneInfo, language: str) -> str:
        if row is None:
            return tr(language, "case.none")
        moment = row["recorded_at"].astimezone(zone)
        key = "case.consent_given" if row["granted"] else "case.consent_refused"
        text = tr(language, key, version=row["text_version"], time=f"{moment:%H:%M}")
        return text + _heard_by(row, language)

    @staticmethod
    def _face(check: dict[str, Any] | None, case: dict[str, Any], language: str) -> str:
        if check is not None:
            return tr(language, "case.face_passed" if check["passed"] else "case.face_failed")
        summary = case.get("liveness") or {}
        if summary:
            return tr(language, "case.face_passed" if summary.get("passed") else "case.face_failed")
        return tr(language, "case.face_none")

    @staticmethod
    def _reasons(check: dict[str, Any] | None, case: dict[str, Any], language: str) -> list[str]:
        """Why the check did not pass, in words (codes of the kiosk are translated)."""
        found = [str(r) for r in (check or {}).get("result", {}).get("reasons", [])]
        summary = (case.get("liveness") or {}).get("reason")
        if summary and summary not in found:
            found.insert(0, str(summary))
        if (check or {}).get("result", {}).get("demo"):
            found.insert(0, "demo_recording")
        words = []
        for reason in found:
            key = f"case.reason.{reason}"
            text = tr(language, key)
            words.append(reason if text == key else text)
        return list(dict.fromkeys(words))

    @staticmethod
    def _callback(case: dict[str, Any], zone: ZoneInfo, language: str) -> str | None:
        if not case.get("callback_phone"):
            return None
        due = case.get("callback_due")
        when = f"{due.astimezone(zone):%m-%d %H:%M}" if due else ""
        return tr(language, "case.callback", phone=case["callback_phone"], due=when)

    def video(self, ticket_id: int, actor: str) -> CaseVideo:
        """The face-check video's frames and best frame, decrypted in memory; audited."""
        now = self.clock()
        with self.db.read() as conn:
            check = case_record(conn, ticket_id).liveness
        if check is None or check["video_id"] is None:
            raise DomainError("this case has no face-check video (deleted after its time)")
        try:
            video = self.vault.read(
                check["video_id"], now=now, actor=actor, purpose="identity check at the counter"
            )
            best = (
                self.vault.read(check["frame_id"], now=now, actor=actor, purpose="identity check")
                if check["frame_id"] is not None
                else None
            )
        except VaultError as exc:
            raise DomainError(str(exc)) from exc
        return CaseVideo(unpack_recording(video), best)

    def mark_callback_done(self, callback: CallbackDue, actor: str) -> None:
        """The visitor was called back: the call-back leaves the counters' list."""
        now = self.clock()
        with self.db.write() as conn:
            if not case_rows.set_callback_done(conn, callback.case_id, now):
                raise DomainError(f"the call-back for {callback.ticket_code} was already done")
            record(
                conn,
                at=now,
                actor=actor,
                action="callback_done",
                entity="case",
                entity_id=callback.case_id,
                details={"code": callback.ticket_code},
            )


def _heard_by(row: dict[str, Any], language: str) -> str:
    """ " · given orally to Wang Fang at reception", for an agreement a member of staff heard."""
    witness = row.get("witness")
    return f" · {tr(language, 'case.orally', name=witness)}" if witness else ""
