"""A test visitor: taps and types on the real wizard widgets, waiting as a person would."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.domain.forms import FieldType
from kiosk.domain.intake import Step
from kiosk.services.face_check import CameraChoice
from kiosk.services.intake_service import IntakeService
from kiosk.services.site_context import SiteContext, open_site
from kiosk.services.visitor_kiosk import VisitorKiosk, compose_visitor_kiosk
from kiosk.settings.translations import tr
from kiosk.ui.visitor.form_page import FormPage
from kiosk.ui.visitor.intake_wizard import IntakeWizard
from kiosk.ui.visitor.keyboards import NumericKeypad, OnScreenKeyboard
from kiosk.ui.widgets.form_fields import FieldEditor
from tests.intake_answers import valid_answer

CLIP = Path(__file__).parents[1] / "data" / "live_mouth_open_smile_liveportrait_d18.mp4"
#: the bundled clip as the camera, decoded as fast as it goes (a demo: its rules fit the clip)
CLIP_CAMERA = CameraChoice(str(CLIP), demo=True, realtime=False)


@dataclass
class Kiosk:
    site: SiteContext
    wizard: IntakeWizard
    services: VisitorKiosk
    qtbot: QtBot

    @property
    def keypad(self) -> NumericKeypad:
        return self.wizard.input.keypad

    # -- finding and tapping -------------------------------------------------------------------
    @property
    def language(self) -> str:
        return self.wizard.draft.language

    @property
    def step(self) -> Step:
        return self.wizard.position[0]

    def button(self, name: str) -> QPushButton:
        for button in self.wizard.findChildren(QPushButton):
            if button.accessibleName() == name and button.isVisible():
                return button
        raise AssertionError(f"no visible button {name!r} on the {self.step} page")

    def tap(self, name: str) -> None:
        self.tap_widget(self.button(name))

    def tap_widget(self, widget: QWidget) -> None:
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)

    def wait_for(self, step: Step, timeout: int = 10_000) -> None:
        self.qtbot.waitUntil(lambda: self.step is step, timeout=timeout)

    # -- answering -----------------------------------------------------------------------------
    def form_page(self) -> FormPage:
        page = self.wizard.page
        assert isinstance(page, FormPage), f"not on a form page but on {self.step}"
        return page

    def editor(self, field_id: str) -> FieldEditor:
        for editor in self.form_page().editors:
            if editor.field.id == field_id:
                return editor
        raise AssertionError(f"field {field_id} is not on this page")

    def answer(self, editor: FieldEditor, value: Any) -> None:
        """Type or tap ``value`` into a field the way a visitor would."""
        field = editor.field
        if field.type is FieldType.YES_NO:
            label = tr(self.language, "answer.yes" if value else "answer.no")
            self.tap_widget(self._button_in(editor, label))
            return
        if field.type is FieldType.CHOICE:
            wanted = value if isinstance(value, list) else [value]
            for choice in field.choices:
                if choice.value in wanted:
                    self.tap_widget(self._button_in(editor, choice.label.get(self.language)))
            return
        widget = editor.input_widget
        self.tap_widget(widget)
        self.qtbot.waitUntil(widget.hasFocus, timeout=3000)
        text = str(value)
        if field.type in (FieldType.PHONE, FieldType.DIGITS, FieldType.DATE):
            self.qtbot.waitUntil(lambda: self.keypad.target is widget, timeout=3000)
            self.tap_widget(self.keypad.key_button("clear"))
            for char in text.replace(" ", ""):
                self.tap_widget(self.keypad.key_button(char))
        else:
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.selectAll()
            QTest.keyClicks(widget, text)

    def open_keyboard(self, field: QWidget) -> OnScreenKeyboard:
        """Tap a text field and wait for the letter keyboard under it."""
        self.tap_widget(field)
        self.qtbot.waitUntil(
            lambda: self.wizard.input.on_screen_keyboard() is not None, timeout=10_000
        )
        keyboard = self.wizard.input.on_screen_keyboard()
        assert keyboard is not None
        self.qtbot.waitUntil(keyboard.isVisible, timeout=5000)
        self.qtbot.waitUntil(lambda: field.hasFocus() and QGuiApplication.focusWindow() is not None)
        return keyboard

    def _button_in(self, editor: QWidget, text: str) -> QPushButton:
        for button in editor.findChildren(QPushButton):
            if button.text() == text:
                return button
        raise AssertionError(f"no button {text!r} in {editor}")

    def fill_page(self, overrides: dict[str, Any] | None = None) -> None:
        """Every question of this form page, part after part (a page too tall for the
        screen is shown in parts, turned by Next); ends on its last part."""
        overrides = overrides or {}
        page = self.form_page()
        while True:
            for editor in page.editors:
                if editor.isVisible():
                    self.answer(editor, overrides.get(editor.field.id, valid_answer(editor.field)))
            if page.on_last_part():
                return
            part = page.part
            self.tap("next")
            problems = [e.message.text() for e in page.editors if e.message.text()]
            assert page.part != part, f"part {part + 1} refused: {problems}"

    def to_last_part(self) -> None:
        """Next through the parts of the page shown now, to its last."""
        page = self.wizard.page
        assert page is not None
        while not page.on_last_part():
            self.tap("next")

    # -- whole steps ---------------------------------------------------------------------------
    def start(self, language: str = "en") -> None:
        self.wait_for(Step.WELCOME)
        self.tap(f"language:{language}")
        self.wait_for(Step.ACKNOWLEDGEMENT)
        self.tap("confirm")
        self.tap("next")
        self.wait_for(Step.CASE_TYPE)

    def choose(self, case_type: str) -> None:
        self.tap(f"case:{case_type}")
        self.wait_for(Step.FORM)

    def fill_form(self, overrides: dict[str, Any] | None = None) -> None:
        while self.step is Step.FORM:
            before = self.wizard.position
            self.fill_page(overrides)
            self.tap("next")
            if self.wizard.position == before:
                problems = [e.message.text() for e in self.form_page().editors]
                raise AssertionError(f"page refused: {problems}")

    def to_review(self, *, consent: bool = False, reasons: tuple[str, ...] = ()) -> None:
        assert self.step is Step.ASSISTANCE
        for reason in reasons:
            self.tap(f"reason:{reason}")
        self.to_last_part()
        self.tap("next")
        self.wait_for(Step.CONSENT)
        self.tap("consent:accept" if consent else "consent:decline")
        if consent and self.step is Step.LIVENESS:
            self.qtbot.waitUntil(lambda: self.wizard.draft.liveness is not None, timeout=120_000)
            self.tap("next")
        self.wait_for(Step.REVIEW)

    def submit(self) -> None:
        self.to_last_part()
        self.tap("next")
        self.wait_for(Step.TICKET, timeout=20_000)


def make_kiosk(
    qtbot: QtBot,
    database_url: str,
    *,
    camera: bool = False,
    idle_ms: int = 600_000,
    countdown_s: int = 15,
    printing: bool = False,
    intake_class: type[IntakeService] = IntakeService,
    printer: Any = None,
    size: tuple[int, int] = (1920, 1080),
    demo_site: bool | None = None,
) -> Kiosk:
    """A visitor kiosk built by the same composition as ``kiosk visitor``. The sample clip
    films for the camera (``camera``) on a demo site unless ``demo_site`` says otherwise."""
    site = open_site(database_url, demo=camera if demo_site is None else demo_site)
    kiosk = compose_visitor_kiosk(site, camera=CLIP_CAMERA if camera else None, printer=printer)
    if intake_class is not IntakeService:
        kiosk.intake = intake_class(site.queue, kiosk.face_check, site.clock)
    if printing or printer is not None:
        kiosk.start_printing()
    wizard = IntakeWizard(
        kiosk,
        idle_ms=idle_ms,
        countdown_s=countdown_s,
        portrait=size[1] > size[0],
    )
    qtbot.addWidget(wizard, before_close_func=lambda w: (w.shutdown(), kiosk.close()))
    wizard.resize(*size)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    return Kiosk(site, wizard, kiosk, qtbot)
