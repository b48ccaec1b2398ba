"""Invitation codes: unguessable, stable across `codes` runs, useless from a database dump.

A code is an HMAC of (person, generation) under a secret kept outside the database, so the
same letter can be printed again on any day; the database keeps only its SHA-256. Issuing
a fresh code bumps the generation, which revokes the old one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from bot.domain.person_kind import PersonKind

CODE_BYTES = 18  # 144 bits: far beyond guessing, 24 characters in a link
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{24}$")


def derive_code(secret: bytes, person_kind: PersonKind, person_id: int, generation: int) -> str:
    message = f"parentbot-invite:{person_kind}:{person_id}:{generation}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()[:CODE_BYTES]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def looks_like_code(text: str) -> bool:
    """Cheap shape check before touching the database with user input."""
    return bool(CODE_PATTERN.match(text))
