"""One-shot jobs (submit an intake, print a ticket) off the GUI thread.

Jobs run one at a time on a single worker thread; the result or the exception comes back to
the GUI thread through a queued signal, so callbacks may touch widgets.

Signals:
    _done(object, object): internal; a callback and its argument.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class JobRunner(QObject):
    _done = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-job")
        self._done.connect(self._on_self_done)

    def run(
        self,
        job: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        def finished(future: Future[Any]) -> None:
            error = future.exception()
            if error is not None:
                self._done.emit(on_error, error)
            else:
                self._done.emit(on_result, future.result())

        self._pool.submit(job).add_done_callback(finished)

    def _on_self_done(self, callback: Callable[[Any], None], value: Any) -> None:
        callback(value)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)
