"""A real CUPS server for the tests: started when needed, cups-pdf queues added and removed."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def lp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, check=False, timeout=30)


@pytest.fixture(scope="module")
def cups() -> None:
    if shutil.which("cupsd") is None or shutil.which("lpadmin") is None:
        pytest.fail("CUPS is not installed; ./scripts/setup.sh installs it", pytrace=False)
    if "is running" not in lp("lpstat", "-r").stdout:
        subprocess.run(["cupsd"], check=True)
        for _ in range(50):
            if "is running" in lp("lpstat", "-r").stdout:
                break
            time.sleep(0.1)
    assert "is running" in lp("lpstat", "-r").stdout, "cupsd did not start"


def add_queue(name: str, uri: str) -> None:
    result = lp("lpadmin", "-p", name, "-E", "-v", uri, "-m", "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd")
    assert result.returncode == 0, result.stderr


@pytest.fixture
def pdf_queue(cups: None) -> Iterator[str]:
    name = f"kiosk-test-{uuid.uuid4().hex[:8]}"
    add_queue(name, "cups-pdf:/")
    yield name
    lp("lpadmin", "-x", name)


def cups_pdf_output_dirs() -> list[Path]:
    """Where cups-pdf writes: its 'Out' setting (${HOME} of the submitting user)."""
    home = pwd.getpwuid(os.getuid()).pw_dir
    user = pwd.getpwuid(os.getuid()).pw_name
    dirs = [
        Path(home) / "PDF",
        Path("/var/spool/cups-pdf") / user,
        Path("/var/spool/cups-pdf/ANONYMOUS"),
    ]
    config = Path("/etc/cups/cups-pdf.conf")
    if config.exists():
        for line in config.read_text().splitlines():
            match = re.match(r"^\s*Out\s+(.+)$", line)
            if match:
                dirs.insert(
                    0, Path(match.group(1).replace("${HOME}", home).replace("${USER}", user))
                )
    return dirs


def wait_for_output(job: str, timeout: float = 20) -> Path:
    number = job.rsplit("-", 1)[-1]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for folder in cups_pdf_output_dirs():
            if folder.is_dir():
                for path in folder.glob(f"*job_{number}.pdf"):
                    if path.stat().st_size > 0:
                        return path
        time.sleep(0.2)
    raise AssertionError(f"cups-pdf wrote no file for job {job} in {cups_pdf_output_dirs()}")
