"""Every CLI test leaves logging as it found it.

`main()` configures logging for the whole process (root handlers and level, httpx and
apscheduler at WARNING); left in place, a later test that reads the log would depend on
which tests ran before it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

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
