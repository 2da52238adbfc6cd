"""A visitor's data requests (export, erase) by an administrator, files kept private at rest,
a new media key that survives being interrupted."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.services.case_view import case_file
from kiosk.services.data_requests import DataRequests
from kiosk.services.intake_service import IntakeService
from kiosk.services.liveness_service import LivenessService
from kiosk.services.media_keys import rotate_media_key
from kiosk.services.site_context import SiteContext, open_site
from kiosk.storage.schema import audit_log
from kiosk.storage.vault import Vault
from kiosk.vision.liveness_check import LivenessOutcome
from kiosk.vision.recorder import Recording
from tests.intake_answers import complete_draft

PHONE = "13912345678"


@pytest.fixture
def site(database_url: str) -> Iterator[SiteContext]:
    context = open_site(database_url)
    context.staff.add("Li Na", "864209", role="admin")
    context.staff.add("Wang Fang", "2468")
    yield context
    context.close()


def visitor(site: SiteContext, *, video: bytes = b"KVID1-video") -> tuple[int, str]:
    liveness = LivenessService(site.db, site.in_force)
    intake = IntakeService(site.queue, liveness)
    draft = complete_draft(site.site, "wallet_reactivation")
    draft.answers["bound_phone"] = PHONE
    outcome = LivenessOutcome(
        {"passed": True, "reasons": []},
        Recording(video=video, best_frame=b"jpeg-frame", frames=2, duration_ms=80),
    )
    draft.liveness = intake.store_liveness(outcome)
    submission = intake.submit(draft)
    return submission.ticket.id, submission.ticket.code


def kiosk(url: str, *args: str, pin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--database-url", url, *args],
        input=None if pin is None else pin + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_administrator_exports_then_erases_a_visitors_data(
    site: SiteContext, database_url: str, tmp_path: Path
) -> None:
    ticket_id, code = visitor(site)
    other_id, _ = visitor(site)
    out = tmp_path / "copy.json"
    sign_in = ["--as", "Li Na", "--pin-stdin"]
    export = ["data", "export", "--phone", PHONE, "--reason", "visitor_request", "--out", str(out)]
    refused = kiosk(database_url, *export, "--as", "Wang Fang", "--pin-stdin", pin="2468")
    assert refused.returncode == 1
    assert "administrator" in refused.stderr  # a clerk may not
    done = kiosk(database_url, *export, *sign_in, "--with-media", pin="864209")
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    copy = json.loads(out.read_text(encoding="utf-8"))
    assert len(copy["cases"]) == 2  # both visits gave that phone number
    first = next(c for c in copy["cases"] if c["ticket"] == code)
    questions = {a["field"]: a["question"] for a in first["answers"]}
    assert questions["bound_phone"] == "Phone number bound to the wallet"  # labels, not ids
    assert first["consent"]["granted"] is True
    assert first["acknowledgement"]["text_version"] == site.site.acknowledgement.version
    assert first["face_check"]["video"]  # media only because it was asked for

    erase = ["data", "erase", "--ticket", code, "--reason", "visitor_request", *sign_in]
    erased = kiosk(database_url, *erase, pin="864209")
    assert erased.returncode == 0, erased.stderr
    gone = case_file(site.db, ticket_id)
    assert gone.answers == {}
    assert gone.acknowledgement is None
    assert gone.consent is None
    assert gone.liveness is None
    assert case_file(site.db, other_id).answers  # the other visit is untouched
    with site.db.read() as conn:
        audits = conn.execute(
            select(audit_log.c.actor, audit_log.c.action, audit_log.c.details).where(
                audit_log.c.action.in_(["data_exported", "data_erased"])
            )
        ).all()
    assert [(a.actor, a.action) for a in audits] == [
        ("Li Na", "data_exported"),
        ("Li Na", "data_erased"),
    ]
    assert all(PHONE not in json.dumps(a.details) for a in audits)  # no personal data


def test_a_wrong_reason_or_nothing_found_is_refused(site: SiteContext) -> None:
    requests = DataRequests(site.db, site.in_force)
    assert requests.find(phone="13000000000") == []
    ticket_id, code = visitor(site)
    cases = requests.find(ticket=code)
    with pytest.raises(Exception, match="reason"):
        requests.erase(cases, actor="Li Na", reason="because")
    assert case_file(site.db, ticket_id).answers


def test_key_rotation_interrupted_between_items_finishes_on_the_rerun(site: SiteContext) -> None:
    videos = [f"KVID1-video-{i}".encode() for i in range(5)]
    for video in videos:
        visitor(site, video=video)
    vault = Vault(site.db)
    before = {
        m.id: vault.read(m.id, now=site.clock(), actor="t", purpose="t") for m in vault.listing()
    }
    old_key = vault.path.read_bytes()
    done: list[int] = []

    def power_cut(media_id: int) -> None:
        done.append(media_id)
        if len(done) == 3:
            raise KeyboardInterrupt("the power went off")

    with pytest.raises(KeyboardInterrupt):
        rotate_media_key(site, "Li Na", after_item=power_cut)
    assert vault.path.read_bytes() == old_key  # the site still uses the old key …
    mixed = {
        m.id: vault.read(m.id, now=site.clock(), actor="t", purpose="t") for m in vault.listing()
    }
    assert mixed == before  # … and every item still reads, old key or new
    moved, _path = rotate_media_key(site, "Li Na")
    assert moved == len(before) - 3
    assert vault.path.read_bytes() != old_key
    assert not vault.new_path.exists()
    after = {
        m.id: vault.read(m.id, now=site.clock(), actor="t", purpose="t") for m in vault.listing()
    }
    assert after == before
    assert stat.S_IMODE(vault.path.stat().st_mode) == 0o600


def test_the_data_folder_is_private_even_when_it_was_not(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)  # noqa: S103 (as an older version left it)
    loose = data / "notes.txt"
    loose.write_text("left by an older version")
    os.chmod(loose, 0o644)
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "-v", "queue", "status"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "KIOSK_DATA_DIR": str(data)},
    )
    assert result.returncode == 0, result.stderr
    assert "could be read by other users" in result.stderr  # said once
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for path in data.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
    assert (data / "kiosk.sqlite3").exists()
