"""The driver that writes each frame itself (tui/frame_driver.py): every byte arrives, in order."""

from __future__ import annotations

import asyncio
import fcntl
import os
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("termios")

from textual import constants  # imported after the skip: the driver needs termios
from textual.drivers.headless_driver import HeadlessDriver
from textual.drivers.linux_driver import LinuxDriver

from frontline.tui.app import FrontlineApp
from frontline.tui.frame_driver import FrameDriver, KeyReader, write_all


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
    # Textual's own Linux driver, named, is the one used: the way back should this one misbehave.
    monkeypatch.setattr(constants, "DRIVER", "textual.drivers.linux_driver:LinuxDriver")
    assert FrontlineApp(db).driver_class is LinuxDriver


def read_keys(chunks: list[bytes | float], *, close: bool = False, wait: float = 0.05, deliver=None) -> dict:
    """Run a `KeyReader` on a pipe on an event loop: write `chunks` one by one, then `wait` seconds."""
    reader_fd, writer_fd = os.pipe()
    got: dict = {"keys": [], "failed": 0, "on_loop": []}

    async def run() -> None:
        def delivered(event) -> None:
            got["on_loop"].append(keys.on_loop())
            (deliver or got["keys"].append)(event)

        keys = KeyReader(
            reader_fd, False, delivered, asyncio.get_running_loop(), lambda: got.update(failed=1),
            lambda: got.update(ended=got.get("ended", 0) + 1),
        )  # fmt: skip
        keys.start()
        for chunk in chunks:
            if isinstance(chunk, float):  # the loop busy (a long search): nothing runs on it meanwhile
                time.sleep(chunk)
                continue
            os.write(writer_fd, chunk)
            await asyncio.sleep(0.02)
        if close:
            os.close(writer_fd)
        await asyncio.sleep(wait)
        got["reading"] = keys.reading
        keys.stop()
        got["stopped"] = not keys.reading

    try:
        asyncio.run(run())
    finally:
        os.close(reader_fd)
        if not close:
            os.close(writer_fd)
    got["events"] = got["keys"]
    got["keys"] = [getattr(event, "key", type(event).__name__) for event in got["keys"]]
    return got


def test_keys_are_read_and_parsed_on_the_event_loop() -> None:
    """A cursor key in application mode, a letter, and a character cut in two by the reads."""
    got = read_keys([b"\x1bOB", b"j", "é".encode()[:1], "é".encode()[1:]])
    assert got["keys"] == ["down", "j", "é"]
    assert all(got["on_loop"]) and got["reading"] and got["stopped"]


def test_bytes_that_are_not_utf8_are_keys_of_their_own_and_the_reading_goes_on() -> None:
    """A byte no UTF-8 has (a Latin-1 paste, a terminal's 8-bit Alt) stopped every key after it."""
    got = read_keys([b"\xff", b"j", "é".encode("latin-1"), b"k", b"\x80q"])
    assert [key for key in got["keys"] if key in "jkq"] == ["j", "k", "q"]
    assert len(got["keys"]) == 6 and not got["failed"] and got["reading"]


def test_a_lone_escape_is_a_key_once_no_more_bytes_come() -> None:
    assert read_keys([b"\x1b"], wait=0.0)["keys"] == []  # it may yet start a sequence
    assert read_keys([b"\x1b"], wait=constants.ESCAPE_DELAY + 0.1)["keys"] == ["escape"]


def test_an_escape_read_before_the_loop_was_busy_is_not_the_alt_of_the_key_after() -> None:
    """Escape read, then a long search: the tick that tells a lone Escape came late, after the read of
    the next key, and Escape then q was Alt+Q (the app did not quit, and Escape was lost)."""
    got = read_keys([b"\x1b", constants.ESCAPE_DELAY * 3, b"q"], wait=constants.ESCAPE_DELAY + 0.1)
    assert got["keys"] == ["escape", "q"]


def test_the_end_of_input_stops_the_reading_rather_than_spinning() -> None:
    got = read_keys([b"q"], close=True)
    assert got["keys"] == ["q"] and got["reading"] is False
    assert got["ended"] == 1  # and says so: the driver ends the app, whose terminal has gone


def test_a_key_that_fails_ends_the_reading_and_says_so() -> None:
    def broken(event) -> None:
        raise ValueError("a handler that fails")

    got = read_keys([b"a", b"b"], deliver=broken)
    assert got["failed"] == 1 and got["reading"] is False


def test_a_reader_stopped_before_the_loop_starts_it_never_reads() -> None:
    reader_fd, writer_fd = os.pipe()

    async def run() -> bool:
        keys = KeyReader(reader_fd, False, lambda event: None, asyncio.get_running_loop(), lambda: None)
        keys.stop()
        keys.start()  # the loop comes to it late
        return keys.reading

    try:
        assert asyncio.run(run()) is False
    finally:
        os.close(reader_fd)
        os.close(writer_fd)


def pasted(got: dict) -> list[str]:
    return [event.text for event in got["events"] if type(event).__name__ == "Paste"]


def test_a_paste_holding_escapes_is_text_and_never_keys() -> None:
    """Textual's parser ended a sequence begun inside a paste with the paste's next characters and
    sent them on as keys: a pasted `ESC [A q` opened the note editor (A) and typed q, or quit."""
    paste = b"\x1b[200~a\x1b[Aq\x1b\x1bx" + b"q" * 40 + b"\x1b]52;c;aGk=\x07\xc2\x9bz\x1b[201~"
    got = read_keys([paste, b"j"])
    assert pasted(got) == ["a\x1b[Aq\x1b\x1bx" + "q" * 40 + "\x1b]52;c;aGk=\x07\x9bz"]
    assert got["keys"] == ["Paste", "j"]


def test_a_paste_cut_anywhere_by_the_reads_is_one_paste() -> None:
    paste = b"k\x1b[200~one \x1b two\x1b[201~j"
    for cut in range(1, len(paste)):
        got = read_keys([paste[:cut], paste[cut:]])
        assert got["keys"] == ["k", "Paste", "j"], cut
        assert pasted(got) == ["one \x1b two"], cut


def test_a_paste_whose_end_never_comes_ends_when_the_bytes_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    """A paste start with no end (a terminal killed mid-paste, a stray sequence) swallowed every key
    after it, Ctrl+Q too: the app could not be left but by a kill."""
    monkeypatch.setattr(KeyReader, "paste_wait", 0.1)
    got = read_keys([b"\x1b[200~half a paste\x1b[20"], wait=0.3)
    assert pasted(got) == ["half a paste\x1b[20"]
    got = read_keys([b"\x1b[200~half", b"\x11"], wait=0.3)
    assert pasted(got) == ["half\x11"]  # within the wait, a key is still the paste's
    got = read_keys([b"\x1b[200~half"], wait=0.3)
    assert got["keys"] == ["Paste"] and got["reading"]


def test_replies_and_sequences_that_are_no_key_are_dropped_not_typed() -> None:
    """A complete sequence Textual's parser did not know (a terminal's reply to a query, a title, a
    DCS string) was sent on character by character as keys: `t` in a title was a key."""
    got = read_keys([
        b"\x1b[999;999;999z", b"\x1b]0;title\x07", b"\x1b]52;c;aGk=\x1b\\", b"\x1b[?62;22c",
        b"\x1bP1$r0m\x1b\\", b"\x1b[?25u", b"x\x1b]11;rgb:0000/0000/0000\x1b\\y\x1b[>0;10;1cj",
    ])  # fmt: skip
    assert got["keys"] == ["x", "y", "j"] and not got["failed"]


def test_every_sequence_textual_knows_still_reaches_its_parser() -> None:
    """Only what the parser would have typed out is dropped: every sequence it knows gives its keys."""
    from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
    from textual._xterm_parser import XTermParser

    known = [seq for seq in ANSI_SEQUENCES_KEYS if seq.startswith("\x1b[")]
    sequences = [*known, "\x1b[97u", "\x1b[27u", "\x1b[13;5u", "\x1b[<0;10;5M", "\x1b[<64;3;4m", "\x1b[I", "j"]
    parser = XTermParser()
    expected = [getattr(event, "key", type(event).__name__) for event in parser.feed("".join(sequences))]
    got = read_keys([seq.encode() for seq in sequences])
    assert got["keys"] == expected and len(expected) > len(known)
