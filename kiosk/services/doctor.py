"""``kiosk doctor``: is this machine ready for its role? One finding per check, each "ok",
"warn" (works, but someone should look) or "fail" (blocking: the role cannot serve visitors).

Checks, by role (visitor kiosk, reception, counter, display, admin):
- database: reachable, and its schema the one this version needs;
- grants (PostgreSQL): the privileges the role's work needs;
- camera (visitor, reception): opens and delivers ≥ 15 frames a second at 640×480 or more
  (no camera at all: a warning, the visit falls back to an ID check at the counter);
- printer (visitor, reception): its own state, paper included;
- CJK font: one for the screens, and a TrueType one for printed tickets;
- voices (display): an espeak-ng voice for every site language that is spoken;
- face model (visitor, reception): the model file matches its checksum;
- clock: synchronised (timedatectl) and the site's time zone known;
- disk: free space where the kiosk keeps its files;
- file modes: the data folder 0700 and nothing in it readable by other users.

The findings carry translation keys and their values; the command line says them in the
operator's language, or as JSON.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.domain.errors import DatabaseUnavailable
from kiosk.settings.models import SiteConfig
from kiosk.settings.translations import tr
from kiosk.storage import Database
from kiosk.storage.database import data_dir

log = logging.getLogger(__name__)

ROLES = ("visitor", "reception", "staff", "display", "admin")
MIN_FPS = 15.0
MIN_SIZE = (640, 480)
DISK_WARN_BYTES = 2 * 1024**3
DISK_FAIL_BYTES = 300 * 1024**2
#: what each role must be able to do on a shared PostgreSQL database (table, privilege)
GRANTS = {
    "visitor": [("tickets", "INSERT"), ("cases", "INSERT"), ("media", "INSERT")],
    "reception": [("tickets", "INSERT"), ("cases", "INSERT"), ("media", "INSERT")],
    "staff": [("tickets", "UPDATE"), ("cases", "SELECT"), ("media", "SELECT")],
    "display": [("queue_board", "SELECT"), ("public_changes", "SELECT")],
    "admin": [("settings_versions", "INSERT"), ("staff", "UPDATE")],
}


@dataclass(frozen=True, slots=True)
class Finding:
    check: str
    status: str  # ok | warn | fail
    key: str  # translation key of the sentence
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return self.status == "fail"


def _run(*command: str) -> str | None:
    """A system command's output, or None when it is missing or fails."""
    if shutil.which(command[0]) is None:
        return None
    try:
        # fixed commands of this module, never input
        done = subprocess.run(command, capture_output=True, text=True, timeout=20, check=False)  # noqa: S603
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


# -- the checks ----------------------------------------------------------------------------------
def check_database(db: Database) -> Finding:
    from kiosk.storage.migrate import head_revision

    try:
        db.check()
        current = db.revision()
    except DatabaseUnavailable as exc:
        return Finding("database", "fail", "doctor.database.away", {"why": str(exc)})
    head = head_revision()
    if current != head:
        values = {"current": current or "—", "head": head}
        return Finding("database", "fail", "doctor.database.old", values)
    return Finding("database", "ok", "doctor.database.ok", {"where": db.describe(), "head": head})


def check_grants(db: Database, role: str) -> Finding:
    if not db.is_postgres:
        return Finding("grants", "ok", "doctor.grants.sqlite")
    missing = []
    try:
        with db.read() as conn:
            for table, privilege in GRANTS[role]:
                allowed = conn.exec_driver_sql(
                    "SELECT has_table_privilege(current_user, %(t)s, %(p)s)",
                    {"t": table, "p": privilege},
                ).scalar()
                if not allowed:
                    missing.append(f"{privilege} {table}")
    except DatabaseUnavailable as exc:
        return Finding("grants", "fail", "doctor.database.away", {"why": str(exc)})
    if missing:
        return Finding("grants", "fail", "doctor.grants.missing", {"missing": ", ".join(missing)})
    return Finding("grants", "ok", "doctor.grants.ok", {"role": role})


def check_camera(source: str | None, seconds: float = 2.0) -> Finding:
    """Open the camera and count what it delivers for a couple of seconds."""
    if source is None:
        return Finding("camera", "warn", "doctor.camera.none")
    from kiosk.vision.sources import SourceError, open_source

    try:
        camera = open_source(source, realtime=True)
    except (SourceError, OSError) as exc:
        return Finding("camera", "fail", "doctor.camera.unusable", {"why": str(exc)})
    frames = 0
    size = (0, 0)
    started = time.monotonic()
    try:
        while time.monotonic() - started < seconds:
            frame = camera.read()
            if frame is None:
                break
            frames += 1
            size = (frame.image.shape[1], frame.image.shape[0])
    finally:
        camera.close()
    fps = frames / max(time.monotonic() - started, 1e-6)
    values = {"fps": round(fps, 1), "width": size[0], "height": size[1]}
    if frames == 0:
        return Finding("camera", "fail", "doctor.camera.silent", values)
    if fps < MIN_FPS or size[0] < MIN_SIZE[0] or size[1] < MIN_SIZE[1]:
        return Finding("camera", "fail", "doctor.camera.slow", values)
    return Finding("camera", "ok", "doctor.camera.ok", values)


def check_printer(status: Callable[[], Any]) -> Finding:
    try:
        found = status()
    except Exception as exc:  # a printer that cannot even say how it is: reported as such
        return Finding("printer", "fail", "doctor.printer.unusable", {"why": str(exc)})
    values = {"state": found.state.value, "detail": found.detail}
    if found.state.value == "ready":
        return Finding("printer", "ok", "doctor.printer.ok", values)
    if found.state.value in ("media_low", "unknown"):
        return Finding("printer", "warn", f"doctor.printer.{found.state.value}", values)
    return Finding("printer", "fail", "doctor.printer.bad", values)


def check_fonts() -> Finding:
    from kiosk.services.fonts import FontMissing, ticket_fonts

    screen = _run("fc-list", ":lang=zh", "family")
    if not screen or not screen.strip():
        return Finding("fonts", "fail", "doctor.fonts.screen")
    try:
        printed = ticket_fonts()
    except FontMissing as exc:
        return Finding("fonts", "fail", "doctor.fonts.ticket", {"why": str(exc)})
    return Finding("fonts", "ok", "doctor.fonts.ok", {"font": printed.text_path.name})


def check_voices(locales: list[str]) -> Finding:
    """espeak-ng (behind speech-dispatcher) has a voice for each spoken language."""
    if _run("espeak-ng", "--version") is None:
        return Finding("voices", "fail", "doctor.voices.engine")
    missing = []
    for locale in locales:
        listed = _run("espeak-ng", f"--voices={locale}") or ""
        if len(listed.strip().splitlines()) < 2:  # the header line only: no voice
            missing.append(locale)
    if missing:
        return Finding("voices", "fail", "doctor.voices.missing", {"missing": ", ".join(missing)})
    return Finding("voices", "ok", "doctor.voices.ok", {"languages": ", ".join(locales)})


def check_model() -> Finding:
    from kiosk.vision.model import ModelError, verified_model_bytes

    try:
        data = verified_model_bytes()
    except ModelError as exc:
        return Finding("model", "fail", "doctor.model.bad", {"why": str(exc)})
    return Finding("model", "ok", "doctor.model.ok", {"size": len(data)})


def check_clock(timezone: str) -> Finding:
    synced = _run("timedatectl", "show", "-p", "NTPSynchronized", "--value")
    values = {"zone": timezone}
    if synced is None:
        return Finding("clock", "warn", "doctor.clock.unknown", values)
    if synced.strip() != "yes":
        return Finding("clock", "warn", "doctor.clock.unsynced", values)
    return Finding("clock", "ok", "doctor.clock.ok", values)


def check_disk(folder: Path) -> Finding:
    free = shutil.disk_usage(folder).free
    values = {"free_gb": round(free / 1024**3, 1), "folder": str(folder)}
    if free < DISK_FAIL_BYTES:
        return Finding("disk", "fail", "doctor.disk.full", values)
    if free < DISK_WARN_BYTES:
        return Finding("disk", "warn", "doctor.disk.low", values)
    return Finding("disk", "ok", "doctor.disk.ok", values)


def check_file_modes(folder: Path) -> Finding:
    """The data folder is the kiosk user's alone (the app tightens it at start; this tells
    whether something loosened it since)."""
    paths = [str(folder)]
    for root, folders, files in os.walk(folder):
        paths += [os.path.join(root, name) for name in folders + files]
    loose = []
    for name in paths:
        try:
            mode = os.lstat(name).st_mode
        except OSError:
            continue
        if not stat.S_ISLNK(mode) and mode & 0o077:
            loose.append(os.path.relpath(name, folder))
    if loose:
        shown = ", ".join(sorted(loose)[:5])
        return Finding("files", "fail", "doctor.files.loose", {"count": len(loose), "which": shown})
    return Finding("files", "ok", "doctor.files.ok", {"folder": str(folder)})


# -- the whole visit --------------------------------------------------------------------------
def examine(
    role: str,
    db: Database,
    *,
    camera: str | None = None,
    printer_status: Callable[[], Any] | None = None,
    timezone: str = "",
    spoken_locales: list[str] | None = None,
    folder: Path | None = None,
) -> list[Finding]:
    """Every check for ``role``, in a fixed order; the caller supplies what depends on the
    site (its camera, printer, time zone and spoken languages)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    folder = folder or data_dir()
    findings = [check_database(db)]
    if findings[0].status == "ok":
        findings.append(check_grants(db, role))
    if role in ("visitor", "reception"):
        findings.append(check_camera(camera))
        if printer_status is not None:
            findings.append(check_printer(printer_status))
        findings.append(check_model())
    findings.append(check_fonts())
    if role == "display":
        findings.append(check_voices(spoken_locales or []))
    findings.append(check_clock(timezone))
    findings.append(check_disk(folder))
    findings.append(check_file_modes(folder))
    return findings


def examine_site(
    role: str, db: Database, site: SiteConfig, camera: str | None = None
) -> list[Finding]:
    """Every check for ``role`` on this machine, with the site's camera, printer, time zone
    and spoken languages: what ``kiosk doctor``, the installer and the admin screen show."""
    from kiosk.services.face_check import choose_camera
    from kiosk.services.printers import make_printer

    source = None
    if role in ("visitor", "reception"):
        source = choose_camera(site, camera, demo_site=False).source
    return examine(
        role,
        db,
        camera=source,
        printer_status=lambda: make_printer(site.printer, data_dir()).status(),
        timezone=site.timezone,
        spoken_locales=[lang.speech_locale for lang in site.languages if lang.speech_locale],
    )


MARKS = {"ok": "✓", "warn": "!", "fail": "✗"}


def finding_lines(findings: list[Finding], language: str, role: str) -> list[str]:
    """One line per check in ``language``, then what it means for the role."""
    lines = [
        f"{MARKS[f.status]} {tr(language, f'doctor.check.{f.check}')}: "
        f"{tr(language, f.key, **f.values)}"
        for f in findings
    ]
    blocking = sum(1 for f in findings if f.blocking)
    role_name = tr(language, f"admin.devices.role.{role}")
    summary = "doctor.summary.fail" if blocking else "doctor.summary.ok"
    lines.append(tr(language, summary, count=blocking, role=role_name))
    return lines
