"""The translator: makes the machine translations free text waits for, then lets it go.

Woken after a commit that wanted translations (`TranslationsWanted`), it reads what is
pending in a short read, calls the engine outside any transaction (the update loop never
waits for an engine), stores each answer in a short write, and releases the messages held
for them. A failed, refused or too slow engine is an answer too: the translation is marked
failed and the held message goes out with the original, marked as not translated.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from bot.domain.clock import Clock
from bot.domain.events import Event, TranslationsWanted
from bot.domain.machine_translation import EngineFailed, TranslationEngine, protect, restore
from bot.storage import machine_translations, outbox
from bot.storage.database import Database
from bot.storage.machine_translations import Wanted

log = logging.getLogger(__name__)

# After an unexpected error, look again after this long rather than spin.
ERROR_PAUSE = 5.0
# Seconds to let the text in hand finish when the bot stops.
STOP_GRACE = 10.0


class Translator:
    def __init__(
        self, db: Database, engine: TranslationEngine, clock: Clock, *, timeout: float
    ) -> None:
        self.db = db
        self.engine = engine
        self.clock = clock
        self._timeout = timeout  # for one whole text, however many lines it has
        self._wake = asyncio.Event()
        self._closing = False
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Listen for wanted translations, and make those left pending by a restart."""
        self.db.subscribe(self.on_events)
        self._task = asyncio.create_task(self._run(), name="parentbot-translator")
        self._wake.set()
        log.info("translator started engine=%s", self.engine.name)

    async def stop(self) -> None:
        """Stop listening and let the text in hand finish (a unit of work is never cut
        off halfway). An engine still busy after the grace is abandoned: its row stays
        pending, and its held messages go when their hold ends or after the next start."""
        self._closing = True
        self.db.unsubscribe(self.on_events)
        self._wake.set()
        if self._task is not None:
            _, late = await asyncio.wait([self._task], timeout=STOP_GRACE)
            for task in late:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        log.info("translator stopped")

    async def on_events(self, events: Sequence[Event]) -> None:
        if any(isinstance(event, TranslationsWanted) for event in events):
            self._wake.set()

    async def work(self) -> int:
        """Make every pending translation and release the held messages; returns how many
        translations were attempted. What the tests call; also safe while running."""
        attempted = 0
        while True:
            async with self.db.read() as conn:
                wanted = await machine_translations.pending(conn)
            for row in wanted:
                if self._closing:
                    return attempted
                translation = await self._translate(row)
                async with self.db.transaction() as conn:
                    await machine_translations.store(conn, row.id, self.engine.name, translation)
                attempted += 1
            # Released in the same unit that sees nothing pending: a message held by a want
            # committed meanwhile waits for its own translation, not for this round.
            async with self.db.transaction() as conn:
                if await machine_translations.still_pending(conn):
                    continue
                released = await outbox.release_held(conn, self.clock.now())
            log.info("translations attempted=%d released=%d", attempted, released)
            return attempted

    async def _translate(self, row: Wanted) -> str | None:
        """The translation, or None when the engine failed. Line by line, so the lines of
        the original stay lines (engines reading HTML fold line breaks into spaces)."""
        marked, tokens = protect(row.original, row.protected)
        try:
            async with asyncio.timeout(self._timeout):
                lines = [
                    await self.engine.translate(line, row.source, row.target)
                    if line.strip()
                    else line
                    for line in marked.split("\n")
                ]
        except (EngineFailed, TimeoutError) as error:
            log.warning("translation failed id=%d %s→%s: %s", row.id, row.source, row.target, error)
            return None
        except Exception:  # an engine's surprise must not keep the row (and held messages) pending
            log.exception("translation failed id=%d %s→%s", row.id, row.source, row.target)
            return None
        return restore("\n".join(lines), tokens)

    async def _run(self) -> None:
        while not self._closing:
            await self._wake.wait()
            self._wake.clear()
            if self._closing:
                break
            try:
                await self.work()
            except Exception:
                log.exception("translation round failed; trying again shortly")
                with contextlib.suppress(TimeoutError):  # woken early only to stop
                    await asyncio.wait_for(self._wake.wait(), ERROR_PAUSE)
                self._wake.set()
