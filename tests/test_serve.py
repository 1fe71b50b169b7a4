"""`frontline serve`: the app in a browser through textual-serve, on a loopback port, stopped by the test."""

from __future__ import annotations

import asyncio
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from frontline.tui.cli import serve_command

START_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, deadline: float) -> tuple[int, str]:
    """The page at `url`, retried until the server answers or the deadline passes."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status, response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def server(builtin_db: Path):
    """`frontline serve` in a subprocess on a free loopback port; stopped (and waited for) afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "frontline.tui", "serve", "--db", str(builtin_db), "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if process.stdout is not None:
            process.stdout.close()


def test_the_page_is_served(server: str):
    status, page = fetch(server + "/", time.monotonic() + START_TIMEOUT)
    assert status == 200
    assert "frontline" in page and "textual-terminal" in page
    assert "ws://127.0.0.1:" in page  # the browser's terminal talks back to this same loopback server


def test_the_browser_session_runs_the_app_on_the_same_database(server: str, builtin_db: Path):
    """What a browser does: open the websocket, say its size, and read the app's screen."""
    import aiohttp

    fetch(server + "/", time.monotonic() + START_TIMEOUT)

    async def screen_text() -> str:
        seen = b""
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(server.replace("http", "ws") + "/ws?width=100&height=30") as socket_,
        ):
            await socket_.send_json(["resize", {"width": 100, "height": 30}])
            deadline = time.monotonic() + START_TIMEOUT
            while b"maarat-al-numan" not in seen and time.monotonic() < deadline:
                try:
                    message = await socket_.receive(timeout=2)
                except TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    seen += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
        return seen.decode("utf-8", "replace")

    text = asyncio.run(asyncio.wait_for(screen_text(), START_TIMEOUT + 5))
    assert "frontline" in text and "maarat-al-numan" in text  # the header of the built-in dataset's database


def test_the_command_runs_this_python_on_this_database(tmp_path: Path):
    path = tmp_path / "a folder with spaces" / "my db.db"
    words = shlex.split(serve_command(path))
    assert words == [sys.executable, "-m", "frontline.tui", "--db", str(path)]


def test_serve_with_a_bad_port_is_one_line(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "frontline.tui", "serve", "--db", str(tmp_path / "x.db"), "--port", "0"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode != 0 and "Traceback" not in result.stderr and "--port" in result.stderr


def test_serve_hands_the_deep_link_options_to_each_app(tmp_path):
    import shlex

    from frontline.tui.cli import serve_command

    words = shlex.split(serve_command(tmp_path / "f.db", "19 Dec 2019", "Kafr Lata", ("category:airstrike",)))
    assert words[1:] == ["-m", "frontline.tui", "--db", str(tmp_path / "f.db"), "--at", "19 Dec 2019", "--search", "Kafr Lata",
                         "--filter", "category:airstrike"]  # fmt: skip
