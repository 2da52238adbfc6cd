"""The waiting-room display heard for real.

A private PulseAudio server with a null sink stands in for the loudspeakers; the display runs
as its own process (``kiosk display``) with speech-dispatcher and espeak-ng behind
QtTextToSpeech. A real call is made through the queue service; the sink's monitor is recorded,
and the display's call log says when the chime and each language's sentence began. Each part
must carry sound (RMS above silence), and the quiet before the call must be silent.
"""

from __future__ import annotations

import array
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.services.site_context import open_site

SILENCE_RMS = 30.0  # int16 samples; a null sink's silence is 0
SOUND_RMS = 300.0
MARGIN_S = 0.35  # recording start and log times agree to about a tenth of a second


def _wait(what: str, condition: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def sound_room() -> Iterator[dict[str, str]]:
    """A PulseAudio server of this test's own, its default sink a null sink; the environment
    that reaches it (speech-dispatcher, started by the display, inherits it)."""
    room = Path(tempfile.mkdtemp(prefix="kiosk-pa-"))  # short: socket paths are limited
    runtime = room / "run"
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), HOME=str(room))
    env.pop("PULSE_SERVER", None)
    server = subprocess.Popen(
        ["pulseaudio", "--daemonize=no", "-n", "--exit-idle-time=-1", "--log-target=stderr",
         "--load=module-native-protocol-unix",
         "--load=module-null-sink sink_name=room rate=22050 channels=1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip

    def answers() -> bool:
        return subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode == 0

    try:
        _wait("the PulseAudio server", answers, 15)
        subprocess.run(["pactl", "set-default-sink", "room"], env=env, check=True)
        yield env
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(room, ignore_errors=True)


def rms(samples: array.array[int], start: float, end: float, rate: int) -> float:
    part = samples[max(0, int(start * rate)) : max(0, int(end * rate))]
    if not part:
        return 0.0
    return math.sqrt(sum(s * s for s in part) / len(part))


def test_a_call_is_heard_chime_and_every_language(
    sound_room: dict[str, str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    site = open_site(url)
    languages = [lang.code for lang in site.site.languages if lang.speech_locale]
    assert len(languages) >= 2
    calls = tmp_path / "calls.jsonl"
    state = tmp_path / "display.json"
    env = dict(sound_room, QT_QPA_PLATFORM="offscreen")
    display = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--database-url", url, "display", "--windowed",
         "--state-file", str(state), "--call-log", str(calls)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    recording = tmp_path / "room.wav"
    recorder = None
    try:
        _wait("the display", state.exists, 60)
        recorder = subprocess.Popen(
            ["parecord", "--device=room.monitor", "--file-format=wav", "--channels=1",
             "--rate=22050", "--format=s16le", str(recording)],
            env=sound_room,
        )  # fmt: skip
        recorded_from = time.time()
        time.sleep(1.5)  # the quiet before the call
        ticket = site.queue.issue(case_type=site.site.case_types[0].id)
        site.queue.call_next(site.site.counters[0].id, actor="test")

        def heard() -> list[dict[str, object]]:
            if not calls.exists():
                return []
            lines = [json.loads(line) for line in calls.read_text().splitlines() if line]
            return [line for line in lines if line.get("code") == ticket.code and "sound" in line]

        _wait("the whole announcement", lambda: any(p["sound"] == "end" for p in heard()), 60)
        time.sleep(0.5)
    finally:
        if recorder is not None:
            recorder.send_signal(signal.SIGINT)
            recorder.wait(10)
        display.terminate()
        _, errors = display.communicate(timeout=20)
        site.close()
    assert "speech engine failed" not in errors, errors
    parts = heard()
    assert [p["sound"] for p in parts] == ["chime", *languages, "end"]
    with wave.open(str(recording)) as sound:
        rate = sound.getframerate()
        samples = array.array("h", sound.readframes(sound.getnframes()))
    starts = [float(p["shown_at"]) - recorded_from for p in parts]  # type: ignore[arg-type]
    report = {"quiet before": rms(samples, MARGIN_S, starts[0] - MARGIN_S, rate)}
    for index, part in enumerate(parts[:-1]):
        begin, end = starts[index] + MARGIN_S, starts[index + 1] - MARGIN_S
        assert end - begin > 0.5, f"{part['sound']} lasted {end - begin + 2 * MARGIN_S:.1f} s"
        report[str(part["sound"])] = rms(samples, begin, end, rate)
    print(report)  # shown with -s: the loudness of each part
    assert report["quiet before"] < SILENCE_RMS, report
    for part in ("chime", *languages):
        assert report[part] > SOUND_RMS, report
