"""Heartbeats and the Devices page: every machine reports; one silent for 2 minutes is
offline; the counters hear of a kiosk out of paper or offline (an injected clock)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.domain.clock import ManualClock
from kiosk.services.devices import Devices
from kiosk.services.site_context import SiteContext, open_site
from kiosk.settings.translations import tr
from kiosk.ui.admin.admin_screen import AdminScreen
from kiosk.ui.heartbeat import Heartbeat
from kiosk.ui.staff.device_warnings import DeviceWarnings
from tests.gui_thread_guard import settle

START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in the centre


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def site(tmp_path: Path, clock: ManualClock) -> Iterator[SiteContext]:
    context = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}", clock)
    yield context
    context.close()


def test_a_machine_silent_for_two_minutes_is_offline(site: SiteContext, clock: ManualClock) -> None:
    devices = Devices(site.db, clock)
    devices.beat("kiosk-1", "visitor", camera="ok", printer="ready")
    devices.beat("counter-2", "staff")
    clock.advance(seconds=119)
    assert [(d.name, d.offline) for d in devices.all()] == [
        ("counter-2", False),
        ("kiosk-1", False),
    ]
    assert devices.in_trouble() == []
    clock.advance(seconds=2)  # 2 min 1 s without a report
    assert [d.trouble for d in devices.all()] == [["offline"], ["offline"]]
    assert [d.name for d in devices.in_trouble()] == ["kiosk-1"]  # the one that gives tickets
    devices.beat("kiosk-1", "visitor", camera="ok", printer="media_empty")
    (kiosk,) = devices.in_trouble()
    assert kiosk.trouble == ["printer:media_empty"]
    assert kiosk.version
    devices.beat("kiosk-1", "visitor", camera="none", printer="ready")
    assert devices.in_trouble() == []  # a kiosk built without a camera is not in trouble


def test_the_heartbeat_reports_this_machine(
    qtbot: QtBot, site: SiteContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_MACHINE_NAME", "kiosk-7")
    heartbeat = Heartbeat(site, "visitor", lambda: ("ok", "media_low"))
    heartbeat.start()
    qtbot.waitUntil(lambda: heartbeat.runner.idle)
    (device,) = Devices(site.db, site.clock).all()
    assert (device.name, device.role, device.camera, device.printer) == (
        "kiosk-7", "visitor", "ok", "media_low",
    )  # fmt: skip
    heartbeat.stop()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_devices_page_and_console_warning(
    qtbot: QtBot, site: SiteContext, clock: ManualClock, tmp_path: Path, language: str
) -> None:
    devices = Devices(site.db, clock)
    devices.beat("kiosk-1", "visitor", camera="ok", printer="ready")
    devices.beat("kiosk-2", "visitor", camera="ok", printer="ready")
    devices.beat("display-hall", "display")
    clock.advance(minutes=5)
    devices.beat("kiosk-1", "visitor", camera="ok", printer="media_empty")
    devices.beat("counter-3", "staff")
    devices.beat("display-hall", "display")
    site.staff.add("Li Na", "864209", role="admin")
    member = site.staff.sign_in("Li Na", "864209")
    admin = AdminScreen(site, member, language)
    qtbot.addWidget(admin)
    admin.resize(1920, 1080)
    admin.show()
    admin.show_page(tr(language, "admin.page.devices"))
    page = admin.devices
    qtbot.waitUntil(lambda: page.table.rowCount() == 4)
    rows = {
        page.table.item(r, 0).text(): page.table.item(r, 6).text()
        for r in range(page.table.rowCount())
    }
    assert rows["kiosk-1"] == tr(language, "admin.devices.trouble.printer:media_empty")
    assert rows["kiosk-2"] == tr(language, "admin.devices.trouble.offline")
    assert rows["counter-3"] == tr(language, "admin.devices.ok")
    # "Check this machine": the checks of `kiosk doctor --role admin`, in the page's language.
    button = page.check_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())
    qtbot.waitUntil(lambda: button.isEnabled(), timeout=30_000)
    lines = page.findings.text().splitlines()
    checks = ["database", "grants", "fonts", "clock", "disk", "files"]
    assert [line.split(":")[0][2:] for line in lines[:-1]] == [
        tr(language, f"doctor.check.{check}") for check in checks
    ]
    assert lines[0].startswith("✓ ")  # the site's database, reachable and current
    assert lines[-1] in (
        tr(language, "doctor.summary.ok", count=0, role=tr(language, "admin.devices.role.admin")),
        tr(language, "doctor.summary.fail", count=sum(line.startswith("✗") for line in lines),
           role=tr(language, "admin.devices.role.admin")),
    )  # fmt: skip
    assert page.findings.isVisible()
    out = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert admin.grab().save(str(out / f"admin_devices_{language}.png"))

    warnings = DeviceWarnings(site, language)
    qtbot.addWidget(warnings)
    warnings.show()
    qtbot.waitUntil(lambda: warnings.text.text() != "")
    lines = warnings.text.text().splitlines()
    assert lines == [
        "⚠ " + tr(language, "staff.device.line", name="kiosk-1",
                  problem=tr(language, "admin.devices.trouble.printer:media_empty")),
        "⚠ " + tr(language, "staff.device.line", name="kiosk-2",
                  problem=tr(language, "admin.devices.trouble.offline")),
    ]  # fmt: skip
    devices.beat("kiosk-1", "visitor", camera="ok", printer="ready")  # paper put in
    devices.beat("kiosk-2", "visitor", camera="ok", printer="ready")  # and back online
    warnings.refresh()
    settle(qtbot)
    qtbot.waitUntil(lambda: warnings.isHidden())
    warnings.shutdown()
    admin.shutdown()
