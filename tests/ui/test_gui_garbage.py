"""Cyclic garbage is collected on the GUI thread, never in a worker thread."""

from __future__ import annotations

import gc
import threading
import weakref

from pytestqt.qtbot import QtBot

from kiosk.ui.gui_garbage import collect_on_gui_thread


class Node:
    def __init__(self) -> None:
        self.me = self
        self.collected_in: list[str] = []


def test_cycles_are_freed_by_the_timer_on_the_gui_thread(qtbot: QtBot) -> None:
    collect_on_gui_thread()
    assert not gc.isenabled()
    seen: list[str] = []

    class Tracked(Node):
        def __del__(self) -> None:
            seen.append(threading.current_thread().name)

    def make_garbage() -> None:
        for _ in range(3000):  # well past the first generation's threshold
            Tracked()

    worker = threading.Thread(target=make_garbage, name="worker")
    worker.start()
    worker.join()
    assert seen == []  # nothing collected in the worker
    probe = Node()
    ref = weakref.ref(probe)
    del probe
    qtbot.waitUntil(lambda: ref() is None, timeout=5000)
    assert seen
    assert set(seen) == {threading.current_thread().name}


def test_a_few_cycles_are_swept_though_under_the_threshold(qtbot: QtBot) -> None:
    collect_on_gui_thread()
    gc.collect()  # the young count starts near zero
    probe = Node()
    ref = weakref.ref(probe)
    del probe
    assert gc.get_count()[0] < gc.get_threshold()[0]
    qtbot.waitUntil(lambda: ref() is None, timeout=5000)  # swept within a few seconds
