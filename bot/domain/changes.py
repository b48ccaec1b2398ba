"""What an import changes, worked out before anything is written.

Computing the plan purely lets `--dry-run` show exactly what a real run would do, and lets
a re-import of the same file be recognised as "no change".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import Field, dataclass, field, replace
from typing import Any, ClassVar, Generic, Protocol, TypeVar

K = TypeVar("K")
R = TypeVar("R")


@dataclass(frozen=True)
class Known(Generic[R]):
    """A record as stored, and whether it is active."""

    record: R
    active: bool


@dataclass
class Changes(Generic[K, R]):
    added: dict[K, R] = field(default_factory=dict)
    updated: dict[K, R] = field(default_factory=dict)
    unchanged: list[K] = field(default_factory=list)
    deactivated: list[K] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.updated or self.deactivated)

    def summary(self) -> str:
        return (
            f"added {len(self.added)}, updated {len(self.updated)}, "
            f"deactivated {len(self.deactivated)}, unchanged {len(self.unchanged)}"
        )


def plan_changes(current: Mapping[K, Known[R]], incoming: Mapping[K, R]) -> Changes[K, R]:
    """Compare stored records with a new file; returning records are reactivated (updated)."""
    changes: Changes[K, R] = Changes()
    for key, record in incoming.items():
        known = current.get(key)
        if known is None:
            changes.added[key] = record
        elif known.record != record or not known.active:
            changes.updated[key] = record
        else:
            changes.unchanged.append(key)
    changes.deactivated = [k for k, known in current.items() if known.active and k not in incoming]
    return changes


class HasLanguage(Protocol):
    """A (frozen) dataclass record with a language; read-only, so frozen records match."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @property
    def language(self) -> str: ...

    @property
    def language_known(self) -> bool: ...


L = TypeVar("L", bound=HasLanguage)


def keep_stored_languages(
    incoming: Mapping[K, L], current: Mapping[K, Known[L]], chosen: set[K]
) -> dict[K, L]:
    """The file's people, but with the stored language wherever it outranks the file's:
    chosen by the person in Telegram, or pre-selected from Telegram when the file named none.
    """
    return {
        key: replace(record, language=current[key].record.language)
        if key in current and (key in chosen or not record.language_known)
        else record
        for key, record in incoming.items()
    }
