"""A talk's record: what was discussed, the agreements made and when to look back at them.

Plain data, so services and renderers can hold a record without the database. An
agreement's words are a phrasebook entry (written in each reader's language when shown) or
the teacher's own words (shown as written, marked, with a machine translation if any).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from bot.domain.gettext_markers import N_


@dataclass(frozen=True)
class Words:
    """What was agreed or is to be talked about: a phrase by key and parameters, or the
    teacher's own text in the language it was typed in."""

    text: str = ""  # the teacher's own words ('' for a phrase)
    language: str = "nl"  # the language of `text`
    phrase: str | None = None  # phrasebook key
    params: Mapping[str, object] = field(default_factory=dict)  # count, name

    @property
    def own(self) -> bool:
        return self.phrase is None

    def __bool__(self) -> bool:
        return bool(self.text) or self.phrase is not None


@dataclass(frozen=True)
class ChildGoal:
    """Marks the pupil's agreement that is the child's own goal (seed 002: the child sets
    it). Taken from the child's card, it keeps the card's pictures: what the goal is about
    and who can help (picture keys, read in each reader's language); typed by the teacher
    as the child said it, it has none."""

    topics: tuple[str, ...] = ()
    needs_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class Agreement:
    id: int
    owner: str  # pupil, parents or school
    words: Words
    due_on: date | None
    child_goal: ChildGoal | None = None  # set: the child's own goal (owner "pupil")


HOW_FAR, NEXT_STEP = "how_far", "next_step"


@dataclass(frozen=True)
class ChildAnswer:
    """An answer a child presses on the evaluation date to one of Hattie's feedback
    questions about their own goal (seed 002): stored by key, read by the child as emoji
    and a few words, and by the teacher in their own language."""

    key: str
    question: str  # HOW_FAR or NEXT_STEP
    emoji: str
    words: str


CHILD_QUESTIONS = {HOW_FAR: N_("How far am I?"), NEXT_STEP: N_("What is my next step?")}
CHILD_ANSWERS = (
    ChildAnswer("started", HOW_FAR, "🌱", N_("I just started")),
    ChildAnswer("on_my_way", HOW_FAR, "🌿", N_("I am on my way")),
    ChildAnswer("reached", HOW_FAR, "🌳", N_("I did it!")),
    ChildAnswer("keep_going", NEXT_STEP, "🔁", N_("Keep going")),
    ChildAnswer("a_bit_more", NEXT_STEP, "⬆️", N_("A bigger step")),
    ChildAnswer("new_goal", NEXT_STEP, "⭐", N_("A new goal")),
)
CHILD_ANSWER_BY_KEY = {answer.key: answer for answer in CHILD_ANSWERS}


@dataclass(frozen=True)
class Record:
    booking_id: int
    staff_id: int
    held: bool
    evaluate_on: date | None
    talking_points: Words
    follow_up: bool
    version: int
    agreements: tuple[Agreement, ...]
    follow_up_round_id: int | None = None

    @property
    def child_goal(self) -> Agreement | None:
        """The child's own goal, if the teacher recorded one."""
        return next((a for a in self.agreements if a.child_goal is not None), None)

    def own_words(self) -> list[Words]:
        """The parts in the teacher's own words: what a machine translation is wanted for."""
        parts = [a.words for a in self.agreements] + [self.talking_points]
        return [w for w in parts if w and w.own]


# Headings over an owner's agreements as staff (and the school's files) read them, and as
# the child's parents read them; translated where they are shown.
STAFF_OWNER_HEADINGS: Mapping[str, str] = {
    "pupil": N_("The pupil will:"),
    "parents": N_("The parents will:"),
    "school": N_("The teacher and the school will:"),
}
PARENT_OWNER_HEADINGS: Mapping[str, str] = {
    "pupil": N_("Your child will:"),
    "parents": N_("You as parents will:"),
    "school": N_("The teacher and the school will:"),
}
# How a parent marks an agreement on the evaluation date.
STATUS_LABELS: Mapping[str, str] = {
    "done": N_("Done"),
    "going_well": N_("Going well"),
    "attention": N_("Needs attention"),
}
