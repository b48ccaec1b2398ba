"""The lock is what `make` installs: it must satisfy pyproject.toml's ranges, and this
environment must be exactly the lock (a stale `.venv` or a hand-installed upgrade shows)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)(?:\s*;\s*([^\\]+?))?\s*\\?$", re.MULTILINE)


def locked() -> dict[str, tuple[Version, str | None]]:
    """Package → (version, marker) for every pin in the lock."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {
        canonicalize_name(name): (Version(version), marker)
        for name, version, marker in PIN.findall(text)
    }


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [
        *project["project"]["dependencies"],
        *project["project"]["optional-dependencies"]["test"],
        *project["dependency-groups"]["build"],
    ]
    return [Requirement(line) for line in wanted]


def test_every_declared_dependency_is_pinned_within_its_range():
    pins = locked()
    assert pins, "no pins found in requirements.lock"
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock: run `make lock`"
        version, _ = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name}=={version} is outside {requirement.specifier}: run `make lock`"
        )


def test_every_pin_carries_hashes():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    pinned = [block for block in blocks if "==" in block.split("\n")[0]]
    assert pinned
    assert all("--hash=sha256:" in block for block in pinned)


def test_this_environment_is_exactly_the_lock():
    for name, (version, marker) in locked().items():
        if marker and not Marker(marker).evaluate():
            continue  # for another platform or Python
        assert Version(metadata.version(name)) == version, f"{name}: `make` reinstalls it"
