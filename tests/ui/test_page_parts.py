"""A page too tall for the screen is shown in parts that each fit, turned by Next and Back;
the questions of a part are checked before the next part is shown."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.domain.intake import Step
from kiosk.ui.visitor.form_page import FormPage
from kiosk.ui.visitor.wizard_page import split_into_parts
from tests.ui.visitor_driver import make_kiosk


def test_blocks_are_grouped_in_order_into_parts_that_fit() -> None:
    assert split_into_parts([100, 100, 100], room=400, spacing=10) == [[0, 1, 2]]
    assert split_into_parts([200, 150, 100], room=360, spacing=10) == [[0, 1], [2]]
    assert split_into_parts([500, 100], room=300, spacing=10) == [[0], [1]]  # too tall: alone
    assert split_into_parts([], room=300, spacing=10) == []


def test_a_form_page_too_tall_for_a_short_screen_is_answered_in_parts(
    qtbot: QtBot, tmp_path: Path
) -> None:
    kiosk = make_kiosk(qtbot, f"sqlite:///{tmp_path / 'site.sqlite3'}", size=(1920, 820))
    kiosk.start("en")
    kiosk.choose("minor_spending_refund")
    page = kiosk.form_page()
    while page.on_last_part():  # pages that fit whole: answered, and on
        kiosk.fill_page()
        kiosk.tap("next")
        page = kiosk.form_page()  # (fails if no page of the form needs parts here)
    assert isinstance(page, FormPage)
    first = [e for e in page.editors if e.isVisible()]
    later = [e for e in page.editors if not e.isVisible()]
    assert first, "expected a page shown in two parts"
    assert later, "expected a page shown in two parts"
    assert page.part_note.isVisible()
    window = kiosk.wizard.rect()
    for editor in first:  # what is shown lies inside the window, above the footer
        corner = editor.mapTo(kiosk.wizard, editor.rect().topLeft())
        assert window.contains(corner)
        assert corner.y() + editor.height() < window.height()
    kiosk.tap("next")  # nothing answered yet: the part is refused, the question says why
    assert page.part == 0
    assert any(e.message.text() for e in first)
    kiosk.fill_page()  # answers part 1, turns, answers part 2
    assert page.part == 1
    assert all(e.isVisible() for e in later)
    kiosk.tap("back")  # Back shows the part before, on the same page
    assert kiosk.step is Step.FORM
    assert page.part == 0
    position = kiosk.wizard.position
    kiosk.tap("next")
    assert page.part == 1
    assert kiosk.wizard.position == position
    kiosk.tap("next")
    assert kiosk.wizard.position != position
    kiosk.site.close()
