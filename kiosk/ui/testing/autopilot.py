"""A scripted visitor: taps and types through the whole wizard, saving a picture of each screen.

It uses the kiosk's own widgets the way a visitor does (buttons are clicked, text is typed on
the on-screen keyboard or the keypad), so a run proves the flow works end to end. Pictures go
to ``<out>/<language>/<nn>_<screen>.png``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from kiosk.domain.forms import FieldType
from kiosk.domain.intake import Step
from kiosk.settings.translations import tr
from kiosk.ui.testing.layout_check import layout_problems
from kiosk.ui.visitor.form_page import FormPage
from kiosk.ui.visitor.intake_wizard import IntakeWizard
from kiosk.ui.visitor.keyboards import OnScreenKeyboard
from kiosk.ui.visitor.ticket_page import TicketPage
from kiosk.ui.widgets.form_fields import FieldEditor

log = logging.getLogger(__name__)

#: (what is being waited for, the condition, seconds allowed)
Wait = tuple[str, Callable[[], bool], float]
Script = Generator[Wait, None, None]

#: Answers the scripted visitor gives; Chinese text is typed as Pinyin and the first candidate
#: is taken, as a visitor would.
TEXT_ANSWERS = {
    "en": {"text": "Chen li", "multiline": "My son spent money in a game without asking me"},
    "zh_CN": {"text": "chenli", "multiline": "wodeerzi zaiyouxili huale henduoqian"},
}
#: what is typed on the Latin keyboard, by field type (never by a field's id: forms change)
LATIN_ANSWERS = {FieldType.IDENTIFIER: "chenli1956", FieldType.EMAIL: "chenli@example.com"}
KEYPAD_ANSWERS = {
    FieldType.PHONE: "13800138000",
    FieldType.DATE: "2025-06",
    FieldType.DIGITS: "12",
}


class AutopilotFailed(RuntimeError):
    pass


class Autopilot(QObject):
    def __init__(
        self,
        wizard: IntakeWizard,
        out: Path,
        languages: list[str],
        case_type: str = "minor_spending_refund",
        quit_when_done: bool = True,
        large_text: bool = False,
    ) -> None:
        super().__init__(wizard)
        self.large_text = large_text
        #: what a visitor could not have seen, by picture (see layout_check)
        self.layout_problems: dict[str, list[str]] = {}
        self.wizard = wizard
        self.out = out
        self.languages = languages
        self.case_type = case_type
        self.quit_when_done = quit_when_done
        self.tickets: list[tuple[str, str]] = []
        self.shots: list[Path] = []
        self.failure: str | None = None
        self.finished = False
        self._script: Script | None = None
        self._wait: Wait | None = None
        self._since = 0.0
        self._poll = QTimer(self)
        self._poll.setInterval(50)
        self._poll.timeout.connect(self._on_poll_timeout)
        self._language = ""
        self._count = 0
        self._candidates_shown = False

    def start(self) -> None:
        window = self.wizard.window()
        window.activateWindow()
        window.raise_()
        self._script = self._run()
        QTimer.singleShot(0, self._resume)

    # -- the driver ----------------------------------------------------------------------------
    def _resume(self) -> None:
        assert self._script is not None
        try:
            self._wait = next(self._script)
        except StopIteration:
            self._stop(None)
            return
        except Exception as exc:
            self._stop(f"{self._language}: {exc}")
            return
        self._since = time.monotonic()
        self._poll.start()

    def _on_poll_timeout(self) -> None:
        assert self._wait is not None
        what, condition, seconds = self._wait
        try:
            ready = condition()
        except Exception as exc:
            self._stop(f"{self._language}: {what}: {exc}")
            return
        if ready:
            self._poll.stop()
            QTimer.singleShot(0, self._resume)
        elif time.monotonic() - self._since > seconds:
            self._stop(f"{self._language}: gave up waiting for {what} after {seconds:.0f} s")

    def _stop(self, failure: str | None) -> None:
        self._poll.stop()
        self.failure = failure
        self.finished = True
        if failure:
            log.error("autopilot: %s", failure)
        if self.quit_when_done:
            QApplication.quit()

    # -- helpers -------------------------------------------------------------------------------
    def button(self, name: str) -> QPushButton:
        for button in self.wizard.findChildren(QPushButton):
            if button.accessibleName() == name and button.isVisible():
                return button
        raise AutopilotFailed(f"no visible button '{name}' on the {self.wizard.position[0]} page")

    def tap(self, name: str) -> None:
        self.tap_widget(self.button(name))

    def tap_widget(self, widget: QWidget) -> None:
        if not widget.isEnabled():
            raise AutopilotFailed(f"'{widget.accessibleName()}' cannot be tapped (disabled)")
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)

    def shot(self, name: str) -> None:
        self._count += 1
        folder = self.out / self._language
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self._count:02d}_{name}.png"
        QApplication.processEvents()
        window = self.wizard.window()
        window.grab().save(str(path))
        self.shots.append(path)
        keys = self.wizard.input
        typing = keys.stack.isVisible() or keys.keypad.isVisible()
        problems = layout_problems(window, typing=typing)
        if problems:
            self.layout_problems[f"{self._language}/{path.name}"] = problems

    def step(self) -> Step:
        return self.wizard.position[0]

    def at(self, step: Step) -> Wait:
        return (f"the {step.value} page", lambda: self.wizard.position[0] is step, 10)

    def settle(self) -> Wait:
        deadline = time.monotonic() + 0.15
        return ("the screen to settle", lambda: time.monotonic() > deadline, 5)

    def focus(self, widget: QWidget) -> None:
        self.tap_widget(widget)
        if not widget.hasFocus():
            widget.setFocus(Qt.FocusReason.MouseFocusReason)

    def type_letters(self, keyboard: OnScreenKeyboard, text: str) -> None:
        """Taps at the keys' places, as a finger would; a character with no key on the
        current layout (a digit on the letters) goes through the keyboard's own engine."""
        for char in text:
            point = keyboard.key_point(char)
            if point is None:
                keyboard.tap_keys(char)
                continue
            QTest.mousePress(keyboard, Qt.MouseButton.LeftButton, pos=point)
            QTest.mouseRelease(keyboard, Qt.MouseButton.LeftButton, pos=point)

    def type_keypad(self, text: str) -> None:
        for char in text:
            self.tap_widget(self.wizard.input.keypad.key_button(char))

    def fill(self, editor: FieldEditor) -> Script:
        field = editor.field
        if field.type is FieldType.CHOICE:
            buttons = [b for b in editor.findChildren(QPushButton) if b.objectName() == "choice"]
            self.tap_widget(buttons[0])
            return
        if field.type is FieldType.YES_NO:
            self.tap_widget(editor.findChildren(QPushButton)[0])
            return
        target = editor.input_widget
        self.focus(target)
        if field.type in KEYPAD_ANSWERS:
            yield ("the keypad", lambda: self.wizard.input.keypad.target is target, 5)
            answer = KEYPAD_ANSWERS[field.type]
            if field.max_length is not None and field.type is FieldType.DIGITS:
                answer = answer[: field.max_length].rjust(field.min_length or 1, "1")
            self.type_keypad(answer)
            return
        yield ("the keyboard", self._keyboard_shown, 10)
        keyboard = self.wizard.input.on_screen_keyboard()
        assert keyboard is not None
        kind = "multiline" if field.type is FieldType.MULTILINE else "text"
        if field.type in LATIN_ANSWERS:  # the field asked for the Latin layout itself
            self.type_letters(keyboard, LATIN_ANSWERS[field.type])
            return
        answer = TEXT_ANSWERS.get(self._language, TEXT_ANSWERS["en"])[kind]
        if self._language.startswith("zh"):
            for syllables in answer.split():
                self.type_letters(keyboard, syllables)
                yield ("Pinyin candidates", lambda: bool(keyboard.candidates()), 5)
                yield (
                    "the first candidate drawn",
                    lambda: keyboard.candidate_rect(0) is not None,
                    5,
                )
                if not self._candidates_shown:
                    self._candidates_shown = True
                    self.shot("pinyin_candidates")
                place = keyboard.candidate_rect(0)
                assert place is not None
                QTest.mouseClick(keyboard, Qt.MouseButton.LeftButton, pos=place.center())
        else:
            self.type_letters(keyboard, answer)

    def in_parts(self, name: str, act: Callable[[], Script | None]) -> Script:
        """Each part of a page too tall for the screen (or the whole page): ``act`` on what is
        on it, a picture, then Next to the next part; the last part's Next is the caller's."""
        page = self.wizard.page
        assert page is not None
        count = 0
        while True:
            count += 1
            work = act()
            if work is not None:
                yield from work
            yield self.settle()
            self.shot(name if count == 1 and page.on_last_part() else f"{name}_{count}")
            if page.on_last_part():
                return
            before = page.part
            self.tap("next")
            yield self.settle()
            if page.part == before:
                raise AutopilotFailed(f"{name}: part {count} was refused")

    def answer(self, page: FormPage) -> Script:
        for editor in page.editors:
            if editor.isVisible():
                yield from self.fill(editor)
        self.tap_widget(page.title)  # a tap beside the fields puts the keyboard away
        yield ("the keyboard away", lambda: not self.wizard.input.stack.isVisible(), 5)

    def choose_assistance(self) -> None:
        """Aged 65 and the site's first dialect, each where it is shown."""
        code = self.wizard.site.assistance.help_languages[0].code
        for name in ("reason:age_65", f"help:{code}"):
            found = [b for b in self.wizard.findChildren(QPushButton) if b.accessibleName() == name]
            if found and found[0].isVisible() and not found[0].isChecked():
                self.tap_widget(found[0])

    def look_up(self, language: str, code: str) -> Script:
        """Back at the start: "I already have a ticket", by its number and phone digits."""
        self.tap(f"lookup:{language}")
        panel = self.wizard.aids.lookup
        assert panel is not None
        self.focus(panel.code)
        yield ("the keyboard", self._keyboard_shown, 10)
        keyboard = self.wizard.input.on_screen_keyboard()
        assert keyboard is not None
        self.type_letters(keyboard, code.lower())
        self.focus(panel.last4)
        yield ("the keypad", lambda: self.wizard.input.keypad.target is panel.last4, 5)
        self.type_keypad(KEYPAD_ANSWERS[FieldType.PHONE][-4:])
        self.tap("lookup:find")
        yield ("the look-up's answer", lambda: panel.reprint_button.isVisible(), 10)
        yield self.settle()
        self.shot("lookup")
        self.tap("lookup:done")
        yield self.at(Step.WELCOME)

    def _keyboard_shown(self) -> bool:
        keyboard = self.wizard.input.on_screen_keyboard()
        return keyboard is not None and keyboard.isVisible() and keyboard.can_type()

    # -- the visit -----------------------------------------------------------------------------
    def _run(self) -> Script:
        wizard = self.wizard
        for language in self.languages:
            self._language = language
            self._count = 0
            self._candidates_shown = False
            yield self.at(Step.WELCOME)
            yield self.settle()
            self.shot("welcome")
            self.tap(f"language:{language}")
            yield self.at(Step.ACKNOWLEDGEMENT)
            if self.large_text:
                self.tap("large_text")
                yield self.settle()
            self.shot("acknowledgement")
            self.tap("call_staff")  # help is a tap away on every page
            banner = wizard.aids.banner
            yield ("the help request", banner.cancel.isVisible, 10)
            yield self.settle()
            self.shot("help")
            self.tap_widget(banner.cancel)
            self.tap("confirm")
            self.tap("next")
            yield self.at(Step.CASE_TYPE)
            yield self.settle()
            self.shot("case_type")
            self.tap(f"case:{self.case_type}")
            page_number = 0
            while self.step() is Step.FORM:
                page = wizard.page
                assert isinstance(page, FormPage)
                page_number += 1
                yield from self.in_parts(f"form_{page_number}", partial(self.answer, page))
                before = wizard.position
                self.tap("next")
                yield self.settle()
                if wizard.position == before:
                    problems = [e.message.text() for e in page.editors if e.message.text()]
                    raise AutopilotFailed(f"form page {page_number} was refused: {problems}")
            if self.step() is not Step.ASSISTANCE:
                raise AutopilotFailed(f"expected the assistance page, got {wizard.position[0]}")
            yield from self.in_parts("assistance", self.choose_assistance)
            if not self.large_text:  # (a large-text run has it on throughout)
                self.tap("large_text")
                yield self.settle()
                self.shot("assistance_large_text")
            self.tap("high_contrast")
            yield self.settle()
            self.shot("assistance_high_contrast")
            if not self.large_text:
                self.tap("large_text")
            self.tap("high_contrast")
            yield self.settle()
            while wizard.page and not wizard.page.on_last_part():  # (larger text: more parts)
                self.tap("next")
                yield self.settle()
            self.tap("next")
            yield self.at(Step.CONSENT)
            self.shot("consent")
            self.tap("consent:accept")
            if self.step() is Step.LIVENESS:
                check = wizard.page
                prompt = getattr(check, "check_screen").prompt  # noqa: B009
                progress = getattr(check, "check_screen").progress  # noqa: B009
                yield ("a face-check prompt", _has_text(progress, "○"), 60)
                yield self.settle()
                self.shot("liveness")
                yield ("the face check to finish", lambda: wizard.draft.liveness is not None, 120)
                yield self.settle()
                self.shot("liveness_done")
                if not wizard.draft.liveness or not wizard.draft.liveness.passed:
                    log.warning("autopilot: face check not passed: %s", prompt.text())
                self.tap("next")
            yield self.at(Step.REVIEW)
            yield from self.in_parts("review", lambda: None)
            self.tap("next")
            yield ("the ticket", lambda: wizard.position[0] is Step.TICKET, 30)
            ticket_page = wizard.page
            assert isinstance(ticket_page, TicketPage)
            printing = tr(language, "wizard.ticket.printing")
            yield (
                "the printing result",
                _text_changed(ticket_page.print_status, printing),
                30,
            )
            yield self.settle()
            self.shot("ticket")
            code = ticket_page.submission.ticket.code
            self.tickets.append((language, code))
            self.tap("next")
            yield self.at(Step.WELCOME)
            yield from self.look_up(language, code)


def _has_text(label: QLabel, part: str) -> Callable[[], bool]:
    return lambda: part in label.text()


def _text_changed(label: QLabel, before: str) -> Callable[[], bool]:
    return lambda: label.text() != before
