"""Printer backends: a PDF folder, a CUPS queue, an ESC/POS thermal printer.

Each backend reports its state before a job and raises :class:`PrintFailed` with a state and a
plain reason when a job cannot be printed. None of them is called from the GUI thread.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from kiosk.settings.models import PrinterBackend, PrinterSettings

log = logging.getLogger(__name__)


class PrinterState(StrEnum):
    READY = "ready"
    MEDIA_LOW = "media_low"
    MEDIA_EMPTY = "media_empty"
    PAUSED = "paused"
    OFFLINE = "offline"
    REJECTING = "rejecting"
    UNREACHABLE = "unreachable"
    UNKNOWN = "unknown"
    ERROR = "error"


#: States in which a job may be sent (unknown: the device cannot tell, so we try).
PRINTABLE = frozenset({PrinterState.READY, PrinterState.MEDIA_LOW, PrinterState.UNKNOWN})


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    state: PrinterState
    detail: str = ""

    @property
    def can_print(self) -> bool:
        return self.state in PRINTABLE


class PrintFailed(Exception):
    def __init__(self, state: PrinterState, detail: str) -> None:
        self.state = state
        self.detail = detail
        super().__init__(f"{state.value}: {detail}")


class Printer(Protocol):
    backend: str
    name: str

    def status(self) -> PrinterStatus: ...

    def print_pdf(self, pdf: bytes, *, title: str, paper_width_mm: int, height_mm: float) -> str:
        """Print and return a job reference; raise PrintFailed."""
        ...


# -- PDF folder --------------------------------------------------------------------------------
class PdfFolderPrinter:
    """Saves each ticket as a PDF file (the embedded default, and a record of what was given)."""

    backend = "pdf_folder"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name = str(folder)

    def status(self) -> PrinterStatus:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return PrinterStatus(PrinterState.ERROR, f"cannot create {self.folder}: {exc.strerror}")
        if not os.access(self.folder, os.W_OK):
            return PrinterStatus(PrinterState.ERROR, f"{self.folder} is not writable")
        if shutil.disk_usage(self.folder).free < 5_000_000:
            return PrinterStatus(PrinterState.MEDIA_EMPTY, f"{self.folder}: disk almost full")
        return PrinterStatus(PrinterState.READY)

    def print_pdf(self, pdf: bytes, *, title: str, paper_width_mm: int, height_mm: float) -> str:
        status = self.status()
        if not status.can_print:
            raise PrintFailed(status.state, status.detail)
        # numbers restart every day: the time and a few random letters keep names apart
        target = (
            self.folder / f"{title}-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}.pdf"
        )
        try:
            with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".part", delete=False) as part:
                part.write(pdf)
            os.replace(part.name, target)
        except OSError as exc:
            raise PrintFailed(PrinterState.ERROR, f"cannot write {target}: {exc.strerror}") from exc
        return str(target)


# -- CUPS --------------------------------------------------------------------------------------
_REASON_STATES = (
    ("media-empty", PrinterState.MEDIA_EMPTY),
    ("media-needed", PrinterState.MEDIA_EMPTY),
    ("media-jam", PrinterState.ERROR),
    ("offline", PrinterState.OFFLINE),
    ("connecting-to-device", PrinterState.OFFLINE),
    ("paused", PrinterState.PAUSED),
    ("stopped", PrinterState.PAUSED),
    ("media-low", PrinterState.MEDIA_LOW),
)


def _run(args: list[str], stdin: bytes | None = None, timeout: float = 10) -> tuple[int, str]:
    try:
        # A fixed program with list arguments, no shell: a queue name cannot inject anything.
        done = subprocess.run(  # noqa: S603
            args, input=stdin, capture_output=True, timeout=timeout, check=False
        )
    except FileNotFoundError as exc:
        raise PrintFailed(PrinterState.UNREACHABLE, f"{args[0]} is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise PrintFailed(PrinterState.UNREACHABLE, f"{args[0]} did not answer") from exc
    output = (done.stdout + done.stderr).decode("utf-8", "replace")
    return done.returncode, output


def cups_queues() -> list[str]:
    """The CUPS queues this machine can print to (empty when CUPS is missing or stopped)."""
    try:
        code, out = _run(["lpstat", "-e"], timeout=5)
    except PrintFailed:
        return []
    return sorted(line.strip() for line in out.splitlines() if line.strip()) if code == 0 else []


class CupsPrinter:
    """A CUPS queue, driven by the standard ``lp``/``lpstat``/``cancel`` commands."""

    backend = "cups"

    def __init__(self, queue: str, *, wait_seconds: float = 8.0) -> None:
        self.name = queue
        self.wait_seconds = wait_seconds

    def status(self) -> PrinterStatus:
        code, out = _run(["lpstat", "-l", "-p", self.name])
        if code != 0:
            if "scheduler is not running" in out or "Bad file descriptor" in out:
                return PrinterStatus(PrinterState.UNREACHABLE, "the CUPS service is not running")
            return PrinterStatus(PrinterState.UNREACHABLE, f"no printer queue named {self.name}")
        alerts = " ".join(re.findall(r"Alerts:\s*(.*)", out)).strip()
        for reason, state in _REASON_STATES:
            if reason in alerts:
                return PrinterStatus(state, alerts)
        if "disabled" in out.splitlines()[0]:
            return PrinterStatus(PrinterState.PAUSED, out.splitlines()[0].strip())
        code, accepting = _run(["lpstat", "-a", self.name])
        if code != 0 or "not accepting" in accepting:
            return PrinterStatus(PrinterState.REJECTING, accepting.strip())
        return PrinterStatus(PrinterState.READY, alerts if alerts != "none" else "")

    def print_pdf(self, pdf: bytes, *, title: str, paper_width_mm: int, height_mm: float) -> str:
        status = self.status()
        if not status.can_print:
            raise PrintFailed(status.state, status.detail)
        media = f"Custom.{paper_width_mm}x{height_mm:.0f}mm"
        code, out = _run(
            ["lp", "-d", self.name, "-t", title, "-o", f"media={media}", "-"],
            stdin=pdf,
        )
        match = re.search(r"request id is (\S+)", out)
        if code != 0 or not match:
            raise PrintFailed(PrinterState.REJECTING, out.strip() or "lp refused the job")
        job = match.group(1)
        self._wait_for(job)
        return job

    def _wait_for(self, job: str) -> None:
        """Wait until the job leaves the queue; a printer error meanwhile fails (and cancels) it."""
        deadline = time.monotonic() + self.wait_seconds
        while time.monotonic() < deadline:
            code, pending = _run(["lpstat", "-o", self.name])
            if code == 0 and job not in pending:
                return
            status = self.status()
            if not status.can_print:
                _run(["cancel", job])
                raise PrintFailed(status.state, status.detail)
            time.sleep(0.2)
        _run(["cancel", job])
        raise PrintFailed(
            PrinterState.OFFLINE, f"job {job} did not print within {self.wait_seconds:.0f} s"
        )


# -- ESC/POS -----------------------------------------------------------------------------------
#: printable dots per line at 203 dpi
ESCPOS_DOTS = {80: 576, 58: 384}


def rasterise(pdf: bytes, width_dots: int) -> Any:
    """The receipt as a 1-bit PIL image exactly ``width_dots`` wide (poppler's pdftoppm)."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "ticket.pdf"
        source.write_bytes(pdf)
        code, out = _run(
            [
                "pdftoppm",
                "-gray",
                "-png",
                "-singlefile",
                "-scale-to-x",
                str(width_dots),
                "-scale-to-y",
                "-1",
                str(source),
                str(Path(tmp) / "ticket"),
            ],
            timeout=20,
        )
        if code != 0:
            raise PrintFailed(PrinterState.ERROR, f"cannot rasterise the ticket: {out.strip()}")
        with Image.open(Path(tmp) / "ticket.png") as image:
            return image.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1")


class EscposPrinter:
    """A thermal printer speaking ESC/POS over the network, USB or a device file.

    The ticket is sent as a raster image, so printers without native QR support print it too.
    """

    backend = "escpos"

    def __init__(self, target: str, device: Any = None) -> None:
        self.name = target
        self._device = device  # injected in tests (python-escpos's Dummy)

    def _open(self) -> Any:
        if self._device is not None:
            return self._device
        from escpos import printer

        target = self.name
        try:
            if target.startswith("tcp://"):
                host, _, port = target.removeprefix("tcp://").partition(":")
                # Probe first: python-escpos leaves its socket open when a connect fails.
                with socket.create_connection((host, int(port or 9100)), timeout=3):
                    pass
                device = printer.Network(host, int(port or 9100), timeout=3)
            elif target.startswith("usb:"):
                vendor, product = (int(part, 16) for part in target.split(":")[1:3])
                device = printer.Usb(vendor, product)
            else:
                device = printer.File(target)
            device.open()
        except Exception as exc:  # each transport raises its own kinds of error
            raise PrintFailed(
                PrinterState.UNREACHABLE, f"cannot open {target}: {type(exc).__name__}: {exc}"
            ) from exc
        return device

    def status(self) -> PrinterStatus:
        try:
            device = self._open()
        except PrintFailed as exc:
            return PrinterStatus(exc.state, exc.detail)
        try:
            paper = device.paper_status()
        except Exception as exc:  # a device file or a printer that does not answer
            return PrinterStatus(
                PrinterState.UNKNOWN, f"no paper sensor answer ({type(exc).__name__})"
            )
        finally:
            if self._device is None:
                device.close()
        if paper == 0:
            return PrinterStatus(PrinterState.MEDIA_EMPTY, "paper sensor: no paper")
        if paper == 1:
            return PrinterStatus(PrinterState.MEDIA_LOW, "paper sensor: paper low")
        if paper == 2:
            return PrinterStatus(PrinterState.READY)
        return PrinterStatus(PrinterState.UNKNOWN, "paper sensor did not answer")

    def print_pdf(self, pdf: bytes, *, title: str, paper_width_mm: int, height_mm: float) -> str:
        status = self.status()
        if not status.can_print:
            raise PrintFailed(status.state, status.detail)
        image = rasterise(pdf, ESCPOS_DOTS[paper_width_mm])
        device = self._open()
        try:
            device.image(image, impl="bitImageRaster", center=False)
            device.cut()
        except Exception as exc:
            raise PrintFailed(PrinterState.ERROR, f"{type(exc).__name__}: {exc}") from exc
        finally:
            if self._device is None:
                device.close()
        return title


def make_printer(settings: PrinterSettings, data_dir: Path) -> Printer:
    if settings.backend is PrinterBackend.CUPS:
        if not settings.cups_queue:
            raise ValueError("printer.cups_queue is not set")
        return CupsPrinter(settings.cups_queue)
    if settings.backend is PrinterBackend.ESCPOS:
        if not settings.escpos_target:
            raise ValueError("printer.escpos_target is not set")
        return EscposPrinter(settings.escpos_target)
    folder = Path(settings.pdf_folder) if settings.pdf_folder else data_dir / "tickets"
    return PdfFolderPrinter(folder)
