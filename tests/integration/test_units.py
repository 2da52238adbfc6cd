"""The systemd units in packaging/ are valid: ``systemd-analyze verify`` finds nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def test_every_unit_verifies(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is missing (Debian: systemd)", pytrace=False)
    kiosk = Path(sys.executable).with_name("kiosk")  # the installed command stands in for /opt
    units = sorted(PACKAGING.glob("*.service"))
    assert units
    for unit in units:
        text = unit.read_text(encoding="utf-8")
        assert "Type=notify" in text
        assert "WatchdogSec=" in text
        instance = tmp_path / unit.name.replace("@.", "@display.")
        instance.write_text(
            text.replace("/opt/walkin-kiosk/.venv/bin/kiosk", str(kiosk)), encoding="utf-8"
        )
        result = subprocess.run(
            [analyze, "verify", "--man=no", str(instance)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stderr.strip() == "", result.stderr
