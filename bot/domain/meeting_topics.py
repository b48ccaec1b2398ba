"""What each topic of an information meeting is about, in words every parent can read.

The texts are data, marked for translation and translated where they are shown: the
invitation states purpose and content, the summary for those who were absent gives the key
points, and everyone gets what they can do at home (seed 003).

They are written for the parents who gain most from these meetings: little Dutch, little
schooling of their own, new to the Dutch system. So: short sentences, common words, and a
Dutch school term only where parents will hear it at school, explained in the same line.
Each text stands alone (a line in a list), and none holds a placeholder. A school's own topic
has only a plain purpose: what it is about is in the school's own title.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.gettext_markers import N_
from bot.domain.meetings import MeetingTopic


@dataclass(frozen=True)
class _Texts:
    title: str
    purpose: str  # why this meeting, and for whom: in the invitation
    content: tuple[str, ...] = ()  # what is discussed: in the invitation
    key_points: tuple[str, ...] = ()  # the message itself: for those who were absent
    at_home: tuple[str, ...] = ()  # what to do at home: for every invited family


_TEXTS = {
    MeetingTopic.MILESTONES: _Texts(
        title=N_("Reading and arithmetic this school year"),
        purpose=N_(
            "The teacher explains what your child will learn this school year in reading and "
            "arithmetic, and how you can help at home. For parents of all groups."
        ),
        content=(
            N_("What your child will know and be able to do at the end of this school year."),
            N_("Why each step matters: it is the base for what comes next."),
            N_("How homework and extra practice work at our school."),
            N_("Easy and fun ways to practise reading and arithmetic at home."),
        ),
        key_points=(
            N_(
                "Every year your child takes the next steps: from letters to words and books, "
                "from counting to sums, the clock and money."
            ),
            N_(
                "Each step is the base for the next one. If a step is missed, your child can "
                "fall behind. A little practice every day helps."
            ),
            N_(
                "Every parent can help, whatever your own schooling or your Dutch. What matters "
                "most is that you show interest in your child's school work."
            ),
            N_(
                "Expect a lot of your child, but keep it realistic. When you believe your child "
                "can do it, your child tries harder."
            ),
            N_(
                "Homework and practice are important. Check that it is done, and stay close by "
                "while your child works."
            ),
            N_(
                "Home and school work best when they say the same. Ask the teacher what your "
                "child learns this year, or when something is not clear."
            ),
        ),
        at_home=(
            N_("Read together for 15 minutes every day. Reading in your own language helps too."),
            N_("Ask about the school day: what did you learn, what was fun, what was hard?"),
            N_(
                "Use numbers in daily life: count at the table, read the clock and the calendar, "
                "pay with coins in the shop."
            ),
            N_("Play board games and card games together: they train counting and thinking."),
            N_("Give your child a quiet place and a fixed time for homework, and stay close by."),
        ),
    ),
    MeetingTopic.WORK_ATTITUDE: _Texts(
        title=N_("Helping your child to work well at school"),
        purpose=N_(
            "You hear how your interest and praise help your child to work well at school. "
            "Especially for parents of group 3 and of children who are new at our school."
        ),
        content=(
            N_("Why you as a parent are so important, also if school was different for you."),
            N_("How interest, attention and praise help your child to do their best."),
            N_("Rewards that work: for effort and good habits, not only for good marks."),
            N_("How your child learns to plan, to keep going and to check their own work."),
        ),
        key_points=(
            N_(
                "Children copy their parents. When you show that learning matters, your child "
                "takes school more seriously."
            ),
            N_(
                "Show interest: ask what your child did at school, and listen. Children who "
                "often talk about school work better."
            ),
            N_(
                "Praise effort, not only results. “You worked hard on this!” helps more than "
                "“You are clever.”"
            ),
            N_(
                "A small reward for good habits can help: a game together or a visit to the "
                "library. It does not need to cost money."
            ),
            N_(
                "Have high but realistic expectations. Tell your child that you believe they can "
                "learn it."
            ),
            N_(
                "Speak well of the school and support the teacher's rules, so that home and "
                "school say the same."
            ),
        ),
        at_home=(
            N_("Ask about the school day every day, and listen to your child's story."),
            N_("Praise your child for trying hard and for not giving up."),
            N_("Agree on a fixed time and a quiet place for homework, without phone or TV."),
            N_("Let your child see you read, write or learn something new."),
            N_("Make a plan together: what first, what next. Check together when it is done."),
        ),
    ),
    MeetingTopic.SCHOOL_SYSTEM: _Texts(
        title=N_("The Dutch school system and the school advice"),
        purpose=N_(
            "How does school work in the Netherlands, and how is secondary school chosen? "
            "Especially for parents of group 3, of groups 7 and 8, and of children new at our "
            "school."
        ),
        content=(
            N_("The Dutch school system: from primary school to secondary school and beyond."),
            N_(
                "The important moments: the school advice (schooladvies) and the national test "
                "(doorstroomtoets) in group 8."
            ),
            N_(
                "The tests at our school, what we do with the results, and how we group pupils "
                "by level."
            ),
            N_("Who decides what, and what you as a parent can do."),
        ),
        key_points=(
            N_(
                "Children go to primary school until they are about 12. Group 8 is the last "
                "year. Then they go to secondary school until they are 16, 17 or 18."
            ),
            N_(
                "Secondary school has three main types: VMBO (4 years, practical and "
                "vocational), HAVO (5 years, leads to higher vocational education) and VWO "
                "(6 years, leads to university)."
            ),
            N_(
                "In group 8 the primary school gives the school advice (schooladvies): the type "
                "of secondary school that fits your child best."
            ),
            N_(
                "In group 8 your child also takes a national test, the doorstroomtoets. If the "
                "result is higher than the advice, the school looks at the advice again."
            ),
            N_(
                "The advice is based on several years of your child's work, not on one test. "
                "The school discusses it with you and your child."
            ),
            N_(
                "With the advice you sign your child up at a secondary school. After secondary "
                "school your child can study further."
            ),
        ),
        at_home=(
            N_("Talk about the future: what does your child like, what do they want to become?"),
            N_("Ask the teacher how your child is doing and what the next step is."),
            N_("In groups 7 and 8, visit the open days of secondary schools with your child."),
            N_("Keep reading and practising together at home: it helps in every school year."),
        ),
    ),
    MeetingTopic.OWN: _Texts(
        title=N_("Information meeting for parents"),
        purpose=N_("An information meeting of the school for parents."),
    ),
}


def topic_title(topic: MeetingTopic) -> str:
    """The title built from the topic, for readers without a title in their language."""
    return _TEXTS[topic].title


def purpose(topic: MeetingTopic) -> str:
    """Why the meeting is worth coming to, and for whom: the invitation's opening."""
    return _TEXTS[topic].purpose


def content(topic: MeetingTopic) -> tuple[str, ...]:
    """What is discussed, so parents know before they decide to come."""
    return _TEXTS[topic].content


def key_points(topic: MeetingTopic) -> tuple[str, ...]:
    """The meeting's message in a few lines, for the parents who could not come."""
    return _TEXTS[topic].key_points


def at_home(topic: MeetingTopic) -> tuple[str, ...]:
    """Concrete things to do at home: what every invited family takes away."""
    return _TEXTS[topic].at_home
