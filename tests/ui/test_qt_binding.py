"""The Qt binding itself, where a bug of it would bring a running kiosk down.

PySide6 6.12.0 returns the ``True`` of ``emit()`` without taking a reference to it: every
signal emitted takes one away from ``True``, until Python frees it and aborts ("bool_dealloc").
A kiosk emits with every camera frame and every database answer; after some minutes it died.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    happened = Signal(object)


def test_emitting_signals_leaves_true_alone() -> None:
    emitter = Emitter()
    seen: list[object] = []
    emitter.happened.connect(seen.append)
    before = sys.getrefcount(True)
    for index in range(2000):
        emitter.happened.emit(index)
    after = sys.getrefcount(True)
    assert len(seen) == 2000
    assert after >= before - 50  # a binding that leaks a reference per emit loses ~2000
