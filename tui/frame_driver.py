"""Frames written to the terminal the moment they are composed, and keys read where they are handled.

Textual's Linux driver hands each frame to a writer thread. That thread needs the interpreter to write,
and after a key the main thread goes on at once with the work the frame left for later (the pages
around the cursor, the detail pane drawn ahead), so the frame waited: in a pseudo-terminal, 0.4 ms
at the median but 7-18 ms at the tail of the keys measured (tests/benchmarks/pty_bench.py). Here
`write` is one system call on the terminal's descriptor, which releases the interpreter while the
kernel copies the bytes: the frame is out before anything else runs.

A terminal that does not read (a stalled ssh link) blocks the write; Textual's own queue blocks the
main thread too once 30 frames are waiting, so nothing is lost that the thread would have saved.

Keys came the other way through a thread too: Textual's input thread reads the terminal, parses the
bytes and hands each key to the event loop, which wakes and only then dispatches it. In the pty, on
the built-in data, that was 2-5 ms of a 13-16 ms Down (`tests/benchmarks/pty_trace.py`). `KeyReader`
reads the terminal on the event loop itself, with Textual's own parser, and queues each key at once.
"""

from __future__ import annotations

import asyncio
import os
import re
import select
import threading
from codecs import getincrementaldecoder
from collections.abc import Callable
from typing import Any

from textual import constants, events
from textual._xterm_parser import (
    BRACKETED_PASTE_END,
    BRACKETED_PASTE_START,
    SPECIAL_SEQUENCES,
    XTermParser,
    _re_cursor_position,
    _re_in_band_window_resize,
    _re_mouse_event,
    _re_terminal_mode_response,
)
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message


class FrameDriver(LinuxDriver):
    """Textual's Linux driver, writing each frame itself rather than through a thread, and reading keys
    on the event loop."""

    _lock = threading.Lock()  # a write from the input thread (a terminal query) keeps its bytes whole
    _reader: KeyReader | None = None
    _gone = False  # the terminal has closed: nothing more is read from it or written to it

    def write(self, data: str) -> None:
        assert self._file is not None, "the driver writes to the terminal it was started on"
        if self._gone:
            return
        try:
            write_all(self._file.fileno(), data.encode("utf-8", "replace"), self._lock)
        except OSError:  # the terminal closed: the app is ending (`_ended`), with no one to see it
            self._gone = True

    def run_input_thread(self) -> None:
        """Textual starts (and at the end joins) this thread to read keys; here the event loop reads
        them (`KeyReader`), and the thread only waits to be told to stop."""
        self._reader = KeyReader(self.fileno, self._debug, self.process_message, self._loop, self._failed, self._ended)
        self._loop.call_soon_threadsafe(self._reader.start)
        self.exit_event.wait()

    def _failed(self) -> None:
        """Input that could not be read or parsed ends the app with its traceback, as in Textual's thread."""
        import rich.traceback

        self._app.call_later(self._app.panic, rich.traceback.Traceback())

    def _ended(self) -> None:
        """The terminal closed (no hang-up signal came, or it is ignored): the app ends rather than
        running on unseen."""
        self._gone = True
        self._app.exit()

    def disable_input(self) -> None:
        if self._reader is not None:
            self._reader.stop()
            self._reader = None
        super().disable_input()

    def send_message(self, message: Message) -> None:
        """A key read on the event loop goes straight into the app's queue: no hop back to the loop."""
        if self._reader is not None and self._reader.on_loop():
            self._app.post_message(message)
        else:
            super().send_message(message)


class KeyReader:
    """The terminal's input read on the event loop: bytes parsed into Textual's events as they arrive.

    A lone Escape is told from the start of a key's sequence by time, as Textual does: the parser waits
    `ESCAPE_DELAY` for more bytes, and a tick after the last bytes read lets it give up.

    A bracketed paste is cut out here, before the parser sees it: the parser read an escape inside a
    paste as the start of a key's sequence and, finding none, sent the paste's next characters on as
    keys (a pasted `ESC [A q` opened the note editor and quit). The end of a read that may be the start
    of a paste's marker is held until the next read, or the tick.

    A complete sequence the parser does not know (a terminal's reply to a query, a title, a DCS
    string) is dropped: the parser sent it on character by character as keys."""

    paste_wait = 1.0  # seconds without a byte that end a paste whose end marker never comes

    def __init__(
        self, fd: int, debug: bool, deliver: Callable[[Any], None], loop: asyncio.AbstractEventLoop,
        failed: Callable[[], None], ended: Callable[[], None] = lambda: None,
    ) -> None:  # fmt: skip
        self.fd, self.deliver, self.loop, self.failed, self.ended = fd, deliver, loop, failed, ended
        self.parser = XTermParser(debug)
        self.decode = getincrementaldecoder("utf-8")(errors="replace").decode  # a stray byte is a U+FFFD key
        self.ticking: asyncio.TimerHandle | None = None
        self.held = ""  # the end of the last read, which may begin a paste's start or end marker
        self.pasting: list[str] | None = None  # a paste's text so far, while in one
        self.reading = self.stopped = False
        self.thread: int | None = None  # the loop's, once started on it

    def start(self) -> None:
        if self.stopped:  # stopped before the loop came to start it (an app that quits at once)
            return
        self.thread = threading.get_ident()
        self.loop.add_reader(self.fd, self.read)
        self.reading = True

    def on_loop(self) -> bool:
        return self.thread == threading.get_ident()

    def stop(self) -> None:
        """Stop reading (from the loop's thread, or any other: the loop removes it)."""
        self.stopped = True
        if self.ticking is not None:
            self.ticking.cancel()
        if self.on_loop() or self.loop.is_closed():
            self._remove()
        else:
            self.loop.call_soon_threadsafe(self._remove)

    def _remove(self) -> None:
        if self.reading and not self.loop.is_closed():
            self.loop.remove_reader(self.fd)
        self.reading = False

    def read(self) -> None:
        try:
            data = os.read(self.fd, 4096)
        except OSError:  # the terminal has gone: nothing more to read
            data = b""
        if not data:  # or the end of input (a pipe, not a terminal): reading on would spin
            self._remove()
            self.ended()
            return
        text = self.decode(data)  # '' while a character is cut in two, which the parser would take for the end
        if self.ticking is not None and self.loop.time() >= self.ticking.when():
            self.ticking.cancel()  # due while the loop was busy: the bytes before these are keys of their own
            self.tick()  # (an Escape read before a long search, then q, was Alt+Q)
            if not self.reading:  # the tick failed
                return
        try:
            self.take(text)
        except Exception:
            self._remove()
            self.failed()
            return
        if self.ticking is not None:
            self.ticking.cancel()
        wait = self.paste_wait if self.pasting is not None else constants.ESCAPE_DELAY + 0.01
        self.ticking = self.loop.call_later(wait, self.tick)

    def take(self, text: str) -> None:
        """Pastes out of `text` as Paste events, and the rest through the parser."""
        text, self.held = self.held + text, ""
        while text:
            marker = BRACKETED_PASTE_START if self.pasting is None else BRACKETED_PASTE_END
            at = text.find(marker)
            cut = at if at >= 0 else len(text) - held_back(text, marker)
            if self.pasting is None:
                self.feed(NO_KEY.sub(self.no_key, text[:cut]))
            else:
                self.pasting.append(text[:cut])
            if at < 0:
                self.held = text[cut:]
                return
            text = text[at + len(marker) :]
            if self.pasting is None:
                self.pasting = []
            else:
                self.pasted()

    def no_key(self, match: re.Match[str]) -> str:
        """'' for a sequence the parser would type out as keys; the sequence itself for one it knows."""
        seq = match[0]
        if seq[1] != "[":  # a string (OSC, DCS, APC, PM, SOS): never a key
            return ""
        known = (_re_mouse_event, _re_terminal_mode_response, _re_cursor_position, _re_in_band_window_resize)
        if seq in SPECIAL_SEQUENCES or any(pattern.match(seq) for pattern in known):
            return seq
        return seq if any(self.parser._sequence_to_key_events(seq)) else ""

    def feed(self, text: str) -> None:
        """Text that is not a paste, through Textual's parser, each event delivered as it is read."""
        for event in self.parser.feed(text) if text else ():
            self.deliver(event)

    def pasted(self) -> None:
        text = "".join(self.pasting or ()).replace("\x00", "")  # no NUL, as Textual's parser does
        self.pasting = None
        self.deliver(events.Paste(text))

    def tick(self) -> None:
        """No byte has come for a while: a sequence begun is a key after all, and a paste begun is over."""
        self.ticking = None
        try:
            for event in self.parser.tick():
                self.deliver(event)
            held, self.held = self.held, ""
            if self.pasting is not None:
                self.pasting.append(held)
                self.pasted()
            elif held == "\x1b":  # a lone Escape, as the parser would have told it
                self.deliver(events.Key("escape", "\x1b"))
            elif held:  # the start of a sequence: the parser waits its delay again
                self.feed(held)
                self.ticking = self.loop.call_later(constants.ESCAPE_DELAY + 0.01, self.tick)
        except Exception:
            self._remove()
            self.failed()


NO_KEY = re.compile(r"\x1b\[[0-?]*[ -/]*[@-Z\\-~]|\x1b[]P_^X][^\x07\x1b]*(?:\x07|\x1b\\)")
"""A complete CSI sequence (but the Linux console's F1-F5, `ESC [ [ A`), or a string (OSC, DCS, APC,
PM, SOS) ended by BEL or ST."""


def held_back(text: str, marker: str) -> int:
    """How many characters at the end of `text` begin `marker` (and may be the rest of it cut off)."""
    for size in range(min(len(marker) - 1, len(text)), 0, -1):
        if text.endswith(marker[:size]):
            return size
    return 0


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
