"""CPU per update: parentbot beside a bare python-telegram-bot echo bot, on the same double.

    .venv/bin/python bench/update_cost.py                 # 15 runs of 300 updates each
    .venv/bin/python bench/update_cost.py --runs 5 --updates 120
    .venv/bin/python bench/update_cost.py --profile profile.out   # where parentbot's time goes
    .venv/bin/python bench/update_cost.py --instructions --runs 5 --updates 30   # steady figures

Each bot runs in a process of its own, polling its own sandbox (bot/sandbox) served by this
process, so what is measured is the bot's CPU time only (its process: all its threads,
aiosqlite's included), never the double's or the driver's:

- the echo bot: an `Application` with one `MessageHandler` that replies with the text;
- parentbot: `build_application` on the example school (roster, staff, year plan) on a day
  its December round is open, with a linked parent who goes through what parents do most:
  `/talks`, "Choose a time for …" (the days), a day (the times), over and over;
- the floor: a bare PTB bot that makes exactly the Bot API calls parentbot makes for these
  updates, with parentbot's own texts and buttons (kept from its answers before the floor
  bot starts), and no logic: what any PTB bot doing this work costs. `over_floor` is then
  what parentbot's own work adds (finding the person, the database, the views).

A simulated person sends one update and waits for the bot's answer before the next. Runs
alternate (echo, parentbot's command and presses, the floor's, echo, …); each takes the
bot's CPU time (`process_time`, asked over a pipe) over a batch of updates, minus its idle rate
measured just before (long polling and the planner's minute tick), divided by the updates.
The median of the runs counts; the spread shows the noise of a shared machine (on the
2-core development machine single runs of the same bot differ by 30–50 %, so the default
takes 15 runs of 300 updates; `--instructions` gives figures that do not move). `bot` is a
parent's visit, one command to two presses; a press costs two Bot API calls (the answer
that stops the spinner, and the days or times), the echo one. parentbot logs as it does
when running (its level, to a file). The last line is:

    update_cost: echo_ms=… floor_ms=… bot_ms=… ratio=… floor_ratio=… over_floor=… runs=…

With `--instructions` each bot runs under valgrind's callgrind, which counts the
instructions of a batch instead (about fifty times slower, but the same count whatever else
the machine does, so small differences show): the line then reads `echo_minstr=…
floor_minstr=… bot_minstr=…` (millions of instructions per update).

With `--profile FILE` parentbot runs under cProfile during its batches only (its figures are
then inflated and no ratio is claimed); the top functions are printed and the stats saved.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import event_loop
from bot.config import load_settings
from bot.domain.clock import ManualClock
from bot.logging_setup import configure_logging
from bot.sandbox import Sandbox, SimUser
from bot.services.invitations import list_invitations
from bot.services.roster_import import import_roster
from bot.services.staff_import import import_staff
from bot.services.year_plan import apply_plan
from bot.storage.database import Database
from bot.telegram.application import build_application, running

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DURING_BOOKING = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday; the December round is open
PARENT = "Tom de Groot"  # one child (Sem) in the December round
SECRET = "bench-secret-key"
VIEWS_FILE = "views.json"  # parentbot's messages as it sent them, for the floor bot
IDLE_SECONDS = 0.5  # the idle window before each batch
SETTLE_SECONDS = 0.1  # after the last answer: the bot finishes the update and polls again
WARM_UP = 30  # updates of each kind before measuring
TIMEOUT = 30.0  # for one answer; a slow shared machine is not a failure
STARTUP_TIMEOUT = 600.0  # under valgrind, starting takes minutes
# The bot paces its messages at Telegram's limits (one a second per chat): its "second"
# lasts this many real seconds here, so one person's updates are not held back while the
# pacing still runs for each of them. The double's flood control is off for the same reason.
PACING_SCALE = 0.001


# -- the bots, each in its own process ------------------------------------------------------


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.message is not None and update.message.text:
        await update.message.reply_text(update.message.text)


def bare_application(api: str, token: str) -> Application:  # type: ignore[type-arg]
    """python-telegram-bot as it comes (httpx, asyncio's loop), on the double."""
    return (
        Application.builder()
        .token(token)
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .build()
    )


def echo_application(api: str, token: str) -> Application:  # type: ignore[type-arg]
    """The baseline: python-telegram-bot's echo bot, nothing more."""
    app = bare_application(api, token)
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


def floor_application(api: str, token: str, views: dict[str, Any]) -> Application:  # type: ignore[type-arg]
    """What Telegram makes any bot do for parentbot's updates, with parentbot's own texts and
    buttons (as it sent them to the driver) and no logic at all: /talks answers with the
    invitation; a press on the invitation is answered and the days follow as a new message,
    any other press is answered and its message becomes the times."""
    app = bare_application(api, token)
    html = {name: view["html"] for name, view in views.items()}
    keyboards = {
        name: InlineKeyboardMarkup.de_json(view["reply_markup"], app.bot)
        for name, view in views.items()
    }
    opening = views["invitation"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]

    async def talks(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(
            html["invitation"], parse_mode=ParseMode.HTML, reply_markup=keyboards["invitation"]
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        assert query.message is not None
        await query.answer()
        if query.data == opening:
            await query.message.reply_text(  # type: ignore[attr-defined]
                html["days"], parse_mode=ParseMode.HTML, reply_markup=keyboards["days"]
            )
        else:
            await query.edit_message_text(
                html["times"], parse_mode=ParseMode.HTML, reply_markup=keyboards["times"]
            )

    app.add_handler(CommandHandler("talks", talks))
    app.add_handler(CallbackQueryHandler(pressed))
    return app


@asynccontextmanager
async def echo_running(api: str, token: str, folder: Path | None = None) -> AsyncIterator[None]:
    if folder is None:
        app = echo_application(api, token)
    else:
        views = json.loads((folder / VIEWS_FILE).read_text(encoding="utf-8"))
        app = floor_application(api, token, views)
    async with app:
        if app.updater is None:
            raise RuntimeError("no updater")
        await app.updater.start_polling(poll_interval=0.0, timeout=10)
        await app.start()
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()


@asynccontextmanager
async def parentbot_running(api: str, token: str, folder: Path) -> AsyncIterator[None]:
    settings = load_settings(folder, database_path=folder / "bench.sqlite3")
    settings = settings.model_copy(update={"telegram_api_url": api})
    configure_logging(settings.log_level)  # as the bot logs when it runs (to the bench's file)
    clock = ManualClock(DURING_BOOKING)
    app = build_application(settings, clock, token=token, delivery_time_scale=PACING_SCALE)
    async with running(app, poll_timeout=10):
        yield


async def serve(kind: str, api: str, token: str, folder: Path, profile: Path | None) -> None:
    """Run one bot and answer the driver's lines on stdin: `cpu` (this process's CPU
    seconds), `on`/`off` (the profiler, with --profile); end of input stops the bot."""
    loop = asyncio.get_running_loop()
    commands = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(commands), sys.stdin)
    profiler = cProfile.Profile(time.thread_time) if profile is not None else None
    if kind == "echo":
        bot = echo_running(api, token)
    elif kind == "floor":
        bot = echo_running(api, token, folder)
    else:
        bot = parentbot_running(api, token, folder)
    async with bot:
        print("ready", flush=True)
        while line := (await commands.readline()).decode().strip():
            if line == "on" and profiler is not None:
                profiler.enable()
            elif line == "off" and profiler is not None:
                profiler.disable()
            print(f"{time.process_time():.6f}", flush=True)
    if profiler is not None and profile is not None:
        profiler.dump_stats(profile)


# -- the driver ------------------------------------------------------------------------------


@dataclass
class Bot:
    """A bot process seen from the driver: its sandbox, its person and its pipe."""

    name: str
    sandbox: Sandbox
    process: asyncio.subprocess.Process
    dumps: Path  # callgrind's dump files start with this, when counting instructions
    instructions: bool
    person: SimUser | None = None

    async def ask(self, command: str) -> float:
        """Send a line; the bot answers with its CPU seconds so far."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(f"{command}\n".encode())
        await self.process.stdin.drain()
        return float((await self.process.stdout.readline()).decode())

    async def window(self, work: Callable[[], Awaitable[object]]) -> float:
        """What the bot spent while `work` ran: CPU seconds, or instructions under
        callgrind (whose counters are zeroed, switched on, off and dumped around it)."""
        if not self.instructions:
            before = await self.ask("on")
            await work()
            return await self.ask("off") - before
        pid = str(self.process.pid)
        await callgrind("--zero", pid)
        await callgrind("--instr=on", pid)
        await work()
        await callgrind("--instr=off", pid)
        await callgrind("--dump", pid)
        return newest_total(self.dumps)

    async def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        await self.process.wait()


async def start_bot(
    name: str, sandbox: Sandbox, folder: Path, profile: Path | None, *, instructions: bool
) -> Bot:
    dumps = folder / f"callgrind.{name}"
    command = [sys.executable, __file__, "--serve", name, "--api", sandbox.api_url]
    command += ["--token", sandbox.token, "--folder", str(folder)]
    if profile is not None:
        command += ["--profile-to", str(profile)]
    if instructions:
        valgrind = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--quiet"]
        command = [*valgrind, f"--callgrind-out-file={dumps}", *command]
    process = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=(folder / f"{name}.log").open("wb"),  # the bot's log, as it would write it
        env={**os.environ, "PYTHONHASHSEED": "0"},  # the same dicts and sets every run
    )
    assert process.stdout is not None
    ready = await asyncio.wait_for(process.stdout.readline(), STARTUP_TIMEOUT)
    if ready.strip() != b"ready":
        log = (folder / f"{name}.log").read_text(errors="replace")
        raise RuntimeError(f"the {name} bot did not start:\n{log[-3000:]}")
    return Bot(name, sandbox, process, dumps, instructions)


async def callgrind(*args: str) -> None:
    """Steer the callgrind running a bot (`callgrind_control`, from valgrind)."""
    control = await asyncio.create_subprocess_exec(
        "callgrind_control",
        *args,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    if await control.wait() != 0:
        raise RuntimeError(f"callgrind_control {' '.join(args)} failed")


def newest_total(dumps: Path) -> float:
    """The instructions counted in callgrind's newest dump (its `totals:` line)."""
    files = sorted(dumps.parent.glob(f"{dumps.name}.*"), key=lambda f: f.stat().st_mtime_ns)
    totals = [line for line in files[-1].read_text().splitlines() if line.startswith("totals:")]
    if not totals:
        raise RuntimeError(f"no totals in {files[-1]}")
    return float(totals[0].split()[1])


async def prepare_school(folder: Path) -> str:
    """The example school on the day the December round is open; the parent's code."""
    clock = ManualClock(datetime(2026, 9, 1, 8, 0, tzinfo=UTC))
    settings = load_settings(folder, database_path=folder / "bench.sqlite3")
    db = await Database.open(settings.database_path)
    try:
        for importer, name in ((import_roster, "roster"), (import_staff, "staff")):
            data = (EXAMPLES / f"regenboog-{name}.csv").read_bytes()
            await importer(db, data, default_language="nl", clock=clock)
        plan = (EXAMPLES / "regenboog-plan-2026-2027.toml").read_text(encoding="utf-8")
        await apply_plan(db, plan, clock=clock, tz=settings.timezone)
        clock.set(DURING_BOOKING)
        found = await list_invitations(
            db, secret=settings.secret_key, bot_username="parentbot_sandbox_bot", clock=clock
        )
    finally:
        await db.close()
    return next(i.code for i in found if i.person.name == PARENT and i.person.kind == "guardian")


def echo_step(person: SimUser, n: int) -> Awaitable[object]:
    async def step() -> None:
        await person.send(f"Hello number {n}, is this the way to the talks?")
        await person.expect_message(timeout=TIMEOUT)

    return step()


def command_step(person: SimUser, n: int) -> Awaitable[object]:
    """/talks: the invitation with its buttons, as a new message."""

    async def step() -> None:
        await person.send("/talks")
        await person.expect_message(timeout=TIMEOUT)

    return step()


def press_step(invitation: int) -> Step:
    """ "Choose a time for Sem" on the invitation (the days, as a new message), then its
    first day (the times, in place of the days), over and over."""

    def press(person: SimUser, n: int) -> Awaitable[object]:
        async def step() -> None:
            if n % 2 == 0:
                await person.press(index=0, message_id=invitation)
            else:
                await person.press(index=0)  # the newest buttons: the days just shown
            await person.expect_message(timeout=TIMEOUT)

        return step()

    return press


Step = Callable[[SimUser, int], Awaitable[object]]


@dataclass(frozen=True)
class Series:
    """One kind of update sent to one bot, measured batch after batch."""

    name: str
    bot: Bot
    step: Step


async def batch(series: Series, updates: int) -> float:
    """What the bot spent per update over `updates` updates, less what it spends idle in
    as long (long polling, the planner's tick): CPU milliseconds, or millions of
    instructions."""
    bot, person = series.bot, series.bot.person
    assert person is not None

    async def work() -> None:
        for n in range(updates):
            await series.step(person, n)
        await asyncio.sleep(SETTLE_SECONDS)

    idle = await bot.window(lambda: asyncio.sleep(IDLE_SECONDS))
    started = time.perf_counter()
    busy = await bot.window(work)
    spent = busy - idle / IDLE_SECONDS * (time.perf_counter() - started)
    return spent / updates * (1e-6 if bot.instructions else 1000)


def double() -> Sandbox:
    """The Bot API double, with flood control off: what is measured is CPU, not waiting."""
    return Sandbox(time_scale=1.0, global_rate=0, per_chat_rate=0.0)


async def link_parent(bot: Bot, code: str) -> int:
    """The parent opens their link and asks for their talks; the invitation's message id."""
    assert bot.person is not None
    await bot.person.send(f"/start {code}")
    await bot.person.expect_message(timeout=TIMEOUT)
    return await open_invitation(bot)


async def open_invitation(bot: Bot) -> int:
    """/talks; the message id of the invitation it shows."""
    assert bot.person is not None
    await bot.person.send("/talks")
    invitation = await bot.person.expect_message(timeout=TIMEOUT)
    if not invitation.buttons:
        raise RuntimeError(f"no invitation to press on\n{bot.person.transcript()}")
    return invitation.message_id


async def keep_views(bot: Bot, invitation: int, folder: Path) -> None:
    """Write the invitation, the days and the times as parentbot sent them (its HTML and
    buttons), for the floor bot to send the same."""
    person = bot.person
    assert person is not None
    views: dict[str, Any] = {}
    message = person.find(invitation)
    for name in ("invitation", "days", "times"):
        if name != "invitation":
            await press_step(invitation)(person, 0 if name == "days" else 1)
            message = person.messages[-1]
        assert message is not None
        assert message.reply_markup is not None
        views[name] = {"html": message.html, "reply_markup": message.reply_markup}
    (folder / VIEWS_FILE).write_text(json.dumps(views), encoding="utf-8")


async def measure(
    runs: int, updates: int, folder: Path, profile: Path | None, *, instructions: bool
) -> str:
    os.environ["PARENTBOT_SECRET_KEY"] = SECRET  # the bot's codes match the driver's
    code = await prepare_school(folder)
    async with double() as echo_double, double() as floor_double, double() as bot_double:
        echo_bot = await start_bot("echo", echo_double, folder, None, instructions=instructions)
        parent_bot = await start_bot("bot", bot_double, folder, profile, instructions=instructions)
        floor_bot: Bot | None = None
        try:
            echo_bot.person = echo_double.create_user("Tom", language_code="nl")
            parent_bot.person = bot_double.create_user("Tom", language_code="nl")
            invitation = await link_parent(parent_bot, code)
            await keep_views(parent_bot, invitation, folder)
            floor_bot = await start_bot(
                "floor", floor_double, folder, None, instructions=instructions
            )
            floor_bot.person = floor_double.create_user("Tom", language_code="nl")
            floor_invitation = await open_invitation(floor_bot)
            all_series = [
                Series("echo", echo_bot, echo_step),
                Series("command", parent_bot, command_step),
                Series("press", parent_bot, press_step(invitation)),
                Series("floor_command", floor_bot, command_step),
                Series("floor_press", floor_bot, press_step(floor_invitation)),
            ]
            for series in all_series:  # warm-up: imports, caches, first connections
                for n in range(WARM_UP):
                    await series.step(series.bot.person, n)  # type: ignore[arg-type]
            load_before = os.getloadavg()[0]
            figures: dict[str, list[float]] = {series.name: [] for series in all_series}
            for _ in range(runs):
                for series in all_series:
                    figures[series.name].append(await batch(series, updates))
            load_after = os.getloadavg()[0]
        finally:
            await echo_bot.stop()
            await parent_bot.stop()
            if floor_bot is not None:
                await floor_bot.stop()
    # A parent's typical visit: /talks, then two presses (the days, a day's times).
    for visit, (command_of, press_of) in {
        "bot": ("command", "press"),
        "floor": ("floor_command", "floor_press"),
    }.items():
        figures[visit] = [
            (command + 2 * press) / 3
            for command, press in zip(figures[command_of], figures[press_of], strict=True)
        ]
    unit = "minstr" if instructions else "ms"
    for name, values in figures.items():
        shown = " ".join(f"{v:.2f}" for v in values)
        spread = (max(values) - min(values)) / statistics.median(values) * 100
        print(f"{name:>13} {unit}/update per run: {shown} (spread {spread:.0f}% of the median)")
    print(f"load average (1 min) before/after: {load_before:.2f}/{load_after:.2f}")
    mid = {name: statistics.median(values) for name, values in figures.items()}
    ratios = " ".join(f"{k}_ratio={mid[k] / mid['echo']:.2f}" for k in ("command", "press"))
    print(f"command_{unit}={mid['command']:.2f} press_{unit}={mid['press']:.2f} {ratios}")
    print(
        f"the floor (same calls, texts and buttons, no logic): visit {mid['floor']:.2f}, "
        f"/talks {mid['floor_command']:.2f}, press {mid['floor_press']:.2f} {unit}/update"
    )
    shown = f"echo_{unit}={mid['echo']:.2f} floor_{unit}={mid['floor']:.2f}"
    shown += f" bot_{unit}={mid['bot']:.2f}"
    if profile is not None:
        show_profile(profile)
        return f"update_cost: profiled (no ratio) {shown}"
    floor = (
        f"floor_ratio={mid['floor'] / mid['echo']:.2f} over_floor={mid['bot'] / mid['floor']:.2f}"
    )
    return f"update_cost: {shown} ratio={mid['bot'] / mid['echo']:.2f} {floor} runs={runs}"


def show_profile(path: Path) -> None:
    stats = pstats.Stats(str(path))
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="batches per bot (median taken)")
    parser.add_argument("--updates", type=int, default=300, help="updates per batch")
    parser.add_argument("--profile", type=Path, help="profile parentbot's batches into FILE")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions under valgrind's callgrind instead of CPU time (slow, steady)",
    )
    # The bot processes the driver starts:
    parser.add_argument("--serve", choices=("echo", "floor", "bot"), help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        os.chdir(args.folder)
        serving = serve(args.serve, args.api, args.token, args.folder, args.profile_to)
        if args.serve == "bot":
            event_loop.run(serving)  # the loop `parentbot run` runs the bot on
        else:
            asyncio.run(serving)  # bare PTB
        return 0
    profile = args.profile.resolve() if args.profile else None
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)  # no .env of the developer's, no secret written next to the code
        figures = measure(
            args.runs, args.updates, Path(folder), profile, instructions=args.instructions
        )
        line = asyncio.run(figures)
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
