"""The questions parents answer before a talk, per kind of talk (seeds 000 and 001).

The sets are data: a school adjusts them here without touching a handler. Texts are
English source strings marked for translation with `N_` and translated when shown.

Where a question has typical answers, they are offered as buttons (`choices`), so a parent
with little Dutch answers with one press in their own language. A pressed answer is stored
as its key, never as text, so whoever reads it reads it in their own language; typing or
speaking an answer stays possible.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.domain.answers import Answer
from bot.domain.gettext_markers import N_
from bot.domain.rounds import RoundRules, TalkKind


@dataclass(frozen=True)
class Choice:
    """A typical answer, offered as a button.

    `key` is short lower-case ASCII: it travels in the button's callback data. For the
    interpreter question the key is a language code, named from CLDR in the reader's
    language; `text` is then only the fallback where CLDR has no name ("ber").
    """

    key: str
    text: str = ""


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    # About the home situation: an answer is flagged for the teacher. Its choices all say
    # there is nothing to tell, so a pressed answer is not flagged.
    sensitive: bool = False
    interpreter: bool = False  # the answer asks for an interpreter unless declined
    choices: tuple[Choice, ...] = ()


# Languages families at a Dutch primary school often need an interpreter for (Moroccan,
# Turkish, Polish, Ukrainian, Eritrean, Somali, Afghan/Iranian, Syrian/Iraqi Kurdish,
# Bulgarian and Romanian families, and English as a bridge); any other can be typed.
INTERPRETER = Question(
    "interpreter",
    N_("Would you like an interpreter at the talk? If so, for which language?"),
    interpreter=True,
    choices=(
        Choice("ar"),
        Choice("ber", N_("Berber (Tamazight)")),
        Choice("tr"),
        Choice("pl"),
        Choice("uk"),
        Choice("ti"),
        Choice("so"),
        Choice("fa"),
        Choice("ku"),
        Choice("bg"),
        Choice("ro"),
        Choice("en"),
    ),
)

JOINING = Question(
    "joining",
    N_("Will your child join the talk?"),
    choices=(
        Choice("yes", N_("Yes, my child will join")),
        Choice("no", N_("No, only the parents")),
        Choice("unsure", N_("Not sure yet")),
    ),
)

_GETS_ON = (
    Choice("well", N_("Well")),
    Choice("mostly", N_("Mostly well")),
    Choice("not_well", N_("Not so well")),
)
_NOTHING_AT_HOME = (Choice("nothing", N_("No, nothing special")),)

_START = (
    Question(
        "strengths", N_("What is fun, good or strong about your child? What are their interests?")
    ),
    Question(
        "home_approach",
        N_("What works well with your child at home? Maybe it works at school too."),
    ),
    Question("expectations", N_("What do you and your child expect of the coming school year?")),
    Question(
        "to_raise",
        N_("Is there anything we have not talked about yet that you want to raise?"),
        choices=(Choice("nothing", N_("No, nothing else")),),
    ),
    Question(
        "tips",
        N_("Do you have tips or advice for the teacher?"),
        choices=(Choice("none", N_("No, no tips")),),
    ),
    Question("compliment", N_("Do you have a compliment for the school or the teacher?")),
    Question(
        "home_situation",
        N_("Is there an important change at home that the teacher should know about?"),
        sensitive=True,
        choices=_NOTHING_AT_HOME,
    ),
)
_PROGRESS = (
    Question(
        "learning_home",
        N_("How does your child learn at home? Do you talk, play or read together?"),
    ),
    Question(
        "social_home",
        N_("How does your child get on with others at home and around the house?"),
        choices=_GETS_ON,
    ),
    Question(
        "motivation",
        N_("Does your child like going to school? How is their motivation?"),
        choices=(
            Choice("happy", N_("Happy to go")),
            Choice("mostly", N_("Mostly fine")),
            Choice("not_well", N_("Not so well")),
        ),
    ),
    Question("interests", N_("What are your child's interests and hobbies?")),
    Question("school_career", N_("What do you expect of your child's school career?")),
    Question(
        "circumstances",
        N_(
            "Is something special going on at home, such as illness, loss of a job, a wedding"
            " or a birth?"
        ),
        sensitive=True,
        choices=_NOTHING_AT_HOME,
    ),
    Question("to_discuss", N_("What would you like to talk about in the talk?")),
)
_ADVICE = (
    Question("secondary_wishes", N_("What do you expect and wish for secondary school?")),
    Question("child_hopes", N_("What interests your child, and what do they hope for?")),
    Question(
        "advice_questions",
        N_("Do you have questions about how the school advice is given?"),
        choices=(Choice("none", N_("No, no questions")),),
    ),
)

QUESTION_SETS: dict[TalkKind, tuple[Question, ...]] = {
    TalkKind.START: (*_START, INTERPRETER),
    TalkKind.PROGRESS: (*_PROGRESS, INTERPRETER),
    TalkKind.DEVELOPMENT: (*_PROGRESS, INTERPRETER),
    TalkKind.ADVICE: (*_ADVICE, INTERPRETER),
}

MAX_ANSWER = 2000  # characters; a longer answer is refused with the limit named


def questions_for(kind: TalkKind, *, ask_joining: bool = False) -> tuple[Question, ...]:
    """The set for a kind of talk; where the school leaves it open whether the pupil
    joins, that is asked too (just before the interpreter question)."""
    questions = QUESTION_SETS[kind]
    if not ask_joining:
        return questions
    return (*questions[:-1], JOINING, questions[-1])


def questions_of(round_: RoundRules) -> tuple[Question, ...]:
    """The questions the parents of this round answer."""
    return questions_for(round_.kind, ask_joining=round_.pupil_may_join)


# A stored answer that is a pressed choice: the marker, then the choice's key. Telegram
# text never starts with this control character, and `typed` strips it from any that does.
_CHOSEN = "\x1f"


def chosen(choice: Choice) -> Answer:
    """The answer a press on `choice` gives: its key, marked as a choice."""
    return Answer(_CHOSEN + choice.key, None, skipped=False)


def typed(text: str) -> Answer:
    """An answer typed by the parent: their own words, which can never pass for a choice."""
    return Answer(text.lstrip(_CHOSEN), None, skipped=False)


def chosen_key(answer: Answer) -> str | None:
    """The key of the button that gave this answer; None for anything else."""
    if answer.skipped or not answer.text.startswith(_CHOSEN):
        return None
    return answer.text.removeprefix(_CHOSEN)


def choice_of(question: Question, answer: Answer | None) -> Choice | None:
    """The choice an answer pressed, when it is one of this question's."""
    key = chosen_key(answer) if answer is not None else None
    return next((c for c in question.choices if c.key == key), None) if key else None


def words_of(answer: Answer | None) -> str | None:
    """The parent's own typed words, if that is what they answered: the text a teacher
    may want machine-translated."""
    if answer is None or answer.skipped or answer.voice_file_id or chosen_key(answer):
        return None
    return answer.text or None


def words_in(answers: Mapping[str, Answer]) -> list[str]:
    """Every typed answer among a parent's answers."""
    return [text for answer in answers.values() if (text := words_of(answer))]
