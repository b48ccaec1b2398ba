"""The school's phrasebook: the action points and talking points teachers choose from.

Written with the seeds' examples in mind (reading together, talking about school at home,
being on time, joining a club, extra instruction in a small group, a weekly check-in).
Plain language: short sentences, common words; `{count}` and `{name}` stay as they are in
every translation. Keys are stored with agreements: never change or reuse one.
"""

from __future__ import annotations

from bot.domain.phrasebook import N_, Area, Count, Nn_, Owner, Phrase


def _counted(
    key: str, area: Area, owner: Owner, forms: tuple[str, str], count: Count
) -> Phrase:
    return Phrase(key, area, owner, forms[0], forms[1], count)


AREA_LABELS: dict[Area, str] = {
    Area.READING: N_("Reading and language"),
    Area.ARITHMETIC: N_("Arithmetic"),
    Area.HOMEWORK: N_("Homework and planning"),
    Area.SOCIAL: N_("Getting on with others"),
    Area.MOTIVATION: N_("Motivation and attendance"),
    Area.HEALTH: N_("Sleep, health and screen time"),
    Area.TALENTS: N_("Interests and talents"),
    Area.SCHOOL_CAREER: N_("School career"),
    Area.TALKING: N_("Talking points for at home"),
}

PHRASES: tuple[Phrase, ...] = (
    _counted(
        "read_together",
        Area.READING,
        Owner.PARENTS,
        Nn_(
            "Read together with your child for {count} minute every day.",
            "Read together with your child for {count} minutes every day.",
        ),
        Count.MINUTES,
    ),
    Phrase(
        "read_book",
        Area.READING,
        Owner.PUPIL,
        N_("Read the book “{name}” at home and tell about it in class."),
    ),
    Phrase(
        "small_group_reading",
        Area.READING,
        Owner.SCHOOL,
        N_("Give extra reading lessons in a small group."),
    ),
)

BY_KEY: dict[str, Phrase] = {phrase.key: phrase for phrase in PHRASES}
