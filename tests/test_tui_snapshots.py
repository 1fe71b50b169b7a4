"""Pictures of the screen at 120x36 and 80x24: the opening, a search, the help.

Regenerate after a deliberate change with `pytest tests/test_tui_snapshots.py --snapshot-update`,
then look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import steady

from frontline.tui.app import FrontlineApp

SIZES = [(120, 36), (80, 24)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_opening_screen(snap_compare, builtin_db: Path, size):
    assert snap_compare(FrontlineApp(builtin_db), terminal_size=size, run_before=steady())


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_search(snap_compare, builtin_db: Path, size):
    keys = ("slash", *"saraqeb")
    assert snap_compare(FrontlineApp(builtin_db), terminal_size=size, run_before=steady(*keys, delay=0.3))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_help(snap_compare, builtin_db: Path, size):
    assert snap_compare(FrontlineApp(builtin_db), terminal_size=size, run_before=steady("question_mark"))
