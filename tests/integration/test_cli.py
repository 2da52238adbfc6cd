"""The ``kiosk`` command as staff scripts use it, in a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.settings import SiteConfig
from kiosk.settings.loader import site_to_document
from kiosk.storage import Database
from kiosk.storage.schema import audit_log


def kiosk(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


ADMIN = ("Li Na", "864209")
CLERK = ("Wang Wei", "5820")


def with_staff(*url: str) -> None:
    """The site's first administrator (no sign-in: nobody could sign in yet), then a clerk
    added by that administrator."""
    first = kiosk(*url, "accounts", "add", ADMIN[0], "--role", "admin", "--pin-stdin",
                  stdin=ADMIN[1] + "\n")  # fmt: skip
    assert first.returncode == 0, first.stderr
    clerk = kiosk(*url, "accounts", "add", CLERK[0], "--as", ADMIN[0], "--pin-stdin",
                  stdin=f"{ADMIN[1]}\n{CLERK[1]}\n")  # fmt: skip
    assert clerk.returncode == 0, clerk.stderr


def as_clerk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A command run by the clerk, signed in with the PIN on stdin (as a script would)."""
    return kiosk(*args, "--as", CLERK[0], "--pin-stdin", stdin=CLERK[1] + "\n", env=env)


def test_help_lists_every_role() -> None:
    result = kiosk("--help")
    assert result.returncode == 0
    for role in ("visitor", "staff", "display", "admin", "demo", "db", "queue"):
        assert role in result.stdout


def test_queue_round_trip_with_json(database_url: str) -> None:
    url = ["--database-url", database_url]
    with_staff(*url)
    issued = as_clerk(*url, "queue", "issue", "--case-type", "other", "--json")
    assert issued.returncode == 0, issued.stderr
    assert json.loads(issued.stdout)["code"] == "C001"
    called = as_clerk(*url, "queue", "call", "--counter", "c2", "--json")
    assert json.loads(called.stdout)["state"] == "called"
    done = as_clerk(*url, "queue", "complete", "C001", "--outcome", "resolved", "--json")
    assert json.loads(done.stdout)["outcome"] == "resolved"
    status = json.loads(kiosk(*url, "queue", "status", "--json").stdout)  # read-only: open
    general = next(q for q in status if q["queue"] == "general")
    assert (general["waiting"], general["counters_open"]) == (0, 1)
    db = Database(database_url)
    with db.read() as conn:  # the audit names the signed-in clerk
        actors = set(
            conn.execute(select(audit_log.c.actor).where(audit_log.c.entity == "ticket")).scalars()
        )
    db.dispose()
    assert actors == {CLERK[0]}


def test_acting_without_a_sign_in_or_with_a_wrong_pin_is_refused(tmp_path: Path) -> None:
    url = ["--database-url", f"sqlite:///{tmp_path / 'site.sqlite3'}"]
    with_staff(*url)
    unsigned = kiosk(*url, "queue", "issue", "--queue", "wallet", stdin="")
    assert unsigned.returncode == 1
    assert unsigned.stderr.strip() == (
        "kiosk: this command needs a sign-in: give --as NAME (and --pin-stdin)"
    )
    wrong = kiosk(*url, "queue", "issue", "--queue", "wallet", "--as", CLERK[0], "--pin-stdin",
                  stdin="0000\n")  # fmt: skip
    assert wrong.returncode == 1
    assert len(wrong.stderr.strip().splitlines()) == 1
    clerk_as_admin = kiosk(*url, "accounts", "add", "Zhao Min", "--as", CLERK[0], "--pin-stdin",
                           stdin=f"{CLERK[1]}\n7391\n")  # fmt: skip
    assert clerk_as_admin.returncode == 1
    assert "administrator" in clerk_as_admin.stderr
    free_actor = kiosk(*url, "settings", "import", "x.json", "--actor", "Boss")
    assert free_actor.returncode == 2  # there is no --actor any more
    assert "--actor" in free_actor.stderr


def test_database_url_comes_from_the_environment(postgres_url: str) -> None:
    env = {"KIOSK_DATABASE_URL": postgres_url}
    with_staff()
    result = as_clerk("queue", "issue", "--queue", "wallet", env=env)
    assert result.returncode == 1  # the staff were added to the default database, not this one
    kiosk("accounts", "add", ADMIN[0], "--role", "admin", "--pin-stdin", stdin=ADMIN[1] + "\n",
          env=env)  # fmt: skip
    result = kiosk("queue", "issue", "--queue", "wallet", "--as", ADMIN[0], "--pin-stdin",
                   stdin=ADMIN[1] + "\n", env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("W001")


def test_unreachable_database_is_one_clear_line() -> None:
    result = kiosk(
        "--database-url", "postgresql://kiosk:secret@127.0.0.1:9/site", "queue", "status"
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("kiosk: the database at postgresql")
    assert "cannot be reached" in lines[0]
    assert "127.0.0.1:9/site" in lines[0]
    assert "secret" not in lines[0]
    assert "Traceback" not in result.stderr


def test_domain_errors_are_one_line() -> None:
    with_staff()
    result = as_clerk("queue", "no-show", "A001")
    assert result.returncode == 1
    assert result.stderr.strip() == "kiosk: there is no ticket A001 today"


def test_bad_settings_file_is_refused_and_previous_settings_stay(
    site: SiteConfig, tmp_path: Path
) -> None:
    doc = site_to_document(site)
    doc["case_types"][0]["form"]["fields"][0]["max_length"] = "long"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with_staff()
    result = kiosk("settings", "import", str(bad), "--as", ADMIN[0], "--pin-stdin",
                   stdin=ADMIN[1] + "\n")  # fmt: skip
    assert result.returncode == 1
    assert str(bad) in result.stderr
    assert "case_types[0].form.fields[0].max_length" in result.stderr
    history = kiosk("settings", "history")
    assert history.returncode == 0
    assert len(history.stdout.strip().splitlines()) == 1
    assert "default site" in history.stdout


def test_the_admin_screen_starts_and_stops(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    result = kiosk("--database-url", url, "admin", "--windowed", "--seconds", "1")
    assert result.returncode == 0, result.stderr


def test_the_visitor_kiosk_starts_and_stops(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    result = kiosk("--database-url", url, "visitor", "--windowed", "--seconds", "2")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("size", ["1920x1080", "1080x1920"])
def test_the_autopilot_visits_in_every_language_and_saves_every_screen(
    tmp_path: Path, size: str
) -> None:
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    out = tmp_path / "screens"
    result = kiosk(
        "--database-url", url, "-v", "demo", "--autopilot", "--out", str(out), "--size", size
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for typed in AUTOPILOT_TYPED:  # what the visitor typed is never in a log line
        assert typed not in result.stderr, typed
    assert "zh_CN: ticket S001" in result.stdout
    assert "en: ticket S002" in result.stdout
    for language in ("zh_CN", "en"):
        names = sorted(p.name for p in (out / language).glob("*.png"))
        assert names[0] == "01_welcome.png"
        for screen in ("acknowledgement", "case_type", "form_1", "consent", "liveness", "review"):
            # (a page shown in parts has a picture of each: _review_1, _review_2)
            shown = (f"_{screen}.png", f"_{screen}_1.png")
            assert any(n.endswith(shown) for n in names), (language, screen, names)
        for screen in ("help", "ticket", "lookup"):
            assert any(n.endswith(f"_{screen}.png") for n in names), (language, screen, names)
        assert names[-1].endswith("_lookup.png")
    status = kiosk("--database-url", url, "queue", "show", "S002", "--json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["state"] == "waiting"
    if size == "1920x1080":
        purge_everything_of_the_autopilots_visits(url)


#: answers the autopilot types (see kiosk.ui.testing.autopilot)
AUTOPILOT_TYPED = ("chenli1956", "13800138000", "Chen li", "spent money in a game")


def purge_everything_of_the_autopilots_visits(url: str) -> None:
    """A purge run far in the future leaves nothing of either visit but anonymous numbers."""
    from sqlalchemy import func, select

    from kiosk.storage import Database
    from kiosk.storage.database import data_dir
    from kiosk.storage.schema import case_answers, cases, liveness_checks, media

    added = kiosk("--database-url", url, "accounts", "add", "Li Na", "--role", "admin",
                  "--pin-stdin", stdin="864209\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert any(data_dir().joinpath("tickets").glob("*.pdf"))
    run = kiosk("--database-url", url, "retention", "run", "--now", "2029-01-01T10:00", "--json",
                "--as", "Li Na", "--pin-stdin", stdin="864209\n")  # fmt: skip
    assert run.returncode == 0, run.stderr
    deleted = json.loads(run.stdout)["deleted"]
    assert deleted["cases"] == 2
    assert deleted["media"] >= 2
    db = Database(url)
    with db.read() as conn:
        assert conn.execute(select(func.count()).select_from(case_answers)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(media)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(liveness_checks)).scalar_one() == 0
        phones = conn.execute(select(cases.c.callback_phone)).scalars().all()
        assert phones == [None, None]
    db.dispose()
    assert not any(data_dir().joinpath("tickets").glob("*.pdf"))


def test_autopilot_without_a_folder_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    result = kiosk("--database-url", url, "demo", "--autopilot")
    assert result.returncode != 0
    assert "--out" in result.stderr


def test_starting_the_command_imports_no_heavy_library() -> None:
    code = (
        "import sys, kiosk.cli; kiosk.cli.build_parser(); "
        "heavy = ('PySide6', 'cv2', 'mediapipe', 'sqlalchemy'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_ticket_render_print_and_failures(tmp_path: Path) -> None:
    from tests.pdf_tools import page_size_mm, text_of

    with_staff()
    assert as_clerk("queue", "issue", "--case-type", "wallet_reactivation").returncode == 0
    out = tmp_path / "w001.pdf"
    rendered = kiosk(
        "ticket", "render", "W001", "--out", str(out), "--language", "en", "--width", "58"
    )
    assert rendered.returncode == 0, rendered.stderr
    assert page_size_mm(out)[0] == pytest.approx(58, abs=0.1)
    assert "My wallet stopped working" in text_of(out)
    printed = as_clerk("ticket", "print", "W001", "--json")
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout)["printed"] is True
    assert kiosk("ticket", "failures").stdout.strip() == "no failed prints"
    status = json.loads(kiosk("printer", "status", "--json").stdout)
    assert (status["backend"], status["state"]) == ("pdf_folder", "ready")
    missing = kiosk("ticket", "lookup", "--image", str(tmp_path / "nothing.png"))
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"kiosk: {tmp_path / 'nothing.png'} does not exist"


CLIP = Path(__file__).parents[1] / "data" / "live_mouth_open_smile_liveportrait_d18.mp4"


def test_a_damaged_video_is_counted_and_fails(tmp_path: Path) -> None:
    data = bytearray(CLIP.read_bytes())
    start, end = int(len(data) * 0.4), int(len(data) * 0.55)
    data[start:end] = bytes(end - start)  # a stretch of the file zeroed, as a bad disk would
    damaged = tmp_path / "damaged.mp4"
    damaged.write_bytes(bytes(data))
    result = kiosk("liveness", "analyze", str(damaged), "--json")
    assert result.returncode == 5
    report = json.loads(result.stdout)
    assert report["unreadable_frames"] > 0
    assert report["frames"] + report["unreadable_frames"] == 216
    # (the face model's runtime may add a line of its own about memory alignment under load:
    # a native warning, not the decoder's; what must not be there is the decoder's chatter)
    lines = [x for x in result.stderr.strip().splitlines() if "inference_runner" not in x]
    assert len(lines) == 1  # no decoder chatter
    assert f"{report['unreadable_frames']} of 216 frames" in lines[0]


def test_liveness_analyze_eval_and_replay(tmp_path: Path) -> None:
    analyzed = kiosk("liveness", "analyze", str(CLIP), "--json")
    assert analyzed.returncode == 0, analyzed.stderr
    actions = {e["action"] for e in json.loads(analyzed.stdout)["events"]}
    assert {"mouth_open", "smile", "blink"} <= actions

    clips = tmp_path / "clips"
    clips.mkdir()
    (clips / CLIP.name).write_bytes(CLIP.read_bytes())
    labels = {
        "clips": {CLIP.name: {"label": "live", "mouth_open": {"min": 1}, "absent": ["turn_left"]}}
    }
    (clips / "labels.json").write_text(json.dumps(labels))
    evaluated = kiosk("liveness", "eval", str(clips))
    assert evaluated.returncode == 0, evaluated.stdout + evaluated.stderr
    assert "totals: 1/1 clips, 2/2 expectations held" in evaluated.stdout
    labels["clips"][CLIP.name]["absent"] = ["smile"]
    (clips / "labels.json").write_text(json.dumps(labels))
    failing = kiosk("liveness", "eval", str(clips))
    assert failing.returncode == 1
    assert "✗ no smile" in failing.stdout

    replay = kiosk("liveness", "replay", str(CLIP), "--sessions", "20", "--seed", "7", "--json")
    assert replay.returncode == 0, replay.stderr
    [row] = json.loads(replay.stdout)
    assert row["sessions"] == 20
    assert row["pass_rate"] <= 0.1


def test_liveness_on_a_broken_video_is_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(CLIP.read_bytes()[:3000])
    result = kiosk("liveness", "analyze", str(broken))
    assert result.returncode == 1
    assert result.stderr.strip().startswith(f"kiosk: the video {broken}")
    assert "Traceback" not in result.stderr


def test_simulate_a_day_then_report_it_as_csv(tmp_path: Path) -> None:
    url = ["--database-url", f"sqlite:///{tmp_path / 'site.sqlite3'}"]
    simulated = kiosk(
        *url, "simulate-day", "--day", "2026-03-02", "--visitors", "60", "--counters", "8"
    )
    assert simulated.returncode == 0, simulated.stderr
    assert "the site now has 8 counters" in simulated.stdout
    assert "60 visitors" in simulated.stdout
    out = tmp_path / "day.csv"
    report = kiosk(*url, "report", "--from", "2026-03-02", "--csv", str(out))
    assert report.returncode == 0, report.stderr
    assert "tickets,total,60" in report.stdout
    assert out.read_text(encoding="utf-8") == report.stdout
    wrong = kiosk(*url, "report", "--from", "2026-03-05", "--to", "2026-03-01")
    assert wrong.returncode != 0
    assert "--to is before --from" in wrong.stderr
