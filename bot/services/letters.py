"""Whom the printed first letters go to: guardians, by group or by round of talks.

A letter is for a family that has not opened its link yet; one already connected needs no
paper (unless the school asks for every letter again). A round narrows the letters to the
families it invites, and tells them between which days its talks are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.clock import Clock
from bot.domain.person_kind import PersonKind
from bot.services.invitations import Invitation, list_invitations
from bot.storage import rounds as round_store
from bot.storage.bookings import guardians_of
from bot.storage.database import Database
from bot.storage.groups import group_ids


class UnknownRound(Exception):
    """No round of the year plan has this key."""


@dataclass(frozen=True)
class LetterRecipients:
    invitations: list[Invitation]  # the guardians to write to, with their links
    connected_skipped: int  # matching guardians left out because they are connected
    talks: tuple[datetime, datetime] | None  # the round's first and last talk, when planned


async def letter_recipients(
    db: Database,
    *,
    secret: bytes,
    bot_username: str,
    clock: Clock,
    group: str | None = None,
    round_key: str | None = None,
    include_connected: bool = False,
) -> LetterRecipients:
    """The guardians of a group and/or a round, with their links (first codes issued)."""
    talks = None
    guardian_ids: set[int] | None = None
    group_names: set[str] | None = None
    if round_key is not None:
        async with db.read() as conn:
            round_id = (await round_store.round_ids_by_key(conn)).get(round_key)
            talk_round = None if round_id is None else await round_store.load_round(conn, round_id)
            if talk_round is None:
                raise UnknownRound(round_key)
            if talk_round.first_talk is not None and talk_round.last_talk is not None:
                talks = (talk_round.first_talk, talk_round.last_talk)
            if talk_round.only_pupils:
                guardian_ids = {
                    guardian
                    for pupil in talk_round.only_pupils
                    for guardian in await guardians_of(conn, pupil)
                }
            else:
                names = {id_: name for name, id_ in (await group_ids(conn)).items()}
                group_names = {names[id_] for id_ in talk_round.group_ids if id_ in names}
    invitations = await list_invitations(
        db, secret=secret, bot_username=bot_username, clock=clock, group=group
    )
    matching = [
        invitation
        for invitation in invitations
        if invitation.person.kind == PersonKind.GUARDIAN
        and (guardian_ids is None or invitation.person.id in guardian_ids)
        and (group_names is None or group_names.intersection(invitation.person.groups))
    ]
    chosen = [i for i in matching if include_connected or not i.person.linked]
    return LetterRecipients(chosen, len(matching) - len(chosen), talks)
