"""Who an account is, asked for every update: the active people linked to it, parent
before teacher, read with one statement for both kinds of person."""

from __future__ import annotations

import asyncio

import aiosqlite
import pytest

from bot.services.people import set_language, who_is
from tests.services.test_people import link, school  # noqa: F401 - the fixture


async def test_a_parent_who_is_also_a_teacher_is_both_parent_first(school, clock):  # noqa: F811
    await link(school, clock, 21, "Karim Bouzid", kind="staff")
    await link(school, clock, 21, "Linda Bakker")
    people = await who_is(school, 21)
    assert [(p.kind, p.name) for p in people] == [
        ("guardian", "Linda Bakker"),
        ("staff", "Karim Bouzid"),
    ]
    parent, teacher = people
    assert parent.children == ("Daan Bakker (1/2A)",)
    assert parent.role == "moeder"
    assert (teacher.role, teacher.groups) == ("teacher", ("4",))
    assert all(p.linked for p in people)


async def test_an_account_linked_to_nobody_is_nobody(school, clock):  # noqa: F811
    await link(school, clock, 22, "Linda Bakker")
    assert await who_is(school, 23) == []


async def test_who_is_reads_the_language_as_it_is_now(school, clock):  # noqa: F811
    await link(school, clock, 24, "Linda Bakker")
    assert [p.language for p in await who_is(school, 24)] == ["nl"]
    await set_language(school, 24, "ar", clock=clock)
    assert [p.language for p in await who_is(school, 24)] == ["ar"]


async def test_a_deactivated_parent_or_one_without_active_children_is_nobody(
    school,  # noqa: F811
    clock,
):
    await link(school, clock, 25, "Linda Bakker")
    async with school.transaction() as conn:
        await conn.execute("UPDATE pupils SET active = 0 WHERE first_name = 'Daan'")
    assert await who_is(school, 25) == []
    async with school.transaction() as conn:
        await conn.execute("UPDATE pupils SET active = 1 WHERE first_name = 'Daan'")
        await conn.execute("UPDATE guardians SET active = 0 WHERE name = 'Linda Bakker'")
    assert await who_is(school, 25) == []


async def test_who_is_takes_one_round_trip(school, clock, monkeypatch):  # noqa: F811
    await link(school, clock, 26, "Linda Bakker")
    trips: list[object] = []
    real = aiosqlite.Connection._execute

    async def counted(self, fn, *args, **kwargs):
        trips.append(fn)
        return await real(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    await who_is(school, 26)
    assert len(trips) == 1, trips  # one statement is a snapshot of its own: no BEGIN


async def test_who_is_never_reads_inside_another_tasks_open_transaction(school, clock):  # noqa: F811
    """The shared connection is the writers' too: a write not yet committed is not seen."""
    await link(school, clock, 27, "Linda Bakker")
    written, release = asyncio.Event(), asyncio.Event()

    async def writer() -> None:
        async with school.transaction() as conn:
            await conn.execute("UPDATE guardians SET active = 0 WHERE name = 'Linda Bakker'")
            written.set()
            await release.wait()
            raise RuntimeError("rolled back")

    task = asyncio.create_task(writer())
    await written.wait()
    asking = asyncio.create_task(who_is(school, 27))
    await asyncio.sleep(0)
    assert not asking.done()  # waits for the writer's unit to end
    release.set()
    with pytest.raises(RuntimeError):
        await task
    assert [p.name for p in await asking] == ["Linda Bakker"]
