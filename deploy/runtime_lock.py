"""Print the part of requirements.lock that parentbot needs at run time, hashes included.

The lock also pins the test tools (pytest, playwright, mypy, …); a server or container
needs none of them. Run with the Python of an environment where the whole lock and
parentbot are installed: the dependencies are read from the installed packages.

    python deploy/runtime_lock.py requirements.lock > runtime.lock
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

_PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==")


def runtime_names(root: str = "parentbot") -> set[str]:
    """The canonical names of `root` and everything it needs, extras followed, on this
    platform (environment markers evaluated here)."""
    seen: set[tuple[str, str]] = set()
    todo = [(canonicalize_name(root), "")]
    while todo:
        name, extra = todo.pop()
        if (name, extra) in seen:
            continue
        seen.add((name, extra))
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:
            raise SystemExit(
                f"{name} is not installed here; install the whole lock first"
            ) from None
        for text in requires:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": extra}):
                needed = canonicalize_name(requirement.name)
                todo += [(needed, "")] + [(needed, wanted) for wanted in requirement.extras]
    return {name for name, _ in seen}


def runtime_lock(lock: str, names: set[str]) -> str:
    """The lock's entries (a pinned line and its indented hashes) for `names` only."""
    kept: list[str] = []
    keeping = False
    for line in lock.splitlines():
        if line.startswith((" ", "\t")):
            if keeping and not line.strip().startswith("#"):
                kept.append(line)
            continue
        pinned = _PINNED.match(line)
        keeping = pinned is not None and canonicalize_name(pinned.group(1)) in names
        if keeping:
            kept.append(line)
    return "\n".join(kept) + "\n"


if __name__ == "__main__":
    sys.stdout.write(runtime_lock(Path(sys.argv[1]).read_text(encoding="utf-8"), runtime_names()))
