"""What Telegram shows about the bot before anyone writes: the description in an empty
chat ("What can this bot do?") and the short one on its profile and beside a shared link,
in each shipped language, naming the school.

Telegram refuses a description over 512 characters and a short one over 120. A long
school name could push a translation over, so each text is measured (in UTF-16, as
Telegram counts) and, when too long, given without the school's name.
"""

from __future__ import annotations

import gettext
import logging

from telegram import Bot
from telegram.error import TelegramError

from bot.i18n import Translations, isolate
from bot.languages import SUPPORTED_LANGUAGES
from bot.telegram.sending import utf16_length

log = logging.getLogger(__name__)

DESCRIPTION_LIMIT = 512
SHORT_DESCRIPTION_LIMIT = 120


def description(tr: gettext.NullTranslations, language: str, school: str) -> str:
    """The empty chat's text: what the bot is for, and how to begin."""
    body = tr.gettext(
        "Choose a time for your talk, answer the teacher's questions before it, and read the"
        " agreements after it — all in your own language. To begin, open the personal link"
        " in the letter from the school."
    )
    named = tr.gettext("This is the assistant for parent-teacher talks of {school}.").format(
        school=isolate(school, language)
    )
    return _fitting([f"{named}\n\n{body}", body], DESCRIPTION_LIMIT)


def short_description(tr: gettext.NullTranslations, language: str, school: str) -> str:
    """The profile's one line."""
    named = tr.gettext("Parent-teacher talks of {school}, in your language").format(
        school=isolate(school, language)
    )
    plain = tr.gettext("Parent-teacher talks, in your language")
    return _fitting([named, plain], SHORT_DESCRIPTION_LIMIT)


def _fitting(candidates: list[str], limit: int) -> str:
    """The first text within Telegram's limit; the last one is short in every language."""
    return next((text for text in candidates if utf16_length(text) <= limit), candidates[-1])


async def publish_descriptions(bot: Bot, translations: Translations, school: str) -> None:
    """Both descriptions per shipped language, and in the school's language for any other.

    Each is read first and set only when it changed: Telegram limits how often a bot's
    profile may change, and the bot starts often (every restart, every deployment). Best
    effort: the bot works without them, so a refusal or an outage is one line.
    """
    try:
        await _publish(bot, translations, school)
    except TelegramError as error:
        log.warning("descriptions not published (%s); the next start tries again", error.message)


async def _publish(bot: Bot, translations: Translations, school: str) -> None:
    for language in (*SUPPORTED_LANGUAGES, None):
        code = language or translations.default_language
        tr = translations.for_language(code)
        wanted = description(tr, code, school)
        if (await bot.get_my_description(language)).description != wanted:
            await bot.set_my_description(wanted, language_code=language)
        wanted = short_description(tr, code, school)
        if (await bot.get_my_short_description(language)).short_description != wanted:
            await bot.set_my_short_description(wanted, language_code=language)
