"""The child's card before the talk (seed 002, kindgesprek): the pupil's own voice.

A parent fills it in with their child on the phone, one item at a time: what goes well
(+), what is hard (−), something the child wants to ask (?), a goal and who can help.
What the teacher may tell the parents (or not) is left to the talk: the parent holds the
phone, and the child must be free to say it. Older children in groep 7/8 also say
what they like and what kind of secondary school feels right (seed 001: level, profile,
atmosphere).

The card differs per grade band: young children (groep 1–4) answer with big pictures
only — no reading needed — and the parent may record them in a voice note; older ones
may also type a few words. A year plan may set the band per round (`pupil_card`).

Pictures are stored as keys, never as words, so the teacher reads them in their own
language; what the child says is kept as written or recorded: their own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.answers import Answer
from bot.domain.gettext_markers import N_
from bot.domain.questions import JOINING, Choice, choice_of

# The parents' answer that makes the child join where the school leaves it open.
JOINING_YES: Choice = next(c for c in JOINING.choices if c.key == "yes")


def said_joining(answer: Answer | None) -> bool:
    """Whether a parent's answer to the joining question is "yes, my child will join"."""
    return choice_of(JOINING, answer) == JOINING_YES


class CardBand(StrEnum):
    """Which card a child gets: by groep, or as the year plan says for a round."""

    YOUNG = "young"  # groep 1–4: pictures and faces, a voice note
    MIDDLE = "middle"  # groep 5–6: pictures and a few words
    ADVICE = "advice"  # groep 7–8: also interests and the secondary school that feels right


OFF = "off"  # the plan's `pupil_card = "off"`: no card for this round


def band_for(grade_low: int, plan_value: str | None = None) -> CardBand | None:
    """The card for a child of this groep; the plan's value for the round wins (None: the
    default per groep), and "off" means no card."""
    if plan_value == OFF:
        return None
    if plan_value:
        return CardBand(plan_value)
    if grade_low <= 4:
        return CardBand.YOUNG
    return CardBand.MIDDLE if grade_low <= 6 else CardBand.ADVICE


@dataclass(frozen=True)
class Picture:
    """A picture button: `key` is stored (short lower-case ASCII, it travels in callback
    data), `word` is what a reader of any language reads beside the emoji."""

    key: str
    emoji: str
    word: str


@dataclass(frozen=True)
class CardItem:
    """One item of the card. `child` is the question read to the child (who is addressed
    simply, "you"); `heading` is how the teacher sees it, about the child."""

    key: str
    child: str
    heading: str
    pictures: tuple[Picture, ...]
    several: bool = False  # pictures toggle (then Next); else one press answers and moves on


FACES = (
    Picture("great", "😀", N_("great")),
    Picture("good", "🙂", N_("good")),
    Picture("okay", "😐", N_("okay")),
    Picture("sad", "🙁", N_("not good")),
)

SCHOOL_THINGS = (
    Picture("reading", "📖", N_("reading")),
    Picture("sums", "🔢", N_("sums")),
    Picture("writing", "✏️", N_("writing")),
    Picture("friends", "🧑‍🤝‍🧑", N_("friends")),
    Picture("playing", "⚽", N_("playing and sports")),
    Picture("drawing", "🎨", N_("drawing and crafts")),
    Picture("music", "🎵", N_("music")),
    Picture("listening", "👂", N_("listening")),
    Picture("calm", "🪑", N_("sitting still")),
)

HELPERS = (
    Picture("teacher", "🧑‍🏫", N_("the teacher")),
    Picture("parents", "👪", N_("my parents")),
    Picture("myself", "🙋", N_("myself")),
)

INTERESTS = (
    Picture("sports", "⚽", N_("sports")),
    Picture("music", "🎵", N_("music")),
    Picture("art", "🎨", N_("art")),
    Picture("computers", "💻", N_("computers")),
    Picture("nature", "🌱", N_("nature and animals")),
    Picture("building", "🔧", N_("building and fixing")),
    Picture("reading", "📖", N_("reading")),
    Picture("caring", "🤝", N_("helping others")),
)

SCHOOL_LEVEL = (
    Picture("doing", "🛠️", N_("learning by doing")),
    Picture("mixed", "⚖️", N_("a bit of both")),
    Picture("books", "📚", N_("learning from books")),
    Picture("unsure", "🤷", N_("I don't know yet")),
)

SCHOOL_PROFILE = (
    Picture("technology", "🔧", N_("technology")),
    Picture("sports", "⚽", N_("sports")),
    Picture("arts", "🎨", N_("arts")),
    Picture("languages", "🗣️", N_("languages")),
    Picture("nature", "🌱", N_("nature")),
    Picture("care", "🤝", N_("care and people")),
)

SCHOOL_FEEL = (
    Picture("small", "🌿", N_("small and calm")),
    Picture("big", "🏙️", N_("big and busy")),
    Picture("near", "🏠", N_("close to home")),
    Picture("friends", "🧑‍🤝‍🧑", N_("where my friends go")),
)

FEELING = "feeling"
GOAL = "goal"
NEEDS = "needs"

_COMMON = (
    CardItem(
        FEELING,
        N_("How do you feel at school?"),
        N_("How I feel at school"),
        FACES,
    ),
    CardItem(
        "goes_well",
        N_("What goes well at school?"),
        N_("What goes well (+)"),
        SCHOOL_THINGS,
        several=True,
    ),
    CardItem(
        "hard",
        N_("What is hard at school?"),
        N_("What is hard (−)"),
        SCHOOL_THINGS,
        several=True,
    ),
    CardItem(
        "ask",
        N_("Is there something you want to ask the teacher?"),
        N_("Something I want to ask (?)"),
        SCHOOL_THINGS,
    ),
    CardItem(
        GOAL,
        N_("What do you want to get better at?"),
        N_("My goal"),
        SCHOOL_THINGS,
    ),
    CardItem(
        NEEDS,
        N_("Who can help you with that?"),
        N_("Who can help me"),
        HELPERS,
        several=True,
    ),
)

_ADVICE = (
    CardItem(
        "interests",
        N_("What do you like to do? What are you good at?"),
        N_("What I like and am good at"),
        INTERESTS,
        several=True,
    ),
    CardItem(
        "school_level",
        N_("How do you like to learn best?"),
        N_("How I like to learn (level)"),
        SCHOOL_LEVEL,
    ),
    CardItem(
        "school_profile",
        N_("What would you like to learn more about at your new school?"),
        N_("What I want to learn more about (profile)"),
        SCHOOL_PROFILE,
        several=True,
    ),
    CardItem(
        "school_feel",
        N_("What kind of school feels right for you?"),
        N_("A school that feels right (atmosphere)"),
        SCHOOL_FEEL,
        several=True,
    ),
)

CARDS: dict[CardBand, tuple[CardItem, ...]] = {
    CardBand.YOUNG: _COMMON,
    CardBand.MIDDLE: _COMMON,
    CardBand.ADVICE: (*_COMMON, *_ADVICE),
}

MAX_WORDS = 500  # characters the child's own words may take per item: a few words


def typing_allowed(band: CardBand) -> bool:
    """Young children answer with pictures and a recorded voice, never typed words."""
    return band is not CardBand.YOUNG


def item_of(band: CardBand, key: str) -> CardItem | None:
    return next((item for item in CARDS[band] if item.key == key), None)


def picture_of(item: CardItem, key: str) -> Picture | None:
    return next((p for p in item.pictures if p.key == key), None)


@dataclass(frozen=True)
class CardAnswer:
    """The child's answer to one item: pictures pressed (keys), and their own words typed
    or recorded. `skipped`: passed over without anything."""

    pictures: tuple[str, ...] = ()
    text: str = ""
    voice_file_id: str | None = None
    skipped: bool = False

    @property
    def given(self) -> bool:
        return bool(self.pictures or self.text or self.voice_file_id)


def toggled(answer: CardAnswer | None, item: CardItem, key: str) -> tuple[str, ...]:
    """The pictures after a press on `key`: on or off for an item of several, else just it;
    kept in the item's own order so every reader sees the same list."""
    before = set(answer.pictures) if answer else set()
    chosen = before ^ {key} if item.several else {key}
    return tuple(p.key for p in item.pictures if p.key in chosen)


@dataclass(frozen=True)
class CardGoal:
    """The child's goal as the agreements take it: their own words (`text`, in
    `language`) or a recording, the school things the goal is about (picture keys, read in
    the reader's language) and who the child says can help (`needs_from`: "teacher",
    "parents", "myself")."""

    text: str
    voice_file_id: str | None
    needs_from: tuple[str, ...]
    language: str
    topics: tuple[str, ...] = ()


def goal_from(answers: dict[str, CardAnswer], language: str) -> CardGoal | None:
    """The goal on a card, or None when the child named no goal in pictures or words (a
    helper alone is no goal; a goal only spoken is heard by the teacher, not written down)."""
    goal = answers.get(GOAL, CardAnswer())
    needs = answers.get(NEEDS, CardAnswer())
    if not (goal.pictures or goal.text):
        return None
    return CardGoal(goal.text, goal.voice_file_id, needs.pictures, language, goal.pictures)
