"""The child's card on a parent's phone: only where the child joins the talk, only for the
child's own parent, pictures as keys and the child's words as given; sent, it reaches the
teacher with that parent's answers; it is the child's personal data."""

from datetime import UTC, datetime

from bot.domain.bookings import Actor
from bot.domain.pupil_card import GOAL, NEEDS, CardAnswer, CardBand, CardGoal
from bot.domain.questions import JOINING
from bot.services import pupil_cards, questions
from bot.services.privacy import erase_person, export_person, purge_answers
from bot.services.year_plan import apply_plan
from tests.services.school_fixture import PLAN, load_school

USER = 7


async def _outbox(db, kind: str) -> list[tuple[int, str]]:
    sql = "SELECT recipient_id, params FROM outbox WHERE kind = ? AND status = 'pending'"
    async with db.read() as conn, conn.execute(sql, (kind,)) as cursor:
        return [(row[0], row[1]) async for row in cursor]


async def test_a_young_child_answers_with_pictures_and_a_voice_never_typed_words(
    db, clock, settings
):
    ids = await load_school(db, clock, settings.timezone)
    round_id, lina = await ids.round(), await ids.pupil("Lina")  # groep 4: joins, young
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    at = (round_id, lina)
    now = clock.now()
    card = await pupil_cards.open_card(db, rania, USER, round_id, lina, now)
    assert card is not None
    assert card.band is CardBand.YOUNG
    assert card.current is card.items[0]
    card = await pupil_cards.press_picture(db, rania, USER, at, "feeling", "good", now)
    assert card.answers["feeling"] == CardAnswer(("good",))
    assert card.current.key == "goes_well"  # one face answers and moves on
    for picture in ("reading", "music", "reading", "friends"):
        card = await pupil_cards.press_picture(db, rania, USER, at, "goes_well", picture, now)
    assert card.current.key == "goes_well"  # several pictures: it stays, for more
    assert card.answers["goes_well"].pictures == ("friends", "music")
    # A button of an earlier item, pressed later, changes nothing.
    late = await pupil_cards.press_picture(db, rania, USER, at, "feeling", "sad", now)
    assert late.answers["feeling"].pictures == ("good",)
    typed = await pupil_cards.give_words(db, rania, USER, at, "ik lees graag", None, now)
    assert typed.answers["goes_well"].text == ""  # no typing on a young child's card
    spoken = await pupil_cards.give_words(db, rania, USER, at, "", "voice-1", now)
    assert spoken.answers["goes_well"] == CardAnswer(("friends", "music"), "", "voice-1")
    assert spoken.current.key == "hard"
    skipped = await pupil_cards.go_on(db, rania, USER, at, "hard", now)
    assert skipped.answers["hard"].skipped
    back = await pupil_cards.go_to(db, rania, USER, at, None, now)
    assert back.current.key == "hard"
    again = await pupil_cards.open_card(db, rania, USER, round_id, lina, now)
    assert again.current.key == "ask"  # resumes at the first item not yet answered or skipped


async def test_the_card_is_offered_only_where_the_child_joins_and_to_their_own_parent(
    db, clock, settings
):
    ids = await load_school(db, clock, settings.timezone)
    round_id, now = await ids.round(), clock.now()
    fatima = Actor("guardian", await ids.guardian("Fatima El Amrani"))
    noor, lina = await ids.pupil("Noor"), await ids.pupil("Lina")  # groep 1/2: parents only
    assert await pupil_cards.open_card(db, fatima, USER, round_id, noor, now) is None
    stranger = Actor("guardian", await ids.guardian("Saskia Mulder"))
    assert await pupil_cards.open_card(db, stranger, USER, round_id, lina, now) is None
    teacher = Actor("staff", await ids.staff("Karim Bouzid"))
    assert await pupil_cards.open_card(db, teacher, USER, round_id, lina, now) is None
    async with db.transaction() as conn:  # what `pupil_card = "off"` in the plan stores
        await conn.execute("UPDATE rounds SET pupil_card = 'off' WHERE id = ?", (round_id,))
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    assert await pupil_cards.open_card(db, rania, USER, round_id, lina, now) is None


async def test_where_the_school_leaves_it_open_the_parents_yes_brings_the_card(db, clock, settings):
    ids = await load_school(db, clock, settings.timezone)
    open_plan = PLAN.read_text().replace("pupil_joins_from_grade = 4", "pupil_may_join = true", 1)
    await apply_plan(db, open_plan, clock=clock, tz=settings.timezone)
    round_id, noor, now = await ids.round(), await ids.pupil("Noor"), clock.now()
    fatima = Actor("guardian", await ids.guardian("Fatima El Amrani"))
    youssef = Actor("guardian", await ids.guardian("Youssef El Amrani"))
    assert await pupil_cards.open_card(db, youssef, USER, round_id, noor, now) is None
    q = await questions.open_questions(db, fatima, 1, round_id, noor, now)
    await questions.go_to(db, fatima, 1, round_id, noor, q.questions.index(JOINING) + 1, now)
    await questions.choose(db, fatima, 1, round_id, noor, JOINING.key, "yes", now)
    card = await pupil_cards.open_card(db, youssef, USER, round_id, noor, now)  # either parent
    assert card is not None
    assert card.band is CardBand.YOUNG


async def test_a_sent_card_reaches_the_teachers_with_the_goal_the_agreements_take(
    db, clock, settings
):
    ids = await load_school(db, clock, settings.timezone)
    round_id, kerem = await ids.round(), await ids.pupil("Kerem")  # groep 7/8: advice card
    zeynep = Actor("guardian", await ids.guardian("Zeynep Öztürk"))
    at, now = (round_id, kerem), clock.now()
    card = await pupil_cards.open_card(db, zeynep, USER, round_id, kerem, now)
    assert card.band is CardBand.ADVICE
    assert "school_feel" in [item.key for item in card.items]
    goal_at = [item.key for item in card.items].index(GOAL) + 1
    async with db.read() as conn:
        assert await pupil_cards.goal_of(conn, round_id, kerem) is None
    await pupil_cards.go_to(db, zeynep, USER, at, goal_at, now)
    await pupil_cards.press_picture(db, zeynep, USER, at, GOAL, "sums", now)
    await pupil_cards.go_to(db, zeynep, USER, at, goal_at, now)
    await pupil_cards.give_words(db, zeynep, USER, at, "Kesirleri öğrenmek", None, now)
    await pupil_cards.press_picture(db, zeynep, USER, at, NEEDS, "teacher", now)
    await pupil_cards.press_picture(db, zeynep, USER, at, NEEDS, "myself", now)
    async with db.read() as conn:  # not sent: the teacher sees nothing yet, nor its goal
        assert await pupil_cards.sent_cards(conn, round_id, kerem, "nl") == []
        assert await pupil_cards.goal_of(conn, round_id, kerem) is None
    sent = await pupil_cards.submit(db, zeynep, USER, at, now)
    assert sent.submitted_at == now
    async with db.read() as conn:
        goal = await pupil_cards.goal_of(conn, round_id, kerem)
    assert goal == CardGoal("Kesirleri öğrenmek", None, ("teacher", "myself"), "tr", ("sums",))
    ruben = await ids.staff("Ruben Prins")
    assert [recipient for recipient, _ in await _outbox(db, "answers")] == [ruben]
    async with db.read() as conn:
        cards = await pupil_cards.sent_cards(conn, round_id, kerem, "nl")
    assert [(c.guardian_name, c.answers[GOAL].text) for c in cards] == [
        ("Zeynep Öztürk", "Kesirleri öğrenmek")
    ]
    assert cards[0].written.source == "tr"


async def test_the_card_is_exported_and_erased_with_its_parent_and_purged_with_the_round(
    db, clock, settings
):
    ids = await load_school(db, clock, settings.timezone)
    round_id, now = await ids.round(), clock.now()
    lina, sem = await ids.pupil("Lina"), await ids.pupil("Sem")
    rania = Actor("guardian", await ids.guardian("Rania Haddad"))
    tom = Actor("guardian", await ids.guardian("Tom de Groot"))
    for parent, child in ((rania, lina), (tom, sem)):
        await pupil_cards.open_card(db, parent, USER, round_id, child, now)
        await pupil_cards.give_words(db, parent, USER, (round_id, child), "", "voice", now)
    exported = await export_person(db, f"g{rania.id}")
    assert [(row["item"], row["voice_file_id"]) for row in exported["pupil_cards"]] == [
        ("feeling", "voice")
    ]
    assert await erase_person(db, f"g{rania.id}", clock=clock, force=True)
    async with db.read() as conn:
        assert await pupil_cards.goal_of(conn, round_id, lina) is None
        sql = "SELECT guardian_id FROM pupil_card_items"
        async with conn.execute(sql) as cursor:
            assert [row[0] async for row in cursor] == [tom.id]
    await purge_answers(db, datetime(2027, 1, 1, tzinfo=UTC))
    async with db.read() as conn, conn.execute("SELECT count(*) FROM pupil_cards") as cursor:
        assert (await cursor.fetchone())[0] == 0
