"""Frames written to the terminal the moment they are composed.

Textual's Linux driver hands each frame to a writer thread. That thread needs the interpreter to write,
and after a key the main thread goes on at once with the work the frame left for later (the pages
around the cursor, the detail pane drawn ahead), so the frame waited: in a pseudo-terminal, 0.4 ms
at the median but 7-18 ms at the tail of the keys measured (tests/benchmarks/pty_bench.py). Here
`write` is one system call on the terminal's descriptor, which releases the interpreter while the
kernel copies the bytes: the frame is out before anything else runs.

A terminal that does not read (a stalled ssh link) blocks the write; Textual's own queue blocks the
main thread too once 30 frames are waiting, so nothing is lost that the thread would have saved.
"""

from __future__ import annotations

import os
import select
import threading

from textual.drivers.linux_driver import LinuxDriver


class FrameDriver(LinuxDriver):
    """Textual's Linux driver, writing each frame itself rather than through a thread."""

    _lock = threading.Lock()  # a write from the input thread (a terminal query) keeps its bytes whole

    def write(self, data: str) -> None:
        assert self._file is not None, "the driver writes to the terminal it was started on"
        write_all(self._file.fileno(), data.encode("utf-8", "replace"), self._lock)


def write_all(fd: int, data: bytes, lock: threading.Lock) -> None:
    """Every byte of `data` to `fd`, in order, waiting while a non-blocking descriptor is full."""
    view = memoryview(data)
    with lock:
        while view:
            try:
                view = view[os.write(fd, view) :]
            except BlockingIOError:
                select.select([], [fd], [])
            except InterruptedError:
                continue
