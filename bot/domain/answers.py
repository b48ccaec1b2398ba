"""A parent's answer to one pre-talk question, as the questionnaire and the teacher see it.

Plain data, so services and renderers can hold an answer without the database.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    text: str
    voice_file_id: str | None
    skipped: bool
