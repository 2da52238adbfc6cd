"""Telling systemd how the app is doing (the sd_notify protocol, without libsystemd).

Under a unit with ``Type=notify`` systemd sets ``NOTIFY_SOCKET``; ``READY=1`` says the app is
up, and with ``WatchdogSec=`` (``WATCHDOG_USEC`` in the environment) a ``WATCHDOG=1`` is due
at least that often, or systemd restarts the app. Outside systemd both are quiet no-ops.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


def notify(message: str) -> bool:
    """Send one notification; False when not run by systemd or the socket is gone."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):  # an abstract socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender:
            sender.connect(address)
            sender.sendall(message.encode("utf-8"))
    except OSError as exc:
        log.warning("could not notify the service manager: %s", exc)
        return False
    return True


def watchdog_interval_ms() -> int | None:
    """How often to ping: half the unit's watchdog time, or None without a watchdog."""
    usec = os.environ.get("WATCHDOG_USEC", "")
    pid = os.environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) <= 0:
        return None
    if pid.isdigit() and int(pid) != os.getpid():
        return None  # meant for another process
    return max(int(usec) // 2000, 100)
