"""Spoken announcements that queue up and never cut each other off.

Each call becomes: a chime, then the sentence in every configured language, one after the
other. A recall is announced again in full. If no speech engine works, the chime and the screen
carry on alone and the log says so once.

Signals (Announcer):
    started(object): an Announcement begins.
    finished(object): an Announcement has been fully spoken.
    part_started(object, str): the chime ("chime") or a language's sentence begins.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.settings.translations import tr

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Announcement:
    code: str
    counter: int
    recall: bool = False


def spoken_code(code: str) -> str:
    """'A012' -> 'A 0 1 2': engines read digits one by one, as staff say them."""
    return " ".join(code)


def sentences(announcement: Announcement, languages: list[str]) -> list[tuple[str, str]]:
    return [
        (
            language,
            tr(
                language,
                "announce.call",
                spoken=spoken_code(announcement.code),
                counter=announcement.counter,
            ),
        )
        for language in languages
    ]


class Speaker(Protocol):
    """Says one sentence and calls ``done`` when it has finished (or failed)."""

    def say(self, text: str, language: str, done: Callable[[bool], None]) -> None: ...


class Chime(Protocol):
    def play(self, done: Callable[[], None]) -> None: ...


class Announcer(QObject):
    started = Signal(object)
    finished = Signal(object)
    #: (announcement, "chime" or the language now spoken): the display's sound timeline
    part_started = Signal(object, str)

    def __init__(self, speaker: Speaker | None, chime: Chime, languages: list[str]) -> None:
        super().__init__()
        self._speaker = speaker
        self._chime = chime
        self._languages = languages
        self._queue: deque[Announcement] = deque()
        self._busy = False
        self._speech_failed_logged = speaker is None
        if speaker is None:
            log.warning("no speech engine: announcements are chime and screen only")

    @property
    def pending(self) -> int:
        return len(self._queue) + (1 if self._busy else 0)

    def announce(self, announcement: Announcement) -> None:
        self._queue.append(announcement)
        if not self._busy:
            self._next()

    def _next(self) -> None:
        if not self._queue:
            self._busy = False
            return
        self._busy = True
        current = self._queue.popleft()
        self.started.emit(current)
        self.part_started.emit(current, "chime")
        self._chime.play(lambda: self._speak(current, sentences(current, self._languages)))

    def _speak(self, current: Announcement, remaining: list[tuple[str, str]]) -> None:
        if not remaining or self._speaker is None:
            self.finished.emit(current)
            QTimer.singleShot(300, self._next)  # a breath between announcements
            return
        language, text = remaining[0]

        def done(ok: bool) -> None:
            if not ok:
                # One failure (an error, or speech that never ends for want of an audio
                # device) and the engine is dropped, so no later call waits on it.
                if not self._speech_failed_logged:
                    self._speech_failed_logged = True
                    log.warning(
                        "the speech engine failed; announcements continue with chime and screen"
                    )
                self._speaker = None
            self._speak(current, remaining[1:])

        self.part_started.emit(current, language)
        self._speaker.say(text, language, done)
