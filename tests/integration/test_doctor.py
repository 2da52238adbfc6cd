"""kiosk doctor: each check finds what it is meant to find, and the command says so in the
operator's language (or JSON) and fails on anything blocking."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import cv2
import numpy as np
import psycopg
import pytest
from sqlalchemy.engine import make_url

from kiosk.resources import sample_clip
from kiosk.services import doctor
from kiosk.storage import Database


def test_the_database_must_answer_and_be_current(tmp_path: Path) -> None:
    fresh = Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    finding = doctor.check_database(fresh)
    assert (finding.status, finding.key) == ("fail", "doctor.database.old")
    fresh.upgrade()
    assert doctor.check_database(fresh).status == "ok"
    away = Database("postgresql://nobody@127.0.0.1:1/none")
    assert doctor.check_database(away).key == "doctor.database.away"


def test_grants_are_read_for_the_role_on_postgresql(postgres_url: str) -> None:
    db = Database(postgres_url)
    db.upgrade()
    assert doctor.check_grants(db, "visitor").status == "ok"  # the owner may do everything
    probe = f"doctor_probe_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(postgres_url, autocommit=True)
    admin.execute(f"CREATE ROLE {probe} LOGIN")
    try:
        url = make_url(postgres_url).set(username=probe).render_as_string(hide_password=False)
        limited = Database(url)
        finding = doctor.check_grants(limited, "staff")
        limited.dispose()
        assert finding.status == "fail"
        assert "UPDATE tickets" in finding.values["missing"]
    finally:
        admin.execute(f"DROP OWNED BY {probe}")
        admin.execute(f"DROP ROLE {probe}")
        admin.close()
        db.dispose()


def test_the_camera_must_deliver_15_frames_a_second_at_640_by_480(tmp_path: Path) -> None:
    """Video files paced at their frame rate stand in for cameras here."""
    assert doctor.check_camera(None).status == "warn"  # no camera: an ID check instead
    good = doctor.check_camera(str(clip(tmp_path / "vga.avi", 640, 480, 30)), seconds=1.0)
    assert good.status == "ok", good
    assert good.values["fps"] >= 15
    square = doctor.check_camera(str(sample_clip()), seconds=1.0)  # 480×480: too narrow
    assert (square.status, square.values["width"]) == ("fail", 480)
    finding = doctor.check_camera(str(clip(tmp_path / "small.avi", 320, 240, 30)), seconds=1.0)
    assert (finding.status, finding.key) == ("fail", "doctor.camera.slow")
    assert (finding.values["width"], finding.values["height"]) == (320, 240)


def clip(path: Path, width: int, height: int, fps: int) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (width, height))
    for index in range(fps * 2):
        writer.write(np.full((height, width, 3), index % 255, np.uint8))
    writer.release()
    return path


def test_file_modes_and_disk(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    (folder / "site.sqlite3").write_bytes(b"x")
    (folder / "site.sqlite3").chmod(0o600)
    assert doctor.check_file_modes(folder).status == "ok"
    (folder / "media.key").write_bytes(b"k")
    (folder / "media.key").chmod(0o644)
    loose = doctor.check_file_modes(folder)
    assert (loose.status, loose.values["which"]) == ("fail", "media.key")
    assert doctor.check_disk(folder).status in ("ok", "warn")


def test_voices_and_the_face_model() -> None:
    assert doctor.check_voices(["zh", "en"]).status == "ok"
    missing = doctor.check_voices(["zh", "xx-nowhere"])
    assert (missing.status, missing.values["missing"]) == ("fail", "xx-nowhere")
    assert doctor.check_model().status == "ok"


def run_doctor(url: str, *args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KIOSK_DATA_DIR=str(data))
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--database-url", url, "doctor", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_command_reports_each_check_and_fails_on_a_blocking_one(
    tmp_path: Path, language: str
) -> None:
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    data = tmp_path / "data"
    blocked = run_doctor(url, "--role", "display", "--language", language, data=data)
    assert blocked.returncode == 1  # the tables were never made
    assert blocked.stdout.splitlines()[0].startswith("✗ ")
    Database(url).upgrade()
    ready = run_doctor(url, "--role", "display", "--json", data=data)
    assert ready.returncode == 0, ready.stdout + ready.stderr
    report = json.loads(ready.stdout)
    assert report["ready"] is True
    assert [c["check"] for c in report["checks"]] == [
        "database", "grants", "fonts", "voices", "clock", "disk", "files",
    ]  # fmt: skip
    shown = run_doctor(url, "--role", "display", "--language", language, data=data)
    lines = shown.stdout.splitlines()
    assert len(lines) == 8  # one per check and the summary
    assert lines[0].startswith("✓ " + ("数据库" if language == "zh_CN" else "Database"))
