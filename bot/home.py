"""Where parentbot keeps its settings, database and backups: one folder, the home.

The secret key, the database and the backups belong together: a database read with another
key makes every printed letter invalid. So every command must find the same folder from
wherever it is started, instead of quietly starting a new school in the current folder.

The home is, in this order:
1. `--home DIR` on the command line;
2. the environment variable `PARENTBOT_HOME`;
3. the current folder, when it already holds a `.env` (a folder set up by hand, the
   repository of a developer who copied `.env.example`);
4. otherwise the user's data folder: `$XDG_DATA_HOME/parentbot`, by default
   `~/.local/share/parentbot`.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_VARIABLE = "PARENTBOT_HOME"
ENV_FILE_NAME = ".env"
BACKUPS_FOLDER_NAME = "backups"
LOCK_FILE_NAME = "parentbot.lock"
# The sandbox's demo database is its own (and is started afresh): so is its lock.
SANDBOX_LOCK_FILE_NAME = "sandbox.lock"


def find_home(given: Path | None = None) -> Path:
    """The home folder by the rule above, as an absolute path (it may not exist yet)."""
    if given is not None:
        return given.expanduser().absolute()
    named = os.environ.get(HOME_VARIABLE, "").strip()
    if named:
        return Path(named).expanduser().absolute()
    if Path(ENV_FILE_NAME).is_file():
        return Path.cwd()
    data = os.environ.get("XDG_DATA_HOME", "").strip()
    return (Path(data) if data else Path.home() / ".local" / "share") / "parentbot"
