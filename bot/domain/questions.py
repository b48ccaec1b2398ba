"""The questions parents answer before a talk, per kind of talk (seeds 000 and 001).

The sets are data: a school adjusts them here without touching a handler. Texts are
English source strings marked for translation with `N_` and translated when shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.rounds import RoundRules, TalkKind


def N_(text: str) -> str:  # noqa: N802 - the standard gettext marker name
    """Mark a string for extraction; it is translated where it is shown."""
    return text


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    sensitive: bool = False  # about the home situation: flagged for the teacher
    interpreter: bool = False  # the answer asks for an interpreter unless declined


INTERPRETER = Question(
    "interpreter",
    N_("Would you like an interpreter at the talk? If so, for which language?"),
    interpreter=True,
)

JOINING = Question("joining", N_("Will your child join the talk?"))

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
        "to_raise", N_("Is there anything we have not talked about yet that you want to raise?")
    ),
    Question("tips", N_("Do you have tips or advice for the teacher?")),
    Question("compliment", N_("Do you have a compliment for the school or the teacher?")),
    Question(
        "home_situation",
        N_("Is there an important change at home that the teacher should know about?"),
        sensitive=True,
    ),
)
_PROGRESS = (
    Question(
        "learning_home",
        N_("How does your child learn at home? Do you talk, play or read together?"),
    ),
    Question(
        "social_home", N_("How does your child get on with others at home and around the house?")
    ),
    Question("motivation", N_("Does your child like going to school? How is their motivation?")),
    Question("interests", N_("What are your child's interests and hobbies?")),
    Question("school_career", N_("What do you expect of your child's school career?")),
    Question(
        "circumstances",
        N_(
            "Is something special going on at home, such as illness, loss of a job, a wedding"
            " or a birth?"
        ),
        sensitive=True,
    ),
    Question("to_discuss", N_("What would you like to talk about in the talk?")),
)
_ADVICE = (
    Question("secondary_wishes", N_("What do you expect and wish for secondary school?")),
    Question("child_hopes", N_("What interests your child, and what do they hope for?")),
    Question("advice_questions", N_("Do you have questions about how the school advice is given?")),
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
