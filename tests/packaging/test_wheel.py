"""The wheel is the product as others install it: it must run without a source checkout.

Built here from a copy of the sources, offline (the build backend comes from the lock), and
installed into a folder of its own that the test puts first on the path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bot.languages import SUPPORTED_LANGUAGES
from tests.sandbox_process import greet_demo_school

ROOT = Path(__file__).resolve().parents[2]
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv*", "*_cache", "__pycache__", "build", "dist", "*.egg-info", "data", ".env"
)


def pip(*args: str) -> None:
    """pip of this environment, offline: nothing may be fetched to build or install."""
    command = [sys.executable, "-m", "pip", *args, "--quiet", "--no-deps", "--no-index"]
    subprocess.run(command, check=True, capture_output=True)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sources = tmp_path_factory.mktemp("sources") / "parentbot"
    shutil.copytree(ROOT, sources, symlinks=True, ignore=NOT_SOURCES)
    out = tmp_path_factory.mktemp("dist")
    pip("wheel", "--no-build-isolation", "--wheel-dir", str(out), str(sources))
    (built,) = out.glob("parentbot-*.whl")
    return built


@pytest.fixture
def installed(wheel: Path, tmp_path: Path) -> Path:
    """The wheel alone in a folder; the dependencies come from this environment."""
    site = tmp_path / "site"
    pip("install", "--target", str(site), str(wheel))
    return site


def test_the_wheel_carries_catalogs_demo_school_page_and_migrations(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for language in SUPPORTED_LANGUAGES:
        if language != "en":  # the source language needs no catalog
            assert f"bot/locales/{language}/LC_MESSAGES/messages.po" in names
    for example in (ROOT / "examples").iterdir():
        assert f"bot/sandbox/demo_school/{example.name}" in names
    for static in (ROOT / "bot" / "sandbox" / "static").iterdir():
        assert f"bot/sandbox/static/{static.name}" in names
    for migration in (ROOT / "bot" / "storage" / "migrations").glob("*.sql"):
        assert f"bot/storage/migrations/{migration.name}" in names
    assert "bot/cli/__init__.py" in names
    assert "scheduling/delivery.py" in names
    assert not [name for name in names if name.startswith(("tests/", "bench/"))]


def test_the_installed_wheel_is_what_gets_imported(installed: Path, tmp_path: Path):
    where = subprocess.run(
        [sys.executable, "-c", "import bot, scheduling; print(bot.__file__, scheduling.__file__)"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(installed)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert len(where) == 2
    assert all(Path(path).is_relative_to(installed) for path in where), where


async def test_the_installed_wheel_runs_the_sandbox_without_the_sources(
    installed: Path, tmp_path: Path
):
    env = {**os.environ, "PYTHONPATH": str(installed)}
    command = [str(installed / "bin" / "parentbot"), "sandbox"]
    reply, exit_code = await greet_demo_school(command, tmp_path, env)
    assert reply.startswith("Вітаємо, Olena Kovalenko!")
    assert exit_code == 0
