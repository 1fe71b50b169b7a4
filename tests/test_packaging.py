"""The wheel as a user installs it: one import package, `frontline`, its licence, its data, a command that runs.

The wheel is built the way `pip install .` builds it (an isolated build with the declared backend) and
installed with no dependencies into a venv that has nothing else in it, so what lands at the top of
site-packages is exactly what the wheel brings. The dependencies the command needs come from this
test's own environment, put at the end of the new venv's path so that they cannot shadow the wheel.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("frontline-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A fresh venv with only the wheel in it: (its python, the top-level names of its site-packages)."""
    root = tmp_path_factory.mktemp("venv")
    venv.create(root, with_pip=False, symlinks=True)
    python = root / "bin" / "python"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    top = sorted(path.name for path in site.iterdir() if path.name != "__pycache__")
    # The dependencies, after the venv's own site-packages: they cannot shadow the wheel's `frontline`.
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python, top


def test_the_wheel_installs_one_import_package_and_its_dist_info(installed: tuple[Path, list[str]]):
    _, top = installed
    assert [name for name in top if not name.endswith(".dist-info")] == ["frontline"]
    assert [name for name in top if name.endswith(".dist-info")] == [next(n for n in top if n.startswith("frontline-"))]


def test_the_wheel_carries_the_licence_the_styles_and_the_builtin_data(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    licences = [name for name in names if ".dist-info/" in name and name.rsplit("/", 1)[-1] == "LICENSE"]
    assert licences, names
    assert zipfile.ZipFile(wheel).read(licences[0]) == (REPO / "LICENSE").read_bytes()
    assert "frontline/tui/app.tcss" in names
    assert any(name.startswith("frontline/store/data/") and name.endswith(".jsonl") for name in names)
    assert {"frontline/store/py.typed", "frontline/tui/py.typed"} <= set(names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata


def test_the_installed_command_runs_from_the_wheel(installed: tuple[Path, list[str]]):
    python, _ = installed
    command = python.parent / "frontline"
    done = subprocess.run([str(command), "--version"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("frontline, version ")
    where = subprocess.run(
        [str(python), "-c", "import frontline.tui.app, frontline.store; print(frontline.tui.app.__file__)"],
        capture_output=True,
        text=True,
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(python.parent.parent)  # the wheel's copy, not the checkout's
