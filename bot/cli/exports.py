"""`parentbot export`: the school's records back out, for the pupil file and the calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.cli.common import Subcommands


def add_export_parsers(commands: Subcommands) -> None:
    """Filled in by the exports work."""
