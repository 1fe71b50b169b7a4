"""Fewer malloc arenas for the app: its database work runs in short-lived threads.

glibc gives threads arenas of their own (up to eight a core). The app's workers are new threads
each time, and each full-text query they run allocates and frees tens of megabytes in whichever
arena it got, which stays resident afterwards: at a million events the app held 170 MB after a
few searches, 55 MB of it in arenas that only one past query had touched (117 MB with one arena,
142 MB with two). With one arena, what one query frees the next one uses; the threads hardly
contend for it, as Python's own allocations wait for the GIL anyway.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import sys

M_ARENA_MAX = -8  # mallopt's parameter number, from glibc's malloc.h
ARENAS = 1


def fewer_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's arenas (before the workers start); False where there is no glibc to ask."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_ARENA_MAX, arenas))
    return False
