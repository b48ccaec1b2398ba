"""The two kinds of people the bot writes to: parents (guardians) and school staff.

A `StrEnum`, so the value is what the database and the outbox store ("guardian", "staff").
"""

from __future__ import annotations

from enum import StrEnum


class PersonKind(StrEnum):
    GUARDIAN = "guardian"
    STAFF = "staff"


def parse_person_ref(ref: str) -> tuple[PersonKind, int] | None:
    """The person an administrator's reference names (`g12`, `s3`: the kind's first letter
    and the id, as `Person.ref` writes it); None when it is no such reference."""
    kind = next((kind for kind in PersonKind if kind[0] == ref[:1]), None)
    return (kind, int(ref[1:])) if kind is not None and ref[1:].isdigit() else None
