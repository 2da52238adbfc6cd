"""What a screen says when a job fails, and how the failure is logged.

Only two kinds of failure are expected: the rules refused the request (DomainError, whose
message is written for the person) and the database could not be used (DatabaseUnavailable,
already logged with its cause by storage). Anything else is a bug: it is logged with its
traceback and shown as an internal error, never as "reconnecting".
"""

from __future__ import annotations

import logging

from kiosk.domain.errors import DatabasePermissionDenied, DatabaseUnavailable, DomainError
from kiosk.settings.translations import tr

log = logging.getLogger(__name__)


def is_expected(error: BaseException) -> bool:
    return isinstance(error, DomainError | DatabaseUnavailable)


def failure_text(error: BaseException, language: str, what: str) -> str:
    """The line to show for ``error`` in ``language``; ``what`` names the job for the log."""
    if isinstance(error, DomainError):
        log.info("%s refused: %s", what, type(error).__name__)
        return str(error)
    if isinstance(error, DatabasePermissionDenied):
        log.warning("%s: refused by the database (this machine's role)", what)
        return tr(language, "error.database_denied")
    if isinstance(error, DatabaseUnavailable):
        log.warning("%s: database unavailable", what)
        return tr(language, "error.database")
    log.error("%s failed with an internal error", what, exc_info=error)
    return tr(language, "error.internal")
