"""The bot's event loop: uvloop where it is built (Linux, macOS), asyncio's own elsewhere.

Why: every update is network reads and writes (the Bot API, long polling) and hand-overs
to aiosqlite's thread, each a turn of the event loop; uvloop's turns cost fewer
instructions than asyncio's (`bench/update_cost.py --instructions`: 9 % fewer per update).
The running bot and the sandbox use it; tests run on pytest-asyncio's loop, and whatever
runs on one runs on the other.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` on uvloop when it is installed (pyproject leaves it out on Windows)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)
