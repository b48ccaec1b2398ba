"""One line per event on stderr; ids only, never names, answers or phone numbers."""

from __future__ import annotations

import logging


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    # httpx logs every request URL at INFO, and the URL contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def max_level(level: str, floor: str = "WARNING") -> str:
    """The quieter of two level names (DEBUG stays DEBUG for troubleshooting)."""
    if level == "DEBUG":
        return level
    return max(level, floor, key=logging.getLevelName)
