"""`frontline serve`'s web server: textual-serve's, made to end every app process it starts.

textual-serve runs one app process a visitor, through a shell, and when the tab closes asks the app
to quit and waits for it. An app that does not answer goes on running, and the server's own stop
(Ctrl+C, SIGTERM) leaves every one of them behind. Here each process is started without a shell (its
pid is the app's), asked to quit when its tab closes, sent SIGTERM if it has not gone within a grace
period and SIGKILL after another; when the server stops it closes every visitor's socket and ends
every process still running.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import signal
from asyncio.subprocess import PIPE, Process
from typing import Any

from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

QUIT_GRACE = 2.0
"""Seconds an app has to quit by itself once its tab has closed, and again to end after SIGTERM."""

log = logging.getLogger("textual-serve")


async def end_process(process: Process, grace: float = QUIT_GRACE) -> None:
    """Make sure `process` has ended: SIGTERM, then SIGKILL if it lingers."""
    for send in (process.terminate, process.kill):
        if process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            send()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), grace)


def _cells(value: str | None, default: int) -> int:
    """A terminal size the browser asked for, or the default when it is not a number."""
    return int(value) if value and value.isdigit() and 0 < int(value) <= 1000 else default


class VisitorApp(AppService):
    """One visitor's app: a process started without a shell, ended with its tab."""

    def __init__(self, command: str, live: set[Process], **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self._live = live

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command),
            stdin=PIPE,
            stdout=PIPE,
            stderr=PIPE,
            env=self._build_environment(width=width, height=height),
        )
        assert process.stdin is not None
        self._process, self._stdin = process, process.stdin
        self._live.add(process)
        return process

    async def stop(self) -> None:
        """Ask the app to quit; end its process if it has not within the grace period."""
        process = self._process
        try:
            with contextlib.suppress(TimeoutError, ConnectionError):
                await asyncio.wait_for(super().stop(), QUIT_GRACE)
        finally:
            if process is not None:
                await end_process(process)
                self._live.discard(process)


class SessionServer(Server):
    """textual-serve's server, keeping the sockets and processes it opens so that it can end them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.live: set[Process] = set()
        self.sockets: set[web.WebSocketResponse] = set()

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """A browser's terminal: one app process for as long as its socket is open."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width, height = _cells(request.query.get("width"), 80), _cells(request.query.get("height"), 24)
        service: VisitorApp | None = None
        self.sockets.add(websocket)
        try:
            await websocket.prepare(request)
            service = VisitorApp(
                self.command,
                self.live,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a broken session is logged, and the server goes on serving the others
            log.exception(error)
        finally:
            self.sockets.discard(websocket)
            if service is not None:
                await service.stop()
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """The server is stopping: close every visitor's socket and end every app process."""
        for websocket in list(self.sockets):
            with contextlib.suppress(ConnectionError):
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown")
        await asyncio.gather(*(end_process(process) for process in list(self.live)))

    def serve(self, debug: bool = False) -> None:
        try:
            super().serve(debug)
        finally:
            for process in self.live:  # the loop has closed: whatever is left is ended without waiting
                if process.returncode is None:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(process.pid, signal.SIGKILL)
