"""Read aloud: each page's title and instructions, as on screen, in the visitor's language;
stopped when the page changes. A recording speaker, then Qt's real text-to-speech path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.domain.intake import Step
from kiosk.settings.translations import tr
from kiosk.ui.visitor.visitor_aids import page_words
from tests.ui.visitor_driver import make_kiosk


class RecordingSpeaker:
    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []
        self.stops = 0

    def say(self, text: str, language: str, done: Callable[[bool], None]) -> None:
        self.said.append((language, text))

    def stop(self) -> None:
        self.stops += 1


def test_each_page_is_read_in_the_visitors_language_and_stops_on_the_next(
    qtbot: QtBot, tmp_path: Path
) -> None:
    kiosk = make_kiosk(qtbot, f"sqlite:///{tmp_path / 'site.sqlite3'}")
    speaker = RecordingSpeaker()
    voice = kiosk.wizard.aids.voice
    voice.make_speaker = lambda: speaker
    kiosk.wait_for(Step.WELCOME)
    QTest.mouseClick(kiosk.wizard.chrome.read_aloud, Qt.MouseButton.LeftButton)
    assert len(speaker.said) == 1  # the welcome page, at once
    kiosk.tap("language:zh_CN")
    kiosk.wait_for(Step.ACKNOWLEDGEMENT)
    language, words = speaker.said[-1]
    assert language == "zh_CN"
    page = kiosk.wizard.page
    assert page is not None
    assert words == page_words(page)  # what is spoken is the text on screen
    assert words.startswith(page.title.text())
    first_rule = kiosk.site.site.acknowledgement.rules[0].get("zh_CN")
    assert first_rule in words
    stops_before = speaker.stops
    kiosk.tap("confirm")
    kiosk.tap("next")  # the next page: the old one stops, the new one is read
    kiosk.wait_for(Step.CASE_TYPE)
    assert speaker.stops > stops_before
    assert speaker.said[-1][1].startswith(kiosk.wizard.page.title.text())  # type: ignore[union-attr]
    kiosk.tap("header-language:en")
    assert speaker.said[-1][0] == "en"
    assert tr("en", "wizard.case_type.title") in speaker.said[-1][1]
    QTest.mouseClick(kiosk.wizard.chrome.read_aloud, Qt.MouseButton.LeftButton)  # off
    count = len(speaker.said)
    kiosk.choose("other")
    assert len(speaker.said) == count  # off: nothing more is said
    kiosk.site.close()


def test_the_real_text_to_speech_path_speaks_a_page_to_the_end(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from kiosk.ui.display.qt_audio import QtSpeaker

    assert "mock" in QtSpeaker.available_engines()
    kiosk = make_kiosk(qtbot, f"sqlite:///{tmp_path / 'site.sqlite3'}")
    voice = kiosk.wizard.aids.voice
    voice.make_speaker = lambda: QtSpeaker("mock", timeout_ms=30_000)
    kiosk.wait_for(Step.WELCOME)  # a short page: Qt's mock engine takes its time per word
    QTest.mouseClick(kiosk.wizard.chrome.read_aloud, Qt.MouseButton.LeftButton)
    assert voice.spoken
    qtbot.waitUntil(lambda: voice.finished == [True], timeout=30_000)
    kiosk.site.close()
