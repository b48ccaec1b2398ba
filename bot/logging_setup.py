"""One line per event on stderr; ids only, never names, answers or phone numbers."""

from __future__ import annotations

import logging


class OneLineFormatter(logging.Formatter):
    """Tracebacks folded onto the event's line, so a log stays one line per event."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\n", " | ")


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.captureWarnings(True)
    # httpx logs every request URL at INFO, and the URL contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def max_level(level: str, floor: str = "WARNING") -> str:
    """The quieter of two level names (DEBUG stays DEBUG for troubleshooting)."""
    if level == "DEBUG":
        return level
    return max(level, floor, key=logging.getLevelName)
