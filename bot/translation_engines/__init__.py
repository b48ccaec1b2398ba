"""The machine-translation engines, chosen by the settings (`TRANSLATION_ENGINE`).

Only the composition (`bot.telegram.application`) picks one; the rest of the bot sees the
`TranslationEngine` boundary in `bot.domain.machine_translation`.
"""

from __future__ import annotations

from bot.config import Settings
from bot.domain.machine_translation import TranslationEngine
from bot.translation_engines.deepl import DeepL
from bot.translation_engines.libretranslate import LibreTranslate


def engine_from(settings: Settings) -> TranslationEngine | None:
    """The configured engine, or None when machine translation is off."""
    key = settings.translation_api_key.get_secret_value() if settings.translation_api_key else None
    timeout = settings.translation_timeout_seconds
    if settings.translation_engine == "libretranslate" and settings.translation_url:
        return LibreTranslate(settings.translation_url, api_key=key, timeout=timeout)
    if settings.translation_engine == "deepl" and key:
        return DeepL(key, server_url=settings.translation_url, timeout=timeout)
    return None
