"""The announcement queue: order, no interruptions, recalls, every language."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from kiosk.ui.display.announcer import Announcement, Announcer, sentences


class RecordingSpeaker:
    """Takes 50 ms per sentence; records starts and ends to prove nothing overlaps."""

    def __init__(self, fail: bool = False) -> None:
        self.log: list[tuple[str, str]] = []
        self.speaking = False
        self.overlaps = 0
        self.fail = fail

    def say(self, text: str, language: str, done: Callable[[bool], None]) -> None:
        if self.speaking:
            self.overlaps += 1
        self.speaking = True
        self.log.append((language, text))

        def end() -> None:
            self.speaking = False
            done(not self.fail)

        QTimer.singleShot(50, end)


class InstantChime:
    def __init__(self) -> None:
        self.plays = 0

    def play(self, done: Callable[[], None]) -> None:
        self.plays += 1
        QTimer.singleShot(10, done)


def test_sentences_name_the_ticket_and_the_counter_in_each_language() -> None:
    said = sentences(Announcement("A012", 3), ["zh_CN", "en"])
    assert said == [
        ("zh_CN", "请 A 0 1 2 号到 3 号窗口。"),
        ("en", "Ticket A 0 1 2, please go to counter 3."),
    ]


def test_announcements_queue_in_order_without_cutting_each_other_off(qtbot: QtBot) -> None:
    speaker, chime = RecordingSpeaker(), InstantChime()
    announcer = Announcer(speaker, chime, ["zh_CN", "en"])
    finished: list[Announcement] = []
    announcer.finished.connect(finished.append)
    for code, counter in (("A001", 1), ("W002", 4), ("S001", 6)):
        announcer.announce(Announcement(code, counter))
    assert announcer.pending == 3
    qtbot.waitUntil(lambda: len(finished) == 3, timeout=5000)
    assert [a.code for a in finished] == ["A001", "W002", "S001"]
    assert speaker.overlaps == 0
    assert chime.plays == 3
    assert [lang for lang, _ in speaker.log] == ["zh_CN", "en"] * 3
    assert "W 0 0 2" in speaker.log[2][1]


def test_a_recall_is_announced_again(qtbot: QtBot) -> None:
    speaker = RecordingSpeaker()
    announcer = Announcer(speaker, InstantChime(), ["en"])
    finished: list[Announcement] = []
    announcer.finished.connect(finished.append)
    announcer.announce(Announcement("A001", 2))
    announcer.announce(Announcement("A001", 2, recall=True))
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=5000)
    assert [text for _, text in speaker.log] == ["Ticket A 0 0 1, please go to counter 2."] * 2


def test_without_speech_the_chime_and_screen_go_on(qtbot: QtBot, caplog) -> None:  # type: ignore[no-untyped-def]
    chime = InstantChime()
    announcer = Announcer(None, chime, ["zh_CN", "en"])
    finished: list[Announcement] = []
    announcer.finished.connect(finished.append)
    announcer.announce(Announcement("A001", 1))
    announcer.announce(Announcement("A002", 2))
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=5000)
    assert chime.plays == 2
    assert caplog.text.count("no speech engine") == 1


def test_a_failing_engine_is_logged_once_and_dropped(qtbot: QtBot, caplog) -> None:  # type: ignore[no-untyped-def]
    speaker = RecordingSpeaker(fail=True)
    announcer = Announcer(speaker, InstantChime(), ["zh_CN", "en"])
    finished: list[Announcement] = []
    announcer.finished.connect(finished.append)
    for number in range(3):
        announcer.announce(Announcement(f"A00{number}", 1))
    qtbot.waitUntil(lambda: len(finished) == 3, timeout=5000)
    assert caplog.text.count("speech engine failed") == 1
    assert len(speaker.log) == 1  # nobody waits on it after it failed once


def test_the_qt_speech_engine_path_finishes_every_announcement(qtbot: QtBot, caplog) -> None:  # type: ignore[no-untyped-def]
    """The real QtTextToSpeech path, through Qt's own 'mock' engine plugin (it goes Speaking,
    then Ready, as a voice does). speech-dispatcher is not driven here: with no audio device
    it never leaves Speaking, which the timeout test above turns into the fallback."""
    from kiosk.ui.display.qt_audio import QtSpeaker

    engines = QtSpeaker.available_engines()
    assert "mock" in engines
    for engine in ["mock"]:
        speaker = QtSpeaker(engine, timeout_ms=3000)
        assert speaker.usable()
        announcer = Announcer(speaker, InstantChime(), ["en"])
        finished: list[Announcement] = []
        announcer.finished.connect(finished.append)
        announcer.announce(Announcement("A001", 1))
        announcer.announce(Announcement("A002", 2))
        qtbot.waitUntil(lambda finished=finished: len(finished) == 2, timeout=15000)
        assert [a.code for a in finished] == ["A001", "A002"]
