"""The encrypted media vault, the recording format and the liveness service's storage."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import select

from kiosk.domain.clock import ManualClock
from kiosk.services.liveness_service import ConsentRequired, LivenessService
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage.schema import audit_log, liveness_checks, media
from kiosk.storage.vault import Vault, VaultError
from kiosk.vision.liveness_check import LivenessOutcome
from kiosk.vision.recorder import VideoRecorder, export_avi, read_frames

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def picture(shade: int) -> np.ndarray:
    image = np.full((240, 320, 3), shade, np.uint8)
    cv2.circle(image, (160, 120), 60, (20, 40, 200), -1)
    return image


def test_media_is_encrypted_at_rest_and_every_access_is_audited(
    db: Database, tmp_path: Path
) -> None:
    vault = Vault(db, tmp_path / "keys" / "vault.key")
    secret = b"\xff\xd8\xff\xe0 a JPEG of a face" * 10
    media_id = vault.store(
        "best_frame", secret, now=NOW, purge_after=NOW + timedelta(days=30), actor="kiosk"
    )
    assert stat.S_IMODE(os.stat(tmp_path / "keys" / "vault.key").st_mode) == 0o600
    with db.read() as conn:
        stored = conn.execute(select(media.c.ciphertext)).scalar_one()
    assert secret not in bytes(stored)
    assert b"JPEG" not in bytes(stored)
    assert vault.read(media_id, now=NOW, actor="clerk 3", purpose="identity check") == secret
    with db.read() as conn:
        actions = conn.execute(select(audit_log.c.action, audit_log.c.actor)).all()
    assert ("media_stored", "kiosk") in actions
    assert ("media_viewed", "clerk 3") in actions


def test_a_missing_or_wrong_key_is_reported_not_replaced(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "vault.key"
    Vault(db, path).store("video", b"x", now=NOW, purge_after=NOW, actor="kiosk")
    path.rename(tmp_path / "elsewhere.key")
    with pytest.raises(VaultError, match="is missing"):
        Vault(db, path).read(1, now=NOW, actor="clerk", purpose="check")
    assert not path.exists()  # no new key was made behind the site's back
    path.write_bytes(os.urandom(32))
    path.chmod(0o600)
    with pytest.raises(VaultError, match="not the key this site's media"):
        Vault(db, path).store("video", b"y", now=NOW, purge_after=NOW, actor="kiosk")
    path.chmod(0o644)
    with pytest.raises(VaultError, match="chmod 600"):
        Vault(db, path).key(NOW)


def test_purge_deletes_expired_media_and_audits_it(db: Database, tmp_path: Path) -> None:
    vault = Vault(db, tmp_path / "vault.key")
    old = vault.store("video", b"old", now=NOW, purge_after=NOW + timedelta(days=1), actor="kiosk")
    new = vault.store("video", b"new", now=NOW, purge_after=NOW + timedelta(days=30), actor="kiosk")
    assert vault.purge(now=NOW + timedelta(days=2), actor="retention") == 1
    assert [m.id for m in vault.listing()] == [new]
    with pytest.raises(VaultError, match="does not exist"):
        vault.read(old, now=NOW, actor="clerk", purpose="check")
    with db.read() as conn:
        purged = (
            conn.execute(select(audit_log.c.entity_id).where(audit_log.c.action == "media_purged"))
            .scalars()
            .all()
        )
    assert purged == [str(old)]


def test_recording_round_trip_and_export(tmp_path: Path) -> None:
    recorder = VideoRecorder(max_fps=10)
    for index in range(30):  # 30 frames at 30 fps -> about 10 kept
        recorder.add(picture(100 + index), index * 33)
    recording = recorder.finish()
    frames = list(read_frames(recording.video))
    assert 9 <= len(frames) <= 11
    assert frames[0][1].shape == (240, 320, 3)
    assert export_avi(recording.video, tmp_path / "check.avi") == len(frames)
    capture = cv2.VideoCapture(str(tmp_path / "check.avi"))
    assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == len(frames)
    capture.release()
    with pytest.raises(ValueError, match="not a kiosk recording"):
        list(read_frames(b"RIFF...."))


def test_service_needs_consent_and_keeps_results_with_encrypted_media(
    db: Database, site: SiteConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_VAULT_KEY_FILE", str(tmp_path / "vault.key"))
    service = LivenessService(db, site, ManualClock(NOW))
    with pytest.raises(ConsentRequired):
        service.new_check(consent_given=False)
    recorder = VideoRecorder()
    recorder.add(picture(90), 0)
    outcome = LivenessOutcome(
        {"passed": False, "reasons": ["3 attempts failed"]}, recorder.finish()
    )
    check_id = service.save(outcome, actor="kiosk")
    row = service.result(check_id)
    assert row["passed"] is False
    assert row["result"]["reasons"] == ["3 attempts failed"]
    assert row["video_id"] is not None
    with db.read() as conn:
        purge_after = conn.execute(
            select(media.c.purge_after).where(media.c.id == row["video_id"])
        ).scalar_one()
        assert conn.execute(select(liveness_checks.c.id)).scalars().all() == [check_id]
    assert purge_after == NOW + timedelta(days=site.retention.media_days)
    video = service.vault.read(row["video_id"], now=NOW, actor="clerk", purpose="check")
    assert len(list(read_frames(video))) == 1


def test_a_whole_check_leaves_no_picture_unencrypted_on_disk(
    db: Database, site: SiteConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.vision.sources import VideoFileSource

    clip = Path(__file__).parents[1] / "data" / "live_mouth_open_smile_liveportrait_d18.mp4"
    data = tmp_path / "kiosk-data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    service = LivenessService(db, site)
    check = service.new_check(consent_given=True, demo=True)
    source = VideoFileSource(clip)
    while (frame := source.read()) is not None:
        if check.step(frame).finished:
            break
    source.close()
    outcome = check.finish()
    check.close()
    service.save(outcome, actor="kiosk")
    written = sorted(p.name for p in list(data.rglob("*")) + list((tmp_path / "tmp").rglob("*")))
    assert written == ["vault.key"]
    with db.read() as conn:
        blobs = conn.execute(select(media.c.ciphertext)).scalars().all()
    assert len(blobs) == 2
    assert all(b"\xff\xd8\xff" not in bytes(blob)[:64] for blob in blobs)  # no bare JPEG header
