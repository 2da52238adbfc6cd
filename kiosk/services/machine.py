"""This machine's name, as staff see it in alerts and the purge log (``KIOSK_MACHINE_NAME``,
else the host name): "kiosk-2", not an address."""

from __future__ import annotations

import os
import socket


def machine_name() -> str:
    return (os.environ.get("KIOSK_MACHINE_NAME") or socket.gethostname())[:80]
