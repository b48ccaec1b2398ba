"""The unit of work as the outer layers name it, so the Telegram layer never imports storage.

Storage owns the one implementation (`bot/storage/database.py`: `transaction()` for a change,
`read()` for a query); handlers read it as `context.db` (`bot/telegram/context.py`), the
application opens and closes it, but only services run anything inside it.
"""

from __future__ import annotations

from typing import TypeAlias

from bot.storage import database

Database: TypeAlias = database.Database
