"""School groups as Dutch administrations write them: "Groep 4", "1/2A", "groep 7-8", "8b".

One canonical spelling ("4", "1/2A", "7/8", "8B") makes re-imports and staff files match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_GROUP = re.compile(
    r"^(?:(?:groep|group|gr)\.?)?\s*(?P<grades>[1-8](?:\s*[/\-+&]\s*[1-8])*)\s*(?P<suffix>[a-z]?)$"
)


@dataclass(frozen=True, order=True)
class Group:
    name: str
    grade_low: int
    grade_high: int

    def __str__(self) -> str:
        return self.name

    @property
    def is_kleuters(self) -> bool:
        """Groep 1-2: the youngest, who do not read yet."""
        return self.grade_high <= 2


def parse_group(text: str) -> Group:
    """Parse a group as written in an export; ValueError says why it is not a group."""
    match = _GROUP.match(" ".join(text.split()).lower())
    if not match:
        raise ValueError(
            f"unknown group format {text.strip()!r} (expected e.g. 4, 1/2A, Groep 7/8)"
        )
    grades = [int(g) for g in re.split(r"[^1-8]+", match.group("grades")) if g]
    if grades != sorted(set(grades)) or grades[-1] - grades[0] != len(grades) - 1:
        raise ValueError(f"unknown group format {text.strip()!r} (grades must be consecutive)")
    name = "/".join(str(g) for g in grades) + match.group("suffix").upper()
    return Group(name=name, grade_low=grades[0], grade_high=grades[-1])
