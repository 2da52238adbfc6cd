"""The systemd units of the package (packaging/units/) are valid (``systemd-analyze verify``
finds nothing) and locked down (``systemd-analyze security`` rates each 4 or better)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

UNITS = Path(__file__).resolve().parents[2] / "packaging" / "units"
#: the installed programs the units start, and what stands in for them on a test machine
INSTALLED = {
    "/opt/walkin-kiosk/venv/bin/python": sys.executable,
    "/usr/bin/cage": shutil.which("cage") or "/usr/bin/cage",
}


def _analyze() -> str:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is missing (Debian: systemd)", pytrace=False)
    return analyze


def _instances(tmp_path: Path) -> list[Path]:
    units = sorted(UNITS.glob("*.service"))
    assert [unit.name for unit in units] == [
        "walkin-kiosk-upgrade.service", "walkin-kiosk@.service",
    ]  # fmt: skip
    made = []
    for unit in units:
        text = unit.read_text(encoding="utf-8")
        for path, stand_in in INSTALLED.items():
            text = text.replace(path, stand_in)
        instance = tmp_path / unit.name.replace("@.", "@visitor.")
        instance.write_text(text, encoding="utf-8")
        made.append(instance)
    return made


def test_every_unit_verifies(tmp_path: Path) -> None:
    analyze = _analyze()
    for instance in _instances(tmp_path):
        result = subprocess.run(
            [analyze, "verify", "--man=no", str(instance)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stderr.strip() == "", result.stderr


def test_the_kiosk_runs_as_its_own_user_under_a_watchdog(tmp_path: Path) -> None:
    text = (UNITS / "walkin-kiosk@.service").read_text(encoding="utf-8")
    for setting in (
        "Type=notify", "NotifyAccess=all", "Restart=always", "User=kiosk",
        "ReadWritePaths=/var/lib/walkin-kiosk",
        "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "NoNewPrivileges=yes",
        "CapabilityBoundingSet=\n",
    ):  # fmt: skip
        assert setting in text, setting
    watchdog = re.search(r"^WatchdogSec=(\d+)(ms)?$", text, re.M)
    assert watchdog is not None
    assert int(watchdog[1]) / (1000 if watchdog[2] else 1) <= 2  # a frozen screen: seconds
    start = re.search(r"^ExecStart=((?:.*\\\n)*.*)$", text, re.M)[1].split()  # type: ignore[index]
    cage = start.index("/usr/bin/cage")
    assert start[cage + 1] == "--"  # cage without -s: no switching consoles
    assert start[-3:] == ["-m", "kiosk", "%i"]
    assert "PAMName=" not in text  # a PAM session would take the app out of the unit's cgroup
    upgrade = (UNITS / "walkin-kiosk-upgrade.service").read_text(encoding="utf-8")
    assert "-m kiosk db upgrade" in upgrade
    assert "Type=oneshot" in upgrade
    assert "db upgrade" not in text  # the roles never migrate


def test_every_unit_is_rated_4_or_better_by_systemd(tmp_path: Path) -> None:
    analyze = _analyze()
    for instance in _instances(tmp_path):
        result = subprocess.run(
            [analyze, "security", "--offline=true", "--no-pager", str(instance)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        match = re.search(r"Overall exposure level for \S+: (\d+\.\d)", result.stdout)
        assert match, result.stdout + result.stderr
        assert float(match[1]) <= 4.0, f"{instance.name}: {match[1]}"
