"""At least once: when Telegram delivers a message but its answer never reaches the bot,
that one message is sent again, and nothing else is repeated. Telegram has no idempotent
send, so this duplicate cannot be avoided; everything that cannot cause one, does not.

The sandbox holds the call until the test releases it, and the bot's client gives up on it
after a short read time-out, so the answer is lost on any machine, however fast or busy.
"""

from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from telegram import Bot
from telegram.error import NetworkError, TimedOut

from bot.bot_api_http import AiohttpRequest, answer_lost
from bot.i18n import Translations
from bot.sandbox import Fail, Hold, Sandbox
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from bot.telegram.notifications import for_delivery
from scheduling.delivery import Deliverer
from tests.conftest import EXAMPLES
from tests.scheduling.conftest import TEST_RENDERERS, TIME_SCALE, Post

# Long enough for any answer the sandbox gives, short enough not to keep the test waiting:
# only the held call ever runs into it.
READ_TIMEOUT = 3.0
PARENTS = ("Tom de Groot", "Sanne de Vries", "Fatima El Amrani")


@pytest.fixture
async def impatient_post(db, delivery_settings, clock) -> AsyncIterator[Post]:
    """As `post`, with a client that stops waiting for an answer after READ_TIMEOUT."""
    for importer, name in ((import_roster, "roster"), (import_staff, "staff")):
        data = (EXAMPLES / f"regenboog-{name}.csv").read_bytes()
        await importer(db, data, default_language="nl", clock=clock)
    async with Sandbox(time_scale=TIME_SCALE) as sandbox:
        api = sandbox.api_url
        request = AiohttpRequest(read_timeout=READ_TIMEOUT)
        async with Bot(
            sandbox.token, base_url=f"{api}/bot", base_file_url=f"{api}/file/bot", request=request
        ) as bot:
            deliverer = Deliverer(
                db,
                bot,
                delivery_settings,
                clock,
                for_delivery(TEST_RENDERERS, delivery_settings, Translations("nl")),
                time_scale=TIME_SCALE,
            )
            yield Post(db, sandbox, clock, deliverer)


async def test_a_lost_answer_repeats_that_one_message_and_nothing_else(impatient_post):
    post = impatient_post
    users = [await post.connect(name) for name in PARENTS]
    for name in PARENTS:
        await post.note(name, f"invitation for {name}")
    lost = Hold()
    post.sandbox.schedule("sendMessage", {2: lost})

    first = await post.deliverer.drain()  # the 2nd call is held until its answer times out
    assert (first.sent, first.retried, first.answers_lost) == (2, 1, 1)
    assert await post.status(f"invitation for {PARENTS[1]}") == "pending"
    lost.release.set()  # Telegram delivers it after all; the bot is no longer listening
    await users[1].expect_message(contains="invitation for Sanne")

    post.clock.advance(timedelta(minutes=1))  # past the back-off
    second = await post.deliverer.drain()
    assert (second.sent, second.answers_lost) == (1, 0)
    assert [len(user.messages) for user in users] == [1, 2, 1]
    assert {row["status"] for row in await post.rows()} == {"sent"}
    [row] = [r for r in await post.rows() if "Sanne" in r["params"]]
    assert "may have arrived" in row["last_error"]


async def test_what_telegram_refused_or_never_received_is_not_repeated(post):
    tom = await post.connect("Tom de Groot")
    await post.note("Tom de Groot", "invitation")
    post.sandbox.schedule("sendMessage", {1: Fail(502), 2: Fail(500)})
    for _ in range(3):
        report = await post.deliverer.drain()
        post.clock.advance(timedelta(minutes=1))
        assert report.answers_lost == 0
    assert [m.text for m in tom.messages] == ["invitation [en]"]


@pytest.mark.parametrize("status", ["Bad Gateway", "Internal Server Error (500)"])
def test_an_error_telegram_answered_with_is_no_lost_answer(status):
    assert not answer_lost(NetworkError(status))


@pytest.mark.parametrize(
    ("cause", "lost"),
    [
        (aiohttp.SocketTimeoutError("read"), True),  # sent, then no answer
        (TimeoutError(), True),  # the whole call took too long
        (aiohttp.ServerDisconnectedError(), True),
        (aiohttp.ClientOSError(104, "connection reset"), True),
        (aiohttp.ConnectionTimeoutError("connect"), False),  # nothing went out
    ],
)
def test_a_broken_exchange_is_a_lost_answer_unless_nothing_was_sent(cause, lost):
    error = TimedOut() if isinstance(cause, TimeoutError) else NetworkError("x")
    error.__cause__ = cause
    assert answer_lost(error) is lost


async def test_a_refused_connection_sent_nothing(unused_tcp_port):
    async with AiohttpRequest(connect_timeout=READ_TIMEOUT) as request:
        with pytest.raises(NetworkError) as refused:
            await request.post(f"http://127.0.0.1:{unused_tcp_port}/botTOKEN/sendMessage")
    assert isinstance(refused.value.__cause__, aiohttp.ClientConnectorError)
    assert not answer_lost(refused.value)
