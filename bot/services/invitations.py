"""Invitation links: list them for letters, renew one, and redeem one from Telegram."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

from telegram.helpers import create_deep_linked_url

from bot.domain.clock import Clock, to_db
from bot.domain.invite_codes import derive_code, hash_code, looks_like_code
from bot.domain.people import Person
from bot.domain.person_kind import PersonKind, parse_person_ref
from bot.languages import SUPPORTED_LANGUAGES
from bot.services.people import reachable_again
from bot.storage import invites
from bot.storage.database import Database
from bot.storage.people import active_guardians, active_staff

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Invitation:
    person: Person
    code: str
    link: str


async def list_invitations(
    db: Database, *, secret: bytes, bot_username: str, clock: Clock, group: str | None = None
) -> list[Invitation]:
    """Every active guardian's and staff member's link, issuing first codes where missing.

    The same person gets the same link on every run until their code is renewed.
    """
    now = to_db(clock.now())
    async with db.transaction() as conn:
        people = [
            *await active_guardians(conn, group=group),
            *await active_staff(conn, group=group),
        ]
        live = {kind: await invites.current_generations(conn, kind) for kind in PersonKind}
        # Only people without a live code need their history: one query per kind, not per person.
        history = {
            kind: await invites.last_generations(conn, kind)
            for kind in PersonKind
            if any(p.kind == kind and p.id not in live[kind] for p in people)
        }
        result = []
        new_codes = []
        for person in people:
            generation = live[person.kind].get(person.id)
            fresh = generation is None
            if generation is None:
                generation = history[person.kind].get(person.id, 0) + 1
            code = derive_code(secret, person.kind, person.id, generation)
            if fresh:
                new_codes.append(
                    invites.NewCode(person.kind, person.id, generation, hash_code(code))
                )
            result.append(Invitation(person, code, create_deep_linked_url(bot_username, code)))
        await invites.insert_codes(conn, new_codes, now)
    return result


class UnknownPerson(Exception):
    """The reference names nobody active."""


async def renew_code(
    db: Database, ref: str, *, secret: bytes, bot_username: str, clock: Clock
) -> Invitation:
    """Issue a fresh code for one person (`g12`, `s3`); the old code stops working at once.

    An account already linked stays linked until the new code is used by another account.
    """
    parsed = parse_person_ref(ref)
    if parsed is None:
        raise UnknownPerson(ref)
    kind, person_id = parsed
    now = to_db(clock.now())
    async with db.transaction() as conn:
        lookup = active_guardians if kind == PersonKind.GUARDIAN else active_staff
        people = await lookup(conn, person_id=person_id)
        if not people:
            raise UnknownPerson(ref)
        await invites.revoke_codes(conn, kind, person_id, now)
        generation = (await invites.last_generations(conn, kind, person_id)).get(person_id, 0) + 1
        code = derive_code(secret, kind, person_id, generation)
        new_code = invites.NewCode(kind, person_id, generation, hash_code(code))
        await invites.insert_codes(conn, [new_code], now)
    log.info("invite code renewed kind=%s person_id=%d generation=%d", kind, person_id, generation)
    return Invitation(people[0], code, create_deep_linked_url(bot_username, code))


class Redeemed(Enum):
    LINKED = "linked"
    ALREADY_LINKED = "already_linked"
    INVALID = "invalid"
    ACCOUNT_TAKEN = "account_taken"


@dataclass(frozen=True)
class Redemption:
    outcome: Redeemed
    person: Person | None = None


async def redeem_code(
    db: Database,
    code: str,
    *,
    telegram_user_id: int,
    chat_id: int,
    clock: Clock,
    telegram_language: str | None = None,
) -> Redemption:
    """Link a Telegram account to the person a code belongs to.

    A code links exactly one account: a different account using it, a revoked code and an
    unknown code all get the same INVALID, so a second chat learns nothing.
    """
    if not looks_like_code(code):
        return Redemption(Redeemed.INVALID)
    now = to_db(clock.now())
    async with db.transaction() as conn:
        row = await invites.find_live_code(conn, hash_code(code))
        if row is None or not await invites.person_is_active(conn, row.person_kind, row.person_id):
            log.info("invite code rejected reason=unknown user_id=%d", telegram_user_id)
            return Redemption(Redeemed.INVALID)
        if row.redeemed_by_user_id not in (None, telegram_user_id):
            log.info("invite code rejected reason=reused user_id=%d", telegram_user_id)
            return Redemption(Redeemed.INVALID)
        current = await invites.linked_person(conn, row.person_kind, telegram_user_id)
        if current not in (None, row.person_id):
            log.info("invite code rejected reason=account_taken user_id=%d", telegram_user_id)
            return Redemption(Redeemed.ACCOUNT_TAKEN)
        outcome = Redeemed.ALREADY_LINKED if current == row.person_id else Redeemed.LINKED
        await invites.link_account(
            conn, row.person_kind, row.person_id, telegram_user_id, chat_id, now
        )
        await invites.mark_redeemed(conn, row.id, telegram_user_id, now)
        if outcome is Redeemed.LINKED and telegram_language in SUPPORTED_LANGUAGES:
            await invites.preselect_language(
                conn, row.person_kind, row.person_id, telegram_language
            )
        lookup = active_guardians if row.person_kind == PersonKind.GUARDIAN else active_staff
        people = await lookup(conn, person_id=row.person_id)
        # Just linked: the language picker is showing, so what waits follows the choice.
        await reachable_again(
            conn,
            row.person_kind,
            row.person_id,
            clock.now(),
            settled=outcome is Redeemed.ALREADY_LINKED,
        )
    log.info(
        "invite code redeemed kind=%s person_id=%d outcome=%s",
        row.person_kind,
        row.person_id,
        outcome.value,
    )
    return Redemption(outcome, people[0] if people else None)
