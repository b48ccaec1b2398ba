"""How many changes the running update has committed so far.

The error handler compares the count from before the update with the count when it failed,
to say honestly whether "nothing was changed". The count lives with the transactions in
storage; this is the way to it for the layers that do not reach storage themselves.
"""

from __future__ import annotations

from bot.storage.database import committed_here


def committed_so_far() -> int:
    """Write transactions this task has committed: a count to compare, not a total."""
    return committed_here()
