"""`parentbot letters`: the printed first letter to each family, with their QR code."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.cli.common import Subcommands


def add_letters_parser(commands: Subcommands) -> None:
    """Filled in by the letters work."""
