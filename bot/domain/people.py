"""A person the bot writes to, as the administrator and the greetings see them, and how a
teacher reaches a parent another way.

Plain data, so services and the Telegram layer can name a person without the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.person_kind import PersonKind


@dataclass(frozen=True)
class Person:
    kind: PersonKind
    id: int
    name: str
    language: str
    role: str  # guardian: relation to the child (may be ''); staff: their role
    children: tuple[str, ...]  # guardians: "Roepnaam Achternaam (group)"; staff: ()
    groups: tuple[str, ...]  # the groups of their children, or the groups they teach
    linked: bool

    @property
    def ref(self) -> str:
        """Short handle the administrator types, e.g. `g12` or `s3`."""
        return f"{self.kind[0]}{self.id}"


@dataclass(frozen=True)
class GuardianContact:
    """How a teacher can reach a parent when the bot cannot (or not yet)."""

    id: int
    name: str
    phone: str
    email: str
    household: str
    linked: bool  # opened their link
    unreachable: bool  # Telegram refuses them
