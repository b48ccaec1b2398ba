"""Invitation codes benchmark: `parentbot codes` for a whole school board.

    .venv/bin/python bench/codes.py                      # 20,000 guardians
    .venv/bin/python bench/codes.py --guardians 5000

A freshly migrated database gets a roster of `--guardians` parents (two per pupil, 30
pupils a group) through the real roster import; then `list_invitations` runs twice, as
`parentbot codes` does: the first run issues every code, the second only derives them
again. Times are wall-clock seconds; the last line is:

    codes: guardians=20000 import_s=… first_run_s=… second_run_s=…
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.domain.clock import ManualClock
from bot.services.invitations import list_invitations
from bot.services.roster_import import import_roster
from bot.storage.database import Database

NOW = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
SECRET = b"bench-secret-key-of-thirty-two-b"


def roster_csv(guardians: int) -> bytes:
    """Two guardians per pupil, thirty pupils per group, as the administration exports it."""
    lines = ["Leerlingnummer;Roepnaam;Achternaam;Groep;Naam verzorger;Telefoon verzorger"]
    for n in range(guardians):
        pupil = n // 2
        group = f"{pupil // 30 % 8 + 1}{chr(65 + pupil // 240 % 26)}"
        lines.append(f"{10000 + pupil};Kind{pupil};Achternaam;{group};Ouder {n};06{12000000 + n}")
    return "\n".join(lines).encode()


async def measure(guardians: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "bench.sqlite3")
        try:
            clock = ManualClock(NOW)
            started = time.perf_counter()
            await import_roster(db, roster_csv(guardians), default_language="nl", clock=clock)
            figures = {"import_s": time.perf_counter() - started}
            for run in ("first_run_s", "second_run_s"):
                started = time.perf_counter()
                found = await list_invitations(
                    db, secret=SECRET, bot_username="school_bot", clock=clock
                )
                figures[run] = time.perf_counter() - started
                assert len(found) == guardians, len(found)
            return figures
        finally:
            await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guardians", type=int, default=20_000)
    args = parser.parse_args()
    figures = asyncio.run(measure(args.guardians))
    shown = " ".join(f"{name}={value:.2f}" for name, value in figures.items())
    print(f"codes: guardians={args.guardians} {shown}")


if __name__ == "__main__":
    main()
