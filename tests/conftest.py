"""Shared fixtures: databases on tmp_path, and where ../shared is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from frontline.store.builtin import ensure_database

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_ARTICLE = SHARED / "seed" / "article-2020-01-29-maaret-al-numan.txt"


@pytest.fixture(scope="session")
def _builtin_template(tmp_path_factory) -> Path:
    return ensure_database(tmp_path_factory.mktemp("builtin") / "frontline.db")


@pytest.fixture
def builtin_db(_builtin_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of a database seeded with the built-in dataset."""
    path = tmp_path / "frontline.db"
    shutil.copy(_builtin_template, path)
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a new, empty database would be."""
    return tmp_path / "test.db"


def make_version_1(path: Path) -> None:
    """Turn a current database into what version 1 of the schema left: the tables later versions added, gone."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE marks")  # version 2
    conn.execute("DROP TABLE events_fts_terms")  # version 3
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


@pytest.fixture(autouse=True)
def _own_config_dir(tmp_path_factory, monkeypatch):
    """No test reads or writes the developer's settings (the theme): each has a config directory of its own."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
