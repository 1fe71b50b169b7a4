"""Shared fixtures: databases on tmp_path, and where ../shared is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from store.builtin import ensure_database

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
