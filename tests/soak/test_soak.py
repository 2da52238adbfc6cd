"""The fault-injection soak, one minute of it (``./scripts/soak.sh`` runs longer ones)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.slow
@pytest.mark.postgres
def test_a_minute_of_faults_loses_and_duplicates_nothing() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.soak.run", "--minutes", "1", "--seed", "7"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    last = lines[-1]
    assert "lost 0, duplicated 0, display missed 0" in last
    assert last.endswith("processes died 0")
    visits = int(last.split(",")[0].removeprefix("visits "))
    assert visits > 20  # the kiosks really worked through the faults
