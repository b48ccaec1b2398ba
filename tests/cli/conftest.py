"""Every CLI test leaves logging as it found it.

`main()` configures logging for the whole process (root handlers and level, httpx and
apscheduler at WARNING); left in place, a later test that reads the log would depend on
which tests ran before it.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import EXAMPLES

_QUIETED = ("httpx", "apscheduler")


@pytest.fixture(autouse=True)
def logging_restored() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in _QUIETED}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, quieted in levels.items():
        logging.getLogger(name).setLevel(quieted)
    logging.captureWarnings(False)


def set_up_example_school(folder: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The example school with its year plan, imported on the command line from copies in
    `folder`; returns what `plan apply` printed."""
    for name in ("roster", "staff"):
        shutil.copy(EXAMPLES / f"regenboog-{name}.csv", folder / f"{name}.csv")
        assert main([name, "import", str(folder / f"{name}.csv")]) == 0
    plan = folder / "plan.toml"
    shutil.copy(EXAMPLES / "regenboog-plan-2026-2027.toml", plan)
    capsys.readouterr()
    assert main(["plan", "apply", str(plan)]) == 0
    return capsys.readouterr().out
