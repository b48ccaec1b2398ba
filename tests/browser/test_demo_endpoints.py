"""The demo's own endpoints, as the page calls them; what the page never sends is refused."""

from __future__ import annotations

from datetime import datetime

import aiohttp

from bot.config import Settings
from tests.browser.conftest import Demo, demo_on_free_port


async def test_a_person_is_played_by_one_account_that_opened_their_link_once(demo: Demo) -> None:
    api = demo.sandbox.api_url
    karim = demo.invitation("Karim Bouzid").person
    async with aiohttp.ClientSession(api) as http:
        async with http.get("/sandbox/demo/people") as response:
            people = await response.json()
        async with http.post(f"/sandbox/demo/people/{karim.ref}/chat") as response:
            assert response.status == 201
            first = await response.json()
        async with http.post(f"/sandbox/demo/people/{karim.ref}/chat") as response:
            assert response.status == 200
            again = await response.json()
        async with http.post("/sandbox/demo/people/g9999/chat") as response:
            assert response.status == 404

    assert len(people) == len(demo.running.invitations)
    assert next(p for p in people if p["ref"] == karim.ref) == {
        "ref": karim.ref,
        "kind": "staff",
        "name": "Karim Bouzid",
        "language": "nl",
        "role": "teacher",
        "groups": ["4"],
        "children": [],
    }
    assert "code" not in people[0]  # the page opens links through the demo, never by code
    assert again == first
    assert (first["first_name"], first["last_name"]) == ("Karim", "Bouzid")
    user = demo.sandbox.user(first["id"])
    assert [m.text for m in user.history if not m.from_bot] == [
        f"/start {demo.invitation('Karim Bouzid').code}"
    ]


async def test_the_clock_moves_ahead_by_named_steps_only(demo: Demo) -> None:
    async with aiohttp.ClientSession(demo.sandbox.api_url) as http:
        async with http.get("/sandbox/demo/clock") as response:
            before = await response.json()
        async with http.post("/sandbox/demo/clock", json={"step": "day"}) as response:
            assert response.status == 200
            after = await response.json()
        async with http.post("/sandbox/demo/clock", json={"step": "back"}) as response:
            assert response.status == 400
            assert "hour, day, day-before-talk" in (await response.json())["error"]
        async with http.post("/sandbox/demo/clock", json={"step": "day-before-talk"}) as response:
            assert response.status == 409  # nobody booked yet
        json_type = {"Content-Type": "application/json"}
        for body in ("[]", '{"step": ["day"]}'):
            async with http.post("/sandbox/demo/clock", data=body, headers=json_type) as response:
                assert response.status == 400
        async with http.post("/sandbox/demo/clock", data="step=day") as response:
            assert response.status == 415  # a form from another website: refused

    assert before["timezone"] == after["timezone"] == "Europe/Amsterdam"
    moved = datetime.fromisoformat(after["now"]) - datetime.fromisoformat(before["now"])
    assert moved.days == 1


async def test_every_start_is_a_fresh_demo_school(settings: Settings) -> None:
    """Simulated accounts live in memory: a database kept from the last run would tie
    the people to accounts nobody plays any more, and their links would be refused."""
    async with demo_on_free_port(settings) as demo:
        demo.sandbox.create_user("Nobody")
        karim = demo.sandbox.create_user("Karim")
        await karim.start(demo.invitation("Karim Bouzid").code)
        await karim.expect_message(contains="Welkom, Karim Bouzid")
    async with demo_on_free_port(settings) as demo:
        karim = demo.sandbox.create_user("Karim")  # the first account of this run
        await karim.start(demo.invitation("Karim Bouzid").code)
        await karim.expect_message(contains="Welkom, Karim Bouzid")
