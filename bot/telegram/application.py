"""Build the PTB application against any Bot API server: Telegram, self-hosted or sandbox."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    ExtBot,
    JobQueue,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.bot_api_http import AiohttpRequest
from bot.config import Settings
from bot.domain.clock import Clock
from bot.i18n import Translations
from bot.services.unit_of_work import Database
from bot.telegram import (
    agreement_compose,
    agreements,
    booking,
    cant_come,
    contact,
    conversations,
    edited_messages,
    fallbacks,
    language_choice,
    meetings,
    onboarding,
    other_time,
    overview,
    private_only,
    pupil_card,
    questions,
    siblings,
    teacher,
    teacher_answers,
    teacher_hours,
    typed_input,
)
from bot.telegram.callback_data import handles
from bot.telegram.context import CONTEXT_TYPES, DEPS_KEY, BotContext, Dependencies
from bot.telegram.description import publish_descriptions
from bot.telegram.help import show_help
from bot.telegram.language_picker import ACTION as LANGUAGE_ACTION
from bot.telegram.menus import publish_menus
from bot.telegram.notification_kinds import RENDERERS
from bot.telegram.notifications import for_delivery
from bot.telegram.rate_limiter import SharedRateLimiter
from bot.translation_engines import engine_from
from scheduling.clock import start_scheduling, stop_scheduling

log = logging.getLogger(__name__)

# What `build_application` makes: the bot's own context and (plain dict) data, and a bot
# with the SharedRateLimiter (its per-request `rate_limit_args` is an int: the retries). PTB's
# builder keeps the job queue typed for its default context; the bot schedules with
# APScheduler itself (`scheduling/clock.py`) and never uses PTB's job queue.
BotApplication = Application[
    ExtBot[int],
    BotContext,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[Any],
]


def build_application(
    settings: Settings,
    clock: Clock,
    *,
    token: str | None = None,
    delivery_time_scale: float = 1.0,
) -> BotApplication:
    """The bot, ready for `run_polling` or for `async with` in the sandbox and tests.

    The database opens in `post_init` and closes in `post_shutdown`, so start-up and
    shutdown on Ctrl-C or SIGTERM leave it clean. Planning and delivery of notifications
    start and stop with it; `delivery_time_scale` shrinks Telegram's "second" for the
    sandbox's fast tests.
    """
    secret = token or (
        settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else None
    )
    if not secret:
        raise ValueError("a bot token is needed to build the application")
    api = settings.telegram_api_url
    translations = Translations(settings.default_language)
    limiter = SharedRateLimiter(max_retries=3)  # replies take turns from delivery's budget

    async def post_init(app: BotApplication) -> None:
        db = await Database.open(settings.database_path)
        app.bot_data[DEPS_KEY] = Dependencies(db, settings, clock, translations)
        await publish_menus(app.bot, db, translations)
        await publish_descriptions(app.bot, translations, settings.school_name)
        scheduling = await start_scheduling(
            app.bot_data,
            db=db,
            settings=settings,
            clock=clock,
            renderers=for_delivery(RENDERERS, settings, translations),
            token=secret,
            time_scale=delivery_time_scale,
            engine=engine_from(settings),
        )
        limiter.share(scheduling.deliverer.budget)
        log.info("bot started api=%s", api)

    async def post_shutdown(app: BotApplication) -> None:
        await stop_scheduling(app.bot_data)
        dependencies: Dependencies | None = app.bot_data.pop(DEPS_KEY, None)
        if dependencies is not None:
            await dependencies.db.close()
        log.info("bot stopped")

    app = (
        ApplicationBuilder()
        .token(secret)
        .context_types(CONTEXT_TYPES)
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .rate_limiter(limiter)
        # As PTB's own defaults: a pool for replies, one connection for long polling.
        .request(AiohttpRequest(connection_pool_size=256))
        .get_updates_request(AiohttpRequest())
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    # Before any flow, in this order: note where the update starts (for the error answer);
    # private chats with people only; an edited message is never new input.
    app.add_handler(TypeHandler(Update, fallbacks.note_update_start), group=fallbacks.FIRST_GROUP)
    app.add_handler(private_only.HANDLER, group=private_only.GROUP)
    app.add_handler(edited_messages.HANDLER, group=edited_messages.GROUP)
    app.add_handler(CommandHandler("start", onboarding.start))
    app.add_handler(CommandHandler("language", language_choice.show_picker))
    app.add_handler(CallbackQueryHandler(language_choice.choose, pattern=handles(LANGUAGE_ACTION)))
    app.add_handler(CommandHandler("talks", booking.talks))
    app.add_handler(CommandHandler("schedule", teacher.schedule))
    app.add_handler(CommandHandler("hours", teacher_hours.hours))
    app.add_handler(CommandHandler("newround", teacher_hours.new_round))
    app.add_handler(CommandHandler("answers", teacher_answers.answers))
    app.add_handler(CommandHandler("record", agreements.record))
    app.add_handler(CommandHandler("contact", contact.contact))
    app.add_handler(CommandHandler("help", show_help))
    app.add_handler(CommandHandler("overview", overview.overview))
    for handlers in (
        booking.HANDLERS,
        cant_come.HANDLERS,
        siblings.HANDLERS,
        other_time.HANDLERS,
        teacher.HANDLERS,
        teacher_hours.HANDLERS,
        questions.HANDLERS,
        pupil_card.HANDLERS,
        teacher_answers.HANDLERS,
        agreements.HANDLERS,
        agreement_compose.HANDLERS,
        conversations.HANDLERS,
        meetings.HANDLERS,
        typed_input.HANDLERS,
    ):
        app.add_handlers(handlers)
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, typed_input.typed))
    app.add_handler(MessageHandler(~filters.TEXT & ~filters.StatusUpdate.ALL, typed_input.not_text))
    app.add_handler(MessageHandler(filters.COMMAND, fallbacks.unknown_command))
    app.add_handler(CallbackQueryHandler(fallbacks.stale_button))  # after every button handler
    app.add_error_handler(fallbacks.on_error)
    return app


@asynccontextmanager
async def running(
    app: BotApplication, *, poll_timeout: float = 10.0
) -> AsyncIterator[BotApplication]:
    """Run the bot inside an event loop someone else owns (sandbox, tests).

    `run_polling` owns its loop and calls `post_init`/`post_shutdown` itself; this does the
    same steps in the same order for a loop that also serves the sandbox.
    """
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        if app.updater is None:
            raise RuntimeError("the application was built without an updater")
        await app.updater.start_polling(poll_interval=0.0, timeout=int(poll_timeout))
        await app.start()
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
