"""What a committed change means for the rest of the bot: its domain events.

Services raise them inside their unit of work (`bot.storage.database.raise_event`); the
database hands them over after the commit. Scheduling listens: new notifications wake
delivery, a change to talks or rounds makes it plan again, a person who linked or came
back gets what waited for them. So no handler has to remember any of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.person_kind import PersonKind


@dataclass(frozen=True)
class NotificationsQueued:
    """Outbox rows were added: deliver what is due now."""


@dataclass(frozen=True)
class TalksChanged:
    """A talk was booked, moved, cancelled or recorded, or agreements were sent: the
    reminders, digests and evaluations that follow from it are planned again."""

    round_id: int


@dataclass(frozen=True)
class RoundOpened:
    """A round of talks was opened: its invitations are planned."""

    round_id: int


@dataclass(frozen=True)
class PersonLinked:
    """Someone opened their link, came back, or chose their language.

    `settled`: what waited for them goes now; else (just linked, still choosing a
    language) once they choose, or a little later.
    """

    person_kind: PersonKind
    person_id: int
    settled: bool


@dataclass(frozen=True)
class TranslationsWanted:
    """Free text waits for a machine translation: the translator looks now."""


Event = NotificationsQueued | TalksChanged | RoundOpened | PersonLinked | TranslationsWanted
