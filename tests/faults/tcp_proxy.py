"""A small TCP proxy between the kiosk's processes and the database, which can be cut.

``cut(seconds)`` resets every open connection and refuses new ones for that long, as a
network cut or a database restart does; then the proxy listens again on the same port.
Threads only (one pair per connection); meant for tests and the soak, not for production.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time


class TcpProxy:
    def __init__(self, target: tuple[str, int], listen: tuple[str, int] = ("127.0.0.1", 0)):
        self.target = target
        self._listen_at = listen
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._stop = threading.Event()
        self._open = threading.Event()
        self.port = 0
        self.cuts = 0
        self._bind()
        self._thread = threading.Thread(target=self._accept_loop, name="proxy", daemon=True)
        self._thread.start()

    @property
    def address(self) -> tuple[str, int]:
        return self._listen_at[0], self.port

    # -- listening ---------------------------------------------------------------------------
    def _bind(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self._listen_at[0], self.port or self._listen_at[1]))
        listener.listen(128)
        listener.settimeout(0.2)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._open.set()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            if not self._open.wait(0.2):
                continue
            listener = self._listener
            if listener is None:
                continue
            try:
                client, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            for sock in (client, upstream):
                sock.settimeout(None)
            with self._lock:
                self._sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with self._lock:
                    self._sockets.discard(sock)

    # -- faults ------------------------------------------------------------------------------
    def cut(self, seconds: float) -> None:
        """Reset every connection and refuse new ones for ``seconds``; blocks meanwhile."""
        self.cut_start()
        time.sleep(seconds)
        self.cut_end()

    def cut_start(self) -> None:
        self.cuts += 1
        self._open.clear()
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _reset(sock)

    def cut_end(self) -> None:
        if self._listener is None:
            self._bind()

    def close(self) -> None:
        self._stop.set()
        self.cut_start()
        self._thread.join(timeout=5)


def _reset(sock: socket.socket) -> None:
    """Close with a reset (RST), as a dead peer does. The shutdown first: closing a socket
    does not wake a thread blocked reading it, and the connection would live on, silent."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
