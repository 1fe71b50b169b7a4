"""`frontline serve`: the app in a browser through textual-serve, on a loopback port, stopped by the test."""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
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


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (Linux's /proc), zombies left out."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_until(condition, deadline: float) -> bool:
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


async def _open_session(url: str):
    """A browser tab: the socket, once the app on the other end has drawn its screen."""
    import aiohttp

    session = aiohttp.ClientSession()
    socket_ = await session.ws_connect(url.replace("http", "ws") + "/ws?width=100&height=30")
    await socket_.send_json(["resize", {"width": 100, "height": 30}])
    seen, deadline = b"", time.monotonic() + START_TIMEOUT
    while b"frontline" not in seen and time.monotonic() < deadline:
        try:
            message = await socket_.receive(timeout=2)
        except TimeoutError:
            continue
        if message.type == aiohttp.WSMsgType.BINARY:
            seen += message.data
    return session, socket_


@pytest.fixture
def served(builtin_db: Path):
    """`frontline serve` in a subprocess: (its process, its URL)."""
    port = free_port()
    command = [sys.executable, "-m", "frontline.tui", "serve", "--db", str(builtin_db), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    fetch(url + "/", time.monotonic() + START_TIMEOUT)
    try:
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
@pytest.mark.parametrize("app_state", ["answering", "hung"])
def test_a_closed_tab_ends_its_app_process(served, app_state):
    """Also an app that no longer answers (stopped here with SIGSTOP, which also holds off SIGTERM)."""
    process, url = served

    async def open_and_close() -> set[int]:
        session, socket_ = await _open_session(url)
        apps = _children(process.pid)
        if app_state == "hung":
            for pid in apps:
                os.kill(pid, signal.SIGSTOP)
        await socket_.close()
        await session.close()
        return apps

    apps = asyncio.run(asyncio.wait_for(open_and_close(), START_TIMEOUT + 10))
    assert len(apps) == 1  # the visitor's app, started without a shell between
    assert _wait_until(lambda: not any(_alive(pid) for pid in apps), time.monotonic() + 20), "the app outlived its tab"
    assert process.poll() is None  # the server goes on serving


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_server_ends_every_app_process(served, stop):
    process, url = served

    async def open_two() -> tuple[set[int], list]:
        tabs = [await _open_session(url), await _open_session(url)]
        return _children(process.pid), tabs

    async def scenario() -> set[int]:
        apps, tabs = await open_two()
        os.kill(min(apps), signal.SIGSTOP)  # one of them hung: it answers neither the quit nor SIGTERM
        process.send_signal(stop)  # with both tabs still open
        await asyncio.get_running_loop().run_in_executor(None, process.wait, 30)
        for session, _ in tabs:
            await session.close()
        return apps

    apps = asyncio.run(asyncio.wait_for(scenario(), 2 * START_TIMEOUT + 40))
    assert len(apps) == 2
    assert process.returncode is not None
    assert _wait_until(lambda: not any(_alive(pid) for pid in apps), time.monotonic() + 20), "apps outlived the server"
