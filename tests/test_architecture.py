"""The house rules that code review forgets: the data wing never imports the screen, and SQL stays in store/."""

from __future__ import annotations

import re

from conftest import REPO
from importlinter.cli import lint_imports


def test_store_never_imports_textual_or_tui(monkeypatch):
    monkeypatch.chdir(REPO)
    assert lint_imports(no_cache=True, no_logo=True) == 0


def test_no_sql_outside_store():
    sql = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE)\b")
    offenders = [
        str(path.relative_to(REPO))
        for path in (REPO / "tui").rglob("*.py")
        if sql.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
