"""The real `frontline` in a pseudo-terminal (issue 17): the bytes it writes hold no escape sequence,
C1 control or bidi character that came from the command line or from the database."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from frontline.store.load import load_records

OSC52 = "\x1b]52;c;aGVsbG8=\x07"
BIDI = "\u202e"
C1_CSI = "\x9b"


def run_in_pty(args: list[str], until: bytes, keys: tuple[bytes, ...] = ()) -> bytes:
    """Start frontline on a 100x30 pty, read until `until` has been drawn, send each of `keys` (reading
    a second after each), quit with ctrl+q, and return every byte it wrote."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "frontline.tui", *args], stdin=follower, stdout=follower, stderr=follower,
        env=env, close_fds=True, start_new_session=True,
    )  # fmt: skip
    os.close(follower)
    written = bytearray()

    def read_until(marker: bytes, deadline: float) -> None:
        while time.monotonic() < deadline and marker not in written:
            ready, _, _ = select.select([leader], [], [], 0.1)
            if ready:
                try:
                    written.extend(os.read(leader, 65536))
                except OSError:
                    return

    try:
        read_until(until, time.monotonic() + 30)
        assert until in written, bytes(written[-400:])
        for chunk in keys:
            os.write(leader, chunk)
            read_until(b"\x00never", time.monotonic() + 1)
        os.write(leader, b"\x11")  # ctrl+q
        read_until(b"\x00never", time.monotonic() + 1)
    finally:
        proc.kill()
        proc.wait()
        os.close(leader)
    return bytes(written)


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    db = tmp_path / "hostile.db"
    load_records(db, [{"id": "h1", "date": "2020-01-01", "title": f"Clip {OSC52} {BIDI}evil {C1_CSI}31m",
                       "category": OSC52, "place": f"{BIDI}Kafr"}], dataset="hostile")  # fmt: skip
    return db


def assert_inert(written: bytes) -> None:
    assert b"\x1b]52" not in written  # the clipboard escape never reaches the terminal raw
    assert BIDI.encode() not in written and C1_CSI.encode() not in written
    assert "␛]52;c;aGVsbG8=␇".encode() in written  # it is drawn, visibly


def test_search_from_the_command_line_and_rows_in_a_real_terminal(hostile_db):
    written = run_in_pty(["--db", str(hostile_db), "--search", f'"clip {OSC52} {C1_CSI}"'], until=b"Kafr")
    assert_inert(written)
    # Unquoted, a lone control is no word: refused before the app opens, and the refusal shows it inert.
    written = run_in_pty(["--db", str(hostile_db), "--search", f"clip {OSC52} {C1_CSI}"], until=b"no words")
    assert b"\x1b" not in written and C1_CSI.encode() not in written and b"'\\x9b'" in written


def test_a_facet_prefilled_search_box_and_pasted_controls_in_a_real_terminal(hostile_db):
    paste = b"\x1b[200~" + f" {OSC52}{BIDI}{C1_CSI}".encode() + b"\x1b[201~"  # bracketed paste
    written = run_in_pty(["--db", str(hostile_db)], until=b"Kafr", keys=(b"f", b"\r", b"\x1b", b"/", paste))
    assert_inert(written)
    assert b"category:" in written  # the search box, prefilled with the filter


@pytest.mark.parametrize("fmt", ["csv", "markdown", "jsonl"])
def test_an_export_shown_in_a_terminal_is_inert_and_piped_is_exact(hostile_db, fmt):
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "frontline.tui", "export", "--format", fmt, "--db", str(hostile_db)],
        stdout=follower, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(follower)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed: the export is done
            break
        if not chunk:
            break
        shown.extend(chunk)
    proc.wait()
    os.close(leader)
    assert b"\x1b" not in shown and BIDI.encode() not in shown and C1_CSI.encode() not in shown
    assert b"Kafr" in shown
    piped = subprocess.run(
        [sys.executable, "-m", "frontline.tui", "export", "--format", fmt, "--db", str(hostile_db)],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    if fmt == "jsonl":  # JSON escapes them, and reads back the same
        assert b"\\u001b]52;c;aGVsbG8=\\u0007" in piped and b"\\u202eKafr" in piped
    else:
        assert b"\x1b" in piped and b"aGVsbG8=\x07" in piped and BIDI.encode() in piped  # a file gets the text


def test_bytes_no_utf8_has_leave_the_keys_after_them_working_in_a_real_terminal(hostile_db):
    """A stray byte (a Latin-1 paste, an 8-bit Alt) stopped every key after it: the app could not even quit."""
    written = run_in_pty(["--db", str(hostile_db)], until=b"Kafr", keys=(b"\xff\xfe", b"/", b"\xe9", b"kafr"))
    shown = re.sub(rb"\x1b\[[0-?]*[ -/]*[@-~]", b"", written).decode()
    assert "/\ufffdkafr 1/1" in shown  # the header: the stray byte a visible U+FFFD, and the search answered
    assert "1 event " in shown and "1 events" not in shown


def test_a_paste_holding_escapes_is_never_keys_in_a_real_terminal(hostile_db):
    """Pasted on the timeline, `ESC [A` made Textual's parser send `[`, `A` and the rest on as keys:
    A opened the note editor, and the text after it was typed into it."""
    paste = b"\x1b[200~\x1b[Anote\x1b[201~"
    written = run_in_pty(["--db", str(hostile_db)], until=b"Kafr", keys=(paste, b"?"))
    shown = re.sub(rb"\x1b\[[0-?]*[ -/]*[@-~]", b"", written).decode()
    assert "Your note" not in shown
    assert "esc to close" in shown  # the key after the paste still acts: ? opens the keys


def test_the_app_ends_when_its_terminal_goes(hostile_db):
    """A terminal closed under the app (a window shut where no hang-up signal comes) left it running
    for ever, unseen, its reads at an end."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "frontline.tui", "--db", str(hostile_db)], stdin=follower, stdout=follower,
        stderr=follower, env={**os.environ, "TERM": "xterm-256color"}, close_fds=True, start_new_session=True,
    )  # fmt: skip
    os.close(follower)
    written = bytearray()
    try:
        while b"Kafr" not in written and proc.poll() is None:
            if select.select([leader], [], [], 30)[0]:
                written.extend(os.read(leader, 65536))
        os.close(leader)  # the terminal goes
        try:
            code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            code = None
    finally:
        proc.kill()
        proc.wait()
    assert code is not None
