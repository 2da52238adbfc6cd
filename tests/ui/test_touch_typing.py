"""Typing as a visitor does: taps at the keys' places on the screen, candidates seen and tapped.

Nothing here calls the input engine directly: every key and every candidate is a mouse click
at its coordinates on the keyboard widget, and what should be seen is checked to lie inside the
window (an earlier keyboard offered its Pinyin candidates outside its own area: nobody could
see them, while tests that typed through the engine passed).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.ui.visitor.keyboards import OnScreenKeyboard
from tests.ui.visitor_driver import Kiosk, make_kiosk

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


def on_window(kiosk: Kiosk, keyboard: OnScreenKeyboard, rect: QRect) -> QRect:
    """``rect`` on the keyboard widget, in the window's coordinates."""
    corner = keyboard.mapTo(kiosk.wizard.window(), rect.topLeft())
    return QRect(corner, rect.size())


def tap_letters(qtbot: QtBot, keyboard: OnScreenKeyboard, letters: str) -> None:
    for letter in letters:
        point = keyboard.key_point(letter)
        assert point is not None, f"no key {letter!r} on the keyboard"
        QTest.mousePress(keyboard, Qt.MouseButton.LeftButton, pos=point)
        qtbot.wait(20)  # a finger rests on a key for a moment
        QTest.mouseRelease(keyboard, Qt.MouseButton.LeftButton, pos=point)
        qtbot.wait(40)


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large_text"])
@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_a_chinese_name_is_typed_by_tapping_keys_and_a_candidate(
    qtbot: QtBot, tmp_path: Path, orientation: str, large_text: bool
) -> None:
    kiosk = make_kiosk(qtbot, f"sqlite:///{tmp_path / 'site.sqlite3'}", size=SIZES[orientation])
    kiosk.start("zh_CN")
    if large_text:
        kiosk.tap("large_text")
    kiosk.choose("other")
    field = kiosk.editor("subject").input_widget
    keyboard = kiosk.open_keyboard(field)
    qtbot.waitUntil(keyboard.can_type, timeout=5000)
    window = kiosk.wizard.window().rect()
    out = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    suffix = f"{orientation}{'_large' if large_text else ''}"
    # 陈 from "chen", then 立 from "li": the way a visitor types a name character by character
    for syllable, character, typed in (("chen", "陈", "陈"), ("li", "立", "陈立")):
        tap_letters(qtbot, keyboard, syllable)
        qtbot.waitUntil(lambda c=character: c in keyboard.candidates(), timeout=5000)
        bar = keyboard.candidate_bar()
        assert bar is not None
        assert bar.height() >= 60  # large enough to read and to tap
        assert keyboard.rect().contains(bar)  # drawn inside the keyboard's own area …
        assert window.contains(on_window(kiosk, keyboard, bar))  # … which is on screen
        index = keyboard.candidates().index(character)
        qtbot.waitUntil(lambda i=index: keyboard.candidate_rect(i) is not None, timeout=3000)
        place = keyboard.candidate_rect(index)
        assert place is not None
        assert bar.contains(place)  # the whole candidate is to be seen, not cut off
        if character == "立":
            name = f"pinyin_candidates_{suffix}.png"
            assert kiosk.wizard.window().grab().save(str(out / name))
        QTest.mouseClick(keyboard, Qt.MouseButton.LeftButton, pos=place.center())
        qtbot.waitUntil(lambda t=typed: kiosk.editor("subject").value() == t, timeout=3000)
    label = kiosk.editor("subject")
    top = label.mapTo(kiosk.wizard.window(), QPoint(0, 0)).y()
    keyboard_top = keyboard.mapTo(kiosk.wizard.window(), QPoint(0, 0)).y()
    assert 0 <= top < keyboard_top  # the question is still to be seen above the keyboard
    kiosk.site.close()


def type_a_rare_name(qtbot: QtBot, kiosk: Kiosk) -> list[str]:
    """One visitor types 晨力 by taps, character by character; the first candidates offered
    for "chenli" are returned."""
    kiosk.start("zh_CN")
    kiosk.choose("other")
    field = kiosk.editor("subject").input_widget
    assert field.inputMethodHints() & Qt.InputMethodHint.ImhSensitiveData
    keyboard = kiosk.open_keyboard(field)
    qtbot.waitUntil(keyboard.can_type, timeout=5000)
    tap_letters(qtbot, keyboard, "chenli")
    qtbot.waitUntil(lambda: "晨" in keyboard.candidates(), timeout=5000)
    offered = keyboard.candidates()[:3]
    for character in ("晨", "力"):
        qtbot.waitUntil(lambda c=character: c in keyboard.candidates(), timeout=5000)
        index = keyboard.candidates().index(character)
        qtbot.waitUntil(lambda i=index: keyboard.candidate_rect(i) is not None, timeout=3000)
        place = keyboard.candidate_rect(index)
        assert place is not None
        QTest.mouseClick(keyboard, Qt.MouseButton.LeftButton, pos=place.center())
    qtbot.waitUntil(lambda: kiosk.editor("subject").value() == "晨力", timeout=3000)
    kiosk.wizard.wipe(abandoned=True)  # the visitor leaves; the next one starts
    return offered


def test_a_name_one_visitor_typed_is_never_offered_to_the_next(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The Pinyin engine learns what is typed (a user dictionary, kept on disk) and offers it
    first next time: the next visitor would see the last one's name. Visitor fields are
    marked sensitive, so it learns nothing."""
    kiosk = make_kiosk(qtbot, f"sqlite:///{tmp_path / 'site.sqlite3'}", size=SIZES["landscape"])
    first = type_a_rare_name(qtbot, kiosk)
    second = type_a_rare_name(qtbot, kiosk)
    assert first[0] != "晨力"
    assert second == first  # not "晨力" first: nothing of the first visitor is kept
    kiosk.site.close()
