"""The driver that writes each frame itself (tui/frame_driver.py): every byte arrives, in order."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("termios")

from textual import constants  # imported after the skip: the driver needs termios
from textual.drivers.headless_driver import HeadlessDriver

from frontline.tui.app import FrontlineApp
from frontline.tui.frame_driver import FrameDriver, write_all


def test_a_full_pipe_gets_every_byte_in_order() -> None:
    """A non-blocking descriptor that fills (a slow terminal) makes the write wait, not drop bytes."""
    reader, writer = os.pipe()
    fcntl.fcntl(writer, fcntl.F_SETFL, fcntl.fcntl(writer, fcntl.F_GETFL) | os.O_NONBLOCK)
    payload = bytes(range(256)) * 4096  # 1 MiB: many times a pipe's buffer
    received = bytearray()

    def drain() -> None:
        while chunk := os.read(reader, 7001):
            received.extend(chunk)
            time.sleep(0.0005)  # slower than the writer

    thread = threading.Thread(target=drain)
    thread.start()
    lock = threading.Lock()
    write_all(writer, payload[:1000], lock)
    write_all(writer, payload[1000:], lock)
    os.close(writer)
    thread.join(timeout=30)
    os.close(reader)
    assert bytes(received) == payload


def test_writes_from_two_threads_stay_whole() -> None:
    """A terminal query from the input thread never lands inside a frame."""
    reader, writer = os.pipe()
    lock = threading.Lock()
    frames = [bytes([65 + n]) * 50_000 for n in range(8)]
    received = bytearray()

    def drain() -> None:
        while chunk := os.read(reader, 65536):
            received.extend(chunk)

    drainer = threading.Thread(target=drain)
    drainer.start()
    writers = [threading.Thread(target=write_all, args=(writer, frame, lock)) for frame in frames]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=30)
    os.close(writer)
    drainer.join(timeout=30)
    os.close(reader)
    runs = [bytes(received[i : i + 50_000]) for i in range(0, len(received), 50_000)]
    assert sorted(runs) == sorted(frames)


def test_the_app_uses_it_in_a_terminal_and_leaves_a_chosen_driver_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "f.db"
    assert FrontlineApp(db).driver_class is FrameDriver
    monkeypatch.setattr(constants, "DRIVER", "textual.drivers.headless_driver:HeadlessDriver")
    assert FrontlineApp(db).driver_class is HeadlessDriver
