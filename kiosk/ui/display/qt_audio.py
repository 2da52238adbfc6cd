"""Real sound for the announcer: QtTextToSpeech for voices, QSoundEffect for the chime."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QLocale, QObject, QTimer, QUrl

from kiosk.resources import resource_path

log = logging.getLogger(__name__)

CHIME_MS = 1400


class QtChime(QObject):
    """Plays resources/sounds/chime.wav where there is an audio output; waits its length always."""

    def __init__(self) -> None:
        super().__init__()
        self._effect = None
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

            if QMediaDevices.audioOutputs():
                self._effect = QSoundEffect(self)
                self._effect.setSource(
                    QUrl.fromLocalFile(str(resource_path("sounds", "chime.wav")))
                )
            else:
                log.info("no audio output: the chime is silent")
        except ImportError:
            log.info("QtMultimedia is missing: the chime is silent")

    def play(self, done: Callable[[], None]) -> None:
        if self._effect is not None:
            self._effect.play()
        QTimer.singleShot(CHIME_MS, done)


class QtSpeaker(QObject):
    """One QTextToSpeech engine; a sentence that does not finish in time counts as failed."""

    def __init__(self, engine: str | None = None, timeout_ms: int = 15000) -> None:
        super().__init__()
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._tts = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        self._states = QTextToSpeech.State
        self._timeout_ms = timeout_ms
        self._done: Callable[[bool], None] | None = None
        self._spoke = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self._finish(False))
        self._tts.stateChanged.connect(self._on_tts_state_changed)

    @staticmethod
    def available_engines() -> list[str]:
        from PySide6.QtTextToSpeech import QTextToSpeech

        return list(QTextToSpeech.availableEngines())

    def usable(self) -> bool:
        return self._tts.state() != self._states.Error

    def say(self, text: str, language: str, done: Callable[[bool], None]) -> None:
        self._done = done
        self._spoke = False
        locale = QLocale(language)
        voices = self._tts.availableVoices()
        match = [v for v in voices if v.locale().language() == locale.language()]
        if match:
            self._tts.setVoice(match[0])
        self._timer.start(self._timeout_ms)
        self._tts.say(text)

    def stop(self) -> None:
        """Stop speaking now (the kiosk's page changed)."""
        self._tts.stop()
        self._finish(False)

    def _on_tts_state_changed(self, state: object) -> None:
        if state == self._states.Speaking:
            self._spoke = True
        elif state == self._states.Ready and self._spoke:
            self._finish(True)
        elif state == self._states.Error:
            self._finish(False)

    def _finish(self, ok: bool) -> None:
        self._timer.stop()
        done, self._done = self._done, None
        if done is not None:
            done(ok)


def make_speaker() -> QtSpeaker | None:
    """The first speech engine that works here, or None (screen only)."""
    try:
        engines = QtSpeaker.available_engines()
    except ImportError:
        return None
    preferred = [e for e in ("speechd", "flite", "espeak") if e in engines]
    for engine in preferred:
        speaker = QtSpeaker(engine)
        if speaker.usable():
            return speaker
    return None
