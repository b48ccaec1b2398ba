"""The two kinds of people the bot writes to: parents (guardians) and school staff.

A `StrEnum`, so the value is what the database and the outbox store ("guardian", "staff").
"""

from __future__ import annotations

from enum import StrEnum


class PersonKind(StrEnum):
    GUARDIAN = "guardian"
    STAFF = "staff"
