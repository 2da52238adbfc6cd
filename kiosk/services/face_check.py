"""The face check as a visitor kiosk runs it: which camera, the face model, the service.

The vision code (OpenCV, MediaPipe) is imported the first time it is needed, in whichever
thread needs it, so the welcome screen never waits for it. One face landmarker serves every
visit: loading it per visit took a second at the step and, freed and loaded again, kept
raising the kiosk's memory.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.domain.intake import LivenessSummary
from kiosk.resources import sample_clip
from kiosk.services.liveness_service import LivenessService
from kiosk.services.settings_in_force import SettingsSource
from kiosk.settings import SiteConfig
from kiosk.storage import Database

if TYPE_CHECKING:
    from kiosk.vision.landmarks import FaceLandmarks
    from kiosk.vision.liveness_check import LivenessCheck, LivenessOutcome
    from kiosk.vision.sources import FrameSource

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CameraChoice:
    """What the kiosk opens as its camera: a device, a video file, or nothing at all.

    ``source`` is None when there is no usable camera (``reason`` says why); the visit then
    goes on without a face check and the ticket asks for a manual ID check.
    """

    source: str | None
    demo: bool = False
    reason: str = ""
    #: a video file paced at its own frame rate (off: as fast as it decodes, for tests)
    realtime: bool = True


def choose_camera(
    site: SiteConfig, requested: str | None, *, demo_site: bool, demo_role: bool = False
) -> CameraChoice:
    """What the kiosk films with. Fails closed: a recording (the sample clip, ``demo``, or any
    video file) stands in for the camera only when asked for, and only on a demo site; with no
    camera the visit goes on without a face check, for an ID check at the counter.

    ``requested``: ``camera:N``, ``demo``, a video file, or None for the site's camera;
    ``demo_role`` (``kiosk demo``) asks for the sample clip on a demo site without a camera."""
    if requested is None and demo_role and demo_site and _device(site) is None:
        requested = "demo"
    if requested == "demo":
        requested = str(sample_clip())
    if requested and not requested.startswith("camera:"):  # a recording, not a camera
        if not demo_site:
            log.warning("a recording as camera is refused: this is not a demo site")
            return CameraChoice(None, reason="recording_refused")
        return CameraChoice(requested, demo=True)
    if requested:
        return CameraChoice(requested)
    device = _device(site)
    if device is None:
        log.warning("no camera: the face check is replaced by an ID check at the counter")
        return CameraChoice(None, reason="no_camera")
    return CameraChoice(device)


def _device(site: SiteConfig) -> str | None:
    index = site.liveness.camera_index
    return f"camera:{index}" if Path(f"/dev/video{index}").exists() else None


class FaceCheckParts:
    """The liveness service, the shared face model and the camera, made on first use."""

    def __init__(
        self,
        db: Database,
        settings: SettingsSource,
        camera: CameraChoice,
        *,
        demo_site: bool = False,
    ) -> None:
        self.camera = camera
        self.service = LivenessService(db, settings, demo_site=demo_site)
        self._landmarks: FaceLandmarks | None = None
        self._closed = False
        self._lock = threading.Lock()

    @property
    def demo(self) -> bool:
        return self.camera.demo

    @property
    def available(self) -> bool:
        return self.camera.source is not None

    def landmarks(self) -> FaceLandmarks:
        with self._lock:
            if self._closed:
                raise RuntimeError("the kiosk is closing")
            if self._landmarks is None:
                from kiosk.vision.landmarks import FaceLandmarks

                self._landmarks = FaceLandmarks()
            return self._landmarks

    def close(self) -> None:
        """Free the face model (after the camera has stopped)."""
        with self._lock:
            self._closed = True
            if self._landmarks is not None:
                self._landmarks.close()
                self._landmarks = None

    def warm_up(self) -> None:
        """Import the vision code and load the face model once, off the GUI thread."""
        if not self.available:
            return
        try:
            self.landmarks()
        except Exception as exc:  # reported again, in the visitor's language, at the step
            log.warning("face check not ready: %s", exc)

    def open_camera(self) -> FrameSource:
        from kiosk.vision.sources import open_source

        if self.camera.source is None:
            raise RuntimeError(f"no camera: {self.camera.reason}")
        return open_source(self.camera.source, loop=self.demo, realtime=self.camera.realtime)

    def new_check(self, consent_given: bool) -> LivenessCheck:
        return self.service.new_check(
            consent_given=consent_given, demo=self.demo, landmarks=self.landmarks()
        )

    def judge(self, outcome: LivenessOutcome) -> LivenessSummary:
        return self.service.judge(outcome, demo=self.demo)

    # the intake service's LivenessStore
    def keep(self, outcome: LivenessOutcome, *, actor: str = "kiosk") -> LivenessSummary:
        return self.service.keep(outcome, actor=actor, demo=self.demo)

    def discard(self, check_id: int) -> None:
        self.service.discard(check_id)
