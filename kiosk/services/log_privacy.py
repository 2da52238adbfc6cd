"""Log lines that never carry what a visitor typed.

Statement parameters are already hidden by the engines (``hide_parameters``); what remains
are database messages that quote values ("DETAIL: Key (…)=(…) already exists", "LINE 1: …") and
parameter lists in exception texts. This formatter drops those from every exception it writes.
"""

from __future__ import annotations

import logging
import re

_DROP = (
    re.compile(r"^\s*(DETAIL|HINT|LINE \d+|CONTEXT|WHERE):.*$", re.MULTILINE),
    re.compile(r"\[parameters: .*?\]", re.DOTALL),
    re.compile(r"^\s*\^\s*$", re.MULTILINE),
)


def scrub(text: str) -> str:
    for pattern in _DROP:
        text = pattern.sub("", text)
    return re.sub(r"\n{2,}", "\n", text)


class PrivateFormatter(logging.Formatter):
    def formatException(self, ei: object) -> str:  # noqa: N802 (logging's name)
        return scrub(super().formatException(ei))  # type: ignore[arg-type]

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def configure_logging(level: int) -> None:
    """The kiosk's log: one line per event, on stderr (the journal on an appliance)."""
    handler = logging.StreamHandler()
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
