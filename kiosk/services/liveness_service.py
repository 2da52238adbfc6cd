"""Liveness checks as the kiosk runs them: consent first, rules from the site, results kept.

The video and best frame go into the encrypted vault with a purge date from the site's
retention settings; the result (passed, prompts and timings, quality, cue scores, reasons)
goes into ``liveness_checks`` and, once the intake is submitted, onto the case.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from kiosk.domain.alerts import FailureWindow
from kiosk.domain.clock import Clock, system_clock
from kiosk.domain.errors import DomainError
from kiosk.domain.intake import LivenessSummary
from kiosk.domain.liveness import Challenge, Rules
from kiosk.services.machine import machine_name
from kiosk.services.settings_in_force import SettingsSource, settings_source
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage import liveness_checks as checks
from kiosk.storage.audit import record
from kiosk.storage.vault import Vault

if TYPE_CHECKING:  # OpenCV and MediaPipe load with the first face check, not at start-up
    from kiosk.vision.landmarks import FaceLandmarks
    from kiosk.vision.liveness_check import LivenessCheck, LivenessOutcome


log = logging.getLogger(__name__)


class ConsentRequired(DomainError):
    """Biometric capture was requested without the visitor's recorded consent."""


def rules_for(site: SiteConfig) -> Rules:
    live = site.liveness
    return Rules(
        challenges=tuple(live.challenges),
        prompts_min=live.prompts_min,
        prompts_max=live.prompts_max,
        window_ms=round(live.response_window_seconds * 1000),
        attempt_limit_ms=round(live.session_limit_seconds * 1000),
        max_attempts=live.max_attempts,
    )


#: The bundled sample clip (tests/data) smiles at 3.9 s and blinks at 6.3 s: in demo mode the
#: kiosk asks for exactly that, in that order, and says on screen that it is a demo.
DEMO_ORDER = (Challenge.SMILE, Challenge.BLINK)


def demo_rules(site: SiteConfig) -> Rules:
    return replace(
        rules_for(site),
        fixed_order=DEMO_ORDER,
        prompts_min=len(DEMO_ORDER),
        prompts_max=len(DEMO_ORDER),
        settle_min_ms=300,
        settle_max_ms=300,
    )


class LivenessService:
    """Face checks with the site's rules as they are when each check starts, and retention
    as it is when each result is saved."""

    def __init__(
        self,
        db: Database,
        settings: SiteConfig | SettingsSource,
        clock: Clock = system_clock,
        *,
        demo_site: bool = False,
    ) -> None:
        self.db = db
        self.settings = settings_source(settings)
        self.clock = clock
        self.demo_site = demo_site
        self.vault = Vault(db)
        self.machine = machine_name()
        self._failures = FailureWindow()  # this kiosk's failed checks, for the staff alert

    @property
    def site(self) -> SiteConfig:
        return self.settings.site

    def new_check(
        self,
        *,
        consent_given: bool,
        seed: int | None = None,
        landmarks: FaceLandmarks | None = None,
        demo: bool = False,
    ) -> LivenessCheck:
        if not consent_given:
            raise ConsentRequired("the camera stays off until the visitor has given consent")
        self.vault.key(self.clock())  # a key problem shows before the visitor starts, not after
        from kiosk.vision.liveness_check import LivenessCheck

        rules = demo_rules(self.site) if demo else rules_for(self.site)
        return LivenessCheck(rules, seed=seed, landmarks=landmarks)

    def judge(self, outcome: LivenessOutcome, *, demo: bool = False) -> LivenessSummary:
        """What a finished check counts as: one filmed from a recording (``demo``) never
        counts as passed outside a demo site."""
        counted = outcome.passed and (not demo or self.demo_site)
        reasons = outcome.result.get("reasons") or []
        if demo and not self.demo_site:
            return LivenessSummary(False, "demo_recording")
        return LivenessSummary(counted, str(reasons[0]) if reasons else "")

    def keep(
        self, outcome: LivenessOutcome, *, actor: str = "kiosk", demo: bool = False
    ) -> LivenessSummary:
        """Store a finished check, marked demo when filmed from a recording (see judge)."""
        judged = self.judge(outcome, demo=demo)
        check_id = self.save(outcome, actor=actor, demo=demo, passed=judged.passed)
        if not judged.passed:
            self._count_failure(actor)
        return replace(judged, check_id=check_id)

    def _count_failure(self, actor: str) -> None:
        """Too many failed checks here in a short time: every staff console is alerted
        ("possible spoofing attempts at kiosk 2"). The next visitors are not locked out."""
        rules = self.site.security
        now = self.clock()
        minutes = rules.face_alert_minutes
        count = self._failures.failed(
            now, limit=rules.face_alert_failures, window=timedelta(minutes=minutes)
        )
        if count is None:
            return
        log.warning("%s failed face checks at this kiosk within %s minutes", count, minutes)
        with self.db.write() as conn:
            record(
                conn,
                at=now,
                actor=actor,
                action="face_checks_failing",
                entity="alert",
                entity_id=self.machine,
                details={"kiosk": self.machine, "count": count, "minutes": minutes},
            )

    def save(
        self,
        outcome: LivenessOutcome,
        *,
        actor: str = "kiosk",
        case_id: int | None = None,
        demo: bool = False,
        passed: bool | None = None,
    ) -> int:
        now = self.clock()
        purge_after = now + timedelta(days=self.site.retention.media_days)
        video_id = frame_id = None
        if outcome.recording is not None and outcome.recording.frames:
            video_id = self.vault.store(
                "liveness_video",
                outcome.recording.video,
                now=now,
                purge_after=purge_after,
                actor=actor,
            )
            if outcome.recording.best_frame:
                frame_id = self.vault.store(
                    "best_frame",
                    outcome.recording.best_frame,
                    now=now,
                    purge_after=purge_after,
                    actor=actor,
                )
        with self.db.write() as conn:
            check_id = checks.insert_check(
                conn,
                now=now,
                passed=outcome.passed if passed is None else passed,
                result={**outcome.result, "demo": demo},
                video_id=video_id,
                frame_id=frame_id,
                case_id=case_id,
            )
            record(
                conn,
                at=now,
                actor=actor,
                action="liveness_checked",
                entity="liveness",
                entity_id=check_id,
                details={"passed": outcome.passed if passed is None else passed, "demo": demo},
            )
        return check_id

    def attach_to_case(self, check_id: int, case_id: int) -> None:
        with self.db.write() as conn:
            checks.attach_to_case(conn, check_id, case_id)

    def result(self, check_id: int) -> dict[str, Any]:
        with self.db.read() as conn:
            row = checks.get_check(conn, check_id)
        if row is None:
            raise DomainError(f"there is no liveness check {check_id}")
        return row

    def discard(self, check_id: int, actor: str = "kiosk") -> None:
        """Delete a check and its media at once (its visitor left without a ticket); a check
        that belongs to a case is never touched."""
        now = self.clock()
        with self.db.write() as conn:
            for media_id, kind in checks.discard_unattached(conn, check_id):
                record(
                    conn,
                    at=now,
                    actor=actor,
                    action="media_purged",
                    entity="media",
                    entity_id=media_id,
                    details={"kind": kind},
                )

    def purge_media(self) -> int:
        return self.vault.purge(now=self.clock(), actor="retention")
