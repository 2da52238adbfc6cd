"""One-shot jobs (read the queue, issue a ticket, print, save settings) off the GUI thread.

Jobs run one at a time, in the order asked, on a single worker thread; the result or the
exception comes back to the GUI thread through a queued signal, so callbacks may touch
widgets. ``pending`` counts jobs whose answer has not reached the GUI thread yet.

Signals:
    settled(): every job asked for so far has answered.
    _done(object, object): internal; a callback and its argument.
    _told(object, object): internal; a callback and what a running job told it (``relay``).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

_RUNNERS: weakref.WeakSet[JobRunner] = weakref.WeakSet()


class JobRunner(QObject):
    settled = Signal()
    _done = Signal(object, object)
    _told = Signal(object, object)

    def __init__(self, parent: QObject | None = None, name: str = "kiosk-job") -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._done.connect(self._on_self_done)
        self._told.connect(self._on_told)
        self.pending = 0
        self._closed = False
        _RUNNERS.add(self)

    def run(
        self,
        job: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        if self._closed:
            log.warning("a job was asked for after shutdown; not run")
            return

        def finished(future: Future[Any]) -> None:
            error = future.exception()
            if error is not None:
                self._done.emit(on_error, error)
            else:
                self._done.emit(on_result, future.result())

        self.pending += 1
        self._pool.submit(job).add_done_callback(finished)

    def relay(self, callback: Callable[..., None]) -> Callable[..., None]:
        """A function a job may call from its thread: ``callback`` gets the same arguments on
        the GUI thread (progress, say). What arrives after shutdown is dropped."""

        def tell(*args: Any) -> None:
            self._told.emit(callback, args)

        return tell

    def _on_told(self, callback: Callable[..., None], args: tuple[Any, ...]) -> None:
        if not self._closed:
            callback(*args)

    def _on_self_done(self, callback: Callable[[Any], None], value: Any) -> None:
        if self._closed:
            return  # the screen is closing: nobody to answer
        self.pending -= 1
        try:
            callback(value)
        finally:
            if self.pending == 0:
                self.settled.emit()

    @property
    def idle(self) -> bool:
        return self.pending == 0

    @staticmethod
    def all_idle() -> bool:
        """No job of any screen of this process is waiting for its answer."""
        return all(runner.pending == 0 for runner in list(_RUNNERS))

    def shutdown(self) -> None:
        """Wait for the job running now; answers not yet delivered are dropped."""
        self._closed = True
        self._pool.shutdown(wait=True)
        self.pending = 0


def busy_runners() -> list[str]:
    """The names of the runners with jobs in flight (for diagnostics)."""
    return [
        f"{runner.parent().__class__.__name__ if runner.parent() else '?'}: {runner.pending}"
        for runner in list(_RUNNERS)
        if runner.pending
    ]
